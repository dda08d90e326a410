//! Usuarios: administrators only.

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::acceso::authz;
use app::domain::acceso::authz::Accion;
use app::domain::cuentas;
use app::estado::AppState;
use app::model::{CambiosUsuario, ConsultaLista, Lista, NuevoUsuario, Usuario};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// Users; `q` searches e-mail, nombre and apellido (ADMINISTRADOR).
#[utoipa::path(get, path = "/api/v1/usuarios", params(ConsultaLista), responses(
    (status = 200, description = "Lista de usuarios", body = Lista<Usuario>), (status = 403, body = RespuestaDeError)))]
pub async fn listar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Usuario>>, ApiError> {
    Ok(Json(cuentas::listar(&state.db, &actor, &consulta).await?))
}

/// One user (ADMINISTRADOR).
#[utoipa::path(get, path = "/api/v1/usuarios/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = Usuario), (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError)))]
pub async fn obtener(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Usuario>, ApiError> {
    Ok(Json(cuentas::obtener(&state.db, &actor, id).await?))
}

/// Creates a user (ADMINISTRADOR). Without `password`, a temporary one is generated and
/// returned once in `password_temporal`.
#[utoipa::path(post, path = "/api/v1/usuarios", request_body = NuevoUsuario, responses(
    (status = 201, body = Usuario), (status = 403, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn crear(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Usuario>), ApiError> {
    authz::puede(&actor, Accion::Administrar)?;
    let nuevo: NuevoUsuario = cuerpo(&bytes)?;
    let creado = cuentas::crear(&state.db, &state.hasher, &actor, &nuevo).await?;
    Ok((StatusCode::CREATED, Json(creado)))
}

/// Changes a user (ADMINISTRADOR). `activo: false` ends their sessions and tokens at once.
#[utoipa::path(patch, path = "/api/v1/usuarios/{id}", request_body = CambiosUsuario,
    params(("id" = i64, Path)), responses((status = 200, body = Usuario),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn modificar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Usuario>, ApiError> {
    cuentas::obtener(&state.db, &actor, id).await?;
    let cambios: CambiosUsuario = cuerpo(&bytes)?;
    Ok(Json(
        cuentas::actualizar(&state.db, &actor, id, &cambios).await?,
    ))
}

/// Issues a new temporary password, returned once; ends the user's sessions (ADMINISTRADOR).
#[utoipa::path(post, path = "/api/v1/usuarios/{id}/restablecer", params(("id" = i64, Path)),
    responses((status = 200, body = Usuario), (status = 403, body = RespuestaDeError),
    (status = 404, body = RespuestaDeError)))]
pub async fn restablecer(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Usuario>, ApiError> {
    Ok(Json(
        cuentas::restablecer(&state.db, &state.hasher, &actor, id).await?,
    ))
}
