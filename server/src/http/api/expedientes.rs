//! Expedientes, pases, bandeja, circuito and historial (API.md).

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::acceso::authz;
use app::domain::acceso::authz::Accion;
use app::domain::expedientes;
use app::domain::expedientes::FiltroExpedientes;
use app::domain::expedientes::pases;
use app::estado::AppState;
use app::model::{
    Bandeja, CambiosExpediente, ConsultaBandeja, ConsultaLista, Evento, Expediente, Lista, Motivo,
    NuevoExpediente, NuevoPase, Parada, Pase, Resultados,
};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// Starts an expediente (or registers an existing one with `numero`).
#[utoipa::path(post, path = "/api/v1/expedientes", request_body = NuevoExpediente, responses(
    (status = 201, body = Expediente), (status = 403, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn crear(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Expediente>), ApiError> {
    authz::puede(&actor, Accion::Iniciar)?;
    let nuevo: NuevoExpediente = cuerpo(&bytes)?;
    let creado = expedientes::iniciar(&state.db, &actor, &nuevo).await?;
    Ok((StatusCode::CREATED, Json(creado)))
}

/// Searches the expedientes the user may see.
#[utoipa::path(get, path = "/api/v1/expedientes", params(FiltroExpedientes),
    responses((status = 200, body = Resultados), (status = 422, body = RespuestaDeError)))]
pub async fn buscar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(filtro): Query<FiltroExpedientes>,
) -> Result<Json<Resultados>, ApiError> {
    Ok(Json(expedientes::buscar(&state.db, &actor, &filtro).await?))
}

/// The search as CSV for a spreadsheet (DOMAIN.md, "CSV export"): the same filters, streamed,
/// at most 100,000 rows. A bad filter answers 422 before any byte.
#[utoipa::path(get, path = "/api/v1/expedientes/exportacion.csv", params(FiltroExpedientes),
    responses((status = 200, content_type = "text/csv"), (status = 422, body = RespuestaDeError)))]
pub async fn exportar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(filtro): Query<FiltroExpedientes>,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    use expedientes::exportacion;
    exportacion::validar(state.db.get_database_backend(), &actor, &filtro)?;
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    tokio::spawn(exportacion::exportar(state.db.clone(), actor, filtro, tx));
    let trozos = futures_util::stream::unfold(rx, |mut rx| async move {
        let trozo = rx.recv().await?.map_err(|e| {
            tracing::error!(error = %e, "the CSV export stopped");
            std::io::Error::other("exportación interrumpida")
        });
        Some((trozo, rx))
    });
    let mut res = axum::body::Body::from_stream(trozos).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    let nombre = format!(
        "attachment; filename=\"expedientes-{}.csv\"",
        chrono::Utc::now()
            .with_timezone(&chrono_tz::America::Argentina::Rio_Gallegos)
            .format("%Y-%m-%d")
    );
    if let Ok(v) = HeaderValue::from_str(&nombre) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// The carátula as an A4 PDF, with the QR of `/c/{numero}` (404 when not visible).
#[utoipa::path(get, path = "/api/v1/expedientes/{id}/caratula.pdf", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = RespuestaDeError)))]
pub async fn caratula_pdf(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let datos = expedientes::caratula::datos(&state, &actor, id).await?;
    let pdf = expedientes::caratula::pdf(&datos)?;
    let compacto: String = datos
        .expediente
        .numero
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut res = pdf.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"caratula-{compacto}.pdf\""))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// One expediente (404 when unknown or not visible).
#[utoipa::path(get, path = "/api/v1/expedientes/{id}", params(("id" = i64, Path)), responses(
    (status = 200, body = Expediente), (status = 404, body = RespuestaDeError)))]
pub async fn obtener(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Expediente>, ApiError> {
    Ok(Json(expedientes::abrir(&state.db, &actor, id).await?))
}

/// One expediente by number (case, spaces and leading zeros ignored).
#[utoipa::path(get, path = "/api/v1/expedientes/por-numero/{numero}",
    params(("numero" = String, Path)), responses(
    (status = 200, body = Expediente), (status = 404, body = RespuestaDeError)))]
pub async fn por_numero(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(numero): Path<String>,
) -> Result<Json<Expediente>, ApiError> {
    Ok(Json(
        expedientes::por_numero(&state.db, &actor, &numero).await?,
    ))
}

/// Edits extracto and iniciador; `version` must be the one last read.
#[utoipa::path(patch, path = "/api/v1/expedientes/{id}", request_body = CambiosExpediente,
    params(("id" = i64, Path)), responses((status = 200, body = Expediente),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn modificar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Expediente>, ApiError> {
    expedientes::puede(&state.db, &actor, id, Accion::Editar).await?;
    let cambios: CambiosExpediente = cuerpo(&bytes)?;
    Ok(Json(
        expedientes::actualizar(&state.db, &actor, id, &cambios).await?,
    ))
}

/// Sends a pase to another unidad.
#[utoipa::path(post, path = "/api/v1/expedientes/{id}/pases", request_body = NuevoPase,
    params(("id" = i64, Path)), responses((status = 201, body = Pase),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn enviar_pase(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Pase>), ApiError> {
    expedientes::puede(&state.db, &actor, id, Accion::EnviarPase).await?;
    let nuevo: NuevoPase = cuerpo(&bytes)?;
    let p = pases::enviar(&state.db, &actor, id, &nuevo).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// The pases of an expediente, oldest first.
#[utoipa::path(get, path = "/api/v1/expedientes/{id}/pases", params(("id" = i64, Path), ConsultaLista),
    responses((status = 200, description = "Pases", body = Lista<Pase>), (status = 404, body = RespuestaDeError)))]
pub async fn listar_pases(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Pase>>, ApiError> {
    Ok(Json(
        pases::de_expediente(&state.db, &actor, id, &consulta).await?,
    ))
}

/// The destination receives the pase.
#[utoipa::path(post, path = "/api/v1/pases/{id}/recibir", params(("id" = i64, Path)),
    responses((status = 200, body = Pase), (status = 403, body = RespuestaDeError),
    (status = 404, body = RespuestaDeError), (status = 409, body = RespuestaDeError)))]
pub async fn recibir(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Pase>, ApiError> {
    Ok(Json(pases::recibir(&state.db, &actor, id).await?))
}

/// The destination rejects the pase with a motivo.
#[utoipa::path(post, path = "/api/v1/pases/{id}/rechazar", request_body = Motivo,
    params(("id" = i64, Path)), responses((status = 200, body = Pase),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn rechazar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Pase>, ApiError> {
    pases::puede_resolver(&state.db, &actor, id).await?;
    let motivo: Motivo = if bytes.is_empty() {
        Motivo::default()
    } else {
        cuerpo(&bytes)?
    };
    Ok(Json(pases::rechazar(&state.db, &actor, id, &motivo).await?))
}

/// The sender withdraws the pase before reception.
#[utoipa::path(post, path = "/api/v1/pases/{id}/anular", params(("id" = i64, Path)),
    responses((status = 200, body = Pase), (status = 403, body = RespuestaDeError),
    (status = 404, body = RespuestaDeError), (status = 409, body = RespuestaDeError)))]
pub async fn anular(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
) -> Result<Json<Pase>, ApiError> {
    Ok(Json(pases::anular(&state.db, &actor, id).await?))
}

/// Custody stops of an expediente.
#[utoipa::path(get, path = "/api/v1/expedientes/{id}/circuito", params(("id" = i64, Path), ConsultaLista),
    responses((status = 200, description = "Paradas", body = Lista<Parada>), (status = 404, body = RespuestaDeError)))]
pub async fn circuito(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Parada>>, ApiError> {
    Ok(Json(
        pases::circuito(&state.db, &actor, id, &consulta).await?,
    ))
}

/// Every event of an expediente's chain, oldest first.
#[utoipa::path(get, path = "/api/v1/expedientes/{id}/historial", params(("id" = i64, Path), ConsultaLista),
    responses((status = 200, description = "Eventos", body = Lista<Evento>), (status = 404, body = RespuestaDeError)))]
pub async fn historial(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Evento>>, ApiError> {
    Ok(Json(
        expedientes::historial(&state.db, &actor, id, &consulta).await?,
    ))
}

async fn archivo(
    state: &AppState,
    actor: &app::domain::acceso::Actor,
    id: i64,
    bytes: &Bytes,
    archivar: bool,
) -> Result<Json<Expediente>, ApiError> {
    expedientes::puede(&state.db, actor, id, Accion::Archivar).await?;
    let motivo: Motivo = if bytes.is_empty() {
        Motivo::default()
    } else {
        cuerpo(bytes)?
    };
    Ok(Json(
        expedientes::archivar(&state.db, actor, id, &motivo, archivar).await?,
    ))
}

/// Archives with a motivo.
#[utoipa::path(post, path = "/api/v1/expedientes/{id}/archivar", request_body = Motivo,
    params(("id" = i64, Path)), responses((status = 200, body = Expediente),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn archivar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Expediente>, ApiError> {
    archivo(&state, &actor, id, &bytes, true).await
}

/// Unarchives with a motivo.
#[utoipa::path(post, path = "/api/v1/expedientes/{id}/desarchivar", request_body = Motivo,
    params(("id" = i64, Path)), responses((status = 200, body = Expediente),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn desarchivar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Expediente>, ApiError> {
    archivo(&state, &actor, id, &bytes, false).await
}

/// The user's unidad inbox.
#[utoipa::path(get, path = "/api/v1/bandeja", params(ConsultaBandeja),
    responses((status = 200, body = Bandeja), (status = 403, body = RespuestaDeError)))]
pub async fn bandeja(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Query(consulta): Query<ConsultaBandeja>,
) -> Result<Json<Bandeja>, ApiError> {
    Ok(Json(pases::bandeja(&state.db, &actor, &consulta).await?))
}
