//! argon2id password hashing off the async runtime, with bounded concurrency so a login
//! flood queues instead of stalling every other request (issue #2, DECISIONS.md).

use crate::domain::DomainError;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rand::Rng;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How long a login waits for a free hashing slot before answering "busy".
const ESPERA_MAXIMA: Duration = Duration::from_secs(10);

/// A PHC string of a random password, verified when the e-mail is unknown so that timing does
/// not reveal which accounts exist. Built once at startup.
#[derive(Clone)]
pub struct Hasher {
    permisos: Arc<Semaphore>,
    hash_ficticio: Arc<str>,
    /// How long a verification took lately, waiting for a slot included (microseconds, a
    /// moving average).
    duracion_us: Arc<AtomicU64>,
}

/// argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1), which are the crate's defaults.
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

impl Hasher {
    /// `concurrencia`: how many hashes may run at once (the number of cores is a good value).
    pub fn new(concurrencia: usize) -> Result<Self, DomainError> {
        let ficticia = generar_password_temporal();
        let inicio = Instant::now();
        let hash = hash_bloqueante(&ficticia)?;
        Ok(Hasher {
            permisos: Arc::new(Semaphore::new(concurrencia.max(1))),
            hash_ficticio: hash.into(),
            duracion_us: Arc::new(AtomicU64::new(micros(inicio.elapsed()))),
        })
    }

    /// How long a verification takes these days: what an answer that skips one waits instead
    /// (never more than the longest wait for a slot).
    pub fn duracion_tipica(&self) -> Duration {
        Duration::from_micros(self.duracion_us.load(Ordering::Relaxed)).min(ESPERA_MAXIMA)
    }

    async fn en_hilo<T: Send + 'static>(
        &self,
        trabajo: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        let permiso = tokio::time::timeout(ESPERA_MAXIMA, self.permisos.clone().acquire_owned())
            .await
            .map_err(|_| DomainError::Ocupado)?
            .map_err(|e| DomainError::Interno(e.to_string()))?;
        let resultado = tokio::task::spawn_blocking(move || {
            let r = trabajo();
            drop(permiso);
            r
        })
        .await
        .map_err(|e| DomainError::Interno(e.to_string()))?;
        Ok(resultado)
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: &str) -> Result<String, DomainError> {
        let password = password.to_owned();
        self.en_hilo(move || hash_bloqueante(&password)).await?
    }

    /// Verifies a password against a stored PHC string; `None` verifies against the dummy hash
    /// (and always answers false) so unknown accounts cost the same time.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> Result<bool, DomainError> {
        let password = password.to_owned();
        let (hash, real) = match hash {
            Some(h) => (h.to_owned(), true),
            None => (self.hash_ficticio.to_string(), false),
        };
        let inicio = Instant::now();
        let ok = self
            .en_hilo(move || {
                argon2()
                    .verify_password(password.as_bytes(), hash.as_str())
                    .is_ok()
            })
            .await?;
        let ahora = micros(inicio.elapsed());
        // Races between updates only lose a sample.
        let antes = self.duracion_us.load(Ordering::Relaxed);
        self.duracion_us.store(
            antes.saturating_mul(7).saturating_add(ahora) / 8,
            Ordering::Relaxed,
        );
        Ok(ok && real)
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// Hashes on the current thread: for startup and background jobs, never on a request's task.
pub fn hash_bloqueante(password: &str) -> Result<String, DomainError> {
    argon2()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Interno(format!("argon2: {e}")))
}

/// A temporary password people can type: 16 characters from an alphabet without look-alikes.
pub fn generar_password_temporal() -> String {
    const ALFABETO: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| char::from(ALFABETO[rng.random_range(0..ALFABETO.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_verifica_y_rechaza() {
        let h = Hasher::new(2).expect("hasher");
        let hash = h.hash("una clave bastante larga").await.expect("hash");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            h.verify("una clave bastante larga", Some(&hash))
                .await
                .expect("ok")
        );
        assert!(
            !h.verify("otra clave bastante larga", Some(&hash))
                .await
                .expect("ok")
        );
        assert!(!h.verify("lo que sea", None).await.expect("ok"));
    }

    #[test]
    fn password_temporal_tiene_16_caracteres() {
        let p = generar_password_temporal();
        assert_eq!(p.chars().count(), 16);
        assert!(p.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
