//! Documents (archivos): upload (multipart, streamed to storage), list, versions, download,
//! replace and desglose (API.md).

use super::{Sesion, cuerpo};
use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::domain::DomainError;
use app::domain::documentos;
use app::domain::documentos::Recibido;
use app::domain::documentos::contenido;
use app::estado::AppState;
use app::model::{AppError, ConsultaLista, Documento, Lista, Motivo, VersionDocumento};
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::multipart::{Field, Multipart};
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// Files one request may carry.
pub const MAX_ARCHIVOS: usize = 20;
/// Longest an upload request may take.
const TIEMPO_SUBIDA: Duration = Duration::from_secs(3600);

/// `{"items": [documento, ...]}`, the answer of an upload.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Subidos {
    pub items: Vec<Documento>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ConsultaContenido {
    /// A version number (default: the current one).
    pub version: Option<i32>,
}

fn multipart_invalido() -> ApiError {
    ApiError(AppError::bad_request(
        "El cuerpo debe ser multipart/form-data con uno o más campos «archivo».",
    ))
}

fn sin_archivo() -> ApiError {
    ApiError(DomainError::campo("archivo", "Elegí al menos un archivo.").into())
}

/// Bytes the multipart parser may hold without handing them to us as file data (headers,
/// boundaries, its own buffer): a body that never reaches a boundary is cut here instead of
/// filling memory.
const MAX_SIN_ENTREGAR: u64 = 4 * 1024 * 1024;
/// Bytes of fields other than `archivo` a request may carry.
const MAX_OTROS_CAMPOS: u64 = 64 * 1024;

/// What the body guard counts: bytes read from the body, bytes handed over as file data.
#[derive(Default)]
struct Guardia {
    leidos: AtomicU64,
    entregados: AtomicU64,
    excedida: AtomicBool,
}

/// Wraps the request's body so it stops (and the answer is 413) past `tope` bytes in all, or
/// when the parser holds too much that is not file data.
fn vigilar(req: Request, tope: u64) -> (Request, Arc<Guardia>) {
    let guardia = Arc::new(Guardia::default());
    let g = guardia.clone();
    let (partes, cuerpo) = req.into_parts();
    let flujo = cuerpo.into_data_stream().map(move |trozo| {
        let trozo = trozo.map_err(std::io::Error::other)?;
        let leidos = g.leidos.fetch_add(trozo.len() as u64, Ordering::Relaxed) + trozo.len() as u64;
        let pendientes = leidos.saturating_sub(g.entregados.load(Ordering::Relaxed));
        if leidos > tope || pendientes > MAX_SIN_ENTREGAR {
            g.excedida.store(true, Ordering::Relaxed);
            return Err(std::io::Error::other(
                "cuerpo de la subida fuera de límites",
            ));
        }
        Ok(trozo)
    });
    (
        Request::from_parts(partes, Body::from_stream(flujo)),
        guardia,
    )
}

fn demasiado_grande() -> ApiError {
    ApiError(AppError::de("body_too_large"))
}

/// Receives every `archivo` field into temporary files, within the request's limits: at most
/// `maximo` files, each under the configured size, the whole body within `maximo` times that,
/// and an hour.
async fn recibir_todos(
    state: &AppState,
    req: Request,
    maximo: usize,
) -> Result<Vec<Recibido>, ApiError> {
    let tope = maximo as u64 * (state.limite_subida + 1024 * 1024);
    let (req, guardia) = vigilar(req, tope);
    let mut multipart = Multipart::from_request(req, state)
        .await
        .map_err(|_| multipart_invalido())?;
    let recibir = async {
        let mut recibidos = Vec::new();
        let mut otros = 0u64;
        while let Some(mut campo) = multipart
            .next_field()
            .await
            .map_err(|_| multipart_invalido())?
        {
            // A form sent without choosing a file carries one empty, nameless part.
            if campo.name() != Some("archivo") || campo.file_name() == Some("") {
                while let Some(t) = campo.chunk().await.map_err(|_| multipart_invalido())? {
                    guardia
                        .entregados
                        .fetch_add(t.len() as u64, Ordering::Relaxed);
                    otros += t.len() as u64;
                    if otros > MAX_OTROS_CAMPOS {
                        return Err(multipart_invalido());
                    }
                }
                continue;
            }
            if recibidos.len() == maximo {
                return Err(ApiError(
                    DomainError::campo(
                        "archivo",
                        &format!("Se pueden subir hasta {maximo} archivos por vez."),
                    )
                    .into(),
                ));
            }
            recibidos.push(recibir_uno(state, campo, &guardia).await?);
        }
        Ok(recibidos)
    };
    let resultado = tokio::time::timeout(TIEMPO_SUBIDA, recibir)
        .await
        .unwrap_or_else(|_| Err(ApiError(AppError::de("timeout"))));
    if resultado.is_err() && guardia.excedida.load(Ordering::Relaxed) {
        return Err(demasiado_grande());
    }
    resultado
}

async fn recibir_uno(
    state: &AppState,
    campo: Field<'_>,
    guardia: &Guardia,
) -> Result<Recibido, ApiError> {
    let nombre = campo.file_name().unwrap_or("documento").to_owned();
    let contado = campo.inspect(|t| {
        if let Ok(t) = t {
            guardia
                .entregados
                .fetch_add(t.len() as u64, Ordering::Relaxed);
        }
    });
    Ok(documentos::recibir(&state.almacenes, state.limite_subida, &nombre, contado).await?)
}

/// Attaches documents (multipart, field `archivo`, repeatable); each is streamed to storage,
/// typed by its content and written to both stores before the answer.
#[utoipa::path(post, path = "/api/v1/expedientes/{id}/archivos", params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", description = "campos «archivo»"),
    responses((status = 201, body = Subidos), (status = 403, body = RespuestaDeError),
    (status = 404, body = RespuestaDeError), (status = 409, body = RespuestaDeError),
    (status = 413, body = RespuestaDeError), (status = 415, body = RespuestaDeError),
    (status = 422, body = RespuestaDeError)))]
pub async fn subir(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    headers: HeaderMap,
    req: Request,
) -> Response {
    let resultado = async {
        documentos::puede_adjuntar(&state.db, &actor, id).await?;
        let recibidos = recibir_todos(&state, req, MAX_ARCHIVOS).await?;
        if recibidos.is_empty() {
            return Err(sin_archivo());
        }
        Ok(documentos::adjuntar(&state.db, &state.almacenes, &actor, id, recibidos).await?)
    }
    .await;
    // The detail page's form posted without JavaScript goes back to the page.
    if app::api::pide_html(&headers) {
        let destino = match &resultado {
            Ok(_) => format!("/expedientes/{id}#documentos"),
            Err(e) => format!("/expedientes/{id}?error_archivo={}#documentos", e.0.code),
        };
        return Redirect::to(&destino).into_response();
    }
    match resultado {
        Ok(items) => (StatusCode::CREATED, Json(Subidos { items })).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Replaces an unsealed document with a new version (multipart, one field `archivo`).
#[utoipa::path(put, path = "/api/v1/archivos/{id}", params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", description = "campo «archivo»"),
    responses((status = 200, body = Documento), (status = 403, body = RespuestaDeError),
    (status = 404, body = RespuestaDeError), (status = 409, body = RespuestaDeError),
    (status = 413, body = RespuestaDeError), (status = 415, body = RespuestaDeError)))]
pub async fn reemplazar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Json<Documento>, ApiError> {
    documentos::puede_modificar(&state.db, &actor, id).await?;
    let recibido = recibir_todos(&state, req, 1)
        .await?
        .pop()
        .ok_or_else(sin_archivo)?;
    Ok(Json(
        documentos::reemplazar(&state.db, &state.almacenes, &actor, id, recibido).await?,
    ))
}

/// Desglose: removes an unsealed document logically, with a motivo; the bytes are kept.
#[utoipa::path(delete, path = "/api/v1/archivos/{id}", params(("id" = i64, Path)),
    request_body = Motivo, responses((status = 200, body = Documento),
    (status = 403, body = RespuestaDeError), (status = 404, body = RespuestaDeError),
    (status = 409, body = RespuestaDeError), (status = 422, body = RespuestaDeError)))]
pub async fn desglosar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    bytes: Bytes,
) -> Result<Json<Documento>, ApiError> {
    documentos::puede_modificar(&state.db, &actor, id).await?;
    let motivo: Motivo = if bytes.is_empty() {
        Motivo::default()
    } else {
        cuerpo(&bytes)?
    };
    Ok(Json(
        documentos::desglosar(&state.db, &actor, id, &motivo.motivo).await?,
    ))
}

/// The documents of an expediente at their current version.
#[utoipa::path(get, path = "/api/v1/expedientes/{id}/archivos",
    params(("id" = i64, Path), ConsultaLista),
    responses((status = 200, description = "Documentos", body = Lista<Documento>), (status = 404, body = RespuestaDeError)))]
pub async fn listar(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<Documento>>, ApiError> {
    Ok(Json(
        documentos::listar(&state.db, &actor, id, &consulta).await?,
    ))
}

/// Every version of a document, oldest first.
#[utoipa::path(get, path = "/api/v1/archivos/{id}/versiones",
    params(("id" = i64, Path), ConsultaLista),
    responses((status = 200, description = "Versiones", body = Lista<VersionDocumento>), (status = 404, body = RespuestaDeError)))]
pub async fn versiones(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaLista>,
) -> Result<Json<Lista<VersionDocumento>>, ApiError> {
    Ok(Json(
        documentos::versiones(&state.db, &actor, id, &consulta).await?,
    ))
}

/// The bytes of a document (a version with `?version=N`), with its original name. PDF, PNG
/// and JPEG show inline (framable by our own pages only); anything else downloads.
#[utoipa::path(get, path = "/api/v1/archivos/{id}/contenido",
    params(("id" = i64, Path), ConsultaContenido),
    responses((status = 200, description = "Los bytes del documento"),
    (status = 404, body = RespuestaDeError)))]
pub async fn contenido(
    State(state): State<AppState>,
    Sesion(actor): Sesion,
    Path(id): Path<i64>,
    Query(consulta): Query<ConsultaContenido>,
) -> Result<Response, ApiError> {
    let v = documentos::version(&state.db, &actor, id, consulta.version).await?;
    let Some((flujo, largo)) = state
        .almacenes
        .abrir(&v.sha256)
        .await
        .map_err(|e| DomainError::Interno(format!("leer el documento: {e}")))?
    else {
        tracing::error!(documento = id, sha256 = %v.sha256, "document bytes missing from both stores");
        return Err(DomainError::Interno("documento sin copias".into()).into());
    };
    let en_linea = contenido::se_muestra_en_linea(&v.tipo);
    let mut res = Body::from_stream(flujo).into_response();
    let h = res.headers_mut();
    let tipo = HeaderValue::from_str(&v.tipo)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, tipo);
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(largo));
    if let Ok(d) = HeaderValue::from_str(&disposicion(en_linea, &v.nombre)) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    if en_linea {
        // Our own detail page previews it in a frame; nobody else may frame it. A PDF is
        // drawn by the browser's own viewer, which a `default-src 'none'` would block; an
        // image document needs nothing but itself.
        let politica = if v.tipo == contenido::PDF {
            "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
        } else {
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
             frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
        };
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(politica),
        );
        h.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
    }
    Ok(res)
}

/// `Content-Disposition` with the original name: an ASCII fallback and the UTF-8 form.
fn disposicion(en_linea: bool, nombre: &str) -> String {
    let ascii: String = nombre
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut codificado = String::new();
    for b in nombre.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            codificado.push(b as char);
        } else {
            codificado.push_str(&format!("%{b:02X}"));
        }
    }
    format!(
        "{}; filename=\"{ascii}\"; filename*=UTF-8''{codificado}",
        if en_linea { "inline" } else { "attachment" }
    )
}

#[cfg(test)]
mod tests {
    use super::disposicion;

    #[test]
    fn the_original_name_survives_in_both_forms() {
        assert_eq!(
            disposicion(false, "acta ñ \"1\".odt"),
            "attachment; filename=\"acta _ _1_.odt\"; filename*=UTF-8''acta%20%C3%B1%20%221%22.odt"
        );
        assert!(disposicion(true, "a.pdf").starts_with("inline; "));
    }
}
