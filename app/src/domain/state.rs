use super::almacen::Almacenes;
use super::importacion::Trabajos;
use super::passwords::Hasher;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;

/// Session and login settings, read once from configuration.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// True when the public URL is https: cookies get `Secure` and the `__Host-` prefix.
    pub https: bool,
    /// The address people use to reach the app, e.g. `https://sigexp.santacruz.gob.ar/`.
    pub url_publica: String,
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after login, used or not.
    pub absolute: Duration,
    /// A personal API token stops working this long after its creation.
    pub vigencia_token: Duration,
}

impl AuthConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-sigexp_sesion"
        } else {
            "sigexp_sesion"
        }
    }
}

/// What every door needs: database, settings, the password hasher, document storage. Handed to axum handlers
/// as `State` and to server functions through context (the same value).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub auth: Arc<AuthConfig>,
    pub hasher: Hasher,
    /// Background CSV imports.
    pub trabajos: Trabajos,
    /// Where document bytes live (primary and backup).
    pub almacenes: Arc<Almacenes>,
    /// Largest document accepted, in bytes.
    pub limite_subida: u64,
    pub leptos_options: LeptosOptions,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
