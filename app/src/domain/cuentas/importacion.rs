//! CSV import of the access-request list the province already uses (issue #3, DECISIONS.md
//! "CSV import of access requests"): Spanish headers, `;` or `,`, UTF-8 or Latin-1. Every row
//! is checked first and nothing is imported unless the whole file is valid; then every user is
//! created in one transaction, with temporary passwords hashed before it opens. Large files
//! run as a background job whose progress can be polled.

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::acceso::passwords::generar_password_temporal;
use crate::domain::acceso::passwords::hash_bloqueante;
use crate::domain::cuentas;
use crate::estado::AppState;
use crate::infra::db;
use crate::infra::entities::organismo;
use crate::infra::entities::unidad;
use crate::infra::entities::usuario;
use crate::model::{
    Email, EstadoImportacion, FilaImportacion, Perfil, VistaPrevia, texto_requerido,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

/// A created user and their temporary password, for the one download.
#[derive(Debug, Clone)]
pub struct Credencial {
    pub email: String,
    pub nombre: String,
    pub apellido: String,
    pub password: String,
}

/// One background import.
struct Trabajo {
    dueno: i64,
    total: usize,
    hechos: Arc<AtomicUsize>,
    resultado: Option<Result<Vec<Credencial>, String>>,
    descargado: bool,
}

/// The imports in progress or finished, kept in memory (a server restart loses unfinished
/// ones; nothing is written until the final transaction, so nothing is half-imported).
#[derive(Clone, Default)]
pub struct Trabajos(Arc<Mutex<HashMap<String, Trabajo>>>);

impl Trabajos {
    fn con<T>(&self, f: impl FnOnce(&mut HashMap<String, Trabajo>) -> T) -> T {
        let mut guard = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    }
}

/// Starts importing a valid file in the background (ADMINISTRADOR only). An invalid file is
/// refused whole with 422 and nothing is written.
pub async fn iniciar(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
) -> Result<EstadoImportacion, DomainError> {
    authz::exigir(actor, authz::Accion::Administrar, authz::Recurso::Ninguno)?;
    let (vista, filas) = revisar(&state.db, bytes).await?;
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
    let hechos = Arc::new(AtomicUsize::new(0));
    let total = filas.len();
    state.trabajos.con(|t| {
        t.insert(
            id.clone(),
            Trabajo {
                dueno: actor.id(),
                total,
                hechos: hechos.clone(),
                resultado: None,
                descargado: false,
            },
        )
    });
    let (st, act, idc) = (state.clone(), actor.clone(), id.clone());
    tokio::spawn(async move {
        let resultado = ejecutar(&st.db, &act, filas, hechos)
            .await
            .map_err(|e| crate::model::AppError::from(e).message);
        st.trabajos.con(|t| {
            if let Some(tr) = t.get_mut(&idc) {
                tr.resultado = Some(resultado);
            }
        });
    });
    estado(state, actor, &id)
}

/// Hashes every temporary password (off the runtime, on every core), then creates all users
/// in one transaction.
async fn ejecutar(
    db: &DatabaseConnection,
    actor: &Actor,
    filas: Vec<Resuelta>,
    hechos: Arc<AtomicUsize>,
) -> Result<Vec<Credencial>, DomainError> {
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

    let tx = db::begin_write(db).await?;
    let mut credenciales = Vec::with_capacity(filas.len());
    for (f, (clave, hash)) in filas.iter().zip(claves) {
        let v = cuentas::validado(
            f.email.clone(),
            f.nombre.clone(),
            f.apellido.clone(),
            f.perfil,
            f.organismo_id,
            f.unidad_id,
            hash,
            clave.clone(),
        );
        cuentas::insertar(&tx, actor, v).await?;
        credenciales.push(Credencial {
            email: f.email.clone(),
            nombre: f.nombre.clone(),
            apellido: f.apellido.clone(),
            password: clave,
        });
        hechos.fetch_add(1, Ordering::Relaxed);
    }
    tx.commit().await?;
    Ok(credenciales)
}

/// The progress of an import; only its author sees it (others get 404).
pub fn estado(state: &AppState, actor: &Actor, id: &str) -> Result<EstadoImportacion, DomainError> {
    state.trabajos.con(|t| {
        let tr = t
            .get(id)
            .filter(|tr| tr.dueno == actor.id())
            .ok_or(DomainError::NoEncontrado)?;
        let (estado, mensaje) = match &tr.resultado {
            None => ("EN_CURSO", None),
            Some(Ok(_)) => ("TERMINADA", None),
            Some(Err(m)) => ("FALLIDA", Some(m.clone())),
        };
        Ok(EstadoImportacion {
            id: id.to_owned(),
            estado: estado.to_owned(),
            total: tr.total,
            hechos: tr.hechos.load(Ordering::Relaxed),
            pasos: tr.total * 2,
            mensaje,
        })
    })
}

/// The temporary passwords of a finished import as CSV, once: later calls answer 409.
pub fn descargar_claves(state: &AppState, actor: &Actor, id: &str) -> Result<String, DomainError> {
    state.trabajos.con(|t| {
        let tr = t
            .get_mut(id)
            .filter(|tr| tr.dueno == actor.id())
            .ok_or(DomainError::NoEncontrado)?;
        if tr.descargado {
            return Err(DomainError::conflicto("already_downloaded"));
        }
        let Some(Ok(credenciales)) = tr.resultado.take() else {
            return Err(DomainError::conflicto_con(
                "wrong_state",
                "La importación todavía no terminó.",
            ));
        };
        tr.descargado = true;
        tr.resultado = Some(Ok(Vec::new()));
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        let escribir = |w: &mut csv::Writer<Vec<u8>>, fila: [&str; 4]| {
            w.write_record(fila.map(celda_segura))
                .map_err(|e| DomainError::Interno(e.to_string()))
        };
        escribir(
            &mut w,
            ["correo", "nombre", "apellido", "contraseña temporal"],
        )?;
        for c in &credenciales {
            escribir(&mut w, [&c.email, &c.nombre, &c.apellido, &c.password])?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| DomainError::Interno(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| DomainError::Interno(e.to_string()))
    })
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
