//! Receiving an upload: streamed into a temporary file in fixed memory, hashed, sized,
//! typed by content and its PDF pages counted, before anything is stored or recorded.

use super::contenido;
use crate::domain::DomainError;
use crate::infra::almacen::Almacenes;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

/// The fewest bytes a PDF page takes (an object header and `/Type /Page`, compressed).
const BYTES_POR_PAGINA: u64 = 16;
/// The most pages one document may count.
const MAX_PAGINAS: u64 = 100_000;
/// PDFs counted at once: each may hold a core for its time limit.
static CONTEOS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

/// Longest a PDF's pages may take to count before the document takes one foja.
const TIEMPO_PAGINAS: Duration = Duration::from_secs(10);

/// How much of a too-large upload is read and dropped before answering 413.
const DESCARTE_MAXIMO: usize = 64 * 1024 * 1024;

/// A file received and checked, waiting in a temporary file to be stored.
pub struct Recibido {
    pub(super) temporal: PathBuf,
    pub nombre: String,
    pub tipo: &'static str,
    pub tamano: u64,
    pub sha256: String,
    pub paginas: i32,
}

impl Drop for Recibido {
    /// A received file that was never stored leaves nothing behind.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.temporal);
    }
}

/// Receives one file from a stream of chunks into a temporary file, in fixed memory: hashes
/// it, keeps its size under `limite` (413, nothing kept), decides its type by content (415)
/// and counts a PDF's pages.
pub async fn recibir<S, E>(
    almacenes: &Almacenes,
    limite: u64,
    nombre_enviado: &str,
    trozos: S,
) -> Result<Recibido, DomainError>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: std::fmt::Display,
{
    let mut trozos = std::pin::pin!(trozos);
    let nombre = contenido::nombre_saneado(nombre_enviado);
    let temporal = almacenes.nuevo_temporal();
    let archivo = tokio::fs::File::create(&temporal)
        .await
        .map_err(|e| DomainError::Interno(format!("temporal de subida: {e}")))?;
    // Network chunks are small; the disk gets them a MiB at a time.
    let mut archivo = tokio::io::BufWriter::with_capacity(1024 * 1024, archivo);
    // From here on, dropping `recibido` removes the temporary file, whatever happens.
    let mut recibido = Recibido {
        temporal,
        nombre,
        tipo: "",
        tamano: 0,
        sha256: String::new(),
        paginas: 1,
    };
    let mut hasher = Sha256::new();
    let mut detector = contenido::Detector::new();
    while let Some(trozo) = trozos.next().await {
        let trozo = trozo.map_err(|e| {
            tracing::info!(error = %e, "upload interrupted");
            DomainError::campo("archivo", "La subida se interrumpió. Probá de nuevo.")
        })?;
        recibido.tamano += trozo.len() as u64;
        if recibido.tamano > limite {
            // Read (and drop) a little more, so the client is reading our answer when we
            // close instead of still writing into a closed connection.
            let mut descartado = 0usize;
            while descartado < DESCARTE_MAXIMO {
                match trozos.next().await {
                    Some(Ok(t)) => descartado += t.len(),
                    _ => break,
                }
            }
            return Err(DomainError::DemasiadoGrande(format!(
                "«{}» supera el tamaño máximo de {}.",
                recibido.nombre,
                crate::model::tamano_legible(limite as i64)
            )));
        }
        hasher.update(&trozo);
        detector.agregar(&trozo);
        archivo
            .write_all(&trozo)
            .await
            .map_err(|e| DomainError::Interno(format!("escribir la subida: {e}")))?;
    }
    let Some(tipo) = detector.tipo() else {
        return Err(DomainError::TipoNoPermitido(format!(
            "«{}» no es de un tipo permitido. Se aceptan PDF, imágenes PNG o JPEG, documentos \
             de oficina (ODF, Word, Excel, PowerPoint) y texto.",
            recibido.nombre
        )));
    };
    let sincronizar = async {
        archivo.flush().await?;
        archivo.get_ref().sync_all().await
    };
    sincronizar
        .await
        .map_err(|e| DomainError::Interno(format!("sincronizar la subida: {e}")))?;
    drop(archivo);
    recibido.tipo = tipo;
    recibido.nombre = contenido::nombre_para(nombre_enviado, tipo);
    recibido.sha256 = hex::encode(hasher.finalize());
    if tipo == contenido::PDF {
        // A count no file of this size could hold is a lie: one foja then.
        let plausible = (recibido.tamano / BYTES_POR_PAGINA).clamp(1, MAX_PAGINAS);
        recibido.paginas = contar_paginas(recibido.temporal.clone())
            .await
            .filter(|&n| n as u64 <= plausible)
            .unwrap_or(1);
    }
    Ok(recibido)
}

/// Counts a PDF's pages from the stored file in a blocking task with a time limit.
async fn contar_paginas(ruta: PathBuf) -> Option<i32> {
    let _turno = CONTEOS.acquire().await.ok()?;
    let limite = Instant::now() + TIEMPO_PAGINAS;
    tokio::task::spawn_blocking(move || {
        let archivo = std::fs::File::open(ruta).ok()?;
        contenido::paginas_pdf(std::io::BufReader::new(archivo), limite)
    })
    .await
    .ok()
    .flatten()
}
