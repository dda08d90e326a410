//! Login, logout, password change and the current user, for the browser.

use crate::model::{AppError, Me};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::servidor::{actor, agregar_header, cookies, estado, fallo, ip_cliente};
#[cfg(feature = "ssr")]
use crate::domain::acceso::auth;
use crate::domain::acceso::sesiones;
use crate::domain::cuentas::usuarios;

/// The logged-in user, or `None` without a session.
#[server(prefix = "/sfn", endpoint = "sesion")]
pub async fn sesion_actual() -> Result<Option<Me>, AppError> {
    let state = estado()?;
    match actor() {
        Some(a) => usuarios::me(&state.db, &a)
            .await
            .map(Some)
            .map_err(|e| fallo(e.into())),
        None => Ok(None),
    }
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
    let ingreso = auth::login(&state, &credenciales, ip_cliente(), previa)
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
        auth::logout(&state, &a, false).await.map_err(fallo)?;
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
    auth::cambiar_password(&state, a, &cambio, ip_cliente())
        .await
        .map_err(fallo)?;
    leptos_axum::redirect("/");
    Ok(())
}
