//! A store in an S3-compatible bucket (`object_store`). Small objects go in one PUT, larger
//! ones as a multipart upload that is completed only when every part is in (aborted on
//! failure), so an object is either absent or whole.

use super::{Flujo, clave_valida};
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as Clave;
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use std::io;
use std::path::Path;
use tokio::io::AsyncReadExt;

/// Connection settings shared by every `s3://` store.
#[derive(Debug, Clone, Default)]
pub struct ConfigS3 {
    /// e.g. `http://127.0.0.1:8333`; `None` means AWS itself.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

pub struct S3 {
    cubo: String,
    prefijo: String,
    cliente: AmazonS3,
}

/// Part size of a multipart upload, and the largest object sent in a single PUT.
const PARTE: usize = 8 * 1024 * 1024;
/// Parts in flight at once.
const PARTES_EN_VUELO: usize = 2;

fn a_io(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e),
        otro => io::Error::other(otro),
    }
}

impl S3 {
    pub fn new(cubo: &str, prefijo: &str, config: &ConfigS3) -> Result<Self, String> {
        // A large document takes longer than the client's default 30 s per request; the
        // client options go first, as they replace `allow_http` too.
        let mut b = AmazonS3Builder::new()
            .with_client_options(
                ClientOptions::new().with_timeout(std::time::Duration::from_secs(3600)),
            )
            .with_bucket_name(cubo)
            .with_region(&config.region);
        if let Some(endpoint) = &config.endpoint {
            b = b
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        if let Some(k) = &config.access_key_id {
            b = b.with_access_key_id(k);
        }
        if let Some(k) = &config.secret_access_key {
            b = b.with_secret_access_key(k);
        }
        let cliente = b
            .build()
            .map_err(|e| format!("configuración de S3 inválida para el bucket {cubo}: {e}"))?;
        Ok(Self {
            cubo: cubo.to_owned(),
            prefijo: prefijo.to_owned(),
            cliente,
        })
    }

    pub fn descripcion(&self) -> String {
        format!("s3://{}/{}", self.cubo, self.prefijo)
    }

    fn clave(&self, sha256: &str) -> Clave {
        if self.prefijo.is_empty() {
            Clave::from(sha256)
        } else {
            Clave::from(format!("{}/{sha256}", self.prefijo))
        }
    }

    /// Writes `origen` as the object, over whatever was there.
    pub(super) async fn escribir(&self, origen: &Path, sha256: &str) -> io::Result<()> {
        let clave = self.clave(sha256);
        let mut archivo = tokio::fs::File::open(origen).await?;
        let largo = archivo.metadata().await?.len();
        if largo <= PARTE as u64 {
            let mut datos = Vec::with_capacity(largo as usize);
            archivo.read_to_end(&mut datos).await?;
            self.cliente
                .put(&clave, PutPayload::from(datos))
                .await
                .map_err(a_io)?;
            return Ok(());
        }
        let subida = self.cliente.put_multipart(&clave).await.map_err(a_io)?;
        let mut escritor = WriteMultipart::new_with_chunk_size(subida, PARTE);
        let mut buf = vec![0u8; 1024 * 1024];
        let resultado: io::Result<()> = async {
            loop {
                let n = archivo.read(&mut buf).await?;
                if n == 0 {
                    return Ok(());
                }
                escritor
                    .wait_for_capacity(PARTES_EN_VUELO)
                    .await
                    .map_err(a_io)?;
                escritor.write(&buf[..n]);
            }
        }
        .await;
        // Every part in: only then complete (or abort, so no part stays billed in the bucket).
        let resultado = match resultado {
            Ok(()) => escritor.wait_for_capacity(0).await.map_err(a_io),
            Err(e) => Err(e),
        };
        match resultado {
            Ok(()) => escritor.finish().await.map(|_| ()).map_err(a_io),
            Err(e) => {
                // Parts already sent are discarded; nothing becomes visible.
                let _ = escritor.abort().await;
                Err(e)
            }
        }
    }

    pub(super) async fn abrir(&self, sha256: &str) -> io::Result<Option<(Flujo, u64)>> {
        if !clave_valida(sha256) {
            return Ok(None);
        }
        match self.cliente.get(&self.clave(sha256)).await {
            Ok(r) => {
                let largo = r.meta.size;
                let flujo = r.into_stream().map_err(a_io).boxed();
                Ok(Some((flujo, largo)))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(a_io(e)),
        }
    }

    pub(super) async fn listar(&self) -> io::Result<Vec<String>> {
        let prefijo = (!self.prefijo.is_empty()).then(|| Clave::from(self.prefijo.as_str()));
        let mut claves: Vec<String> = self
            .cliente
            .list(prefijo.as_ref())
            .map_ok(|m| m.location.filename().unwrap_or_default().to_owned())
            .try_collect::<Vec<_>>()
            .await
            .map_err(a_io)?
            .into_iter()
            .filter(|c| clave_valida(c))
            .collect();
        claves.sort();
        Ok(claves)
    }

    pub(super) async fn disponible(&self) -> bool {
        let prefijo = (!self.prefijo.is_empty()).then(|| Clave::from(self.prefijo.as_str()));
        self.cliente
            .list(prefijo.as_ref())
            .next()
            .await
            .is_none_or(|r| r.is_ok())
    }
}
