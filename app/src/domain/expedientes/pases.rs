//! Pases: send, receive, reject, withdraw (DOMAIN.md "Pase"). Each is one transaction that
//! checks the state inside it, so two users acting at once get one success and one 409.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::ExpedienteCtx;
use crate::domain::acceso::authz::Recurso;
use crate::domain::documentos;
use crate::domain::expedientes;
use crate::domain::expedientes::EN_TRAMITE;
use crate::domain::expedientes::EN_TRANSITO;
use crate::domain::expedientes::TOPE_TOTAL;
use crate::domain::expedientes::a_dto;
use crate::domain::expedientes::estado_incorrecto;
use crate::domain::expedientes::evento;
use crate::domain::registro::eventos;
use crate::infra::db;
use crate::infra::entities::expediente;
use crate::infra::entities::pase;
use crate::infra::entities::unidad;
use crate::infra::sql::contar_hasta;
use crate::model::rfc3339;
use crate::model::{
    Bandeja, ConsultaBandeja, ConsultaLista, Lista, Motivo, NuevoPase, Parada, Pase, PasePendiente,
    texto_requerido,
};
use chrono::{SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashMap;

pub const PENDIENTE: &str = "PENDIENTE";
pub const RECIBIDO: &str = "RECIBIDO";

pub fn a_dto_pase(p: &pase::Model) -> Pase {
    Pase {
        id: p.id,
        expediente_id: p.expediente_id,
        origen_unidad_id: p.origen_unidad_id,
        destino_unidad_id: p.destino_unidad_id,
        motivo: p.motivo.clone(),
        estado: p.estado.clone(),
        fojas: p.fojas,
        enviado_en: rfc3339(p.enviado_en),
        resuelto_en: p.resuelto_en.map(rfc3339),
        motivo_rechazo: p.motivo_rechazo.clone(),
    }
}

/// Sends the expediente to another active unidad with a motivo. The server records the fojas
/// and the constancia: the documents it seals, with their hashes and fojas.
pub async fn enviar(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
    nuevo: &NuevoPase,
) -> Result<Pase, DomainError> {
    // Checked before the write turn (whoever may not send waits for no one, and holds no one
    // up), and again under it.
    expedientes::puede(db, actor, expediente_id, Accion::EnviarPase).await?;
    let tx = db::begin_write(db).await?;
    let (e, ctx) = expedientes::visible(&tx, actor, expediente_id).await?;
    authz::exigir(actor, Accion::EnviarPase, Recurso::Expediente(&ctx))?;
    if e.estado != EN_TRAMITE {
        return Err(estado_incorrecto(&e.estado));
    }
    let mut campos = std::collections::BTreeMap::new();
    let destino = match nuevo.destino_unidad_id {
        Some(d) => unidad::Entity::find_by_id(d).one(&tx).await?,
        None => None,
    };
    let destino = match destino {
        Some(u) if u.activo && u.id != e.unidad_actual_id => Some(u),
        Some(u) if u.id == e.unidad_actual_id => {
            campos.insert(
                "destino_unidad_id".into(),
                "El expediente ya está en esa unidad.".into(),
            );
            None
        }
        _ => {
            campos.insert(
                "destino_unidad_id".into(),
                "Elegí una unidad activa de destino.".into(),
            );
            None
        }
    };
    let motivo = texto_requerido(&nuevo.motivo, 1000, "Ingresá el motivo del pase.")
        .map_err(|m| campos.insert("motivo".into(), m))
        .ok();
    let (Some(destino), Some(motivo), true) = (destino, motivo, campos.is_empty()) else {
        return Err(DomainError::Invalido(campos));
    };
    // Read again under the row lock: fojas may have grown since the first read.
    let e = expedientes::cambiar_estado(
        &tx,
        e.id,
        None,
        EN_TRAMITE,
        vec![(expediente::Column::Estado, EN_TRANSITO.into())],
        actor.id(),
    )
    .await?;
    let ahora = Utc::now().trunc_subsecs(6);
    let creado = pase::ActiveModel {
        expediente_id: Set(e.id),
        origen_unidad_id: Set(e.unidad_actual_id),
        destino_unidad_id: Set(destino.id),
        motivo: Set(motivo),
        estado: Set(PENDIENTE.to_owned()),
        fojas: Set(e.fojas),
        enviado_por: Set(actor.id()),
        enviado_en: Set(ahora),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    expedientes::registrar_paso(&tx, e.id, destino.organismo_id).await?;
    let dto = a_dto_pase(&creado);
    let constancia = documentos::sellar(&tx, e.id, creado.id, e.fojas, ahora).await?;
    eventos::registrar(
        &tx,
        evento(
            actor,
            e.id,
            e.unidad_actual_id,
            "PASE_ENVIADO",
            json!({ "pase": dto, "constancia": constancia }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(dto)
}

/// A pase whose expediente the actor may see, with that expediente's context for the rule
/// (callers set the pase's destination or origin in it).
async fn pase_visible<C: ConnectionTrait>(
    tx: &C,
    actor: &Actor,
    pase_id: i64,
) -> Result<(pase::Model, ExpedienteCtx), DomainError> {
    let p = pase::Entity::find_by_id(pase_id)
        .one(tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let (_, ctx) = expedientes::visible(tx, actor, p.expediente_id).await?;
    Ok((p, ctx))
}

/// Marks a pending pase as resolved, inside the transaction: exactly one caller wins.
async fn resolver(
    tx: &DatabaseTransaction,
    actor: &Actor,
    p: &pase::Model,
    estado: &str,
    motivo_rechazo: Option<String>,
) -> Result<pase::Model, DomainError> {
    let hecho = pase::Entity::update_many()
        .col_expr(pase::Column::Estado, Expr::value(estado))
        .col_expr(pase::Column::ResueltoPor, Expr::value(actor.id()))
        .col_expr(
            pase::Column::ResueltoEn,
            Expr::value(Utc::now().trunc_subsecs(6)),
        )
        .col_expr(pase::Column::MotivoRechazo, Expr::value(motivo_rechazo))
        .filter(pase::Column::Id.eq(p.id))
        .filter(pase::Column::Estado.eq(PENDIENTE))
        .exec(tx)
        .await?;
    if hecho.rows_affected != 1 {
        return Err(DomainError::conflicto_con(
            "wrong_state",
            "El pase ya fue recibido, rechazado o anulado.",
        ));
    }
    pase::Entity::find_by_id(p.id)
        .one(tx)
        .await?
        .ok_or(DomainError::NoEncontrado)
}

/// The second half of every pase step, inside the caller's transaction: resolve the pending
/// pase (exactly one caller wins), bring the expediente back to EN_TRAMITE — at `custodia` when
/// custody moves —, record the event and commit.
#[allow(clippy::too_many_arguments)]
async fn cerrar(
    tx: db::Escritura,
    actor: &Actor,
    p: &pase::Model,
    estado: &str,
    tipo: &'static str,
    motivo_rechazo: Option<String>,
    unidad_del_evento: i64,
    custodia: Option<i64>,
) -> Result<Pase, DomainError> {
    let resuelto = resolver(&tx, actor, p, estado, motivo_rechazo).await?;
    let mut cambios = vec![(expediente::Column::Estado, EN_TRAMITE.into())];
    if let Some(u) = custodia {
        cambios.push((expediente::Column::UnidadActualId, u.into()));
        cambios.push((
            expediente::Column::EnUnidadDesde,
            resuelto.resuelto_en.into(),
        ));
    }
    expedientes::cambiar_estado(&tx, p.expediente_id, None, EN_TRANSITO, cambios, actor.id())
        .await?;
    let dto = a_dto_pase(&resuelto);
    eventos::registrar(
        &tx,
        evento(
            actor,
            p.expediente_id,
            unidad_del_evento,
            tipo,
            json!({ "pase": dto }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(dto)
}

/// The one home of "the destination resolves the pase": visible (404), then
/// `Accion::RecibirPase` for the pase's destination (403).
async fn exigir_destino<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    pase_id: i64,
) -> Result<pase::Model, DomainError> {
    let (p, ctx) = pase_visible(db, actor, pase_id).await?;
    let para_el_destino = ExpedienteCtx {
        destino_pendiente_id: Some(p.destino_unidad_id),
        ..ctx
    };
    authz::exigir(
        actor,
        Accion::RecibirPase,
        Recurso::Expediente(&para_el_destino),
    )?;
    Ok(p)
}

/// A pase the actor may withdraw: visible, and the actor acts for the unidad that sent it.
async fn exigir_origen<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    pase_id: i64,
) -> Result<pase::Model, DomainError> {
    let (p, ctx) = pase_visible(db, actor, pase_id).await?;
    let para_el_origen = ExpedienteCtx {
        unidad_actual_id: Some(p.origen_unidad_id),
        ..ctx
    };
    authz::exigir(
        actor,
        Accion::EnviarPase,
        Recurso::Expediente(&para_el_origen),
    )?;
    Ok(p)
}

/// The check a door makes before it reads a rejection's body: 404, then 403.
pub async fn puede_resolver(
    db: &DatabaseConnection,
    actor: &Actor,
    pase_id: i64,
) -> Result<(), DomainError> {
    exigir_destino(db, actor, pase_id).await.map(|_| ())
}

/// The destination receives: custody moves to it and the expediente is EN_TRAMITE again.
pub async fn recibir(
    db: &DatabaseConnection,
    actor: &Actor,
    pase_id: i64,
) -> Result<Pase, DomainError> {
    exigir_destino(db, actor, pase_id).await?;
    let tx = db::begin_write(db).await?;
    let p = exigir_destino(&tx, actor, pase_id).await?;
    let destino = p.destino_unidad_id;
    cerrar(
        tx,
        actor,
        &p,
        RECIBIDO,
        "PASE_RECIBIDO",
        None,
        destino,
        Some(destino),
    )
    .await
}

/// The destination rejects with a motivo: custody stays with (returns to) the sender.
pub async fn rechazar(
    db: &DatabaseConnection,
    actor: &Actor,
    pase_id: i64,
    motivo: &Motivo,
) -> Result<Pase, DomainError> {
    exigir_destino(db, actor, pase_id).await?;
    let tx = db::begin_write(db).await?;
    let p = exigir_destino(&tx, actor, pase_id).await?;
    // API.md's order: a pase already resolved is a 409 before the motivo is looked at.
    if p.estado != PENDIENTE {
        return Err(DomainError::conflicto_con(
            "wrong_state",
            "El pase ya fue recibido, rechazado o anulado.",
        ));
    }
    let motivo = texto_requerido(&motivo.motivo, 1000, "Ingresá el motivo del rechazo.")
        .map_err(|m| DomainError::campo("motivo", &m))?;
    let destino = p.destino_unidad_id;
    cerrar(
        tx,
        actor,
        &p,
        "RECHAZADO",
        "PASE_RECHAZADO",
        Some(motivo),
        destino,
        None,
    )
    .await
}

/// The sender withdraws a pase before it is received.
pub async fn anular(
    db: &DatabaseConnection,
    actor: &Actor,
    pase_id: i64,
) -> Result<Pase, DomainError> {
    exigir_origen(db, actor, pase_id).await?;
    let tx = db::begin_write(db).await?;
    let p = exigir_origen(&tx, actor, pase_id).await?;
    let origen = p.origen_unidad_id;
    cerrar(tx, actor, &p, "ANULADO", "PASE_ANULADO", None, origen, None).await
}

/// One page of the pases of an expediente, oldest first.
pub async fn de_expediente(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<Pase>, DomainError> {
    expedientes::visible(db, actor, expediente_id).await?;
    let select = pase::Entity::find()
        .filter(pase::Column::ExpedienteId.eq(expediente_id))
        .order_by_asc(pase::Column::Id);
    Ok(crate::infra::sql::paginar(db, select, consulta, |p| a_dto_pase(&p)).await?)
}

/// One page of the custody stops: where it was received and held, with entry, exit and days.
/// A stop's exit is the next stop's entry, so the whole circuit is walked (one row per received
/// pase) and the page is cut from it.
pub async fn circuito(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<Parada>, DomainError> {
    let (e, _) = expedientes::visible(db, actor, expediente_id).await?;
    let recibidos = pase::Entity::find()
        .filter(pase::Column::ExpedienteId.eq(expediente_id))
        .filter(pase::Column::Estado.eq(RECIBIDO))
        .order_by_asc(pase::Column::Id)
        .all(db)
        .await?;
    let unidades_ids: Vec<i64> = std::iter::once(e.unidad_origen_id)
        .chain(recibidos.iter().map(|p| p.destino_unidad_id))
        .collect();
    let organismos: HashMap<i64, i64> = unidad::Entity::find()
        .filter(unidad::Column::Id.is_in(unidades_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.organismo_id))
        .collect();
    let nombres: HashMap<i64, String> =
        crate::domain::cuentas::usuarios::nombres(db, &personas_del_circuito(&e, &recibidos))
            .await?
            .into_iter()
            .collect();
    let items = paradas(&e, &recibidos, &organismos, &nombres, Utc::now());
    let (page, per_page) = consulta.pagina();
    let total = items.len() as u64;
    let desde = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    let items = items
        .into_iter()
        .skip(desde)
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .collect();
    Ok(Lista {
        items,
        total,
        page,
        per_page,
    })
}

/// Who took custody at each stop of the circuit and who sent it on from there: the people
/// [`paradas`] names.
pub fn personas_del_circuito(e: &expediente::Model, recibidos: &[pase::Model]) -> Vec<i64> {
    std::iter::once(e.creado_por)
        .chain(recibidos.iter().filter_map(|p| p.resuelto_por))
        .chain(recibidos.iter().map(|p| p.enviado_por))
        .collect()
}

/// The custody stops of an expediente from its received pases (oldest first): the unidad where
/// it started, then each destination that received it, with the organismo of each unidad and the
/// names of the people by id. A stop ends when the next one begins (the reception elsewhere).
pub fn paradas(
    e: &expediente::Model,
    recibidos: &[pase::Model],
    organismo_de: &HashMap<i64, i64>,
    nombres: &HashMap<i64, String>,
    ahora: chrono::DateTime<Utc>,
) -> Vec<Parada> {
    let unidades_ids: Vec<i64> = std::iter::once(e.unidad_origen_id)
        .chain(recibidos.iter().map(|p| p.destino_unidad_id))
        .collect();
    let mut desdes = vec![e.creado_en];
    desdes.extend(
        recibidos
            .iter()
            .map(|p| p.resuelto_en.unwrap_or(p.enviado_en)),
    );
    let mut recibieron = vec![Some(e.creado_por)];
    recibieron.extend(recibidos.iter().map(|p| p.resuelto_por));
    let nombre = |id: Option<i64>| id.and_then(|i| nombres.get(&i).cloned());
    unidades_ids
        .iter()
        .enumerate()
        .map(|(i, uid)| {
            let hasta = desdes.get(i + 1).copied();
            let fin = hasta.unwrap_or(ahora);
            Parada {
                unidad_id: *uid,
                organismo_id: organismo_de.get(uid).copied().unwrap_or_default(),
                desde: rfc3339(desdes[i]),
                hasta: hasta.map(rfc3339),
                dias: (fin - desdes[i]).num_days(),
                recibido_por: nombre(recibieron[i]),
                enviado_por: nombre(recibidos.get(i).map(|p| p.enviado_por)),
            }
        })
        .collect()
}

/// The actor's unidad inbox: pases awaiting its reception (oldest first, up to
/// [`ConsultaBandeja::MAX_PENDIENTES`]) and one page of the expedientes it holds, both filtered by
/// the words of `q` over number, extracto and iniciador. Held ones are sorted by time in the
/// unidad: `orden=recientes` newest first, otherwise oldest (the longest waiting) first.
pub async fn bandeja(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaBandeja,
) -> Result<Bandeja, DomainError> {
    use sea_orm::PaginatorTrait;
    use sea_orm::sea_query::{Query, SimpleExpr};
    if actor.usuario.unidad_id.is_none() {
        return Err(DomainError::NoPermitido);
    }
    // The unidades the actor acts for: an oficina's inbox holds its mesa's too.
    let propias = authz::unidades_propias(actor);
    let terminos = crate::infra::sql::expandir_prefijos(
        db,
        crate::infra::sql::terminos(&crate::domain::expedientes::palabras_de_busqueda(
            consulta.q.as_deref(),
        )?),
    )
    .await?;
    let palabras: Vec<SimpleExpr> =
        crate::infra::sql::palabras_en_expediente(db.get_database_backend(), &terminos)
            .into_iter()
            .collect();

    let mut pendientes = por_recibir_en(actor, propias.clone());
    if !palabras.is_empty() {
        let mut sub = Query::select()
            .column(expediente::Column::Id)
            .from(expediente::Entity)
            .and_where(expediente::Column::UnidadActualId.is_not_in(propias.clone()))
            .and_where(expediente::Column::Estado.eq(EN_TRANSITO))
            .to_owned();
        for p in &palabras {
            sub.and_where(p.clone());
        }
        pendientes = pendientes.filter(pase::Column::ExpedienteId.in_subquery(sub));
    }
    let total_pendientes = pendientes.clone().count(db).await?;
    // The pases and their expedientes in one statement.
    let pendientes = pendientes
        .join(
            sea_orm::JoinType::InnerJoin,
            pase::Entity::belongs_to(expediente::Entity)
                .from(pase::Column::ExpedienteId)
                .to(expediente::Column::Id)
                .into(),
        )
        .select_also(expediente::Entity)
        .order_by_asc(pase::Column::EnviadoEn)
        .order_by_asc(pase::Column::Id)
        .limit(ConsultaBandeja::MAX_PENDIENTES)
        .all(db)
        .await?
        .iter()
        .map(|(p, e)| PasePendiente {
            pase: a_dto_pase(p),
            numero: e.as_ref().map(|e| e.numero.clone()).unwrap_or_default(),
            extracto: e.as_ref().map(|e| e.extracto.clone()).unwrap_or_default(),
        })
        .collect();

    let mut en_unidad = expediente::Entity::find()
        .filter(expediente::Column::UnidadActualId.is_in(propias))
        .filter(expediente::Column::Estado.eq(EN_TRAMITE));
    if let Some(orgs) = authz::organismos_visibles_en_sus_unidades(actor) {
        en_unidad = en_unidad.filter(expedientes::paso_por(orgs));
    }
    for p in palabras {
        en_unidad = en_unidad.filter(p);
    }
    en_unidad = if consulta.orden.as_deref() == Some("recientes") {
        en_unidad
            .order_by_desc(expediente::Column::EnUnidadDesde)
            .order_by_desc(expediente::Column::Id)
    } else {
        en_unidad
            .order_by_asc(expediente::Column::EnUnidadDesde)
            .order_by_asc(expediente::Column::Id)
    };
    let pagina = ConsultaLista {
        page: consulta.page,
        per_page: consulta.per_page,
        q: None,
    };
    let (page, per_page) = pagina.pagina();
    let contados = contar_hasta(db, en_unidad.clone(), TOPE_TOTAL).await?;
    let en_unidad = en_unidad
        .paginate(db, per_page)
        .fetch_page(page - 1)
        .await?
        .iter()
        .map(a_dto)
        .collect();
    Ok(Bandeja {
        pendientes,
        total_pendientes,
        en_unidad,
        total_en_unidad: std::cmp::min(contados, TOPE_TOTAL),
        total_en_unidad_es_minimo: contados > TOPE_TOTAL,
        page,
        per_page,
    })
}

/// How many pases await the reception of the actor's unidad (the navigation badge), the same
/// unidades as [`bandeja`].
pub async fn por_recibir(db: &DatabaseConnection, actor: &Actor) -> Result<u64, DomainError> {
    use sea_orm::PaginatorTrait;
    let propias = authz::unidades_propias(actor);
    if propias.is_empty() {
        return Ok(0);
    }
    Ok(por_recibir_en(actor, propias).count(db).await?)
}

/// The pending pases addressed to these unidades (the actor's own) that the actor may see:
/// the one query behind the bandeja's list and its badge.
fn por_recibir_en(actor: &Actor, propias: Vec<i64>) -> sea_orm::Select<pase::Entity> {
    let q = pase::Entity::find()
        .filter(pase::Column::DestinoUnidadId.is_in(propias))
        .filter(pase::Column::Estado.eq(PENDIENTE));
    match authz::organismos_visibles_en_sus_unidades(actor) {
        Some(orgs) => q.filter(expedientes::paso_de(
            orgs,
            (pase::Entity, pase::Column::ExpedienteId),
        )),
        None => q,
    }
}
