//! Expediente numbers (DOMAIN.md "Number", DECISIONS.md "Numbering"): one counter row per
//! (ecosistema, año) bumped with `UPDATE … RETURNING` in the creating transaction, so numbers
//! are unique and gap-free under concurrent creation; never `MAX()+1`, never a sequence.

use crate::infra::entities::numerador;
use chrono::{Datelike, Utc};
use chrono_tz::America::Argentina::Rio_Gallegos;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, Set};

/// The ecosystem of this installation's numbers (the provincial GDE style).
pub const ECOSISTEMA: &str = "SANTACRUZ";

/// The province's current year (the sequence restarts every 1 January, local time).
pub fn anio_provincial() -> i32 {
    Utc::now().with_timezone(&Rio_Gallegos).year()
}

/// `EX-2026-00000042- -SANTACRUZ-MSA`.
pub fn formatear(anio: i32, seq: i64, ecosistema: &str, organismo: &str) -> String {
    format!("EX-{anio}-{seq:08}- -{ecosistema}-{organismo}")
}

/// The form numbers are compared in: upper case, no spaces, no leading zeros in any all-digit
/// part. `ex-2026-42--santacruz-msa` and `EX-2026-00000042- -SANTACRUZ-MSA` are the same.
pub fn normalizar(numero: &str) -> String {
    let sin_espacios: String = numero
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    sin_espacios
        .split('-')
        .map(|parte| {
            if !parte.is_empty() && parte.chars().all(|c| c.is_ascii_digit()) {
                let t = parte.trim_start_matches('0');
                if t.is_empty() { "0" } else { t }.to_owned()
            } else {
                parte.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// True when a hand-typed number has this installation's automatic shape (it would collide
/// with a future automatic number), so registering it is refused (DECISIONS.md).
pub fn es_automatico(numero: &str, ecosistema: &str) -> bool {
    let n = normalizar(numero);
    let partes: Vec<&str> = n.split('-').collect();
    partes.len() >= 6
        && partes[0] == "EX"
        && partes[1].len() == 4
        && partes[1].chars().all(|c| c.is_ascii_digit())
        && partes[2].chars().all(|c| c.is_ascii_digit())
        && partes[3].is_empty()
        && partes[4] == ecosistema
}

/// The next number of the (ecosistema, año) sequence, inside the caller's transaction. The
/// counter row is created first if missing (`ON CONFLICT DO NOTHING`, so two first numbers of
/// a year cannot both insert it), then bumped with `UPDATE … RETURNING`, which holds its row
/// lock until the transaction ends: a rollback gives the number back, leaving no gap.
pub async fn siguiente(
    tx: &DatabaseTransaction,
    ecosistema: &str,
    anio: i32,
) -> Result<i64, DbErr> {
    numerador::Entity::insert(numerador::ActiveModel {
        ecosistema: Set(ecosistema.to_owned()),
        anio: Set(anio),
        ultimo: Set(0),
    })
    .on_conflict(
        OnConflict::columns([numerador::Column::Ecosistema, numerador::Column::Anio])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    let subir = Query::update()
        .table(numerador::Entity)
        .value(
            numerador::Column::Ultimo,
            Expr::col(numerador::Column::Ultimo).add(1),
        )
        .and_where(numerador::Column::Ecosistema.eq(ecosistema))
        .and_where(numerador::Column::Anio.eq(anio))
        .returning(Query::returning().column(numerador::Column::Ultimo))
        .to_owned();
    tx.query_one(&subir)
        .await?
        .ok_or_else(|| DbErr::Custom("numerador sin fila".into()))?
        .try_get::<i64>("", "ultimo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formato_gde() {
        assert_eq!(
            formatear(2026, 42, "SANTACRUZ", "MSA"),
            "EX-2026-00000042- -SANTACRUZ-MSA"
        );
    }

    #[test]
    fn la_busqueda_ignora_mayusculas_espacios_y_ceros() {
        let a = normalizar("EX-2026-00000042- -SANTACRUZ-MSA");
        assert_eq!(a, "EX-2026-42--SANTACRUZ-MSA");
        assert_eq!(normalizar("ex-2026-42--santacruz-msa"), a);
        assert_eq!(normalizar(" EX - 2026 - 042 - - SANTACRUZ - MSA "), a);
    }

    #[test]
    fn un_numero_con_forma_automatica_no_se_registra_a_mano() {
        assert!(es_automatico(
            "EX-2026-00000001- -SANTACRUZ-MSA",
            "SANTACRUZ"
        ));
        assert!(!es_automatico("EXP-123/2019", "SANTACRUZ"));
        assert!(!es_automatico("EX-2019-00000001- -OTRA-MSA", "SANTACRUZ"));
    }
}

/// Properties of number normalisation over any input (issue #14): total, idempotent, and blind
/// to case, spacing and the zeros that pad any all-digit part.
#[cfg(test)]
mod propiedades {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn normalizar_es_total_e_idempotente(s in "\\PC{0,80}") {
            let n = normalizar(&s);
            prop_assert_eq!(normalizar(&n), n.clone());
            prop_assert!(!n.chars().any(char::is_whitespace));
        }

        #[test]
        fn un_numero_se_encuentra_escrito_de_cualquier_modo(
            anio in 1900i32..2100,
            seq in 0i64..100_000_000,
            organismo in "[A-Z0-9]{2,12}",
            ceros in 0usize..4,
            minusculas: bool,
            espacios in prop::collection::vec(0usize..40, 0..4),
        ) {
            let canonico = formatear(anio, seq, ECOSISTEMA, &organismo);
            let mut escrito = format!("EX-{anio}-{}{seq}- -{ECOSISTEMA}-{organismo}", "0".repeat(ceros));
            if minusculas {
                escrito = escrito.to_lowercase();
            }
            for e in espacios {
                let i = e.min(escrito.len());
                if escrito.is_char_boundary(i) {
                    escrito.insert(i, ' ');
                }
            }
            prop_assert_eq!(normalizar(&escrito), normalizar(&canonico));
            prop_assert!(es_automatico(&escrito, ECOSISTEMA));
        }
    }
}
