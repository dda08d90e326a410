//! Días hábiles (DECISIONS.md): the province's calendar days that are neither a Saturday, a
//! Sunday nor a feriado an administrator keeps.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::{Accion, Recurso};
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::feriado;
use crate::model::{Feriado, texto_requerido};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::America::Argentina::Rio_Gallegos;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QueryOrder, Set};
use serde_json::json;
use std::collections::BTreeSet;

/// The threshold of a tipo de trámite without its own: past it an expediente is *demorado*.
pub const PLAZO_PREDETERMINADO: i64 = 10;

/// Every feriado kept.
pub async fn feriados(db: &DatabaseConnection) -> Result<BTreeSet<NaiveDate>, DomainError> {
    Ok(feriado::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|f| NaiveDate::parse_from_str(&f.fecha, "%Y-%m-%d").ok())
        .collect())
}

/// Every feriado kept, by date.
pub async fn listar(db: &DatabaseConnection) -> Result<Vec<Feriado>, DomainError> {
    Ok(feriado::Entity::find()
        .order_by_asc(feriado::Column::Fecha)
        .all(db)
        .await?
        .into_iter()
        .map(|f| Feriado {
            fecha: f.fecha,
            nombre: f.nombre,
        })
        .collect())
}

/// A date as the API and the forms take it, `aaaa-mm-dd`, in the years 1900–9999 (422 on
/// `campo` otherwise): a far date (`+262142-12-31`) would overflow the calendar when a day is
/// added, and no expediente lives there.
pub fn fecha_valida(fecha: &str, campo: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(fecha.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=9999).contains(&d.year()))
        .ok_or_else(|| DomainError::campo(campo, "Usá una fecha aaaa-mm-dd entre 1900 y 9999."))
}

/// Midnight in the province at the start of `d`.
pub fn medianoche(d: NaiveDate) -> DateTime<Utc> {
    Rio_Gallegos
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .earliest()
        .map_or_else(
            || d.and_time(NaiveTime::MIN).and_utc(),
            |l| l.with_timezone(&Utc),
        )
}

/// Today in the province.
pub fn hoy() -> NaiveDate {
    Utc::now().with_timezone(&Rio_Gallegos).date_naive()
}

/// The audit trail's id of a feriado: its date as `aaaammdd`.
fn id_de(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// Adds a feriado (ADMINISTRADOR only; 409 `duplicate_date` when that day already is one).
pub async fn agregar(
    db: &DatabaseConnection,
    actor: &Actor,
    nuevo: &Feriado,
) -> Result<Feriado, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let dia = fecha_valida(&nuevo.fecha, "fecha")?;
    let nombre = texto_requerido(&nuevo.nombre, 200, "Ingresá el nombre del feriado.")
        .map_err(|m| DomainError::campo("nombre", &m))?;
    let fecha = dia.format("%Y-%m-%d").to_string();
    let tx = db::begin_write(db).await?;
    if feriado::Entity::find_by_id(fecha.clone())
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(DomainError::conflicto_con(
            "duplicate_date",
            "Ese día ya es feriado.",
        ));
    }
    feriado::ActiveModel {
        fecha: Set(fecha.clone()),
        nombre: Set(nombre.clone()),
    }
    .insert(&tx)
    .await?;
    let dto = Feriado { fecha, nombre };
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(
            actor,
            "feriado",
            id_de(dia),
            "FERIADO_AGREGADO",
            json!({ "despues": dto }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(dto)
}

/// Removes the feriado of `fecha` (404 when there is none, then 403 for a non-administrator).
pub async fn quitar(
    db: &DatabaseConnection,
    actor: &Actor,
    fecha: &str,
) -> Result<(), DomainError> {
    let dia = fecha_valida(fecha, "fecha").map_err(|_| DomainError::NoEncontrado)?;
    let fecha = dia.format("%Y-%m-%d").to_string();
    let tx = db::begin_write(db).await?;
    let f = feriado::Entity::find_by_id(fecha)
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let antes = Feriado {
        fecha: f.fecha.clone(),
        nombre: f.nombre.clone(),
    };
    feriado::Entity::delete_by_id(f.fecha).exec(&tx).await?;
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(
            actor,
            "feriado",
            id_de(dia),
            "FERIADO_QUITADO",
            json!({ "antes": antes }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Días hábiles from `desde` to `hasta`, by the province's calendar: the working days after the
/// day of `desde`, up to and including the day of `hasta` (arriving on a Monday and looking on
/// Tuesday is one día hábil). Zero when `hasta` is not later.
pub fn dias_habiles(
    desde: DateTime<Utc>,
    hasta: DateTime<Utc>,
    feriados: &BTreeSet<NaiveDate>,
) -> i64 {
    let inicio = desde.with_timezone(&Rio_Gallegos).date_naive();
    let fin = hasta.with_timezone(&Rio_Gallegos).date_naive();
    inicio
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= fin)
        .filter(|d| es_habil(*d, feriados))
        .count() as i64
}

/// The earliest arrival that is not late at `t` for a threshold of `plazo` días hábiles: an
/// expediente that arrived before it has been held more than `plazo` días hábiles by `t`
/// (`dias_habiles(desde, t) > plazo` exactly when `desde < corte`).
pub fn corte(t: DateTime<Utc>, plazo: i64, feriados: &BTreeSet<NaiveDate>) -> DateTime<Utc> {
    let mut dia = t.with_timezone(&Rio_Gallegos).date_naive();
    let mut habiles = 0;
    // A threshold is a few weeks; the bound only keeps a mistaken one from looping for ever.
    for _ in 0..20_000 {
        if es_habil(dia, feriados) {
            habiles += 1;
            if habiles > plazo {
                return medianoche(dia);
            }
        }
        match dia.pred_opt() {
            Some(d) => dia = d,
            None => break,
        }
    }
    medianoche(dia)
}

/// Neither a Saturday, a Sunday nor a feriado.
fn es_habil(d: NaiveDate, feriados: &BTreeSet<NaiveDate>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !feriados.contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn local(a: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Rio_Gallegos
            .with_ymd_and_hms(a, m, d, h, 0, 0)
            .single()
            .expect("fecha")
            .with_timezone(&Utc)
    }

    #[test]
    fn cuenta_los_dias_de_semana_que_no_son_feriado() {
        let nada = BTreeSet::new();
        // Monday 2026-11-30 to Tuesday: one.
        assert_eq!(
            dias_habiles(local(2026, 11, 30, 9), local(2026, 12, 1, 8), &nada),
            1
        );
        // Friday to Monday: the weekend does not count.
        assert_eq!(
            dias_habiles(local(2026, 12, 4, 9), local(2026, 12, 7, 9), &nada),
            1
        );
        // Two whole weeks: ten.
        assert_eq!(
            dias_habiles(local(2026, 11, 30, 9), local(2026, 12, 14, 9), &nada),
            10
        );
        let feriados = BTreeSet::from([NaiveDate::from_ymd_opt(2026, 12, 8).expect("fecha")]);
        assert_eq!(
            dias_habiles(local(2026, 12, 7, 9), local(2026, 12, 9, 9), &feriados),
            1
        );
        // The same day, or backwards: zero.
        assert_eq!(
            dias_habiles(local(2026, 12, 7, 9), local(2026, 12, 7, 18), &nada),
            0
        );
        assert_eq!(
            dias_habiles(local(2026, 12, 9, 9), local(2026, 12, 7, 9), &nada),
            0
        );
    }

    #[test]
    fn el_dia_es_el_de_la_provincia() {
        // 01:00 UTC on Tuesday is still Monday in Santa Cruz (UTC−3).
        let lunes_tarde = Utc
            .with_ymd_and_hms(2026, 12, 1, 1, 0, 0)
            .single()
            .expect("fecha");
        assert_eq!(
            dias_habiles(local(2026, 11, 30, 9), lunes_tarde, &BTreeSet::new()),
            0
        );
    }

    #[test]
    fn el_corte_coincide_con_los_dias_habiles() {
        let feriados = BTreeSet::from([
            NaiveDate::from_ymd_opt(2026, 12, 8).expect("fecha"),
            NaiveDate::from_ymd_opt(2026, 12, 25).expect("fecha"),
        ]);
        let hasta = medianoche(NaiveDate::from_ymd_opt(2026, 12, 30).expect("fecha"))
            + chrono::Duration::hours(15);
        for plazo in [0, 1, 5, 10, 20] {
            let c = corte(hasta, plazo, &feriados);
            // Every hour over two months: late exactly when it arrived before the cut.
            let mut desde = medianoche(NaiveDate::from_ymd_opt(2026, 10, 25).expect("fecha"));
            while desde < hasta {
                assert_eq!(
                    dias_habiles(desde, hasta, &feriados) > plazo,
                    desde < c,
                    "plazo {plazo}, desde {desde}"
                );
                desde += chrono::Duration::hours(5);
            }
        }
    }
}
