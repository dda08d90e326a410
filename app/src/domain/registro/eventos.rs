//! The append-only, hash-chained event log (DECISIONS.md, "Event log and hash chains").
//! Historial of expedientes and the administration audit are one table; each entity has its
//! own chain.

use crate::infra::entities::evento;
use crate::infra::entities::evento_cabeza;
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, IntoActiveModel,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const HASH_INICIAL: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event to append.
#[derive(Debug, Clone)]
pub struct NuevoEvento {
    /// Entity kind, e.g. `usuario`, `organismo`, `expediente`.
    pub entidad: &'static str,
    pub entidad_id: i64,
    /// Kind of event, e.g. `USUARIO_CREADO`.
    pub tipo: &'static str,
    pub actor_id: Option<i64>,
    pub unidad_id: Option<i64>,
    pub datos: Value,
}

impl NuevoEvento {
    /// An administration event: the actor and their unidad, on one entity's chain.
    pub fn auditoria(
        actor: &crate::domain::acceso::Actor,
        entidad: &'static str,
        entidad_id: i64,
        tipo: &'static str,
        datos: Value,
    ) -> Self {
        NuevoEvento {
            entidad,
            entidad_id,
            tipo,
            actor_id: Some(actor.id()),
            unidad_id: actor.usuario.unidad_id,
            datos,
        }
    }
}

impl NuevoEvento {
    /// An event of a unidad's work on one entity's chain (an expediente, an escrito): the actor,
    /// acting as that unidad. An ADMINISTRADOR's is marked as an administrative intervention
    /// (DECISIONS.md).
    pub fn de_unidad(
        actor: &crate::domain::acceso::Actor,
        entidad: &'static str,
        entidad_id: i64,
        unidad_id: i64,
        tipo: &'static str,
        mut datos: Value,
    ) -> Self {
        if actor.perfil == crate::model::Perfil::Administrador {
            datos["intervencion_administrativa"] = Value::Bool(true);
        }
        NuevoEvento {
            entidad,
            entidad_id,
            tipo,
            actor_id: Some(actor.id()),
            unidad_id: Some(unidad_id),
            datos,
        }
    }
}

/// Serialises JSON with keys sorted at every level, so the same data always hashes the same.
pub fn json_canonico(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let mut claves: Vec<&String> = map.keys().collect();
            claves.sort();
            let partes: Vec<String> = claves
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), json_canonico(&map[k])))
                .collect();
            format!("{{{}}}", partes.join(","))
        }
        Value::Array(items) => {
            let partes: Vec<String> = items.iter().map(json_canonico).collect();
            format!("[{}]", partes.join(","))
        }
        otro => otro.to_string(),
    }
}

/// `hash = SHA-256("v1\n" + entity, id, seq, kind, actor, unidad, µs, datos, hash_anterior)`,
/// each on its own line (DECISIONS.md).
#[allow(clippy::too_many_arguments)]
pub fn calcular_hash(
    entidad: &str,
    entidad_id: i64,
    seq: i64,
    tipo: &str,
    actor_id: Option<i64>,
    unidad_id: Option<i64>,
    en: DateTime<Utc>,
    datos: &str,
    hash_anterior: &str,
) -> String {
    let opcional = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    let texto = format!(
        "v1\n{entidad}\n{entidad_id}\n{seq}\n{tipo}\n{}\n{}\n{}\n{datos}\n{hash_anterior}",
        opcional(actor_id),
        opcional(unidad_id),
        en.timestamp_micros(),
    );
    hex::encode(Sha256::digest(texto.as_bytes()))
}

/// The event row that follows `anterior` in its chain: canonical datos and the hash over the
/// previous one. The one builder of a chained event: [`registrar`] stores what it answers, and
/// the generator too (its id is given when it is stored).
pub fn encadenar(e: &NuevoEvento, seq: i64, en: DateTime<Utc>, anterior: &str) -> evento::Model {
    let datos = json_canonico(&e.datos);
    let hash = calcular_hash(
        e.entidad,
        e.entidad_id,
        seq,
        e.tipo,
        e.actor_id,
        e.unidad_id,
        en,
        &datos,
        anterior,
    );
    evento::Model {
        id: 0,
        entidad: e.entidad.to_owned(),
        entidad_id: e.entidad_id,
        seq,
        tipo: e.tipo.to_owned(),
        actor_id: e.actor_id,
        unidad_id: e.unidad_id,
        en,
        datos,
        hash,
        hash_anterior: anterior.to_owned(),
    }
}

/// Appends one event to its entity's chain inside the caller's transaction. The chain head is
/// taken with `UPDATE … RETURNING`, so concurrent appends to one entity serialise on that row.
pub async fn registrar(tx: &DatabaseTransaction, e: NuevoEvento) -> Result<evento::Model, DbErr> {
    let en = Utc::now().trunc_subsecs(6);

    let tomar = Query::update()
        .table(evento_cabeza::Entity)
        .value(
            evento_cabeza::Column::Seq,
            Expr::col(evento_cabeza::Column::Seq).add(1),
        )
        .and_where(evento_cabeza::Column::Entidad.eq(e.entidad))
        .and_where(evento_cabeza::Column::EntidadId.eq(e.entidad_id))
        .returning(
            Query::returning().columns([evento_cabeza::Column::Seq, evento_cabeza::Column::Hash]),
        )
        .to_owned();
    let (seq, anterior, existe) = match tx.query_one(&tomar).await? {
        Some(fila) => (
            fila.try_get::<i64>("", "seq")?,
            fila.try_get::<String>("", "hash")?,
            true,
        ),
        None => (1, HASH_INICIAL.to_owned(), false),
    };
    let nuevo = encadenar(&e, seq, en, &anterior);
    let hash = nuevo.hash.clone();

    if existe {
        let mover = Query::update()
            .table(evento_cabeza::Entity)
            .value(evento_cabeza::Column::Hash, hash.clone())
            .and_where(evento_cabeza::Column::Entidad.eq(e.entidad))
            .and_where(evento_cabeza::Column::EntidadId.eq(e.entidad_id))
            .to_owned();
        tx.execute(&mover).await?;
    } else {
        evento_cabeza::Model {
            entidad: e.entidad.to_owned(),
            entidad_id: e.entidad_id,
            seq,
            hash: hash.clone(),
        }
        .into_active_model()
        .insert(tx)
        .await?;
    }

    let mut fila = nuevo.into_active_model();
    fila.id = sea_orm::NotSet;
    fila.insert(tx).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_canonico_ordena_claves_en_todos_los_niveles() {
        let v = json!({"b": 1, "a": {"z": [3, {"y": true, "x": null}], "c": "ñ"}});
        assert_eq!(
            json_canonico(&v),
            r#"{"a":{"c":"ñ","z":[3,{"x":null,"y":true}]},"b":1}"#
        );
    }

    #[test]
    fn hash_cambia_si_cambia_cualquier_campo() {
        let en = DateTime::from_timestamp_micros(1_764_000_000_123_456).expect("valid time");
        let base = calcular_hash("usuario", 1, 1, "X", Some(1), None, en, "{}", HASH_INICIAL);
        assert_eq!(base.len(), 64);
        assert_ne!(
            base,
            calcular_hash("usuario", 1, 2, "X", Some(1), None, en, "{}", HASH_INICIAL)
        );
        assert_ne!(
            base,
            calcular_hash(
                "usuario",
                1,
                1,
                "X",
                Some(1),
                None,
                en,
                "{\"a\":1}",
                HASH_INICIAL
            )
        );
        assert_ne!(
            base,
            calcular_hash("usuario", 1, 1, "X", None, None, en, "{}", HASH_INICIAL)
        );
    }
}
