//! Fojas: the numbering of an expediente's pages (DECISIONS.md "Documents").

use crate::domain::DomainError;
use crate::infra::entities::documento;
use crate::infra::entities::expediente;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

/// Numbers the fojas of the unsealed documents after the sealed ones, in upload order (a
/// document desglosed before sealing keeps its place as a placeholder), and records the
/// expediente's fojas. Sealed documents never move (DECISIONS.md).
pub(super) async fn foliar(
    tx: &DatabaseTransaction,
    expediente_id: i64,
) -> Result<i32, DomainError> {
    let docs = documento::Entity::find()
        .filter(documento::Column::ExpedienteId.eq(expediente_id))
        .order_by_asc(documento::Column::Id)
        .all(tx)
        .await?;
    let mut cursor = docs
        .iter()
        .filter(|d| d.sellado)
        .map(|d| d.foja_hasta)
        .max()
        .unwrap_or(0);
    for d in docs.iter().filter(|d| !d.sellado) {
        let desde = cursor.saturating_add(1);
        let hasta = cursor.saturating_add(d.paginas.max(1));
        cursor = hasta;
        if (d.foja_desde, d.foja_hasta) != (desde, hasta) {
            documento::Entity::update_many()
                .col_expr(documento::Column::FojaDesde, Expr::value(desde))
                .col_expr(documento::Column::FojaHasta, Expr::value(hasta))
                .filter(documento::Column::Id.eq(d.id))
                .exec(tx)
                .await?;
        }
    }
    expediente::Entity::update_many()
        .col_expr(expediente::Column::Fojas, Expr::value(cursor))
        .filter(expediente::Column::Id.eq(expediente_id))
        .exec(tx)
        .await?;
    Ok(cursor)
}
