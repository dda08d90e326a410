//! Step 4: documents (archivos) of an expediente and their versions. The bytes live in the
//! storage layer, addressed by SHA-256; these tables hold what the bytes are and where they
//! sit in the expediente's fojas.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Documento::Table)
                .col(
                    ColumnDef::new(Documento::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Documento::ExpedienteId)
                        .big_integer()
                        .not_null(),
                )
                // The current version, copied here so lists need no join.
                .col(ColumnDef::new(Documento::Version).integer().not_null())
                .col(ColumnDef::new(Documento::Nombre).string().not_null())
                .col(ColumnDef::new(Documento::Tipo).string().not_null())
                .col(ColumnDef::new(Documento::Tamano).big_integer().not_null())
                .col(ColumnDef::new(Documento::Sha256).string_len(64).not_null())
                .col(ColumnDef::new(Documento::Paginas).integer().not_null())
                .col(ColumnDef::new(Documento::FojaDesde).integer().not_null())
                .col(ColumnDef::new(Documento::FojaHasta).integer().not_null())
                .col(
                    ColumnDef::new(Documento::Sellado)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(Documento::SelladoPaseId)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(Documento::Eliminado)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ColumnDef::new(Documento::MotivoEliminacion).text().null())
                .col(ColumnDef::new(Documento::EliminadoPor).big_integer().null())
                .col(
                    ColumnDef::new(Documento::EliminadoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Documento::SubidoPor)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Documento::SubidoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Documento::Table, Documento::ExpedienteId)
                        .to(Expediente::Table, Expediente::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_documento_expediente")
                .table(Documento::Table)
                .col(Documento::ExpedienteId)
                .col(Documento::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DocumentoVersion::Table)
                .col(
                    ColumnDef::new(DocumentoVersion::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(DocumentoVersion::DocumentoId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DocumentoVersion::Version)
                        .integer()
                        .not_null(),
                )
                .col(ColumnDef::new(DocumentoVersion::Nombre).string().not_null())
                .col(ColumnDef::new(DocumentoVersion::Tipo).string().not_null())
                .col(
                    ColumnDef::new(DocumentoVersion::Tamano)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DocumentoVersion::Sha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DocumentoVersion::Paginas)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DocumentoVersion::SubidoPor)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(DocumentoVersion::SubidoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentoVersion::Table, DocumentoVersion::DocumentoId)
                        .to(Documento::Table, Documento::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_documento_version")
                .table(DocumentoVersion::Table)
                .col(DocumentoVersion::DocumentoId)
                .col(DocumentoVersion::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        // The storage check walks every stored object once.
        m.create_index(
            Index::create()
                .name("ix_documento_version_sha256")
                .table(DocumentoVersion::Table)
                .col(DocumentoVersion::Sha256)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DocumentoVersion::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Documento::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Expediente {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Documento {
    Table,
    Id,
    ExpedienteId,
    Version,
    Nombre,
    Tipo,
    Tamano,
    Sha256,
    Paginas,
    FojaDesde,
    FojaHasta,
    Sellado,
    SelladoPaseId,
    Eliminado,
    MotivoEliminacion,
    EliminadoPor,
    EliminadoEn,
    SubidoPor,
    SubidoEn,
}

#[derive(DeriveIden)]
enum DocumentoVersion {
    Table,
    Id,
    DocumentoId,
    Version,
    Nombre,
    Tipo,
    Tamano,
    Sha256,
    Paginas,
    SubidoPor,
    SubidoEn,
}
