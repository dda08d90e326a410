//! Login, logout and password change, throttled by [`intentos`] (API.md "Login throttling",
//! DECISIONS.md "Sessions, login, cross-site").

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::REGISTRO_DE_SEGURIDAD;
use crate::domain::acceso::intentos;
use crate::domain::acceso::passwords::Hasher;
use crate::domain::acceso::sesiones;
use crate::domain::acceso::sesiones::AuthConfig;
use crate::domain::cuentas::tokens;
use crate::domain::cuentas::usuarios;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::usuario;
use crate::model::{CambioClave, Credenciales, Email, PasswordNueva};
use chrono::{SubsecRound, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// A successful login: the user and the secret for the session cookie.
pub struct Ingreso {
    pub actor: Actor,
    pub secreto: String,
}

/// Checks e-mail and password and opens a new session (the session id is always new, so a
/// session fixed before login is worthless; `sesion_previa` is ended).
pub async fn login(
    db: &DatabaseConnection,
    hasher: &Hasher,
    auth: &AuthConfig,
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

    // A deactivated account's right password answers like a wrong one.
    let usuario = usuarios::por_email(db, &email).await?.filter(|u| u.activo);
    let hash = usuario.as_ref().map(|u| u.password_hash.as_str());
    let id = usuario.as_ref().map(|u| u.id);
    let correcta =
        match intentos::verificar(db, hasher, email.as_str(), ip, &credenciales.password, hash)
            .await
        {
            Ok(c) => c,
            Err(e) => {
                if matches!(e, DomainError::DemasiadosIntentos(_)) {
                    ingreso_rechazado(id, ip, "demasiados_intentos");
                }
                return Err(e);
            }
        };
    let Some(usuario) = usuario.filter(|_| correcta) else {
        ingreso_rechazado(id, ip, "credenciales_invalidas");
        return Err(DomainError::CredencialesInvalidas);
    };
    if usuario.password_temporal && usuario.password_vence_en.is_some_and(|v| v <= Utc::now()) {
        ingreso_rechazado(id, ip, "clave_temporal_vencida");
        return Err(DomainError::PasswordTemporalVencida);
    }

    let tx = db::begin_write(db).await?;
    if let Some(previa) = sesion_previa {
        sesiones::terminar(&tx, &sesiones::hash_secreto(previa)).await?;
    }
    let secreto = sesiones::crear(&tx, auth, usuario.id).await?;
    tx.commit().await?;

    let mut actor = crate::domain::acceso::actor::cargar(db, usuario.id)
        .await?
        .ok_or(DomainError::CredencialesInvalidas)?;
    actor.sesion_hash = Some(sesiones::hash_secreto(&secreto));
    tracing::info!(target: REGISTRO_DE_SEGURIDAD, evento = "ingreso", usuario_id = usuario.id,
        ip = ip.map(|i| i.to_string()), "login");
    Ok(Ingreso { actor, secreto })
}

/// Logs a refused login. The typed e-mail is not written (it may hold a password typed in the
/// wrong field, ASVS 16.2.5): only the id of the account it names, when there is one.
fn ingreso_rechazado(usuario_id: Option<i64>, ip: Option<IpAddr>, motivo: &'static str) {
    tracing::warn!(target: REGISTRO_DE_SEGURIDAD, evento = "ingreso_rechazado", motivo, usuario_id,
        ip = ip.map(|i| i.to_string()), "login refused");
}

/// Ends the actor's session, or all of their sessions.
pub async fn logout(
    db: &DatabaseConnection,
    actor: &Actor,
    todas: bool,
) -> Result<(), DomainError> {
    match (&actor.sesion_hash, todas) {
        (Some(h), false) => sesiones::terminar(db, h).await?,
        _ => sesiones::terminar_todas(db, actor.id()).await?,
    }
    tracing::info!(target: REGISTRO_DE_SEGURIDAD, evento = "salida", usuario_id = actor.id(), todas,
        "logout");
    Ok(())
}

/// Changes the actor's password (policy of DECISIONS.md), ends their other sessions and
/// revokes their personal tokens. The current password is checked like a login's (throttled).
pub async fn cambiar_password(
    db: &DatabaseConnection,
    hasher: &Hasher,
    actor: &Actor,
    cambio: &CambioClave,
    ip: Option<IpAddr>,
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
    if !intentos::verificar(
        db,
        hasher,
        &actor.usuario.email,
        ip,
        &cambio.actual,
        Some(&actor.usuario.password_hash),
    )
    .await?
    {
        tracing::warn!(target: REGISTRO_DE_SEGURIDAD, evento = "cambio_de_clave_rechazado",
            usuario_id = actor.id(), ip = ip.map(|i| i.to_string()), "wrong current password");
        return Err(DomainError::PasswordActualIncorrecta("actual"));
    }
    let hash = hasher.hash(nueva.as_str()).await?;

    let tx = db::begin_write(db).await?;
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
    tokens::revocar_todos(&tx, actor.id()).await?;
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
    tracing::info!(target: REGISTRO_DE_SEGURIDAD, evento = "cambio_de_clave", usuario_id = actor.id(),
        "password changed");
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
