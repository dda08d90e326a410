//! Step 1: organisation (organismo, unidad), usuarios with their access list, server-side
//! sessions, login failure counters and the append-only event log with its chain heads.
//!
//! Ids are BIGINT everywhere (DECISIONS.md); times are stored in UTC.

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
                .table(Organismo::Table)
                .col(id(Organismo::Id))
                .col(
                    ColumnDef::new(Organismo::Codigo)
                        .string_len(12)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Organismo::Nombre).string_len(200).not_null())
                .col(ColumnDef::new(Organismo::Tipo).string_len(20).not_null())
                .col(
                    ColumnDef::new(Organismo::Activo)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(instante(Organismo::CreadoEn))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Unidad::Table)
                .col(id(Unidad::Id))
                .col(ColumnDef::new(Unidad::OrganismoId).big_integer().not_null())
                .col(ColumnDef::new(Unidad::Codigo).string_len(12).not_null())
                .col(ColumnDef::new(Unidad::Nombre).string_len(200).not_null())
                .col(ColumnDef::new(Unidad::Tipo).string_len(20).not_null())
                .col(ColumnDef::new(Unidad::MesaId).big_integer().null())
                .col(
                    ColumnDef::new(Unidad::Activo)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(instante(Unidad::CreadoEn))
                .foreign_key(
                    ForeignKey::create()
                        .from(Unidad::Table, Unidad::OrganismoId)
                        .to(Organismo::Table, Organismo::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Unidad::Table, Unidad::MesaId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_unidad_organismo_codigo")
                .table(Unidad::Table)
                .col(Unidad::OrganismoId)
                .col(Unidad::Codigo)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Usuario::Table)
                .col(id(Usuario::Id))
                .col(
                    ColumnDef::new(Usuario::Email)
                        .string_len(254)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Usuario::Nombre).string_len(100).not_null())
                .col(ColumnDef::new(Usuario::Apellido).string_len(100).not_null())
                .col(ColumnDef::new(Usuario::Perfil).string_len(20).not_null())
                .col(ColumnDef::new(Usuario::OrganismoId).big_integer().null())
                .col(ColumnDef::new(Usuario::UnidadId).big_integer().null())
                .col(
                    ColumnDef::new(Usuario::PasswordHash)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Usuario::PasswordTemporal)
                        .boolean()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Usuario::PasswordVenceEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(Usuario::Activo)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(instante(Usuario::CreadoEn))
                .col(instante(Usuario::ActualizadoEn))
                .foreign_key(
                    ForeignKey::create()
                        .from(Usuario::Table, Usuario::OrganismoId)
                        .to(Organismo::Table, Organismo::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Usuario::Table, Usuario::UnidadId)
                        .to(Unidad::Table, Unidad::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UsuarioAcceso::Table)
                .col(
                    ColumnDef::new(UsuarioAcceso::UsuarioId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UsuarioAcceso::OrganismoId)
                        .big_integer()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(UsuarioAcceso::UsuarioId)
                        .col(UsuarioAcceso::OrganismoId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UsuarioAcceso::Table, UsuarioAcceso::UsuarioId)
                        .to(Usuario::Table, Usuario::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UsuarioAcceso::Table, UsuarioAcceso::OrganismoId)
                        .to(Organismo::Table, Organismo::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sesion::Table)
                .col(
                    ColumnDef::new(Sesion::IdHash)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Sesion::UsuarioId).big_integer().not_null())
                .col(instante(Sesion::CreadaEn))
                .col(instante(Sesion::UltimoUso))
                .col(instante(Sesion::VenceEn))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sesion::Table, Sesion::UsuarioId)
                        .to(Usuario::Table, Usuario::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sesion_usuario")
                .table(Sesion::Table)
                .col(Sesion::UsuarioId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginFallo::Table)
                .col(id(LoginFallo::Id))
                .col(ColumnDef::new(LoginFallo::Clave).string_len(300).not_null())
                .col(instante(LoginFallo::En))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_login_fallo_clave_en")
                .table(LoginFallo::Table)
                .col(LoginFallo::Clave)
                .col(LoginFallo::En)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Evento::Table)
                .col(id(Evento::Id))
                .col(ColumnDef::new(Evento::Entidad).string_len(30).not_null())
                .col(ColumnDef::new(Evento::EntidadId).big_integer().not_null())
                .col(ColumnDef::new(Evento::Seq).big_integer().not_null())
                .col(ColumnDef::new(Evento::Tipo).string_len(50).not_null())
                .col(ColumnDef::new(Evento::ActorId).big_integer().null())
                .col(ColumnDef::new(Evento::UnidadId).big_integer().null())
                .col(instante(Evento::En))
                .col(ColumnDef::new(Evento::Datos).text().not_null())
                .col(ColumnDef::new(Evento::Hash).string_len(64).not_null())
                .col(
                    ColumnDef::new(Evento::HashAnterior)
                        .string_len(64)
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_evento_entidad_seq")
                .table(Evento::Table)
                .col(Evento::Entidad)
                .col(Evento::EntidadId)
                .col(Evento::Seq)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EventoCabeza::Table)
                .col(
                    ColumnDef::new(EventoCabeza::Entidad)
                        .string_len(30)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(EventoCabeza::EntidadId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(EventoCabeza::Seq).big_integer().not_null())
                .col(ColumnDef::new(EventoCabeza::Hash).string_len(64).not_null())
                .primary_key(
                    Index::create()
                        .col(EventoCabeza::Entidad)
                        .col(EventoCabeza::EntidadId),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EventoCabeza::Table.into_iden(),
            Evento::Table.into_iden(),
            LoginFallo::Table.into_iden(),
            Sesion::Table.into_iden(),
            UsuarioAcceso::Table.into_iden(),
            Usuario::Table.into_iden(),
            Unidad::Table.into_iden(),
            Organismo::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organismo {
    Table,
    Id,
    Codigo,
    Nombre,
    Tipo,
    Activo,
    CreadoEn,
}

#[derive(DeriveIden)]
enum Unidad {
    Table,
    Id,
    OrganismoId,
    Codigo,
    Nombre,
    Tipo,
    MesaId,
    Activo,
    CreadoEn,
}

#[derive(DeriveIden)]
enum Usuario {
    Table,
    Id,
    Email,
    Nombre,
    Apellido,
    Perfil,
    OrganismoId,
    UnidadId,
    PasswordHash,
    PasswordTemporal,
    PasswordVenceEn,
    Activo,
    CreadoEn,
    ActualizadoEn,
}

#[derive(DeriveIden)]
enum UsuarioAcceso {
    Table,
    UsuarioId,
    OrganismoId,
}

#[derive(DeriveIden)]
enum Sesion {
    Table,
    IdHash,
    UsuarioId,
    CreadaEn,
    UltimoUso,
    VenceEn,
}

#[derive(DeriveIden)]
enum LoginFallo {
    Table,
    Id,
    Clave,
    En,
}

#[derive(DeriveIden)]
enum Evento {
    Table,
    Id,
    Entidad,
    EntidadId,
    Seq,
    Tipo,
    ActorId,
    UnidadId,
    En,
    Datos,
    Hash,
    HashAnterior,
}

#[derive(DeriveIden)]
enum EventoCabeza {
    Table,
    Entidad,
    EntidadId,
    Seq,
    Hash,
}
