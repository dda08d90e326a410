//! Step 3: when an expediente arrived at the unidad that holds it (the bandeja's age and
//! sorting), pases awaiting reception in sending order, and the signed checkpoints of the event log's chain heads (DECISIONS.md).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Expediente::Table)
                .add_column(
                    ColumnDef::new(Expediente::EnUnidadDesde)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        // Existing rows: the best known approximation is the last change.
        m.exec_stmt(
            Query::update()
                .table(Expediente::Table)
                .value(
                    Expediente::EnUnidadDesde,
                    Expr::col(Expediente::ActualizadoEn),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_expediente_bandeja")
                .table(Expediente::Table)
                .col(Expediente::UnidadActualId)
                .col(Expediente::Estado)
                .col(Expediente::EnUnidadDesde)
                .to_owned(),
        )
        .await?;

        // Pases awaiting a unidad's reception, oldest first, without sorting them each time.
        m.drop_index(
            Index::drop()
                .name("ix_pase_destino_estado")
                .table(Pase::Table)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pase_bandeja")
                .table(Pase::Table)
                .col(Pase::DestinoUnidadId)
                .col(Pase::Estado)
                .col(Pase::EnviadoEn)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PuntoControl::Table)
                .col(
                    ColumnDef::new(PuntoControl::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(PuntoControl::HastaEventoId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PuntoControl::Cadenas)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PuntoControl::Resumen)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PuntoControl::FirmaAnterior)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PuntoControl::Firma)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PuntoControl::CreadoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PuntoControl::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("ix_pase_bandeja")
                .table(Pase::Table)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_pase_destino_estado")
                .table(Pase::Table)
                .col(Pase::DestinoUnidadId)
                .col(Pase::Estado)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("ix_expediente_bandeja")
                .table(Expediente::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Expediente::Table)
                .drop_column(Expediente::EnUnidadDesde)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Expediente {
    Table,
    EnUnidadDesde,
    ActualizadoEn,
    UnidadActualId,
    Estado,
}

#[derive(DeriveIden)]
enum Pase {
    Table,
    DestinoUnidadId,
    Estado,
    EnviadoEn,
}

#[derive(DeriveIden)]
enum PuntoControl {
    Table,
    Id,
    HastaEventoId,
    Cadenas,
    Resumen,
    FirmaAnterior,
    Firma,
    CreadoEn,
}
