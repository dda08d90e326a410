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

/// The condition that every word of `palabras` (as [`migrations::busqueda::palabras`] gives
/// them) is in `expediente.texto_busqueda`, in any order, read through the full-text index of
/// each backend (migration `m20261203_000010_busqueda`): an FTS5 match on SQLite, a `tsvector`
/// match on PostgreSQL. `None` when there are no words.
pub fn palabras_en_expediente(backend: DbBackend, palabras: &[String]) -> Option<SimpleExpr> {
    if palabras.is_empty() {
        return None;
    }
    // The words hold only ASCII letters and digits: nothing in them is syntax to either query
    // language. (sea-query numbers PostgreSQL's placeholders, `$1`; SQLite's are `?`.)
    let prefijo = |p: &String| p.chars().count() >= MIN_LETRAS_PREFIJO;
    Some(match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            "to_tsvector('simple', \"expediente\".\"texto_busqueda\") @@ to_tsquery('simple', $1)",
            [palabras
                .iter()
                .map(|p| {
                    if prefijo(p) {
                        format!("{p}:*")
                    } else {
                        p.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" & ")],
        ),
        _ => Expr::cust_with_values(
            "\"expediente\".\"id\" IN (SELECT rowid FROM expediente_fts WHERE expediente_fts MATCH ?)",
            [palabras
                .iter()
                .map(|p| {
                    if prefijo(p) {
                        format!("{p}*")
                    } else {
                        p.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")],
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
