//! Password-guess throttling (API.md "Login throttling", DECISIONS.md "Sessions, login,
//! cross-site"): every check of a password a person types — login, the current password of a
//! password change, the password that confirms a new personal token — goes through
//! [`verificar`], which counts the attempt before the password is verified, so parallel guesses
//! get no more verdicts than sequential ones.

use crate::domain::DomainError;
use crate::domain::acceso::passwords::Hasher;
use crate::infra::db;
use crate::infra::entities::login_fallo;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
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

/// On PostgreSQL, makes the attempts for one e-mail take turns (across servers) until the
/// transaction ends; SQLite's write transaction already admits one writer at a time.
async fn turno_de<C: ConnectionTrait>(tx: &C, clave: &str) -> Result<(), DbErr> {
    /// The first key of the two-key advisory locks of this module ("LOGI").
    const ESPACIO: i32 = 0x4C4F_4749;
    if tx.get_database_backend() == DbBackend::Postgres {
        tx.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            [ESPACIO.into(), clave.into()],
        ))
        .await?;
    }
    Ok(())
}

/// An attempt already counted as a failure; a right password takes it back.
struct Intento {
    filas: Vec<i64>,
    /// Seconds of the address block, when the address was already over its limit.
    ip_bloqueada: Option<u64>,
}

/// Counts an attempt for `email` (and the address) as a failure, or refuses it (429) when the
/// e-mail is blocked. The check and the count are one step per e-mail, so however many
/// attempts arrive at once, at most [`MAX_FALLOS_EMAIL`] in the window get past it.
async fn contar(
    conexion: &DatabaseConnection,
    email: &str,
    ip: Option<IpAddr>,
    ahora: DateTime<Utc>,
) -> Result<Intento, DomainError> {
    let por_email = clave_email(email);
    let tx = db::begin_write(conexion).await?;
    turno_de(&tx, &por_email).await?;
    if let Some(segundos) = bloqueo(&tx, &por_email, MAX_FALLOS_EMAIL, ahora).await? {
        return Err(DomainError::DemasiadosIntentos(segundos));
    }
    // The address limit counts the failures before this one: the 101st answers 429.
    let ip_bloqueada = match ip {
        Some(ip) => bloqueo(&tx, &clave_ip(ip), MAX_FALLOS_IP, ahora).await?,
        None => None,
    };
    let claves = std::iter::once(por_email).chain(ip.map(clave_ip));
    let mut filas = Vec::new();
    for clave in claves {
        let fila = login_fallo::Entity::insert(login_fallo::ActiveModel {
            clave: Set(clave),
            en: Set(ahora.trunc_subsecs(6)),
            ..Default::default()
        })
        .exec(&tx)
        .await?;
        filas.push(fila.last_insert_id);
    }
    // Old rows are useless: keep the table small.
    login_fallo::Entity::delete_many()
        .filter(login_fallo::Column::En.lt(ahora - VENTANA * 2))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(Intento {
        filas,
        ip_bloqueada,
    })
}

/// Checks `password` against `hash` (the stored PHC string; `None` when there is no account
/// that may use it) for `email` from `ip`, under the throttling rules: `Ok(true)` for the
/// right password, `Ok(false)` for a wrong one (counted), 429 while the e-mail is blocked, and
/// 429 for a wrong password from an address over its limit.
///
/// A blocked attempt never reaches the hasher. From an address over its limit, an attempt
/// without an account behind it is refused without hashing, after the time a verification
/// takes (so timing still does not tell which accounts exist); one for an account is verified,
/// since a right password still logs in.
pub async fn verificar(
    conexion: &DatabaseConnection,
    hasher: &Hasher,
    email: &str,
    ip: Option<IpAddr>,
    password: &str,
    hash: Option<&str>,
) -> Result<bool, DomainError> {
    let intento = contar(conexion, email, ip, Utc::now()).await?;
    if let (Some(segundos), None) = (intento.ip_bloqueada, hash) {
        tokio::time::sleep(hasher.duracion_tipica()).await;
        return Err(DomainError::DemasiadosIntentos(segundos));
    }
    if !hasher.verify(password, hash).await? {
        return match intento.ip_bloqueada {
            Some(segundos) => Err(DomainError::DemasiadosIntentos(segundos)),
            None => Ok(false),
        };
    }
    // The right password: the attempt was no failure.
    let tx = db::begin_write(conexion).await?;
    login_fallo::Entity::delete_many()
        .filter(login_fallo::Column::Id.is_in(intento.filas))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Failed public consultas per client address within the window after which every consulta
/// from it answers 429 (API.md).
pub const MAX_FALLOS_CONSULTA: u64 = 20;

/// Counts a public consulta from `ip` as a failure before it is answered, or refuses it (429)
/// while the address holds [`MAX_FALLOS_CONSULTA`] failures in the window. Answers the row that
/// [`descontar`] takes back when the consulta finds its expediente.
pub async fn contar_consulta(
    conexion: &DatabaseConnection,
    ip: Option<IpAddr>,
) -> Result<i64, DomainError> {
    let clave = format!(
        "consulta:{}",
        ip.map_or_else(|| "?".to_owned(), |i| i.to_string())
    );
    let ahora = Utc::now();
    let tx = db::begin_write(conexion).await?;
    turno_de(&tx, &clave).await?;
    if let Some(segundos) = bloqueo(&tx, &clave, MAX_FALLOS_CONSULTA, ahora).await? {
        return Err(DomainError::DemasiadosIntentos(segundos));
    }
    let fila = login_fallo::Entity::insert(login_fallo::ActiveModel {
        clave: Set(clave),
        en: Set(ahora.trunc_subsecs(6)),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(fila.last_insert_id)
}

/// Takes back an attempt counted by [`contar_consulta`]: it was no failure.
pub async fn descontar(conexion: &DatabaseConnection, fila: i64) -> Result<(), DomainError> {
    login_fallo::Entity::delete_by_id(fila)
        .exec(conexion)
        .await?;
    Ok(())
}

/// Lifts the block on an e-mail (an administrator's password reset).
pub async fn levantar<C: ConnectionTrait>(db: &C, email: &str) -> Result<(), DbErr> {
    login_fallo::Entity::delete_many()
        .filter(login_fallo::Column::Clave.eq(clave_email(email)))
        .exec(db)
        .await
        .map(|_| ())
}
