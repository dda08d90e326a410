//! Dates and times as people in the province read them: `dd/mm/aaaa hh:mm`, in Santa Cruz
//! time (UTC−3 all year; Argentina has had no daylight saving time since 2009). Computed the
//! same way on the server and in the browser, so hydration never disagrees.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

fn provincia() -> FixedOffset {
    FixedOffset::west_opt(3 * 3600).expect("UTC-3 is a valid offset")
}

/// `2026-11-25T13:00:00Z` → `25/11/2026 10:00`; anything unparsable is shown as it came.
pub fn fecha_hora(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| {
            t.with_timezone(&provincia())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_owned())
}

/// The calendar date in the province, `dd/mm/aaaa`.
pub fn fecha(t: DateTime<Utc>) -> String {
    t.with_timezone(&provincia()).format("%d/%m/%Y").to_string()
}

/// A calendar date as the API writes it, `aaaa-mm-dd`, as people read it, `dd/mm/aaaa`;
/// anything else is shown as it came.
pub fn dia(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [a, m, d] if a.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}/{a}"),
        _ => iso.to_owned(),
    }
}

/// RFC 3339 in UTC, to the second, as the API sends times.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn un_dia_se_lee_dd_mm_aaaa() {
        assert_eq!(dia("2026-06-15"), "15/06/2026");
        assert_eq!(dia("15/06/2026"), "15/06/2026");
        assert_eq!(dia(""), "");
    }

    #[test]
    fn se_muestra_en_hora_de_santa_cruz() {
        assert_eq!(fecha_hora("2026-11-25T13:05:00Z"), "25/11/2026 10:05");
        assert_eq!(fecha_hora("2026-01-01T01:00:00Z"), "31/12/2025 22:00");
        assert_eq!(fecha_hora("cualquier cosa"), "cualquier cosa");
        let t = DateTime::parse_from_rfc3339("2026-01-01T01:00:00Z").expect("fecha");
        assert_eq!(fecha(t.with_timezone(&Utc)), "31/12/2025");
    }
}
