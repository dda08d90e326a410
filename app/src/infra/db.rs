//! Connecting, migrating and opening write transactions the way DECISIONS.md asks.

use sea_orm::prelude::async_trait::async_trait;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, ExecResult, QueryResult, SqliteTransactionMode, Statement, TransactionOptions,
    TransactionTrait,
};
use std::time::Duration;

/// Opens the database. SQLite runs in WAL mode with a busy timeout, foreign keys on and
/// `synchronous = FULL`; the file is created when absent.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    // Each statement is logged (with its time) only when asked for: `SIGEXP_LOG=info,sqlx::query=debug`
    // shows what a request runs (docs/benchmarks.md, "Statements per request").
    opts.sqlx_logging(tracing::enabled!(target: "sqlx::query", tracing::Level::DEBUG))
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if url.starts_with("sqlite:") {
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    } else {
        opts.max_connections(16);
    }
    Database::connect(opts).await
}

/// SQLite takes one writer at a time. Writers of this process queue here, in order and without
/// holding a pooled connection, instead of polling the file lock with SQLite's busy handler
/// (whose growing sleeps made the slowest pase transactions wait ~10× the median; measured in
/// docs/benchmarks.md). Another process still meets the busy timeout.
static TURNO_SQLITE: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// A write transaction, with its turn among this process's SQLite writers (released when the
/// transaction ends). Use it as the transaction: it derefs to one and runs queries itself.
pub struct Escritura {
    tx: DatabaseTransaction,
    _turno: Option<tokio::sync::SemaphorePermit<'static>>,
}

impl Escritura {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for Escritura {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

#[async_trait]
impl ConnectionTrait for Escritura {
    fn get_database_backend(&self) -> DbBackend {
        self.tx.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.tx.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.tx.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.tx.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.tx.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.tx.support_returning()
    }
}

/// Starts a transaction that will write: `BEGIN IMMEDIATE` on SQLite, so it waits for the
/// write lock up front instead of failing with `SQLITE_BUSY` halfway, after taking this
/// process's writer turn.
pub async fn begin_write(db: &DatabaseConnection) -> Result<Escritura, DbErr> {
    let turno = match db.get_database_backend() {
        DbBackend::Sqlite => Some(
            TURNO_SQLITE
                .acquire()
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?,
        ),
        _ => None,
    };
    let tx = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(Escritura { tx, _turno: turno })
}

/// Checks that the database answers (used by the health check).
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}
