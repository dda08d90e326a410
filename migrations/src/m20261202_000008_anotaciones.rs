//! Step 7: anotaciones on expedientes (DOMAIN.md, "Annotations, escritos, historial"). A note
//! keeps its current text here; every text an edit replaced is a row of `anotacion_revision`.
//! Removal is logical: the row stays with who removed it, when and why.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Anotacion::Table)
                .col(
                    ColumnDef::new(Anotacion::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Anotacion::ExpedienteId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Anotacion::Texto).text().not_null())
                // PUBLICA or UNIDAD.
                .col(
                    ColumnDef::new(Anotacion::Visibilidad)
                        .string_len(10)
                        .not_null(),
                )
                .col(ColumnDef::new(Anotacion::AutorId).big_integer().not_null())
                // The writer's unidad (for an administrator, the one holding the expediente).
                .col(ColumnDef::new(Anotacion::UnidadId).big_integer().not_null())
                .col(
                    ColumnDef::new(Anotacion::CreadoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Anotacion::EditadoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                // Who wrote the current text, when it is not the first one (an administrator
                // may edit a note too).
                .col(ColumnDef::new(Anotacion::EditadoPor).big_integer().null())
                .col(ColumnDef::new(Anotacion::Version).integer().not_null())
                .col(
                    ColumnDef::new(Anotacion::Eliminada)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ColumnDef::new(Anotacion::EliminadaPor).big_integer().null())
                .col(
                    ColumnDef::new(Anotacion::EliminadaEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(Anotacion::MotivoEliminacion).text().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Anotacion::Table, Anotacion::ExpedienteId)
                        .to(Expediente::Table, Expediente::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Anotacion::Table, Anotacion::AutorId)
                        .to(Usuario::Table, Usuario::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Anotacion::Table, Anotacion::UnidadId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_anotacion_expediente")
                .table(Anotacion::Table)
                .col(Anotacion::ExpedienteId)
                .col(Anotacion::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AnotacionRevision::Table)
                .col(
                    ColumnDef::new(AnotacionRevision::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AnotacionRevision::AnotacionId)
                        .big_integer()
                        .not_null(),
                )
                // The version the note had while this was its text.
                .col(
                    ColumnDef::new(AnotacionRevision::Version)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(AnotacionRevision::Texto).text().not_null())
                // Who wrote this text and when (the creation, or the edit that brought it).
                .col(
                    ColumnDef::new(AnotacionRevision::EscritaPor)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AnotacionRevision::EscritaEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AnotacionRevision::Table, AnotacionRevision::AnotacionId)
                        .to(Anotacion::Table, Anotacion::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_anotacion_revision")
                .table(AnotacionRevision::Table)
                .col(AnotacionRevision::AnotacionId)
                .col(AnotacionRevision::Version)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AnotacionRevision::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Anotacion::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Anotacion {
    Table,
    Id,
    ExpedienteId,
    Texto,
    Visibilidad,
    AutorId,
    UnidadId,
    CreadoEn,
    EditadoEn,
    EditadoPor,
    Version,
    Eliminada,
    EliminadaPor,
    EliminadaEn,
    MotivoEliminacion,
}

#[derive(DeriveIden)]
enum AnotacionRevision {
    Table,
    Id,
    AnotacionId,
    Version,
    Texto,
    EscritaPor,
    EscritaEn,
}

#[derive(DeriveIden)]
enum Expediente {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Usuario {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Unidad {
    Table,
    Id,
}
