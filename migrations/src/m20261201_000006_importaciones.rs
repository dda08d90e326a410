//! Step 5: CSV import jobs live in the database, so any app server can report a job's
//! progress and hand out its temporary passwords, and a restart loses nothing. The passwords
//! (`claves`, the CSV of the one download) are cleared at that download or one hour after the
//! job ends, whichever comes first.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Importacion::Table)
                .col(
                    ColumnDef::new(Importacion::Id)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Importacion::DuenoId)
                        .big_integer()
                        .not_null(),
                )
                // EN_CURSO, TERMINADA or FALLIDA.
                .col(
                    ColumnDef::new(Importacion::Estado)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(Importacion::Total).big_integer().not_null())
                .col(ColumnDef::new(Importacion::Hechos).big_integer().not_null())
                .col(ColumnDef::new(Importacion::Mensaje).text().null())
                .col(ColumnDef::new(Importacion::Claves).text().null())
                .col(
                    ColumnDef::new(Importacion::CreadoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                // Written every few seconds by the server running the job.
                .col(
                    ColumnDef::new(Importacion::LatidoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Importacion::TerminadoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Importacion::DescargadoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Importacion::Table, Importacion::DuenoId)
                        .to(Usuario::Table, Usuario::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Importacion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Importacion {
    Table,
    Id,
    DuenoId,
    Estado,
    Total,
    Hechos,
    Mensaje,
    Claves,
    CreadoEn,
    LatidoEn,
    TerminadoEn,
    DescargadoEn,
}

#[derive(DeriveIden)]
enum Usuario {
    Table,
    Id,
}
