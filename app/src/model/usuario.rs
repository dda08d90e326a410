use super::Perfil;
use serde::{Deserialize, Serialize};

/// The logged-in user as `GET /api/v1/me` and the app shell see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub nombre: String,
    pub apellido: String,
    pub perfil: Perfil,
    pub unidad_id: Option<i64>,
    pub unidad_nombre: Option<String>,
    pub organismo_id: Option<i64>,
    pub organismo_nombre: Option<String>,
    /// Organismos whose expedientes this user may read (DOMAIN.md, access list).
    pub acceso: Vec<i64>,
    pub activo: bool,
    /// True while the password is temporary: every other action is refused until it changes.
    pub debe_cambiar_password: bool,
}

impl Me {
    pub fn nombre_completo(&self) -> String {
        format!("{} {}", self.nombre, self.apellido)
    }
}

/// Body of `POST /api/v1/auth/login`. Missing fields deserialise as empty and are refused
/// with 422 by validation, so only a malformed body answers 400.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Credenciales {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
}

/// Body of `POST /api/v1/auth/password`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CambioClave {
    #[serde(default)]
    pub actual: String,
    #[serde(default)]
    pub nueva: String,
}
