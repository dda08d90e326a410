//! Anotaciones (DOMAIN.md, "Annotations, escritos, historial"): notes on any visible
//! expediente, in any state, public or private to the writer's unidad. Only the author (or an
//! administrator) edits or removes one; an edit keeps the replaced text as a revision, removal is
//! logical with a motivo, and each step is an event of the expediente's chain. The events of a
//! private note carry their own kinds ([`PRIVADA`]) so every reader of the historial filters
//! them in SQL ([`eventos_visibles`]): the chain stays whole, the note never leaks.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::{Accion, ExpedienteCtx, Recurso};
use crate::domain::cuentas::usuarios;
use crate::domain::expedientes;
use crate::domain::registro::eventos;
use crate::infra::db;
use crate::infra::entities::{anotacion, anotacion_revision, evento};
use crate::model::anotacion::{PUBLICA, UNIDAD};
use crate::model::{
    Anotacion, CambioAnotacion, ConsultaLista, Lista, NuevaAnotacion, Perfil, RevisionAnotacion,
    rfc3339, texto_anotacion, texto_requerido,
};
use chrono::{SubsecRound, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Select,
};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Event kinds of a public note: (added, edited, removed).
const PUBLICA_EVENTOS: [&str; 3] = [
    "ANOTACION_AGREGADA",
    "ANOTACION_EDITADA",
    "ANOTACION_ELIMINADA",
];
/// Event kinds of a note private to its unidad, shown only to that unidad.
pub const PRIVADA: [&str; 3] = [
    "ANOTACION_PRIVADA_AGREGADA",
    "ANOTACION_PRIVADA_EDITADA",
    "ANOTACION_PRIVADA_ELIMINADA",
];

fn tipo_evento(nota_visibilidad: &str, paso: usize) -> &'static str {
    if nota_visibilidad == UNIDAD {
        PRIVADA[paso]
    } else {
        PUBLICA_EVENTOS[paso]
    }
}

/// Whether the actor sees this note of an expediente it sees: a public note, a private one of
/// its own unidad (acting for a mesa does not extend to it), or any as an administrator.
fn ve_la_nota(actor: &Actor, nota: &anotacion::Model) -> bool {
    actor.perfil == Perfil::Administrador
        || nota.visibilidad == PUBLICA
        || actor.usuario.unidad_id == Some(nota.unidad_id)
}

/// [`ve_la_nota`] in SQL, over `anotacion`.
fn notas_visibles(actor: &Actor) -> Condition {
    if actor.perfil == Perfil::Administrador {
        return Condition::all();
    }
    let mut c = Condition::any().add(anotacion::Column::Visibilidad.eq(PUBLICA));
    if let Some(u) = actor.usuario.unidad_id {
        c = c.add(anotacion::Column::UnidadId.eq(u));
    }
    c
}

/// The historial rows the actor may see, over `evento`: everything but the events of other
/// unidades' private notes (`None`: an administrator sees all).
pub fn eventos_visibles(actor: &Actor) -> Option<Condition> {
    if actor.perfil == Perfil::Administrador {
        return None;
    }
    let mut c = Condition::any().add(evento::Column::Tipo.is_not_in(PRIVADA));
    if let Some(u) = actor.usuario.unidad_id {
        c = c.add(evento::Column::UnidadId.eq(u));
    }
    Some(c)
}

/// The notes of an expediente the actor may see, oldest first.
fn de_expediente(actor: &Actor, expediente_id: i64) -> Select<anotacion::Entity> {
    anotacion::Entity::find()
        .filter(anotacion::Column::ExpedienteId.eq(expediente_id))
        .filter(notas_visibles(actor))
        .order_by_asc(anotacion::Column::Id)
}

/// The answer for one note; `nombres` has its author's name.
pub fn a_dto(actor: &Actor, m: anotacion::Model, nombres: &HashMap<i64, String>) -> Anotacion {
    Anotacion {
        id: m.id,
        expediente_id: m.expediente_id,
        puede_modificar: !m.eliminada
            && (actor.perfil == Perfil::Administrador || m.autor_id == actor.id()),
        autor: nombres.get(&m.autor_id).cloned().unwrap_or_default(),
        texto: m.texto,
        visibilidad: m.visibilidad,
        autor_id: m.autor_id,
        unidad_id: m.unidad_id,
        creado_en: rfc3339(m.creado_en),
        editado_en: m.editado_en.map(rfc3339),
        version: i64::from(m.version),
        eliminada: m.eliminada,
        eliminada_en: m.eliminada_en.map(rfc3339),
        motivo_eliminacion: m.motivo_eliminacion,
    }
}

fn a_dto_revision(r: anotacion_revision::Model) -> RevisionAnotacion {
    RevisionAnotacion {
        version: i64::from(r.version),
        texto: r.texto,
        escrita_por: r.escrita_por,
        escrita_en: rfc3339(r.escrita_en),
    }
}

async fn con_nombres(
    db: &DatabaseConnection,
    actor: &Actor,
    notas: Vec<anotacion::Model>,
) -> Result<Vec<Anotacion>, DomainError> {
    let ids: Vec<i64> = notas.iter().map(|n| n.autor_id).collect();
    let nombres: HashMap<i64, String> = usuarios::nombres(db, &ids).await?.into_iter().collect();
    Ok(notas
        .into_iter()
        .map(|n| a_dto(actor, n, &nombres))
        .collect())
}

/// `GET /expedientes/{id}/anotaciones`: the notes the actor may see, oldest first.
pub async fn listar(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<Anotacion>, DomainError> {
    expedientes::visible(db, actor, expediente_id).await?;
    let pagina =
        crate::infra::sql::paginar(db, de_expediente(actor, expediente_id), consulta, |m| m)
            .await?;
    Ok(Lista {
        items: con_nombres(db, actor, pagina.items).await?,
        total: pagina.total,
        page: pagina.page,
        per_page: pagina.per_page,
    })
}

/// What the expediente's page shows: the first [`ConsultaLista::MAX_POR_PAGINA`] notes the
/// actor may see (oldest first, their authors' names left to the caller) and the earlier texts
/// of those that were edited, by note.
pub async fn de_la_pagina(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
) -> Result<(Vec<anotacion::Model>, Vec<(i64, RevisionAnotacion)>), DomainError> {
    use sea_orm::QuerySelect;
    let notas = de_expediente(actor, expediente_id)
        .limit(ConsultaLista::MAX_POR_PAGINA)
        .all(db)
        .await?;
    let editadas: Vec<i64> = notas
        .iter()
        .filter(|n| n.version > 1 && n.editado_en.is_some())
        .map(|n| n.id)
        .collect();
    let revisiones = if editadas.is_empty() {
        Vec::new()
    } else {
        anotacion_revision::Entity::find()
            .filter(anotacion_revision::Column::AnotacionId.is_in(editadas))
            .order_by_asc(anotacion_revision::Column::AnotacionId)
            .order_by_asc(anotacion_revision::Column::Version)
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.anotacion_id, a_dto_revision(r)))
            .collect()
    };
    Ok((notas, revisiones))
}

/// Writes a note on a visible expediente, in any state: 404 when not visible, 403 for a perfil
/// that does not annotate, 422 for its fields.
pub async fn agregar(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
    nueva: &NuevaAnotacion,
) -> Result<Anotacion, DomainError> {
    let tx = db::begin_write(db).await?;
    let (e, ctx) = expedientes::visible(&tx, actor, expediente_id).await?;
    authz::exigir(actor, Accion::Anotar, Recurso::Expediente(&ctx))?;
    let mut campos = BTreeMap::new();
    let texto = texto_anotacion(&nueva.texto)
        .map_err(|m| campos.insert("texto".to_owned(), m))
        .ok();
    let visibilidad = crate::model::anotacion::visibilidad(nueva.visibilidad.as_deref())
        .map_err(|m| campos.insert("visibilidad".to_owned(), m.to_owned()))
        .ok();
    let (Some(texto), Some(visibilidad)) = (texto, visibilidad) else {
        return Err(DomainError::Invalido(campos));
    };
    // The writer's own unidad; an administrator writes as the unidad concerned, the holder.
    let unidad_id = match actor.perfil {
        Perfil::Administrador => e.unidad_actual_id,
        _ => actor.usuario.unidad_id.ok_or(DomainError::NoPermitido)?,
    };
    let ahora = Utc::now().trunc_subsecs(6);
    let mut fila = anotacion::Model {
        id: 0,
        expediente_id,
        texto: texto.clone(),
        visibilidad: visibilidad.to_owned(),
        autor_id: actor.id(),
        unidad_id,
        creado_en: ahora,
        editado_en: None,
        editado_por: None,
        version: 1,
        eliminada: false,
        eliminada_por: None,
        eliminada_en: None,
        motivo_eliminacion: None,
    }
    .into_active_model();
    fila.id = sea_orm::NotSet;
    let nota = fila.insert(&*tx).await?;
    eventos::registrar(
        &tx,
        expedientes::evento(
            actor,
            expediente_id,
            unidad_id,
            tipo_evento(visibilidad, 0),
            json!({ "anotacion_id": nota.id, "visibilidad": visibilidad, "texto": texto }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(a_dto(actor, nota, &nombre_propio(actor)))
}

fn nombre_propio(actor: &Actor) -> HashMap<i64, String> {
    HashMap::from([(
        actor.id(),
        format!("{} {}", actor.usuario.nombre, actor.usuario.apellido),
    )])
}

/// A note the actor may see, with its expediente's context: 404 exactly as a missing one when
/// its expediente is not visible or it is another unidad's private note.
async fn visible<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
) -> Result<(anotacion::Model, ExpedienteCtx), DomainError> {
    let nota = anotacion::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let (_, ctx) = expedientes::visible(db, actor, nota.expediente_id).await?;
    if !ve_la_nota(actor, &nota) {
        return Err(DomainError::NoEncontrado);
    }
    Ok((nota, ctx))
}

/// Only the author (still allowed to annotate) or an administrator edits or removes a note.
fn exigir_autor(
    actor: &Actor,
    nota: &anotacion::Model,
    ctx: &ExpedienteCtx,
) -> Result<(), DomainError> {
    authz::exigir(actor, Accion::Anotar, Recurso::Expediente(ctx))?;
    if actor.perfil == Perfil::Administrador || nota.autor_id == actor.id() {
        Ok(())
    } else {
        Err(DomainError::NoPermitido)
    }
}

fn ya_eliminada() -> DomainError {
    DomainError::conflicto_con(
        "wrong_state",
        "La anotación fue eliminada: ya no se puede modificar.",
    )
}

/// The check a door makes before it reads the body of an edit or a removal: 404, then 403.
pub async fn puede_modificar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<(), DomainError> {
    let (nota, ctx) = visible(db, actor, id).await?;
    exigir_autor(actor, &nota, &ctx)
}

/// Replaces a note's text, keeping the earlier one as a revision. `version` is the one last
/// read: a stale one answers 409 `stale_version`, never a silent overwrite.
pub async fn editar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    cambio: &CambioAnotacion,
) -> Result<Anotacion, DomainError> {
    let tx = db::begin_write(db).await?;
    let (nota, ctx) = visible(&tx, actor, id).await?;
    exigir_autor(actor, &nota, &ctx)?;
    if nota.eliminada {
        return Err(ya_eliminada());
    }
    let Some(version) = cambio.version else {
        return Err(DomainError::campo(
            "version",
            "Falta la versión que leíste de la anotación.",
        ));
    };
    if version != i64::from(nota.version) {
        return Err(DomainError::conflicto("stale_version"));
    }
    let texto = texto_anotacion(&cambio.texto).map_err(|m| DomainError::campo("texto", &m))?;
    if texto == nota.texto {
        drop(tx);
        return Ok(a_dto(actor, nota.clone(), &autor_de(db, &nota).await?));
    }
    let ahora = Utc::now().trunc_subsecs(6);
    let hecho = anotacion::Entity::update_many()
        .col_expr(anotacion::Column::Texto, Expr::value(texto.clone()))
        .col_expr(
            anotacion::Column::Version,
            Expr::col(anotacion::Column::Version).add(1),
        )
        .col_expr(anotacion::Column::EditadoEn, Expr::value(ahora))
        .col_expr(anotacion::Column::EditadoPor, Expr::value(actor.id()))
        .filter(anotacion::Column::Id.eq(id))
        .filter(anotacion::Column::Version.eq(nota.version))
        .filter(anotacion::Column::Eliminada.eq(false))
        .exec(&*tx)
        .await?;
    if hecho.rows_affected != 1 {
        return Err(DomainError::conflicto("stale_version"));
    }
    anotacion_revision::ActiveModel {
        id: sea_orm::NotSet,
        anotacion_id: sea_orm::Set(id),
        version: sea_orm::Set(nota.version),
        texto: sea_orm::Set(nota.texto.clone()),
        escrita_por: sea_orm::Set(nota.editado_por.unwrap_or(nota.autor_id)),
        escrita_en: sea_orm::Set(nota.editado_en.unwrap_or(nota.creado_en)),
    }
    .insert(&*tx)
    .await?;
    eventos::registrar(
        &tx,
        expedientes::evento(
            actor,
            nota.expediente_id,
            nota.unidad_id,
            tipo_evento(&nota.visibilidad, 1),
            json!({ "anotacion_id": id, "version": nota.version + 1,
                    "antes": { "texto": nota.texto }, "despues": { "texto": texto } }),
        ),
    )
    .await?;
    let nueva = anotacion::Entity::find_by_id(id)
        .one(&*tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    tx.commit().await?;
    Ok(a_dto(actor, nueva, &autor_de(db, &nota).await?))
}

async fn autor_de(
    db: &DatabaseConnection,
    nota: &anotacion::Model,
) -> Result<HashMap<i64, String>, DomainError> {
    Ok(usuarios::nombres(db, &[nota.autor_id])
        .await?
        .into_iter()
        .collect())
}

/// Removes a note logically, with a required motivo: its text stays, marked removed.
pub async fn eliminar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    motivo: &str,
) -> Result<Anotacion, DomainError> {
    let tx = db::begin_write(db).await?;
    let (nota, ctx) = visible(&tx, actor, id).await?;
    exigir_autor(actor, &nota, &ctx)?;
    if nota.eliminada {
        return Err(ya_eliminada());
    }
    let motivo = texto_requerido(
        motivo,
        1000,
        "Ingresá el motivo para eliminar la anotación.",
    )
    .map_err(|m| DomainError::campo("motivo", &m))?;
    let ahora = Utc::now().trunc_subsecs(6);
    let hecho = anotacion::Entity::update_many()
        .col_expr(anotacion::Column::Eliminada, Expr::value(true))
        .col_expr(anotacion::Column::EliminadaEn, Expr::value(ahora))
        .col_expr(anotacion::Column::EliminadaPor, Expr::value(actor.id()))
        .col_expr(
            anotacion::Column::MotivoEliminacion,
            Expr::value(motivo.clone()),
        )
        .col_expr(
            anotacion::Column::Version,
            Expr::col(anotacion::Column::Version).add(1),
        )
        .filter(anotacion::Column::Id.eq(id))
        .filter(anotacion::Column::Eliminada.eq(false))
        .exec(&*tx)
        .await?;
    if hecho.rows_affected != 1 {
        return Err(ya_eliminada());
    }
    eventos::registrar(
        &tx,
        expedientes::evento(
            actor,
            nota.expediente_id,
            nota.unidad_id,
            tipo_evento(&nota.visibilidad, 2),
            json!({ "anotacion_id": id, "motivo": motivo }),
        ),
    )
    .await?;
    let nueva = anotacion::Entity::find_by_id(id)
        .one(&*tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    tx.commit().await?;
    Ok(a_dto(actor, nueva, &autor_de(db, &nota).await?))
}

/// `GET /anotaciones/{id}/revisiones`: every earlier text of a note the actor sees, oldest first.
pub async fn revisiones(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<RevisionAnotacion>, DomainError> {
    visible(db, actor, id).await?;
    let select = anotacion_revision::Entity::find()
        .filter(anotacion_revision::Column::AnotacionId.eq(id))
        .order_by_asc(anotacion_revision::Column::Version);
    Ok(crate::infra::sql::paginar(db, select, consulta, a_dto_revision).await?)
}
