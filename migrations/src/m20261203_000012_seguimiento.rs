//! Step 8: *seguimiento* (DOMAIN.md, "Queries and registry"). A user follows expedientes they
//! may see; each row keeps the expediente's `actualizado_en` as the user last saw it, so the
//! list tells which changed since their last visit without reading any historial.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Seguimiento::Table)
                .col(
                    ColumnDef::new(Seguimiento::UsuarioId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Seguimiento::ExpedienteId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Seguimiento::CreadoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                // The expediente's `actualizado_en` the last time this user opened it.
                .col(
                    ColumnDef::new(Seguimiento::VistoActualizadoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(Seguimiento::UsuarioId)
                        .col(Seguimiento::ExpedienteId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Seguimiento::Table, Seguimiento::UsuarioId)
                        .to(Usuario::Table, Usuario::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Seguimiento::Table, Seguimiento::ExpedienteId)
                        .to(Expediente::Table, Expediente::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Seguimiento::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Seguimiento {
    Table,
    UsuarioId,
    ExpedienteId,
    CreadoEn,
    VistoActualizadoEn,
}

#[derive(DeriveIden)]
enum Usuario {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Expediente {
    Table,
    Id,
}
