//! The catalogue of tipos de trámite: read by every user, kept by administrators; every change
//! is audited. A tipo is never deleted (expedientes point at it): it is deactivated.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::Recurso;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::tipo_tramite;
use crate::model::{CambiosTipoTramite, NuevoTipoTramite, TipoTramite, texto_requerido};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

fn a_dto(m: tipo_tramite::Model) -> TipoTramite {
    TipoTramite {
        id: m.id,
        nombre: m.nombre,
        activo: m.activo,
        plazo_dias: m.plazo_dias,
    }
}

fn plazo_valido(p: Option<i32>) -> Result<Option<i32>, DomainError> {
    match p {
        Some(d) if !(1..=crate::model::PLAZO_MAXIMO).contains(&d) => Err(DomainError::campo(
            "plazo_dias",
            "El plazo va de 1 a 365 días hábiles; dejalo vacío para usar el de 10.",
        )),
        p => Ok(p),
    }
}

fn nombre_valido(raw: &str) -> Result<String, DomainError> {
    texto_requerido(raw, 200, "Ingresá el nombre del tipo de trámite.")
        .map_err(|m| DomainError::campo("nombre", &m))
}

/// Every tipo, by name; inactive ones included (the screens offer only the active ones).
pub async fn listar(db: &DatabaseConnection) -> Result<Vec<TipoTramite>, DomainError> {
    Ok(tipo_tramite::Entity::find()
        .order_by_asc(tipo_tramite::Column::Nombre)
        .all(db)
        .await?
        .into_iter()
        .map(a_dto)
        .collect())
}

/// The name of one tipo, if it exists.
pub async fn nombre(db: &DatabaseConnection, id: i64) -> Result<Option<String>, DomainError> {
    Ok(tipo_tramite::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|t| t.nombre))
}

async fn exigir_nombre_libre(
    tx: &DatabaseTransaction,
    nombre: &str,
    salvo: Option<i64>,
) -> Result<(), DomainError> {
    let mut q = tipo_tramite::Entity::find().filter(tipo_tramite::Column::Nombre.eq(nombre));
    if let Some(id) = salvo {
        q = q.filter(tipo_tramite::Column::Id.ne(id));
    }
    if q.one(tx).await?.is_some() {
        return Err(DomainError::conflicto_con(
            "duplicate_name",
            "Ya existe un tipo de trámite con ese nombre.",
        ));
    }
    Ok(())
}

/// Adds a tipo (ADMINISTRADOR only).
pub async fn crear(
    db: &DatabaseConnection,
    actor: &Actor,
    nuevo: &NuevoTipoTramite,
) -> Result<TipoTramite, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let nombre = nombre_valido(&nuevo.nombre)?;
    let plazo_dias = plazo_valido(nuevo.plazo_dias)?;
    let tx = db::begin_write(db).await?;
    exigir_nombre_libre(&tx, &nombre, None).await?;
    let dto = a_dto(
        tipo_tramite::ActiveModel {
            nombre: Set(nombre),
            activo: Set(nuevo.activo.unwrap_or(true)),
            plazo_dias: Set(plazo_dias),
            ..Default::default()
        }
        .insert(&tx)
        .await?,
    );
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(
            actor,
            "tipo_tramite",
            dto.id,
            "TIPO_TRAMITE_CREADO",
            json!({ "despues": dto }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(dto)
}

/// The check before a change's body is read: 404 when unknown, then 403 (API.md's order, as
/// for organismos and unidades).
pub async fn puede_modificar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<(), DomainError> {
    tipo_tramite::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)
}

/// Renames or (de)activates a tipo (ADMINISTRADOR only): 404 when unknown, then 403, 409/422.
pub async fn actualizar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    cambios: &CambiosTipoTramite,
) -> Result<TipoTramite, DomainError> {
    let tx = db::begin_write(db).await?;
    let actual = tipo_tramite::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let antes = a_dto(actual.clone());
    let mut m = actual.into_active_model();
    if let Some(n) = &cambios.nombre {
        let nombre = nombre_valido(n)?;
        exigir_nombre_libre(&tx, &nombre, Some(id)).await?;
        m.nombre = Set(nombre);
    }
    if let Some(a) = cambios.activo {
        m.activo = Set(a);
    }
    if let Some(p) = cambios.plazo_dias {
        m.plazo_dias = Set(plazo_valido(p)?);
    }
    let despues = a_dto(m.update(&tx).await?);
    if despues != antes {
        eventos::registrar(
            &tx,
            NuevoEvento::auditoria(
                actor,
                "tipo_tramite",
                id,
                "TIPO_TRAMITE_MODIFICADO",
                json!({ "antes": antes, "despues": despues }),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(despues)
}
