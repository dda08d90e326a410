//! User accounts as administrators manage them: create, change, deactivate, reset the
//! password (DOMAIN.md "Users and access", API.md `usuarios`). Every change is audited.

pub mod auditoria;
pub mod importacion;
pub mod tokens;
pub mod usuarios;

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::Recurso;
use crate::domain::acceso::intentos;
use crate::domain::acceso::passwords::Hasher;
use crate::domain::acceso::passwords::generar_password_temporal;
use crate::domain::acceso::sesiones;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::organismo;
use crate::infra::entities::unidad;
use crate::infra::entities::usuario;
use crate::infra::entities::usuario_acceso;
use crate::infra::sql::contiene;
use crate::infra::sql::paginar;
use crate::model::{
    CambiosUsuario, ConsultaLista, Email, Lista, NuevoUsuario, PasswordNueva, Perfil, Usuario,
    texto_requerido,
};
use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use usuarios::VIGENCIA_TEMPORAL;

type Campos = BTreeMap<String, String>;

async fn acceso_de<C: ConnectionTrait>(db: &C, usuario_id: i64) -> Result<Vec<i64>, DomainError> {
    Ok(usuario_acceso::Entity::find()
        .select_only()
        .column(usuario_acceso::Column::OrganismoId)
        .filter(usuario_acceso::Column::UsuarioId.eq(usuario_id))
        .order_by_asc(usuario_acceso::Column::OrganismoId)
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

fn a_dto(m: usuario::Model, acceso: Vec<i64>) -> Usuario {
    Usuario {
        id: m.id,
        perfil: m.perfil.parse().unwrap_or(Perfil::Consulta),
        email: m.email,
        nombre: m.nombre,
        apellido: m.apellido,
        unidad_id: m.unidad_id,
        organismo_id: m.organismo_id,
        acceso,
        activo: m.activo,
        password_temporal: None,
    }
}

/// Lists users (ADMINISTRADOR only), `q` over e-mail, nombre and apellido.
pub async fn listar(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaLista,
) -> Result<Lista<Usuario>, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let mut select = usuario::Entity::find()
        .order_by_asc(usuario::Column::Apellido)
        .order_by_asc(usuario::Column::Nombre)
        .order_by_asc(usuario::Column::Id);
    if let Some(q) = consulta.texto().map_err(|m| DomainError::campo("q", m))? {
        select = select.filter(
            Condition::any()
                .add(contiene(usuario::Column::Email, &q))
                .add(contiene(usuario::Column::Nombre, &q))
                .add(contiene(usuario::Column::Apellido, &q)),
        );
    }
    let pagina = paginar(db, select, consulta, |m| a_dto(m, vec![])).await?;
    // Access lists of the page's users in one query.
    let ids: Vec<i64> = pagina.items.iter().map(|u| u.id).collect();
    let filas = usuario_acceso::Entity::find()
        .filter(usuario_acceso::Column::UsuarioId.is_in(ids))
        .order_by_asc(usuario_acceso::Column::OrganismoId)
        .all(db)
        .await?;
    let mut items = pagina.items;
    for u in &mut items {
        u.acceso = filas
            .iter()
            .filter(|f| f.usuario_id == u.id)
            .map(|f| f.organismo_id)
            .collect();
    }
    Ok(Lista { items, ..pagina })
}

pub async fn obtener(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Usuario, DomainError> {
    // Whether an account exists is itself the administrators' to know: authorise first.
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let u = usuario::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let acceso = acceso_de(db, id).await?;
    Ok(a_dto(u, acceso))
}

/// The organisation fields of a user, checked together: perfil, organismo, unidad, access.
struct Ubicacion {
    perfil: Perfil,
    organismo_id: Option<i64>,
    unidad_id: Option<i64>,
    acceso: Vec<i64>,
}

async fn validar_ubicacion(
    tx: &DatabaseTransaction,
    perfil: Option<Perfil>,
    organismo_id: Option<i64>,
    unidad_id: Option<i64>,
    acceso: Option<&[i64]>,
    campos: &mut Campos,
) -> Result<Option<Ubicacion>, DomainError> {
    let Some(perfil) = perfil else {
        return Ok(None);
    };
    let unidad = match unidad_id {
        Some(u) => {
            let found = unidad::Entity::find_by_id(u).one(tx).await?;
            if found.is_none() {
                campos.insert("unidad_id".into(), "La unidad no existe.".into());
            }
            found
        }
        None => None,
    };
    // The organismo may be given or taken from the unidad.
    let organismo_id = organismo_id.or(unidad.as_ref().map(|u| u.organismo_id));
    if let Some(o) = organismo_id
        && organismo::Entity::find_by_id(o).one(tx).await?.is_none()
    {
        campos.insert("organismo_id".into(), "El organismo no existe.".into());
    }
    if perfil.requiere_unidad() {
        if unidad_id.is_none() {
            campos.insert("unidad_id".into(), "Elegí la unidad (dependencia).".into());
        }
        if organismo_id.is_none() {
            campos.insert("organismo_id".into(), "Elegí el organismo.".into());
        }
    } else if unidad_id.is_some() {
        campos.insert(
            "unidad_id".into(),
            "Este perfil trabaja en toda la provincia y no pertenece a una unidad.".into(),
        );
    }
    if let (Some(u), Some(o)) = (&unidad, organismo_id)
        && u.organismo_id != o
    {
        campos.insert(
            "unidad_id".into(),
            "La unidad no pertenece al organismo elegido.".into(),
        );
    }
    let acceso: Vec<i64> = match acceso {
        Some(lista) => lista
            .iter()
            .copied()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        None => organismo_id.into_iter().collect(),
    };
    if !acceso.is_empty() {
        let existentes = organismo::Entity::find()
            .filter(organismo::Column::Id.is_in(acceso.clone()))
            .count(tx)
            .await?;
        if existentes != acceso.len() as u64 {
            campos.insert(
                "acceso".into(),
                "La lista de acceso tiene un organismo que no existe.".into(),
            );
        }
    }
    Ok(Some(Ubicacion {
        perfil,
        organismo_id,
        unidad_id,
        acceso,
    }))
}

fn perfil_de(raw: &str, campos: &mut Campos) -> Option<Perfil> {
    if raw.trim().is_empty() {
        campos.insert("perfil".into(), "Elegí el perfil.".into());
        return None;
    }
    raw.parse::<Perfil>()
        .map_err(|_| campos.insert("perfil".into(), "Ese perfil no existe.".into()))
        .ok()
}

async fn guardar_acceso(
    tx: &DatabaseTransaction,
    usuario_id: i64,
    acceso: &[i64],
) -> Result<(), DomainError> {
    usuario_acceso::Entity::delete_many()
        .filter(usuario_acceso::Column::UsuarioId.eq(usuario_id))
        .exec(tx)
        .await?;
    if !acceso.is_empty() {
        usuario_acceso::Entity::insert_many(acceso.iter().map(|o| usuario_acceso::ActiveModel {
            usuario_id: Set(usuario_id),
            organismo_id: Set(*o),
        }))
        .exec(tx)
        .await?;
    }
    Ok(())
}

fn email_duplicado() -> DomainError {
    DomainError::conflicto("duplicate_email")
}

async fn email_en_uso(
    tx: &DatabaseTransaction,
    email: &str,
    salvo: Option<i64>,
) -> Result<bool, DomainError> {
    let mut q = usuario::Entity::find().filter(usuario::Column::Email.eq(email));
    if let Some(id) = salvo {
        q = q.filter(usuario::Column::Id.ne(id));
    }
    Ok(q.one(tx).await?.is_some())
}

/// A user ready to insert: validated, password hashed (done before any transaction opens).
pub struct UsuarioValidado {
    email: String,
    nombre: String,
    apellido: String,
    perfil_raw: String,
    organismo_id: Option<i64>,
    unidad_id: Option<i64>,
    acceso: Option<Vec<i64>>,
    activo: bool,
    hash: String,
    temporal: Option<String>,
}

/// Checks the fields that need no database and hashes the password (given or generated).
pub fn preparar_nuevo(
    nuevo: &NuevoUsuario,
    campos: &mut Campos,
) -> Option<(String, String, String, Option<String>)> {
    let email = Email::parse(&nuevo.email)
        .map_err(|m| campos.insert("email".into(), m.into()))
        .ok();
    let nombre = texto_requerido(&nuevo.nombre, 100, "Ingresá el nombre.")
        .map_err(|m| campos.insert("nombre".into(), m))
        .ok();
    let apellido = texto_requerido(&nuevo.apellido, 100, "Ingresá el apellido.")
        .map_err(|m| campos.insert("apellido".into(), m))
        .ok();
    if let (Some(p), Some(e)) = (&nuevo.password, &email)
        && let Err(m) = PasswordNueva::parse(p, e.as_str())
    {
        campos.insert("password".into(), m.into());
    }
    Some((
        email?.as_str().to_owned(),
        nombre?,
        apellido?,
        nuevo.password.clone(),
    ))
}

/// Creates a user (ADMINISTRADOR only). Without `password` a temporary one is generated and
/// returned once; a given password is used as is and is not temporary.
pub async fn crear(
    db: &DatabaseConnection,
    hasher: &Hasher,
    actor: &Actor,
    nuevo: &NuevoUsuario,
) -> Result<Usuario, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let mut campos = Campos::new();
    let basicos = preparar_nuevo(nuevo, &mut campos);
    let perfil_ok = perfil_de(&nuevo.perfil, &mut campos).is_some();
    let (Some((email, nombre, apellido, password)), true, true) =
        (basicos, perfil_ok, campos.is_empty())
    else {
        // Still report organisation problems in the same answer when the perfil is known.
        let tx = db::begin_write(db).await?;
        validar_ubicacion(
            &tx,
            nuevo.perfil.parse().ok(),
            nuevo.organismo_id,
            nuevo.unidad_id,
            nuevo.acceso.as_deref(),
            &mut campos,
        )
        .await?;
        return Err(DomainError::Invalido(campos));
    };
    let (clave, temporal) = match password {
        Some(p) => (p, None),
        None => {
            let t = generar_password_temporal();
            (t.clone(), Some(t))
        }
    };
    let hash = hasher.hash(&clave).await?;
    let v = UsuarioValidado {
        email,
        nombre,
        apellido,
        perfil_raw: nuevo.perfil.clone(),
        organismo_id: nuevo.organismo_id,
        unidad_id: nuevo.unidad_id,
        acceso: nuevo.acceso.clone(),
        activo: nuevo.activo.unwrap_or(true),
        hash,
        temporal,
    };
    let tx = db::begin_write(db).await?;
    let creado = insertar(&tx, actor, v).await?;
    tx.commit().await?;
    Ok(creado)
}

/// Inserts a validated user inside the caller's transaction (also used by the CSV import).
pub async fn insertar(
    tx: &DatabaseTransaction,
    actor: &Actor,
    v: UsuarioValidado,
) -> Result<Usuario, DomainError> {
    let mut campos = Campos::new();
    let perfil = v.perfil_raw.parse::<Perfil>().ok();
    let ubicacion = validar_ubicacion(
        tx,
        perfil,
        v.organismo_id,
        v.unidad_id,
        v.acceso.as_deref(),
        &mut campos,
    )
    .await?;
    let Some(ub) = ubicacion.filter(|_| campos.is_empty()) else {
        return Err(DomainError::Invalido(campos));
    };
    if email_en_uso(tx, &v.email, None).await? {
        return Err(email_duplicado());
    }
    let ahora = Utc::now().trunc_subsecs(6);
    let temporal = v.temporal.is_some();
    let creado = usuario::ActiveModel {
        email: Set(v.email),
        nombre: Set(v.nombre),
        apellido: Set(v.apellido),
        perfil: Set(ub.perfil.codigo().to_owned()),
        organismo_id: Set(ub.organismo_id),
        unidad_id: Set(ub.unidad_id),
        password_hash: Set(v.hash),
        password_temporal: Set(temporal),
        password_vence_en: Set(temporal.then_some(ahora + VIGENCIA_TEMPORAL)),
        activo: Set(v.activo),
        creado_en: Set(ahora),
        actualizado_en: Set(ahora),
        ..Default::default()
    }
    .insert(tx)
    .await?;
    guardar_acceso(tx, creado.id, &ub.acceso).await?;
    let mut dto = a_dto(creado, ub.acceso);
    eventos::registrar(
        tx,
        NuevoEvento::auditoria(
            actor,
            "usuario",
            dto.id,
            "USUARIO_CREADO",
            json!({ "despues": dto, "password_temporal": temporal }),
        ),
    )
    .await?;
    dto.password_temporal = v.temporal;
    Ok(dto)
}

/// Builds a [`UsuarioValidado`] with an already hashed password (for bulk imports that hash
/// before the transaction opens).
#[allow(clippy::too_many_arguments)]
pub fn validado(
    email: String,
    nombre: String,
    apellido: String,
    perfil: Perfil,
    organismo_id: Option<i64>,
    unidad_id: Option<i64>,
    hash: String,
    temporal: String,
) -> UsuarioValidado {
    UsuarioValidado {
        email,
        nombre,
        apellido,
        perfil_raw: perfil.codigo().to_owned(),
        organismo_id,
        unidad_id,
        acceso: None,
        activo: true,
        hash,
        temporal: Some(temporal),
    }
}

/// Changes a user (ADMINISTRADOR only). Deactivation ends the user's sessions and tokens at
/// once; perfil, unidad and access take effect on the user's next request.
pub async fn actualizar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    cambios: &CambiosUsuario,
) -> Result<Usuario, DomainError> {
    // Authorised before the write turn is taken and before anyone learns the id exists.
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let tx = db::begin_write(db).await?;
    let actual = usuario::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let antes = a_dto(actual.clone(), acceso_de(&tx, id).await?);
    let mut campos = Campos::new();

    let email = match &cambios.email {
        Some(e) => Email::parse(e)
            .map(|e| e.as_str().to_owned())
            .map_err(|m| campos.insert("email".into(), m.into()))
            .ok(),
        None => Some(actual.email.clone()),
    };
    let nombre = match &cambios.nombre {
        Some(n) => texto_requerido(n, 100, "Ingresá el nombre.")
            .map_err(|m| campos.insert("nombre".into(), m))
            .ok(),
        None => Some(actual.nombre.clone()),
    };
    let apellido = match &cambios.apellido {
        Some(n) => texto_requerido(n, 100, "Ingresá el apellido.")
            .map_err(|m| campos.insert("apellido".into(), m))
            .ok(),
        None => Some(actual.apellido.clone()),
    };
    let perfil = match &cambios.perfil {
        Some(p) => perfil_de(p, &mut campos),
        None => Some(antes.perfil),
    };
    let unidad_id = cambios.unidad_id.unwrap_or(actual.unidad_id);
    let organismo_id = cambios.organismo_id.unwrap_or(actual.organismo_id);
    let acceso = cambios.acceso.as_deref().unwrap_or(&antes.acceso);
    let ubicacion = validar_ubicacion(
        &tx,
        perfil,
        organismo_id,
        unidad_id,
        Some(acceso),
        &mut campos,
    )
    .await?;
    if cambios.activo == Some(false) && id == actor.id() {
        campos.insert(
            "activo".into(),
            "No podés desactivar tu propia cuenta.".into(),
        );
    }
    let (Some(email), Some(nombre), Some(apellido), Some(ub), true) =
        (email, nombre, apellido, ubicacion, campos.is_empty())
    else {
        return Err(DomainError::Invalido(campos));
    };
    if email_en_uso(&tx, &email, Some(id)).await? {
        return Err(email_duplicado());
    }
    let desactivado = actual.activo && cambios.activo == Some(false);
    let mut m = actual.into_active_model();
    m.email = Set(email);
    m.nombre = Set(nombre);
    m.apellido = Set(apellido);
    m.perfil = Set(ub.perfil.codigo().to_owned());
    m.organismo_id = Set(ub.organismo_id);
    m.unidad_id = Set(ub.unidad_id);
    if let Some(a) = cambios.activo {
        m.activo = Set(a);
    }
    m.actualizado_en = Set(Utc::now().trunc_subsecs(6));
    let guardado = m.update(&tx).await?;
    guardar_acceso(&tx, id, &ub.acceso).await?;
    if desactivado {
        sesiones::terminar_todas(&tx, id).await?;
        tokens::revocar_todos(&tx, id).await?;
    }
    let despues = a_dto(guardado, ub.acceso);
    if despues != antes {
        eventos::registrar(
            &tx,
            NuevoEvento::auditoria(
                actor,
                "usuario",
                id,
                "USUARIO_MODIFICADO",
                json!({ "antes": antes, "despues": despues }),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(despues)
}

/// Issues a new temporary password (shown once), ends the user's sessions, revokes their
/// personal tokens and lifts the login block on their e-mail (API.md: an administrator can
/// lift it).
pub async fn restablecer(
    db: &DatabaseConnection,
    hasher: &Hasher,
    actor: &Actor,
    id: i64,
) -> Result<Usuario, DomainError> {
    authz::exigir(actor, Accion::Administrar, Recurso::Ninguno)?;
    let existe = usuario::Entity::find_by_id(id).one(db).await?;
    if existe.is_none() {
        return Err(DomainError::NoEncontrado);
    }
    let temporal = generar_password_temporal();
    let hash = hasher.hash(&temporal).await?;

    let tx = db::begin_write(db).await?;
    let actual = usuario::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    let email = actual.email.clone();
    let ahora = Utc::now().trunc_subsecs(6);
    let mut m = actual.into_active_model();
    m.password_hash = Set(hash);
    m.password_temporal = Set(true);
    m.password_vence_en = Set(Some(ahora + VIGENCIA_TEMPORAL));
    m.actualizado_en = Set(ahora);
    let guardado = m.update(&tx).await?;
    sesiones::terminar_todas(&tx, id).await?;
    tokens::revocar_todos(&tx, id).await?;
    intentos::levantar(&tx, &email).await?;
    eventos::registrar(
        &tx,
        NuevoEvento::auditoria(actor, "usuario", id, "PASSWORD_RESTABLECIDA", json!({})),
    )
    .await?;
    let acceso = acceso_de(&tx, id).await?;
    tx.commit().await?;
    let mut dto = a_dto(guardado, acceso);
    dto.password_temporal = Some(temporal);
    Ok(dto)
}
