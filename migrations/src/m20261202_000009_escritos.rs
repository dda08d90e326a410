//! Step 7: escritos (DOMAIN.md, "Annotations, escritos, historial"; DECISIONS.md, "Escrito
//! numbers"). An escrito is written by a mesa de entrada and emitted to destination unidades,
//! each with one receipt row. Its number comes from a counter row per (tipo, organismo, year).
//! `numero`, `emitido_en` and `sha256` are empty only for a draft (`estado = 'BORRADOR'`). A
//! mesa keeps named listas de difusión of destinations.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Escrito::Table)
                .col(
                    ColumnDef::new(Escrito::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(Escrito::Estado).string_len(10).not_null())
                .col(ColumnDef::new(Escrito::Numero).string().null().unique_key())
                .col(ColumnDef::new(Escrito::Tipo).string_len(10).not_null())
                .col(ColumnDef::new(Escrito::Titulo).string_len(200).not_null())
                .col(ColumnDef::new(Escrito::Cuerpo).text().not_null())
                .col(ColumnDef::new(Escrito::ExpedienteId).big_integer().null())
                .col(ColumnDef::new(Escrito::EnRespuestaA).big_integer().null())
                .col(ColumnDef::new(Escrito::UnidadId).big_integer().not_null())
                .col(
                    ColumnDef::new(Escrito::OrganismoId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Escrito::AutorId).big_integer().not_null())
                .col(
                    ColumnDef::new(Escrito::CreadoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Escrito::EmitidoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(Escrito::Sha256).string_len(64).null())
                // A draft's destinations as written (JSON), until it is emitted.
                .col(ColumnDef::new(Escrito::BorradorDestinos).text().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Escrito::Table, Escrito::ExpedienteId)
                        .to(Expediente::Table, Expediente::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Escrito::Table, Escrito::EnRespuestaA)
                        .to(Escrito::Table, Escrito::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Escrito::Table, Escrito::UnidadId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Escrito::Table, Escrito::AutorId)
                        .to(Usuario::Table, Usuario::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_escrito_unidad")
                .table(Escrito::Table)
                .col(Escrito::UnidadId)
                .col(Escrito::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EscritoDestino::Table)
                .col(
                    ColumnDef::new(EscritoDestino::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(EscritoDestino::EscritoId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EscritoDestino::UnidadId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EscritoDestino::LeidoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(EscritoDestino::LeidoPor)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(EscritoDestino::ConocimientoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(EscritoDestino::ConocimientoPor)
                        .big_integer()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EscritoDestino::Table, EscritoDestino::EscritoId)
                        .to(Escrito::Table, Escrito::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EscritoDestino::Table, EscritoDestino::UnidadId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_escrito_destino")
                .table(EscritoDestino::Table)
                .col(EscritoDestino::EscritoId)
                .col(EscritoDestino::UnidadId)
                .unique()
                .to_owned(),
        )
        .await?;
        // A unidad's received list, newest first, and its unread ones.
        m.create_index(
            Index::create()
                .name("ix_escrito_destino_unidad")
                .table(EscritoDestino::Table)
                .col(EscritoDestino::UnidadId)
                .col(EscritoDestino::EscritoId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EscritoNumerador::Table)
                .col(
                    ColumnDef::new(EscritoNumerador::Tipo)
                        .string_len(10)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EscritoNumerador::OrganismoId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(EscritoNumerador::Anio).integer().not_null())
                .col(
                    ColumnDef::new(EscritoNumerador::Ultimo)
                        .big_integer()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(EscritoNumerador::Tipo)
                        .col(EscritoNumerador::OrganismoId)
                        .col(EscritoNumerador::Anio),
                )
                .to_owned(),
        )
        .await?;

        // A mesa's saved listas de difusión: named sets of destinations.
        m.create_table(
            Table::create()
                .table(ListaDifusion::Table)
                .col(
                    ColumnDef::new(ListaDifusion::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ListaDifusion::UnidadId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ListaDifusion::Nombre)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ListaDifusion::CreadaPor)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ListaDifusion::CreadaEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ListaDifusion::Table, ListaDifusion::UnidadId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_lista_difusion_nombre")
                .table(ListaDifusion::Table)
                .col(ListaDifusion::UnidadId)
                .col(ListaDifusion::Nombre)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ListaDifusionDestino::Table)
                .col(
                    ColumnDef::new(ListaDifusionDestino::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ListaDifusionDestino::ListaId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ListaDifusionDestino::UnidadId)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(ListaDifusionDestino::OrganismoId)
                        .big_integer()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ListaDifusionDestino::Table, ListaDifusionDestino::ListaId)
                        .to(ListaDifusion::Table, ListaDifusion::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ListaDifusionDestino::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ListaDifusion::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(EscritoNumerador::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(EscritoDestino::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Escrito::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Escrito {
    Table,
    Id,
    Estado,
    Numero,
    Tipo,
    Titulo,
    Cuerpo,
    ExpedienteId,
    EnRespuestaA,
    UnidadId,
    OrganismoId,
    AutorId,
    CreadoEn,
    EmitidoEn,
    Sha256,
    BorradorDestinos,
}

#[derive(DeriveIden)]
enum EscritoDestino {
    Table,
    Id,
    EscritoId,
    UnidadId,
    LeidoEn,
    LeidoPor,
    ConocimientoEn,
    ConocimientoPor,
}

#[derive(DeriveIden)]
enum EscritoNumerador {
    Table,
    Tipo,
    OrganismoId,
    Anio,
    Ultimo,
}

#[derive(DeriveIden)]
enum ListaDifusion {
    Table,
    Id,
    UnidadId,
    Nombre,
    CreadaPor,
    CreadaEn,
}

#[derive(DeriveIden)]
enum ListaDifusionDestino {
    Table,
    Id,
    ListaId,
    UnidadId,
    OrganismoId,
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
