//! Paging and case-insensitive text search, applied in SQL for every list.

use crate::model::{ConsultaLista, Lista};
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr, SimpleExpr};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, Select};

/// Fetches one page of `select` (already filtered and ordered) and maps its rows.
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
    let total = paginador.num_items().await?;
    let items = paginador.fetch_page(page - 1).await?;
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

/// RFC 3339 in UTC, to the second, as the API sends times.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The words of a search text without accents, each matched with [`contiene`]; 422 on `q` when
/// the text passes the limits of [`crate::model::palabras_de_busqueda`].
pub fn palabras_sin_acentos(q: Option<&str>) -> Result<Vec<String>, super::DomainError> {
    let palabras =
        crate::model::palabras_de_busqueda(q).map_err(|m| super::DomainError::campo("q", m))?;
    Ok(palabras.into_iter().map(sin_acentos).collect())
}

/// Lower case without accents: how free text is stored for search and how queries are
/// compared, the same on SQLite and PostgreSQL.
pub fn sin_acentos(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            otro => otro,
        })
        .collect()
}
