//! CSV import of the access-request list (ADMINISTRADOR): preview, background import,
//! progress, and the one download of the temporary passwords. The body is the file itself.

use super::Sesion;
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::cuentas::importacion;
use app::estado::AppState;
use app::model::{EstadoImportacion, VistaPrevia};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Every row of the file with its problems; nothing is written.
#[utoipa::path(post, path = "/api/v1/usuarios/importacion/vista-previa",
    request_body(content = String, content_type = "text/csv"), responses(
    (status = 200, body = VistaPrevia), (status = 403, body = RespuestaDeError)))]
pub async fn vista_previa(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    archivo: Bytes,
) -> Result<Json<VistaPrevia>, ApiError> {
    Ok(Json(
        importacion::vista_previa(&state.db, &actor, &archivo).await?,
    ))
}

/// Starts importing a valid file; 422 (and nothing written) when any row has a problem.
#[utoipa::path(post, path = "/api/v1/usuarios/importacion",
    request_body(content = String, content_type = "text/csv"), responses(
    (status = 202, body = EstadoImportacion), (status = 403, body = RespuestaDeError),
    (status = 422, body = RespuestaDeError)))]
pub async fn iniciar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    archivo: Bytes,
) -> Result<(StatusCode, Json<EstadoImportacion>), ApiError> {
    let estado = importacion::iniciar(&state.db, &actor, &archivo).await?;
    Ok((StatusCode::ACCEPTED, Json(estado)))
}

/// Progress of an import.
#[utoipa::path(get, path = "/api/v1/usuarios/importacion/{id}", params(("id" = String, Path)),
    responses((status = 200, body = EstadoImportacion), (status = 404, body = RespuestaDeError)))]
pub async fn estado(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<String>,
) -> Result<Json<EstadoImportacion>, ApiError> {
    Ok(Json(importacion::estado(&state.db, &actor, &id).await?))
}

/// The temporary passwords of a finished import, as CSV; only once.
#[utoipa::path(get, path = "/api/v1/usuarios/importacion/{id}/claves.csv",
    params(("id" = String, Path)), responses((status = 200, content_type = "text/csv"),
    (status = 404, body = RespuestaDeError), (status = 409, body = RespuestaDeError)))]
pub async fn claves(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let csv = importacion::descargar_claves(&state.db, &actor, &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"claves-temporales.csv\"".to_owned(),
            ),
        ],
        csv,
    )
        .into_response())
}
