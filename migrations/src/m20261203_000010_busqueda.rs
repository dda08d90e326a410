//! Step 8: word search through a full-text index instead of a scan of every row (DOMAIN.md,
//! "Queries and registry"; DECISIONS.md, "Full-text search"). The text searched is
//! `expediente.texto_busqueda`, written in Rust as ASCII words ([`crate::busqueda`]); the rows
//! stored before this migration are written again that way first.
//!
//! - SQLite: an FTS5 table over that column (external content, so the text is not stored
//!   twice; `detail=none`, since no query needs positions; an index of 3-letter prefixes),
//!   kept by triggers inside each writing transaction.
//! - PostgreSQL: a GIN index on the column's `tsvector` with the `simple` configuration.
//!
//! Both read the same words from the same text, so both return the same hits
//! (architecture.md, "Word search").

use crate::busqueda;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE expediente_fts USING fts5(texto_busqueda, content='expediente', \
     content_rowid='id', tokenize='unicode61', detail='none', prefix='3')",
    "INSERT INTO expediente_fts(expediente_fts) VALUES ('rebuild')",
    "CREATE TRIGGER expediente_fts_alta AFTER INSERT ON expediente BEGIN \
     INSERT INTO expediente_fts(rowid, texto_busqueda) VALUES (new.id, new.texto_busqueda); END",
    "CREATE TRIGGER expediente_fts_baja AFTER DELETE ON expediente BEGIN \
     INSERT INTO expediente_fts(expediente_fts, rowid, texto_busqueda) \
     VALUES ('delete', old.id, old.texto_busqueda); END",
    "CREATE TRIGGER expediente_fts_cambio AFTER UPDATE OF texto_busqueda ON expediente BEGIN \
     INSERT INTO expediente_fts(expediente_fts, rowid, texto_busqueda) \
     VALUES ('delete', old.id, old.texto_busqueda); \
     INSERT INTO expediente_fts(rowid, texto_busqueda) VALUES (new.id, new.texto_busqueda); END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS expediente_fts_cambio",
    "DROP TRIGGER IF EXISTS expediente_fts_baja",
    "DROP TRIGGER IF EXISTS expediente_fts_alta",
    "DROP TABLE IF EXISTS expediente_fts",
];

const POSTGRES_UP: &[&str] = &["CREATE INDEX idx_expediente_texto_fts ON expediente \
     USING gin (to_tsvector('simple', texto_busqueda))"];

const POSTGRES_DOWN: &[&str] = &["DROP INDEX IF EXISTS idx_expediente_texto_fts"];

/// Rows rewritten per statement of the old text's rewrite.
const LOTE: u64 = 2_000;

async fn ejecutar(m: &SchemaManager<'_>, sentencias: &[&str]) -> Result<(), DbErr> {
    for s in sentencias {
        m.get_connection().execute_unprepared(s).await?;
    }
    Ok(())
}

/// Writes every stored expediente's search text again with [`busqueda::de_expediente`].
async fn reescribir_textos(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    let mut desde = 0_i64;
    loop {
        let filas = db
            .query_all(
                &Query::select()
                    .columns([
                        Expediente::Id,
                        Expediente::Numero,
                        Expediente::Extracto,
                        Expediente::IniciadorNombre,
                        Expediente::IniciadorDocumento,
                    ])
                    .from(Expediente::Table)
                    .and_where(Expr::col(Expediente::Id).gt(desde))
                    .order_by(Expediente::Id, Order::Asc)
                    .limit(LOTE)
                    .to_owned(),
            )
            .await?;
        let Some(ultima) = filas.last() else {
            return Ok(());
        };
        desde = ultima.try_get_by_index(0)?;
        for f in &filas {
            let id: i64 = f.try_get_by_index(0)?;
            let numero: String = f.try_get_by_index(1)?;
            let extracto: String = f.try_get_by_index(2)?;
            let nombre: String = f.try_get_by_index(3)?;
            let documento: Option<String> = f.try_get_by_index(4)?;
            let texto = busqueda::de_expediente(&numero, &extracto, &nombre, documento.as_deref());
            db.execute(
                &Query::update()
                    .table(Expediente::Table)
                    .value(Expediente::TextoBusqueda, texto)
                    .and_where(Expr::col(Expediente::Id).eq(id))
                    .to_owned(),
            )
            .await?;
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        reescribir_textos(m).await?;
        match m.get_database_backend() {
            DbBackend::Postgres => ejecutar(m, POSTGRES_UP).await,
            _ => ejecutar(m, SQLITE_UP).await,
        }
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DbBackend::Postgres => ejecutar(m, POSTGRES_DOWN).await,
            _ => ejecutar(m, SQLITE_DOWN).await,
        }
    }
}

#[derive(DeriveIden)]
enum Expediente {
    Table,
    Id,
    Numero,
    Extracto,
    IniciadorNombre,
    IniciadorDocumento,
    TextoBusqueda,
}
