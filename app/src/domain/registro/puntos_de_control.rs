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

/// A checkpoint as one line of the signature log kept outside the database (`sigexp serve` and
/// `sigexp checkpoint` append one per checkpoint): every signed field, so the line can be
/// checked with the key alone, and compared with the database's rows by `sigexp verify`.
pub fn linea_de_bitacora(p: &punto_control::Model) -> String {
    format!(
        "v1 {} {} {} {} {} {} {}",
        p.id,
        p.hasta_evento_id,
        p.cadenas,
        p.resumen,
        p.creado_en.timestamp_micros(),
        p.firma_anterior,
        p.firma
    )
}

/// A line of the signature log read back, `None` when it is not one.
pub fn leer_linea_de_bitacora(linea: &str) -> Option<punto_control::Model> {
    let campos: Vec<&str> = linea.split(' ').collect();
    let ["v1", id, hasta, cadenas, resumen, micros, anterior, firma] = campos[..] else {
        return None;
    };
    Some(punto_control::Model {
        id: id.parse().ok()?,
        hasta_evento_id: hasta.parse().ok()?,
        cadenas: cadenas.parse().ok()?,
        resumen: resumen.to_owned(),
        creado_en: chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?,
        firma_anterior: anterior.to_owned(),
        firma: firma.to_owned(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn una_linea_de_la_bitacora_se_lee_como_se_escribio() {
        let p = punto_control::Model {
            id: 7,
            hasta_evento_id: 1234,
            cadenas: 12,
            resumen: "ab".repeat(32),
            firma_anterior: "00".repeat(32),
            firma: "cd".repeat(32),
            creado_en: chrono::DateTime::from_timestamp_micros(1_764_000_000_123_456)
                .expect("a date"),
        };
        let linea = linea_de_bitacora(&p);
        assert_eq!(leer_linea_de_bitacora(&linea), Some(p));
        assert_eq!(leer_linea_de_bitacora(""), None);
        assert_eq!(leer_linea_de_bitacora(&linea.replace("v1", "v2")), None);
        assert_eq!(leer_linea_de_bitacora(&format!("{linea} extra")), None);
        assert_eq!(
            leer_linea_de_bitacora(&linea.replace(" 12 ", " doce ")),
            None
        );
    }
}
