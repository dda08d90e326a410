//! *Seguimiento* (DOMAIN.md, "Queries and registry"): a user follows expedientes they may see
//! and their list tells which changed since they last opened each one. "Changed" is the
//! expediente's `actualizado_en` (bumped by every edit, pase, document and archive) past the
//! value the user's last visit read; anotaciones do not count, as each viewer sees other notes.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::expedientes::{self, paso_por};
use crate::infra::db;
use crate::infra::entities::{expediente, seguimiento};
use crate::model::{ConsultaLista, Lista, Seguimiento, rfc3339};
use chrono::{SubsecRound, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// How many expedientes one user may follow: a watch list, not a copy of the registry.
pub const MAXIMO: u64 = 1000;

fn a_dto(e: &expediente::Model, s: &seguimiento::Model) -> Seguimiento {
    Seguimiento {
        expediente_id: e.id,
        expediente: expedientes::a_dto(e),
        seguido_desde: rfc3339(s.creado_en),
        cambio_desde_ultima_vista: e.actualizado_en > s.visto_actualizado_en,
    }
}

/// Follows expediente `id` (404 when the actor may not see it). Following it again changes
/// nothing: the answer is the same item. Visibility, the limit and the insert are one write
/// transaction (on SQLite the write turn orders two at once; on PostgreSQL two follows of
/// different expedientes at the same instant may pass the limit by one, a soft cap).
pub async fn seguir(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Seguimiento, DomainError> {
    use sea_orm::PaginatorTrait;
    let tx = db::begin_write(db).await?;
    let (e, _) = expedientes::visible(&tx, actor, id).await?;
    let propio = seguimiento::Entity::find_by_id((actor.id(), id));
    if propio.clone().one(&tx).await?.is_none() {
        let cuantos = seguimiento::Entity::find()
            .filter(seguimiento::Column::UsuarioId.eq(actor.id()))
            .count(&tx)
            .await?;
        if cuantos >= MAXIMO {
            return Err(DomainError::campo(
                "expediente_id",
                &format!(
                    "Ya seguís {MAXIMO} expedientes, el máximo: dejá de seguir alguno para seguir otro."
                ),
            ));
        }
        // A second follow of the same expediente at the same moment inserts nothing.
        seguimiento::Entity::insert(seguimiento::ActiveModel {
            usuario_id: Set(actor.id()),
            expediente_id: Set(id),
            creado_en: Set(Utc::now().trunc_subsecs(6)),
            visto_actualizado_en: Set(e.actualizado_en),
        })
        .on_conflict(
            OnConflict::columns([
                seguimiento::Column::UsuarioId,
                seguimiento::Column::ExpedienteId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&tx)
        .await?;
    }
    let s = propio.one(&tx).await?.ok_or(DomainError::NoEncontrado)?;
    tx.commit().await?;
    Ok(a_dto(&e, &s))
}

/// Stops following expediente `id` (404 when the actor may not see it; nothing to undo when
/// it was not followed).
pub async fn dejar(db: &DatabaseConnection, actor: &Actor, id: i64) -> Result<(), DomainError> {
    expedientes::visible(db, actor, id).await?;
    seguimiento::Entity::delete_many()
        .filter(seguimiento::Column::UsuarioId.eq(actor.id()))
        .filter(seguimiento::Column::ExpedienteId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The expedientes the actor follows and may still see, the last changed first.
pub async fn listar(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaLista,
) -> Result<Lista<Seguimiento>, DomainError> {
    use sea_orm::QueryOrder;
    let mut select = expediente::Entity::find().filter(
        expediente::Column::Id.in_subquery(
            Query::select()
                .column(seguimiento::Column::ExpedienteId)
                .from(seguimiento::Entity)
                .and_where(seguimiento::Column::UsuarioId.eq(actor.id()))
                .to_owned(),
        ),
    );
    if let Some(orgs) = authz::organismos_visibles(actor) {
        select = select.filter(paso_por(orgs));
    }
    let pagina = crate::infra::sql::paginar(
        db,
        select
            .order_by_desc(expediente::Column::ActualizadoEn)
            .order_by_desc(expediente::Column::Id),
        consulta,
        |e| e,
    )
    .await?;
    let filas = seguimiento::Entity::find()
        .filter(seguimiento::Column::UsuarioId.eq(actor.id()))
        .filter(seguimiento::Column::ExpedienteId.is_in(pagina.items.iter().map(|e| e.id)))
        .all(db)
        .await?;
    let items = pagina
        .items
        .iter()
        .filter_map(|e| {
            filas
                .iter()
                .find(|s| s.expediente_id == e.id)
                .map(|s| a_dto(e, s))
        })
        .collect();
    Ok(Lista {
        items,
        total: pagina.total,
        page: pagina.page,
        per_page: pagina.per_page,
    })
}

/// A visit: when the actor follows `e`, what they see now is what the next "changed" compares
/// against. True when they follow it. The caller has checked that the actor may see it. Only a
/// follower's visit to a changed expediente writes (a read stays a read for everyone else).
pub async fn visita<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    e: &expediente::Model,
) -> Result<bool, DomainError> {
    let Some(s) = seguimiento::Entity::find_by_id((actor.id(), e.id))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    if s.visto_actualizado_en != e.actualizado_en {
        seguimiento::Entity::update_many()
            .col_expr(
                seguimiento::Column::VistoActualizadoEn,
                sea_orm::sea_query::Expr::value(e.actualizado_en),
            )
            .filter(seguimiento::Column::UsuarioId.eq(actor.id()))
            .filter(seguimiento::Column::ExpedienteId.eq(e.id))
            .exec(db)
            .await?;
    }
    Ok(true)
}
