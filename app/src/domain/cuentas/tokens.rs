//! Personal API tokens (API.md): created by a user for themselves with their current password,
//! shown once, stored as a SHA-256, revocable; they expire, and die with a password change or
//! reset. A token acts with its owner's own permissions, read on every request.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::intentos;
use crate::domain::acceso::passwords::Hasher;
use crate::domain::acceso::sesiones::hash_secreto;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::api_token;
use crate::model::rfc3339;
use crate::model::{Lista, NuevoToken, Token, texto_requerido};
use base64::Engine;
use chrono::{Duration, SubsecRound, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// Every secret starts with this, so a leaked one is easy to recognise in logs and scanners.
pub const PREFIJO: &str = "sgx_";

fn a_dto(m: api_token::Model) -> Token {
    Token {
        id: m.id,
        nombre: m.nombre,
        creado_en: rfc3339(m.creado_en),
        ultimo_uso: m.ultimo_uso.map(rfc3339),
        expira_en: rfc3339(m.expira_en),
        token: None,
    }
}

/// The actor's live tokens (neither revoked nor expired), newest first.
pub async fn listar(db: &DatabaseConnection, actor: &Actor) -> Result<Lista<Token>, DomainError> {
    let items: Vec<Token> = api_token::Entity::find()
        .filter(api_token::Column::UsuarioId.eq(actor.id()))
        .filter(api_token::Column::RevocadoEn.is_null())
        .filter(api_token::Column::ExpiraEn.gt(Utc::now()))
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(a_dto)
        .collect();
    let total = items.len() as u64;
    Ok(Lista {
        items,
        total,
        page: 1,
        per_page: total.max(1),
    })
}

/// Creates a token for the actor, who confirms it with their current password (checked like a
/// login's, throttled); it works for `vigencia`. The answer carries the secret, once.
pub async fn crear(
    db: &DatabaseConnection,
    hasher: &Hasher,
    actor: &Actor,
    nuevo: &NuevoToken,
    ip: Option<IpAddr>,
    vigencia: std::time::Duration,
) -> Result<Token, DomainError> {
    let vigencia = Duration::from_std(vigencia).map_err(|e| DomainError::Interno(e.to_string()))?;
    let mut campos = BTreeMap::new();
    let nombre = match texto_requerido(
        &nuevo.nombre,
        100,
        "Poné un nombre para reconocer el token.",
    ) {
        Ok(n) => Some(n),
        Err(m) => {
            campos.insert("nombre".to_owned(), m);
            None
        }
    };
    if nuevo.password.is_empty() {
        campos.insert(
            "password".to_owned(),
            "Ingresá tu contraseña actual.".to_owned(),
        );
    }
    let Some(nombre) = nombre.filter(|_| campos.is_empty()) else {
        return Err(DomainError::Invalido(campos));
    };
    if !intentos::verificar(
        db,
        hasher,
        &actor.usuario.email,
        ip,
        &nuevo.password,
        Some(&actor.usuario.password_hash),
    )
    .await?
    {
        return Err(DomainError::PasswordActualIncorrecta("password"));
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secreto = format!(
        "{PREFIJO}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let ahora = Utc::now().trunc_subsecs(6);
    let tx = db::begin_write(db).await?;
    let creado = api_token::ActiveModel {
        usuario_id: Set(actor.id()),
        nombre: Set(nombre),
        hash: Set(hash_secreto(&secreto)),
        creado_en: Set(ahora),
        expira_en: Set(ahora + vigencia),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(
            actor,
            "usuario",
            actor.id(),
            "TOKEN_CREADO",
            json!({ "token_id": creado.id, "nombre": creado.nombre }),
        ),
    )
    .await?;
    tx.commit().await?;
    let mut dto = a_dto(creado);
    dto.token = Some(secreto);
    Ok(dto)
}

/// Revokes one of the actor's tokens; someone else's token answers 404, like a missing one.
pub async fn revocar(db: &DatabaseConnection, actor: &Actor, id: i64) -> Result<(), DomainError> {
    let tx = db::begin_write(db).await?;
    let token = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::UsuarioId.eq(actor.id()))
        .filter(api_token::Column::RevocadoEn.is_null())
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let nombre = token.nombre.clone();
    let mut m = token.into_active_model();
    m.revocado_en = Set(Some(Utc::now().trunc_subsecs(6)));
    m.update(&tx).await?;
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(
            actor,
            "usuario",
            actor.id(),
            "TOKEN_REVOCADO",
            json!({ "token_id": id, "nombre": nombre }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes every token of a user (deactivation, password change, password reset).
pub async fn revocar_todos<C: ConnectionTrait>(db: &C, usuario_id: i64) -> Result<(), DbErr> {
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevocadoEn,
            sea_orm::sea_query::Expr::value(Utc::now().trunc_subsecs(6)),
        )
        .filter(api_token::Column::UsuarioId.eq(usuario_id))
        .filter(api_token::Column::RevocadoEn.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

/// The owner of a live token, with their current perfil and access (never more).
pub async fn buscar(db: &DatabaseConnection, secreto: &str) -> Result<Option<Actor>, DbErr> {
    if !secreto.starts_with(PREFIJO) {
        return Ok(None);
    }
    let Some(t) = api_token::Entity::find()
        .filter(api_token::Column::Hash.eq(hash_secreto(secreto)))
        .filter(api_token::Column::RevocadoEn.is_null())
        .filter(api_token::Column::ExpiraEn.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(actor) = crate::domain::acceso::actor::cargar(db, t.usuario_id).await? else {
        return Ok(None);
    };
    if !actor.usuario.activo {
        return Ok(None);
    }
    let ahora = Utc::now();
    if t.ultimo_uso
        .is_none_or(|u| ahora - u >= Duration::minutes(1))
    {
        let mut m = t.into_active_model();
        m.ultimo_uso = Set(Some(ahora.trunc_subsecs(6)));
        m.update(db).await?;
    }
    Ok(Some(actor))
}
