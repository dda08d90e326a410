//! `sigexp checkpoint`: signs the head of every chain now; the server also signs periodically.
//! Every checkpoint signed is also appended to the signature log outside the database.

use crate::config::Config;
use crate::preparar;
use app::domain::registro::puntos_de_control::{self, ClaveFirma};
use app::estado::AppState;
use app::infra::entities::punto_control;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `sigexp checkpoint`: signs the current head of every chain.
pub async fn ejecutar(config: &Config) -> Result<(), String> {
    let state = preparar(config).await?;
    let clave = config.clave_firma(true)?.ok_or("no hay clave de firma")?;
    match sellar(&state.db, &clave, &config.bitacora()).await? {
        Some(p) => println!(
            "Punto de control {} firmado: {} cadenas hasta el evento {}.",
            p.id, p.cadenas, p.hasta_evento_id
        ),
        None => println!("Nada nuevo desde el último punto de control."),
    }
    Ok(())
}

/// Signs a checkpoint at start and then every `minutos`, while the server runs.
pub fn sellar_periodicamente(state: &AppState, clave: ClaveFirma, minutos: u64, bitacora: PathBuf) {
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut reloj = tokio::time::interval(Duration::from_secs(minutos * 60));
        loop {
            reloj.tick().await;
            match sellar(&db, &clave, &bitacora).await {
                Ok(Some(p)) => {
                    tracing::info!(id = p.id, cadenas = p.cadenas, "punto de control firmado")
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "no se pudo firmar el punto de control"),
            }
        }
    });
}

/// Signs a checkpoint and appends it to the signature log. The checkpoint is committed first:
/// a log line always names a checkpoint the database had.
async fn sellar(
    db: &sea_orm::DatabaseConnection,
    clave: &ClaveFirma,
    bitacora: &Path,
) -> Result<Option<punto_control::Model>, String> {
    let p = puntos_de_control::sellar(db, clave)
        .await
        .map_err(|e| format!("no se pudo firmar el punto de control: {e}"))?;
    if let Some(p) = &p {
        anotar(bitacora, &puntos_de_control::linea_de_bitacora(p)).map_err(|e| {
            format!(
                "el punto de control {} se firmó pero no se pudo anotar en {}: {e}",
                p.id,
                bitacora.display()
            )
        })?;
    }
    Ok(p)
}

/// Appends one line to the log, created readable by its owner only, and syncs it.
fn anotar(bitacora: &Path, linea: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = bitacora.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut opciones = std::fs::OpenOptions::new();
    opciones.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opciones, 0o600);
    let mut archivo = opciones.open(bitacora)?;
    archivo.write_all(format!("{linea}\n").as_bytes())?;
    archivo.sync_data()
}
