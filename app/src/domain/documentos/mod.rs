//! Documents of an expediente (DOMAIN.md "Documents", DECISIONS.md "Documents"): upload,
//! versions, desglose, fojas, sealing by a pase and the constancia it leaves.
//!
//! An upload is received into a temporary file (hashing, counting and typing it as it
//! streams), stored in both stores, and only then recorded, in one transaction that checks
//! the expediente's state under its row lock. A crash before the record leaves at most an
//! object no document names, which the storage check reports.
//!
//! `recepcion` receives a file, `comandos` attaches, replaces and desgloses, `foliacion`
//! numbers the fojas, `constancias` seals and chains, `verificacion` checks the stores and the
//! constancias; this file reads documents and their versions.

mod comandos;
mod constancias;
pub mod contenido;
mod foliacion;
mod recepcion;
mod verificacion;

pub use comandos::{adjuntar, desglosar, puede_adjuntar, puede_modificar, reemplazar};
pub use constancias::{constancia, constancias, constancias_de_eventos, hash_constancia, sellar};
pub use recepcion::{Recibido, recibir};
pub use verificacion::{
    InformeAlmacenes, InformeConstancias, verificar_almacenes, verificar_constancias,
};

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::expedientes;
use crate::infra::entities::documento;
use crate::infra::entities::documento_version;
use crate::infra::sql::paginar;
use crate::model::rfc3339;
use crate::model::{ConsultaLista, Documento, Lista, VersionDocumento};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

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

/// The expediente's documents at their current version, in foja order.
pub async fn listar(
    db: &DatabaseConnection,
    actor: &Actor,
    expediente_id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<Documento>, DomainError> {
    expedientes::visible(db, actor, expediente_id).await?;
    listar_de(db, expediente_id, consulta).await
}

/// [`listar`] for an expediente whose visibility the caller has checked.
pub async fn listar_de(
    db: &DatabaseConnection,
    expediente_id: i64,
    consulta: &ConsultaLista,
) -> Result<Lista<Documento>, DomainError> {
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
