//! Documents of an expediente (DOMAIN.md "Documents", DECISIONS.md "Documents"): upload,
//! versions, desglose, fojas, sealing by a pase and the constancia it leaves.
//!
//! An upload is received into a temporary file (hashing, counting and typing it as it
//! streams), stored in both stores, and only then recorded, in one transaction that checks
//! the expediente's state under its row lock. A crash before the record leaves at most an
//! object no document names, which the storage check reports.

pub mod contenido;

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
use crate::domain::registro::eventos::json_canonico;
use crate::infra::almacen::Almacenes;
use crate::infra::db;
use crate::infra::entities::documento;
use crate::infra::entities::documento_version;
use crate::infra::entities::evento;
use crate::infra::entities::expediente;
use crate::infra::sql::paginar;
use crate::model::rfc3339;
use crate::model::{
    Constancia, ConsultaLista, Documento, DocumentoConstancia, Lista, VersionDocumento,
    texto_requerido,
};
use bytes::Bytes;
use chrono::{DateTime, SubsecRound, Utc};
use futures_util::{Stream, StreamExt};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

/// The fewest bytes a PDF page takes (an object header and `/Type /Page`, compressed).
const BYTES_POR_PAGINA: u64 = 16;
/// The most pages one document may count.
const MAX_PAGINAS: u64 = 100_000;
/// PDFs counted at once: each may hold a core for its time limit.
static CONTEOS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

/// Longest a PDF's pages may take to count before the document takes one foja.
const TIEMPO_PAGINAS: Duration = Duration::from_secs(10);

/// How much of a too-large upload is read and dropped before answering 413.
const DESCARTE_MAXIMO: usize = 64 * 1024 * 1024;

/// A file received and checked, waiting in a temporary file to be stored.
pub struct Recibido {
    temporal: PathBuf,
    pub nombre: String,
    pub tipo: &'static str,
    pub tamano: u64,
    pub sha256: String,
    pub paginas: i32,
}

impl Drop for Recibido {
    /// A received file that was never stored leaves nothing behind.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.temporal);
    }
}

pub fn a_dto(d: &documento::Model) -> Documento {
    Documento {
        id: d.id,
        expediente_id: d.expediente_id,
        nombre: d.nombre.clone(),
        tipo: d.tipo.clone(),
        tamano: d.tamano,
        sha256: d.sha256.clone(),
        paginas: d.paginas,
        foja_desde: d.foja_desde,
        foja_hasta: d.foja_hasta,
        version: d.version,
        sellado: d.sellado,
        eliminado: d.eliminado,
        motivo_eliminacion: d.motivo_eliminacion.clone(),
        subido_por: d.subido_por,
        subido_en: rfc3339(d.subido_en),
    }
}

fn a_dto_version(v: &documento_version::Model) -> VersionDocumento {
    VersionDocumento {
        documento_id: v.documento_id,
        version: v.version,
        nombre: v.nombre.clone(),
        tipo: v.tipo.clone(),
        tamano: v.tamano,
        sha256: v.sha256.clone(),
        paginas: v.paginas,
        subido_por: v.subido_por,
        subido_en: rfc3339(v.subido_en),
    }
}

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

/// Receives one file from a stream of chunks into a temporary file, in fixed memory: hashes
/// it, keeps its size under `limite` (413, nothing kept), decides its type by content (415)
/// and counts a PDF's pages.
pub async fn recibir<S, E>(
    almacenes: &Almacenes,
    limite: u64,
    nombre_enviado: &str,
    trozos: S,
) -> Result<Recibido, DomainError>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: std::fmt::Display,
{
    let mut trozos = std::pin::pin!(trozos);
    let nombre = contenido::nombre_saneado(nombre_enviado);
    let temporal = almacenes.nuevo_temporal();
    let archivo = tokio::fs::File::create(&temporal)
        .await
        .map_err(|e| DomainError::Interno(format!("temporal de subida: {e}")))?;
    // Network chunks are small; the disk gets them a MiB at a time.
    let mut archivo = tokio::io::BufWriter::with_capacity(1024 * 1024, archivo);
    // From here on, dropping `recibido` removes the temporary file, whatever happens.
    let mut recibido = Recibido {
        temporal,
        nombre,
        tipo: "",
        tamano: 0,
        sha256: String::new(),
        paginas: 1,
    };
    let mut hasher = Sha256::new();
    let mut detector = contenido::Detector::new();
    while let Some(trozo) = trozos.next().await {
        let trozo = trozo.map_err(|e| {
            tracing::info!(error = %e, "upload interrupted");
            DomainError::campo("archivo", "La subida se interrumpió. Probá de nuevo.")
        })?;
        recibido.tamano += trozo.len() as u64;
        if recibido.tamano > limite {
            // Read (and drop) a little more, so the client is reading our answer when we
            // close instead of still writing into a closed connection.
            let mut descartado = 0usize;
            while descartado < DESCARTE_MAXIMO {
                match trozos.next().await {
                    Some(Ok(t)) => descartado += t.len(),
                    _ => break,
                }
            }
            return Err(DomainError::DemasiadoGrande(format!(
                "«{}» supera el tamaño máximo de {}.",
                recibido.nombre,
                crate::model::tamano_legible(limite as i64)
            )));
        }
        hasher.update(&trozo);
        detector.agregar(&trozo);
        archivo
            .write_all(&trozo)
            .await
            .map_err(|e| DomainError::Interno(format!("escribir la subida: {e}")))?;
    }
    let Some(tipo) = detector.tipo() else {
        return Err(DomainError::TipoNoPermitido(format!(
            "«{}» no es de un tipo permitido. Se aceptan PDF, imágenes PNG o JPEG, documentos \
             de oficina (ODF, Word, Excel, PowerPoint) y texto.",
            recibido.nombre
        )));
    };
    let sincronizar = async {
        archivo.flush().await?;
        archivo.get_ref().sync_all().await
    };
    sincronizar
        .await
        .map_err(|e| DomainError::Interno(format!("sincronizar la subida: {e}")))?;
    drop(archivo);
    recibido.tipo = tipo;
    recibido.nombre = contenido::nombre_para(nombre_enviado, tipo);
    recibido.sha256 = hex::encode(hasher.finalize());
    if tipo == contenido::PDF {
        // A count no file of this size could hold is a lie: one foja then.
        let plausible = (recibido.tamano / BYTES_POR_PAGINA).clamp(1, MAX_PAGINAS);
        recibido.paginas = contar_paginas(recibido.temporal.clone())
            .await
            .filter(|&n| n as u64 <= plausible)
            .unwrap_or(1);
    }
    Ok(recibido)
}

/// Counts a PDF's pages from the stored file in a blocking task with a time limit.
async fn contar_paginas(ruta: PathBuf) -> Option<i32> {
    let _turno = CONTEOS.acquire().await.ok()?;
    let limite = Instant::now() + TIEMPO_PAGINAS;
    tokio::task::spawn_blocking(move || {
        let archivo = std::fs::File::open(ruta).ok()?;
        contenido::paginas_pdf(std::io::BufReader::new(archivo), limite)
    })
    .await
    .ok()
    .flatten()
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
fn resumen(d: &documento::Model) -> Value {
    json!({
        "id": d.id,
        "nombre": d.nombre,
        "version": d.version,
        "sha256": d.sha256,
        "foja_desde": d.foja_desde,
        "foja_hasta": d.foja_hasta,
    })
}

/// Numbers the fojas of the unsealed documents after the sealed ones, in upload order (a
/// document desglosed before sealing keeps its place as a placeholder), and records the
/// expediente's fojas. Sealed documents never move (DECISIONS.md).
async fn foliar(tx: &DatabaseTransaction, expediente_id: i64) -> Result<i32, DomainError> {
    let docs = documento::Entity::find()
        .filter(documento::Column::ExpedienteId.eq(expediente_id))
        .order_by_asc(documento::Column::Id)
        .all(tx)
        .await?;
    let mut cursor = docs
        .iter()
        .filter(|d| d.sellado)
        .map(|d| d.foja_hasta)
        .max()
        .unwrap_or(0);
    for d in docs.iter().filter(|d| !d.sellado) {
        let desde = cursor.saturating_add(1);
        let hasta = cursor.saturating_add(d.paginas.max(1));
        cursor = hasta;
        if (d.foja_desde, d.foja_hasta) != (desde, hasta) {
            documento::Entity::update_many()
                .col_expr(documento::Column::FojaDesde, Expr::value(desde))
                .col_expr(documento::Column::FojaHasta, Expr::value(hasta))
                .filter(documento::Column::Id.eq(d.id))
                .exec(tx)
                .await?;
        }
    }
    expediente::Entity::update_many()
        .col_expr(expediente::Column::Fojas, Expr::value(cursor))
        .filter(expediente::Column::Id.eq(expediente_id))
        .exec(tx)
        .await?;
    Ok(cursor)
}

/// Seals every document of the expediente (called by `pases::enviar` inside its transaction,
/// which holds the expediente's row) and answers the constancia for the pase's event, chained
/// to the previous one.
pub async fn sellar(
    tx: &DatabaseTransaction,
    expediente_id: i64,
    pase_id: i64,
    fojas: i32,
    enviado_en: DateTime<Utc>,
) -> Result<Value, DomainError> {
    documento::Entity::update_many()
        .col_expr(documento::Column::Sellado, Expr::value(true))
        .col_expr(documento::Column::SelladoPaseId, Expr::value(pase_id))
        .filter(documento::Column::ExpedienteId.eq(expediente_id))
        .filter(documento::Column::Sellado.eq(false))
        .exec(tx)
        .await?;
    let presentes = documento::Entity::find()
        .filter(documento::Column::ExpedienteId.eq(expediente_id))
        .filter(documento::Column::Eliminado.eq(false))
        .order_by_asc(documento::Column::Id)
        .all(tx)
        .await?;
    let anterior = ultima_constancia(tx, expediente_id).await?;
    Ok(constancia(
        pase_id,
        enviado_en,
        fojas,
        &presentes,
        anterior.as_ref(),
    ))
}

/// The constancia a pase leaves: the documents present with their hashes and fojas, linked to
/// the expediente's previous constancia (`anterior`: its hash, zeros for the first) and carrying
/// its own `hash`. The one builder of a constancia: [`sellar`] and the generator call it.
pub fn constancia(
    pase_id: i64,
    enviado_en: DateTime<Utc>,
    fojas: i32,
    presentes: &[documento::Model],
    anterior: Option<&Value>,
) -> Value {
    let mut constancia = json!({
        "pase_id": pase_id,
        "enviado_en": rfc3339(enviado_en),
        "fojas": fojas,
        "documentos": presentes.iter().map(resumen).collect::<Vec<_>>(),
        "anterior": anterior.map_or_else(|| crate::domain::registro::eventos::HASH_INICIAL.to_owned(), hash_constancia),
    });
    constancia["hash"] = json!(hash_constancia(&constancia));
    constancia
}

/// SHA-256 of a constancia's canonical JSON, without its own `hash` field.
pub fn hash_constancia(constancia: &Value) -> String {
    let mut sin_hash = constancia.clone();
    if let Value::Object(m) = &mut sin_hash {
        m.remove("hash");
    }
    hex::encode(Sha256::digest(json_canonico(&sin_hash).as_bytes()))
}

async fn ultima_constancia<C: ConnectionTrait>(
    db: &C,
    expediente_id: i64,
) -> Result<Option<Value>, DomainError> {
    let ultimo = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.eq(expediente_id))
        .filter(evento::Column::Tipo.eq("PASE_ENVIADO"))
        .order_by_desc(evento::Column::Seq)
        .one(db)
        .await?;
    Ok(ultimo.and_then(|ev| constancia_de(&ev)))
}

fn constancia_de(ev: &evento::Model) -> Option<Value> {
    let datos: Value = serde_json::from_str(&ev.datos).ok()?;
    datos.get("constancia").cloned()
}

/// The expediente's constancias, oldest first, as people read them.
pub async fn constancias(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
) -> Result<Vec<Constancia>, DomainError> {
    expedientes::visible(db, actor, expediente_id).await?;
    let evs = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.eq(expediente_id))
        .filter(evento::Column::Tipo.eq("PASE_ENVIADO"))
        .order_by_asc(evento::Column::Seq)
        .all(db)
        .await?;
    Ok(evs
        .iter()
        .filter_map(constancia_de)
        .filter_map(|c| a_constancia(&c))
        .collect())
}

fn a_constancia(c: &Value) -> Option<Constancia> {
    let documentos = c
        .get("documentos")?
        .as_array()?
        .iter()
        .filter_map(|d| {
            Some(DocumentoConstancia {
                id: d.get("id")?.as_i64()?,
                version: d.get("version")?.as_i64()? as i32,
                nombre: d.get("nombre")?.as_str()?.to_owned(),
                sha256: d.get("sha256")?.as_str()?.to_owned(),
                foja_desde: d.get("foja_desde")?.as_i64()? as i32,
                foja_hasta: d.get("foja_hasta")?.as_i64()? as i32,
            })
        })
        .collect();
    Some(Constancia {
        pase_id: c.get("pase_id").and_then(Value::as_i64).unwrap_or_default(),
        enviado_en: c
            .get("enviado_en")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        fojas: c.get("fojas").and_then(Value::as_i64).unwrap_or_default() as i32,
        documentos,
        anterior: c
            .get("anterior")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        hash: hash_constancia(c),
    })
}

/// The expediente's documents at their current version, in foja order.
pub async fn listar(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<Documento>, DomainError> {
    expedientes::visible(db, actor, expediente_id).await?;
    let select = documento::Entity::find()
        .filter(documento::Column::ExpedienteId.eq(expediente_id))
        .order_by_asc(documento::Column::Id);
    Ok(paginar(db, select, consulta, |d| a_dto(&d)).await?)
}

/// A document the actor may see (404 otherwise, as if it did not exist).
pub async fn obtener(
    db: &DatabaseConnection,
    actor: &Actor,
    documento_id: i64,
) -> Result<documento::Model, DomainError> {
    let d = documento::Entity::find_by_id(documento_id)
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    expedientes::visible(db, actor, d.expediente_id).await?;
    Ok(d)
}

/// Every version of a document, oldest first.
pub async fn versiones(
    db: &DatabaseConnection,
    actor: &Actor,
    documento_id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<VersionDocumento>, DomainError> {
    obtener(db, actor, documento_id).await?;
    let select = documento_version::Entity::find()
        .filter(documento_version::Column::DocumentoId.eq(documento_id))
        .order_by_asc(documento_version::Column::Version);
    Ok(paginar(db, select, consulta, |v| a_dto_version(&v)).await?)
}

/// One version of a document (the current one by default), for downloading.
pub async fn version(
    db: &DatabaseConnection,
    actor: &Actor,
    documento_id: i64,
    version: Option<i32>,
) -> Result<VersionDocumento, DomainError> {
    let d = obtener(db, actor, documento_id).await?;
    let v = documento_version::Entity::find()
        .filter(documento_version::Column::DocumentoId.eq(d.id))
        .filter(documento_version::Column::Version.eq(version.unwrap_or(d.version)))
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    Ok(a_dto_version(&v))
}

/// What the storage check found.
#[derive(Debug, Default)]
pub struct InformeAlmacenes {
    /// Objects that documents name, checked in both stores.
    pub objetos: usize,
    pub correctos: usize,
    /// (sha256, store, problem) for each bad copy.
    pub problemas: Vec<(String, &'static str, &'static str)>,
    pub reparados: usize,
    /// Objects no document names (an upload stopped between storing and recording).
    pub sin_documento: Vec<String>,
    /// Uploads being received or left behind by a stopped process, with their age.
    pub temporales: Vec<(PathBuf, u64)>,
    /// Objects that could not be repaired (both copies bad or missing).
    pub irreparables: Vec<String>,
}

impl InformeAlmacenes {
    pub fn sano(&self) -> bool {
        self.problemas.len() == self.reparados && self.irreparables.is_empty()
    }
}

/// Checks every object that a document version names, in both stores, against its hash; with
/// `reparar`, rewrites a missing or corrupt copy from the good one. Also accounts for objects
/// no document names and for temporary upload files.
pub async fn verificar_almacenes(
    db: &DatabaseConnection,
    almacenes: &Almacenes,
    reparar: bool,
) -> Result<InformeAlmacenes, DomainError> {
    let claves: BTreeSet<String> = documento_version::Entity::find()
        .select_only()
        .column(documento_version::Column::Sha256)
        .distinct()
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut informe = InformeAlmacenes {
        objetos: claves.len(),
        ..Default::default()
    };
    let interno = |e: std::io::Error| DomainError::Interno(e.to_string());
    for clave in &claves {
        let mut estados = Vec::new();
        for (nombre, almacen) in [
            ("primario", &almacenes.primario),
            ("respaldo", &almacenes.respaldo),
        ] {
            let estado = match almacen.comprobar(clave).await {
                Ok(Some((hash, _))) if &hash == clave => None,
                Ok(Some(_)) => Some("contenido alterado"),
                Ok(None) => Some("falta"),
                Err(e) => {
                    tracing::warn!(error = %e, clave, nombre, "could not read object");
                    Some("no se pudo leer")
                }
            };
            estados.push((nombre, almacen, estado));
        }
        let buenos: Vec<_> = estados.iter().filter(|e| e.2.is_none()).collect();
        if buenos.len() == 2 {
            informe.correctos += 1;
            continue;
        }
        for (nombre, _, problema) in &estados {
            if let Some(p) = problema {
                informe.problemas.push((clave.clone(), nombre, p));
            }
        }
        let Some(bueno) = buenos.first() else {
            informe.irreparables.push(clave.clone());
            continue;
        };
        if reparar {
            for (_, malo, problema) in &estados {
                if problema.is_some() {
                    match almacenes.copiar(bueno.1, malo, clave).await {
                        Ok(()) => informe.reparados += 1,
                        // Recorded and the check goes on with the next object.
                        Err(e) => {
                            tracing::warn!(error = %e, clave, "repair failed");
                            informe.irreparables.push(clave.clone());
                        }
                    }
                }
            }
        }
    }
    let mut presentes: BTreeSet<String> = almacenes
        .primario
        .listar()
        .await
        .map_err(interno)?
        .into_iter()
        .collect();
    presentes.extend(almacenes.respaldo.listar().await.map_err(interno)?);
    informe.sin_documento = presentes.difference(&claves).cloned().collect();
    informe.temporales = almacenes.temporales().await.map_err(interno)?;
    Ok(informe)
}

/// What the constancia check found: for each broken one, the expediente, the pase and why.
#[derive(Debug, Default)]
pub struct InformeConstancias {
    pub constancias: usize,
    pub documentos: usize,
    pub problemas: Vec<(i64, i64, String)>,
}

/// Checks every constancia: its chain to the previous one of the expediente, that each
/// document version it lists still has that hash in the database, and that the stored bytes
/// still hash to it (each object read once).
pub async fn verificar_constancias(
    db: &DatabaseConnection,
    almacenes: &Almacenes,
) -> Result<InformeConstancias, DomainError> {
    let mut informe = InformeConstancias::default();
    let mut objetos: BTreeMap<String, bool> = BTreeMap::new();
    // Per expediente: the hash of its last constancia, and whether it carried a link (from
    // then on every constancia must carry one).
    let mut anterior: Option<(i64, String, bool)> = None;
    // Keyset paging: new events (of any expediente) do not shift what comes next.
    let mut despues: (i64, i64) = (i64::MIN, i64::MIN);
    loop {
        let evs = evento::Entity::find()
            .filter(evento::Column::Entidad.eq("expediente"))
            .filter(evento::Column::Tipo.eq("PASE_ENVIADO"))
            .filter(
                Condition::any()
                    .add(evento::Column::EntidadId.gt(despues.0))
                    .add(
                        Condition::all()
                            .add(evento::Column::EntidadId.eq(despues.0))
                            .add(evento::Column::Seq.gt(despues.1)),
                    ),
            )
            .order_by_asc(evento::Column::EntidadId)
            .order_by_asc(evento::Column::Seq)
            .limit(1000)
            .all(db)
            .await?;
        let Some(ultimo) = evs.last() else {
            break;
        };
        despues = (ultimo.entidad_id, ultimo.seq);
        for ev in evs {
            let Some(c) = constancia_de(&ev) else {
                continue;
            };
            informe.constancias += 1;
            let pase_id = c.get("pase_id").and_then(Value::as_i64).unwrap_or_default();
            let mut problema = |m: String| informe.problemas.push((ev.entidad_id, pase_id, m));
            let hash = hash_constancia(&c);
            let previa = anterior.as_ref().filter(|(exp, ..)| *exp == ev.entidad_id);
            let enlazada = previa.is_some_and(|(_, _, enlace)| *enlace);
            match c.get("hash").and_then(Value::as_str) {
                Some(guardado) if guardado != hash => {
                    problema("la constancia no coincide con su hash".into());
                }
                None if enlazada => problema("a la constancia le falta su hash".into()),
                _ => {}
            }
            // Constancias from before Step 4 carry no link.
            let enlace = c.get("anterior").and_then(Value::as_str);
            match enlace {
                Some(enlace) => {
                    let esperado = previa.map_or_else(|| "0".repeat(64), |(_, h, _)| h.clone());
                    if enlace != esperado {
                        problema("la cadena de constancias está rota".into());
                    }
                }
                None if enlazada => {
                    problema("a la constancia le falta el enlace a la anterior".into());
                }
                None => {}
            }
            anterior = Some((ev.entidad_id, hash, enlace.is_some() || enlazada));
            let Some(c) = a_constancia(&c) else { continue };
            for d in &c.documentos {
                informe.documentos += 1;
                let registrada = documento_version::Entity::find()
                    .filter(documento_version::Column::DocumentoId.eq(d.id))
                    .filter(documento_version::Column::Version.eq(d.version))
                    .one(db)
                    .await?;
                if registrada.as_ref().map(|v| v.sha256.as_str()) != Some(d.sha256.as_str()) {
                    informe.problemas.push((
                        ev.entidad_id,
                        pase_id,
                        format!("el documento {} ({}) cambió en la base", d.id, d.nombre),
                    ));
                }
                let sano = match objetos.get(&d.sha256) {
                    Some(s) => *s,
                    None => {
                        let s = matches!(
                            almacenes.primario.comprobar(&d.sha256).await,
                            Ok(Some((h, _))) if h == d.sha256
                        ) || matches!(
                            almacenes.respaldo.comprobar(&d.sha256).await,
                            Ok(Some((h, _))) if h == d.sha256
                        );
                        objetos.insert(d.sha256.clone(), s);
                        s
                    }
                };
                if !sano {
                    informe.problemas.push((
                        ev.entidad_id,
                        pase_id,
                        format!(
                            "no hay una copia intacta del documento {} ({})",
                            d.id, d.nombre
                        ),
                    ));
                }
            }
        }
    }
    Ok(informe)
}
