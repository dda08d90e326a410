//! Step 8: how long an expediente may stay at a unidad. Días hábiles exclude weekends and the
//! feriados an administrator keeps (DECISIONS.md, "Días hábiles"); each tipo de trámite may set
//! its own threshold (`plazo_dias`, empty for the default of 10 días hábiles).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Feriado::Table)
                // The province's calendar date, `aaaa-mm-dd`: text compares and sorts the same
                // on both databases.
                .col(
                    ColumnDef::new(Feriado::Fecha)
                        .string_len(10)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Feriado::Nombre).string_len(200).not_null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(TipoTramite::Table)
                .add_column(ColumnDef::new(TipoTramite::PlazoDias).integer().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(TipoTramite::Table)
                .drop_column(TipoTramite::PlazoDias)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Feriado::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Feriado {
    Table,
    Fecha,
    Nombre,
}

#[derive(DeriveIden)]
enum TipoTramite {
    Table,
    PlazoDias,
}
