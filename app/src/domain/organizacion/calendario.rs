//! Días hábiles (DECISIONS.md): the province's calendar days that are neither a Saturday, a
//! Sunday nor a feriado an administrator keeps.

use crate::domain::DomainError;
use crate::infra::entities::feriado;
use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use chrono_tz::America::Argentina::Rio_Gallegos;
use sea_orm::{DatabaseConnection, EntityTrait};
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
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !feriados.contains(d))
        .count() as i64
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
}
