//! Personal API tokens of the logged-in user.

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::api::IpCliente;
use app::domain::cuentas::tokens;
use app::estado::AppState;
use app::model::{Lista, NuevoToken, Token};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// The user's live tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", responses((status = 200, description = "Tokens", body = Lista<Token>)))]
pub async fn listar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
) -> Result<Json<Lista<Token>>, ApiError> {
    Ok(Json(tokens::listar(&state.db, &actor).await?))
}

/// Creates a token, confirmed with the user's current password; the secret is in `token`,
/// shown only in this answer.
#[utoipa::path(post, path = "/api/v1/tokens", request_body = NuevoToken, responses(
    (status = 201, body = Token), (status = 422, body = RespuestaDeError), (status = 429, body = RespuestaDeError)))]
pub async fn crear(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    ip: Option<Extension<IpCliente>>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Token>), ApiError> {
    let nuevo: NuevoToken = cuerpo(&bytes)?;
    let token = tokens::crear(
        &state.db,
        &state.hasher,
        &actor,
        &nuevo,
        ip.map(|i| i.0.0),
        state.auth.vigencia_token,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(token)))
}

/// Revokes one of the user's tokens; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", params(("id" = i64, Path)), responses(
    (status = 204), (status = 404, body = RespuestaDeError)))]
pub async fn revocar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    tokens::revocar(&state.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
