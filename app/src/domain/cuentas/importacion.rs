//! CSV import of the access-request list the province already uses (issue #3, DECISIONS.md
//! "CSV import of access requests"): Spanish headers, `;` or `,`, UTF-8 or Latin-1. Every row
//! is checked first and nothing is imported unless the whole file is valid; then every user is
//! created in one transaction, with temporary passwords hashed before it opens. The import
//! runs as a background job kept in the database (table `importacion`), so its progress and
//! its one download of passwords answer from any app server and survive a restart.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::passwords::generar_password_temporal;
use crate::domain::acceso::passwords::hash_bloqueante;
use crate::domain::cuentas;
use crate::infra::db;
use crate::infra::entities::importacion;
use crate::infra::entities::organismo;
use crate::infra::entities::unidad;
use crate::infra::entities::usuario;
use crate::model::{
    Email, EstadoImportacion, FilaImportacion, Perfil, VistaPrevia, texto_requerido,
};
use chrono::{SubsecRound, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Decodes the file: UTF-8 (with or without BOM), otherwise Latin-1.
pub fn decodificar(bytes: &[u8]) -> String {
    let sin_bom = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(sin_bom) {
        Ok(s) => s.to_owned(),
        Err(_) => sin_bom.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Lower case, no accents, single spaces: how headers, codes and names are compared.
pub fn normalizar(s: &str) -> String {
    crate::infra::texto::sin_acentos(&s.replace('_', " "))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Columna {
    Completo,
    Nombre,
    Apellido,
    Correo,
    OrganismoYDependencia,
    Organismo,
    Dependencia,
    Perfil,
}

fn columna(encabezado: &str) -> Option<Columna> {
    Some(match normalizar(encabezado).as_str() {
        "nombre y apellido" | "apellido y nombre" | "nombre completo" | "apellido y nombres" => {
            Columna::Completo
        }
        "nombre" | "nombres" => Columna::Nombre,
        "apellido" | "apellidos" => Columna::Apellido,
        "correo" | "correo electronico" | "email" | "e-mail" | "mail" => Columna::Correo,
        "organismo y dependencia" => Columna::OrganismoYDependencia,
        "organismo" => Columna::Organismo,
        "dependencia" | "unidad" => Columna::Dependencia,
        "perfil" => Columna::Perfil,
        _ => return None,
    })
}

/// Splits "López García, María del Carmen" at the comma; otherwise the last word is the
/// apellido (DECISIONS.md). Answers (nombre, apellido).
pub fn separar_nombre(completo: &str) -> (String, String) {
    let completo = completo.trim();
    if let Some((apellido, nombre)) = completo.split_once(',') {
        return (nombre.trim().to_owned(), apellido.trim().to_owned());
    }
    match completo.rsplit_once(char::is_whitespace) {
        Some((nombre, apellido)) => (nombre.trim().to_owned(), apellido.trim().to_owned()),
        None => (completo.to_owned(), String::new()),
    }
}

/// Splits "MSA / Dirección de Ambiente" (or `-`, `—`, `–`) into organismo and dependencia.
pub fn separar_organismo(texto: &str) -> (String, String) {
    for sep in [" / ", "/", " — ", " – ", " - "] {
        if let Some((o, d)) = texto.split_once(sep) {
            return (o.trim().to_owned(), d.trim().to_owned());
        }
    }
    (texto.trim().to_owned(), String::new())
}

fn perfil_de(texto: &str) -> Option<Perfil> {
    let t = normalizar(texto);
    let t = if t == "mesa de entradas" {
        "mesa de entrada".to_owned()
    } else {
        t
    };
    Perfil::TODOS
        .into_iter()
        .find(|p| normalizar(p.codigo()) == t || normalizar(p.etiqueta()) == t)
}

/// A row read from the file, before it is checked against the database.
#[derive(Debug, Clone, Default)]
struct Cruda {
    linea: usize,
    nombre: String,
    apellido: String,
    email: String,
    organismo: String,
    dependencia: String,
    perfil: String,
}

/// Reads the file into rows, or says what is wrong with the file as a whole.
fn leer(bytes: &[u8]) -> Result<Vec<Cruda>, Vec<String>> {
    let texto = decodificar(bytes);
    let primera = texto.lines().next().unwrap_or_default();
    let delimitador =
        if primera.matches(';').count() >= primera.matches(',').count() && primera.contains(';') {
            b';'
        } else {
            b','
        };
    let mut lector = csv::ReaderBuilder::new()
        .delimiter(delimitador)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(texto.as_bytes());
    let encabezados = lector
        .headers()
        .map_err(|e| vec![format!("No se pudo leer el encabezado: {e}")])?
        .clone();
    let indices: HashMap<Columna, usize> = encabezados
        .iter()
        .enumerate()
        .filter_map(|(i, h)| columna(h).map(|c| (c, i)))
        .collect();
    let tiene = |c| indices.contains_key(&c);
    let mut faltan = Vec::new();
    if !(tiene(Columna::Completo) || (tiene(Columna::Nombre) && tiene(Columna::Apellido))) {
        faltan.push("«nombre y apellido» (o «nombre» y «apellido»)");
    }
    if !tiene(Columna::Correo) {
        faltan.push("«correo»");
    }
    if !(tiene(Columna::OrganismoYDependencia) || tiene(Columna::Organismo)) {
        faltan.push("«organismo y dependencia» (o «organismo» y «dependencia»)");
    }
    if !tiene(Columna::Perfil) {
        faltan.push("«perfil»");
    }
    if !faltan.is_empty() {
        return Err(vec![format!("Faltan columnas: {}.", faltan.join(", "))]);
    }

    let mut filas = Vec::new();
    for (i, registro) in lector.records().enumerate() {
        let linea = i + 2;
        let r = registro.map_err(|e| vec![format!("Línea {linea}: {e}")])?;
        if r.iter().all(str::is_empty) {
            continue;
        }
        let campo = |c| {
            indices
                .get(&c)
                .and_then(|&i| r.get(i))
                .unwrap_or_default()
                .to_owned()
        };
        let (nombre, apellido) = if tiene(Columna::Completo) {
            separar_nombre(&campo(Columna::Completo))
        } else {
            (campo(Columna::Nombre), campo(Columna::Apellido))
        };
        let (organismo, dependencia) = if tiene(Columna::OrganismoYDependencia) {
            separar_organismo(&campo(Columna::OrganismoYDependencia))
        } else {
            (campo(Columna::Organismo), campo(Columna::Dependencia))
        };
        filas.push(Cruda {
            linea,
            nombre,
            apellido,
            email: campo(Columna::Correo).to_lowercase(),
            organismo,
            dependencia,
            perfil: campo(Columna::Perfil),
        });
    }
    if filas.is_empty() {
        return Err(vec!["El archivo no tiene filas de datos.".to_owned()]);
    }
    Ok(filas)
}

/// A checked row, resolved to ids.
#[derive(Debug, Clone)]
struct Resuelta {
    email: String,
    nombre: String,
    apellido: String,
    perfil: Perfil,
    organismo_id: Option<i64>,
    unidad_id: Option<i64>,
}

/// Checks every row against the rules and the database (lookups in a few queries, not one per
/// row). Answers the preview and, when it is valid, the resolved rows.
async fn revisar(
    db: &DatabaseConnection,
    bytes: &[u8],
) -> Result<(VistaPrevia, Vec<Resuelta>), DomainError> {
    let crudas = match leer(bytes) {
        Ok(f) => f,
        Err(errores) => {
            return Ok((
                VistaPrevia {
                    filas: vec![],
                    total: 0,
                    con_errores: 0,
                    valida: false,
                    errores,
                },
                vec![],
            ));
        }
    };
    let organismos = organismo::Entity::find().all(db).await?;
    let unidades = unidad::Entity::find().all(db).await?;
    let mut existentes = std::collections::HashSet::new();
    let correos: Vec<String> = crudas.iter().map(|c| c.email.clone()).collect();
    for tanda in correos.chunks(500) {
        let ya: Vec<String> = usuario::Entity::find()
            .select_only()
            .column(usuario::Column::Email)
            .filter(usuario::Column::Email.is_in(tanda.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        existentes.extend(ya);
    }

    let mut vistas: BTreeMap<String, usize> = BTreeMap::new();
    let mut filas = Vec::with_capacity(crudas.len());
    let mut resueltas = Vec::with_capacity(crudas.len());
    for c in crudas {
        let mut errores = Vec::new();
        let email = match Email::parse(&c.email) {
            Ok(e) => e.as_str().to_owned(),
            Err(m) => {
                errores.push(m.to_owned());
                c.email.clone()
            }
        };
        if let Some(primera) = vistas.get(&email) {
            errores.push(format!("El correo ya aparece en la línea {primera}."));
        } else {
            vistas.insert(email.clone(), c.linea);
        }
        if existentes.contains(&email) {
            errores.push("Ya existe un usuario con ese correo.".to_owned());
        }
        for (valor, vacio) in [
            (&c.nombre, "Falta el nombre."),
            (&c.apellido, "Falta el apellido."),
        ] {
            if let Err(m) = texto_requerido(valor, 100, vacio) {
                errores.push(m);
            }
        }
        let perfil = perfil_de(&c.perfil);
        if perfil.is_none() {
            errores.push(format!("El perfil «{}» no existe.", c.perfil));
        }
        let buscado = normalizar(&c.organismo);
        let org = organismos
            .iter()
            .find(|o| normalizar(&o.codigo) == buscado || normalizar(&o.nombre) == buscado);
        if org.is_none()
            && !(c.organismo.is_empty() && perfil.is_some_and(|p| !p.requiere_unidad()))
        {
            errores.push(format!("No se encontró el organismo «{}».", c.organismo));
        }
        let dep = normalizar(&c.dependencia);
        let unidad = org.and_then(|o| {
            unidades.iter().find(|u| {
                u.organismo_id == o.id
                    && (normalizar(&u.codigo) == dep || normalizar(&u.nombre) == dep)
            })
        });
        let requiere = perfil.is_some_and(Perfil::requiere_unidad);
        if requiere && org.is_some() && unidad.is_none() {
            errores.push(format!(
                "No se encontró la dependencia «{}» en ese organismo.",
                c.dependencia
            ));
        }
        if errores.is_empty()
            && let Some(perfil) = perfil
        {
            resueltas.push(Resuelta {
                email: email.clone(),
                nombre: c.nombre.trim().to_owned(),
                apellido: c.apellido.trim().to_owned(),
                perfil,
                organismo_id: org.map(|o| o.id),
                unidad_id: if requiere { unidad.map(|u| u.id) } else { None },
            });
        }
        filas.push(FilaImportacion {
            linea: c.linea,
            nombre: c.nombre,
            apellido: c.apellido,
            email,
            organismo: c.organismo,
            dependencia: c.dependencia,
            perfil: perfil.map_or(c.perfil, |p| p.codigo().to_owned()),
            errores,
        });
    }
    let con_errores = filas.iter().filter(|f| !f.errores.is_empty()).count();
    let total = filas.len();
    Ok((
        VistaPrevia {
            filas,
            total,
            con_errores,
            valida: con_errores == 0,
            errores: vec![],
        },
        resueltas,
    ))
}

/// The preview of a file (ADMINISTRADOR only): every row with its problems.
pub async fn vista_previa(
    db: &DatabaseConnection,
    actor: &Actor,
    bytes: &[u8],
) -> Result<VistaPrevia, DomainError> {
    authz::exigir(actor, authz::Accion::Administrar, authz::Recurso::Ninguno)?;
    Ok(revisar(db, bytes).await?.0)
}

/// How long the temporary passwords of a finished import wait for their one download.
pub const VIDA_CLAVES: TimeDelta = TimeDelta::hours(1);
/// How often the server running an import writes its progress and a sign of life.
const LATIDO: std::time::Duration = std::time::Duration::from_secs(2);
/// An import with no sign of life for this long was running on a server that stopped: it
/// ends as failed (its one transaction never committed, so no user was created).
pub const SIN_LATIDO: TimeDelta = TimeDelta::seconds(30);

const EN_CURSO: &str = "EN_CURSO";
const TERMINADA: &str = "TERMINADA";
const FALLIDA: &str = "FALLIDA";

/// Why an import with no sign of life ended.
pub const MENSAJE_DETENIDA: &str = "El servidor que hacía la importación se detuvo antes de terminar; \
     no se creó ningún usuario. Volvé a subir el archivo.";

/// Starts importing a valid file in the background (ADMINISTRADOR only). An invalid file is
/// refused whole with 422 and nothing is written. The job is a row of `importacion`, so any
/// server can report it; the server that started it runs it and keeps the row up to date.
pub async fn iniciar(
    db: &DatabaseConnection,
    actor: &Actor,
    bytes: &[u8],
) -> Result<EstadoImportacion, DomainError> {
    authz::exigir(actor, authz::Accion::Administrar, authz::Recurso::Ninguno)?;
    let (vista, filas) = revisar(db, bytes).await?;
    if !vista.valida {
        let mut campos = BTreeMap::new();
        campos.insert(
            "archivo".to_owned(),
            match vista.errores.first() {
                Some(e) => e.clone(),
                None => format!(
                    "{} de {} filas tienen problemas; corregilas y volvé a subir el archivo.",
                    vista.con_errores, vista.total
                ),
            },
        );
        return Err(DomainError::Invalido(campos));
    }
    let id = {
        let mut b = [0u8; 12];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut b);
        hex::encode(b)
    };
    let ahora = Utc::now().trunc_subsecs(6);
    let tx = db::begin_write(db).await?;
    let trabajo = importacion::ActiveModel {
        id: Set(id.clone()),
        dueno_id: Set(actor.id()),
        estado: Set(EN_CURSO.to_owned()),
        total: Set(filas.len() as i64),
        hechos: Set(0),
        mensaje: Set(None),
        claves: Set(None),
        creado_en: Set(ahora),
        latido_en: Set(ahora),
        terminado_en: Set(None),
        descargado_en: Set(None),
    }
    .insert(&*tx)
    .await?;
    tx.commit().await?;

    let hechos = Arc::new(AtomicUsize::new(0));
    let (db, act, idc) = (db.clone(), actor.clone(), id.clone());
    tokio::spawn(async move {
        let latido = tokio::spawn(latir(db.clone(), idc.clone(), hechos.clone()));
        // Its own task, so a panic ends the job as failed instead of leaving it running.
        let resultado = tokio::spawn(ejecutar(db.clone(), act, idc.clone(), filas, hechos)).await;
        latido.abort();
        let mensaje = match resultado {
            Ok(Ok(())) => return,
            Ok(Err(e)) => crate::model::AppError::from(e).message,
            Err(_) => "La importación se interrumpió por un error interno; no se creó ningún \
                       usuario."
                .to_owned(),
        };
        if let Err(e) = terminar_fallida(&db, &idc, &mensaje).await {
            tracing::error!(importacion = %idc, error = %e, "could not record a failed import");
        }
    });
    Ok(vista_de(&trabajo))
}

/// Writes the progress and a sign of life of a running import every [`LATIDO`], until the
/// job's task aborts it. A write that fails is retried at the next beat.
async fn latir(db: DatabaseConnection, id: String, hechos: Arc<AtomicUsize>) {
    loop {
        tokio::time::sleep(LATIDO).await;
        let escrito = async {
            let tx = db::begin_write(&db).await?;
            importacion::Entity::update_many()
                .col_expr(
                    importacion::Column::Hechos,
                    Expr::value(hechos.load(Ordering::Relaxed) as i64),
                )
                .col_expr(
                    importacion::Column::LatidoEn,
                    Expr::value(Utc::now().trunc_subsecs(6)),
                )
                .filter(importacion::Column::Id.eq(&id))
                .filter(importacion::Column::Estado.eq(EN_CURSO))
                .exec(&*tx)
                .await?;
            tx.commit().await
        };
        if let Err(e) = escrito.await {
            tracing::warn!(importacion = %id, error = %e, "could not record import progress");
        }
    }
}

/// Ends a running import as failed with `mensaje` (a job already ended stays as it is).
async fn terminar_fallida(db: &DatabaseConnection, id: &str, mensaje: &str) -> Result<(), DbErr> {
    let tx = db::begin_write(db).await?;
    importacion::Entity::update_many()
        .col_expr(importacion::Column::Estado, Expr::value(FALLIDA))
        .col_expr(importacion::Column::Mensaje, Expr::value(mensaje))
        .col_expr(
            importacion::Column::TerminadoEn,
            Expr::value(Utc::now().trunc_subsecs(6)),
        )
        .filter(importacion::Column::Id.eq(id))
        .filter(importacion::Column::Estado.eq(EN_CURSO))
        .exec(&*tx)
        .await?;
    tx.commit().await
}

/// Hashes every temporary password (off the runtime, on every core), then creates all users
/// in one transaction, which also ends the job with the passwords' CSV: the users exist if
/// and only if the job says TERMINADA.
async fn ejecutar(
    db: DatabaseConnection,
    actor: Actor,
    id: String,
    filas: Vec<Resuelta>,
    hechos: Arc<AtomicUsize>,
) -> Result<(), DomainError> {
    let hilos = std::thread::available_parallelism().map_or(2, |n| n.get());
    let filas = Arc::new(filas);
    let mut tareas = tokio::task::JoinSet::new();
    for h in 0..hilos {
        let (filas, hechos) = (filas.clone(), hechos.clone());
        tareas.spawn_blocking(move || {
            let mut propias = Vec::new();
            for i in (h..filas.len()).step_by(hilos) {
                let clave = generar_password_temporal();
                let hash = hash_bloqueante(&clave)?;
                propias.push((i, clave, hash));
                hechos.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, DomainError>(propias)
        });
    }
    let mut claves = vec![(String::new(), String::new()); filas.len()];
    while let Some(r) = tareas.join_next().await {
        for (i, clave, hash) in r.map_err(|e| DomainError::Interno(e.to_string()))?? {
            claves[i] = (clave, hash);
        }
    }

    let mut csv = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut escribir = |fila: [&str; 4]| {
        csv.write_record(fila.map(celda_segura))
            .map_err(|e| DomainError::Interno(e.to_string()))
    };
    escribir(["correo", "nombre", "apellido", "contraseña temporal"])?;
    let tx = db::begin_write(&db).await?;
    for (f, (clave, hash)) in filas.iter().zip(claves) {
        escribir([&f.email, &f.nombre, &f.apellido, &clave])?;
        let v = cuentas::validado(
            f.email.clone(),
            f.nombre.clone(),
            f.apellido.clone(),
            f.perfil,
            f.organismo_id,
            f.unidad_id,
            hash,
            clave,
        );
        cuentas::insertar(&tx, &actor, v).await?;
        hechos.fetch_add(1, Ordering::Relaxed);
    }
    let csv = csv
        .into_inner()
        .map_err(|e| DomainError::Interno(e.to_string()))?;
    let csv = String::from_utf8(csv).map_err(|e| DomainError::Interno(e.to_string()))?;
    let ahora = Utc::now().trunc_subsecs(6);
    let terminada = importacion::Entity::update_many()
        .col_expr(importacion::Column::Estado, Expr::value(TERMINADA))
        .col_expr(
            importacion::Column::Hechos,
            Expr::value(2 * filas.len() as i64),
        )
        .col_expr(importacion::Column::Claves, Expr::value(csv))
        .col_expr(importacion::Column::TerminadoEn, Expr::value(ahora))
        .col_expr(importacion::Column::LatidoEn, Expr::value(ahora))
        .filter(importacion::Column::Id.eq(&id))
        .filter(importacion::Column::Estado.eq(EN_CURSO))
        .exec(&*tx)
        .await?;
    if terminada.rows_affected != 1 {
        // Declared stopped meanwhile (no sign of life reached the database): roll back, so
        // its message saying no user was created stays true.
        return Err(DomainError::Interno(
            "import already ended as failed".to_owned(),
        ));
    }
    tx.commit().await?;
    Ok(())
}

fn vista_de(t: &importacion::Model) -> EstadoImportacion {
    let total = usize::try_from(t.total).unwrap_or_default();
    EstadoImportacion {
        id: t.id.clone(),
        estado: t.estado.clone(),
        total,
        hechos: usize::try_from(t.hechos).unwrap_or_default(),
        pasos: total * 2,
        mensaje: t.mensaje.clone(),
    }
}

/// The import `id` if `actor` started it (others get 404, as for an unknown id).
async fn propia(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &str,
) -> Result<importacion::Model, DomainError> {
    importacion::Entity::find_by_id(id.to_owned())
        .filter(importacion::Column::DuenoId.eq(actor.id()))
        .one(db)
        .await?
        .ok_or(DomainError::NoEncontrado)
}

/// The progress of an import, from whichever server asks; only its author sees it. A job
/// whose server stopped (no sign of life for [`SIN_LATIDO`]) is ended here as failed.
pub async fn estado(
    db: &DatabaseConnection,
    actor: &Actor,
    id: &str,
) -> Result<EstadoImportacion, DomainError> {
    let t = propia(db, actor, id).await?;
    if t.estado == EN_CURSO && t.latido_en < Utc::now() - SIN_LATIDO {
        terminar_detenidas(db).await?;
        return Ok(vista_de(&propia(db, actor, id).await?));
    }
    Ok(vista_de(&t))
}

/// Ends as failed every running import whose server stopped, and clears the passwords that
/// waited [`VIDA_CLAVES`] without being downloaded. Answers (imports ended, passwords
/// cleared). Runs when a stale job is polled and periodically on every server.
pub async fn mantener(db: &DatabaseConnection) -> Result<(u64, u64), DbErr> {
    let ahora = Utc::now().trunc_subsecs(6);
    let detenidas = terminar_detenidas(db).await?;
    let tx = db::begin_write(db).await?;
    let borradas = importacion::Entity::update_many()
        .col_expr(
            importacion::Column::Claves,
            Expr::value(Option::<String>::None),
        )
        .filter(importacion::Column::Claves.is_not_null())
        .filter(importacion::Column::TerminadoEn.lt(ahora - VIDA_CLAVES))
        .exec(&*tx)
        .await?
        .rows_affected;
    tx.commit().await?;
    Ok((detenidas, borradas))
}

async fn terminar_detenidas(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let ahora = Utc::now().trunc_subsecs(6);
    let tx = db::begin_write(db).await?;
    let n = importacion::Entity::update_many()
        .col_expr(importacion::Column::Estado, Expr::value(FALLIDA))
        .col_expr(importacion::Column::Mensaje, Expr::value(MENSAJE_DETENIDA))
        .col_expr(importacion::Column::TerminadoEn, Expr::value(ahora))
        .filter(importacion::Column::Estado.eq(EN_CURSO))
        .filter(importacion::Column::LatidoEn.lt(ahora - SIN_LATIDO))
        .exec(&*tx)
        .await?
        .rows_affected;
    tx.commit().await?;
    Ok(n)
}

/// The temporary passwords of a finished import as CSV, once, from whichever server asks:
/// the download clears them (a second one answers 409 `already_downloaded`), and so does the
/// first request after [`VIDA_CLAVES`] (409 `passwords_expired`).
pub async fn descargar_claves(
    db: &DatabaseConnection,
    actor: &Actor,
    id: &str,
) -> Result<String, DomainError> {
    propia(db, actor, id).await?;
    let tx = db::begin_write(db).await?;
    // Lock the row (a no-op update), then read it: two downloads at once hand it out once.
    importacion::Entity::update_many()
        .col_expr(
            importacion::Column::DescargadoEn,
            Expr::col(importacion::Column::DescargadoEn),
        )
        .filter(importacion::Column::Id.eq(id))
        .exec(&*tx)
        .await?;
    let t = propia(&*tx, actor, id).await?;
    if t.descargado_en.is_some() {
        return Err(DomainError::conflicto("already_downloaded"));
    }
    match t.estado.as_str() {
        TERMINADA => {}
        FALLIDA => {
            return Err(DomainError::conflicto_con(
                "wrong_state",
                "La importación falló; no hay contraseñas para descargar.",
            ));
        }
        _ => {
            return Err(DomainError::conflicto_con(
                "wrong_state",
                "La importación todavía no terminó.",
            ));
        }
    }
    let ahora = Utc::now().trunc_subsecs(6);
    let vencidas = t.terminado_en.is_none_or(|fin| fin < ahora - VIDA_CLAVES);
    let mut fila = importacion::ActiveModel {
        id: Set(t.id.clone()),
        claves: Set(None),
        ..Default::default()
    };
    let claves = match t.claves {
        Some(c) if !vencidas => {
            fila.descargado_en = Set(Some(ahora));
            Some(c)
        }
        _ => None,
    };
    fila.update(&*tx).await?;
    tx.commit().await?;
    claves.ok_or(DomainError::conflicto("passwords_expired"))
}

/// A CSV cell that a spreadsheet will not run as a formula (DECISIONS.md).
pub fn celda_segura(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn el_nombre_se_separa_en_la_coma_o_en_la_ultima_palabra() {
        assert_eq!(
            separar_nombre("López García, María del Carmen"),
            ("María del Carmen".into(), "López García".into())
        );
        assert_eq!(
            separar_nombre("Juan Pérez"),
            ("Juan".into(), "Pérez".into())
        );
        assert_eq!(separar_nombre("Cher"), ("Cher".into(), String::new()));
    }

    #[test]
    fn organismo_y_dependencia_se_separan() {
        assert_eq!(
            separar_organismo("MSA / Dirección de Ambiente"),
            ("MSA".into(), "Dirección de Ambiente".into())
        );
        assert_eq!(separar_organismo("MSA - ME"), ("MSA".into(), "ME".into()));
        assert_eq!(separar_organismo("MSA"), ("MSA".into(), String::new()));
    }

    #[test]
    fn latin1_se_decodifica() {
        let bytes = b"Mu\xf1oz, Jos\xe9";
        assert_eq!(decodificar(bytes), "Muñoz, José");
        assert_eq!(decodificar("Muñoz".as_bytes()), "Muñoz");
        assert_eq!(decodificar(b"\xEF\xBB\xBFhola"), "hola");
    }

    #[test]
    fn perfiles_se_reconocen_por_codigo_o_nombre() {
        assert_eq!(perfil_de("Mesa de Entradas"), Some(Perfil::MesaDeEntrada));
        assert_eq!(perfil_de("MESA_DE_ENTRADA"), Some(Perfil::MesaDeEntrada));
        assert_eq!(perfil_de("consulta"), Some(Perfil::Consulta));
        assert_eq!(perfil_de("jefe"), None);
    }

    #[test]
    fn faltan_columnas_se_informa() {
        let e = leer(b"correo;perfil\na@b.c;CONSULTA\n").expect_err("missing columns");
        assert!(e[0].contains("nombre y apellido"), "{e:?}");
    }

    #[test]
    fn separador_coma_o_punto_y_coma() {
        for archivo in [
            "nombre y apellido;correo;organismo y dependencia;perfil\n\"Pérez, Ana\";ana@x.ar;MSA / ME;Consulta\n",
            "nombre y apellido,correo,organismo y dependencia,perfil\n\"Pérez, Ana\",ana@x.ar,MSA / ME,Consulta\n",
        ] {
            let filas = leer(archivo.as_bytes()).expect("reads");
            assert_eq!(filas.len(), 1);
            assert_eq!(
                (filas[0].nombre.as_str(), filas[0].apellido.as_str()),
                ("Ana", "Pérez")
            );
            assert_eq!(filas[0].organismo, "MSA");
            assert_eq!(filas[0].dependencia, "ME");
        }
    }

    #[test]
    fn las_celdas_peligrosas_se_neutralizan() {
        assert_eq!(celda_segura("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(celda_segura("-1"), "'-1");
        assert_eq!(celda_segura("Ana"), "Ana");
    }
}

/// Properties of the CSV import's reading (issue #14): any bytes are read or refused with
/// messages, never a panic; every cell it would write back is safe for a spreadsheet.
#[cfg(test)]
mod propiedades {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn cualquier_archivo_se_lee_o_se_rechaza_con_motivo(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            match leer(&bytes) {
                Ok(_) => {}
                Err(motivos) => prop_assert!(!motivos.is_empty() && motivos.iter().all(|m| !m.is_empty())),
            }
        }

        #[test]
        fn un_csv_con_encabezado_se_lee_fila_por_fila(
            filas in prop::collection::vec(("[A-Za-zñáé ]{1,20}", "[a-z]{1,10}@[a-z]{1,10}\\.gob\\.ar"), 1..30),
            separador in prop::sample::select(vec![';', ',']),
        ) {
            let mut csv = format!("Nombre completo{separador}Correo{separador}Organismo{separador}Dependencia{separador}Perfil\n");
            for (nombre, correo) in &filas {
                csv.push_str(&format!("{nombre}{separador}{correo}{separador}MSA{separador}Mesa{separador}Consulta\n"));
            }
            let leidas = leer(csv.as_bytes());
            prop_assert!(leidas.is_ok(), "{:?}", leidas.err());
            prop_assert_eq!(leidas.unwrap_or_default().len(), filas.len());
        }

        #[test]
        fn una_celda_segura_no_empieza_como_formula(s in "\\PC{0,40}|[=+@\\-\\t\\r].{0,10}") {
            let c = celda_segura(&s);
            prop_assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']));
            prop_assert!(c.ends_with(s.as_str()));
        }

        #[test]
        fn decodificar_lee_cualquier_byte(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let texto = decodificar(&bytes);
            if let Ok(utf8) = std::str::from_utf8(&bytes) {
                prop_assert_eq!(texto, utf8.strip_prefix('\u{feff}').unwrap_or(utf8));
            }
        }
    }
}
