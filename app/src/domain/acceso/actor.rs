//! The user acting on a request: who they are, their perfil, their access list and, for an
//! oficina, the mesa it acts for. Read on every request, so changes take effect at once.

use crate::infra::entities::{unidad, usuario, usuario_acceso};
use crate::model::Perfil;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

/// The user acting on a request, as read on every request (so changes take effect at once).
#[derive(Debug, Clone)]
pub struct Actor {
    pub usuario: usuario::Model,
    pub perfil: Perfil,
    pub acceso: Vec<i64>,
    /// For a user of an oficina: the mesa it depends on (where they start expedientes).
    pub mesa_de_su_unidad: Option<i64>,
    /// The session the request came with (absent when a personal API token is used).
    pub sesion_hash: Option<String>,
}

impl Actor {
    pub fn id(&self) -> i64 {
        self.usuario.id
    }

    pub fn debe_cambiar_password(&self) -> bool {
        self.usuario.password_temporal
    }
}

/// Loads a user with their perfil and access list.
pub async fn cargar<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<Actor>, DbErr> {
    let Some(u) = usuario::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let perfil = u
        .perfil
        .parse::<Perfil>()
        .map_err(|e| DbErr::Custom(format!("usuario {id}: {e}")))?;
    let acceso = usuario_acceso::Entity::find()
        .select_only()
        .column(usuario_acceso::Column::OrganismoId)
        .filter(usuario_acceso::Column::UsuarioId.eq(id))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let mesa_de_su_unidad = match u.unidad_id {
        Some(uid) => unidad::Entity::find_by_id(uid)
            .one(db)
            .await?
            .and_then(|x| x.mesa_id),
        None => None,
    };
    Ok(Some(Actor {
        usuario: u,
        perfil,
        acceso,
        mesa_de_su_unidad,
        sesion_hash: None,
    }))
}
