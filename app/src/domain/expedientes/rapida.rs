//! The quick lookup for a phone (`/c/{numero}`, DOMAIN.md "Quick lookup for mobile"): found by
//! number with the same visibility as every door, in a handful of statements.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::cuentas::usuarios;
use crate::domain::expedientes::{self, numeracion, pases};
use crate::domain::organizacion::{calendario, organismos, unidades};
use crate::infra::entities::{expediente, pase, tipo_tramite};
use crate::model::{EnTransito, Movimiento, VistaRapida, rfc3339};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Stops listed, newest first.
pub const MOVIMIENTOS: usize = 5;

/// The lookup of `numero` (any spacing, case or leading zeros): 404 when there is none or the
/// actor may not see it, exactly as the other doors.
pub async fn por_numero(
    db: &DatabaseConnection,
    actor: &Actor,
    numero: &str,
) -> Result<VistaRapida, DomainError> {
    let e = expediente::Entity::find()
        .filter(expediente::Column::NumeroNormalizado.eq(numeracion::normalizar(numero)))
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let (e, _, todos) = expedientes::visible_con_pases_de(db, actor, e).await?;
    let recibidos: Vec<pase::Model> = todos
        .iter()
        .filter(|p| p.estado == pases::RECIBIDO)
        .cloned()
        .collect();
    let unidades = unidades::todas(db).await?;
    let organismos = organismos::todos(db).await?;
    let nombre_unidad = |id: i64| {
        unidades
            .iter()
            .find(|u| u.id == id)
            .map(|u| {
                let o = organismos
                    .iter()
                    .find(|o| o.id == u.organismo_id)
                    .map(|o| o.nombre.clone())
                    .unwrap_or_default();
                (u.nombre.clone(), o)
            })
            .unwrap_or_default()
    };
    let personas: HashMap<i64, String> =
        usuarios::nombres(db, &pases::personas_del_circuito(&e, &recibidos))
            .await?
            .into_iter()
            .collect();
    let organismo_de: HashMap<i64, i64> = unidades.iter().map(|u| (u.id, u.organismo_id)).collect();
    let ahora = chrono::Utc::now();
    let paradas = pases::paradas(&e, &recibidos, &organismo_de, &personas, ahora);
    // The pase that brought it to the unidad that holds it, if it did not start there.
    let llegada = recibidos
        .last()
        .filter(|p| p.destino_unidad_id == e.unidad_actual_id);
    let en_transito = todos
        .iter()
        .find(|p| p.estado == pases::PENDIENTE)
        .map(|p| {
            let (unidad, organismo) = nombre_unidad(p.destino_unidad_id);
            EnTransito {
                unidad,
                organismo,
                enviado_en: rfc3339(p.enviado_en),
                motivo: p.motivo.clone(),
            }
        });
    let plazo = match e.tipo_tramite_id {
        Some(t) => tipo_tramite::Entity::find_by_id(t)
            .one(db)
            .await?
            .and_then(|t| t.plazo_dias),
        None => None,
    }
    .map_or(calendario::PLAZO_PREDETERMINADO, i64::from);
    let dias_habiles = match e.en_unidad_desde {
        Some(d) => calendario::dias_habiles(d, ahora, &calendario::feriados(db).await?),
        None => 0,
    };
    let (unidad, organismo) = nombre_unidad(e.unidad_actual_id);
    let siguiendo = expedientes::seguimiento::visita(db, actor, &e).await?;
    Ok(VistaRapida {
        id: e.id,
        numero: e.numero,
        extracto: e.extracto,
        estado: e.estado,
        unidad,
        organismo,
        desde: e.en_unidad_desde.map(rfc3339),
        dias_habiles,
        plazo_dias: plazo,
        recibido_por: paradas.last().and_then(|p| p.recibido_por.clone()),
        enviado_por: llegada.and_then(|p| personas.get(&p.enviado_por).cloned()),
        motivo: llegada.map(|p| p.motivo.clone()),
        en_transito,
        movimientos: paradas
            .iter()
            .rev()
            .take(MOVIMIENTOS)
            .map(|p| {
                let (unidad, organismo) = nombre_unidad(p.unidad_id);
                Movimiento {
                    unidad,
                    organismo,
                    desde: p.desde.clone(),
                    hasta: p.hasta.clone(),
                }
            })
            .collect(),
        siguiendo,
    })
}
