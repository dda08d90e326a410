//! Listas de difusión: the named sets of destinations a mesa keeps for its escritos
//! (DOMAIN.md). The users of the mesa see them; who may emit from it keeps them. A list is
//! expanded into its destinations when an escrito is written, so an escrito records the
//! unidades it went to, whatever becomes of the list.

use super::puede_emitir;
use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::infra::db;
use crate::infra::entities::{lista_difusion, lista_difusion_destino, organismo, unidad};
use crate::model::{DestinoEscrito, ListaDifusion, texto_requerido};
use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

async fn con_destinos<C: ConnectionTrait>(
    db: &C,
    listas: Vec<lista_difusion::Model>,
) -> Result<Vec<ListaDifusion>, DomainError> {
    let ids: Vec<i64> = listas.iter().map(|l| l.id).collect();
    let destinos = if ids.is_empty() {
        Vec::new()
    } else {
        lista_difusion_destino::Entity::find()
            .filter(lista_difusion_destino::Column::ListaId.is_in(ids))
            .order_by_asc(lista_difusion_destino::Column::Id)
            .all(db)
            .await?
    };
    Ok(listas
        .into_iter()
        .map(|l| ListaDifusion {
            id: l.id,
            destinos: destinos
                .iter()
                .filter(|d| d.lista_id == l.id)
                .map(|d| DestinoEscrito {
                    unidad_id: d.unidad_id,
                    organismo_id: d.organismo_id,
                })
                .collect(),
            nombre: l.nombre,
        })
        .collect())
}

/// The lists of the user's own unidad, by name (none for a user without unidad).
pub async fn de_mi_unidad(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<ListaDifusion>, DomainError> {
    let Some(u) = actor.usuario.unidad_id else {
        return Ok(Vec::new());
    };
    let listas = lista_difusion::Entity::find()
        .filter(lista_difusion::Column::UnidadId.eq(u))
        .order_by_asc(lista_difusion::Column::Nombre)
        .all(db)
        .await?;
    con_destinos(db, listas).await
}

/// The unidad whose lists the actor keeps: its own, when it may emit from it.
fn su_mesa(actor: &Actor) -> Result<i64, DomainError> {
    puede_emitir(actor)?;
    actor.usuario.unidad_id.ok_or(DomainError::NoPermitido)
}

/// Saves a list for the actor's mesa: a name (2–100 characters, unique in the mesa) and at
/// least one active unidad or organismo.
pub async fn crear(
    db: &DatabaseConnection,
    actor: &Actor,
    nombre: &str,
    destinos: &[DestinoEscrito],
) -> Result<ListaDifusion, DomainError> {
    let mesa = su_mesa(actor)?;
    let tx = db::begin_write(db).await?;
    let nombre = texto_requerido(nombre, 100, "Poné un nombre a la lista.")
        .map_err(|m| DomainError::campo("nombre", &m))?;
    if nombre.chars().count() < 2 {
        return Err(DomainError::campo(
            "nombre",
            "El nombre necesita al menos 2 caracteres.",
        ));
    }
    let existe = lista_difusion::Entity::find()
        .filter(lista_difusion::Column::UnidadId.eq(mesa))
        .filter(lista_difusion::Column::Nombre.eq(nombre.clone()))
        .one(&*tx)
        .await?;
    if existe.is_some() {
        return Err(DomainError::campo(
            "nombre",
            "Tu unidad ya tiene una lista con ese nombre.",
        ));
    }
    if destinos.is_empty() {
        return Err(DomainError::campo(
            "destinos",
            "Elegí al menos un destino para la lista.",
        ));
    }
    for d in destinos {
        let activo = match (d.unidad_id, d.organismo_id) {
            (Some(u), None) => unidad::Entity::find_by_id(u)
                .one(&*tx)
                .await?
                .is_some_and(|x| x.activo),
            (None, Some(o)) => organismo::Entity::find_by_id(o)
                .one(&*tx)
                .await?
                .is_some_and(|x| x.activo),
            _ => false,
        };
        if !activo {
            return Err(DomainError::campo(
                "destinos",
                "Uno de los destinos no existe o no está activo.",
            ));
        }
    }
    let lista = lista_difusion::ActiveModel {
        id: sea_orm::NotSet,
        unidad_id: Set(mesa),
        nombre: Set(nombre),
        creada_por: Set(actor.id()),
        creada_en: Set(Utc::now().trunc_subsecs(6)),
    }
    .insert(&*tx)
    .await?;
    let filas: Vec<lista_difusion_destino::ActiveModel> = destinos
        .iter()
        .map(|d| lista_difusion_destino::ActiveModel {
            id: sea_orm::NotSet,
            lista_id: Set(lista.id),
            unidad_id: Set(d.unidad_id),
            organismo_id: Set(d.organismo_id),
        })
        .collect();
    lista_difusion_destino::Entity::insert_many(filas)
        .exec_without_returning(&*tx)
        .await?;
    let creada = con_destinos(&*tx, vec![lista]).await?;
    tx.commit().await?;
    creada
        .into_iter()
        .next()
        .ok_or_else(|| DomainError::Interno("the new list is missing".into()))
}

/// Deletes one of the actor's mesa's lists (the escritos sent with it keep their receipts).
pub async fn eliminar(db: &DatabaseConnection, actor: &Actor, id: i64) -> Result<(), DomainError> {
    let mesa = su_mesa(actor)?;
    let tx = db::begin_write(db).await?;
    lista_difusion::Entity::find_by_id(id)
        .filter(lista_difusion::Column::UnidadId.eq(mesa))
        .one(&*tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    lista_difusion_destino::Entity::delete_many()
        .filter(lista_difusion_destino::Column::ListaId.eq(id))
        .exec(&*tx)
        .await?;
    lista_difusion::Entity::delete_by_id(id).exec(&*tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The destinations of the lists `ids` of the actor's own unidad; another unidad's list, or an
/// unknown one, is a field error on `listas`.
pub async fn expandir(
    db: &DatabaseConnection,
    actor: &Actor,
    ids: &[i64],
) -> Result<Vec<DestinoEscrito>, DomainError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mias = de_mi_unidad(db, actor).await?;
    let mut destinos = Vec::new();
    for id in ids {
        let lista = mias.iter().find(|l| l.id == *id).ok_or_else(|| {
            DomainError::campo("listas", "Esa lista de difusión no es de tu unidad.")
        })?;
        destinos.extend(lista.destinos.iter().cloned());
    }
    Ok(destinos)
}
