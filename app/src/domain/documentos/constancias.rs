//! Constancias: what a pase seals, chained per expediente by their hashes.

use super::comandos::resumen;
use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::expedientes;
use crate::domain::registro::eventos::json_canonico;
use crate::infra::entities::documento;
use crate::infra::entities::evento;
use crate::model::rfc3339;
use crate::model::{Constancia, DocumentoConstancia, Evento};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

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

pub(super) fn constancia_de(ev: &evento::Model) -> Option<Value> {
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

/// The constancias among events already read (a whole historial, oldest first): what
/// [`constancias`] gives without reading them again.
pub fn constancias_de_eventos(eventos: &[Evento]) -> Vec<Constancia> {
    eventos
        .iter()
        .filter(|ev| ev.tipo == "PASE_ENVIADO")
        .filter_map(|ev| ev.datos.get("constancia"))
        .filter_map(a_constancia)
        .collect()
}

pub(super) fn a_constancia(c: &Value) -> Option<Constancia> {
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
