//! Documents (archivos) of an expediente as the API and the screens exchange them.

use serde::{Deserialize, Serialize};

/// A document at its current version (API.md "Resources").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Documento {
    pub id: i64,
    pub expediente_id: i64,
    /// The name as sent, reduced to its last path component without control characters.
    pub nombre: String,
    /// The media type decided from the content.
    pub tipo: String,
    /// Size in bytes.
    pub tamano: i64,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    pub paginas: i32,
    pub foja_desde: i32,
    pub foja_hasta: i32,
    pub version: i32,
    /// Sealed by a pase: it can no longer be replaced or removed.
    pub sellado: bool,
    /// Removed (desglose): the bytes are kept, the list shows a placeholder.
    pub eliminado: bool,
    pub motivo_eliminacion: Option<String>,
    pub subido_por: i64,
    pub subido_en: String,
}

/// One version of a document; the current one is the last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VersionDocumento {
    pub documento_id: i64,
    pub version: i32,
    pub nombre: String,
    pub tipo: String,
    pub tamano: i64,
    pub sha256: String,
    pub paginas: i32,
    pub subido_por: i64,
    pub subido_en: String,
}

/// A document as a constancia de pase records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocumentoConstancia {
    pub id: i64,
    pub version: i32,
    pub nombre: String,
    pub sha256: String,
    pub foja_desde: i32,
    pub foja_hasta: i32,
}

/// What a pase sealed: the documents present at that moment with their hashes and fojas,
/// chained to the expediente's previous constancia.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Constancia {
    pub pase_id: i64,
    pub enviado_en: String,
    pub fojas: i32,
    pub documentos: Vec<DocumentoConstancia>,
    /// The hash of the previous constancia of the expediente (64 zeros for the first).
    pub anterior: String,
    /// SHA-256 of this constancia's canonical JSON without this field.
    pub hash: String,
}

/// The cuerpo (volume) a foja belongs to: a new cuerpo every 200 fojas.
pub fn cuerpo(foja: i32) -> i32 {
    (foja.max(1) - 1) / FOJAS_POR_CUERPO + 1
}

/// How many cuerpos an expediente with these fojas has (at least one).
pub fn cuerpos(fojas: i32) -> i32 {
    cuerpo(fojas)
}

pub const FOJAS_POR_CUERPO: i32 = 200;

/// "1,5 MB": a size for people.
pub fn tamano_legible(bytes: i64) -> String {
    const UNIDADES: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // In whole tenths, rounded half up: integer arithmetic only (no float formatting, which
    // would weigh some 20 KB in the browser's WASM).
    let bytes = bytes.unsigned_abs();
    let mut divisor: u64 = 1024;
    let mut unidad = 0;
    while bytes >= divisor * 1024 && unidad < UNIDADES.len() - 1 {
        divisor *= 1024;
        unidad += 1;
    }
    let decimas = bytes.saturating_mul(10).saturating_add(divisor / 2) / divisor;
    format!("{},{} {}", decimas / 10, decimas % 10, UNIDADES[unidad])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_cuerpo_every_200_fojas() {
        assert_eq!(cuerpo(1), 1);
        assert_eq!(cuerpo(200), 1);
        assert_eq!(cuerpo(201), 2);
        assert_eq!(cuerpo(400), 2);
        assert_eq!(cuerpo(401), 3);
        assert_eq!(cuerpos(0), 1);
        assert_eq!(cuerpos(450), 3);
    }

    #[test]
    fn sizes_read_in_spanish() {
        assert_eq!(tamano_legible(512), "512 B");
        assert_eq!(tamano_legible(1536), "1,5 KB");
        assert_eq!(tamano_legible(100 * 1024 * 1024), "100,0 MB");
        assert_eq!(tamano_legible(1023 * 1024), "1023,0 KB");
        assert_eq!(tamano_legible(1024 * 1024 - 1), "1024,0 KB");
        assert_eq!(tamano_legible(3 * 1024 * 1024 - 100 * 1024), "2,9 MB");
        assert_eq!(
            tamano_legible(5 * 1024 * 1024 * 1024 * 1024 * 1024),
            "5120,0 TB"
        );
    }
}
