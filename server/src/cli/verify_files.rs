//! `sigexp verify-files [--repair]`: both document stores against the recorded hashes.

use crate::config::Config;
use crate::preparar;
use app::domain::documentos;

/// `sigexp verify-files [--repair]`: every stored document in both stores against its hash.
pub async fn ejecutar(config: &Config, reparar: bool) -> Result<bool, String> {
    let state = preparar(config).await?;
    let a = &state.almacenes;
    println!(
        "Almacén primario: {}\nAlmacén de respaldo: {}",
        a.primario.descripcion(),
        a.respaldo.descripcion()
    );
    let informe = documentos::verificar_almacenes(&state.db, a, reparar)
        .await
        .map_err(|e| format!("no se pudo verificar el almacén: {e}"))?;
    for (clave, almacen, problema) in &informe.problemas {
        println!("PROBLEMA: {clave} en el almacén {almacen}: {problema}");
    }
    for clave in &informe.irreparables {
        println!("SIN COPIA INTACTA: {clave}");
    }
    for clave in &informe.sin_documento {
        println!("SIN DOCUMENTO: {clave} (una subida que se detuvo antes de registrarse)");
    }
    let mut quitados = 0;
    if reparar {
        quitados = a
            .limpiar_temporales(3600)
            .await
            .map_err(|e| format!("no se pudieron quitar subidas interrumpidas: {e}"))?;
    }
    for (ruta, edad) in &informe.temporales {
        println!(
            "SUBIDA EN CURSO O INTERRUMPIDA: {} ({} s)",
            ruta.display(),
            edad
        );
    }
    println!(
        "{} objetos verificados en los dos almacenes: {} correctos, {} copias con problemas, \
         {} reparadas, {} sin copia intacta; {} objetos sin documento; {} subidas temporales \
         ({} quitadas).",
        informe.objetos,
        informe.correctos,
        informe.problemas.len(),
        informe.reparados,
        informe.irreparables.len(),
        informe.sin_documento.len(),
        informe.temporales.len(),
        quitados
    );
    Ok(informe.sano())
}
