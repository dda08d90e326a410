//! Step 9: the vocabulary of SQLite's word index, so a search can ask which words a prefix
//! starts and read those words instead of the prefix (`app::infra::sql::expandir_prefijos`,
//! architecture.md "Word search"). An `fts5vocab` table stores nothing: it reads the index.
//! PostgreSQL needs nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            m.get_connection()
                .execute_unprepared(
                    "CREATE VIRTUAL TABLE expediente_fts_vocab USING fts5vocab(expediente_fts, row)",
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            m.get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS expediente_fts_vocab")
                .await?;
        }
        Ok(())
    }
}
