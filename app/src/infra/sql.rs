//! SQL for every list: paging, capped counts, case-insensitive matching and the word search
//! over the full-text index.

use crate::model::{ConsultaLista, Lista};
use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr, SimpleExpr};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, Select,
};

/// Fetches one page of `select` (already filtered and ordered) and maps its rows. The total is
/// counted by a second statement only when the page is full: a page with room left ends the list,
/// so its rows tell the total (the common case of a list that fits one page costs one statement).
pub async fn paginar<E, C, T>(
    db: &C,
    select: Select<E>,
    consulta: &ConsultaLista,
    mapear: impl Fn(E::Model) -> T,
) -> Result<Lista<T>, DbErr>
where
    E: EntityTrait,
    E::Model: FromQueryResult + Send + Sync,
    C: ConnectionTrait,
{
    let (page, per_page) = consulta.pagina();
    let paginador = select.paginate(db, per_page);
    let items = paginador.fetch_page(page - 1).await?;
    let filas = items.len() as u64;
    // An empty page past the first says nothing of how many there are before it.
    let total = if filas < per_page && (filas > 0 || page == 1) {
        (page - 1).saturating_mul(per_page) + filas
    } else {
        paginador.num_items().await?
    };
    Ok(Lista {
        items: items.into_iter().map(mapear).collect(),
        total,
        page,
        per_page,
    })
}

/// How many rows `select` gives, counting no further than `tope + 1`: a count that costs at most
/// `tope` rows however many match. A result above `tope` means "more than `tope`".
pub async fn contar_hasta<E, C>(db: &C, select: Select<E>, tope: u64) -> Result<u64, DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    use sea_orm::sea_query::{Alias, Expr, Query};
    use sea_orm::{QuerySelect, QueryTrait};
    let sub = select
        .select_only()
        .expr(Expr::val(1))
        .limit(tope + 1)
        .as_query()
        .to_owned();
    let contar = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(sub, Alias::new("t"))
        .to_owned();
    Ok(db
        .query_one(&contar)
        .await?
        .map(|f| f.try_get_by_index::<i64>(0))
        .transpose()?
        .map_or(0, |n| u64::try_from(n).unwrap_or_default()))
}

/// `LOWER(col) LIKE '%texto%'`, with `%`, `_` and `\` in the text matched literally.
pub fn contiene(col: impl IntoColumnRef, texto_en_minusculas: &str) -> SimpleExpr {
    Expr::expr(Func::lower(Expr::col(col))).like(patron_contiene(texto_en_minusculas))
}

/// Words this long or longer match as the start of a word ("licit" finds "licitación");
/// shorter ones match whole words only.
pub const MIN_LETRAS_PREFIJO: usize = 3;

/// A prefix that starts at most this many words of the index is asked as those words.
pub const MAX_PALABRAS_DE_UN_PREFIJO: u64 = 16;

/// One word of a search, as the full-text index is asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Termino {
    /// A whole word (one shorter than [`MIN_LETRAS_PREFIJO`]).
    Palabra(String),
    /// Every word that starts with it.
    Prefijo(String),
    /// Any of these whole words: a prefix, expanded through the index's vocabulary into the
    /// words it starts, which is the same set of rows.
    Alguna(Vec<String>),
}

/// The terms of `palabras` (as [`migrations::busqueda::palabras`] gives them) before any look at
/// the index: a long enough word is a prefix.
pub fn terminos(palabras: &[String]) -> Vec<Termino> {
    palabras
        .iter()
        .map(|p| {
            if p.chars().count() >= MIN_LETRAS_PREFIJO {
                Termino::Prefijo(p.clone())
            } else {
                Termino::Palabra(p.clone())
            }
        })
        .collect()
}

/// On SQLite, asks the index's vocabulary (`expediente_fts_vocab`, migration
/// `m20261204_000014_vocabulario`) which words each prefix longer than the 3-letter prefix index
/// starts, and asks for those words instead: FTS5 answers a prefix it has no prefix index for by
/// merging every matching word's list of rows into a new one before it can intersect it with the
/// next word (about 18 ms for "licencia*" at a million expedientes, against 2–4 ms for the
/// word), while whole words are intersected as they are read. A prefix that starts more than
/// [`MAX_PALABRAS_DE_UN_PREFIJO`] words stays a prefix; one that starts none cannot match, and
/// is asked as the word itself, which is not in the index either. PostgreSQL's GIN index reads a
/// prefix as it is.
pub async fn expandir_prefijos<C: ConnectionTrait>(
    db: &C,
    terminos: Vec<Termino>,
) -> Result<Vec<Termino>, DbErr> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Ok(terminos);
    }
    let mut expandidos = Vec::with_capacity(terminos.len());
    for t in terminos {
        let Termino::Prefijo(p) = &t else {
            expandidos.push(t);
            continue;
        };
        if p.chars().count() <= MIN_LETRAS_PREFIJO {
            expandidos.push(t);
            continue;
        }
        // The words hold only lower-case ASCII letters and digits, all of them before `{`.
        let filas = db
            .query_all_raw(sea_orm::Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "SELECT term FROM expediente_fts_vocab WHERE term >= ? AND term < ? LIMIT ?",
                [
                    p.clone().into(),
                    format!("{p}{{").into(),
                    (MAX_PALABRAS_DE_UN_PREFIJO + 1).into(),
                ],
            ))
            .await?;
        let palabras = filas
            .iter()
            .map(|f| f.try_get_by_index::<String>(0))
            .collect::<Result<Vec<_>, _>>()?;
        expandidos.push(match palabras.len() as u64 {
            0 => Termino::Palabra(p.clone()),
            n if n > MAX_PALABRAS_DE_UN_PREFIJO => t,
            _ => Termino::Alguna(palabras),
        });
    }
    Ok(expandidos)
}

/// The condition that every term is in `expediente.texto_busqueda`, in any order, read through
/// the full-text index of each backend (migration `m20261203_000010_busqueda`): an FTS5 match on
/// SQLite, a `tsvector` match on PostgreSQL. `None` when there are no terms.
pub fn palabras_en_expediente(backend: DbBackend, terminos: &[Termino]) -> Option<SimpleExpr> {
    if terminos.is_empty() {
        return None;
    }
    // The words hold only ASCII letters and digits: nothing in them is syntax to either query
    // language (FTS5's operators are upper-case). sea-query numbers PostgreSQL's placeholders,
    // `$1`; SQLite's are `?`.
    let consulta = |prefijo: &str, o: &str, y: &str| {
        terminos
            .iter()
            .map(|t| match t {
                Termino::Palabra(p) => p.clone(),
                Termino::Prefijo(p) => format!("{p}{prefijo}"),
                Termino::Alguna(ps) => format!("({})", ps.join(o)),
            })
            .collect::<Vec<_>>()
            .join(y)
    };
    Some(match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            "to_tsvector('simple', \"expediente\".\"texto_busqueda\") @@ to_tsquery('simple', $1)",
            [consulta(":*", " | ", " & ")],
        ),
        _ => Expr::cust_with_values(
            "\"expediente\".\"id\" IN (SELECT rowid FROM expediente_fts WHERE expediente_fts MATCH ?)",
            // FTS5 takes a parenthesised group only beside an explicit AND.
            [consulta("*", " OR ", " AND ")],
        ),
    })
}

/// `%texto%` with `%`, `_` and `\` in the text matched literally.
fn patron_contiene(texto: &str) -> LikeExpr {
    let escapado = texto
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escapado}%")).escape('\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Query, SqliteQueryBuilder};

    fn texto(backend: DbBackend, terminos: &[Termino]) -> String {
        let c = palabras_en_expediente(backend, terminos).expect("a condition");
        match backend {
            DbBackend::Postgres => Query::select()
                .expr(c)
                .to_string(sea_orm::sea_query::PostgresQueryBuilder),
            _ => Query::select().expr(c).to_string(SqliteQueryBuilder),
        }
    }

    #[test]
    fn cada_termino_se_pide_al_indice_como_su_base_lo_lee() {
        let t = [
            Termino::Palabra("n".into()),
            Termino::Prefijo("licit".into()),
            Termino::Alguna(vec!["gallegos".into(), "gallo".into()]),
        ];
        assert!(
            texto(DbBackend::Sqlite, &t).contains("MATCH 'n AND licit* AND (gallegos OR gallo)'"),
            "{}",
            texto(DbBackend::Sqlite, &t)
        );
        assert!(
            texto(DbBackend::Postgres, &t)
                .contains("to_tsquery('simple', 'n & licit:* & (gallegos | gallo)')"),
            "{}",
            texto(DbBackend::Postgres, &t)
        );
        assert_eq!(palabras_en_expediente(DbBackend::Sqlite, &[]), None);
    }

    #[test]
    fn una_palabra_corta_es_entera_y_una_larga_es_prefijo() {
        assert_eq!(
            terminos(&["de".into(), "ric".into(), "licencia".into()]),
            [
                Termino::Palabra("de".into()),
                Termino::Prefijo("ric".into()),
                Termino::Prefijo("licencia".into())
            ]
        );
    }
}
