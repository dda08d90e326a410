//! Where document bytes live. Two backends behind one interface — a local directory (the
//! default, under the data directory) and an S3-compatible bucket — and two copies of every
//! object: a primary and a backup store, both written before an upload is confirmed.
//!
//! Objects are content-addressed: the key is the lowercase hex SHA-256 of the bytes, so the
//! same file uploaded twice is stored once and a copy can always be checked against its name.
//! Nothing is visible under its final key until it is complete: a local object is written to
//! a temporary name, synced and renamed; an S3 object is one PUT or a completed multipart
//! upload (both atomic on S3).

mod disco;
mod s3;

use bytes::Bytes;
pub use disco::Disco;
use futures_util::stream::BoxStream;
pub use s3::{ConfigS3, S3};
use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};

/// The bytes of an object, as a stream of chunks.
pub type Flujo = BoxStream<'static, io::Result<Bytes>>;

/// One store of objects.
pub enum Almacen {
    Disco(Disco),
    S3(S3),
}

impl Almacen {
    /// Where it is, for messages (never credentials).
    pub fn descripcion(&self) -> String {
        match self {
            Almacen::Disco(d) => d.raiz().display().to_string(),
            Almacen::S3(s) => s.descripcion(),
        }
    }

    /// Stores the complete file `origen` under `sha256`. With `reemplazar`, an object already
    /// there is overwritten (repairing a corrupt copy); without it, it is kept.
    pub async fn guardar(&self, origen: &Path, sha256: &str, reemplazar: bool) -> io::Result<()> {
        if !reemplazar && self.intacto(origen, sha256).await? {
            return Ok(());
        }
        match self {
            Almacen::Disco(d) => d.escribir(origen, sha256).await,
            Almacen::S3(s) => s.escribir(origen, sha256).await,
        }
    }

    /// True when the object is already stored whole: there, of the size of `origen`, and its
    /// bytes hash to its name. The size alone is not enough: a copy of the same size with
    /// other bytes (a disk fault, a hand that wrote over it) would be kept and an upload
    /// confirmed whose stored copy is wrong; such a copy is rewritten instead.
    async fn intacto(&self, origen: &Path, sha256: &str) -> io::Result<bool> {
        let largo = tokio::fs::metadata(origen).await?.len();
        match self.abrir(sha256).await? {
            Some((flujo, n)) if n == largo => Ok(resumen(flujo).await?.0 == sha256),
            _ => Ok(false),
        }
    }

    /// The object's bytes and size, or `None` when it is not there.
    pub async fn abrir(&self, sha256: &str) -> io::Result<Option<(Flujo, u64)>> {
        match self {
            Almacen::Disco(d) => d.abrir(sha256).await,
            Almacen::S3(s) => s.abrir(sha256).await,
        }
    }

    /// Every object key in the store.
    pub async fn listar(&self) -> io::Result<Vec<String>> {
        match self {
            Almacen::Disco(d) => d.listar().await,
            Almacen::S3(s) => s.listar().await,
        }
    }

    /// Reads the whole object and answers its SHA-256 and size (`None` when missing).
    pub async fn comprobar(&self, sha256: &str) -> io::Result<Option<(String, u64)>> {
        match self.abrir(sha256).await? {
            Some((flujo, _)) => Ok(Some(resumen(flujo).await?)),
            None => Ok(None),
        }
    }

    /// Answers whether the store can be reached (health check).
    pub async fn disponible(&self) -> bool {
        match self {
            Almacen::Disco(d) => d.disponible().await,
            Almacen::S3(s) => s.disponible().await,
        }
    }
}

/// The SHA-256 (lowercase hex) and size of a stream of bytes, read to its end.
async fn resumen(mut flujo: Flujo) -> io::Result<(String, u64)> {
    use futures_util::StreamExt;
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    while let Some(trozo) = flujo.next().await {
        let trozo = trozo?;
        total += trozo.len() as u64;
        hasher.update(&trozo);
    }
    Ok((hex::encode(hasher.finalize()), total))
}

/// The primary and the backup store, and the local directory where uploads are received
/// before they are stored.
pub struct Almacenes {
    pub primario: Almacen,
    pub respaldo: Almacen,
    temporales: PathBuf,
}

/// Prefix of an upload being received; anything with it is incomplete by definition.
pub(crate) const PREFIJO_TEMPORAL: &str = "subida-";

impl Almacenes {
    /// With a local primary store, uploads are received inside it, so a finished upload moves
    /// into place by renaming instead of being written again.
    pub fn new(primario: Almacen, respaldo: Almacen, dir_datos: &Path) -> Self {
        let temporales = match &primario {
            Almacen::Disco(d) => d.dir_temporal(),
            Almacen::S3(_) => dir_datos.join("subidas"),
        };
        Self {
            primario,
            respaldo,
            temporales,
        }
    }

    /// Creates the local directories the stores need.
    pub async fn preparar(&self) -> io::Result<()> {
        tokio::fs::create_dir_all(&self.temporales).await?;
        if let Almacen::Disco(d) = &self.respaldo {
            tokio::fs::create_dir_all(d.dir_temporal()).await?;
        }
        Ok(())
    }

    /// Removes uploads left half-received, those older than `edad_minima` seconds (all of
    /// them at startup, when nothing can be receiving). Answers how many.
    pub async fn limpiar_temporales(&self, edad_minima: u64) -> io::Result<usize> {
        let mut quitados = 0;
        for (ruta, edad) in self.temporales().await? {
            if edad >= edad_minima && tokio::fs::remove_file(&ruta).await.is_ok() {
                quitados += 1;
            }
        }
        Ok(quitados)
    }

    /// A fresh temporary file for an upload being received.
    pub fn nuevo_temporal(&self) -> PathBuf {
        let nombre: String = (0..16)
            .map(|_| format!("{:02x}", rand::random::<u8>()))
            .collect();
        self.temporales
            .join(format!("{PREFIJO_TEMPORAL}{nombre}.part"))
    }

    /// Uploads being received or copied, or left behind by a stop, with their age in seconds:
    /// in the receiving directory and in the local stores' own temporary directories.
    pub async fn temporales(&self) -> io::Result<Vec<(PathBuf, u64)>> {
        let mut dirs = vec![self.temporales.clone()];
        for almacen in [&self.primario, &self.respaldo] {
            if let Almacen::Disco(d) = almacen
                && !dirs.contains(&d.dir_temporal())
            {
                dirs.push(d.dir_temporal());
            }
        }
        let mut salida = Vec::new();
        for dir in dirs {
            let mut entradas = match tokio::fs::read_dir(&dir).await {
                Ok(d) => d,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            };
            while let Some(entrada) = entradas.next_entry().await? {
                if !entrada
                    .file_name()
                    .to_string_lossy()
                    .starts_with(PREFIJO_TEMPORAL)
                {
                    continue;
                }
                let edad = entrada
                    .metadata()
                    .await
                    .ok()
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.elapsed().ok())
                    .map_or(0, |d| d.as_secs());
                salida.push((entrada.path(), edad));
            }
        }
        Ok(salida)
    }

    /// Stores a complete, synced upload in both stores (backup first, then the primary, which
    /// takes the file itself when it is local). The temporary file is gone afterwards.
    pub async fn guardar(&self, temporal: &Path, sha256: &str) -> io::Result<()> {
        let resultado = async {
            self.respaldo.guardar(temporal, sha256, false).await?;
            match &self.primario {
                Almacen::Disco(_) if self.primario.intacto(temporal, sha256).await? => Ok(()),
                Almacen::Disco(d) => d.adoptar(temporal, sha256).await,
                otro => otro.guardar(temporal, sha256, false).await,
            }
        }
        .await;
        let _ = tokio::fs::remove_file(temporal).await;
        resultado
    }

    /// The object's bytes from the primary store, or from the backup when the primary lost it
    /// or fails.
    pub async fn abrir(&self, sha256: &str) -> io::Result<Option<(Flujo, u64)>> {
        match self.primario.abrir(sha256).await {
            Ok(Some(f)) => return Ok(Some(f)),
            Ok(None) => tracing::warn!(
                sha256,
                "object missing from the primary store; served from the backup"
            ),
            Err(e) => {
                tracing::warn!(sha256, error = %e, "primary store failed; served from the backup")
            }
        }
        self.respaldo.abrir(sha256).await
    }

    /// Copies an object from one store to the other through a temporary file, overwriting
    /// what was there; fails when the copy read does not hash to `sha256`.
    pub async fn copiar(&self, desde: &Almacen, hacia: &Almacen, sha256: &str) -> io::Result<()> {
        use futures_util::StreamExt;
        use tokio::io::AsyncWriteExt;
        let Some((mut flujo, _)) = desde.abrir(sha256).await? else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no hay copia de origen",
            ));
        };
        let temporal = self.nuevo_temporal();
        let resultado = async {
            let mut archivo = tokio::fs::File::create(&temporal).await?;
            let mut hasher = Sha256::new();
            while let Some(trozo) = flujo.next().await {
                let trozo = trozo?;
                hasher.update(&trozo);
                archivo.write_all(&trozo).await?;
            }
            archivo.sync_all().await?;
            drop(archivo);
            if hex::encode(hasher.finalize()) != sha256 {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "la copia de origen tampoco coincide con su hash",
                ));
            }
            hacia.guardar(&temporal, sha256, true).await
        }
        .await;
        let _ = tokio::fs::remove_file(&temporal).await;
        resultado
    }
}

/// Where a store is, as configured: a directory, or `s3://bucket[/prefix]`.
pub fn abrir_almacen(destino: &str, s3: &ConfigS3) -> Result<Almacen, String> {
    match destino.strip_prefix("s3://") {
        Some(resto) => {
            let (cubo, prefijo) = resto.split_once('/').unwrap_or((resto, ""));
            if cubo.is_empty() {
                return Err(format!("falta el nombre del bucket en {destino}"));
            }
            S3::new(cubo, prefijo.trim_matches('/'), s3).map(Almacen::S3)
        }
        None => Ok(Almacen::Disco(Disco::new(PathBuf::from(destino)))),
    }
}

/// True for a well-formed object key (64 lowercase hex digits).
pub fn clave_valida(sha256: &str) -> bool {
    sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
