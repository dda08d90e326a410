//! Server functions of the administration screens and of "Mis tokens". Each one goes through
//! the same domain functions as the API, which authorise the actor.

// A server function's arguments are the fields of the form that posts to it.
#![allow(clippy::too_many_arguments)]

use crate::model::{AppError, Evento, Lista, Organismo, TipoTramite, Token, Unidad, Usuario};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::servidor::{
    entregar_clave, estado, fallo, ip_cliente, sesion_valida, volver_a_la_pagina,
};
#[cfg(feature = "ssr")]
use crate::domain::cuentas;
#[cfg(feature = "ssr")]
use crate::domain::cuentas::auditoria;
#[cfg(feature = "ssr")]
use crate::domain::cuentas::tokens;
#[cfg(feature = "ssr")]
use crate::domain::organizacion::organismos;
#[cfg(feature = "ssr")]
use crate::domain::organizacion::tipos_tramite;
#[cfg(feature = "ssr")]
use crate::domain::organizacion::unidades;
#[cfg(feature = "ssr")]
use crate::model::ConsultaLista;

#[cfg(feature = "ssr")]
fn consulta(q: Option<String>, page: Option<u64>) -> ConsultaLista {
    ConsultaLista {
        page,
        per_page: Some(50),
        q,
    }
}

/// An optional id typed in a form: empty means none.
#[cfg(feature = "ssr")]
fn id_opcional(campo: &str, v: Option<String>) -> Result<Option<i64>, AppError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            fallo(crate::domain::DomainError::campo(
                campo,
                "Elegí una opción de la lista.",
            ))
        }),
    }
}

#[server(prefix = "/sfn", endpoint = "organismos")]
pub async fn listar_organismos(
    q: Option<String>,
    page: Option<u64>,
) -> Result<Lista<Organismo>, AppError> {
    let state = estado()?;
    sesion_valida()?;
    organismos::listar(&state.db, &consulta(q, page))
        .await
        .map_err(fallo)
}

/// Every organismo (for selects).
#[server(prefix = "/sfn", endpoint = "organismos_todos")]
pub async fn todos_los_organismos() -> Result<Vec<Organismo>, AppError> {
    let state = estado()?;
    sesion_valida()?;
    organismos::todos(&state.db).await.map_err(fallo)
}

/// Every organismo and unidad, for the "organismo y dependencia" pickers.
#[server(prefix = "/sfn", endpoint = "ubicaciones")]
pub async fn ubicaciones() -> Result<(Vec<Organismo>, Vec<Unidad>), AppError> {
    let state = estado()?;
    sesion_valida()?;
    let o = organismos::todos(&state.db).await.map_err(fallo)?;
    let u = unidades::todas(&state.db).await.map_err(fallo)?;
    Ok((o, u))
}

#[server(prefix = "/sfn", endpoint = "organismo_crear")]
pub async fn crear_organismo(
    codigo: String,
    nombre: String,
    tipo: String,
) -> Result<Organismo, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let nuevo = crate::model::NuevoOrganismo {
        codigo,
        nombre,
        tipo,
        activo: None,
    };
    let creado = organismos::crear(&state.db, &actor, &nuevo)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect("/admin/organismos?creado=1");
    Ok(creado)
}

#[server(prefix = "/sfn", endpoint = "organismo")]
pub async fn obtener_organismo(id: i64) -> Result<Organismo, AppError> {
    let state = estado()?;
    sesion_valida()?;
    organismos::obtener(&state.db, id).await.map_err(fallo)
}

/// Changes an organismo's code, name, type and state.
#[server(prefix = "/sfn", endpoint = "organismo_modificar")]
pub async fn modificar_organismo(
    id: i64,
    codigo: String,
    nombre: String,
    tipo: String,
    activo: Option<String>,
) -> Result<Organismo, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambios = crate::model::CambiosOrganismo {
        codigo: Some(codigo),
        nombre: Some(nombre),
        tipo: Some(tipo),
        activo: Some(activo.is_some()),
    };
    let o = organismos::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/admin/organismos/{id}?guardado=1"));
    Ok(o)
}

#[server(prefix = "/sfn", endpoint = "unidad")]
pub async fn obtener_unidad(id: i64) -> Result<Unidad, AppError> {
    let state = estado()?;
    sesion_valida()?;
    unidades::obtener(&state.db, id).await.map_err(fallo)
}

/// Changes a unidad's code, name, type, the mesa it depends on and its state.
#[server(prefix = "/sfn", endpoint = "unidad_modificar")]
pub async fn modificar_unidad(
    id: i64,
    codigo: String,
    nombre: String,
    tipo: String,
    mesa_id: Option<String>,
    activo: Option<String>,
) -> Result<Unidad, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambios = crate::model::CambiosUnidad {
        codigo: Some(codigo),
        nombre: Some(nombre),
        tipo: Some(tipo),
        mesa_id: Some(id_opcional("mesa_id", mesa_id)?),
        activo: Some(activo.is_some()),
    };
    let u = unidades::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/admin/unidades/{id}?guardado=1"));
    Ok(u)
}

#[server(prefix = "/sfn", endpoint = "organismo_activo")]
pub async fn cambiar_organismo_activo(id: i64, activo: bool) -> Result<Organismo, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambios = crate::model::CambiosOrganismo {
        activo: Some(activo),
        ..Default::default()
    };
    let o = organismos::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect("/admin/organismos");
    Ok(o)
}

#[server(prefix = "/sfn", endpoint = "unidades")]
pub async fn listar_unidades(
    organismo_id: Option<i64>,
    q: Option<String>,
    page: Option<u64>,
) -> Result<Lista<Unidad>, AppError> {
    let state = estado()?;
    sesion_valida()?;
    let filtro = unidades::FiltroUnidades {
        organismo_id,
        tipo: None,
    };
    unidades::listar(&state.db, &consulta(q, page), &filtro)
        .await
        .map_err(fallo)
}

#[server(prefix = "/sfn", endpoint = "unidad_crear")]
pub async fn crear_unidad(
    organismo_id: Option<String>,
    codigo: String,
    nombre: String,
    tipo: String,
    mesa_id: Option<String>,
) -> Result<Unidad, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let organismo_id = id_opcional("organismo_id", organismo_id)?;
    let nueva = crate::model::NuevaUnidad {
        organismo_id,
        codigo,
        nombre,
        tipo,
        mesa_id: id_opcional("mesa_id", mesa_id)?,
        activo: None,
    };
    let creada = unidades::crear(&state.db, &actor, &nueva)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!(
        "/admin/unidades?organismo={}&creada=1",
        creada.organismo_id
    ));
    Ok(creada)
}

#[server(prefix = "/sfn", endpoint = "usuarios")]
pub async fn listar_usuarios(
    q: Option<String>,
    page: Option<u64>,
) -> Result<Lista<Usuario>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    cuentas::listar(&state.db, &actor, &consulta(q, page))
        .await
        .map_err(fallo)
}

#[server(prefix = "/sfn", endpoint = "usuario")]
pub async fn obtener_usuario(id: i64) -> Result<Usuario, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    cuentas::obtener(&state.db, &actor, id).await.map_err(fallo)
}

/// Creates a user with a temporary password, shown once on the next page.
#[server(prefix = "/sfn", endpoint = "usuario_crear")]
pub async fn crear_usuario(
    email: String,
    nombre: String,
    apellido: String,
    perfil: String,
    unidad_id: Option<String>,
) -> Result<Usuario, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let nuevo = crate::model::NuevoUsuario {
        email,
        nombre,
        apellido,
        perfil,
        unidad_id: id_opcional("unidad_id", unidad_id)?,
        ..Default::default()
    };
    let u = cuentas::crear(&state.db, &state.hasher, &actor, &nuevo)
        .await
        .map_err(fallo)?;
    if let Some(clave) = &u.password_temporal {
        entregar_clave(
            format!(
                "Usuario {} creado. Contraseña temporal (se muestra una sola vez; vence en 72 horas):",
                u.email
            ),
            clave.clone(),
            None,
        );
    }
    Ok(u)
}

/// Changes a user's data, perfil, unidad and access list. The access list comes as
/// checkboxes `acceso[i]`; `acceso_enviado` tells an empty list from an untouched one.
#[server(prefix = "/sfn", endpoint = "usuario_modificar")]
pub async fn modificar_usuario(
    id: i64,
    email: String,
    nombre: String,
    apellido: String,
    perfil: String,
    unidad_id: Option<String>,
    acceso: Option<Vec<i64>>,
    acceso_enviado: Option<String>,
) -> Result<Usuario, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let unidad_id = id_opcional("unidad_id", unidad_id)?;
    let acceso = match (acceso, acceso_enviado) {
        (Some(a), _) => Some(a),
        (None, Some(_)) => Some(Vec::new()),
        (None, None) => None,
    };
    let cambios = crate::model::CambiosUsuario {
        email: Some(email),
        nombre: Some(nombre),
        apellido: Some(apellido),
        perfil: Some(perfil),
        unidad_id: Some(unidad_id),
        // The organismo follows the unidad; none for province-wide perfiles.
        organismo_id: Some(None),
        acceso,
        ..Default::default()
    };
    let u = cuentas::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/admin/usuarios/{id}?guardado=1"));
    Ok(u)
}

#[server(prefix = "/sfn", endpoint = "usuario_activo")]
pub async fn cambiar_usuario_activo(id: i64, activo: bool) -> Result<Usuario, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambios = crate::model::CambiosUsuario {
        activo: Some(activo),
        ..Default::default()
    };
    let u = cuentas::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/admin/usuarios/{id}"));
    Ok(u)
}

/// New temporary password for a user, shown once.
#[server(prefix = "/sfn", endpoint = "usuario_restablecer")]
pub async fn restablecer_usuario(id: i64) -> Result<Usuario, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let u = cuentas::restablecer(&state.db, &state.hasher, &actor, id)
        .await
        .map_err(fallo)?;
    if let Some(clave) = &u.password_temporal {
        entregar_clave(
            "Contraseña restablecida. Se cerraron las sesiones abiertas de la persona. Contraseña temporal (se muestra una sola vez; vence en 72 horas):".to_owned(),
            clave.clone(),
            None,
        );
    }
    Ok(u)
}

#[server(prefix = "/sfn", endpoint = "auditoria")]
pub async fn listar_auditoria(page: Option<u64>) -> Result<Lista<Evento>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    auditoria::listar(
        &state.db,
        &actor,
        &consulta(None, page),
        &auditoria::FiltroAuditoria::default(),
    )
    .await
    .map_err(fallo)
}

#[server(prefix = "/sfn", endpoint = "tokens")]
pub async fn listar_tokens() -> Result<Lista<Token>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    tokens::listar(&state.db, &actor).await.map_err(fallo)
}

/// Creates a token, confirmed with the current password; its secret is in the answer, once.
#[server(prefix = "/sfn", endpoint = "token_crear")]
pub async fn crear_token(nombre: String, password: String) -> Result<Token, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let t = tokens::crear(
        &state.db,
        &state.hasher,
        &actor,
        &crate::model::NuevoToken { nombre, password },
        ip_cliente(),
        state.auth.vigencia_token,
    )
    .await
    .map_err(fallo)?;
    if let Some(secreto) = &t.token {
        entregar_clave(
            format!(
                "Token «{}» creado; vence el {}. Copialo ahora: no se vuelve a mostrar.",
                t.nombre,
                crate::model::fecha_hora(&t.expira_en)
            ),
            secreto.clone(),
            Some("/tokens"),
        );
    }
    Ok(t)
}

#[server(prefix = "/sfn", endpoint = "token_revocar")]
pub async fn revocar_token(id: i64) -> Result<(), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    tokens::revocar(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect("/tokens");
    Ok(())
}

/// The catalogue of tipos de trámite (inactive ones included).
#[server(prefix = "/sfn", endpoint = "tipos_tramite")]
pub async fn tipos_tramite() -> Result<Vec<TipoTramite>, AppError> {
    let state = estado()?;
    sesion_valida()?;
    tipos_tramite::listar(&state.db).await.map_err(fallo)
}

#[server(prefix = "/sfn", endpoint = "tipo_tramite_crear")]
pub async fn crear_tipo_tramite(
    nombre: String,
    plazo_dias: Option<String>,
) -> Result<TipoTramite, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let nuevo = crate::model::NuevoTipoTramite {
        nombre,
        activo: None,
        plazo_dias: plazo_del_formulario(plazo_dias)?.flatten(),
    };
    let t = tipos_tramite::crear(&state.db, &actor, &nuevo)
        .await
        .map_err(fallo)?;
    volver_a_la_pagina();
    Ok(t)
}

/// A threshold typed in a form: absent leaves it, empty goes back to the default.
#[cfg(feature = "ssr")]
fn plazo_del_formulario(v: Option<String>) -> Result<Option<Option<i32>>, AppError> {
    match v.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(n) => n.parse::<i32>().map(|d| Some(Some(d))).map_err(|_| {
            fallo(crate::domain::DomainError::campo(
                "plazo_dias",
                "Escribí el plazo en días hábiles, con números.",
            ))
        }),
    }
}

/// Renames a tipo, or switches it on or off (`activo` = "true"/"false").
#[server(prefix = "/sfn", endpoint = "tipo_tramite_cambiar")]
pub async fn cambiar_tipo_tramite(
    id: i64,
    nombre: Option<String>,
    activo: Option<String>,
) -> Result<TipoTramite, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambios = crate::model::CambiosTipoTramite {
        nombre,
        activo: activo.map(|a| a == "true"),
        plazo_dias: None,
    };
    let t = tipos_tramite::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    volver_a_la_pagina();
    Ok(t)
}

/// Sets a tipo's threshold in días hábiles; an empty field goes back to the default.
#[server(prefix = "/sfn", endpoint = "tipo_tramite_plazo")]
pub async fn plazo_tipo_tramite(
    id: i64,
    plazo_dias: Option<String>,
) -> Result<TipoTramite, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambios = crate::model::CambiosTipoTramite {
        nombre: None,
        activo: None,
        plazo_dias: Some(plazo_del_formulario(plazo_dias)?.flatten()),
    };
    let t = tipos_tramite::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    volver_a_la_pagina();
    Ok(t)
}

/// The feriados kept, by date.
#[server(prefix = "/sfn", endpoint = "feriados")]
pub async fn feriados() -> Result<Vec<crate::model::Feriado>, AppError> {
    let state = estado()?;
    sesion_valida()?;
    crate::domain::organizacion::calendario::listar(&state.db)
        .await
        .map_err(fallo)
}

#[server(prefix = "/sfn", endpoint = "feriado_agregar")]
pub async fn agregar_feriado(
    fecha: String,
    nombre: String,
) -> Result<crate::model::Feriado, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let f = crate::domain::organizacion::calendario::agregar(
        &state.db,
        &actor,
        &crate::model::Feriado { fecha, nombre },
    )
    .await
    .map_err(fallo)?;
    volver_a_la_pagina();
    Ok(f)
}

#[server(prefix = "/sfn", endpoint = "feriado_quitar")]
pub async fn quitar_feriado(fecha: String) -> Result<(), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    crate::domain::organizacion::calendario::quitar(&state.db, &actor, &fecha)
        .await
        .map_err(fallo)?;
    volver_a_la_pagina();
    Ok(())
}
