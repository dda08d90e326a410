//! `sigexp verify`: every chain recomputed and every checkpoint checked.

use super::eventos::{HASH_INICIAL, calcular_hash};
use super::puntos_de_control::{ClaveFirma, Resumen};
use crate::infra::entities::evento;
use crate::infra::entities::evento_cabeza;
use crate::infra::entities::punto_control;
use sea_orm::DbErr;

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

/// Compares the signature log kept outside the database with the checkpoints in it: every
/// line must be signed with the key and, unless it covers events the database does not have
/// (a copy taken before it was signed), be in the database as it was written. Deleting the
/// newest checkpoints (to hide a chain rewritten after them) leaves lines the database lacks.
pub async fn comparar_bitacora(
    db: &sea_orm::DatabaseConnection,
    bitacora: &str,
    clave: &ClaveFirma,
) -> Result<Vec<Rotura>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QuerySelect};
    let ultimo_evento: i64 = evento::Entity::find()
        .select_only()
        .column_as(evento::Column::Id.max(), "m")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0);
    let en_la_base: std::collections::HashMap<i64, punto_control::Model> =
        punto_control::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let mut roturas = Vec::new();
    for (n, linea) in bitacora.lines().enumerate() {
        if linea.trim().is_empty() {
            continue;
        }
        let rotura = |entidad_id, motivo| Rotura {
            entidad: "bitacora".into(),
            entidad_id,
            seq: 0,
            motivo,
        };
        let Some(p) = super::puntos_de_control::leer_linea_de_bitacora(linea) else {
            roturas.push(rotura(
                n as i64 + 1,
                "la línea de la bitácora no se puede leer",
            ));
            continue;
        };
        if clave.firmar(&p) != p.firma {
            roturas.push(rotura(
                p.id,
                "la firma de la bitácora no es válida con esta clave",
            ));
        } else if p.hasta_evento_id <= ultimo_evento && en_la_base.get(&p.id) != Some(&p) {
            roturas.push(rotura(
                p.id,
                "el punto de control de la bitácora falta en la base o fue cambiado",
            ));
        }
    }
    Ok(roturas)
}

/// The events no checkpoint covers yet: the time of the oldest of them and of the newest event
/// of the log (`None` when every event is covered).
pub async fn sin_firmar(
    db: &sea_orm::DatabaseConnection,
) -> Result<Option<(DateTimeUtc, DateTimeUtc)>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let corte: Option<i64> = punto_control::Entity::find()
        .select_only()
        .column_as(punto_control::Column::HastaEventoId.max(), "m")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let primero: Option<DateTimeUtc> = evento::Entity::find()
        .select_only()
        .column_as(evento::Column::En.min(), "m")
        .filter(evento::Column::Id.gt(corte.unwrap_or(i64::MIN)))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let Some(primero) = primero else {
        return Ok(None);
    };
    let ultimo: Option<DateTimeUtc> = evento::Entity::find()
        .select_only()
        .column_as(evento::Column::En.max(), "m")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    Ok(Some((primero, ultimo.unwrap_or(primero))))
}

/// Whether events have gone unsigned too long: the periodic signer covers every event within
/// one interval, so an event left uncovered while the log went on for more than two intervals
/// after it means checkpoints were deleted or the signer stopped. Measured against the log's
/// own newest event, not the clock: a quiet installation, or a copy verified days later, is
/// not an alarm.
pub fn firma_atrasada(
    sin_firmar: Option<(DateTimeUtc, DateTimeUtc)>,
    intervalo: chrono::Duration,
) -> bool {
    sin_firmar.is_some_and(|(primero, ultimo)| ultimo - primero > intervalo * 2)
}

type DateTimeUtc = chrono::DateTime<chrono::Utc>;

#[cfg(test)]
mod tests {
    use super::firma_atrasada;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn la_firma_esta_atrasada_si_el_registro_siguio_dos_intervalos_sin_ella() {
        let t = |minutos: i64| {
            Utc.timestamp_opt(1_764_000_000, 0)
                .single()
                .expect("a time")
                + Duration::minutes(minutos)
        };
        let hora = Duration::minutes(60);
        assert!(!firma_atrasada(None, hora), "everything signed");
        assert!(!firma_atrasada(Some((t(0), t(0))), hora), "one fresh event");
        assert!(
            !firma_atrasada(Some((t(0), t(120))), hora),
            "two intervals exactly"
        );
        assert!(firma_atrasada(Some((t(0), t(121))), hora), "more than two");
    }
}
