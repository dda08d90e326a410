//! Login, logout, password change and the current user, for the browser.

use crate::model::{AccionesMenu, AppError, Me};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::servidor::{actor, agregar_header, cookies, estado, fallo, ip_cliente, sesion_valida};
#[cfg(feature = "ssr")]
use crate::domain::acceso::auth;
#[cfg(feature = "ssr")]
use crate::domain::acceso::authz;
#[cfg(feature = "ssr")]
use crate::domain::acceso::sesiones;
#[cfg(feature = "ssr")]
use crate::domain::cuentas::usuarios;

/// The logged-in user and the navigation entries they may use.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatosDeSesion {
    pub me: Me,
    pub menu: AccionesMenu,
}

/// The logged-in user, or `None` without a session. It answers while the password is
/// temporary too (like `GET /me`), with no menu entries: nothing else opens until it changes.
#[server(prefix = "/sfn", endpoint = "sesion")]
pub async fn sesion_actual() -> Result<Option<DatosDeSesion>, AppError> {
    let state = estado()?;
    let Some(a) = actor() else {
        return Ok(None);
    };
    let me = usuarios::me(&state.db, &a)
        .await
        .map_err(|e| fallo(e.into()))?;
    let menu = auth::exigir_actor(Some(&a), false)
        .map(authz::acciones_de_menu)
        .unwrap_or_default();
    Ok(Some(DatosDeSesion { me, menu }))
}

/// The home page's account data: the user, with a full session only (a temporary password
/// is sent to change it first, like every other page but the change and the logout).
#[server(prefix = "/sfn", endpoint = "mi_cuenta")]
pub async fn mi_cuenta() -> Result<Me, AppError> {
    let state = estado()?;
    let a = sesion_valida()?;
    usuarios::me(&state.db, &a)
        .await
        .map_err(|e| fallo(e.into()))
}

/// Logs in and sets the session cookie, then sends the browser to `next` (a path of ours).
#[server(prefix = "/sfn", endpoint = "ingresar")]
pub async fn ingresar(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<Me, AppError> {
    let state = estado()?;
    let credenciales = crate::model::Credenciales { email, password };
    let cookie_header = cookies();
    let previa = cookie_header
        .as_deref()
        .and_then(|c| sesiones::secreto_de_cookies(&state.auth, c));
    let ingreso = auth::login(
        &state.db,
        &state.hasher,
        &state.auth,
        &credenciales,
        ip_cliente(),
        previa,
    )
    .await
    .map_err(fallo)?;
    agregar_header(
        axum::http::header::SET_COOKIE,
        &sesiones::cookie(&state.auth, &ingreso.secreto),
    );
    let destino = if ingreso.actor.debe_cambiar_password() {
        "/cambiar-clave".to_owned()
    } else {
        crate::model::destino_seguro(next.as_deref())
    };
    leptos_axum::redirect(&destino);
    usuarios::me(&state.db, &ingreso.actor)
        .await
        .map_err(|e| fallo(e.into()))
}

/// Ends the current session and goes to the login page.
#[server(prefix = "/sfn", endpoint = "salir")]
pub async fn salir() -> Result<(), AppError> {
    let state = estado()?;
    if let Some(a) = actor() {
        auth::logout(&state.db, &a, false).await.map_err(fallo)?;
    }
    agregar_header(
        axum::http::header::SET_COOKIE,
        &sesiones::cookie_borrada(&state.auth),
    );
    leptos_axum::redirect("/login");
    Ok(())
}

/// Changes the password (the only thing a user with a temporary password may do).
#[server(prefix = "/sfn", endpoint = "cambiar_clave")]
pub async fn cambiar_clave(actual: String, nueva: String, repetir: String) -> Result<(), AppError> {
    #[cfg(feature = "ssr")]
    use crate::domain::DomainError;
    let state = estado()?;
    let a = actor();
    let a = auth::exigir_actor(a.as_ref(), true).map_err(fallo)?;
    if nueva != repetir {
        return Err(fallo(DomainError::campo(
            "repetir",
            "Las contraseñas nuevas no coinciden.",
        )));
    }
    let cambio = crate::model::CambioClave { actual, nueva };
    auth::cambiar_password(&state.db, &state.hasher, a, &cambio, ip_cliente())
        .await
        .map_err(fallo)?;
    leptos_axum::redirect("/");
    Ok(())
}
