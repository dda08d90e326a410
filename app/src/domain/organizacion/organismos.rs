//! Organismos: the provincial entities (DOMAIN.md glossary). Read by every user, managed by
//! administrators; every change is audited.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::Recurso;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::organismo;
use crate::infra::sql::contiene;
use crate::infra::sql::paginar;
use crate::model::{
    CambiosOrganismo, Codigo, ConsultaLista, Lista, NuevoOrganismo, Organismo, texto_requerido,
};
use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use std::collections::BTreeMap;

pub const TIPOS: [&str; 2] = ["CENTRAL", "DESCENTRALIZADO"];

pub fn a_dto(m: organismo::Model) -> Organismo {
    Organismo {
        id: m.id,
        codigo: m.codigo,
        nombre: m.nombre,
        tipo: m.tipo,
        activo: m.activo,
    }
}

fn tipo_valido(raw: &str) -> Result<String, String> {
    let t = raw.trim().to_uppercase();
    if TIPOS.contains(&t.as_str()) {
        Ok(t)
    } else {
        Err("Elegí CENTRAL o DESCENTRALIZADO.".to_owned())
    }
}

/// Lists organismos, by code, with `q` over code and name.
pub async fn listar(
    db: &DatabaseConnection,
    consulta: &ConsultaLista,
) -> Result<Lista<Organismo>, DomainError> {
    let mut select = organismo::Entity::find().order_by_asc(organismo::Column::Codigo);
    if let Some(q) = consulta.texto().map_err(|m| DomainError::campo("q", m))? {
        select = select.filter(
            Condition::any()
                .add(contiene(organismo::Column::Codigo, &q))
                .add(contiene(organismo::Column::Nombre, &q)),
        );
    }
    Ok(paginar(db, select, consulta, a_dto).await?)
}

/// Every organismo, by code (for pickers).
pub async fn todos(db: &DatabaseConnection) -> Result<Vec<Organismo>, DomainError> {
    Ok(organismo::Entity::find()
        .order_by_asc(organismo::Column::Codigo)
        .all(db)
        .await?
        .into_iter()
        .map(a_dto)
        .collect())
}

pub async fn obtener(db: &DatabaseConnection, id: i64) -> Result<Organismo, DomainError> {
    organismo::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(a_dto)
        .ok_or(DomainError::NoEncontrado)
}

fn duplicado() -> DomainError {
    DomainError::conflicto_con("duplicate_code", "Ya existe un organismo con ese código.")
}

/// Creates an organismo (ADMINISTRADOR only).
/// The check before a change's body is read: 404 when unknown, then 403 (API.md's order).
pub async fn puede_modificar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<(), DomainError> {
    obtener(db, id).await?;
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)
}

pub async fn crear(
    db: &DatabaseConnection,
    actor: &Actor,
    nuevo: &NuevoOrganismo,
) -> Result<Organismo, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let mut campos = BTreeMap::new();
    let codigo = Codigo::parse(&nuevo.codigo)
        .map_err(|m| campos.insert("codigo".into(), m.into()))
        .ok();
    let nombre = texto_requerido(&nuevo.nombre, 200, "Ingresá el nombre.")
        .map_err(|m| campos.insert("nombre".into(), m))
        .ok();
    let tipo = tipo_valido(&nuevo.tipo)
        .map_err(|m| campos.insert("tipo".into(), m))
        .ok();
    let (Some(codigo), Some(nombre), Some(tipo)) = (codigo, nombre, tipo) else {
        return Err(DomainError::Invalido(campos));
    };

    let tx = db::begin_write(db).await?;
    if organismo::Entity::find()
        .filter(organismo::Column::Codigo.eq(codigo.as_str()))
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(duplicado());
    }
    let creado = organismo::ActiveModel {
        codigo: Set(codigo.as_str().to_owned()),
        nombre: Set(nombre),
        tipo: Set(tipo),
        activo: Set(nuevo.activo.unwrap_or(true)),
        creado_en: Set(Utc::now().trunc_subsecs(6)),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let dto = a_dto(creado);
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(
            actor,
            "organismo",
            dto.id,
            "ORGANISMO_CREADO",
            json!({ "despues": dto }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(dto)
}

/// Changes an organismo (ADMINISTRADOR only): 404 when unknown, then 403, then 409/422.
pub async fn actualizar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    cambios: &CambiosOrganismo,
) -> Result<Organismo, DomainError> {
    let tx = db::begin_write(db).await?;
    let actual = organismo::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;

    let mut campos = BTreeMap::new();
    let antes = a_dto(actual.clone());
    let mut m = actual.into_active_model();
    if let Some(c) = &cambios.codigo {
        match Codigo::parse(c) {
            Ok(c) => m.codigo = Set(c.as_str().to_owned()),
            Err(e) => {
                campos.insert("codigo".into(), e.into());
            }
        }
    }
    if let Some(n) = &cambios.nombre {
        match texto_requerido(n, 200, "Ingresá el nombre.") {
            Ok(n) => m.nombre = Set(n),
            Err(e) => {
                campos.insert("nombre".into(), e);
            }
        }
    }
    if let Some(t) = &cambios.tipo {
        match tipo_valido(t) {
            Ok(t) => m.tipo = Set(t),
            Err(e) => {
                campos.insert("tipo".into(), e);
            }
        }
    }
    if let Some(a) = cambios.activo {
        m.activo = Set(a);
    }
    if !campos.is_empty() {
        return Err(DomainError::Invalido(campos));
    }
    if let sea_orm::ActiveValue::Set(codigo) = &m.codigo
        && organismo::Entity::find()
            .filter(organismo::Column::Codigo.eq(codigo.as_str()))
            .filter(organismo::Column::Id.ne(id))
            .one(&tx)
            .await?
            .is_some()
    {
        return Err(duplicado());
    }
    let despues = a_dto(m.update(&tx).await?);
    if despues != antes {
        eventos::registrar(
            &tx,
            NuevoEvento::auditoria(
                actor,
                "organismo",
                id,
                "ORGANISMO_MODIFICADO",
                json!({ "antes": antes, "despues": despues }),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(despues)
}
