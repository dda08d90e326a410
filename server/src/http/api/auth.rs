//! Health, login, logout, password change and the current user.

use super::ApiDoc;
use super::{Sesion, SesionConClaveTemporal};
use crate::http::error::RespuestaDeError;
use crate::http::error::{ApiError, JsonBody};
use app::api::IpCliente;
use app::domain::acceso::auth;
use app::domain::acceso::sesiones;
use app::domain::cuentas::usuarios;
use app::estado::AppState;
use app::infra::db;
use app::model::{AppError, CambioClave, Credenciales, Me};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct Salud {
    status: &'static str,
    database: &'static str,
    /// Both document stores reachable.
    storage: &'static str,
}

/// Health check: answers 200 when the database and both document stores answer, 503
/// otherwise. Needs no session.
#[utoipa::path(get, path = "/api/v1/health", responses(
    (status = 200, body = Salud), (status = 503, body = Salud)))]
pub async fn health(State(state): State<AppState>) -> Response {
    let base = db::ping(&state.db).await;
    if let Err(e) = &base {
        tracing::error!(error = %e, "health check: database down");
    }
    let almacenes = &state.almacenes;
    let almacen = almacenes.primario.disponible().await && almacenes.respaldo.disponible().await;
    if !almacen {
        tracing::error!("health check: a document store is unreachable");
    }
    let texto = |ok: bool| if ok { "ok" } else { "error" };
    let sano = base.is_ok() && almacen;
    let salud = Json(Salud {
        status: texto(sano),
        database: texto(base.is_ok()),
        storage: texto(almacen),
    });
    if sano {
        salud.into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, salud).into_response()
    }
}

/// Logs in: sets the session cookie and answers the user.
#[utoipa::path(post, path = "/api/v1/auth/login", request_body = Credenciales, responses(
    (status = 200, body = Me), (status = 400, body = RespuestaDeError), (status = 401, body = RespuestaDeError),
    (status = 422, body = RespuestaDeError), (status = 429, body = RespuestaDeError)))]
pub async fn login(
    State(state): State<AppState>,
    ip: Option<Extension<IpCliente>>,
    headers: HeaderMap,
    JsonBody(credenciales): JsonBody<Credenciales>,
) -> Result<Response, ApiError> {
    let previa = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| sesiones::secreto_de_cookies(&state.auth, c));
    let ingreso = auth::login(
        &state.db,
        &state.hasher,
        &state.auth,
        &credenciales,
        ip.map(|i| i.0.0),
        previa,
    )
    .await?;
    let me = usuarios::me(&state.db, &ingreso.actor).await?;
    Ok((
        [(
            header::SET_COOKIE,
            sesiones::cookie(&state.auth, &ingreso.secreto),
        )],
        Json(me),
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct Logout {
    /// End every session of the user, not only this one.
    #[serde(default)]
    todas: bool,
}

/// Ends the session (or, with `{"todas": true}`, every session of the user).
#[utoipa::path(post, path = "/api/v1/auth/logout", request_body(content = Option<Logout>),
    responses((status = 204), (status = 401, body = RespuestaDeError)))]
pub async fn logout(
    State(state): State<AppState>,
    SesionConClaveTemporal(actor): SesionConClaveTemporal,
    cuerpo: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let pedido: Logout = if cuerpo.iter().all(u8::is_ascii_whitespace) {
        Logout::default()
    } else {
        serde_json::from_slice(&cuerpo).map_err(|_| {
            ApiError(AppError::bad_request(
                "El cuerpo de la solicitud no es JSON válido o tiene tipos incorrectos.",
            ))
        })?
    };
    auth::logout(&state.db, &actor, pedido.todas).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, sesiones::cookie_borrada(&state.auth))],
    )
        .into_response())
}

/// Changes the password; ends the user's other sessions and revokes their personal tokens.
/// Answers the user as they now are.
#[utoipa::path(post, path = "/api/v1/auth/password", request_body = CambioClave, responses(
    (status = 200, body = Me), (status = 400, body = RespuestaDeError), (status = 401, body = RespuestaDeError),
    (status = 422, body = RespuestaDeError), (status = 429, body = RespuestaDeError)))]
pub async fn cambiar_password(
    State(state): State<AppState>,
    SesionConClaveTemporal(actor): SesionConClaveTemporal,
    ip: Option<Extension<IpCliente>>,
    JsonBody(cambio): JsonBody<CambioClave>,
) -> Result<Json<Me>, ApiError> {
    auth::cambiar_password(&state.db, &state.hasher, &actor, &cambio, ip.map(|i| i.0.0)).await?;
    let actualizado = app::domain::acceso::actor::cargar(&state.db, actor.id())
        .await?
        .ok_or(app::domain::DomainError::NoAutenticado)?;
    Ok(Json(usuarios::me(&state.db, &actualizado).await?))
}

/// The logged-in user: perfil, unidad, organismo and access list.
#[utoipa::path(get, path = "/api/v1/me", responses(
    (status = 200, body = Me), (status = 401, body = RespuestaDeError)))]
pub async fn me(
    State(state): State<AppState>,
    SesionConClaveTemporal(actor): SesionConClaveTemporal,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(usuarios::me(&state.db, &actor).await?))
}

/// This API's OpenAPI document.
#[utoipa::path(get, path = "/api/v1/openapi.json", responses((status = 200, description = "OpenAPI 3.1")))]
pub async fn openapi(_s: Sesion) -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
