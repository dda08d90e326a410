//! Step 5: personal API tokens expire (`expira_en`). Tokens that already exist expire 90 days
//! (the default `SIGEXP_TOKEN_DAYS`) after their creation.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Nullable only because SQLite cannot add a NOT NULL column without a default; every
        // row gets a value below and every insert sets one. A token without one never works.
        m.alter_table(
            Table::alter()
                .table(ApiToken::Table)
                .add_column(
                    ColumnDef::new(ApiToken::ExpiraEn)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        // SQLite keeps these timestamps as RFC 3339 text, which its date functions read.
        let mas_90_dias = match m.get_database_backend() {
            DbBackend::Postgres => "creado_en + INTERVAL '90 days'",
            _ => "strftime('%Y-%m-%dT%H:%M:%S+00:00', creado_en, '+90 days')",
        };
        m.exec_stmt(
            Query::update()
                .table(ApiToken::Table)
                .value(ApiToken::ExpiraEn, Expr::cust(mas_90_dias))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ApiToken::Table)
                .drop_column(ApiToken::ExpiraEn)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ApiToken {
    Table,
    ExpiraEn,
}
