//! Unidades: mesas de entrada and the oficinas that depend on them (DOMAIN.md glossary).
//! Read by every user, managed by administrators; every change is audited.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::Recurso;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::organismo;
use crate::infra::entities::unidad;
use crate::infra::sql::contiene;
use crate::infra::sql::paginar;
use crate::model::{
    CambiosUnidad, Codigo, ConsultaLista, Lista, NuevaUnidad, Unidad, texto_requerido,
};
use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

pub const MESA: &str = "MESA_DE_ENTRADA";
pub const OFICINA: &str = "OFICINA";

pub fn a_dto(m: unidad::Model) -> Unidad {
    Unidad {
        id: m.id,
        organismo_id: m.organismo_id,
        codigo: m.codigo,
        nombre: m.nombre,
        tipo: m.tipo,
        mesa_id: m.mesa_id,
        activo: m.activo,
    }
}

/// Filters of the unidades list.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FiltroUnidades {
    pub organismo_id: Option<i64>,
    pub tipo: Option<String>,
}

pub async fn listar(
    db: &DatabaseConnection,
    consulta: &ConsultaLista,
    filtro: &FiltroUnidades,
) -> Result<Lista<Unidad>, DomainError> {
    let mut select = unidad::Entity::find()
        .order_by_asc(unidad::Column::OrganismoId)
        .order_by_asc(unidad::Column::Codigo);
    if let Some(o) = filtro.organismo_id {
        select = select.filter(unidad::Column::OrganismoId.eq(o));
    }
    if let Some(t) = &filtro.tipo {
        select = select.filter(unidad::Column::Tipo.eq(t.trim().to_uppercase()));
    }
    if let Some(q) = consulta.texto().map_err(|m| DomainError::campo("q", m))? {
        select = select.filter(
            Condition::any()
                .add(contiene(unidad::Column::Codigo, &q))
                .add(contiene(unidad::Column::Nombre, &q)),
        );
    }
    Ok(paginar(db, select, consulta, a_dto).await?)
}

/// Every unidad, by organismo and code (for pickers; the province has hundreds, not millions).
pub async fn todas(db: &DatabaseConnection) -> Result<Vec<Unidad>, DomainError> {
    Ok(unidad::Entity::find()
        .order_by_asc(unidad::Column::OrganismoId)
        .order_by_asc(unidad::Column::Codigo)
        .all(db)
        .await?
        .into_iter()
        .map(a_dto)
        .collect())
}

pub async fn obtener(db: &DatabaseConnection, id: i64) -> Result<Unidad, DomainError> {
    unidad::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(a_dto)
        .ok_or(DomainError::NoEncontrado)
}

fn tipo_valido(raw: &str) -> Result<String, String> {
    let t = raw.trim().to_uppercase();
    if t == MESA || t == OFICINA {
        Ok(t)
    } else {
        Err("Elegí MESA_DE_ENTRADA u OFICINA.".to_owned())
    }
}

/// The structural rule: an oficina depends on an active mesa of the same organismo; a mesa
/// depends on nothing.
async fn validar_dependencia<C: ConnectionTrait>(
    db: &C,
    organismo_id: i64,
    tipo: &str,
    mesa_id: Option<i64>,
    campos: &mut BTreeMap<String, String>,
) -> Result<(), DomainError> {
    match (tipo, mesa_id) {
        (MESA, Some(_)) => {
            campos.insert(
                "mesa_id".into(),
                "Una mesa de entrada no depende de otra unidad.".into(),
            );
        }
        (OFICINA, None) => {
            campos.insert(
                "mesa_id".into(),
                "Elegí la mesa de entrada de la que depende la oficina.".into(),
            );
        }
        (OFICINA, Some(m)) => {
            let mesa = unidad::Entity::find_by_id(m).one(db).await?;
            let valida = mesa.is_some_and(|u| u.tipo == MESA && u.organismo_id == organismo_id);
            if !valida {
                campos.insert(
                    "mesa_id".into(),
                    "La oficina debe depender de una mesa de entrada del mismo organismo.".into(),
                );
            }
        }
        _ => {}
    }
    Ok(())
}

fn duplicada() -> DomainError {
    DomainError::conflicto_con(
        "duplicate_code",
        "Ya existe una unidad con ese código en el organismo.",
    )
}

async fn codigo_en_uso<C: ConnectionTrait>(
    db: &C,
    organismo_id: i64,
    codigo: &str,
    salvo: Option<i64>,
) -> Result<bool, DomainError> {
    let mut q = unidad::Entity::find()
        .filter(unidad::Column::OrganismoId.eq(organismo_id))
        .filter(unidad::Column::Codigo.eq(codigo));
    if let Some(id) = salvo {
        q = q.filter(unidad::Column::Id.ne(id));
    }
    Ok(q.one(db).await?.is_some())
}

/// Creates a unidad (ADMINISTRADOR only).
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
    nueva: &NuevaUnidad,
) -> Result<Unidad, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let tx = db::begin_write(db).await?;
    let mut campos = BTreeMap::new();
    let organismo_id = match nueva.organismo_id {
        Some(o) if organismo::Entity::find_by_id(o).one(&tx).await?.is_some() => Some(o),
        Some(_) => {
            campos.insert("organismo_id".into(), "El organismo no existe.".into());
            None
        }
        None => {
            campos.insert("organismo_id".into(), "Elegí el organismo.".into());
            None
        }
    };
    let codigo = Codigo::parse(&nueva.codigo)
        .map_err(|m| campos.insert("codigo".into(), m.into()))
        .ok();
    let nombre = texto_requerido(&nueva.nombre, 200, "Ingresá el nombre.")
        .map_err(|m| campos.insert("nombre".into(), m))
        .ok();
    let tipo = tipo_valido(&nueva.tipo)
        .map_err(|m| campos.insert("tipo".into(), m))
        .ok();
    if let (Some(o), Some(t)) = (organismo_id, &tipo) {
        validar_dependencia(&tx, o, t, nueva.mesa_id, &mut campos).await?;
    }
    let (Some(organismo_id), Some(codigo), Some(nombre), Some(tipo), true) =
        (organismo_id, codigo, nombre, tipo, campos.is_empty())
    else {
        return Err(DomainError::Invalido(campos));
    };
    if codigo_en_uso(&tx, organismo_id, codigo.as_str(), None).await? {
        return Err(duplicada());
    }
    let creada = unidad::ActiveModel {
        organismo_id: Set(organismo_id),
        codigo: Set(codigo.as_str().to_owned()),
        nombre: Set(nombre),
        tipo: Set(tipo),
        mesa_id: Set(nueva.mesa_id),
        activo: Set(nueva.activo.unwrap_or(true)),
        creado_en: Set(Utc::now().trunc_subsecs(6)),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let dto = a_dto(creada);
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(
            actor,
            "unidad",
            dto.id,
            "UNIDAD_CREADA",
            json!({ "despues": dto }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(dto)
}

/// Changes a unidad (ADMINISTRADOR only). The organismo of a unidad never changes.
pub async fn actualizar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    cambios: &CambiosUnidad,
) -> Result<Unidad, DomainError> {
    let tx = db::begin_write(db).await?;
    let actual = unidad::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let antes = a_dto(actual.clone());
    let mut campos = BTreeMap::new();

    let codigo = match &cambios.codigo {
        Some(c) => Codigo::parse(c)
            .map(|c| c.as_str().to_owned())
            .map_err(|m| campos.insert("codigo".into(), m.into()))
            .ok(),
        None => Some(actual.codigo.clone()),
    };
    let nombre = match &cambios.nombre {
        Some(n) => texto_requerido(n, 200, "Ingresá el nombre.")
            .map_err(|m| campos.insert("nombre".into(), m))
            .ok(),
        None => Some(actual.nombre.clone()),
    };
    let tipo = match &cambios.tipo {
        Some(t) => tipo_valido(t)
            .map_err(|m| campos.insert("tipo".into(), m))
            .ok(),
        None => Some(actual.tipo.clone()),
    };
    let mesa_id = match cambios.mesa_id {
        Some(m) => m,
        // A mesa turned into an oficina needs a mesa; an oficina turned into a mesa loses it.
        None if tipo.as_deref() == Some(MESA) => None,
        None => actual.mesa_id,
    };
    if mesa_id == Some(id) {
        campos.insert(
            "mesa_id".into(),
            "Una unidad no puede depender de sí misma.".into(),
        );
    } else if let Some(t) = &tipo {
        validar_dependencia(&tx, actual.organismo_id, t, mesa_id, &mut campos).await?;
    }
    let (Some(codigo), Some(nombre), Some(tipo), true) = (codigo, nombre, tipo, campos.is_empty())
    else {
        return Err(DomainError::Invalido(campos));
    };
    if codigo_en_uso(&tx, actual.organismo_id, &codigo, Some(id)).await? {
        return Err(duplicada());
    }
    let mut m = actual.into_active_model();
    m.codigo = Set(codigo);
    m.nombre = Set(nombre);
    m.tipo = Set(tipo);
    m.mesa_id = Set(mesa_id);
    if let Some(a) = cambios.activo {
        m.activo = Set(a);
    }
    let despues = a_dto(m.update(&tx).await?);
    if despues != antes {
        eventos::registrar(
            &tx,
            NuevoEvento::auditoria(
                actor,
                "unidad",
                id,
                "UNIDAD_MODIFICADA",
                json!({ "antes": antes, "despues": despues }),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(despues)
}

/// The active unidad a picker's text names: its id, or its exact label
/// ([`crate::model::etiqueta_destino`], case and spacing ignored). The label ends in the unidad's
/// code, so the database narrows the candidates to the active unidades with that code and only
/// those few are compared. `None` when nothing or more than one unidad matches.
pub async fn resolver_destino(
    db: &DatabaseConnection,
    texto: &str,
) -> Result<Option<i64>, DomainError> {
    let normal = |t: &str| {
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    // A label is a few dozen characters; a longer text names nothing (the caller answers 422).
    if texto.chars().count() > crate::model::MAX_CARACTERES_BUSQUEDA {
        return Ok(None);
    }
    let buscado = normal(texto);
    if buscado.is_empty() {
        return Ok(None);
    }
    if let Ok(id) = buscado.parse::<i64>() {
        return Ok(Some(id));
    }
    let Some(codigo) = buscado
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .map(|(_, c)| c.trim().to_uppercase())
    else {
        return Ok(None);
    };
    let candidatas: Vec<Unidad> = unidad::Entity::find()
        .filter(unidad::Column::Codigo.eq(codigo))
        .filter(unidad::Column::Activo.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(a_dto)
        .collect();
    let organismos: Vec<_> = crate::infra::entities::organismo::Entity::find()
        .filter(
            crate::infra::entities::organismo::Column::Id
                .is_in(candidatas.iter().map(|u| u.organismo_id)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(crate::domain::organizacion::organismos::a_dto)
        .collect();
    let coincidentes: Vec<i64> = candidatas
        .iter()
        .filter(|u| normal(&crate::model::etiqueta_destino(u, &organismos)) == buscado)
        .map(|u| u.id)
        .collect();
    Ok(match coincidentes.as_slice() {
        [id] => Some(*id),
        _ => None,
    })
}
