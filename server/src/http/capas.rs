//! Layers every request goes through: security headers, the cross-site check, and the session
//! gate that decides who may see what before any handler runs.

use super::error::api_error;
use crate::config::Config;
use app::api::IpCliente;
use app::domain::acceso::{Actor, REGISTRO_DE_SEGURIDAD, sesiones};
use app::domain::cuentas::tokens;
use app::estado::AppState;
use app::model::AppError;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// What the layers need from the configuration.
#[derive(Debug, Clone)]
pub struct Politica {
    /// `scheme://host[:port]` of the public URL.
    pub origen: String,
    pub https: bool,
    pub proxies: Vec<IpAddr>,
}

impl Politica {
    pub fn new(config: &Config) -> Self {
        Politica {
            origen: config.public_origin(),
            https: config.https(),
            proxies: config.trusted_proxies.clone(),
        }
    }

    /// The client's address: the peer, or — only when the peer is a trusted proxy — the
    /// right-most address in `X-Forwarded-For` that is not a trusted proxy.
    fn ip_cliente(&self, headers: &HeaderMap, par: Option<IpAddr>) -> Option<IpAddr> {
        let par = par?;
        if !self.proxies.contains(&par) {
            return Some(par);
        }
        let reenviado = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        Some(
            reenviado
                .into_iter()
                .rev()
                .find(|ip| !self.proxies.contains(ip))
                .unwrap_or(par),
        )
    }
}

/// A tracing span per request, with its id; never headers (cookies stay out of the log).
pub fn span_de_pedido(req: &Request) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("pedido", id = %id, metodo = %req.method(), camino = %req.uri().path())
}

fn es_estatico(camino: &str) -> bool {
    camino.starts_with("/pkg/")
        || camino.starts_with("/iconos/")
        || matches!(camino, "/favicon.ico" | "/manifest.webmanifest")
}

/// A site file whose name carries its content's hash (`sigexp.0123456789abcdef.wasm`, as
/// scripts/lib/sitio.mjs names them): it never changes, so browsers keep it for a year.
fn nombre_con_hash(camino: &str) -> bool {
    let nombre = camino.rsplit('/').next().unwrap_or_default();
    nombre
        .split('.')
        .any(|parte| parte.len() == 16 && parte.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Security headers on every answer (API.md, DECISIONS.md "Leptos and HTTP"). Pages set their
/// own Content-Security-Policy with the nonce of their inline scripts; every other answer gets
/// a policy that allows nothing.
pub async fn encabezados(
    State(politica): State<Arc<Politica>>,
    req: Request,
    next: Next,
) -> Response {
    let camino = req.uri().path();
    let estatico = es_estatico(camino);
    let inmutable = estatico && nombre_con_hash(camino);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::X_FRAME_OPTIONS) {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ),
        );
    }
    let cache = match (estatico, inmutable) {
        (false, _) => "no-store",
        (true, true) => "public, max-age=31536000, immutable",
        // Same name, new content after a rebuild: the browser asks again (and gets a 304).
        (true, false) => "no-cache",
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // A precompressed file goes out without the Vary that per-request compression adds; a
    // shared cache must still not hand the brotli copy to a client that did not ask for it.
    if estatico && !h.contains_key(header::VARY) {
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if politica.https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// Refuses cross-site state-changing requests to the API and to server functions alike
/// (API.md): a request passes when `Sec-Fetch-Site` is `same-origin` or `none`, or when its
/// `Origin` is our public origin; one with neither header (a script) passes on to
/// authentication.
pub async fn sitio_cruzado(
    State(politica): State<Arc<Politica>>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let sitio = texto_de(req.headers(), "sec-fetch-site");
    let origen = texto_de(req.headers(), "origin");
    let permitido = match (sitio.as_deref(), origen.as_deref()) {
        (None, None) => true,
        (sitio, origen) => {
            matches!(sitio, Some("same-origin" | "none"))
                || origen.is_some_and(|o| o != "null" && o == politica.origen)
        }
    };
    if !permitido {
        tracing::warn!(sec_fetch_site = ?sitio, origin = ?origen, "cross-site request refused");
        return api_error(AppError::de("cross_site"));
    }
    next.run(req).await
}

/// Request bodies larger than this are refused with 413 (uploads have their own limit).
pub const LIMITE_CUERPO: usize = 64 * 1024;
/// The CSV import takes files up to this size (a 5,000-row list is about 500 KiB).
pub const LIMITE_IMPORTACION: usize = 8 * 1024 * 1024;

/// Limits every request body, server functions included (they read the body themselves, so
/// axum's extractor limit does not reach them): 413 when `Content-Length` is over the limit,
/// and a body that streams past it is cut.
pub async fn limite_cuerpo(req: Request, next: Next) -> Response {
    let ruta = req.uri().path();
    // Uploads stream to disk and count each file against its own limit (documentos.rs).
    if es_subida(req.method(), ruta) {
        return next.run(req).await;
    }
    let limite = if ruta.starts_with("/api/v1/usuarios/importacion") {
        LIMITE_IMPORTACION
    } else {
        LIMITE_CUERPO
    };
    let largo = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if largo.is_some_and(|l| l > limite) {
        return api_error(AppError::de("body_too_large"));
    }
    let (partes, cuerpo) = req.into_parts();
    let cuerpo = axum::body::Body::new(http_body_util::Limited::new(cuerpo, limite));
    next.run(Request::from_parts(partes, cuerpo)).await
}

/// A document upload: `POST /api/v1/expedientes/{id}/archivos` or `PUT /api/v1/archivos/{id}`.
fn es_subida(metodo: &axum::http::Method, ruta: &str) -> bool {
    let mut partes = ruta.trim_start_matches("/api/v1/").split('/');
    match (partes.next(), partes.next(), partes.next(), partes.next()) {
        (Some("expedientes"), Some(_), Some("archivos"), None) => {
            metodo == axum::http::Method::POST
        }
        (Some("archivos"), Some(_), None, None) => metodo == axum::http::Method::PUT,
        _ => false,
    }
}

/// Works out the client's address once (trusted proxies considered) for login throttling.
pub async fn cliente(
    State(politica): State<Arc<Politica>>,
    mut req: Request,
    next: Next,
) -> Response {
    let par = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(ip) = politica.ip_cliente(req.headers(), par) {
        req.extensions_mut().insert(IpCliente(ip));
    }
    next.run(req).await
}

fn texto_de(headers: &HeaderMap, nombre: &str) -> Option<String> {
    headers
        .get(nombre)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Finds the session of the request and enforces "no answer without a session" except for
/// login, health and static files: JSON 401 for the API, a redirect to the login for pages.
/// What a session may do — a temporary password included — is decided by each door (the
/// API's `Sesion` extractor, the server functions' `sesion_valida`, both through
/// `auth::exigir_actor`); server functions check their session themselves, as public endpoints.
pub async fn sesion(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let camino = req.uri().path().to_owned();
    if es_estatico(&camino) {
        return next.run(req).await;
    }

    let actor = match identificar(&state, req.headers()).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            return api_error(AppError::de("internal_error"));
        }
    };
    if let Some(a) = actor.clone() {
        req.extensions_mut().insert(a);
    }

    if let Some(api) = camino.strip_prefix("/api/v1") {
        if matches!(api, "/health" | "/auth/login" | "/publico/expedientes") {
            return next.run(req).await;
        }
        if actor.is_none() {
            // A credential that was sent but leads nowhere (an ended session, a revoked or
            // made-up token); no credential at all is not an attempt worth a line.
            let credencial = if req.headers().contains_key(header::AUTHORIZATION) {
                Some("token")
            } else {
                req.headers()
                    .get(header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|c| sesiones::secreto_de_cookies(&state.auth, c))
                    .map(|_| "sesion")
            };
            if let Some(credencial) = credencial {
                tracing::info!(target: REGISTRO_DE_SEGURIDAD, evento = "credencial_rechazada",
                    credencial, "unknown or ended credential");
            }
            return api_error(AppError::de("not_authenticated"));
        }
        return next.run(req).await;
    }
    if camino.starts_with("/sfn/") || req.method() != Method::GET {
        return next.run(req).await;
    }

    // Pages.
    if camino == "/login" {
        return match actor {
            Some(_) => Redirect::to("/").into_response(),
            _ => next.run(req).await,
        };
    }
    // The citizens' consulta needs no session (it answers the same with one).
    if camino == "/consulta" {
        return next.run(req).await;
    }
    if actor.is_none() {
        let destino = req
            .uri()
            .path_and_query()
            .map_or("/", |pq| pq.as_str())
            .to_owned();
        let url = format!("/login?next={}", codificar(&destino));
        return (StatusCode::SEE_OTHER, [(header::LOCATION, url)]).into_response();
    }
    next.run(req).await
}

/// Logs refused requests (ASVS 16.3.2, 16.3.3) under [`REGISTRO_DE_SEGURIDAD`], with the
/// user's id; the request's span adds its id, method and path. 403 and 429 are warnings; a 404
/// to a signed-in user is information (a hidden expediente answers as a missing one, so a probe
/// for hidden ids shows only as many 404s). Runs inside [`sesion`], which sets the actor.
pub async fn denegaciones(req: Request, next: Next) -> Response {
    let usuario_id = req.extensions().get::<Actor>().map(Actor::id);
    let res = next.run(req).await;
    let estado = res.status().as_u16();
    match estado {
        403 | 429 => tracing::warn!(target: REGISTRO_DE_SEGURIDAD, evento = "pedido_rechazado",
            estado, usuario_id, "request refused"),
        404 if usuario_id.is_some() => tracing::info!(target: REGISTRO_DE_SEGURIDAD,
            evento = "pedido_rechazado", estado, usuario_id, "not found or not visible"),
        _ => {}
    }
    res
}

/// The user behind the request: a personal token (`Authorization: Bearer`) for the API, or
/// the session cookie.
async fn identificar(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Actor>, sea_orm::DbErr> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if let Some(token) = bearer {
        return tokens::buscar(&state.db, token).await;
    }
    let secreto = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| sesiones::secreto_de_cookies(&state.auth, c));
    match secreto {
        Some(s) => sesiones::buscar(&state.db, &state.auth, s).await,
        None => Ok(None),
    }
}

/// Percent-encodes a path for a query parameter value.
fn codificar(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
