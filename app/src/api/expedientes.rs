//! Server functions of the expediente screens: the same domain functions as the API.

use crate::model::{AppError, Bandeja, Evento, Expediente, Lista, Parada, Pase};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::servidor::{estado, fallo, sesion_valida};
#[cfg(feature = "ssr")]
use crate::domain::{expedientes, pases};

#[server(prefix = "/sfn", endpoint = "bandeja")]
pub async fn mi_bandeja() -> Result<Bandeja, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    pases::bandeja(&state.db, &actor).await.map_err(fallo)
}

/// Starts an expediente and opens it.
#[server(prefix = "/sfn", endpoint = "expediente_iniciar")]
pub async fn iniciar_expediente(
    extracto: String,
    iniciador_nombre: String,
    iniciador_documento: Option<String>,
) -> Result<Expediente, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let nuevo = crate::model::NuevoExpediente {
        extracto,
        iniciador: crate::model::Iniciador {
            nombre: iniciador_nombre,
            documento: iniciador_documento,
        },
        ..Default::default()
    };
    let e = expedientes::iniciar(&state.db, &actor, &nuevo)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/expedientes/{}", e.id));
    Ok(e)
}

/// Everything the detail page shows, in one call.
#[server(prefix = "/sfn", endpoint = "expediente")]
pub async fn ver_expediente(
    id: i64,
) -> Result<(Expediente, Lista<Pase>, Lista<Parada>, Lista<Evento>), AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let e = expedientes::obtener(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    let p = pases::de_expediente(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    let c = pases::circuito(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    let consulta = crate::model::ConsultaLista {
        page: Some(1),
        per_page: Some(200),
        q: None,
    };
    let h = expedientes::historial(&state.db, &actor, id, &consulta)
        .await
        .map_err(fallo)?;
    Ok((e, p, c, h))
}

#[server(prefix = "/sfn", endpoint = "pase_enviar")]
pub async fn enviar_pase(
    expediente_id: i64,
    destino_unidad_id: Option<String>,
    motivo: String,
) -> Result<Pase, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let destino = destino_unidad_id.and_then(|d| d.trim().parse().ok());
    let nuevo = crate::model::NuevoPase {
        destino_unidad_id: destino,
        motivo,
    };
    let p = pases::enviar(&state.db, &actor, expediente_id, &nuevo)
        .await
        .map_err(fallo)?;
    leptos_axum::redirect(&format!("/expedientes/{expediente_id}"));
    Ok(p)
}

#[server(prefix = "/sfn", endpoint = "pase_recibir")]
pub async fn recibir_pase(id: i64) -> Result<Pase, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let p = pases::recibir(&state.db, &actor, id).await.map_err(fallo)?;
    leptos_axum::redirect("/bandeja");
    Ok(p)
}

/// What the printable cover shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatosCaratula {
    pub expediente: Expediente,
    pub organismo: String,
    pub cuerpo: i32,
    /// The QR code of the expediente's address, as SVG markup made on the server.
    pub qr_svg: String,
    pub direccion: String,
}

#[server(prefix = "/sfn", endpoint = "caratula")]
pub async fn caratula(id: i64) -> Result<DatosCaratula, AppError> {
    let state = estado()?;
    let actor = sesion_valida()?;
    let e = expedientes::obtener(&state.db, &actor, id)
        .await
        .map_err(fallo)?;
    let organismo = crate::domain::organismos::obtener(&state.db, e.organismo_id)
        .await
        .map_err(fallo)?;
    let direccion = format!(
        "{}/expedientes/{}",
        state.auth.url_publica.trim_end_matches('/'),
        e.id
    );
    let qr_svg = qrcode::QrCode::new(direccion.as_bytes())
        .map(|q| {
            q.render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .build()
        })
        .map_err(|e| fallo(crate::domain::DomainError::Interno(e.to_string())))?;
    Ok(DatosCaratula {
        // A new cuerpo every 200 fojas (DOMAIN.md).
        cuerpo: e.fojas / 200 + 1,
        expediente: e,
        organismo: format!("{} — {}", organismo.codigo, organismo.nombre),
        qr_svg,
        direccion,
    })
}
