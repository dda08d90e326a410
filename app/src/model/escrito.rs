//! Escritos as the API and the screens exchange them (API.md "Resources added with the later
//! steps"), and the rules of their fields.

use super::anotacion::texto_limpio;
use serde::{Deserialize, Serialize};

pub const TIPOS: [&str; 3] = ["NOTA", "MEMO", "CIRCULAR"];
pub const MAX_CUERPO: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Escrito {
    pub id: i64,
    pub numero: String,
    /// `NOTA`, `MEMO` or `CIRCULAR`.
    pub tipo: String,
    pub titulo: String,
    pub cuerpo: String,
    pub expediente_id: Option<i64>,
    pub en_respuesta_a: Option<i64>,
    /// The emitting mesa and its organismo.
    pub unidad_id: i64,
    pub organismo_id: i64,
    pub autor_id: i64,
    pub emitido_en: String,
    /// SHA-256 of its canonical content (DECISIONS.md), lowercase hex.
    pub sha256: String,
    /// One receipt per destination unidad.
    pub destinos: Vec<ReciboEscrito>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReciboEscrito {
    pub unidad_id: i64,
    /// Who of that unidad opened it first, and when.
    pub leido_en: Option<String>,
    pub leido_por: Option<i64>,
    /// Who of that unidad took notice (*tomó conocimiento*), and when.
    pub conocimiento_en: Option<String>,
    pub conocimiento_por: Option<i64>,
}

/// One destination as written: a unidad, or an organismo (every active mesa of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DestinoEscrito {
    pub organismo_id: Option<i64>,
    pub unidad_id: Option<i64>,
}

/// `POST /escritos`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevoEscrito {
    /// `NOTA` (default), `MEMO` or `CIRCULAR`.
    pub tipo: Option<String>,
    #[serde(default)]
    pub titulo: String,
    #[serde(default)]
    pub cuerpo: String,
    pub expediente_id: Option<i64>,
    pub en_respuesta_a: Option<i64>,
    /// The emitting mesa: an administrator must name it; a mesa's user emits from its own.
    pub unidad_id: Option<i64>,
    #[serde(default)]
    pub destinos: Vec<DestinoEscrito>,
}

/// `?page=&per_page=&no_leidos=` of the received list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct ConsultaEscritos {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// Only those the user's unidad has not opened.
    pub no_leidos: Option<bool>,
}

/// A draft, as its author goes on writing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Borrador {
    pub id: i64,
    pub tipo: String,
    pub titulo: String,
    pub cuerpo: String,
    pub expediente_id: Option<i64>,
    pub en_respuesta_a: Option<i64>,
    pub unidad_id: i64,
    pub destinos: Vec<DestinoEscrito>,
    pub creado_en: String,
}

/// A lista de difusión of the user's mesa.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListaDifusion {
    pub id: i64,
    pub nombre: String,
    pub destinos: Vec<DestinoEscrito>,
}

/// What the user may do with an escrito now, as the server decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccionesEscrito {
    /// Take notice for the user's unidad (a destination that has not yet).
    pub tomar_conocimiento: bool,
    /// Write an answer (who may emit escritos).
    pub responder: bool,
    /// Add it to an expediente as a PDF (whose perfil attaches documents; the expediente's
    /// own rule is checked when one is named).
    pub vincular: bool,
}

/// The escrito's page: the escrito, the answers the user may see, and what it may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VistaEscrito {
    pub escrito: Escrito,
    pub respuestas: Vec<Escrito>,
    pub acciones: AccionesEscrito,
    /// Names of the people it shows (author, readers), by user id.
    pub personas: Vec<(i64, String)>,
}

/// The tipo as stored: `NOTA` when absent or empty.
pub fn tipo_escrito(raw: Option<&str>) -> Result<&'static str, &'static str> {
    match raw.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok("NOTA"),
        Some(t) => TIPOS
            .into_iter()
            .find(|x| x.eq_ignore_ascii_case(t))
            .ok_or("Elegí NOTA, MEMO o CIRCULAR."),
    }
}

/// A tipo as people read it: Nota, Memo, Circular.
pub fn tipo_legible(tipo: &str) -> &'static str {
    match tipo {
        "MEMO" => "Memo",
        "CIRCULAR" => "Circular",
        _ => "Nota",
    }
}

/// The prefix of a tipo's numbers: `NO`, `ME`, `CI`.
pub fn prefijo(tipo: &str) -> &'static str {
    match tipo {
        "MEMO" => "ME",
        "CIRCULAR" => "CI",
        _ => "NO",
    }
}

/// A título: one line (line breaks become spaces), cleaned as every text, 3–200 characters.
pub fn titulo_escrito(raw: &str) -> Result<String, String> {
    let t = texto_limpio(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match t.chars().count() {
        0 => Err("Escribí el título.".to_owned()),
        1..=2 => Err("El título necesita al menos 3 caracteres.".to_owned()),
        201.. => Err("El título puede tener hasta 200 caracteres.".to_owned()),
        _ => Ok(t),
    }
}

/// A cuerpo: plain text with its paragraphs, cleaned as every text, 1–20,000 characters.
pub fn cuerpo_escrito(raw: &str) -> Result<String, String> {
    let c = texto_limpio(raw);
    let n = c.chars().count();
    if n == 0 {
        return Err("Escribí el cuerpo del escrito.".to_owned());
    }
    if n > MAX_CUERPO {
        return Err(format!(
            "El cuerpo puede tener hasta {MAX_CUERPO} caracteres (tiene {n})."
        ));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tipos_y_prefijos() {
        assert_eq!(tipo_escrito(None), Ok("NOTA"));
        assert_eq!(tipo_escrito(Some("circular")), Ok("CIRCULAR"));
        assert!(tipo_escrito(Some("OFICIO")).is_err());
        assert_eq!(prefijo("MEMO"), "ME");
        assert_eq!(prefijo("CIRCULAR"), "CI");
        assert_eq!(prefijo("NOTA"), "NO");
    }

    #[test]
    fn titulo_y_cuerpo_tienen_limites() {
        assert_eq!(
            titulo_escrito("  Aviso\nde  corte ").as_deref(),
            Ok("Aviso de corte")
        );
        assert!(titulo_escrito("ab").is_err());
        assert!(titulo_escrito(&"x".repeat(201)).is_err());
        assert_eq!(
            cuerpo_escrito("Uno.\r\n\r\nDos.\u{200B}").as_deref(),
            Ok("Uno.\n\nDos.")
        );
        assert!(cuerpo_escrito(" ").is_err());
        assert!(cuerpo_escrito(&"x".repeat(MAX_CUERPO + 1)).is_err());
    }
}
