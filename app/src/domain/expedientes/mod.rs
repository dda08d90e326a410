//! Expedientes: iniciar, registrar, read, edit with optimistic locking, archive (DOMAIN.md
//! "Expediente"). Every change is an event of the expediente's own hash chain.

pub mod anotaciones;
pub mod caratula;
pub mod estadisticas;
pub mod exportacion;
pub mod numeracion;
pub mod pagina;
pub mod pases;
pub mod publica;
pub mod rapida;
pub mod seguimiento;

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::authz::Accion;
use crate::domain::acceso::authz::Decision;
use crate::domain::acceso::authz::ExpedienteCtx;
use crate::domain::acceso::authz::Recurso;
use crate::domain::acceso::authz::UnidadCtx;
use crate::domain::organizacion::unidades;
use crate::domain::registro::eventos;
use crate::domain::registro::eventos::NuevoEvento;
use crate::infra::db;
use crate::infra::entities::expediente;
use crate::infra::entities::expediente_organismo;
use crate::infra::entities::organismo;
use crate::infra::entities::pase;
use crate::infra::entities::tipo_tramite;
use crate::infra::entities::unidad;
use crate::model::rfc3339;
use crate::model::{
    AccionesExpediente, CambiosExpediente, Expediente, Iniciador, Motivo, NuevoExpediente, Perfil,
    Resultados, documento, extracto, texto_requerido,
};
use chrono::{SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::json;
use std::collections::BTreeMap;

pub const EN_TRAMITE: &str = "EN_TRAMITE";
pub const EN_TRANSITO: &str = "EN_TRANSITO";
pub const ARCHIVADO: &str = "ARCHIVADO";

pub fn a_dto(m: &expediente::Model) -> Expediente {
    Expediente {
        id: m.id,
        numero: m.numero.clone(),
        extracto: m.extracto.clone(),
        iniciador: Iniciador {
            nombre: m.iniciador_nombre.clone(),
            documento: m.iniciador_documento.clone(),
        },
        tipo_tramite_id: m.tipo_tramite_id,
        estado: m.estado.clone(),
        organismo_id: m.organismo_id,
        unidad_origen_id: m.unidad_origen_id,
        unidad_actual_id: m.unidad_actual_id,
        fojas: m.fojas,
        version: m.version,
        creado_en: rfc3339(m.creado_en),
        actualizado_en: rfc3339(m.actualizado_en),
        en_unidad_desde: rfc3339(m.en_unidad_desde.unwrap_or(m.creado_en)),
    }
}

/// What the authorization rule needs to know about an expediente.
pub async fn contexto<C: ConnectionTrait>(
    db: &C,
    e: &expediente::Model,
) -> Result<ExpedienteCtx, DomainError> {
    let destino_pendiente_id = pase::Entity::find()
        .select_only()
        .column(pase::Column::DestinoUnidadId)
        .filter(pase::Column::ExpedienteId.eq(e.id))
        .filter(pase::Column::Estado.eq(pases::PENDIENTE))
        .into_tuple::<i64>()
        .one(db)
        .await?;
    contexto_con(db, e, destino_pendiente_id).await
}

/// [`contexto`] when the pending pase's destination is already known.
async fn contexto_con<C: ConnectionTrait>(
    db: &C,
    e: &expediente::Model,
    destino_pendiente_id: Option<i64>,
) -> Result<ExpedienteCtx, DomainError> {
    let organismos_de_paso = expediente_organismo::Entity::find()
        .select_only()
        .column(expediente_organismo::Column::OrganismoId)
        .filter(expediente_organismo::Column::ExpedienteId.eq(e.id))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    Ok(ExpedienteCtx {
        organismo_id: e.organismo_id,
        organismos_de_paso,
        unidad_actual_id: Some(e.unidad_actual_id),
        destino_pendiente_id,
    })
}

/// The actions the actor may take on the expediente now: the rule of [`authz::decidir`]
/// and the state that each action requires (what the doors below check, in the same terms).
pub fn acciones(actor: &Actor, e: &expediente::Model, ctx: &ExpedienteCtx) -> AccionesExpediente {
    let puede = |a| authz::decidir(actor, a, Recurso::Expediente(ctx)) == Decision::Permitido;
    let en_tramite = e.estado == EN_TRAMITE;
    // While in transit the expediente stays at the sending unidad: `unidad_actual_id` is the
    // origin of the pending pase, as `pases::anular` asks.
    let pendiente = e.estado == EN_TRANSITO && ctx.destino_pendiente_id.is_some();
    let recibir = pendiente && puede(Accion::RecibirPase);
    AccionesExpediente {
        editar: en_tramite && puede(Accion::Editar),
        enviar: en_tramite && puede(Accion::EnviarPase),
        anular: pendiente && puede(Accion::EnviarPase),
        recibir,
        rechazar: recibir,
        archivar: e.estado != EN_TRANSITO && puede(Accion::Archivar),
        documentos: en_tramite && puede(Accion::Documentos),
        anotar: puede(Accion::Anotar),
    }
}

/// The check a door makes before it reads a body, for an action on an expediente: 404 when
/// it is not visible, then 403 (API.md's order). The action itself checks again, under its
/// transaction.
pub async fn puede(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    accion: Accion,
) -> Result<(), DomainError> {
    let (_, ctx) = visible(db, actor, id).await?;
    authz::exigir(actor, accion, Recurso::Expediente(&ctx))
}

/// An expediente the actor may see, or 404 exactly as if it did not exist.
pub async fn visible<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
) -> Result<(expediente::Model, ExpedienteCtx), DomainError> {
    let e = leer_visible(db, actor, id).await?;
    let ctx = contexto(db, &e).await?;
    if !authz::visible(actor, &ctx) {
        return Err(DomainError::NoEncontrado);
    }
    Ok((e, ctx))
}

/// [`visible`] for a page that shows the pases too: the same rule over the same context, with
/// every pase of the expediente (oldest first) read once for the context, the list and the circuit.
pub async fn visible_con_pases(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<(expediente::Model, ExpedienteCtx, Vec<pase::Model>), DomainError> {
    let e = leer_visible(db, actor, id).await?;
    visible_con_pases_de(db, actor, e).await
}

/// The expediente if it exists and the actor may see it, in one statement: one the actor may
/// not see costs what a missing one costs, so neither the answer nor its time tells them apart.
async fn leer_visible<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: i64,
) -> Result<expediente::Model, DomainError> {
    let mut q = expediente::Entity::find_by_id(id);
    if let Some(organismos) = authz::organismos_visibles(actor) {
        q = q.filter(paso_por(organismos));
    }
    q.one(db).await?.ok_or(DomainError::NoEncontrado)
}

/// [`visible_con_pases`] of an expediente already read.
pub async fn visible_con_pases_de(
    db: &DatabaseConnection,
    actor: &Actor,
    e: expediente::Model,
) -> Result<(expediente::Model, ExpedienteCtx, Vec<pase::Model>), DomainError> {
    use sea_orm::QueryOrder;
    let todos = pase::Entity::find()
        .filter(pase::Column::ExpedienteId.eq(e.id))
        .order_by_asc(pase::Column::Id)
        .all(db)
        .await?;
    let pendiente = todos
        .iter()
        .find(|p| p.estado == pases::PENDIENTE)
        .map(|p| p.destino_unidad_id);
    let ctx = contexto_con(db, &e, pendiente).await?;
    if !authz::visible(actor, &ctx) {
        return Err(DomainError::NoEncontrado);
    }
    Ok((e, ctx, todos))
}

pub async fn obtener(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Expediente, DomainError> {
    Ok(a_dto(&visible(db, actor, id).await?.0))
}

/// [`obtener`] as a visit of the user: it clears the expediente's "changed" mark in their
/// seguimiento (the API's `GET /expedientes/{id}`, as the page and the quick lookup do).
pub async fn abrir(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<Expediente, DomainError> {
    let (e, _) = visible(db, actor, id).await?;
    seguimiento::visita(db, actor, &e).await?;
    Ok(a_dto(&e))
}

/// Finds by number ignoring case, spaces and leading zeros.
pub async fn por_numero(
    db: &DatabaseConnection,
    actor: &Actor,
    numero: &str,
) -> Result<Expediente, DomainError> {
    let e = expediente::Entity::find()
        .filter(expediente::Column::NumeroNormalizado.eq(numeracion::normalizar(numero)))
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    obtener(db, actor, e.id).await
}

/// Records that an organismo has seen the expediente pass (visibility by passage).
pub async fn registrar_paso(
    tx: &DatabaseTransaction,
    expediente_id: i64,
    organismo_id: i64,
) -> Result<(), DomainError> {
    expediente_organismo::Entity::insert(expediente_organismo::ActiveModel {
        expediente_id: Set(expediente_id),
        organismo_id: Set(organismo_id),
    })
    .on_conflict(
        OnConflict::columns([
            expediente_organismo::Column::ExpedienteId,
            expediente_organismo::Column::OrganismoId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx)
    .await?;
    Ok(())
}

/// An event of the expediente's chain ([`NuevoEvento::de_unidad`]).
pub fn evento(
    actor: &Actor,
    expediente_id: i64,
    unidad_id: i64,
    tipo: &'static str,
    datos: serde_json::Value,
) -> NuevoEvento {
    NuevoEvento::de_unidad(actor, "expediente", expediente_id, unidad_id, tipo, datos)
}

fn validar_iniciador(i: &Iniciador, campos: &mut BTreeMap<String, String>) -> Option<Iniciador> {
    let nombre = texto_requerido(&i.nombre, 200, "Ingresá el nombre del iniciador.")
        .map_err(|m| campos.insert("iniciador.nombre".into(), m))
        .ok();
    let documento = match i.documento.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(d) => documento(d)
            .map(Some)
            .map_err(|m| campos.insert("iniciador.documento".into(), m.into()))
            .ok(),
    };
    Some(Iniciador {
        nombre: nombre?,
        documento: documento?,
    })
}

/// The mesas where the actor may start an expediente (the iniciar screen): its own mesa, the
/// mesa its oficina depends on, or — for an administrator — every active mesa.
pub async fn mesas_para_iniciar(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<crate::model::Unidad>, DomainError> {
    use sea_orm::QueryOrder;
    // The active mesas come from SQL; which of those the actor may start in is authz's rule.
    let mesas = unidad::Entity::find()
        .filter(unidad::Column::Tipo.eq(unidades::MESA))
        .filter(unidad::Column::Activo.eq(true))
        .order_by_asc(unidad::Column::OrganismoId)
        .order_by_asc(unidad::Column::Codigo)
        .all(db)
        .await?;
    Ok(mesas
        .into_iter()
        .map(unidades::a_dto)
        .filter(|u| {
            let en = UnidadCtx {
                id: u.id,
                mesa_id: u.mesa_id,
            };
            authz::decidir(actor, Accion::Iniciar, Recurso::Inicio(en)) == Decision::Permitido
        })
        .collect())
}

/// Starts an expediente at the actor's mesa (an oficina's user starts it for the mesa it
/// depends on; an administrator names the mesa), with an automatic number — or registers an
/// existing one with its hand-typed number (same permission).
pub async fn iniciar(
    db: &DatabaseConnection,
    actor: &Actor,
    nuevo: &NuevoExpediente,
) -> Result<Expediente, DomainError> {
    let mesa_id = match actor.perfil {
        Perfil::MesaDeEntrada => actor.usuario.unidad_id,
        Perfil::Oficina => actor.mesa_de_su_unidad,
        Perfil::Administrador => nuevo.unidad_id,
        _ => None,
    };
    let mesa = match mesa_id {
        Some(id) => unidad::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let recurso = mesa
        .as_ref()
        .map(|m| UnidadCtx {
            id: m.id,
            mesa_id: m.mesa_id,
        })
        .map_or(Recurso::Ninguno, Recurso::Inicio);
    authz::exigir(actor, Accion::Iniciar, recurso)?;

    let mut campos = BTreeMap::new();
    let mesa = match mesa {
        Some(m) if m.tipo == unidades::MESA && m.activo => Some(m),
        _ => {
            campos.insert(
                "unidad_id".into(),
                "Elegí una mesa de entradas activa donde iniciar el expediente.".into(),
            );
            None
        }
    };
    let extracto = extracto(&nuevo.extracto)
        .map_err(|m| campos.insert("extracto".into(), m))
        .ok();
    let iniciador = validar_iniciador(&nuevo.iniciador, &mut campos);
    if let Some(t) = nuevo.tipo_tramite_id {
        let valido = tipo_tramite::Entity::find_by_id(t)
            .one(db)
            .await?
            .is_some_and(|t| t.activo);
        if !valido {
            campos.insert(
                "tipo_tramite_id".into(),
                "Elegí un tipo de trámite activo del catálogo.".into(),
            );
        }
    }
    let registrado = match nuevo.numero.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) if numeracion::es_automatico(n, numeracion::ECOSISTEMA) => {
            campos.insert(
                "numero".into(),
                "Ese número tiene la forma de los automáticos; se asigna solo.".into(),
            );
            None
        }
        Some(n) if n.chars().count() > 80 => {
            campos.insert(
                "numero".into(),
                "El número puede tener hasta 80 caracteres.".into(),
            );
            None
        }
        Some(n) => Some(n.to_owned()),
    };
    let (Some(mesa), Some(extracto), Some(iniciador), true) =
        (mesa, extracto, iniciador, campos.is_empty())
    else {
        return Err(DomainError::Invalido(campos));
    };
    let organismo = organismo::Entity::find_by_id(mesa.organismo_id)
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)?;

    let tx = db::begin_write(db).await?;
    let numero = match &registrado {
        Some(n) => n.clone(),
        None => {
            let anio = numeracion::anio_provincial();
            let seq = numeracion::siguiente(&tx, numeracion::ECOSISTEMA, anio).await?;
            numeracion::formatear(anio, seq, numeracion::ECOSISTEMA, &organismo.codigo)
        }
    };
    let normalizado = numeracion::normalizar(&numero);
    if expediente::Entity::find()
        .filter(expediente::Column::NumeroNormalizado.eq(normalizado.as_str()))
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(numero_duplicado());
    }
    let ahora = Utc::now().trunc_subsecs(6);
    let texto_busqueda = texto_de_busqueda(
        &numero,
        &extracto,
        &iniciador.nombre,
        iniciador.documento.as_deref(),
    );
    let creado = expediente::ActiveModel {
        texto_busqueda: Set(texto_busqueda),
        numero: Set(numero),
        numero_normalizado: Set(normalizado),
        extracto: Set(extracto),
        iniciador_nombre: Set(iniciador.nombre),
        iniciador_documento: Set(iniciador.documento),
        tipo_tramite_id: Set(nuevo.tipo_tramite_id),
        organismo_id: Set(mesa.organismo_id),
        unidad_origen_id: Set(mesa.id),
        unidad_actual_id: Set(mesa.id),
        estado: Set(EN_TRAMITE.to_owned()),
        fojas: Set(0),
        version: Set(1),
        creado_por: Set(actor.id()),
        creado_en: Set(ahora),
        actualizado_por: Set(actor.id()),
        actualizado_en: Set(ahora),
        en_unidad_desde: Set(Some(ahora)),
        ..Default::default()
    }
    .insert(&tx)
    .await
    // Two registrations of one number at once both pass the check above on PostgreSQL; the
    // unique index decides, and the loser gets the same answer as a sequential duplicate.
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => numero_duplicado(),
        _ => DomainError::Db(e),
    })?;
    registrar_paso(&tx, creado.id, creado.organismo_id).await?;
    let dto = a_dto(&creado);
    let tipo = if registrado.is_some() {
        "EXPEDIENTE_REGISTRADO"
    } else {
        "EXPEDIENTE_INICIADO"
    };
    eventos::registrar(
        &tx,
        evento(actor, creado.id, mesa.id, tipo, json!({ "despues": dto })),
    )
    .await?;
    tx.commit().await?;
    Ok(dto)
}

/// The words of a search text as the index holds them ([`migrations::busqueda`]), for
/// [`crate::infra::sql::palabras_en_expediente`]; 422 on `q` when the text passes the limits of
/// [`crate::model::palabras_de_busqueda`] (counted again after punctuation splits words).
pub fn palabras_de_busqueda(q: Option<&str>) -> Result<Vec<String>, DomainError> {
    let crudas = crate::model::palabras_de_busqueda(q).map_err(|m| DomainError::campo("q", m))?;
    let palabras: Vec<String> = crudas
        .into_iter()
        .flat_map(migrations::busqueda::palabras)
        .collect();
    if palabras.len() > crate::model::MAX_PALABRAS_BUSQUEDA {
        return Err(DomainError::campo(
            "q",
            "La búsqueda puede tener hasta 10 palabras.",
        ));
    }
    Ok(palabras)
}

/// What the word search (`q`) looks in: number, extracto, iniciador and DNI/CUIT, as the
/// full-text index reads it ([`migrations::busqueda::texto`]). Written by `iniciar` and
/// `editar`, and by the generator.
pub fn texto_de_busqueda(
    numero: &str,
    extracto: &str,
    iniciador: &str,
    documento: Option<&str>,
) -> String {
    migrations::busqueda::de_expediente(numero, extracto, iniciador, documento)
}

fn numero_duplicado() -> DomainError {
    DomainError::conflicto("duplicate_number")
}

/// The state change every edit makes, checked inside the transaction: only when the version
/// is the one read and the state allows it. Answers 409 `stale_version` or `wrong_state`.
pub(crate) async fn cambiar_estado(
    tx: &DatabaseTransaction,
    id: i64,
    version: Option<i64>,
    estado_requerido: &str,
    cambios: Vec<(expediente::Column, sea_orm::Value)>,
    actor_id: i64,
) -> Result<expediente::Model, DomainError> {
    let mut q = expediente::Entity::update_many()
        .col_expr(
            expediente::Column::Version,
            Expr::col(expediente::Column::Version).add(1),
        )
        .col_expr(expediente::Column::ActualizadoPor, Expr::value(actor_id))
        .col_expr(
            expediente::Column::ActualizadoEn,
            Expr::value(Utc::now().trunc_subsecs(6)),
        )
        .filter(expediente::Column::Id.eq(id))
        .filter(expediente::Column::Estado.eq(estado_requerido));
    if let Some(v) = version {
        q = q.filter(expediente::Column::Version.eq(v));
    }
    for (col, valor) in cambios {
        q = q.col_expr(col, Expr::value(valor));
    }
    let hecho = q.exec(tx).await?;
    let actual = expediente::Entity::find_by_id(id)
        .one(tx)
        .await?
        .ok_or(DomainError::NoEncontrado)?;
    if hecho.rows_affected == 1 {
        return Ok(actual);
    }
    if actual.estado != estado_requerido {
        Err(estado_incorrecto(&actual.estado))
    } else {
        Err(DomainError::conflicto("stale_version"))
    }
}

pub fn estado_incorrecto(estado: &str) -> DomainError {
    DomainError::conflicto_con(
        "wrong_state",
        match estado {
            EN_TRANSITO => {
                "El expediente está en tránsito: no se puede modificar hasta que se reciba."
            }
            ARCHIVADO => "El expediente está archivado.",
            _ => "El expediente no está en un estado que permita esta acción.",
        },
    )
}

/// Edits extracto and iniciador with optimistic locking (a stale `version` is a conflict,
/// never a silent overwrite); only the holder, and never in transit.
pub async fn actualizar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    cambios: &CambiosExpediente,
) -> Result<Expediente, DomainError> {
    // Before the write turn, and again under it (see `pases::enviar`).
    puede(db, actor, id, Accion::Editar).await?;
    let tx = db::begin_write(db).await?;
    let (e, ctx) = visible(&tx, actor, id).await?;
    authz::exigir(actor, Accion::Editar, Recurso::Expediente(&ctx))?;
    if e.estado != EN_TRAMITE {
        return Err(estado_incorrecto(&e.estado));
    }
    if let Some(v) = cambios.version
        && v != e.version
    {
        return Err(DomainError::conflicto("stale_version"));
    }
    let mut campos = BTreeMap::new();
    let Some(version) = cambios.version else {
        return Err(DomainError::campo(
            "version",
            "Falta la versión que leíste del expediente.",
        ));
    };
    let mut valores = Vec::new();
    if let Some(x) = &cambios.extracto {
        match extracto(x) {
            Ok(x) => valores.push((expediente::Column::Extracto, x.into())),
            Err(m) => {
                campos.insert("extracto".into(), m);
            }
        }
    }
    if let Some(i) = &cambios.iniciador
        && let Some(i) = validar_iniciador(i, &mut campos)
    {
        valores.push((expediente::Column::IniciadorNombre, i.nombre.into()));
        valores.push((expediente::Column::IniciadorDocumento, i.documento.into()));
    }
    if !campos.is_empty() {
        return Err(DomainError::Invalido(campos));
    }
    let antes = a_dto(&e);
    let extracto_final = cambios
        .extracto
        .as_deref()
        .map_or(e.extracto.clone(), |x| x.trim().to_owned());
    let iniciador_final = cambios.iniciador.clone().unwrap_or(antes.iniciador.clone());
    valores.push((
        expediente::Column::TextoBusqueda,
        texto_de_busqueda(
            &e.numero,
            &extracto_final,
            &iniciador_final.nombre,
            iniciador_final.documento.as_deref(),
        )
        .into(),
    ));
    let nuevo = cambiar_estado(&tx, id, Some(version), EN_TRAMITE, valores, actor.id()).await?;
    let despues = a_dto(&nuevo);
    eventos::registrar(
        &tx,
        evento(
            actor,
            id,
            e.unidad_actual_id,
            "EXPEDIENTE_MODIFICADO",
            json!({ "antes": { "extracto": antes.extracto, "iniciador": antes.iniciador },
                    "despues": { "extracto": despues.extracto, "iniciador": despues.iniciador } }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(despues)
}

/// Archives (or, with `archivar = false`, unarchives) with a required motivo.
pub async fn archivar(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    motivo: &Motivo,
    archivar: bool,
) -> Result<Expediente, DomainError> {
    puede(db, actor, id, Accion::Archivar).await?;
    let tx = db::begin_write(db).await?;
    let (e, ctx) = visible(&tx, actor, id).await?;
    authz::exigir(actor, Accion::Archivar, Recurso::Expediente(&ctx))?;
    let (desde, hacia, tipo) = if archivar {
        (EN_TRAMITE, ARCHIVADO, "EXPEDIENTE_ARCHIVADO")
    } else {
        (ARCHIVADO, EN_TRAMITE, "EXPEDIENTE_DESARCHIVADO")
    };
    if e.estado != desde {
        return Err(estado_incorrecto(&e.estado));
    }
    let motivo = texto_requerido(&motivo.motivo, 1000, "Ingresá el motivo.")
        .map_err(|m| DomainError::campo("motivo", &m))?;
    let nuevo = cambiar_estado(
        &tx,
        id,
        None,
        desde,
        vec![(expediente::Column::Estado, hacia.into())],
        actor.id(),
    )
    .await?;
    eventos::registrar(
        &tx,
        evento(
            actor,
            id,
            e.unidad_actual_id,
            tipo,
            json!({ "motivo": motivo }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(a_dto(&nuevo))
}

pub use crate::model::FiltroExpedientes;

/// Midnight in the province at the start of `fecha` (`aaaa-mm-dd`, checked by
/// [`calendario::fecha_valida`]), `dias` days later.
fn inicio_del_dia(
    fecha: &str,
    campo: &str,
    dias: u64,
) -> Result<chrono::DateTime<Utc>, DomainError> {
    use crate::domain::organizacion::calendario;
    let d = calendario::fecha_valida(fecha, campo)?;
    Ok(calendario::medianoche(
        d.checked_add_days(chrono::Days::new(dias)).unwrap_or(d),
    ))
}

/// Counting stops here: beyond it a search says "more than 1,000" instead of reading every
/// match, so a broad search costs about as little as a narrow one (docs/benchmarks.md).
pub const TOPE_TOTAL: u64 = 1_000;

/// "Passed through one of these organismos", over `expediente.id`, correlated (`EXISTS`): the
/// database walks expedientes in the requested order and stops as soon as it has a page (or the
/// capped count). An `IN (subquery)` would first read every passage of the organismo.
fn paso_por(organismos: Vec<i64>) -> SimpleExpr {
    paso_de(organismos, (expediente::Entity, expediente::Column::Id))
}

/// [`paso_por`] over another column that holds the expediente's id (a pase's, an event's).
fn paso_de(
    organismos: Vec<i64>,
    expediente_id: impl sea_orm::sea_query::IntoColumnRef,
) -> SimpleExpr {
    use sea_orm::sea_query::Query;
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(expediente_organismo::Entity)
            .and_where(expediente_organismo::Column::OrganismoId.is_in(organismos))
            .and_where(
                Expr::col((
                    expediente_organismo::Entity,
                    expediente_organismo::Column::ExpedienteId,
                ))
                .equals(expediente_id),
            )
            .to_owned(),
    )
}

/// A search's filters, checked (422 on the field) and ready to be turned into SQL as often as
/// a door needs: the page, its capped count and the CSV export build the same query.
pub struct Busqueda<'a> {
    actor: &'a Actor,
    f: &'a FiltroExpedientes,
    backend: sea_orm::DbBackend,
    desde: Option<chrono::DateTime<Utc>>,
    hasta: Option<chrono::DateTime<Utc>>,
    terminos: Vec<crate::infra::sql::Termino>,
}

impl<'a> Busqueda<'a> {
    pub fn nueva(
        backend: sea_orm::DbBackend,
        actor: &'a Actor,
        f: &'a FiltroExpedientes,
    ) -> Result<Self, DomainError> {
        let desde = f
            .desde
            .as_deref()
            .map(|d| inicio_del_dia(d, "desde", 0))
            .transpose()?;
        let hasta = f
            .hasta
            .as_deref()
            .map(|h| inicio_del_dia(h, "hasta", 1))
            .transpose()?;
        if let Some(o) = f.orden.as_deref()
            && !crate::model::ORDENES.iter().any(|(v, _)| *v == o)
        {
            return Err(DomainError::campo(
                "orden",
                "Ordená por creado_en, numero o antiguedad (con - delante para invertir).",
            ));
        }
        Ok(Busqueda {
            actor,
            f,
            backend,
            desde,
            hasta,
            terminos: crate::infra::sql::terminos(&palabras_de_busqueda(f.q.as_deref())?),
        })
    }

    /// Asks the index which words the search's prefixes start, so the index reads whole words
    /// ([`crate::infra::sql::expandir_prefijos`]); the rows found are the same.
    pub async fn con_vocabulario<C: ConnectionTrait>(
        mut self,
        db: &C,
    ) -> Result<Self, sea_orm::DbErr> {
        self.terminos = crate::infra::sql::expandir_prefijos(db, self.terminos).await?;
        Ok(self)
    }

    /// Every filter and the visibility rule; `con_paso = false` leaves the passage filter to
    /// the caller (the count joins it instead).
    fn filtrado(&self, con_paso: bool) -> sea_orm::Select<expediente::Entity> {
        let f = self.f;
        let mut select = expediente::Entity::find();
        if let Some(orgs) = authz::organismos_visibles(self.actor) {
            select = select.filter(paso_por(orgs));
        }
        if let Some(n) = f.numero.as_deref().filter(|n| !n.trim().is_empty()) {
            select =
                select.filter(expediente::Column::NumeroNormalizado.eq(numeracion::normalizar(n)));
        }
        if let Some(c) = crate::infra::sql::palabras_en_expediente(self.backend, &self.terminos) {
            select = select.filter(c);
        }
        if let Some(e) = &f.estado {
            select = select.filter(expediente::Column::Estado.eq(e.trim().to_uppercase()));
        }
        if let Some(o) = f.organismo_id {
            select = select.filter(expediente::Column::OrganismoId.eq(o));
        }
        if let Some(u) = f.unidad_actual_id {
            select = select.filter(expediente::Column::UnidadActualId.eq(u));
        }
        if let Some(u) = f.unidad_origen_id {
            select = select.filter(expediente::Column::UnidadOrigenId.eq(u));
        }
        if let Some(o) = f.paso_por_organismo_id.filter(|_| con_paso) {
            select = select.filter(paso_por(vec![o]));
        }
        if let Some(d) = self.desde {
            select = select.filter(expediente::Column::CreadoEn.gte(d));
        }
        if let Some(h) = self.hasta {
            select = select.filter(expediente::Column::CreadoEn.lt(h));
        }
        select
    }

    /// The filtered query in the order asked for, the id breaking ties.
    pub fn ordenada(&self) -> sea_orm::Select<expediente::Entity> {
        use sea_orm::QueryOrder;
        use sea_orm::sea_query::{NullOrdering, Order};
        let (columna, orden) = match self.f.orden.as_deref() {
            Some("creado_en") => (expediente::Column::CreadoEn, Order::Asc),
            Some("numero") => (expediente::Column::NumeroNormalizado, Order::Asc),
            Some("-numero") => (expediente::Column::NumeroNormalizado, Order::Desc),
            // Longest at its unidad: the earliest arrival first.
            Some("-antiguedad") => (expediente::Column::EnUnidadDesde, Order::Asc),
            Some("antiguedad") => (expediente::Column::EnUnidadDesde, Order::Desc),
            _ => (expediente::Column::CreadoEn, Order::Desc),
        };
        // One place for NULLs on both databases (an expediente in transit has no arrival yet).
        self.filtrado(true)
            .order_by_with_nulls(columna, orden.clone(), NullOrdering::Last)
            .order_by(expediente::Column::Id, orden)
    }

    /// How many match, exact up to `tope`.
    async fn contar(&self, db: &DatabaseConnection, tope: u64) -> Result<u64, DomainError> {
        use sea_orm::QuerySelect;
        use sea_orm::sea_query::{Alias, JoinType};
        // Counting "passed through" walks that organismo's passages (one row per expediente)
        // and joins the expediente, instead of walking every expediente and probing them.
        Ok(match self.f.paso_por_organismo_id {
            Some(o) => {
                let select = self
                    .filtrado(false)
                    .join_as(
                        JoinType::InnerJoin,
                        expediente::Entity::belongs_to(expediente_organismo::Entity)
                            .from(expediente::Column::Id)
                            .to(expediente_organismo::Column::ExpedienteId)
                            .into(),
                        Alias::new("paso"),
                    )
                    .filter(
                        Expr::col((
                            Alias::new("paso"),
                            expediente_organismo::Column::OrganismoId,
                        ))
                        .eq(o),
                    );
                crate::infra::sql::contar_hasta(db, select, tope).await?
            }
            None => crate::infra::sql::contar_hasta(db, self.filtrado(true), tope).await?,
        })
    }
}

/// Searches the expedientes the actor may see; every filter and the visibility rule run in SQL.
/// The total is exact up to [`TOPE_TOTAL`].
pub async fn buscar(
    db: &DatabaseConnection,
    actor: &Actor,
    f: &FiltroExpedientes,
) -> Result<Resultados, DomainError> {
    use sea_orm::PaginatorTrait;
    let busqueda = Busqueda::nueva(db.get_database_backend(), actor, f)?
        .con_vocabulario(db)
        .await?;
    let contados = busqueda.contar(db, TOPE_TOTAL).await?;
    let (page, per_page) = crate::model::ConsultaLista {
        page: f.page,
        per_page: f.per_page,
        q: None,
    }
    .pagina();
    let items = busqueda
        .ordenada()
        .paginate(db, per_page)
        .fetch_page(page - 1)
        .await?
        .iter()
        .map(a_dto)
        .collect();
    Ok(Resultados {
        items,
        total: std::cmp::min(contados, TOPE_TOTAL),
        total_es_minimo: contados > TOPE_TOTAL,
        page,
        per_page,
    })
}

/// The historial of an expediente: every event of its chain, oldest first.
pub async fn historial(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    consulta: &crate::model::ConsultaLista,
) -> Result<crate::model::Lista<crate::model::Evento>, DomainError> {
    visible(db, actor, id).await?;
    historial_de(db, actor, id, consulta).await
}

/// [`historial`] of an expediente whose visibility the caller has checked: without the events
/// of other unidades' private notes (`anotaciones::eventos_visibles`), in the rows and the total.
pub async fn historial_de(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    consulta: &crate::model::ConsultaLista,
) -> Result<crate::model::Lista<crate::model::Evento>, DomainError> {
    use crate::infra::entities::evento;
    use sea_orm::QueryOrder;
    let mut select = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.eq(id))
        .order_by_asc(evento::Column::Seq);
    if let Some(c) = anotaciones::eventos_visibles(actor) {
        select = select.filter(c);
    }
    Ok(crate::infra::sql::paginar(
        db,
        select,
        consulta,
        crate::domain::cuentas::auditoria::a_dto,
    )
    .await?)
}
