//! Organismos, unidades and tipos de trámite: read by every user, written by administrators.

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::acceso::authz;
use app::domain::acceso::authz::Accion;
use app::domain::organizacion::calendario;
use app::domain::organizacion::organismos;
use app::domain::organizacion::tipos_tramite;
use app::domain::organizacion::unidades;
use app::domain::organizacion::unidades::FiltroUnidades;
use app::estado::AppState;
use app::model::{
    CambiosOrganismo, CambiosTipoTramite, CambiosUnidad, ConsultaLista, Feriado, Lista,
    NuevaUnidad, NuevoOrganismo, NuevoTipoTramite, Organismo, TipoTramite, Unidad,
};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// Organismos, by code; `q` searches code and name.
#[utoipa::path(get, path = "/api/v1/organismos", params(ConsultaLista),
    responses((status = 200, description = "Lista de organismos", body = Lista<Organismo>)))]
pub async fn listar_organismos(
    State(state): State<AppState>,
    _s: Sesion,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Organismo>>, ApiError> {
    Ok(Json(organismos::listar(&state.db, &consulta).await?))
}

/// Creates an organismo (ADMINISTRADOR).
#[utoipa::path(post, path = "/api/v1/organismos", request_body = NuevoOrganismo, responses(
    (status = 201, body = Organismo), (status = 403, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn crear_organismo(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Organismo>), ApiError> {
    authz::puede(&actor, Accion::Administrar)?;
    let nuevo: NuevoOrganismo = cuerpo(&bytes)?;
    let creado = organismos::crear(&state.db, &actor, &nuevo).await?;
    Ok((StatusCode::CREATED, Json(creado)))
}

/// Changes an organismo (ADMINISTRADOR).
#[utoipa::path(patch, path = "/api/v1/organismos/{id}", request_body = CambiosOrganismo,
    params(("id" = i64, Path)), responses((status = 200, body = Organismo),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn modificar_organismo(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Organismo>, ApiError> {
    organismos::puede_modificar(&state.db, &actor, id).await?;
    let cambios: CambiosOrganismo = cuerpo(&bytes)?;
    Ok(Json(
        organismos::actualizar(&state.db, &actor, id, &cambios).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct ConsultaUnidades {
    page: Option<u64>,
    per_page: Option<u64>,
    q: Option<String>,
    /// Only the unidades of this organismo.
    organismo_id: Option<i64>,
    /// `MESA_DE_ENTRADA` or `OFICINA`.
    tipo: Option<String>,
}

/// Unidades, by organismo and code; filters by organismo and type, `q` over code and name.
#[utoipa::path(get, path = "/api/v1/unidades", params(ConsultaUnidades),
    responses((status = 200, description = "Lista de unidades", body = Lista<Unidad>)))]
pub async fn listar_unidades(
    State(state): State<AppState>,
    _s: Sesion,
    Query(c): Query<ConsultaUnidades>,
) -> Result<Json<Lista<Unidad>>, ApiError> {
    let consulta = ConsultaLista {
        page: c.page,
        per_page: c.per_page,
        q: c.q,
    };
    let filtro = FiltroUnidades {
        organismo_id: c.organismo_id,
        tipo: c.tipo,
    };
    Ok(Json(unidades::listar(&state.db, &consulta, &filtro).await?))
}

/// Creates a unidad (ADMINISTRADOR). An oficina needs `mesa_id`, a mesa of its organismo.
#[utoipa::path(post, path = "/api/v1/unidades", request_body = NuevaUnidad, responses(
    (status = 201, body = Unidad), (status = 403, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn crear_unidad(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Unidad>), ApiError> {
    authz::puede(&actor, Accion::Administrar)?;
    let nueva: NuevaUnidad = cuerpo(&bytes)?;
    let creada = unidades::crear(&state.db, &actor, &nueva).await?;
    Ok((StatusCode::CREATED, Json(creada)))
}

/// Changes a unidad (ADMINISTRADOR).
#[utoipa::path(patch, path = "/api/v1/unidades/{id}", request_body = CambiosUnidad,
    params(("id" = i64, Path)), responses((status = 200, body = Unidad),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn modificar_unidad(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Unidad>, ApiError> {
    unidades::puede_modificar(&state.db, &actor, id).await?;
    let cambios: CambiosUnidad = cuerpo(&bytes)?;
    Ok(Json(
        unidades::actualizar(&state.db, &actor, id, &cambios).await?,
    ))
}

/// The catalogue of tipos de trámite, by name (inactive ones included, marked).
#[utoipa::path(get, path = "/api/v1/tipos-tramite",
    responses((status = 200, body = [TipoTramite])))]
pub async fn listar_tipos(
    State(state): State<AppState>,
    _s: Sesion,
) -> Result<Json<Vec<TipoTramite>>, ApiError> {
    Ok(Json(tipos_tramite::listar(&state.db).await?))
}

/// Adds a tipo de trámite (ADMINISTRADOR).
#[utoipa::path(post, path = "/api/v1/tipos-tramite", request_body = NuevoTipoTramite, responses(
    (status = 201, body = TipoTramite), (status = 403, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn crear_tipo(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<TipoTramite>), ApiError> {
    authz::puede(&actor, Accion::Administrar)?;
    let nuevo: NuevoTipoTramite = cuerpo(&bytes)?;
    let creado = tipos_tramite::crear(&state.db, &actor, &nuevo).await?;
    Ok((StatusCode::CREATED, Json(creado)))
}

/// Renames or (de)activates a tipo de trámite (ADMINISTRADOR).
#[utoipa::path(patch, path = "/api/v1/tipos-tramite/{id}", request_body = CambiosTipoTramite,
    params(("id" = i64, Path)), responses((status = 200, body = TipoTramite),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn modificar_tipo(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<TipoTramite>, ApiError> {
    tipos_tramite::puede_modificar(&state.db, &actor, id).await?;
    let cambios: CambiosTipoTramite = cuerpo(&bytes)?;
    Ok(Json(
        tipos_tramite::actualizar(&state.db, &actor, id, &cambios).await?,
    ))
}

/// The feriados an administrator keeps, by date: días hábiles skip them.
#[utoipa::path(get, path = "/api/v1/feriados", responses((status = 200, body = [Feriado])))]
pub async fn listar_feriados(
    State(state): State<AppState>,
    _s: Sesion,
) -> Result<Json<Vec<Feriado>>, ApiError> {
    Ok(Json(calendario::listar(&state.db).await?))
}

/// Adds a feriado `{fecha: "aaaa-mm-dd", nombre}` (ADMINISTRADOR).
#[utoipa::path(post, path = "/api/v1/feriados", request_body = Feriado, responses(
    (status = 201, body = Feriado), (status = 403, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn agregar_feriado(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Feriado>), ApiError> {
    authz::puede(&actor, Accion::Administrar)?;
    let nuevo: Feriado = cuerpo(&bytes)?;
    let creado = calendario::agregar(&state.db, &actor, &nuevo).await?;
    Ok((StatusCode::CREATED, Json(creado)))
}

/// Removes the feriado of a date (ADMINISTRADOR).
#[utoipa::path(delete, path = "/api/v1/feriados/{fecha}", params(("fecha" = String, Path)),
    responses((status = 204), (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError)))]
pub async fn quitar_feriado(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(fecha): Path<String>,
) -> Result<StatusCode, ApiError> {
    calendario::quitar(&state.db, &actor, &fecha).await?;
    Ok(StatusCode::NO_CONTENT)
}
