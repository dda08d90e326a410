//! Escritos (DOMAIN.md, "Annotations, escritos, historial"): the numbered notas, memos and
//! circulares a mesa de entrada emits to other unidades, with one receipt per destination.
//! Emission numbers it gap-free per (tipo, organismo, year) (DECISIONS.md, "Escrito numbers"),
//! seals its content with a SHA-256 and makes it immutable; each destination's receipt says who
//! opened it first and who took notice. Only its emitter's and its destinations' users (by their
//! own unidad), administrators and autoridades see it; to anyone else it does not exist.

pub mod listas;
pub mod vinculo;

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::expedientes;
use crate::domain::expedientes::numeracion;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::{escrito, escrito_destino, escrito_numerador, organismo, unidad};
use crate::model::escrito::{cuerpo_escrito, prefijo, tipo_escrito, titulo_escrito};
use crate::model::{
    AccionesEscrito, Borrador, ConsultaEscritos, ConsultaLista, Escrito, Lista, NuevoEscrito,
    Perfil, ReciboEscrito, VistaEscrito, rfc3339,
};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

pub const EMITIDO: &str = "EMITIDO";

/// `NO-2026-00000042- -SANTACRUZ-MSA`.
pub fn formatear(tipo: &str, anio: i32, seq: i64, ecosistema: &str, organismo: &str) -> String {
    format!(
        "{}-{anio}-{seq:08}- -{ecosistema}-{organismo}",
        prefijo(tipo)
    )
}

/// The SHA-256 of an emitted escrito: its canonical JSON (sorted keys, version 1) over tipo,
/// número, título, cuerpo, expediente, answer, unidad, organismo, author, time in microseconds
/// and the destination unidades in order.
pub fn huella(
    e: &escrito::Model,
    numero: &str,
    emitido_en: DateTime<Utc>,
    destinos: &[i64],
) -> String {
    let contenido = json!({
        "v": 1,
        "tipo": e.tipo,
        "numero": numero,
        "titulo": e.titulo,
        "cuerpo": e.cuerpo,
        "expediente_id": e.expediente_id,
        "en_respuesta_a": e.en_respuesta_a,
        "unidad_id": e.unidad_id,
        "organismo_id": e.organismo_id,
        "autor_id": e.autor_id,
        "emitido_en": emitido_en.timestamp_micros(),
        "destinos": destinos,
    });
    hex::encode(Sha256::digest(
        eventos::json_canonico(&contenido).as_bytes(),
    ))
}

/// The next number of the (tipo, organismo, año) sequence, inside the emitting transaction:
/// the counter row is created if missing, then bumped with `UPDATE … RETURNING`, whose row lock
/// holds until the transaction ends (the pattern of `numeracion::siguiente`).
async fn siguiente(
    tx: &DatabaseTransaction,
    tipo: &str,
    organismo_id: i64,
    anio: i32,
) -> Result<i64, DbErr> {
    escrito_numerador::Entity::insert(escrito_numerador::ActiveModel {
        tipo: Set(tipo.to_owned()),
        organismo_id: Set(organismo_id),
        anio: Set(anio),
        ultimo: Set(0),
    })
    .on_conflict(
        OnConflict::columns([
            escrito_numerador::Column::Tipo,
            escrito_numerador::Column::OrganismoId,
            escrito_numerador::Column::Anio,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    let subir = Query::update()
        .table(escrito_numerador::Entity)
        .value(
            escrito_numerador::Column::Ultimo,
            Expr::col(escrito_numerador::Column::Ultimo).add(1),
        )
        .and_where(escrito_numerador::Column::Tipo.eq(tipo))
        .and_where(escrito_numerador::Column::OrganismoId.eq(organismo_id))
        .and_where(escrito_numerador::Column::Anio.eq(anio))
        .returning(Query::returning().column(escrito_numerador::Column::Ultimo))
        .to_owned();
    tx.query_one(&subir)
        .await?
        .ok_or_else(|| DbErr::Custom("numerador de escritos sin fila".into()))?
        .try_get::<i64>("", "ultimo")
}

fn ve_todo(actor: &Actor) -> bool {
    matches!(actor.perfil, Perfil::Administrador | Perfil::Autoridad)
}

/// Whether the actor sees the escrito: its own unidad emitted it or receives it, or it is an
/// administrator or an autoridad. Acting for a mesa does not extend to escritos.
fn visible_para(actor: &Actor, e: &escrito::Model, destinos: &[escrito_destino::Model]) -> bool {
    ve_todo(actor)
        || actor
            .usuario
            .unidad_id
            .is_some_and(|u| u == e.unidad_id || destinos.iter().any(|d| d.unidad_id == u))
}

fn a_recibo(d: &escrito_destino::Model) -> ReciboEscrito {
    ReciboEscrito {
        unidad_id: d.unidad_id,
        leido_en: d.leido_en.map(rfc3339),
        leido_por: d.leido_por,
        conocimiento_en: d.conocimiento_en.map(rfc3339),
        conocimiento_por: d.conocimiento_por,
    }
}

pub fn a_dto(e: escrito::Model, destinos: &[escrito_destino::Model]) -> Escrito {
    Escrito {
        id: e.id,
        numero: e.numero.unwrap_or_default(),
        tipo: e.tipo,
        titulo: e.titulo,
        cuerpo: e.cuerpo,
        expediente_id: e.expediente_id,
        en_respuesta_a: e.en_respuesta_a,
        unidad_id: e.unidad_id,
        organismo_id: e.organismo_id,
        autor_id: e.autor_id,
        emitido_en: e.emitido_en.map(rfc3339).unwrap_or_default(),
        sha256: e.sha256.unwrap_or_default(),
        destinos: destinos
            .iter()
            .filter(|d| d.escrito_id == e.id)
            .map(a_recibo)
            .collect(),
    }
}

async fn destinos_de<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i64>,
) -> Result<Vec<escrito_destino::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    escrito_destino::Entity::find()
        .filter(escrito_destino::Column::EscritoId.is_in(ids))
        .order_by_asc(escrito_destino::Column::Id)
        .all(db)
        .await
}

/// An emitted escrito the actor may see, with its receipts: 404 exactly as a missing one.
async fn visible<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
) -> Result<(escrito::Model, Vec<escrito_destino::Model>), DomainError> {
    let e = escrito::Entity::find_by_id(id)
        .filter(escrito::Column::Estado.eq(EMITIDO))
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let destinos = destinos_de(db, vec![id]).await?;
    if !visible_para(actor, &e, &destinos) {
        return Err(DomainError::NoEncontrado);
    }
    Ok((e, destinos))
}

/// The check a door makes before it reads a body about the escrito: 404 when not visible.
pub async fn exigir_visible(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<(), DomainError> {
    visible(db, actor, id).await.map(|_| ())
}

/// The emitting mesa: a mesa's user emits from its own (a different `unidad_id` is refused); an
/// administrator names an active mesa de entrada.
async fn mesa_emisora<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    pedida: Option<i64>,
) -> Result<unidad::Model, String> {
    let id = match (actor.perfil, pedida, actor.usuario.unidad_id) {
        (Perfil::Administrador, Some(u), _) => u,
        (Perfil::Administrador, None, _) => {
            return Err("Elegí la mesa de entrada que emite el escrito.".to_owned());
        }
        (_, Some(u), Some(mia)) if u != mia => {
            return Err("Solo podés emitir desde tu propia mesa de entrada.".to_owned());
        }
        (_, _, Some(mia)) => mia,
        (_, _, None) => return Err("Tu usuario no tiene unidad.".to_owned()),
    };
    unidad::Entity::find_by_id(id)
        .one(db)
        .await
        .ok()
        .flatten()
        .filter(|u| u.activo && u.tipo == crate::domain::organizacion::unidades::MESA)
        .ok_or_else(|| "Esa unidad no es una mesa de entrada activa.".to_owned())
}

/// The destination unidades, in order and without repeats: each unidad named (active), and every
/// active mesa of each organismo named (active); never the emitting unidad. Three statements
/// however many destinations (a circular to every organismo is one escrito, not 17 lookups).
async fn resolver_destinos<C: ConnectionTrait>(
    db: &C,
    nuevo: &NuevoEscrito,
    emisora: i64,
) -> Result<Vec<i64>, String> {
    if nuevo.destinos.is_empty() {
        return Err("Elegí al menos un destino.".to_owned());
    }
    let (mut pedidas, mut organismos) = (Vec::new(), Vec::new());
    for d in &nuevo.destinos {
        match (d.unidad_id, d.organismo_id) {
            (Some(u), None) if u == emisora => {
                return Err("Tu propia unidad no puede ser destino de su escrito.".to_owned());
            }
            (Some(u), None) => pedidas.push(u),
            (None, Some(o)) => organismos.push(o),
            _ => {
                return Err(
                    "Cada destino es una unidad (unidad_id) o un organismo (organismo_id)."
                        .to_owned(),
                );
            }
        }
    }
    let falla = |e: DbErr| e.to_string();
    let activas: BTreeSet<i64> = unidad::Entity::find()
        .filter(unidad::Column::Id.is_in(pedidas.clone()))
        .filter(unidad::Column::Activo.eq(true))
        .all(db)
        .await
        .map_err(falla)?
        .into_iter()
        .map(|u| u.id)
        .collect();
    if let Some(u) = pedidas.iter().find(|u| !activas.contains(u)) {
        return Err(format!("La unidad {u} no existe o no está activa."));
    }
    let activos: BTreeSet<i64> = organismo::Entity::find()
        .filter(organismo::Column::Id.is_in(organismos.clone()))
        .filter(organismo::Column::Activo.eq(true))
        .all(db)
        .await
        .map_err(falla)?
        .into_iter()
        .map(|o| o.id)
        .collect();
    if let Some(o) = organismos.iter().find(|o| !activos.contains(o)) {
        return Err(format!("El organismo {o} no existe o no está activo."));
    }
    let mesas = unidad::Entity::find()
        .filter(unidad::Column::OrganismoId.is_in(organismos.clone()))
        .filter(unidad::Column::Tipo.eq(crate::domain::organizacion::unidades::MESA))
        .filter(unidad::Column::Activo.eq(true))
        .order_by_asc(unidad::Column::Id)
        .all(db)
        .await
        .map_err(falla)?;
    // In the order written: each unidad, or each organismo's mesas.
    let mut unidades = Vec::new();
    for d in &nuevo.destinos {
        match (d.unidad_id, d.organismo_id) {
            (Some(u), _) => unidades.push(u),
            (_, Some(o)) => unidades.extend(
                mesas
                    .iter()
                    .filter(|m| m.organismo_id == o && m.id != emisora)
                    .map(|m| m.id),
            ),
            _ => {}
        }
    }
    let mut vistas = BTreeSet::new();
    unidades.retain(|u| vistas.insert(*u));
    if unidades.is_empty() {
        return Err(
            "Ningún destino tiene una mesa de entrada activa además de la tuya.".to_owned(),
        );
    }
    Ok(unidades)
}

/// Emits an escrito: MESA DE ENTRADA (from its own mesa) or an administrator (for the mesa it
/// names); 403 for everyone else before the body is read (the door calls [`puede_emitir`]).
/// Every field is checked before anything is written; the number is taken last, inside the
/// transaction, so a refused escrito leaves no gap.
pub async fn emitir(
    db: &DatabaseConnection,
    actor: &Actor,
    nuevo: &NuevoEscrito,
    borrador: Option<i64>,
) -> Result<Escrito, DomainError> {
    puede_emitir(actor)?;
    let tx = db::begin_write(db).await?;
    let mut campos = BTreeMap::new();
    let mut mal = |campo: &str, m: String| {
        campos.insert(campo.to_owned(), m);
    };
    let tipo = tipo_escrito(nuevo.tipo.as_deref())
        .map_err(|m| mal("tipo", m.to_owned()))
        .ok();
    let titulo = titulo_escrito(&nuevo.titulo)
        .map_err(|m| mal("titulo", m))
        .ok();
    let cuerpo = cuerpo_escrito(&nuevo.cuerpo)
        .map_err(|m| mal("cuerpo", m))
        .ok();
    let emisora = mesa_emisora(&*tx, actor, nuevo.unidad_id)
        .await
        .map_err(|m| mal("unidad_id", m))
        .ok();
    let destinos = match &emisora {
        Some(m) => resolver_destinos(&*tx, nuevo, m.id)
            .await
            .map_err(|m| mal("destinos", m))
            .ok(),
        None => None,
    };
    if let Some(id) = nuevo.expediente_id
        && expedientes::visible(&*tx, actor, id).await.is_err()
    {
        mal("expediente_id", "No encontramos ese expediente.".to_owned());
    }
    if let Some(id) = nuevo.en_respuesta_a
        && visible(&*tx, actor, id).await.is_err()
    {
        mal(
            "en_respuesta_a",
            "No encontramos el escrito al que respondés.".to_owned(),
        );
    }
    let (Some(tipo), Some(titulo), Some(cuerpo), Some(emisora), Some(destinos)) =
        (tipo, titulo, cuerpo, emisora, destinos)
    else {
        return Err(DomainError::Invalido(campos));
    };
    if !campos.is_empty() {
        return Err(DomainError::Invalido(campos));
    }
    let codigo_organismo = organismo::Entity::find_by_id(emisora.organismo_id)
        .one(&*tx)
        .await?
        .map(|o| o.codigo)
        .ok_or(DomainError::NoEncontrado)?;
    let ahora = Utc::now().trunc_subsecs(6);
    let anio = numeracion::anio_provincial();
    let seq = siguiente(&tx, tipo, emisora.organismo_id, anio).await?;
    let numero = formatear(tipo, anio, seq, numeracion::ECOSISTEMA, &codigo_organismo);
    let mut fila = escrito::Model {
        id: 0,
        estado: EMITIDO.to_owned(),
        numero: None,
        tipo: tipo.to_owned(),
        titulo,
        cuerpo,
        expediente_id: nuevo.expediente_id,
        en_respuesta_a: nuevo.en_respuesta_a,
        unidad_id: emisora.id,
        organismo_id: emisora.organismo_id,
        autor_id: actor.id(),
        creado_en: ahora,
        emitido_en: Some(ahora),
        sha256: None,
        borrador_destinos: None,
    };
    let sha256 = huella(&fila, &numero, ahora, &destinos);
    fila.numero = Some(numero.clone());
    fila.sha256 = Some(sha256.clone());
    let mut activo = fila.into_active_model();
    activo.id = sea_orm::NotSet;
    let guardado = activo.insert(&*tx).await?;
    let recibos: Vec<escrito_destino::ActiveModel> = destinos
        .iter()
        .map(|u| escrito_destino::ActiveModel {
            id: sea_orm::NotSet,
            escrito_id: Set(guardado.id),
            unidad_id: Set(*u),
            leido_en: Set(None),
            leido_por: Set(None),
            conocimiento_en: Set(None),
            conocimiento_por: Set(None),
        })
        .collect();
    escrito_destino::Entity::insert_many(recibos)
        .exec_without_returning(&*tx)
        .await?;
    eventos::registrar(
        &tx,
        evento(
            actor,
            guardado.id,
            emisora.id,
            "ESCRITO_EMITIDO",
            json!({ "numero": numero, "sha256": sha256, "destinos": destinos,
                    "expediente_id": nuevo.expediente_id, "en_respuesta_a": nuevo.en_respuesta_a }),
        ),
    )
    .await?;
    let recibos = destinos_de(&*tx, vec![guardado.id]).await?;
    // An emitted draft is no longer a draft: it goes, in the same transaction.
    if let Some(b) = borrador {
        borrador_propio(&*tx, actor, b).await?;
        escrito::Entity::delete_by_id(b).exec(&*tx).await?;
    }
    tx.commit().await?;
    Ok(a_dto(guardado, &recibos))
}

fn evento(
    actor: &Actor,
    id: i64,
    unidad_id: i64,
    tipo: &'static str,
    datos: serde_json::Value,
) -> NuevoEvento {
    NuevoEvento::de_unidad(actor, "escrito", id, unidad_id, tipo, datos)
}

/// The check the door makes before it reads the body: MESA DE ENTRADA and administrators.
pub fn puede_emitir(actor: &Actor) -> Result<(), DomainError> {
    authz::puede(actor, Accion::Escritos)
}

fn su_unidad(actor: &Actor) -> Result<i64, DomainError> {
    actor.usuario.unidad_id.ok_or(DomainError::NoPermitido)
}

/// `GET /escritos/{id}`. A user of a destination unidad opening it sets that receipt's first
/// reading, once.
pub async fn ver(db: &DatabaseConnection, actor: &Actor, id: i64) -> Result<Escrito, DomainError> {
    let (e, destinos) = visible(db, actor, id).await?;
    let mio = actor.usuario.unidad_id.filter(|u| {
        destinos
            .iter()
            .any(|d| d.unidad_id == *u && d.leido_en.is_none())
    });
    let Some(unidad) = mio else {
        return Ok(a_dto(e, &destinos));
    };
    let tx = db::begin_write(db).await?;
    escrito_destino::Entity::update_many()
        .col_expr(
            escrito_destino::Column::LeidoEn,
            Expr::value(Utc::now().trunc_subsecs(6)),
        )
        .col_expr(escrito_destino::Column::LeidoPor, Expr::value(actor.id()))
        .filter(escrito_destino::Column::EscritoId.eq(id))
        .filter(escrito_destino::Column::UnidadId.eq(unidad))
        .filter(escrito_destino::Column::LeidoEn.is_null())
        .exec(&*tx)
        .await?;
    let destinos = destinos_de(&*tx, vec![id]).await?;
    tx.commit().await?;
    Ok(a_dto(e, &destinos))
}

/// `POST /escritos/{id}/leido`: a user of a destination unidad takes notice for it (the first
/// one is kept; its first reading too). 404 when not visible, 403 for who sees it without being
/// a destination.
pub async fn tomar_conocimiento(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Escrito, DomainError> {
    let tx = db::begin_write(db).await?;
    let (e, destinos) = visible(&*tx, actor, id).await?;
    let unidad = actor
        .usuario
        .unidad_id
        .filter(|u| destinos.iter().any(|d| d.unidad_id == *u))
        .ok_or(DomainError::NoPermitido)?;
    let ahora = Utc::now().trunc_subsecs(6);
    let filtro = |q: sea_orm::UpdateMany<escrito_destino::Entity>| {
        q.filter(escrito_destino::Column::EscritoId.eq(id))
            .filter(escrito_destino::Column::UnidadId.eq(unidad))
    };
    filtro(escrito_destino::Entity::update_many())
        .col_expr(escrito_destino::Column::LeidoEn, Expr::value(ahora))
        .col_expr(escrito_destino::Column::LeidoPor, Expr::value(actor.id()))
        .filter(escrito_destino::Column::LeidoEn.is_null())
        .exec(&*tx)
        .await?;
    let hecho = filtro(escrito_destino::Entity::update_many())
        .col_expr(escrito_destino::Column::ConocimientoEn, Expr::value(ahora))
        .col_expr(
            escrito_destino::Column::ConocimientoPor,
            Expr::value(actor.id()),
        )
        .filter(escrito_destino::Column::ConocimientoEn.is_null())
        .exec(&*tx)
        .await?;
    if hecho.rows_affected == 1 {
        eventos::registrar(
            &tx,
            evento(actor, id, unidad, "ESCRITO_CONOCIMIENTO", json!({})),
        )
        .await?;
    }
    let destinos = destinos_de(&*tx, vec![id]).await?;
    tx.commit().await?;
    Ok(a_dto(e, &destinos))
}

async fn con_recibos(
    db: &DatabaseConnection,
    pagina: Lista<escrito::Model>,
) -> Result<Lista<Escrito>, DomainError> {
    let destinos = destinos_de(db, pagina.items.iter().map(|e| e.id).collect()).await?;
    Ok(Lista {
        items: pagina
            .items
            .into_iter()
            .map(|e| a_dto(e, &destinos))
            .collect(),
        total: pagina.total,
        page: pagina.page,
        per_page: pagina.per_page,
    })
}

/// `GET /escritos/recibidos`: those addressed to the user's own unidad, newest first
/// (`no_leidos`: only those it has not opened). 403 for a user without unidad. The receipts'
/// index (unidad, escrito) drives the page and the count, so a mesa with many escritos costs
/// about as little as one with few (docs/benchmarks.md). Drafts have no receipts.
pub async fn recibidos(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaEscritos,
) -> Result<Lista<Escrito>, DomainError> {
    use sea_orm::{JoinType, QuerySelect};
    let unidad = su_unidad(actor)?;
    let mut select = escrito::Entity::find()
        .join(
            JoinType::InnerJoin,
            // Each escrito with its receipt (a join on the receipt's key; `belongs_to` only
            // builds the ON clause).
            escrito::Entity::belongs_to(escrito_destino::Entity)
                .from(escrito::Column::Id)
                .to(escrito_destino::Column::EscritoId)
                .into(),
        )
        .filter(escrito_destino::Column::UnidadId.eq(unidad))
        .order_by_desc(escrito_destino::Column::EscritoId);
    if consulta.no_leidos == Some(true) {
        select = select.filter(escrito_destino::Column::LeidoEn.is_null());
    }
    let pagina = crate::infra::sql::paginar(db, select, &lista(consulta), |m| m).await?;
    con_recibos(db, pagina).await
}

/// `GET /escritos/enviados`: those the user's own unidad emitted, newest first.
pub async fn enviados(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaEscritos,
) -> Result<Lista<Escrito>, DomainError> {
    let unidad = su_unidad(actor)?;
    let select = escrito::Entity::find()
        .filter(escrito::Column::Estado.eq(EMITIDO))
        .filter(escrito::Column::UnidadId.eq(unidad))
        .order_by_desc(escrito::Column::Id);
    let pagina = crate::infra::sql::paginar(db, select, &lista(consulta), |m| m).await?;
    con_recibos(db, pagina).await
}

/// A draft kept by its author: it has no number and nobody else sees it.
pub const BORRADOR: &str = "BORRADOR";

/// Keeps a draft of the actor (a new one, or `borrador_id`, which must be the actor's own): its
/// tipo, título (3–200 characters) and mesa are checked now; the rest when it is emitted.
/// Answers the draft's id.
pub async fn guardar_borrador(
    db: &DatabaseConnection,
    actor: &Actor,
    borrador_id: Option<i64>,
    nuevo: &NuevoEscrito,
) -> Result<i64, DomainError> {
    puede_emitir(actor)?;
    let tx = db::begin_write(db).await?;
    let mut campos = BTreeMap::new();
    let tipo = tipo_escrito(nuevo.tipo.as_deref())
        .map_err(|m| campos.insert("tipo".to_owned(), m.to_owned()))
        .ok();
    let titulo = titulo_escrito(&nuevo.titulo)
        .map_err(|m| campos.insert("titulo".to_owned(), m))
        .ok();
    let cuerpo = crate::model::anotacion::texto_limpio(&nuevo.cuerpo);
    if cuerpo.chars().count() > crate::model::escrito::MAX_CUERPO {
        campos.insert(
            "cuerpo".to_owned(),
            format!(
                "El cuerpo puede tener hasta {} caracteres.",
                crate::model::escrito::MAX_CUERPO
            ),
        );
    }
    let emisora = mesa_emisora(&*tx, actor, nuevo.unidad_id)
        .await
        .map_err(|m| campos.insert("unidad_id".to_owned(), m))
        .ok();
    let (Some(tipo), Some(titulo), Some(emisora), true) =
        (tipo, titulo, emisora, campos.is_empty())
    else {
        return Err(DomainError::Invalido(campos));
    };
    let destinos = serde_json::to_string(&nuevo.destinos).unwrap_or_default();
    let ahora = Utc::now().trunc_subsecs(6);
    let id = match borrador_id {
        Some(id) => {
            let b = borrador_propio(&*tx, actor, id).await?;
            let mut a = b.into_active_model();
            a.tipo = Set(tipo.to_owned());
            a.titulo = Set(titulo);
            a.cuerpo = Set(cuerpo);
            a.expediente_id = Set(nuevo.expediente_id);
            a.en_respuesta_a = Set(nuevo.en_respuesta_a);
            a.unidad_id = Set(emisora.id);
            a.organismo_id = Set(emisora.organismo_id);
            a.borrador_destinos = Set(Some(destinos));
            a.update(&*tx).await?.id
        }
        None => {
            let mut a = escrito::Model {
                id: 0,
                estado: BORRADOR.to_owned(),
                numero: None,
                tipo: tipo.to_owned(),
                titulo,
                cuerpo,
                expediente_id: nuevo.expediente_id,
                en_respuesta_a: nuevo.en_respuesta_a,
                unidad_id: emisora.id,
                organismo_id: emisora.organismo_id,
                autor_id: actor.id(),
                creado_en: ahora,
                emitido_en: None,
                sha256: None,
                borrador_destinos: Some(destinos),
            }
            .into_active_model();
            a.id = sea_orm::NotSet;
            a.insert(&*tx).await?.id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// One of the actor's drafts; anyone else's, or an emitted escrito, is 404.
async fn borrador_propio<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
) -> Result<escrito::Model, DomainError> {
    escrito::Entity::find_by_id(id)
        .filter(escrito::Column::Estado.eq(BORRADOR))
        .filter(escrito::Column::AutorId.eq(actor.id()))
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)
}

/// The actor's drafts, newest first.
pub async fn borradores(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<Borrador>, DomainError> {
    Ok(escrito::Entity::find()
        .filter(escrito::Column::Estado.eq(BORRADOR))
        .filter(escrito::Column::AutorId.eq(actor.id()))
        .order_by_desc(escrito::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(a_borrador)
        .collect())
}

fn a_borrador(e: escrito::Model) -> Borrador {
    Borrador {
        id: e.id,
        tipo: e.tipo,
        titulo: e.titulo,
        cuerpo: e.cuerpo,
        expediente_id: e.expediente_id,
        en_respuesta_a: e.en_respuesta_a,
        unidad_id: e.unidad_id,
        destinos: e
            .borrador_destinos
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or_default(),
        creado_en: rfc3339(e.creado_en),
    }
}

/// One of the actor's drafts, to go on writing it.
pub async fn borrador(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Borrador, DomainError> {
    Ok(a_borrador(borrador_propio(db, actor, id).await?))
}

/// Discards one of the actor's drafts (a draft is no record: it goes).
pub async fn descartar_borrador(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<(), DomainError> {
    let tx = db::begin_write(db).await?;
    borrador_propio(&*tx, actor, id).await?;
    escrito::Entity::delete_by_id(id).exec(&*tx).await?;
    tx.commit().await?;
    Ok(())
}

/// How many escritos the user's own unidad has not opened (the menu's badge; 0 without unidad).
pub async fn sin_leer(db: &DatabaseConnection, actor: &Actor) -> Result<u64, DomainError> {
    use sea_orm::PaginatorTrait;
    let Some(unidad) = actor.usuario.unidad_id else {
        return Ok(0);
    };
    Ok(escrito_destino::Entity::find()
        .filter(escrito_destino::Column::UnidadId.eq(unidad))
        .filter(escrito_destino::Column::LeidoEn.is_null())
        .count(db)
        .await?)
}

/// The escrito's page: the escrito (opening it as [`ver`] does), the answers to it the actor may
/// see (oldest first), what the actor may do with it, and the names of the people it shows.
pub async fn vista(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<VistaEscrito, DomainError> {
    let escrito = ver(db, actor, id).await?;
    // The answers the actor may see, by the rule of [`visible_para`], in SQL.
    let mut respuestas = escrito::Entity::find()
        .filter(escrito::Column::Estado.eq(EMITIDO))
        .filter(escrito::Column::EnRespuestaA.eq(id))
        .order_by_asc(escrito::Column::Id);
    if !ve_todo(actor) {
        let mia = actor.usuario.unidad_id.unwrap_or_default();
        let recibidos = Query::select()
            .column(escrito_destino::Column::EscritoId)
            .from(escrito_destino::Entity)
            .and_where(escrito_destino::Column::UnidadId.eq(mia))
            .to_owned();
        respuestas = respuestas.filter(
            sea_orm::Condition::any()
                .add(escrito::Column::UnidadId.eq(mia))
                .add(escrito::Column::Id.in_subquery(recibidos)),
        );
    }
    let respuestas_filas = respuestas.all(db).await?;
    let destinos = destinos_de(db, respuestas_filas.iter().map(|e| e.id).collect()).await?;
    let respuestas: Vec<Escrito> = respuestas_filas
        .into_iter()
        .map(|e| a_dto(e, &destinos))
        .collect();
    let destino_mio = actor
        .usuario
        .unidad_id
        .and_then(|u| escrito.destinos.iter().find(|d| d.unidad_id == u));
    let acciones = AccionesEscrito {
        tomar_conocimiento: destino_mio.is_some_and(|d| d.conocimiento_en.is_none()),
        responder: puede_emitir(actor).is_ok(),
        vincular: authz::puede(actor, Accion::Documentos).is_ok(),
    };
    let ids: Vec<i64> = std::iter::once(escrito.autor_id)
        .chain(respuestas.iter().map(|r| r.autor_id))
        .chain(
            escrito
                .destinos
                .iter()
                .flat_map(|d| d.leido_por.into_iter().chain(d.conocimiento_por)),
        )
        .collect();
    let personas = crate::domain::cuentas::usuarios::nombres(db, &ids).await?;
    Ok(VistaEscrito {
        escrito,
        respuestas,
        acciones,
        personas,
    })
}

fn lista(c: &ConsultaEscritos) -> ConsultaLista {
    ConsultaLista {
        page: c.page,
        per_page: c.per_page,
        q: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numero_al_estilo_gde() {
        assert_eq!(
            formatear("CIRCULAR", 2026, 7, "SANTACRUZ", "MSA"),
            "CI-2026-00000007- -SANTACRUZ-MSA"
        );
        assert_eq!(
            formatear("NOTA", 2026, 1, "SANTACRUZ", "MDS"),
            "NO-2026-00000001- -SANTACRUZ-MDS"
        );
    }
}
