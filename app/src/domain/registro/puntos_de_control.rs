//! Checkpoints: the heads of every chain, signed with a key kept outside the database, so a
//! rewrite by someone who can write the database is found by `verify` (DECISIONS.md).

use super::eventos::HASH_INICIAL;
use crate::infra::entities::evento;
use crate::infra::entities::evento_cabeza;
use crate::infra::entities::punto_control;
use chrono::{SubsecRound, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, IntoActiveModel};
use sha2::{Digest, Sha256};

/// The key that signs checkpoints; it lives outside the database (configuration).
pub struct ClaveFirma(pub Vec<u8>);

type Hmac = hmac::Hmac<Sha256>;

impl ClaveFirma {
    /// A fresh random key, hex-encoded (256 bits).
    pub fn nueva_hex() -> String {
        hex::encode(rand::random::<[u8; 32]>())
    }

    pub(super) fn firmar(&self, p: &punto_control::Model) -> String {
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
pub(super) struct Resumen {
    hasher: Sha256,
    cadenas: i64,
}

impl Resumen {
    pub(super) fn agregar(&mut self, entidad: &str, entidad_id: i64, seq: i64, hash: &str) {
        self.hasher
            .update(format!("{entidad}\n{entidad_id}\n{seq}\n{hash}\n").as_bytes());
        self.cadenas += 1;
    }

    pub(super) fn terminar(self) -> (i64, String) {
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
