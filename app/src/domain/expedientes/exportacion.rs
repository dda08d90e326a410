//! The CSV export of a search (DOMAIN.md, "CSV export"): the same filters and visibility as the
//! search, for Excel in Spanish — `;` separated, UTF-8 with a BOM, dates `dd/mm/aaaa` in the
//! province, cells that a spreadsheet would run as formulas escaped — streamed from one
//! statement in chunks, so memory stays flat however many rows there are (up to
//! [`TOPE_EXPORTACION`]).

use super::Busqueda;
use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::cuentas::importacion::celda_segura;
use crate::domain::organizacion::{organismos, unidades};
use crate::infra::entities::expediente;
use crate::model::{ESTADOS, FiltroExpedientes, fecha};
use futures_util::StreamExt;
use sea_orm::{DatabaseConnection, QuerySelect};
use std::collections::HashMap;
use tokio::sync::mpsc;

/// Most rows one export holds.
pub const TOPE_EXPORTACION: u64 = 100_000;

/// Rows per chunk handed to the response.
const FILAS_POR_TROZO: usize = 500;

const ENCABEZADO: [&str; 11] = [
    "Número",
    "Extracto",
    "Iniciador",
    "DNI/CUIT",
    "Estado",
    "Organismo iniciador",
    "Unidad actual",
    "Organismo actual",
    "Iniciado",
    "En la unidad desde",
    "Fojas",
];

/// Checks the filters (422 on the field) before any byte is sent.
pub fn validar(
    backend: sea_orm::DbBackend,
    actor: &Actor,
    f: &FiltroExpedientes,
) -> Result<(), DomainError> {
    Busqueda::nueva(backend, actor, f).map(|_| ())
}

/// Writes the export into `salida`, chunk by chunk, the BOM and the header first; stops early
/// when the receiver is gone (the download was cancelled). An error after the first chunk can
/// only cut the download short: it is sent as the last item.
pub async fn exportar(
    db: DatabaseConnection,
    actor: Actor,
    f: FiltroExpedientes,
    salida: mpsc::Sender<Result<Vec<u8>, DomainError>>,
) {
    if let Err(e) = escribir(&db, &actor, &f, &salida).await {
        let _ = salida.send(Err(e)).await;
    }
}

async fn escribir(
    db: &DatabaseConnection,
    actor: &Actor,
    f: &FiltroExpedientes,
    salida: &mpsc::Sender<Result<Vec<u8>, DomainError>>,
) -> Result<(), DomainError> {
    let busqueda = Busqueda::nueva(db.get_database_backend(), actor, f)?
        .con_vocabulario(db)
        .await?;
    let organismos: HashMap<i64, String> = organismos::todos(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.nombre))
        .collect();
    let unidades: HashMap<i64, (String, i64)> = unidades::todas(db)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.nombre, u.organismo_id)))
        .collect();
    let nombre_organismo = |id: i64| organismos.get(&id).cloned().unwrap_or_default();
    let mut csv = escritor();
    csv.write_record(ENCABEZADO).map_err(interno)?;
    let mut trozo = "\u{feff}".as_bytes().to_vec();
    let mut filas = busqueda
        .ordenada()
        .limit(TOPE_EXPORTACION)
        .stream(db)
        .await?;
    let mut en_el_trozo = 0;
    while let Some(e) = filas.next().await {
        let e: expediente::Model = e?;
        let (unidad, organismo_actual) = unidades
            .get(&e.unidad_actual_id)
            .map(|(n, o)| (n.clone(), nombre_organismo(*o)))
            .unwrap_or_default();
        let estado = ESTADOS
            .iter()
            .find(|(v, _)| *v == e.estado)
            .map_or(e.estado.as_str(), |(_, t)| t);
        csv.write_record(
            [
                e.numero.as_str(),
                &e.extracto,
                &e.iniciador_nombre,
                e.iniciador_documento.as_deref().unwrap_or_default(),
                estado,
                &nombre_organismo(e.organismo_id),
                &unidad,
                &organismo_actual,
                &fecha(e.creado_en),
                &e.en_unidad_desde.map(fecha).unwrap_or_default(),
                &e.fojas.to_string(),
            ]
            .map(celda_segura),
        )
        .map_err(interno)?;
        en_el_trozo += 1;
        if en_el_trozo == FILAS_POR_TROZO {
            en_el_trozo = 0;
            trozo.extend(vaciar(&mut csv)?);
            if salida.send(Ok(std::mem::take(&mut trozo))).await.is_err() {
                return Ok(());
            }
        }
    }
    trozo.extend(vaciar(&mut csv)?);
    let _ = salida.send(Ok(trozo)).await;
    Ok(())
}

fn escritor() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// What `csv` holds so far, leaving it empty.
fn vaciar(csv: &mut csv::Writer<Vec<u8>>) -> Result<Vec<u8>, DomainError> {
    std::mem::replace(csv, escritor())
        .into_inner()
        .map_err(interno)
}

fn interno(e: impl std::fmt::Display) -> DomainError {
    DomainError::Interno(e.to_string())
}
