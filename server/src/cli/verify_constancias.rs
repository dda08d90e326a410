//! `sigexp verify-constancias`: every constancia against the documents it sealed.

use crate::config::Config;
use crate::preparar;
use app::domain::documentos;

/// `sigexp verify-constancias`: every constancia de pase against the documents it sealed.
pub async fn ejecutar(config: &Config) -> Result<bool, String> {
    let state = preparar(config).await?;
    let informe = documentos::verificar_constancias(&state.db, &state.almacenes)
        .await
        .map_err(|e| format!("no se pudieron verificar las constancias: {e}"))?;
    for (expediente, pase, problema) in &informe.problemas {
        println!("PROBLEMA: expediente {expediente}, pase {pase}: {problema}");
    }
    println!(
        "{} constancias con {} documentos verificadas; {} problemas.",
        informe.constancias,
        informe.documentos,
        informe.problemas.len()
    );
    Ok(informe.problemas.is_empty())
}
