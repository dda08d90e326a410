//! Step 2: personal API tokens (only a hash of the secret is stored; revoked tokens are kept
//! for the audit).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiToken::Table)
                .col(
                    ColumnDef::new(ApiToken::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ApiToken::UsuarioId).big_integer().not_null())
                .col(ColumnDef::new(ApiToken::Nombre).string_len(100).not_null())
                .col(
                    ColumnDef::new(ApiToken::Hash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(ApiToken::CreadoEn)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ApiToken::UltimoUso)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ApiToken::RevocadoEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiToken::Table, ApiToken::UsuarioId)
                        .to(Usuario::Table, Usuario::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_api_token_usuario")
                .table(ApiToken::Table)
                .col(ApiToken::UsuarioId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ApiToken::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    Id,
    UsuarioId,
    Nombre,
    Hash,
    CreadoEn,
    UltimoUso,
    RevocadoEn,
}

#[derive(DeriveIden)]
enum Usuario {
    Table,
    Id,
}
