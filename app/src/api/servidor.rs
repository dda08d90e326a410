//! What every server function needs on the server: state, the acting user, and the one
//! mapping from a domain error to what the browser receives.

#[cfg(feature = "ssr")]
use crate::domain::DomainError;
#[cfg(feature = "ssr")]
use crate::domain::acceso::Actor;
#[cfg(feature = "ssr")]
use crate::estado::AppState;
use crate::model::{AppError, Aviso};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::IpAddr;

/// The client address the server's middleware worked out (trusted proxies considered).
#[derive(Debug, Clone, Copy)]
pub struct IpCliente(pub IpAddr);

pub fn estado() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| fallo(DomainError::Interno("no AppState".into())))
}

fn partes() -> Option<Parts> {
    use_context::<Parts>()
}

/// The user of the request's session, as the session middleware left it.
pub fn actor() -> Option<Actor> {
    partes()?.extensions.get::<Actor>().cloned()
}

/// The acting user, refused (401, or 403 while the password is temporary) when there is none.
pub fn sesion_valida() -> Result<Actor, AppError> {
    let a = actor();
    crate::domain::acceso::auth::exigir_actor(a.as_ref(), false)
        .cloned()
        .map_err(fallo)
}

pub fn ip_cliente() -> Option<IpAddr> {
    partes()?.extensions.get::<IpCliente>().map(|i| i.0)
}

/// The raw `Cookie` header, if any.
pub fn cookies() -> Option<String> {
    partes()?
        .headers
        .get(header::COOKIE)?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// Adds a header to the server function's response.
pub fn agregar_header(nombre: HeaderName, valor: &str) {
    if let (Some(r), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(valor),
    ) {
        r.append_header(nombre, v);
    }
}

/// True for a form posted by the browser without JavaScript: a POST that accepts HTML. (A
/// page being rendered also accepts HTML, but it is a GET: its errors show on the page.)
fn es_form_plano() -> bool {
    partes()
        .filter(|p| p.method == axum::http::Method::POST)
        .is_some_and(|p| pide_html(&p.headers))
}

/// The request asks for a page back (`Accept: text/html`): the browser posted a form itself,
/// while scripts ask for JSON.
pub fn pide_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// After an action on the page itself: a form posted without JavaScript goes back to its page
/// (with its filters).
pub fn volver_a_la_pagina() {
    if es_form_plano() {
        leptos_axum::redirect(&pagina_de_origen());
    }
}

/// For a form posted without JavaScript: a notice of what was done, shown once by the page at
/// `ir_a`, where the browser is sent.
pub fn ir_con_aviso(texto: &str, ir_a: &str) {
    volver_avisando(
        Aviso {
            texto: texto.to_owned(),
            clave: None,
        },
        Some(ir_a),
    );
}

/// The same, with a notice of what was done for the page to show once.
pub fn volver_con_aviso(texto: &str) {
    volver_avisando(
        Aviso {
            texto: texto.to_owned(),
            clave: None,
        },
        None,
    );
}

/// Path and query of the page that posted the form, without the result of an earlier post
/// (`error`, and the `__path`/`__err` pair server functions add to carry an error back).
fn pagina_de_origen() -> String {
    let referer = partes()
        .and_then(|p| {
            p.headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let sin_origen = referer
        .split_once("://")
        .and_then(|(_, resto)| resto.find('/').map(|i| resto[i..].to_owned()))
        .unwrap_or_else(|| "/".to_owned());
    let (camino, query) = sin_origen
        .split_once('?')
        .unwrap_or((sin_origen.as_str(), ""));
    let resto: Vec<&str> = query
        .split('&')
        .filter(|p| {
            !p.is_empty()
                && !["error=", "__path=", "__err="]
                    .iter()
                    .any(|k| p.starts_with(k))
        })
        .collect();
    if resto.is_empty() {
        camino.to_owned()
    } else {
        format!("{camino}?{}", resto.join("&"))
    }
}

/// The cookie that carries a notice to the next page the browser shows, once.
const COOKIE_AVISO: &str = "sigexp_aviso";

/// Longest notice kept, encoded (a cookie holds about 4 KB).
const MAX_AVISO: usize = 2_400;

fn atributos_aviso(max_age: u32) -> String {
    let secure = estado().is_ok_and(|s| s.auth.https);
    format!(
        "; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Leaves a notice for the next page this browser shows (a form posted without JavaScript
/// lands on a page of its own, and the notice says what happened there). It travels in an
/// HttpOnly cookie, never in the address, so a link cannot make our pages say anything.
fn avisar(aviso: &Aviso) {
    use base64::Engine;
    let json = serde_json::to_string(aviso).unwrap_or_default();
    if json.len() > MAX_AVISO {
        return;
    }
    let valor = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    agregar_header(
        header::SET_COOKIE,
        &format!("{COOKIE_AVISO}={valor}{}", atributos_aviso(120)),
    );
}

/// For a form posted without JavaScript, a notice with a secret shown once (a new token, a
/// temporary password) for the page it lands on: `ir_a`, or the page that posted it.
pub fn entregar_clave(texto: String, clave: String, ir_a: Option<&str>) {
    volver_avisando(
        Aviso {
            texto,
            clave: Some(clave),
        },
        ir_a,
    );
}

/// For a form posted without JavaScript: leaves the notice and sends the browser to `ir_a`, or
/// back to the page that posted it.
fn volver_avisando(aviso: Aviso, ir_a: Option<&str>) {
    if es_form_plano() {
        avisar(&aviso);
        leptos_axum::redirect(&ir_a.map_or_else(pagina_de_origen, str::to_owned));
    }
}

/// The notice left for this page, if any, removed as it is read.
pub fn aviso_pendiente() -> Option<Aviso> {
    use base64::Engine;
    let cookies = cookies()?;
    let valor = crate::domain::acceso::sesiones::valor_de_cookie(&cookies, COOKIE_AVISO)?;
    agregar_header(
        header::SET_COOKIE,
        &format!("{COOKIE_AVISO}={}", atributos_aviso(0)),
    );
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(valor)
        .ok()
        .and_then(|b| serde_json::from_slice::<Aviso>(&b).ok())
        .filter(|a| !a.texto.is_empty())
}

/// The one mapping from a domain error to a server function's error: the HTTP status goes
/// into the response. A form posted without JavaScript is sent back to its page by the server
/// function itself, with the error in the address (`__path`, `__err`), where the page's
/// `ServerAction` finds it and shows it, field messages included.
pub fn fallo(e: DomainError) -> AppError {
    let cambio_de_clave = matches!(e, DomainError::CambioClaveRequerido);
    let err = AppError::from(e);
    if es_form_plano() {
        return err;
    }
    // While a page renders on the server, its data errors show on the page, which itself
    // answers 200; only a call to the server function answers with the error's status.
    let llamada = partes().is_some_and(|p| p.uri.path().starts_with("/sfn/"));
    // A page whose data needs a full session, rendered for a user whose password is still
    // temporary, sends them to change it (the pages that allow it use `sesion_actual`).
    if cambio_de_clave && !llamada {
        leptos_axum::redirect("/cambiar-clave");
        if let Some(r) = use_context::<ResponseOptions>() {
            r.set_status(StatusCode::SEE_OTHER);
        }
        return err;
    }
    if let Some(r) = use_context::<ResponseOptions>().filter(|_| llamada) {
        r.set_status(StatusCode::from_u16(err.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        if let Some(s) = err.retry_after {
            r.insert_header(header::RETRY_AFTER, HeaderValue::from(s));
        }
    }
    err
}
