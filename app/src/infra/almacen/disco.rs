//! A store in a local directory: `ab/cd/<sha256>`, written under `.tmp/` and renamed into
//! place once synced, so a reader never sees a partial object.

use super::{Flujo, PREFIJO_TEMPORAL, clave_valida};
use bytes::Bytes;
use std::io;
use std::path::{Path, PathBuf};
use tokio::io::AsyncReadExt;

pub struct Disco {
    raiz: PathBuf,
}

/// Chunk size for reading objects.
const TROZO: usize = 256 * 1024;

impl Disco {
    pub fn new(raiz: PathBuf) -> Self {
        Self { raiz }
    }

    pub fn raiz(&self) -> &Path {
        &self.raiz
    }

    pub fn dir_temporal(&self) -> PathBuf {
        self.raiz.join(".tmp")
    }

    fn ruta(&self, sha256: &str) -> PathBuf {
        self.raiz
            .join(&sha256[0..2])
            .join(&sha256[2..4])
            .join(sha256)
    }

    /// Writes `origen` as the object (a copy: `origen` stays), over whatever was there.
    pub(super) async fn escribir(&self, origen: &Path, sha256: &str) -> io::Result<()> {
        let destino = self.ruta(sha256);
        let dir_tmp = self.dir_temporal();
        tokio::fs::create_dir_all(&dir_tmp).await?;
        let temporal = dir_tmp.join(format!(
            "{PREFIJO_TEMPORAL}copia-{sha256}-{:08x}",
            rand::random::<u32>()
        ));
        let resultado = async {
            tokio::fs::copy(origen, &temporal).await?;
            sincronizar(&temporal).await?;
            colocar(&temporal, &destino).await
        }
        .await;
        if resultado.is_err() {
            let _ = tokio::fs::remove_file(&temporal).await;
        }
        resultado
    }

    /// Takes a complete, synced file from this store's temporary directory as the object,
    /// over whatever was there.
    pub(super) async fn adoptar(&self, origen: &Path, sha256: &str) -> io::Result<()> {
        match colocar(origen, &self.ruta(sha256)).await {
            Ok(()) => Ok(()),
            // On another file system after all: copy instead.
            Err(e) if e.raw_os_error() == Some(18) => self.escribir(origen, sha256).await,
            Err(e) => Err(e),
        }
    }

    pub(super) async fn abrir(&self, sha256: &str) -> io::Result<Option<(Flujo, u64)>> {
        if !clave_valida(sha256) {
            return Ok(None);
        }
        let archivo = match tokio::fs::File::open(self.ruta(sha256)).await {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let largo = archivo.metadata().await?.len();
        let flujo = futures_util::stream::unfold(Some(archivo), |estado| async move {
            let mut archivo = estado?;
            let mut buf = vec![0u8; TROZO];
            match archivo.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok(Bytes::from(buf)), Some(archivo)))
                }
                Err(e) => Some((Err(e), None)),
            }
        });
        Ok(Some((Box::pin(flujo), largo)))
    }

    pub(super) async fn listar(&self) -> io::Result<Vec<String>> {
        let raiz = self.raiz.clone();
        tokio::task::spawn_blocking(move || {
            let mut claves = Vec::new();
            let niveles = match std::fs::read_dir(&raiz) {
                Ok(d) => d,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(claves),
                Err(e) => return Err(e),
            };
            for a in niveles {
                let a = a?;
                if a.file_name().len() != 2 || !a.file_type()?.is_dir() {
                    continue;
                }
                for b in std::fs::read_dir(a.path())? {
                    let b = b?;
                    if !b.file_type()?.is_dir() {
                        continue;
                    }
                    for c in std::fs::read_dir(b.path())? {
                        let nombre = c?.file_name().to_string_lossy().into_owned();
                        if clave_valida(&nombre) {
                            claves.push(nombre);
                        }
                    }
                }
            }
            claves.sort();
            Ok(claves)
        })
        .await
        .map_err(io::Error::other)?
    }

    pub(super) async fn disponible(&self) -> bool {
        tokio::fs::create_dir_all(&self.raiz).await.is_ok()
    }
}

async fn sincronizar(ruta: &Path) -> io::Result<()> {
    tokio::fs::OpenOptions::new()
        .write(true)
        .open(ruta)
        .await?
        .sync_all()
        .await
}

/// Renames a synced file to its final place, then syncs the directory so the name survives a
/// power cut.
async fn colocar(origen: &Path, destino: &Path) -> io::Result<()> {
    let dir = destino.parent().expect("an object path has a directory");
    tokio::fs::create_dir_all(dir).await?;
    tokio::fs::rename(origen, destino).await?;
    tokio::fs::File::open(dir).await?.sync_all().await
}
