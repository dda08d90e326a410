//! Usuarios: loading the acting user and creating accounts.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::passwords::Hasher;
use crate::domain::acceso::passwords::generar_password_temporal;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::organismo;
use crate::infra::entities::unidad;
use crate::infra::entities::usuario;
use crate::model::{Email, Me, PasswordNueva, Perfil};
use chrono::{Duration, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use serde_json::json;

/// Temporary passwords expire after this long (DECISIONS.md).
pub const VIGENCIA_TEMPORAL: Duration = Duration::hours(72);

/// What `GET /api/v1/me` answers for an actor.
pub async fn me<C: ConnectionTrait>(db: &C, actor: &Actor) -> Result<Me, DbErr> {
    let u = &actor.usuario;
    let unidad = match u.unidad_id {
        Some(id) => unidad::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let organismo = match u.organismo_id {
        Some(id) => organismo::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(Me {
        id: u.id,
        email: u.email.clone(),
        nombre: u.nombre.clone(),
        apellido: u.apellido.clone(),
        perfil: actor.perfil,
        unidad_id: u.unidad_id,
        unidad_nombre: unidad.map(|x| x.nombre),
        organismo_id: u.organismo_id,
        organismo_nombre: organismo.map(|x| x.nombre),
        acceso: actor.acceso.clone(),
        activo: u.activo,
        debe_cambiar_password: u.password_temporal,
    })
}

/// Finds a user by (normalised) e-mail.
pub async fn por_email<C: ConnectionTrait>(
    db: &C,
    email: &Email,
) -> Result<Option<usuario::Model>, DbErr> {
    usuario::Entity::find()
        .filter(usuario::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// The outcome of [`crear_administrador_inicial`].
#[derive(Debug, PartialEq, Eq)]
pub enum AdministradorInicial {
    /// The database already had users; nothing was done.
    YaExistia,
    /// Created with the password given in the environment.
    Creado { email: String },
    /// Created with a generated temporary password, to be shown once.
    CreadoTemporal { email: String, password: String },
}

/// On an empty database, creates the first ADMINISTRADOR (issue #2, DOMAIN.md "Users and
/// access"): with the given password (kept as is, not temporary, but it must pass the policy)
/// or with a generated temporary one that must be changed at first login.
pub async fn crear_administrador_inicial(
    db: &DatabaseConnection,
    hasher: &Hasher,
    email: &str,
    password: Option<&str>,
) -> Result<AdministradorInicial, DomainError> {
    let email = Email::parse(email).map_err(|m| DomainError::campo("email", m))?;
    if let Some(p) = password {
        PasswordNueva::parse(p, email.as_str()).map_err(|m| DomainError::campo("password", m))?;
    }
    if usuario::Entity::find().count(db).await? > 0 {
        return Ok(AdministradorInicial::YaExistia);
    }
    let (clave, temporal) = match password {
        Some(p) => (p.to_owned(), false),
        None => (generar_password_temporal(), true),
    };
    let hash = hasher.hash(&clave).await?;
    let ahora = Utc::now().trunc_subsecs(6);

    let tx = db::begin_write(db).await?;
    // Checked again inside the write transaction: two servers starting together create one.
    if usuario::Entity::find().count(&tx).await? > 0 {
        return Ok(AdministradorInicial::YaExistia);
    }
    let creado = usuario::ActiveModel {
        email: Set(email.as_str().to_owned()),
        nombre: Set("Administrador".to_owned()),
        apellido: Set("SIGEXP".to_owned()),
        perfil: Set(Perfil::Administrador.codigo().to_owned()),
        organismo_id: Set(None),
        unidad_id: Set(None),
        password_hash: Set(hash),
        password_temporal: Set(temporal),
        password_vence_en: Set(temporal.then_some(ahora + VIGENCIA_TEMPORAL)),
        activo: Set(true),
        creado_en: Set(ahora),
        actualizado_en: Set(ahora),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    eventos::registrar(
        &tx,
        NuevoEvento {
            entidad: "usuario",
            entidad_id: creado.id,
            tipo: "USUARIO_CREADO",
            actor_id: None,
            unidad_id: None,
            datos: json!({
                "email": creado.email,
                "perfil": creado.perfil,
                "origen": "arranque",
                "password_temporal": temporal,
            }),
        },
    )
    .await?;
    tx.commit().await?;

    let email = email.as_str().to_owned();
    Ok(if temporal {
        AdministradorInicial::CreadoTemporal {
            email,
            password: clave,
        }
    } else {
        AdministradorInicial::Creado { email }
    })
}

/// "Nombre Apellido" of each of these users (for historial and circuit readers).
pub async fn nombres(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, DomainError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(crate::infra::entities::usuario::Entity::find()
        .filter(crate::infra::entities::usuario::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} {}", u.nombre, u.apellido)))
        .collect())
}
