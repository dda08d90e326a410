//! Escritos: emission, the received and sent lists, reading and taking notice (API.md).

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::escritos;
use app::estado::AppState;
use app::model::{ConsultaEscritos, Documento, Escrito, Lista, NuevoEscrito};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// Emits an escrito (MESA DE ENTRADA, or an administrator for the mesa it names): numbered,
/// sealed and sent to its destinations.
#[utoipa::path(post, path = "/api/v1/escritos", request_body = NuevoEscrito, responses(
    (status = 201, body = Escrito), (status = 403, body = RespuestaDeError),
    (status = 422, body = RespuestaDeError)))]
pub async fn emitir(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Escrito>), ApiError> {
    escritos::puede_emitir(&actor)?;
    let nuevo: NuevoEscrito = cuerpo(&bytes)?;
    let e = escritos::emitir(&state.db, &actor, &nuevo, None).await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// The escritos addressed to the user's unidad, newest first.
#[utoipa::path(get, path = "/api/v1/escritos/recibidos", params(ConsultaEscritos),
    responses((status = 200, description = "Escritos recibidos", body = Lista<Escrito>), (status = 403, body = RespuestaDeError)))]
pub async fn recibidos(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(consulta): Query<ConsultaEscritos>,
) -> Result<Json<Lista<Escrito>>, ApiError> {
    Ok(Json(
        escritos::recibidos(&state.db, &actor, &consulta).await?,
    ))
}

/// The escritos the user's unidad emitted, newest first.
#[utoipa::path(get, path = "/api/v1/escritos/enviados", params(ConsultaEscritos),
    responses((status = 200, description = "Escritos enviados", body = Lista<Escrito>), (status = 403, body = RespuestaDeError)))]
pub async fn enviados(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(consulta): Query<ConsultaEscritos>,
) -> Result<Json<Lista<Escrito>>, ApiError> {
    Ok(Json(
        escritos::enviados(&state.db, &actor, &consulta).await?,
    ))
}

/// One escrito with every receipt; opening it from a destination records the first reading.
#[utoipa::path(get, path = "/api/v1/escritos/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = Escrito), (status = 404, body = RespuestaDeError)))]
pub async fn ver(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Escrito>, ApiError> {
    Ok(Json(escritos::ver(&state.db, &actor, id).await?))
}

/// A destination's user takes notice of it for the unidad.
#[utoipa::path(post, path = "/api/v1/escritos/{id}/leido", params(("id" = i64, Path)), responses(
    (status = 200, body = Escrito), (status = 403, body = RespuestaDeError),
    (status = 404, body = RespuestaDeError)))]
pub async fn leido(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Escrito>, ApiError> {
    Ok(Json(
        escritos::tomar_conocimiento(&state.db, &actor, id).await?,
    ))
}

/// The body of `POST /escritos/{id}/vincular`.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct Vinculo {
    pub expediente_id: Option<i64>,
}

/// Adds the escrito to an expediente as a PDF document (who may attach documents to it).
#[utoipa::path(post, path = "/api/v1/escritos/{id}/vincular", request_body = Vinculo,
    params(("id" = i64, Path)), responses((status = 201, body = Documento),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn vincular(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Documento>), ApiError> {
    escritos::exigir_visible(&state.db, &actor, id).await?;
    let v: Vinculo = if bytes.is_empty() {
        Vinculo::default()
    } else {
        cuerpo(&bytes)?
    };
    let d = escritos::vinculo::vincular(
        &state.db,
        &state.almacenes,
        state.limite_subida,
        &actor,
        id,
        v.expediente_id,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(d)))
}
