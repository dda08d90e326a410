//! The registry of the entes (API.md `GET /api/v1/estadisticas`).

use super::Sesion;
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::expedientes::estadisticas;
use app::estado::AppState;
use app::model::{ConsultaEstadisticas, Estadisticas};
use axum::Json;
use axum::extract::{Query, State};

/// Per organismo and unidad over a period (the current month by default), only what the user
/// may see.
#[utoipa::path(get, path = "/api/v1/estadisticas", params(ConsultaEstadisticas),
    responses((status = 200, body = Estadisticas), (status = 422, body = RespuestaDeError)))]
pub async fn estadisticas(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(consulta): Query<ConsultaEstadisticas>,
) -> Result<Json<Estadisticas>, ApiError> {
    Ok(Json(
        estadisticas::calcular(&state.db, &actor, &consulta).await?,
    ))
}

/// The same figures as CSV for a spreadsheet.
#[utoipa::path(get, path = "/api/v1/estadisticas/exportacion.csv", params(ConsultaEstadisticas),
    responses((status = 200, content_type = "text/csv"), (status = 422, body = RespuestaDeError)))]
pub async fn exportar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(consulta): Query<ConsultaEstadisticas>,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let e = estadisticas::calcular(&state.db, &actor, &consulta).await?;
    let mut res = estadisticas::csv(&e)?.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"registro-{}-{}.csv\"",
        e.desde, e.hasta
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
