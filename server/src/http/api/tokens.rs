//! Personal API tokens of the logged-in user.

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use app::domain::cuentas::tokens;
use app::estado::AppState;
use app::model::{AppError, Lista, NuevoToken, Token};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// The user's live tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", responses((status = 200, description = "Tokens")))]
pub async fn listar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
) -> Result<Json<Lista<Token>>, ApiError> {
    Ok(Json(tokens::listar(&state.db, &actor).await?))
}

/// Creates a token; the secret is in `token`, shown only in this answer.
#[utoipa::path(post, path = "/api/v1/tokens", request_body = NuevoToken, responses(
    (status = 201, body = Token), (status = 422, body = AppError)))]
pub async fn crear(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Token>), ApiError> {
    let nuevo: NuevoToken = cuerpo(&bytes)?;
    Ok((
        StatusCode::CREATED,
        Json(tokens::crear(&state.db, &actor, &nuevo).await?),
    ))
}

/// Revokes one of the user's tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", params(("id" = i64, Path)), responses(
    (status = 204), (status = 404, body = AppError)))]
pub async fn revocar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    tokens::revocar(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
