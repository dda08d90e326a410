//! The expediente's page in one read: what the API serves through separate doors (the
//! expediente, its pases, circuit, historial, documents and constancias), with visibility
//! checked once and each table read once (docs/benchmarks.md, "One read of each thing").

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::cuentas::usuarios;
use crate::domain::documentos;
use crate::domain::expedientes;
use crate::domain::expedientes::anotaciones;
use crate::domain::expedientes::pases;
use crate::domain::organizacion::{organismos, tipos_tramite, unidades};
use crate::infra::entities::pase;
use crate::model::{ConsultaLista, Lista, VistaExpediente};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

/// The page of expediente `id` for `actor`: 404 exactly as the API's doors when it is not
/// visible. Each list holds its first [`ConsultaLista::MAX_POR_PAGINA`] items, oldest first.
pub async fn vista(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    limite_subida: u64,
) -> Result<VistaExpediente, DomainError> {
    let (modelo, ctx, todos_los_pases) = expedientes::visible_con_pases(db, actor, id).await?;
    let tope = ConsultaLista::MAX_POR_PAGINA;
    let consulta = ConsultaLista {
        page: Some(1),
        per_page: Some(tope),
        q: None,
    };
    let historial = expedientes::historial_de(db, actor, id, &consulta).await?;
    let (notas, revisiones) = anotaciones::de_la_pagina(db, actor, id).await?;
    let documentos = documentos::listar_de(db, id, &consulta).await?;
    // A whole historial holds every constancia; a longer one is read again for them.
    let constancias = if historial.total <= historial.items.len() as u64 {
        documentos::constancias_de_eventos(&historial.items)
    } else {
        documentos::constancias(db, actor, id).await?
    };
    let organismos = organismos::todos(db).await?;
    let unidades = unidades::todas(db).await?;
    let recibidos: Vec<pase::Model> = todos_los_pases
        .iter()
        .filter(|p| p.estado == pases::RECIBIDO)
        .cloned()
        .collect();
    let ids: Vec<i64> = historial
        .items
        .iter()
        .filter_map(|ev| ev.actor_id)
        .chain(documentos.items.iter().map(|d| d.subido_por))
        .chain(pases::personas_del_circuito(&modelo, &recibidos))
        .chain(notas.iter().map(|n| n.autor_id))
        .chain(revisiones.iter().map(|(_, r)| r.escrita_por))
        .collect();
    let personas = usuarios::nombres(db, &ids).await?;
    let nombres: HashMap<i64, String> = personas.iter().cloned().collect();
    let organismo_de: HashMap<i64, i64> = unidades.iter().map(|u| (u.id, u.organismo_id)).collect();
    let paradas = pases::paradas(
        &modelo,
        &recibidos,
        &organismo_de,
        &nombres,
        chrono::Utc::now(),
    );
    let tipo_tramite = match modelo.tipo_tramite_id {
        Some(t) => tipos_tramite::nombre(db, t).await?,
        None => None,
    };
    let cuantos = usize::try_from(tope).unwrap_or(usize::MAX);
    let siguiendo = expedientes::seguimiento::visita(db, actor, &modelo).await?;
    Ok(VistaExpediente {
        expediente: expedientes::a_dto(&modelo),
        tipo_tramite,
        pases: primera_pagina(
            todos_los_pases.len(),
            todos_los_pases
                .iter()
                .take(cuantos)
                .map(pases::a_dto_pase)
                .collect(),
        ),
        circuito: primera_pagina(paradas.len(), paradas.into_iter().take(cuantos).collect()),
        historial,
        personas,
        documentos,
        constancias,
        limite_subida,
        acciones: expedientes::acciones(actor, &modelo, &ctx),
        anotaciones: notas
            .into_iter()
            .map(|n| anotaciones::a_dto(actor, n, &nombres))
            .collect(),
        revisiones,
        organismos,
        unidades,
        siguiendo,
    })
}

/// The first page of a list of `total` items, as the API pages it.
fn primera_pagina<T>(total: usize, items: Vec<T>) -> Lista<T> {
    Lista {
        items,
        total: total as u64,
        page: 1,
        per_page: ConsultaLista::MAX_POR_PAGINA,
    }
}
