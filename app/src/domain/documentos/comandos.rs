//! What changes the documents of an expediente: attach, replace and desglose, each checked
//! before a byte is read and again under the expediente's row lock.

use super::a_dto;
use super::foliacion::foliar;
use super::recepcion::Recibido;
use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::Recurso;
use crate::domain::expedientes;
use crate::domain::expedientes::EN_TRAMITE;
use crate::domain::expedientes::estado_incorrecto;
use crate::domain::expedientes::evento as evento_expediente;
use crate::domain::registro::eventos;
use crate::infra::almacen::Almacenes;
use crate::infra::db;
use crate::infra::entities::documento;
use crate::infra::entities::documento_version;
use crate::infra::entities::expediente;
use crate::model::{Documento, texto_requerido};
use chrono::{SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set,
};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;

/// The checks before any byte is read: the expediente is visible (404), the actor may work on
/// its documents (403) and it is in a state that allows it (409).
pub async fn puede_adjuntar(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
) -> Result<(), DomainError> {
    exigir_documentos(db, actor, expediente_id)
        .await
        .map(|_| ())
}

/// The same checks for replacing or removing a document, which must not be sealed (409).
pub async fn puede_modificar(
    db: &DatabaseConnection,
    actor: &Actor,
    documento_id: i64,
) -> Result<documento::Model, DomainError> {
    let d = documento::Entity::find_by_id(documento_id)
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    puede_adjuntar(db, actor, d.expediente_id).await?;
    modificable(&d)?;
    Ok(d)
}

/// The one home of the rule: visible (404), `Accion::Documentos` (403), in trámite (409).
async fn exigir_documentos<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    expediente_id: i64,
) -> Result<expediente::Model, DomainError> {
    let (e, ctx) = expedientes::visible(db, actor, expediente_id).await?;
    authz::exigir(actor, Accion::Documentos, Recurso::Expediente(&ctx))?;
    if e.estado != EN_TRAMITE {
        return Err(estado_incorrecto(&e.estado));
    }
    Ok(e)
}

fn modificable(d: &documento::Model) -> Result<(), DomainError> {
    if d.sellado {
        return Err(DomainError::conflicto("document_sealed"));
    }
    if d.eliminado {
        return Err(DomainError::conflicto("document_removed"));
    }
    Ok(())
}

/// Locks the expediente's row for this transaction, then checks visibility, permission and
/// state on what the lock shows: a pase sent (or received elsewhere) meanwhile makes this wait
/// and then answer by the new holder, never attach after sealing.
async fn bloquear_expediente(
    tx: &DatabaseTransaction,
    actor: &Actor,
    expediente_id: i64,
) -> Result<expediente::Model, DomainError> {
    expediente::Entity::update_many()
        .col_expr(
            expediente::Column::ActualizadoEn,
            Expr::value(Utc::now().trunc_subsecs(6)),
        )
        .filter(expediente::Column::Id.eq(expediente_id))
        .exec(tx)
        .await?;
    exigir_documentos(tx, actor, expediente_id).await
}

/// A document to replace or remove, with its expediente locked: both read under the lock (a
/// pase may have sealed it meanwhile), and the document still modifiable.
async fn documento_bloqueado(
    tx: &DatabaseTransaction,
    actor: &Actor,
    documento_id: i64,
) -> Result<(documento::Model, expediente::Model), DomainError> {
    let leer = || async {
        documento::Entity::find_by_id(documento_id)
            .one(tx)
            .await?
            .ok_or(DomainError::NoEncontrado)
    };
    let e = bloquear_expediente(tx, actor, leer().await?.expediente_id).await?;
    let d = leer().await?;
    modificable(&d)?;
    Ok((d, e))
}

/// Stores received files in both stores, in a task of its own: a client that goes away does
/// not cut a copy halfway (an S3 multipart upload is completed or aborted, never left).
async fn guardar(almacenes: &Arc<Almacenes>, recibidos: &[Recibido]) -> Result<(), DomainError> {
    let trabajos: Vec<(PathBuf, String)> = recibidos
        .iter()
        .map(|r| (r.temporal.clone(), r.sha256.clone()))
        .collect();
    let almacenes = almacenes.clone();
    tokio::spawn(async move {
        for (temporal, sha256) in trabajos {
            almacenes.guardar(&temporal, &sha256).await?;
        }
        Ok::<_, std::io::Error>(())
    })
    .await
    .map_err(|e| DomainError::Interno(format!("guardar el documento: {e}")))?
    .map_err(|e| DomainError::Interno(format!("guardar el documento: {e}")))
}

/// Attaches received files to the expediente: stores each in both stores, then records them
/// with their fojas in one transaction.
pub async fn adjuntar(
    db: &DatabaseConnection,
    almacenes: &Arc<Almacenes>,
    actor: &Actor,
    expediente_id: i64,
    recibidos: Vec<Recibido>,
) -> Result<Vec<Documento>, DomainError> {
    // Checked before anything is stored or the write turn taken, and again under it.
    exigir_documentos(db, actor, expediente_id).await?;
    guardar(almacenes, &recibidos).await?;
    let tx = db::begin_write(db).await?;
    let e = bloquear_expediente(&tx, actor, expediente_id).await?;
    let ahora = Utc::now().trunc_subsecs(6);
    let mut ids = Vec::new();
    for r in &recibidos {
        let d = documento::ActiveModel {
            expediente_id: Set(e.id),
            version: Set(1),
            nombre: Set(r.nombre.clone()),
            tipo: Set(r.tipo.to_owned()),
            tamano: Set(r.tamano as i64),
            sha256: Set(r.sha256.clone()),
            paginas: Set(r.paginas),
            foja_desde: Set(0),
            foja_hasta: Set(0),
            sellado: Set(false),
            eliminado: Set(false),
            subido_por: Set(actor.id()),
            subido_en: Set(ahora),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
        registrar_version(&tx, &d).await?;
        ids.push(d.id);
    }
    let fojas = foliar(&tx, e.id).await?;
    let mut creados = Vec::new();
    for id in ids {
        let d = documento::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(DomainError::NoEncontrado)?;
        eventos::registrar(
            &tx,
            evento_expediente(
                actor,
                e.id,
                e.unidad_actual_id,
                "DOCUMENTO_ADJUNTADO",
                json!({ "documento": resumen(&d), "fojas": fojas }),
            ),
        )
        .await?;
        creados.push(a_dto(&d));
    }
    tx.commit().await?;
    Ok(creados)
}

/// Replaces an unsealed document with a new version; the old one stays downloadable.
pub async fn reemplazar(
    db: &DatabaseConnection,
    almacenes: &Arc<Almacenes>,
    actor: &Actor,
    documento_id: i64,
    r: Recibido,
) -> Result<Documento, DomainError> {
    puede_modificar(db, actor, documento_id).await?;
    guardar(almacenes, std::slice::from_ref(&r)).await?;
    let tx = db::begin_write(db).await?;
    let (anterior, e) = documento_bloqueado(&tx, actor, documento_id).await?;
    let mut d: documento::ActiveModel = anterior.clone().into();
    d.version = Set(anterior.version + 1);
    d.nombre = Set(r.nombre.clone());
    d.tipo = Set(r.tipo.to_owned());
    d.tamano = Set(r.tamano as i64);
    d.sha256 = Set(r.sha256.clone());
    d.paginas = Set(r.paginas);
    d.subido_por = Set(actor.id());
    d.subido_en = Set(Utc::now().trunc_subsecs(6));
    let d = d.update(&tx).await?;
    registrar_version(&tx, &d).await?;
    let fojas = foliar(&tx, e.id).await?;
    let d = documento::Entity::find_by_id(d.id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    eventos::registrar(
        &tx,
        evento_expediente(
            actor,
            e.id,
            e.unidad_actual_id,
            "DOCUMENTO_REEMPLAZADO",
            json!({
                "documento": resumen(&d),
                "anterior": { "version": anterior.version, "sha256": anterior.sha256 },
                "fojas": fojas,
            }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(a_dto(&d))
}

/// Removes an unsealed document logically (desglose) with a motivo: the bytes are kept and
/// the list shows a placeholder in its place.
pub async fn desglosar(
    db: &DatabaseConnection,
    actor: &Actor,
    documento_id: i64,
    motivo: &str,
) -> Result<Documento, DomainError> {
    puede_modificar(db, actor, documento_id).await?;
    let tx = db::begin_write(db).await?;
    let (d, e) = documento_bloqueado(&tx, actor, documento_id).await?;
    let motivo = texto_requerido(motivo, 1000, "Ingresá el motivo del desglose.")
        .map_err(|m| DomainError::campo("motivo", &m))?;
    let mut cambio: documento::ActiveModel = d.clone().into();
    cambio.eliminado = Set(true);
    cambio.motivo_eliminacion = Set(Some(motivo.clone()));
    cambio.eliminado_por = Set(Some(actor.id()));
    cambio.eliminado_en = Set(Some(Utc::now().trunc_subsecs(6)));
    let d = cambio.update(&tx).await?;
    eventos::registrar(
        &tx,
        evento_expediente(
            actor,
            e.id,
            e.unidad_actual_id,
            "DOCUMENTO_DESGLOSADO",
            json!({ "documento": resumen(&d), "motivo": motivo }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(a_dto(&d))
}

async fn registrar_version(
    tx: &DatabaseTransaction,
    d: &documento::Model,
) -> Result<(), DomainError> {
    documento_version::ActiveModel {
        documento_id: Set(d.id),
        version: Set(d.version),
        nombre: Set(d.nombre.clone()),
        tipo: Set(d.tipo.clone()),
        tamano: Set(d.tamano),
        sha256: Set(d.sha256.clone()),
        paginas: Set(d.paginas),
        subido_por: Set(d.subido_por),
        subido_en: Set(d.subido_en),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    Ok(())
}

/// What the historial and the constancia say about a document.
pub(super) fn resumen(d: &documento::Model) -> Value {
    json!({
        "id": d.id,
        "nombre": d.nombre,
        "version": d.version,
        "sha256": d.sha256,
        "foja_desde": d.foja_desde,
        "foja_hasta": d.foja_hasta,
    })
}
