//! Step 3: expedientes, their numbering counters, the visibility-by-passage table, pases and
//! the catalogue of tipos de trámite.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn referencia<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

fn instante<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TipoTramite::Table)
                .col(id(TipoTramite::Id))
                .col(
                    ColumnDef::new(TipoTramite::Nombre)
                        .string_len(200)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(TipoTramite::Activo)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .to_owned(),
        )
        .await?;

        // One counter per (ecosistema, año), bumped with UPDATE … RETURNING inside the
        // transaction that creates the expediente (DECISIONS.md "Numbering").
        m.create_table(
            Table::create()
                .table(Numerador::Table)
                .col(
                    ColumnDef::new(Numerador::Ecosistema)
                        .string_len(30)
                        .not_null(),
                )
                .col(ColumnDef::new(Numerador::Anio).integer().not_null())
                .col(ColumnDef::new(Numerador::Ultimo).big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(Numerador::Ecosistema)
                        .col(Numerador::Anio),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Expediente::Table)
                .col(id(Expediente::Id))
                .col(ColumnDef::new(Expediente::Numero).string_len(80).not_null())
                .col(
                    ColumnDef::new(Expediente::NumeroNormalizado)
                        .string_len(80)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Expediente::Extracto).text().not_null())
                .col(
                    ColumnDef::new(Expediente::IniciadorNombre)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Expediente::IniciadorDocumento)
                        .string_len(20)
                        .null(),
                )
                .col(
                    ColumnDef::new(Expediente::TipoTramiteId)
                        .big_integer()
                        .null(),
                )
                // Number, extracto and iniciador in lower case without accents, for search.
                .col(ColumnDef::new(Expediente::TextoBusqueda).text().not_null())
                .col(referencia(Expediente::OrganismoId))
                .col(referencia(Expediente::UnidadOrigenId))
                .col(referencia(Expediente::UnidadActualId))
                .col(ColumnDef::new(Expediente::Estado).string_len(20).not_null())
                .col(
                    ColumnDef::new(Expediente::Fojas)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(Expediente::Version)
                        .big_integer()
                        .not_null()
                        .default(1),
                )
                .col(referencia(Expediente::CreadoPor))
                .col(instante(Expediente::CreadoEn))
                .col(referencia(Expediente::ActualizadoPor))
                .col(instante(Expediente::ActualizadoEn))
                .foreign_key(
                    ForeignKey::create()
                        .from(Expediente::Table, Expediente::OrganismoId)
                        .to(Organismo::Table, Organismo::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Expediente::Table, Expediente::UnidadActualId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Expediente::Table, Expediente::TipoTramiteId)
                        .to(TipoTramite::Table, TipoTramite::Id),
                )
                .to_owned(),
        )
        .await?;
        for (nombre, col) in [
            ("ix_expediente_unidad_actual", Expediente::UnidadActualId),
            ("ix_expediente_organismo", Expediente::OrganismoId),
            ("ix_expediente_creado_en", Expediente::CreadoEn),
        ] {
            m.create_index(
                Index::create()
                    .name(nombre)
                    .table(Expediente::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        // Visibility by passage: every organismo whose unidad held the expediente or had a
        // pase addressed to it; written with creation and every pase (DECISIONS.md).
        m.create_table(
            Table::create()
                .table(ExpedienteOrganismo::Table)
                .col(referencia(ExpedienteOrganismo::ExpedienteId))
                .col(referencia(ExpedienteOrganismo::OrganismoId))
                .primary_key(
                    Index::create()
                        .col(ExpedienteOrganismo::ExpedienteId)
                        .col(ExpedienteOrganismo::OrganismoId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            ExpedienteOrganismo::Table,
                            ExpedienteOrganismo::ExpedienteId,
                        )
                        .to(Expediente::Table, Expediente::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_expediente_organismo_org")
                .table(ExpedienteOrganismo::Table)
                .col(ExpedienteOrganismo::OrganismoId)
                .col(ExpedienteOrganismo::ExpedienteId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Pase::Table)
                .col(id(Pase::Id))
                .col(referencia(Pase::ExpedienteId))
                .col(referencia(Pase::OrigenUnidadId))
                .col(referencia(Pase::DestinoUnidadId))
                .col(ColumnDef::new(Pase::Motivo).text().not_null())
                .col(ColumnDef::new(Pase::Estado).string_len(20).not_null())
                .col(ColumnDef::new(Pase::Fojas).integer().not_null())
                .col(referencia(Pase::EnviadoPor))
                .col(instante(Pase::EnviadoEn))
                .col(ColumnDef::new(Pase::ResueltoPor).big_integer().null())
                .col(
                    ColumnDef::new(Pase::ResueltoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(Pase::MotivoRechazo).text().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Pase::Table, Pase::ExpedienteId)
                        .to(Expediente::Table, Expediente::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Pase::Table, Pase::DestinoUnidadId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .to_owned(),
        )
        .await?;
        for (nombre, cols) in [
            ("ix_pase_expediente", vec![Pase::ExpedienteId, Pase::Id]),
            (
                "ix_pase_destino_estado",
                vec![Pase::DestinoUnidadId, Pase::Estado],
            ),
        ] {
            let mut idx = Index::create().name(nombre).table(Pase::Table).to_owned();
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Pase::Table.into_iden(),
            ExpedienteOrganismo::Table.into_iden(),
            Expediente::Table.into_iden(),
            Numerador::Table.into_iden(),
            TipoTramite::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum TipoTramite {
    Table,
    Id,
    Nombre,
    Activo,
}

#[derive(DeriveIden)]
enum Numerador {
    Table,
    Ecosistema,
    Anio,
    Ultimo,
}

#[derive(DeriveIden)]
enum Expediente {
    Table,
    Id,
    Numero,
    NumeroNormalizado,
    Extracto,
    IniciadorNombre,
    IniciadorDocumento,
    TipoTramiteId,
    TextoBusqueda,
    OrganismoId,
    UnidadOrigenId,
    UnidadActualId,
    Estado,
    Fojas,
    Version,
    CreadoPor,
    CreadoEn,
    ActualizadoPor,
    ActualizadoEn,
}

#[derive(DeriveIden)]
enum ExpedienteOrganismo {
    Table,
    ExpedienteId,
    OrganismoId,
}

#[derive(DeriveIden)]
enum Pase {
    Table,
    Id,
    ExpedienteId,
    OrigenUnidadId,
    DestinoUnidadId,
    Motivo,
    Estado,
    Fojas,
    EnviadoPor,
    EnviadoEn,
    ResueltoPor,
    ResueltoEn,
    MotivoRechazo,
}

#[derive(DeriveIden)]
enum Organismo {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Unidad {
    Table,
    Id,
}
