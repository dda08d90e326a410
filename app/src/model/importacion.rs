//! The CSV import of the province's access-request list, as the API and the screen show it.

use serde::{Deserialize, Serialize};

/// One row of the file as understood, with its problems (none means it will be imported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FilaImportacion {
    /// Line in the file (the header is line 1).
    pub linea: usize,
    pub nombre: String,
    pub apellido: String,
    pub email: String,
    pub organismo: String,
    pub dependencia: String,
    pub perfil: String,
    pub errores: Vec<String>,
}

/// The preview of a file: every row and whether the whole file can be imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VistaPrevia {
    pub filas: Vec<FilaImportacion>,
    pub total: usize,
    pub con_errores: usize,
    /// True when no row has a problem: only then the file can be imported.
    pub valida: bool,
    /// Problems of the file as a whole (encoding, missing columns).
    pub errores: Vec<String>,
}

/// A background import, as its progress is polled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EstadoImportacion {
    pub id: String,
    /// `EN_CURSO`, `TERMINADA` or `FALLIDA`.
    pub estado: String,
    /// Rows to import.
    pub total: usize,
    /// Steps done out of `pasos` (hashing each password, then saving each user).
    pub hechos: usize,
    pub pasos: usize,
    pub mensaje: Option<String>,
}
