//! Anotaciones on expedientes (API.md).

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::acceso::authz::Accion;
use app::domain::expedientes;
use app::domain::expedientes::anotaciones;
use app::estado::AppState;
use app::model::{
    Anotacion, CambioAnotacion, ConsultaLista, Lista, Motivo, NuevaAnotacion, RevisionAnotacion,
};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// The notes of an expediente this user may see, oldest first.
#[utoipa::path(get, path = "/api/v1/expedientes/{id}/anotaciones",
    params(("id" = i64, Path), ConsultaLista),
    responses((status = 200, description = "Anotaciones", body = Lista<Anotacion>), (status = 404, body = RespuestaDeError)))]
pub async fn listar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Anotacion>>, ApiError> {
    Ok(Json(
        anotaciones::listar(&state.db, &actor, id, &consulta).await?,
    ))
}

/// Writes a note, public or private to the writer's unidad.
#[utoipa::path(post, path = "/api/v1/expedientes/{id}/anotaciones", request_body = NuevaAnotacion,
    params(("id" = i64, Path)), responses((status = 201, body = Anotacion),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 422, body = RespuestaDeError)))]
pub async fn agregar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Anotacion>), ApiError> {
    expedientes::puede(&state.db, &actor, id, Accion::Anotar).await?;
    let nueva: NuevaAnotacion = cuerpo(&bytes)?;
    let a = anotaciones::agregar(&state.db, &actor, id, &nueva).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// Replaces a note's text (its author or an administrator); `version` is required.
#[utoipa::path(patch, path = "/api/v1/anotaciones/{id}", request_body = CambioAnotacion,
    params(("id" = i64, Path)), responses((status = 200, body = Anotacion),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn editar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Anotacion>, ApiError> {
    anotaciones::puede_modificar(&state.db, &actor, id).await?;
    let cambio: CambioAnotacion = cuerpo(&bytes)?;
    Ok(Json(
        anotaciones::editar(&state.db, &actor, id, &cambio).await?,
    ))
}

/// Removes a note logically, with a motivo (its author or an administrator).
#[utoipa::path(delete, path = "/api/v1/anotaciones/{id}", request_body = Motivo,
    params(("id" = i64, Path)), responses((status = 200, body = Anotacion),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn eliminar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Anotacion>, ApiError> {
    anotaciones::puede_modificar(&state.db, &actor, id).await?;
    let motivo: Motivo = if bytes.is_empty() {
        Motivo::default()
    } else {
        cuerpo(&bytes)?
    };
    Ok(Json(
        anotaciones::eliminar(&state.db, &actor, id, &motivo.motivo).await?,
    ))
}

/// Every earlier text of a note, oldest first.
#[utoipa::path(get, path = "/api/v1/anotaciones/{id}/revisiones",
    params(("id" = i64, Path), ConsultaLista),
    responses((status = 200, description = "Revisiones", body = Lista<RevisionAnotacion>), (status = 404, body = RespuestaDeError)))]
pub async fn revisiones(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<RevisionAnotacion>>, ApiError> {
    Ok(Json(
        anotaciones::revisiones(&state.db, &actor, id, &consulta).await?,
    ))
}
