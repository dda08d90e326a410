//! Server-side sessions in our own table (DECISIONS.md, "Sessions"): the cookie holds a random
//! secret, the table only its SHA-256; idle and absolute expiry; "last seen" written at most
//! once a minute; perfil, unidad and access list read on every request.

use crate::domain::acceso::Actor;
use crate::infra::entities::sesion;
use base64::Engine;
use chrono::{Duration as ChronoDuration, SubsecRound, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, Set,
};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// Session and login settings, read once from configuration.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// True when the public URL is https: cookies get `Secure` and the `__Host-` prefix.
    pub https: bool,
    /// The address people use to reach the app, e.g. `https://sigexp.santacruz.gob.ar/`.
    pub url_publica: String,
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after login, used or not.
    pub absolute: Duration,
    /// A personal API token stops working this long after its creation.
    pub vigencia_token: Duration,
}

impl AuthConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-sigexp_sesion"
        } else {
            "sigexp_sesion"
        }
    }
}

/// SHA-256 (hex) of a session secret: what the table stores.
pub fn hash_secreto(secreto: &str) -> String {
    hex::encode(Sha256::digest(secreto.as_bytes()))
}

fn chrono(d: std::time::Duration) -> ChronoDuration {
    ChronoDuration::from_std(d).unwrap_or(ChronoDuration::hours(12))
}

/// Creates a session for a user and returns the secret for the cookie.
pub async fn crear<C: ConnectionTrait>(
    db: &C,
    cfg: &AuthConfig,
    usuario_id: i64,
) -> Result<String, DbErr> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secreto = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let ahora = Utc::now().trunc_subsecs(6);
    sesion::Model {
        id_hash: hash_secreto(&secreto),
        usuario_id,
        creada_en: ahora,
        ultimo_uso: ahora,
        vence_en: ahora + chrono(cfg.absolute),
    }
    .into_active_model()
    .insert(db)
    .await?;
    Ok(secreto)
}

/// The user behind a session secret, or `None` when the session is unknown, expired (idle or
/// absolute) or its user is inactive. An expired session is deleted.
pub async fn buscar(
    db: &DatabaseConnection,
    cfg: &AuthConfig,
    secreto: &str,
) -> Result<Option<Actor>, DbErr> {
    let id_hash = hash_secreto(secreto);
    let Some(s) = sesion::Entity::find_by_id(id_hash.clone()).one(db).await? else {
        return Ok(None);
    };
    let ahora = Utc::now();
    if s.vence_en <= ahora || s.ultimo_uso + chrono(cfg.idle) <= ahora {
        terminar(db, &id_hash).await?;
        return Ok(None);
    }
    let Some(mut actor) = crate::domain::acceso::actor::cargar(db, s.usuario_id).await? else {
        terminar(db, &id_hash).await?;
        return Ok(None);
    };
    if !actor.usuario.activo {
        terminar_todas(db, s.usuario_id).await?;
        return Ok(None);
    }
    if ahora - s.ultimo_uso >= ChronoDuration::minutes(1) {
        let mut activa = s.into_active_model();
        activa.ultimo_uso = Set(ahora.trunc_subsecs(6));
        activa.update(db).await?;
    }
    actor.sesion_hash = Some(id_hash);
    Ok(Some(actor))
}

/// Ends one session.
pub async fn terminar<C: ConnectionTrait>(db: &C, id_hash: &str) -> Result<(), DbErr> {
    sesion::Entity::delete_by_id(id_hash.to_owned())
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends every session of a user (one statement, on the indexed `usuario_id`).
pub async fn terminar_todas<C: ConnectionTrait>(db: &C, usuario_id: i64) -> Result<(), DbErr> {
    sesion::Entity::delete_many()
        .filter(sesion::Column::UsuarioId.eq(usuario_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Ends every session of a user except one (after a password change).
pub async fn terminar_otras<C: ConnectionTrait>(
    db: &C,
    usuario_id: i64,
    conservar: &str,
) -> Result<(), DbErr> {
    sesion::Entity::delete_many()
        .filter(sesion::Column::UsuarioId.eq(usuario_id))
        .filter(sesion::Column::IdHash.ne(conservar))
        .exec(db)
        .await
        .map(|_| ())
}

/// `Set-Cookie` value for a new session: HttpOnly, SameSite=Lax, Path=/, and Secure with the
/// `__Host-` prefix when the public URL is https.
pub fn cookie(cfg: &AuthConfig, secreto: &str) -> String {
    let secure = if cfg.https { "; Secure" } else { "" };
    format!(
        "{}={secreto}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{secure}",
        cfg.cookie_name(),
        cfg.absolute.as_secs()
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn cookie_borrada(cfg: &AuthConfig) -> String {
    let secure = if cfg.https { "; Secure" } else { "" };
    format!(
        "{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}",
        cfg.cookie_name()
    )
}

/// The session secret in a `Cookie` header, if any.
pub fn secreto_de_cookies<'a>(cfg: &AuthConfig, header: &'a str) -> Option<&'a str> {
    valor_de_cookie(header, cfg.cookie_name())
}

/// The non-empty value of the cookie `nombre` in a `Cookie` header, if any.
pub fn valor_de_cookie<'a>(header: &'a str, nombre: &str) -> Option<&'a str> {
    header.split(';').find_map(|par| {
        let (n, valor) = par.trim().split_once('=')?;
        (n == nombre && !valor.is_empty()).then_some(valor)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn cfg(https: bool) -> AuthConfig {
        AuthConfig {
            https,
            url_publica: "http://127.0.0.1:3000/".into(),
            idle: Duration::from_secs(7200),
            absolute: Duration::from_secs(43200),
            vigencia_token: Duration::from_secs(90 * 86400),
        }
    }

    #[test]
    fn cookie_https_lleva_secure_y_prefijo_host() {
        let c = cookie(&cfg(true), "abc");
        assert!(c.starts_with("__Host-sigexp_sesion=abc;"));
        for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
            assert!(c.contains(flag), "{c}");
        }
    }

    #[test]
    fn cookie_http_no_lleva_secure() {
        let c = cookie(&cfg(false), "abc");
        assert!(c.starts_with("sigexp_sesion=abc;"));
        assert!(!c.contains("Secure"));
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax"));
    }

    #[test]
    fn secreto_se_lee_entre_otras_cookies() {
        let c = cfg(false);
        assert_eq!(
            secreto_de_cookies(&c, "a=1; sigexp_sesion=xyz; b=2"),
            Some("xyz")
        );
        assert_eq!(secreto_de_cookies(&c, "a=1"), None);
        assert_eq!(secreto_de_cookies(&c, "sigexp_sesion="), None);
    }
}
