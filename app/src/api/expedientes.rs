//! Server functions of the expediente screens: the same domain functions as the API.

// A server function's arguments are the fields of the form that posts to it.
#![allow(clippy::too_many_arguments)]

use crate::model::{
    Anotacion, AppError, Bandeja, DatosCaratula, Expediente, Lista, Pase, Resultados, Seguimiento,
    VistaExpediente, VistaRapida,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::servidor::{estado, fallo, sesion_valida, volver_con_aviso};
#[cfg(feature = "ssr")]
use crate::domain::DomainError;
#[cfg(feature = "ssr")]
use crate::domain::expedientes;
#[cfg(feature = "ssr")]
use crate::domain::expedientes::pases;
#[cfg(feature = "ssr")]
use crate::domain::organizacion::unidades;
#[cfg(feature = "ssr")]
use crate::model::{ConsultaBandeja, FiltroExpedientes};

#[server(prefix = "/sfn", endpoint = "bandeja")]
pub async fn mi_bandeja(
    q: Option<String>,
    orden: Option<String>,
    page: Option<u64>,
) -> Result<Bandeja, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let consulta = ConsultaBandeja {
        q,
        orden,
        page,
        per_page: None,
    };
    pases::bandeja(&state.db, &actor, &consulta)
        .await
        .map_err(fallo)
}

/// How many pases await reception in the user's unidad (the navigation badge).
#[server(prefix = "/sfn", endpoint = "bandeja_contar")]
pub async fn por_recibir() -> Result<u64, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    pases::por_recibir(&state.db, &actor).await.map_err(fallo)
}

/// The outcome of acting on several pases or expedientes at once: each one is its own
/// transaction, so one failure does not undo the others.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResultadoMultiple {
    pub hechos: Vec<String>,
    /// The number and why it could not be done.
    pub fallidos: Vec<(String, String)>,
}

impl ResultadoMultiple {
    /// What was done, and what could not be, in words: "Recibidos: …. EX-…: why".
    pub fn resumen(&self, verbo: &str) -> String {
        let mut partes = Vec::new();
        if !self.hechos.is_empty() {
            partes.push(format!("{verbo}: {}.", self.hechos.join(", ")));
        }
        for (que, por_que) in &self.fallidos {
            partes.push(format!("{que}: {por_que}"));
        }
        partes.join(" ")
    }
}

/// The most pases or expedientes one batch action of the bandeja takes: a request stays short
/// and one user cannot keep the writers waiting for a long list (API.md's limits).
pub const MAXIMO_POR_LOTE: usize = 100;

#[cfg(feature = "ssr")]
fn elegidos(ids: Option<Vec<i64>>, campo: &str, mensaje: &str) -> Result<Vec<i64>, AppError> {
    match ids {
        Some(v) if v.len() > MAXIMO_POR_LOTE => Err(fallo(DomainError::campo(
            campo,
            &format!(
                "Podés elegir hasta {MAXIMO_POR_LOTE} a la vez (elegiste {}): hacelo en partes.",
                v.len()
            ),
        ))),
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(fallo(DomainError::campo(campo, mensaje))),
    }
}

/// Receives one or several pases addressed to the user's unidad.
#[server(prefix = "/sfn", endpoint = "pases_recibir")]
pub async fn recibir_pases(pases: Option<Vec<i64>>) -> Result<ResultadoMultiple, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let ids = elegidos(pases, "pases", "Elegí al menos un pase para recibir.")?;
    let mut r = ResultadoMultiple::default();
    for id in ids {
        match pases::recibir(&state.db, &actor, id).await {
            Ok(p) => r.hechos.push(
                expedientes::obtener(&state.db, &actor, p.expediente_id)
                    .await
                    .map_or_else(|_| format!("Expediente {}", p.expediente_id), |e| e.numero),
            ),
            Err(e) => r
                .fallidos
                .push((format!("Pase {id}"), AppError::from(e).message)),
        }
    }
    volver_con_aviso(&r.resumen("Recibidos"));
    Ok(r)
}

/// Rejects a pase addressed to the user's unidad, with its motivo.
#[server(prefix = "/sfn", endpoint = "pase_rechazar")]
pub async fn rechazar_pase(id: i64, motivo: String) -> Result<Pase, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let p = pases::rechazar(&state.db, &actor, id, &crate::model::Motivo { motivo })
        .await
        .map_err(fallo)?;
    volver_con_aviso("Pase rechazado: el expediente queda en la unidad que lo envió.");
    Ok(p)
}

/// Withdraws a pase the user's unidad sent, before its reception.
#[server(prefix = "/sfn", endpoint = "pase_anular")]
pub async fn anular_pase(id: i64) -> Result<Pase, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let p = pases::anular(&state.db, &actor, id).await.map_err(fallo)?;
    volver_con_aviso("Pase anulado: el expediente sigue en la unidad.");
    Ok(p)
}

#[cfg(feature = "ssr")]
async fn destino_elegido(
    db: &sea_orm::DatabaseConnection,
    destino: &str,
) -> Result<Option<i64>, AppError> {
    unidades::resolver_destino(db, destino).await.map_err(fallo)
}

/// Sends several expedientes held by the user's unidad to one destination, with one motivo.
#[server(prefix = "/sfn", endpoint = "pases_enviar")]
pub async fn enviar_pases(
    expedientes: Option<Vec<i64>>,
    destino: String,
    motivo: String,
) -> Result<ResultadoMultiple, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let ids = elegidos(
        expedientes,
        "expedientes",
        "Elegí al menos un expediente para enviar.",
    )?;
    let nuevo = crate::model::NuevoPase {
        destino_unidad_id: destino_elegido(&state.db, &destino).await?,
        motivo,
    };
    let mut r = ResultadoMultiple::default();
    for id in ids {
        let numero = expedientes::obtener(&state.db, &actor, id)
            .await
            .map_or_else(|_| format!("Expediente {id}"), |e| e.numero);
        match pases::enviar(&state.db, &actor, id, &nuevo).await {
            Ok(_) => r.hechos.push(numero),
            // A bad destination or motivo is the same for all: say it once, on the form.
            Err(e @ DomainError::Invalido(_)) => return Err(fallo(e)),
            Err(e) => r.fallidos.push((numero, AppError::from(e).message)),
        }
    }
    volver_con_aviso(&r.resumen("Enviados"));
    Ok(r)
}

/// The mesas where the user may start an expediente (one for a mesa or an oficina, every
/// active mesa for an administrator): id and name with its organismo.
#[server(prefix = "/sfn", endpoint = "mesas_para_iniciar")]
pub async fn mesas_para_iniciar() -> Result<Vec<(i64, String)>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let mesas = expedientes::mesas_para_iniciar(&state.db, &actor)
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

/// Starts an expediente at the chosen mesa (`unidad_id`, which only an administrator chooses:
/// the others start at their own mesa) and opens it.
#[server(prefix = "/sfn", endpoint = "expediente_iniciar")]
pub async fn iniciar_expediente(
    extracto: String,
    iniciador_nombre: String,
    iniciador_documento: Option<String>,
    tipo_tramite_id: Option<String>,
    numero: Option<String>,
    unidad_id: Option<String>,
) -> Result<Expediente, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let nuevo = crate::model::NuevoExpediente {
        extracto,
        iniciador: crate::model::Iniciador {
            nombre: iniciador_nombre,
            documento: iniciador_documento,
        },
        tipo_tramite_id: tipo_tramite_id.and_then(|t| t.trim().parse().ok()),
        numero,
        unidad_id: unidad_id.and_then(|u| u.trim().parse().ok()),
    };
    let e = expedientes::iniciar(&state.db, &actor, &nuevo)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/expedientes/{}", e.id));
    Ok(e)
}

/// Everything the detail page shows, in one call.
#[server(prefix = "/sfn", endpoint = "expediente")]
pub async fn ver_expediente(id: i64) -> Result<VistaExpediente, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    expedientes::pagina::vista(&state.db, &actor, id, state.limite_subida)
        .await
        .map_err(fallo)
}

/// Desglose of a document from the detail page (logical removal with a motivo).
#[server(prefix = "/sfn", endpoint = "documento_desglosar")]
pub async fn desglosar_documento(id: i64, motivo: String) -> Result<(), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    crate::domain::documentos::desglosar(&state.db, &actor, id, &motivo)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Documento desglosado.");
    Ok(())
}

#[server(prefix = "/sfn", endpoint = "pase_enviar")]
pub async fn enviar_pase(
    expediente_id: i64,
    destino: String,
    motivo: String,
) -> Result<Pase, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let nuevo = crate::model::NuevoPase {
        destino_unidad_id: destino_elegido(&state.db, &destino).await?,
        motivo,
    };
    let p = pases::enviar(&state.db, &actor, expediente_id, &nuevo)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Pase enviado.");
    Ok(p)
}

/// Edits extracto and iniciador; `version` is the one the form showed (optimistic locking).
#[server(prefix = "/sfn", endpoint = "expediente_editar")]
pub async fn editar_expediente(
    id: i64,
    version: i64,
    extracto: String,
    iniciador_nombre: String,
    iniciador_documento: Option<String>,
) -> Result<Expediente, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambios = crate::model::CambiosExpediente {
        extracto: Some(extracto),
        iniciador: Some(crate::model::Iniciador {
            nombre: iniciador_nombre,
            documento: iniciador_documento,
        }),
        version: Some(version),
    };
    let e = expedientes::actualizar(&state.db, &actor, id, &cambios)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Cambios guardados.");
    Ok(e)
}

/// Archives (`archivar=true`) or unarchives an expediente, with its motivo.
#[server(prefix = "/sfn", endpoint = "expediente_archivar")]
pub async fn archivar_expediente(
    id: i64,
    archivar: bool,
    motivo: String,
) -> Result<Expediente, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let e = expedientes::archivar(
        &state.db,
        &actor,
        id,
        &crate::model::Motivo { motivo },
        archivar,
    )
    .await
    .map_err(fallo)?;
    volver_con_aviso(if archivar {
        "Expediente archivado."
    } else {
        "Expediente desarchivado."
    });
    Ok(e)
}

/// The expedientes search screen: every filter of the API, visibility applied by the server.
#[server(prefix = "/sfn", endpoint = "expedientes_buscar")]
pub async fn buscar_expedientes(
    numero: Option<String>,
    q: Option<String>,
    estado: Option<String>,
    organismo_id: Option<i64>,
    unidad_actual_id: Option<i64>,
    unidad_origen_id: Option<i64>,
    paso_por_organismo_id: Option<i64>,
    desde: Option<String>,
    hasta: Option<String>,
    orden: Option<String>,
    page: Option<u64>,
) -> Result<Resultados, AppError> {
    let state = self::estado()?;
    let actor = sesion_valida()?;
    let filtro = FiltroExpedientes {
        numero,
        q,
        estado,
        organismo_id,
        unidad_actual_id,
        unidad_origen_id,
        paso_por_organismo_id,
        desde,
        hasta,
        orden,
        page,
        per_page: None,
    };
    expedientes::buscar(&state.db, &actor, &filtro)
        .await
        .map_err(fallo)
}

/// The quick lookup of `/c/{numero}`: where the expediente is, for a phone.
#[server(prefix = "/sfn", endpoint = "consulta_rapida")]
pub async fn consulta_rapida(numero: String) -> Result<VistaRapida, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    expedientes::rapida::por_numero(&state.db, &actor, &numero)
        .await
        .map_err(fallo)
}

/// Follows (`seguir=true`) or stops following an expediente, from its page or the quick lookup.
#[server(prefix = "/sfn", endpoint = "seguimiento_cambiar")]
pub async fn seguir_expediente(id: i64, seguir: bool) -> Result<(), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    if seguir {
        expedientes::seguimiento::seguir(&state.db, &actor, id)
            .await
            .map_err(fallo)?;
        volver_con_aviso("Seguís este expediente: lo vas a ver en Seguimiento.");
    } else {
        expedientes::seguimiento::dejar(&state.db, &actor, id)
            .await
            .map_err(fallo)?;
        volver_con_aviso("Dejaste de seguir el expediente.");
    }
    Ok(())
}

/// The Seguimiento screen: what the user follows, the last changed first.
#[server(prefix = "/sfn", endpoint = "seguimiento")]
pub async fn mis_seguimientos(page: Option<u64>) -> Result<Lista<Seguimiento>, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let consulta = crate::model::ConsultaLista {
        page,
        per_page: None,
        q: None,
    };
    expedientes::seguimiento::listar(&state.db, &actor, &consulta)
        .await
        .map_err(fallo)
}

/// The Registro screen: the figures of the period and the monthly chart's counts.
#[server(prefix = "/sfn", endpoint = "registro")]
pub async fn registro(
    desde: Option<String>,
    hasta: Option<String>,
    organismo_id: Option<i64>,
) -> Result<(crate::model::Estadisticas, crate::model::Mensual), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let consulta = crate::model::ConsultaEstadisticas {
        desde,
        hasta,
        organismo_id,
    };
    let cifras = expedientes::estadisticas::calcular(&state.db, &actor, &consulta)
        .await
        .map_err(fallo)?;
    let meses = expedientes::estadisticas::mensual(&state.db, &actor, &consulta)
        .await
        .map_err(fallo)?;
    Ok((cifras, meses))
}

/// The citizens' consulta of `/consulta`, without a session (rate-limited per address).
#[server(prefix = "/sfn", endpoint = "consulta_publica")]
pub async fn consulta_publica(
    numero: String,
    documento: String,
) -> Result<crate::model::ConsultaPublica, AppError> {
    let state = estado()?;
    if !state.consulta_publica {
        return Err(AppError::not_found()
            .con_mensaje("La consulta pública no está disponible en esta instalación."));
    }
    expedientes::publica::consultar(
        &state.db,
        super::servidor::ip_cliente(),
        &numero,
        &documento,
    )
    .await
    .map_err(|e| match e {
        crate::domain::DomainError::NoEncontrado => AppError::not_found().con_mensaje(
            "No encontramos un expediente con ese número y ese documento. Revisá los dos datos.",
        ),
        otro => fallo(otro),
    })
}

#[server(prefix = "/sfn", endpoint = "caratula")]
pub async fn caratula(id: i64) -> Result<DatosCaratula, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    expedientes::caratula::datos(&state, &actor, id)
        .await
        .map_err(fallo)
}

/// Writes a note on the expediente (`visibilidad`: `PUBLICA`, the default, or `UNIDAD`).
#[server(prefix = "/sfn", endpoint = "anotacion_agregar")]
pub async fn agregar_anotacion(
    expediente_id: i64,
    texto: String,
    visibilidad: Option<String>,
) -> Result<Anotacion, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let nueva = crate::model::NuevaAnotacion { texto, visibilidad };
    let a = expedientes::anotaciones::agregar(&state.db, &actor, expediente_id, &nueva)
        .await
        .map_err(fallo)?;
    volver_con_aviso(if a.visibilidad == "UNIDAD" {
        "Anotación guardada: solo la ve tu unidad."
    } else {
        "Anotación guardada."
    });
    Ok(a)
}

/// Replaces a note's text; `version` is the one the form showed.
#[server(prefix = "/sfn", endpoint = "anotacion_editar")]
pub async fn editar_anotacion(id: i64, version: i64, texto: String) -> Result<Anotacion, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let cambio = crate::model::CambioAnotacion {
        texto,
        version: Some(version),
    };
    let a = expedientes::anotaciones::editar(&state.db, &actor, id, &cambio)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Anotación editada: el texto anterior queda en sus versiones.");
    Ok(a)
}

/// Removes a note logically, with its motivo.
#[server(prefix = "/sfn", endpoint = "anotacion_eliminar")]
pub async fn eliminar_anotacion(id: i64, motivo: String) -> Result<Anotacion, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let a = expedientes::anotaciones::eliminar(&state.db, &actor, id, &motivo)
        .await
        .map_err(fallo)?;
    volver_con_aviso("Anotación eliminada.");
    Ok(a)
}
