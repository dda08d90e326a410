//! The carátula (cover) of an expediente: its data, the QR of its quick lookup (`/c/{numero}`)
//! and the address of the citizens' consulta; as a printable page and as a PDF made by the one
//! PDF module (`infra::pdf`).

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::expedientes;
use crate::domain::organizacion::organismos;
use crate::estado::AppState;
use crate::infra::pdf::{self, Bloque};
use crate::model::{DatosCaratula, fecha_hora};

/// The carátula of expediente `id` for `actor` (404 when not visible).
pub async fn datos(state: &AppState, actor: &Actor, id: i64) -> Result<DatosCaratula, DomainError> {
    let e = expedientes::obtener(&state.db, actor, id).await?;
    let organismo = organismos::obtener(&state.db, e.organismo_id).await?;
    let base = state.auth.url_publica.trim_end_matches('/');
    // The number without its spaces (the lookup ignores them), so the QR stays small.
    let compacto: String = e.numero.split_whitespace().collect();
    let direccion = format!("{base}/c/{}", crate::ui::componentes::codificar(&compacto));
    let qr_svg = qr(&direccion)?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(160, 160)
        .build();
    Ok(DatosCaratula {
        // The cover of the cuerpo being written: the one the last foja is in.
        cuerpo: crate::model::cuerpos(e.fojas),
        expediente: e,
        organismo: format!("{} — {}", organismo.codigo, organismo.nombre),
        qr_svg,
        direccion,
        consulta: state.consulta_publica.then(|| format!("{base}/consulta")),
    })
}

fn qr(direccion: &str) -> Result<qrcode::QrCode, DomainError> {
    qrcode::QrCode::new(direccion.as_bytes()).map_err(|e| DomainError::Interno(e.to_string()))
}

/// The carátula as an A4 PDF, with the same data and QR as the page.
pub fn pdf(c: &DatosCaratula) -> Result<Vec<u8>, DomainError> {
    let codigo = qr(&c.direccion)?;
    let e = &c.expediente;
    let fecha = fecha_hora(&e.creado_en)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    let iniciador = match &e.iniciador.documento {
        Some(d) => format!("{} ({d})", e.iniciador.nombre),
        None => e.iniciador.nombre.clone(),
    };
    let mut bloques = vec![
        Bloque::Chico("Provincia de Santa Cruz · SIGEXP".to_owned()),
        Bloque::Titulo("Carátula".to_owned()),
        Bloque::Titulo(e.numero.clone()),
        Bloque::Espacio,
        Bloque::Parrafo(format!("Extracto: {}", e.extracto)),
        Bloque::Parrafo(format!("Iniciador: {iniciador}")),
        Bloque::Parrafo(format!("Organismo: {}", c.organismo)),
        Bloque::Parrafo(format!("Fecha: {fecha}")),
        Bloque::Parrafo(format!("Cuerpo: {}", c.cuerpo)),
        Bloque::Espacio,
        Bloque::Qr {
            modulos: codigo
                .to_colors()
                .into_iter()
                .map(|m| m == qrcode::Color::Dark)
                .collect(),
            ancho: codigo.width(),
        },
        Bloque::Chico(format!("Consulta rápida: {}", c.direccion)),
    ];
    if let Some(consulta) = &c.consulta {
        bloques.push(Bloque::Chico(format!(
            "Quien inició el trámite puede consultar dónde está en {consulta} con este número y su DNI o CUIT."
        )));
    }
    Ok(pdf::documento(&format!("Carátula {}", e.numero), &bloques))
}
