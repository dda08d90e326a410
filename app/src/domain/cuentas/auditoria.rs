//! Reading the administration audit (issue #3): events of organismos, unidades and usuarios,
//! newest first, for administrators.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::Recurso;
use crate::infra::entities::evento;
use crate::infra::sql::paginar;
use crate::model::rfc3339;
use crate::model::{ConsultaLista, Evento, Lista};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Deserialize;

/// Entity kinds that belong to the administration audit.
pub const ENTIDADES: [&str; 5] = ["organismo", "unidad", "usuario", "tipo_tramite", "feriado"];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct FiltroAuditoria {
    pub entidad: Option<String>,
    pub entidad_id: Option<i64>,
}

pub fn a_dto(m: evento::Model) -> Evento {
    Evento {
        id: m.id,
        datos: serde_json::from_str(&m.datos).unwrap_or(serde_json::Value::Null),
        entidad: m.entidad,
        entidad_id: m.entidad_id,
        tipo: m.tipo,
        actor_id: m.actor_id,
        unidad_id: m.unidad_id,
        en: rfc3339(m.en),
        hash: m.hash,
        hash_anterior: m.hash_anterior,
    }
}

pub async fn listar(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaLista,
    filtro: &FiltroAuditoria,
) -> Result<Lista<Evento>, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let mut select = evento::Entity::find()
        .filter(evento::Column::Entidad.is_in(ENTIDADES))
        .order_by_desc(evento::Column::Id);
    if let Some(e) = &filtro.entidad {
        select = select.filter(evento::Column::Entidad.eq(e.as_str()));
    }
    if let Some(id) = filtro.entidad_id {
        select = select.filter(evento::Column::EntidadId.eq(id));
    }
    Ok(paginar(db, select, consulta, a_dto).await?)
}
