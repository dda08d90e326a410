//! The app state every door is handed (axum `State`, server-function context) and its wiring
//! to Leptos. Outside the domain: it is where the domain meets the web framework.

use crate::domain::acceso::passwords::Hasher;
use crate::domain::acceso::sesiones::AuthConfig;
use crate::infra::almacen::Almacenes;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What every door needs: database, settings, the password hasher, document storage. Handed to axum handlers
/// as `State` and to server functions through context (the same value).
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub auth: Arc<AuthConfig>,
    pub hasher: Hasher,
    /// Where document bytes live (primary and backup).
    pub almacenes: Arc<Almacenes>,
    /// Largest document accepted, in bytes.
    pub limite_subida: u64,
    /// The citizens' consulta answers (`SIGEXP_CONSULTA_PUBLICA`, on by default).
    pub consulta_publica: bool,
    pub leptos_options: LeptosOptions,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
