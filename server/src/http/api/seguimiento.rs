//! Seguimiento: the expedientes a user follows (API.md).

use super::Sesion;
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::expedientes::seguimiento;
use app::estado::AppState;
use app::model::{ConsultaLista, Lista, Seguimiento};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// The expedientes the user follows and may see, the last changed first, each telling whether
/// it changed since the user last opened it.
#[utoipa::path(get, path = "/api/v1/seguimiento", params(ConsultaLista),
    responses((status = 200, description = "Seguidos", body = Lista<Seguimiento>)))]
pub async fn listar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Seguimiento>>, ApiError> {
    Ok(Json(
        seguimiento::listar(&state.db, &actor, &consulta).await?,
    ))
}

/// Follows an expediente the user may see (again: the same answer).
#[utoipa::path(put, path = "/api/v1/seguimiento/{expediente_id}",
    params(("expediente_id" = i64, Path)), responses((status = 200, body = Seguimiento),
    (status = 404, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn seguir(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Seguimiento>, ApiError> {
    Ok(Json(seguimiento::seguir(&state.db, &actor, id).await?))
}

/// Stops following an expediente.
#[utoipa::path(delete, path = "/api/v1/seguimiento/{expediente_id}",
    params(("expediente_id" = i64, Path)), responses((status = 204),
    (status = 404, body = RespuestaDeError)))]
pub async fn dejar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    seguimiento::dejar(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
