//! The append-only, hash-chained event log (DECISIONS.md, "Event log and hash chains").
//! Historial of expedientes and the administration audit are one table; each entity has its
//! own chain.

use crate::infra::entities::evento;
use crate::infra::entities::evento_cabeza;
use crate::infra::entities::punto_control;
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

/// The first broken link of a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotura {
    pub entidad: String,
    pub entidad_id: i64,
    pub seq: i64,
    pub motivo: &'static str,
}

/// What [`verificar`] checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verificacion {
    pub eventos: u64,
    pub cadenas: u64,
    /// The first broken link of each broken chain, in chain order.
    pub roturas: Vec<Rotura>,
    /// Signed checkpoints checked (none when no key was given).
    pub puntos: u64,
}

/// The key that signs checkpoints; it lives outside the database (configuration).
pub struct ClaveFirma(pub Vec<u8>);

type Hmac = hmac::Hmac<Sha256>;

impl ClaveFirma {
    /// A fresh random key, hex-encoded (256 bits).
    pub fn nueva_hex() -> String {
        hex::encode(rand::random::<[u8; 32]>())
    }

    fn firmar(&self, p: &punto_control::Model) -> String {
        use hmac::Mac;
        let mut mac = Hmac::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(
            format!(
                "v1\n{}\n{}\n{}\n{}\n{}",
                p.hasta_evento_id,
                p.cadenas,
                p.resumen,
                p.creado_en.timestamp_micros(),
                p.firma_anterior
            )
            .as_bytes(),
        );
        hex::encode(mac.finalize().into_bytes())
    }
}

/// The digest of chain heads a checkpoint signs: one line per chain, in chain order.
#[derive(Default)]
struct Resumen {
    hasher: Sha256,
    cadenas: i64,
}

impl Resumen {
    fn agregar(&mut self, entidad: &str, entidad_id: i64, seq: i64, hash: &str) {
        self.hasher
            .update(format!("{entidad}\n{entidad_id}\n{seq}\n{hash}\n").as_bytes());
        self.cadenas += 1;
    }

    fn terminar(self) -> (i64, String) {
        (self.cadenas, hex::encode(self.hasher.finalize()))
    }
}

/// Signs the current head of every chain, unless nothing happened since the last checkpoint.
/// Appends wait meanwhile, so the heads and the last event id describe one moment, and so does
/// every other signer, so each checkpoint links to the one before it: on SQLite the single
/// write lock does both; on PostgreSQL a SHARE ROW EXCLUSIVE lock on the heads, which excludes
/// appends (ROW EXCLUSIVE) like SHARE does and, unlike SHARE, also another signer on another
/// server (two SHARE locks coexist, and two checkpoints then named the same previous one).
pub async fn sellar(
    db: &sea_orm::DatabaseConnection,
    clave: &ClaveFirma,
) -> Result<Option<punto_control::Model>, DbErr> {
    use futures_util::TryStreamExt;
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    let tx = crate::infra::db::begin_write(db).await?;
    if tx.get_database_backend() == sea_orm::DbBackend::Postgres {
        tx.execute_unprepared("LOCK TABLE evento_cabeza IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    let hasta: Option<i64> = evento::Entity::find()
        .select_only()
        .column_as(evento::Column::Id.max(), "m")
        .into_tuple()
        .one(&tx)
        .await?
        .flatten();
    let anterior = punto_control::Entity::find()
        .order_by_desc(punto_control::Column::Id)
        .one(&tx)
        .await?;
    let Some(hasta) = hasta else { return Ok(None) };
    if anterior
        .as_ref()
        .is_some_and(|a| a.hasta_evento_id >= hasta)
    {
        return Ok(None);
    }
    let mut resumen = Resumen::default();
    let mut cabezas = evento_cabeza::Entity::find()
        .order_by_asc(evento_cabeza::Column::Entidad)
        .order_by_asc(evento_cabeza::Column::EntidadId)
        .stream(&*tx)
        .await?;
    while let Some(c) = cabezas.try_next().await? {
        resumen.agregar(&c.entidad, c.entidad_id, c.seq, &c.hash);
    }
    drop(cabezas);
    let (cadenas, resumen) = resumen.terminar();
    let mut punto = punto_control::Model {
        id: 0,
        hasta_evento_id: hasta,
        cadenas,
        resumen,
        firma_anterior: anterior.map_or_else(|| HASH_INICIAL.to_owned(), |a| a.firma),
        firma: String::new(),
        creado_en: Utc::now().trunc_subsecs(6),
    };
    punto.firma = clave.firmar(&punto);
    let mut activo = punto.into_active_model();
    activo.id = sea_orm::NotSet;
    let guardado = activo.insert(&tx).await?;
    tx.commit().await?;
    Ok(Some(guardado))
}

/// Recomputes every chain (historial of each expediente, audit of each entity): each event's
/// hash, its link to the previous one, consecutive `seq`, and the head row. Streams the log,
/// so memory does not grow with its size.
///
/// With the key, it also checks every signed checkpoint (signature and link to the previous
/// one) and that the chains, cut at the last checkpoint, still give its signed digest: a chain
/// rewritten and rehashed by someone who can write the database is found there.
pub async fn verificar(
    db: &sea_orm::DatabaseConnection,
    clave: Option<&ClaveFirma>,
) -> Result<Verificacion, DbErr> {
    use futures_util::TryStreamExt;
    use sea_orm::{EntityTrait, QueryOrder};
    let mut v = Verificacion::default();
    let puntos = match clave {
        Some(_) => {
            punto_control::Entity::find()
                .order_by_asc(punto_control::Column::Id)
                .all(db)
                .await?
        }
        None => Vec::new(),
    };
    let mut firma_anterior = HASH_INICIAL.to_owned();
    for p in &puntos {
        if clave.is_some_and(|k| k.firmar(p) != p.firma) || p.firma_anterior != firma_anterior {
            v.roturas.push(Rotura {
                entidad: "punto_control".into(),
                entidad_id: p.id,
                seq: 0,
                motivo: "la firma del punto de control no es válida o falta el anterior",
            });
        }
        firma_anterior = p.firma.clone();
        v.puntos += 1;
    }
    let ultimo = puntos.last();
    let corte = ultimo.map_or(i64::MIN, |p| p.hasta_evento_id);
    let mut resumen = Resumen::default();
    // The head of the current chain at the last checkpoint: (seq, hash).
    let mut al_corte: Option<(i64, String)> = None;
    let cabezas: std::collections::HashMap<(String, i64), (i64, String)> =
        evento_cabeza::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|c| ((c.entidad, c.entidad_id), (c.seq, c.hash)))
            .collect();
    let mut flujo = evento::Entity::find()
        .order_by_asc(evento::Column::Entidad)
        .order_by_asc(evento::Column::EntidadId)
        .order_by_asc(evento::Column::Seq)
        .stream(db)
        .await?;
    // (entidad, id, last seq, last hash, already broken)
    let mut actual: Option<(String, i64, i64, String, bool)> = None;
    let cerrar = |c: &(String, i64, i64, String, bool),
                  al_corte: &mut Option<(i64, String)>,
                  resumen: &mut Resumen,
                  v: &mut Verificacion| {
        let (entidad, id, seq, hash, rota) = c;
        if let Some((s, h)) = al_corte.take() {
            resumen.agregar(entidad, *id, s, &h);
        }
        if !rota && cabezas.get(&(entidad.clone(), *id)) != Some(&(*seq, hash.clone())) {
            v.roturas.push(Rotura {
                entidad: entidad.clone(),
                entidad_id: *id,
                seq: *seq,
                motivo: "la cabeza de la cadena no coincide con su último evento",
            });
        }
    };
    while let Some(e) = flujo.try_next().await? {
        v.eventos += 1;
        let misma = actual
            .as_ref()
            .is_some_and(|(ent, id, ..)| *ent == e.entidad && *id == e.entidad_id);
        if !misma {
            if let Some(c) = &actual {
                cerrar(c, &mut al_corte, &mut resumen, &mut v);
            }
            v.cadenas += 1;
            actual = Some((
                e.entidad.clone(),
                e.entidad_id,
                0,
                HASH_INICIAL.to_owned(),
                false,
            ));
        }
        if e.id <= corte {
            al_corte = Some((e.seq, e.hash.clone()));
        }
        let c = actual.as_mut().expect("set above");
        if c.4 {
            continue;
        }
        let calculado = calcular_hash(
            &e.entidad,
            e.entidad_id,
            e.seq,
            &e.tipo,
            e.actor_id,
            e.unidad_id,
            e.en,
            &e.datos,
            &e.hash_anterior,
        );
        let motivo = if e.seq != c.2 + 1 {
            Some("falta un evento o está fuera de orden")
        } else if e.hash_anterior != c.3 {
            Some("no enlaza con el evento anterior")
        } else if calculado != e.hash {
            Some("su contenido no coincide con su hash")
        } else {
            None
        };
        if let Some(motivo) = motivo {
            v.roturas.push(Rotura {
                entidad: e.entidad.clone(),
                entidad_id: e.entidad_id,
                seq: e.seq,
                motivo,
            });
            c.4 = true;
        }
        c.2 = e.seq;
        c.3 = e.hash.clone();
    }
    if let Some(c) = &actual {
        cerrar(c, &mut al_corte, &mut resumen, &mut v);
    }
    if let Some(p) = ultimo
        && resumen.terminar() != (p.cadenas, p.resumen.clone())
    {
        v.roturas.push(Rotura {
            entidad: "punto_control".into(),
            entidad_id: p.id,
            seq: 0,
            motivo: "las cadenas ya no dan el resumen firmado en el punto de control",
        });
    }
    Ok(v)
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
