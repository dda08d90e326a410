//! `sigexp backup --destino FILE`: a consistent copy of the database while the app runs.

use crate::config::Config;
use crate::preparar;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

/// `sigexp backup --destino FILE`: a consistent copy of the database, taken while the app runs.
pub async fn ejecutar(config: &Config, destino: &std::path::Path) -> Result<(), String> {
    let state = preparar(config).await?;
    respaldar_base(&state.db, &config.database_url(), destino).await?;
    println!("Copia de la base escrita en {}.", destino.display());
    Ok(())
}

/// Writes the copy: SQLite's `VACUUM INTO` (one read transaction, so writers go on and the
/// copy is one moment of the database), or `pg_dump --format=custom` (a snapshot too).
pub async fn respaldar_base(
    db: &DatabaseConnection,
    url: &str,
    destino: &std::path::Path,
) -> Result<(), String> {
    if destino.exists() {
        return Err(format!(
            "{} ya existe: elegí otro archivo",
            destino.display()
        ));
    }
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [destino.display().to_string().into()],
        ))
        .await
        .map_err(|e| format!("no se pudo copiar la base: {e}"))?;
        return Ok(());
    }
    let salida = tokio::process::Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--file")
        .arg(destino)
        .arg("--dbname")
        .arg(url)
        .output()
        .await
        .map_err(|e| format!("no se pudo ejecutar pg_dump (¿está instalado?): {e}"))?;
    if !salida.status.success() {
        return Err(format!(
            "pg_dump falló: {}",
            String::from_utf8_lossy(&salida.stderr).trim()
        ));
    }
    Ok(())
}
