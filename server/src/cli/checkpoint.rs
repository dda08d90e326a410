//! `sigexp checkpoint`: signs the head of every chain now; the server also signs periodically.

use crate::config::Config;
use crate::preparar;
use app::estado::AppState;
use std::time::Duration;

/// `sigexp checkpoint`: signs the current head of every chain.
pub async fn ejecutar(config: &Config) -> Result<(), String> {
    let state = preparar(config).await?;
    let clave = config.clave_firma(true)?.ok_or("no hay clave de firma")?;
    match app::domain::registro::puntos_de_control::sellar(&state.db, &clave)
        .await
        .map_err(|e| format!("no se pudo firmar el punto de control: {e}"))?
    {
        Some(p) => println!(
            "Punto de control {} firmado: {} cadenas hasta el evento {}.",
            p.id, p.cadenas, p.hasta_evento_id
        ),
        None => println!("Nada nuevo desde el último punto de control."),
    }
    Ok(())
}

/// Signs a checkpoint at start and then every `minutos`, while the server runs.
pub fn sellar_periodicamente(
    state: &AppState,
    clave: app::domain::registro::puntos_de_control::ClaveFirma,
    minutos: u64,
) {
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut reloj = tokio::time::interval(Duration::from_secs(minutos * 60));
        loop {
            reloj.tick().await;
            match app::domain::registro::puntos_de_control::sellar(&db, &clave).await {
                Ok(Some(p)) => {
                    tracing::info!(id = p.id, cadenas = p.cadenas, "punto de control firmado")
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "no se pudo firmar el punto de control"),
            }
        }
    });
}
