//! Organisation and users as the API and the administration screens exchange them (API.md,
//! "Resources"). Bodies deserialise leniently (missing fields become empty) so validation can
//! answer 422 with a message per field; only a malformed body answers 400.

use super::Perfil;
use serde::{Deserialize, Deserializer, Serialize};

/// A page of a list: the envelope every list answer has (API.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Lista<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// `?page=&per_page=&q=` of a list request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct ConsultaLista {
    pub page: Option<u64>,
    pub per_page: Option<u64>,
    /// Free text: matches code, name or e-mail, ignoring case.
    pub q: Option<String>,
}

impl ConsultaLista {
    pub const MAX_POR_PAGINA: u64 = 200;
    /// The last page asked for that is read as asked: beyond it the list is empty anyway, and
    /// the offset (page × size) stays far inside every integer type on the way to the database.
    pub const MAX_PAGINA: u64 = 1_000_000;

    /// Page (1–1,000,000, default 1) and page size (1–200, default 50).
    pub fn pagina(&self) -> (u64, u64) {
        let page = self.page.unwrap_or(1).clamp(1, Self::MAX_PAGINA);
        let per_page = self.per_page.unwrap_or(50).clamp(1, Self::MAX_POR_PAGINA);
        (page, per_page)
    }

    /// The search text, trimmed and in lower case; the message when it passes the limits of
    /// [`super::palabras_de_busqueda`].
    pub fn texto(&self) -> Result<Option<String>, &'static str> {
        super::palabras_de_busqueda(self.q.as_deref())?;
        Ok(self
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase))
    }
}

/// Reads a present `null` as `Some(None)` and an absent field as `None`, so a PATCH can clear
/// a value.
pub(crate) fn doble<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Organismo {
    pub id: i64,
    pub codigo: String,
    pub nombre: String,
    /// `CENTRAL` or `DESCENTRALIZADO`.
    pub tipo: String,
    pub activo: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevoOrganismo {
    #[serde(default)]
    pub codigo: String,
    #[serde(default)]
    pub nombre: String,
    #[serde(default)]
    pub tipo: String,
    pub activo: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CambiosOrganismo {
    pub codigo: Option<String>,
    pub nombre: Option<String>,
    pub tipo: Option<String>,
    pub activo: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Unidad {
    pub id: i64,
    pub organismo_id: i64,
    pub codigo: String,
    pub nombre: String,
    /// `MESA_DE_ENTRADA` or `OFICINA`.
    pub tipo: String,
    /// The mesa an oficina depends on (`null` for a mesa).
    pub mesa_id: Option<i64>,
    pub activo: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevaUnidad {
    pub organismo_id: Option<i64>,
    #[serde(default)]
    pub codigo: String,
    #[serde(default)]
    pub nombre: String,
    #[serde(default)]
    pub tipo: String,
    pub mesa_id: Option<i64>,
    pub activo: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CambiosUnidad {
    pub codigo: Option<String>,
    pub nombre: Option<String>,
    pub tipo: Option<String>,
    #[serde(default, deserialize_with = "doble")]
    pub mesa_id: Option<Option<i64>>,
    pub activo: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Usuario {
    pub id: i64,
    pub email: String,
    pub nombre: String,
    pub apellido: String,
    pub perfil: Perfil,
    pub unidad_id: Option<i64>,
    pub organismo_id: Option<i64>,
    pub acceso: Vec<i64>,
    pub activo: bool,
    /// Only in the answer that generated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_temporal: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevoUsuario {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub nombre: String,
    #[serde(default)]
    pub apellido: String,
    #[serde(default)]
    pub perfil: String,
    pub unidad_id: Option<i64>,
    pub organismo_id: Option<i64>,
    pub acceso: Option<Vec<i64>>,
    pub password: Option<String>,
    pub activo: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CambiosUsuario {
    pub email: Option<String>,
    pub nombre: Option<String>,
    pub apellido: Option<String>,
    pub perfil: Option<String>,
    #[serde(default, deserialize_with = "doble")]
    pub unidad_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "doble")]
    pub organismo_id: Option<Option<i64>>,
    pub acceso: Option<Vec<i64>>,
    pub activo: Option<bool>,
}

/// A personal API token as listed (never with its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Token {
    pub id: i64,
    pub nombre: String,
    pub creado_en: String,
    pub ultimo_uso: Option<String>,
    /// When it stops working (API.md: tokens expire).
    pub expira_en: String,
    /// The secret: only in the answer that created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevoToken {
    #[serde(default)]
    pub nombre: String,
    /// The user's current password: a stolen session alone cannot mint a lasting credential.
    #[serde(default)]
    pub password: String,
}

/// One event of the administration audit or of a historial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Evento {
    pub id: i64,
    pub entidad: String,
    pub entidad_id: i64,
    pub tipo: String,
    pub actor_id: Option<i64>,
    pub unidad_id: Option<i64>,
    pub en: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub datos: serde_json::Value,
    pub hash: String,
    pub hash_anterior: String,
}

#[cfg(test)]
mod tests {
    use super::ConsultaLista;

    #[test]
    fn una_pagina_fuera_de_rango_se_acota_sin_desbordar() {
        let c = |page, per_page| ConsultaLista {
            page,
            per_page,
            q: None,
        };
        assert_eq!(c(None, None).pagina(), (1, 50));
        assert_eq!(c(Some(0), Some(0)).pagina(), (1, 1));
        assert_eq!(c(Some(u64::MAX), Some(u64::MAX)).pagina(), (1_000_000, 200));
        let (page, per_page) = c(Some(u64::MAX), Some(u64::MAX)).pagina();
        assert!(
            (page - 1)
                .checked_mul(per_page)
                .is_some_and(|o| o < i64::MAX as u64)
        );
    }
}
