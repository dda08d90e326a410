//! Login, logout and password change, with login throttling (API.md "Login throttling",
//! DECISIONS.md "Sessions, login, cross-site").

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::sesiones;
use crate::domain::cuentas::usuarios;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::estado::AppState;
use crate::infra::db;
use crate::infra::entities::login_fallo;
use crate::infra::entities::usuario;
use crate::model::{CambioClave, Credenciales, Email, PasswordNueva};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// Failures are counted over this window.
pub const VENTANA: Duration = Duration::minutes(15);
/// Failures per e-mail within the window after which every attempt for it answers 429.
pub const MAX_FALLOS_EMAIL: u64 = 10;
/// Failures per client address within the window after which further failures answer 429.
pub const MAX_FALLOS_IP: u64 = 100;

fn clave_email(email: &str) -> String {
    format!("email:{email}")
}

fn clave_ip(ip: IpAddr) -> String {
    format!("ip:{ip}")
}

/// Seconds until the window no longer holds `max` failures for `clave`, or `None` when it
/// holds fewer.
async fn bloqueo<C: ConnectionTrait>(
    db: &C,
    clave: &str,
    max: u64,
    ahora: DateTime<Utc>,
) -> Result<Option<u64>, DbErr> {
    let desde = ahora - VENTANA;
    let fallos = login_fallo::Entity::find()
        .filter(login_fallo::Column::Clave.eq(clave))
        .filter(login_fallo::Column::En.gt(desde))
        .count(db)
        .await?;
    if fallos < max {
        return Ok(None);
    }
    // The block lifts when the max-th most recent failure leaves the window.
    let umbral = login_fallo::Entity::find()
        .filter(login_fallo::Column::Clave.eq(clave))
        .filter(login_fallo::Column::En.gt(desde))
        .order_by_desc(login_fallo::Column::En)
        .offset(max - 1)
        .one(db)
        .await?;
    let libre = umbral.map_or(ahora + VENTANA, |f| f.en + VENTANA);
    Ok(Some((libre - ahora).num_seconds().max(1) as u64))
}

async fn registrar_fallo<C: ConnectionTrait>(
    db: &C,
    claves: &[String],
    ahora: DateTime<Utc>,
) -> Result<(), DbErr> {
    let filas = claves.iter().map(|c| login_fallo::ActiveModel {
        clave: Set(c.clone()),
        en: Set(ahora.trunc_subsecs(6)),
        ..Default::default()
    });
    login_fallo::Entity::insert_many(filas).exec(db).await?;
    // Old rows are useless: keep the table small.
    login_fallo::Entity::delete_many()
        .filter(login_fallo::Column::En.lt(ahora - VENTANA * 2))
        .exec(db)
        .await?;
    Ok(())
}

/// A successful login: the user and the secret for the session cookie.
pub struct Ingreso {
    pub actor: Actor,
    pub secreto: String,
}

/// Checks e-mail and password and opens a new session (the session id is always new, so a
/// session fixed before login is worthless; `sesion_previa` is ended).
pub async fn login(
    state: &AppState,
    credenciales: &Credenciales,
    ip: Option<IpAddr>,
    sesion_previa: Option<&str>,
) -> Result<Ingreso, DomainError> {
    let mut campos = BTreeMap::new();
    let email = match Email::parse(&credenciales.email) {
        Ok(e) => Some(e),
        Err(m) => {
            campos.insert("email".to_owned(), m.to_owned());
            None
        }
    };
    if credenciales.password.is_empty() {
        campos.insert("password".to_owned(), "Ingresá la contraseña.".to_owned());
    }
    let Some(email) = email.filter(|_| campos.is_empty()) else {
        return Err(DomainError::Invalido(campos));
    };

    let ahora = Utc::now();
    let por_email = clave_email(email.as_str());
    if let Some(segundos) = bloqueo(&state.db, &por_email, MAX_FALLOS_EMAIL, ahora).await? {
        return Err(DomainError::DemasiadosIntentos(segundos));
    }

    let usuario = usuarios::por_email(&state.db, &email).await?;
    let correcta = state
        .hasher
        .verify(
            &credenciales.password,
            usuario.as_ref().map(|u| u.password_hash.as_str()),
        )
        .await?;
    let usuario = match usuario {
        Some(u) if correcta && u.activo => u,
        _ => {
            // The address limit counts failures before this one: the 101st answers 429.
            let bloqueada = match ip {
                Some(ip) => bloqueo(&state.db, &clave_ip(ip), MAX_FALLOS_IP, ahora).await?,
                None => None,
            };
            let mut claves = vec![por_email];
            if let Some(ip) = ip {
                claves.push(clave_ip(ip));
            }
            registrar_fallo(&state.db, &claves, ahora).await?;
            if let Some(s) = bloqueada {
                return Err(DomainError::DemasiadosIntentos(s));
            }
            return Err(DomainError::CredencialesInvalidas);
        }
    };
    if usuario.password_temporal && usuario.password_vence_en.is_some_and(|v| v <= ahora) {
        return Err(DomainError::PasswordTemporalVencida);
    }

    let tx = db::begin_write(&state.db).await?;
    if let Some(previa) = sesion_previa {
        sesiones::terminar(&tx, &sesiones::hash_secreto(previa)).await?;
    }
    let secreto = sesiones::crear(&tx, &state.auth, usuario.id).await?;
    tx.commit().await?;

    let mut actor = crate::domain::acceso::actor::cargar(&state.db, usuario.id)
        .await?
        .ok_or(DomainError::CredencialesInvalidas)?;
    actor.sesion_hash = Some(sesiones::hash_secreto(&secreto));
    Ok(Ingreso { actor, secreto })
}

/// Ends the actor's session, or all of their sessions.
pub async fn logout(state: &AppState, actor: &Actor, todas: bool) -> Result<(), DomainError> {
    match (&actor.sesion_hash, todas) {
        (Some(h), false) => sesiones::terminar(&state.db, h).await?,
        _ => sesiones::terminar_todas(&state.db, actor.id()).await?,
    }
    Ok(())
}

/// Changes the actor's password (policy of DECISIONS.md) and ends their other sessions.
pub async fn cambiar_password(
    state: &AppState,
    actor: &Actor,
    cambio: &CambioClave,
) -> Result<(), DomainError> {
    let mut campos = BTreeMap::new();
    if cambio.actual.is_empty() {
        campos.insert(
            "actual".to_owned(),
            "Ingresá tu contraseña actual.".to_owned(),
        );
    }
    let nueva = match PasswordNueva::parse(&cambio.nueva, &actor.usuario.email) {
        Ok(n) => Some(n),
        Err(m) => {
            campos.insert("nueva".to_owned(), m.to_owned());
            None
        }
    };
    if !cambio.actual.is_empty() && cambio.actual == cambio.nueva {
        campos.insert(
            "nueva".to_owned(),
            "La contraseña nueva debe ser distinta de la actual.".to_owned(),
        );
    }
    let Some(nueva) = nueva.filter(|_| campos.is_empty()) else {
        return Err(DomainError::Invalido(campos));
    };
    if !state
        .hasher
        .verify(&cambio.actual, Some(&actor.usuario.password_hash))
        .await?
    {
        return Err(DomainError::PasswordActualIncorrecta);
    }
    let hash = state.hasher.hash(nueva.as_str()).await?;

    let tx = db::begin_write(&state.db).await?;
    let Some(u) = usuario::Entity::find_by_id(actor.id()).one(&tx).await? else {
        return Err(DomainError::NoAutenticado);
    };
    let era_temporal = u.password_temporal;
    let mut activo = u.into_active_model();
    activo.password_hash = Set(hash);
    activo.password_temporal = Set(false);
    activo.password_vence_en = Set(None);
    activo.actualizado_en = Set(Utc::now().trunc_subsecs(6));
    activo.update(&tx).await?;
    match &actor.sesion_hash {
        Some(h) => sesiones::terminar_otras(&tx, actor.id(), h).await?,
        None => sesiones::terminar_todas(&tx, actor.id()).await?,
    }
    eventos::registrar(
        &tx,
        NuevoEvento {
            entidad: "usuario",
            entidad_id: actor.id(),
            tipo: "PASSWORD_CAMBIADA",
            actor_id: Some(actor.id()),
            unidad_id: actor.usuario.unidad_id,
            datos: json!({ "era_temporal": era_temporal }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The gate every authenticated call passes first: a session is required, and while the
/// password is temporary only the calls that change it (or end the session) may proceed.
pub fn exigir_actor(actor: Option<&Actor>, permite_temporal: bool) -> Result<&Actor, DomainError> {
    let actor = actor.ok_or(DomainError::NoAutenticado)?;
    if actor.debe_cambiar_password() && !permite_temporal {
        return Err(DomainError::CambioClaveRequerido);
    }
    Ok(actor)
}
