//! `sigexp verify`: recomputes every hash chain and checks the signed checkpoints.

use crate::config::{self, Config};
use crate::preparar;

/// `sigexp verify`: checks every chain and reports the first broken link of each.
pub async fn ejecutar(config: &Config) -> Result<bool, String> {
    let state = preparar(config).await?;
    let clave = config.clave_firma(false)?;
    let v = app::domain::registro::verificacion::verificar(&state.db, clave.as_ref())
        .await
        .map_err(|e| format!("no se pudo leer el registro de eventos: {e}"))?;
    for r in &v.roturas {
        println!(
            "ROTURA: {} {}, evento {}: {}",
            r.entidad, r.entidad_id, r.seq, r.motivo
        );
    }
    println!(
        "{} eventos en {} cadenas verificados; {} cadenas rotas.",
        v.eventos,
        v.cadenas,
        v.roturas.len()
    );
    match clave {
        Some(_) => println!("{} puntos de control firmados verificados.", v.puntos),
        None => println!(
            "Sin clave de firma (SIGEXP_CHECKPOINT_KEY o {}): no se verificaron puntos de control.",
            config::ARCHIVO_CLAVE
        ),
    }
    Ok(v.roturas.is_empty())
}
