//! The administration audit (ADMINISTRADOR), newest first.

use super::Sesion;
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::cuentas::auditoria;
use app::domain::cuentas::auditoria::FiltroAuditoria;
use app::estado::AppState;
use app::model::{ConsultaLista, Evento, Lista};
use axum::Json;
use axum::extract::{Query, State};

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct ConsultaAuditoria {
    page: Option<u64>,
    per_page: Option<u64>,
    /// `organismo`, `unidad` or `usuario`.
    entidad: Option<String>,
    entidad_id: Option<i64>,
}

/// Who changed what in the organisation, when, with before/after.
#[utoipa::path(get, path = "/api/v1/auditoria", params(ConsultaAuditoria), responses(
    (status = 200, description = "Eventos", body = Lista<Evento>), (status = 403, body = RespuestaDeError)))]
pub async fn listar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(c): Query<ConsultaAuditoria>,
) -> Result<Json<Lista<Evento>>, ApiError> {
    let consulta = ConsultaLista {
        page: c.page,
        per_page: c.per_page,
        q: None,
    };
    let filtro = FiltroAuditoria {
        entidad: c.entidad,
        entidad_id: c.entidad_id,
    };
    Ok(Json(
        auditoria::listar(&state.db, &actor, &consulta, &filtro).await?,
    ))
}
