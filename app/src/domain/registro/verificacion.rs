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
