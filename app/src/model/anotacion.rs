//! Anotaciones as the API and the screens exchange them (API.md "Resources added with the later
//! steps"), and the rule every note's text follows.

use serde::{Deserialize, Serialize};

/// Whoever sees the expediente sees it.
pub const PUBLICA: &str = "PUBLICA";
/// Only the users whose own unidad wrote it, and administrators.
pub const UNIDAD: &str = "UNIDAD";

/// Longest note, in characters.
pub const MAX_TEXTO_ANOTACION: usize = 4_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Anotacion {
    pub id: i64,
    pub expediente_id: i64,
    pub texto: String,
    /// `PUBLICA` or `UNIDAD`.
    pub visibilidad: String,
    pub autor_id: i64,
    /// The author's name and surname.
    pub autor: String,
    pub unidad_id: i64,
    pub creado_en: String,
    /// When the current text replaced an earlier one ("editada").
    pub editado_en: Option<String>,
    pub version: i64,
    pub eliminada: bool,
    pub eliminada_en: Option<String>,
    pub motivo_eliminacion: Option<String>,
    /// Whether the user who asked may edit and remove it (its author, or an administrator).
    pub puede_modificar: bool,
}

/// `POST /expedientes/{id}/anotaciones`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevaAnotacion {
    #[serde(default)]
    pub texto: String,
    /// `PUBLICA` (default) or `UNIDAD`.
    pub visibilidad: Option<String>,
}

/// `PATCH /anotaciones/{id}`: the new text and the `version` last read (required).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CambioAnotacion {
    #[serde(default)]
    pub texto: String,
    pub version: Option<i64>,
}

/// A text a note had before an edit replaced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevisionAnotacion {
    /// The note's version while this was its text.
    pub version: i64,
    pub texto: String,
    /// Who wrote this text, and when.
    pub escrita_por: i64,
    pub escrita_en: String,
}

/// Invisible format characters (Unicode `Cf`: zero-width spaces and joiners, bidirectional
/// overrides, the byte-order mark…), which could make a text read differently from what it says.
pub fn es_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A written text as it is kept (notes, escritos): line breaks as `\n`, invisible format
/// characters and other control characters (tabs and line breaks aside) removed, trimmed.
pub fn texto_limpio(raw: &str) -> String {
    let limpio: String = raw
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !es_invisible(*c) && (!c.is_control() || matches!(c, '\n' | '\t')))
        .collect();
    limpio.trim().to_owned()
}

/// A note's text: [`texto_limpio`], 1–[`MAX_TEXTO_ANOTACION`] characters. It is shown as
/// text, never as markup.
pub fn texto_anotacion(raw: &str) -> Result<String, String> {
    let texto = texto_limpio(raw);
    if texto.is_empty() {
        return Err("Escribí el texto de la anotación.".to_owned());
    }
    let n = texto.chars().count();
    if n > MAX_TEXTO_ANOTACION {
        return Err(format!(
            "La anotación puede tener hasta {MAX_TEXTO_ANOTACION} caracteres (tiene {n})."
        ));
    }
    Ok(texto)
}

/// `PUBLICA` (also when absent or empty) or `UNIDAD`.
pub fn visibilidad(raw: Option<&str>) -> Result<&'static str, &'static str> {
    match raw.map(str::trim) {
        None | Some("") => Ok(PUBLICA),
        Some(v) if v.eq_ignore_ascii_case(PUBLICA) => Ok(PUBLICA),
        Some(v) if v.eq_ignore_ascii_case(UNIDAD) => Ok(UNIDAD),
        Some(_) => Err("Elegí PUBLICA (la ve quien ve el expediente) o UNIDAD (solo tu unidad)."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn el_texto_se_limpia_y_se_limita() {
        assert_eq!(
            texto_anotacion("  Hola\r\nmundo\u{200B}\u{202E}\u{0007}  ").as_deref(),
            Ok("Hola\nmundo")
        );
        assert!(texto_anotacion(" \u{200B}\u{FEFF} ").is_err());
        assert!(texto_anotacion("").is_err());
        assert!(texto_anotacion(&"ñ".repeat(MAX_TEXTO_ANOTACION)).is_ok());
        assert!(texto_anotacion(&"ñ".repeat(MAX_TEXTO_ANOTACION + 1)).is_err());
        // Markup stays as the characters typed: it is shown as text.
        assert_eq!(texto_anotacion("<b>x</b>").as_deref(), Ok("<b>x</b>"));
    }

    #[test]
    fn la_visibilidad_es_publica_o_de_la_unidad() {
        assert_eq!(visibilidad(None), Ok(PUBLICA));
        assert_eq!(visibilidad(Some("")), Ok(PUBLICA));
        assert_eq!(visibilidad(Some("unidad")), Ok(UNIDAD));
        assert!(visibilidad(Some("TODOS")).is_err());
    }
}
