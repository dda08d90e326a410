//! `sigexp verify`: recomputes every hash chain and checks the signed checkpoints, against the
//! signature log kept outside the database too. It fails (exit status 1) on a broken chain, on
//! a checkpoint that does not verify or that the log has and the database lacks, when events
//! went unsigned for more than two checkpoint intervals, and when there is no key to check with.

use crate::config::Config;
use crate::preparar;
use app::domain::registro::verificacion;

/// `sigexp verify`: checks every chain and reports the first broken link of each.
pub async fn ejecutar(config: &Config) -> Result<bool, String> {
    let state = preparar(config).await?;
    let leer = |e| format!("no se pudo leer el registro de eventos: {e}");
    let clave = config.clave_firma(false)?;
    let mut v = verificacion::verificar(&state.db, clave.as_ref())
        .await
        .map_err(leer)?;
    let bitacora = config.bitacora();
    let mut sano = true;
    if let Some(clave) = &clave {
        match std::fs::read_to_string(&bitacora) {
            Ok(texto) => v.roturas.extend(
                verificacion::comparar_bitacora(&state.db, &texto, clave)
                    .await
                    .map_err(leer)?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && v.puntos == 0 => {}
            Err(e) => {
                println!(
                    "FALLA: no se pudo leer la bitácora de firmas {}: {e}.",
                    bitacora.display()
                );
                sano = false;
            }
        }
    }
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
    let intervalo = chrono::Duration::minutes(config.checkpoint_minutes as i64);
    let sin_firmar = verificacion::sin_firmar(&state.db).await.map_err(leer)?;
    if verificacion::firma_atrasada(sin_firmar, intervalo) {
        let (desde, _) = sin_firmar.expect("late means some event is unsigned");
        println!(
            "FALLA: hay eventos sin punto de control desde {} y el registro siguió más de dos \
             intervalos ({} minutos cada uno) sin firmarlos: se borraron puntos de control o el \
             firmante no corre.",
            desde.to_rfc3339(),
            config.checkpoint_minutes
        );
        sano = false;
    }
    match clave {
        Some(_) => println!(
            "{} puntos de control firmados verificados, comparados con {}.",
            v.puntos,
            bitacora.display()
        ),
        None => {
            println!(
                "FALLA: sin clave de firma (SIGEXP_CHECKPOINT_KEY o {}): no se pueden verificar \
                 los puntos de control.",
                config.archivo_clave().display()
            );
            sano = false;
        }
    }
    Ok(sano && v.roturas.is_empty())
}
