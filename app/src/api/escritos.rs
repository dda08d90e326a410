//! Server functions of the Comunicaciones screens: the same domain functions as the API.

// A server function's arguments are the fields of the form that posts to it.
#![allow(clippy::too_many_arguments)]

use crate::model::{AppError, Borrador, Documento, Escrito, Lista, ListaDifusion, VistaEscrito};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::servidor::{estado, fallo, ir_con_aviso, sesion_valida, volver_con_aviso};
#[cfg(feature = "ssr")]
use crate::domain::DomainError;
#[cfg(feature = "ssr")]
use crate::domain::escritos;
#[cfg(feature = "ssr")]
use crate::model::ConsultaEscritos;

/// The destinations ticked on a form: unidades (`unidades[]`) and organismos (`organismos[]`).
#[cfg(feature = "ssr")]
fn elegidos(
    unidades: Option<Vec<i64>>,
    organismos: Option<Vec<i64>>,
) -> Vec<crate::model::DestinoEscrito> {
    use crate::model::DestinoEscrito;
    let unidades = unidades
        .unwrap_or_default()
        .into_iter()
        .map(|u| DestinoEscrito {
            unidad_id: Some(u),
            organismo_id: None,
        });
    let organismos = organismos
        .unwrap_or_default()
        .into_iter()
        .map(|o| DestinoEscrito {
            unidad_id: None,
            organismo_id: Some(o),
        });
    unidades.chain(organismos).collect()
}

/// The escritos addressed to the user's unidad, newest first, and that unidad (whose receipt
/// the list shows).
#[server(prefix = "/sfn", endpoint = "escritos_recibidos")]
pub async fn escritos_recibidos(
    page: Option<u64>,
    no_leidos: Option<bool>,
) -> Result<(Lista<Escrito>, i64), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let consulta = ConsultaEscritos {
        page,
        per_page: None,
        no_leidos,
    };
    let lista = escritos::recibidos(&state.db, &actor, &consulta)
        .await
        .map_err(fallo)?;
    Ok((lista, actor.usuario.unidad_id.unwrap_or_default()))
}

/// The escritos the user's unidad emitted, newest first.
#[server(prefix = "/sfn", endpoint = "escritos_enviados")]
pub async fn escritos_enviados(page: Option<u64>) -> Result<Lista<Escrito>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let consulta = ConsultaEscritos {
        page,
        per_page: None,
        no_leidos: None,
    };
    escritos::enviados(&state.db, &actor, &consulta)
        .await
        .map_err(fallo)
}

/// How many escritos the user's unidad has not opened (the menu's badge).
#[server(prefix = "/sfn", endpoint = "escritos_sin_leer")]
pub async fn escritos_sin_leer() -> Result<u64, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::sin_leer(&state.db, &actor).await.map_err(fallo)
}

/// One escrito's page; a destination's user opening it records the first reading.
#[server(prefix = "/sfn", endpoint = "escrito")]
pub async fn ver_escrito(id: i64) -> Result<VistaEscrito, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::vista(&state.db, &actor, id).await.map_err(fallo)
}

/// Takes notice of an escrito for the user's unidad.
#[server(prefix = "/sfn", endpoint = "escrito_conocimiento")]
pub async fn tomar_conocimiento(id: i64) -> Result<Escrito, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let e = escritos::tomar_conocimiento(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Tomaste conocimiento del escrito: la unidad que lo emitió lo ve.");
    Ok(e)
}

/// The mesas the user may emit from: its own mesa, or every active mesa for an administrator
/// (id and name with its organismo). Empty for who may not emit.
#[server(prefix = "/sfn", endpoint = "mesas_emisoras")]
pub async fn mesas_emisoras() -> Result<Vec<(i64, String)>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    if escritos::puede_emitir(&actor).is_err() {
        return Ok(Vec::new());
    }
    let mesas = crate::domain::expedientes::mesas_para_iniciar(&state.db, &actor)
        .await
        .map_err(fallo)?;
    let organismos = crate::domain::organizacion::organismos::todos(&state.db)
        .await
        .map_err(fallo)?;
    Ok(mesas
        .iter()
        .map(|m| (m.id, crate::model::etiqueta_destino(m, &organismos)))
        .collect())
}

/// The write form's two buttons: emit the escrito (`accion` absent or `emitir`), or keep it as
/// a draft (`borrador`). Destinations come ticked as unidades (`unidades[]`) and organismos
/// (`organismos[]`), the expediente typed by its number; `borrador_id` is the draft being
/// written. Opens the emitted escrito (answers it), or the drafts (answers none).
#[server(prefix = "/sfn", endpoint = "escrito_emitir")]
pub async fn emitir_escrito(
    tipo: Option<String>,
    titulo: String,
    cuerpo: String,
    expediente: Option<String>,
    en_respuesta_a: Option<i64>,
    unidad_id: Option<String>,
    unidades: Option<Vec<i64>>,
    organismos: Option<Vec<i64>>,
    listas: Option<Vec<i64>>,
    borrador_id: Option<i64>,
    accion: Option<String>,
) -> Result<Option<Escrito>, AppError> {
    use crate::model::NuevoEscrito;
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::puede_emitir(&actor).map_err(fallo)?;
    let expediente_id = match expediente.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(
            crate::domain::expedientes::por_numero(&state.db, &actor, n)
                .await
                .map_err(|_| {
                    fallo(DomainError::campo(
                        "expediente_id",
                        "No encontramos ese expediente.",
                    ))
                })?
                .id,
        ),
    };
    let de_listas = escritos::listas::expandir(&state.db, &actor, &listas.unwrap_or_default())
        .await
        .map_err(fallo)?;
    let mut destinos = elegidos(unidades, organismos);
    destinos.extend(de_listas);
    let nuevo = NuevoEscrito {
        tipo,
        titulo,
        cuerpo,
        expediente_id,
        en_respuesta_a,
        unidad_id: unidad_id.and_then(|u| u.trim().parse().ok()),
        destinos,
    };
    if accion.as_deref() == Some("borrador") {
        escritos::guardar_borrador(&state.db, &actor, borrador_id, &nuevo)
            .await
            .map_err(fallo)?;
        ir_con_aviso(
            "Borrador guardado: solo vos lo ves, y lo podés emitir cuando esté listo.",
            "/comunicaciones/borradores",
        );
        return Ok(None);
    }
    let e = escritos::emitir(&state.db, &actor, &nuevo, borrador_id)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/comunicaciones/{}", e.id));
    Ok(Some(e))
}

/// The user's drafts, newest first.
#[server(prefix = "/sfn", endpoint = "escritos_borradores")]
pub async fn mis_borradores() -> Result<Vec<Borrador>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::borradores(&state.db, &actor).await.map_err(fallo)
}

/// One of the user's drafts, with the number of its expediente (as the form shows it).
#[server(prefix = "/sfn", endpoint = "escrito_borrador")]
pub async fn borrador_escrito(id: i64) -> Result<(Borrador, Option<String>), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let b = escritos::borrador(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    let numero = match b.expediente_id {
        Some(e) => crate::domain::expedientes::obtener(&state.db, &actor, e)
            .await
            .ok()
            .map(|x| x.numero),
        None => None,
    };
    Ok((b, numero))
}

/// Discards one of the user's drafts.
#[server(prefix = "/sfn", endpoint = "escrito_descartar")]
pub async fn descartar_borrador(id: i64) -> Result<(), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::descartar_borrador(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Borrador descartado.");
    Ok(())
}

/// Adds the escrito to the expediente typed by its number, as a PDF document, and goes to the
/// expediente.
#[server(prefix = "/sfn", endpoint = "escrito_vincular")]
pub async fn vincular_escrito(id: i64, expediente: String) -> Result<Documento, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::exigir_visible(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    let destino = crate::domain::expedientes::por_numero(&state.db, &actor, expediente.trim())
        .await
        .map_err(|_| {
            fallo(DomainError::campo(
                "expediente_id",
                "No encontramos ese expediente.",
            ))
        })?;
    let d = escritos::vinculo::vincular(
        &state.db,
        &state.almacenes,
        state.limite_subida,
        &actor,
        id,
        Some(destino.id),
    )
    .await
    .map_err(fallo)?;
    ir_con_aviso(
        &format!(
            "El escrito se agregó al expediente como «{}» (fojas {} a {}).",
            d.nombre, d.foja_desde, d.foja_hasta
        ),
        &format!("/expedientes/{}", destino.id),
    );
    Ok(d)
}

/// The listas de difusión of the user's unidad.
#[server(prefix = "/sfn", endpoint = "listas_difusion")]
pub async fn listas_difusion() -> Result<Vec<ListaDifusion>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::listas::de_mi_unidad(&state.db, &actor)
        .await
        .map_err(fallo)
}

/// Saves a lista de difusión for the user's mesa.
#[server(prefix = "/sfn", endpoint = "lista_crear")]
pub async fn crear_lista(
    nombre: String,
    unidades: Option<Vec<i64>>,
    organismos: Option<Vec<i64>>,
) -> Result<ListaDifusion, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let destinos = elegidos(unidades, organismos);
    let l = escritos::listas::crear(&state.db, &actor, &nombre, &destinos)
        .await
        .map_err(fallo)?;
    volver_con_aviso(&format!("Lista «{}» guardada.", l.nombre));
    Ok(l)
}

/// Deletes one of the user's mesa's listas de difusión.
#[server(prefix = "/sfn", endpoint = "lista_eliminar")]
pub async fn eliminar_lista(id: i64) -> Result<(), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    escritos::listas::eliminar(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Lista de difusión eliminada.");
    Ok(())
}
