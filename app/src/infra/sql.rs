//! SQL for every list: paging, capped counts and case-insensitive matching.

use crate::model::{ConsultaLista, Lista};
use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr, SimpleExpr};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, Select};

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
    let escapado = texto_en_minusculas
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Expr::expr(Func::lower(Expr::col(col)))
        .like(LikeExpr::new(format!("%{escapado}%")).escape('\\'))
}
