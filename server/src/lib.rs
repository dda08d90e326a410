//! The SIGEXP server: configuration, startup, the HTTP layers and the `/api/v1` handlers.
//! `main.rs` only parses the configuration and calls [`run`].

pub mod config;
pub mod http;

use app::domain::almacen::{Almacenes, ConfigS3, abrir_almacen};
use app::domain::documentos;
use app::domain::passwords::Hasher;
use app::domain::state::AuthConfig;
use app::domain::usuarios::{self, AdministradorInicial};
use app::domain::{AppState, db};
use config::Config;
use leptos::config::LeptosOptions;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, TransactionTrait};
use std::sync::Arc;
use std::time::Duration;

/// Connects, migrates and prepares everything the server needs.
pub async fn preparar(config: &Config) -> Result<AppState, String> {
    config.validate()?;
    let url = config.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            format!(
                "no se pudo crear el directorio de datos {}: {e}",
                config.data_dir.display()
            )
        })?;
    }
    let conn = db::connect(&url)
        .await
        .map_err(|e| format!("no se pudo abrir la base de datos: {e}"))?;
    migrar(&conn)
        .await
        .map_err(|e| format!("no se pudieron aplicar las migraciones: {e}"))?;

    // One core is always left to everything else, so a login flood slows logins, not the app.
    let nucleos = std::thread::available_parallelism().map_or(2, |n| n.get());
    let hasher = Hasher::new(nucleos.saturating_sub(1).max(1)).map_err(|e| e.to_string())?;
    let almacenes = abrir_almacenes(config)?;
    almacenes
        .preparar()
        .await
        .map_err(|e| format!("no se pudo preparar el almacén de documentos: {e}"))?;
    let leptos_options = LeptosOptions::builder()
        .output_name("sigexp")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    Ok(AppState {
        db: conn,
        auth: Arc::new(AuthConfig {
            https: config.https(),
            url_publica: config.public_url().to_string(),
            idle: Duration::from_secs(config.session_idle_minutes * 60),
            absolute: Duration::from_secs(config.session_max_hours * 3600),
            vigencia_token: Duration::from_secs(config.token_days * 86_400),
        }),
        hasher,
        trabajos: Default::default(),
        almacenes: Arc::new(almacenes),
        limite_subida: config.limite_subida(),
        leptos_options,
    })
}

/// The primary and backup document stores as configured.
pub fn abrir_almacenes(config: &Config) -> Result<Almacenes, String> {
    let s3 = ConfigS3 {
        endpoint: config.s3_endpoint.clone(),
        region: config.s3_region.clone(),
        access_key_id: config.s3_access_key_id.clone(),
        secret_access_key: config.s3_secret_access_key.clone(),
    };
    let (primario, respaldo) = config.almacenes();
    Ok(Almacenes::new(
        abrir_almacen(&primario, &s3)?,
        abrir_almacen(&respaldo, &s3)?,
        &config.data_dir,
    ))
}

/// Applies pending migrations. On PostgreSQL they run in one transaction holding an advisory
/// lock, so several servers starting together migrate once.
pub async fn migrar(conn: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    if conn.get_database_backend() == DbBackend::Postgres {
        let tx = conn.begin().await?;
        tx.execute_unprepared("SELECT pg_advisory_xact_lock(7400100201)")
            .await?;
        Migrator::up(&tx, None).await?;
        tx.commit().await
    } else {
        Migrator::up(conn, None).await
    }
}

/// Creates the first administrator on an empty database and says how to log in.
pub async fn administrador_inicial(state: &AppState, config: &Config) -> Result<(), String> {
    let resultado = usuarios::crear_administrador_inicial(
        &state.db,
        &state.hasher,
        &config.admin_email,
        config.admin_password.as_deref(),
    )
    .await
    .map_err(|e| match e {
        app::domain::DomainError::Invalido(campos) => format!(
            "SIGEXP_ADMIN_EMAIL/SIGEXP_ADMIN_PASSWORD no son válidos: {}",
            campos.into_values().collect::<Vec<_>>().join(" ")
        ),
        otro => format!("no se pudo crear el primer administrador: {otro}"),
    })?;
    let url = config.public_url();
    match resultado {
        AdministradorInicial::YaExistia => {}
        AdministradorInicial::Creado { email } => {
            println!(
                "Primer administrador creado: {email} (con la contraseña de SIGEXP_ADMIN_PASSWORD)."
            );
            println!("Ingresá en {url}login");
        }
        AdministradorInicial::CreadoTemporal { email, password } => {
            // Printed once, on the terminal only: never through the log.
            println!();
            println!("  Primer administrador creado.");
            println!("  Ingresá en {url}login");
            println!("    correo:               {email}");
            println!("    contraseña temporal:  {password}");
            println!("  Al ingresar vas a tener que elegir una contraseña nueva.");
            println!();
        }
    }
    Ok(())
}

/// `sigexp verify`: checks every chain and reports the first broken link of each.
pub async fn verificar(config: &Config) -> Result<bool, String> {
    let state = preparar(config).await?;
    let clave = config.clave_firma(false)?;
    let v = app::domain::eventos::verificar(&state.db, clave.as_ref())
        .await
        .map_err(|e| format!("no se pudo leer el registro de eventos: {e}"))?;
    for r in &v.roturas {
        println!(
            "ROTURA: {} {}, evento {}: {}",
            r.entidad, r.entidad_id, r.seq, r.motivo
        );
    }
    println!(
        "{} eventos en {} cadenas verificados; {} cadenas rotas.",
        v.eventos,
        v.cadenas,
        v.roturas.len()
    );
    match clave {
        Some(_) => println!("{} puntos de control firmados verificados.", v.puntos),
        None => println!(
            "Sin clave de firma (SIGEXP_CHECKPOINT_KEY o {}): no se verificaron puntos de control.",
            config::ARCHIVO_CLAVE
        ),
    }
    Ok(v.roturas.is_empty())
}

/// `sigexp verify-files [--repair]`: every stored document in both stores against its hash.
pub async fn verificar_archivos(config: &Config, reparar: bool) -> Result<bool, String> {
    let state = preparar(config).await?;
    let a = &state.almacenes;
    println!(
        "Almacén primario: {}\nAlmacén de respaldo: {}",
        a.primario.descripcion(),
        a.respaldo.descripcion()
    );
    let informe = documentos::verificar_almacenes(&state.db, a, reparar)
        .await
        .map_err(|e| format!("no se pudo verificar el almacén: {e}"))?;
    for (clave, almacen, problema) in &informe.problemas {
        println!("PROBLEMA: {clave} en el almacén {almacen}: {problema}");
    }
    for clave in &informe.irreparables {
        println!("SIN COPIA INTACTA: {clave}");
    }
    for clave in &informe.sin_documento {
        println!("SIN DOCUMENTO: {clave} (una subida que se detuvo antes de registrarse)");
    }
    let mut quitados = 0;
    if reparar {
        quitados = a
            .limpiar_temporales(3600)
            .await
            .map_err(|e| format!("no se pudieron quitar subidas interrumpidas: {e}"))?;
    }
    for (ruta, edad) in &informe.temporales {
        println!(
            "SUBIDA EN CURSO O INTERRUMPIDA: {} ({} s)",
            ruta.display(),
            edad
        );
    }
    println!(
        "{} objetos verificados en los dos almacenes: {} correctos, {} copias con problemas, \
         {} reparadas, {} sin copia intacta; {} objetos sin documento; {} subidas temporales \
         ({} quitadas).",
        informe.objetos,
        informe.correctos,
        informe.problemas.len(),
        informe.reparados,
        informe.irreparables.len(),
        informe.sin_documento.len(),
        informe.temporales.len(),
        quitados
    );
    Ok(informe.sano())
}

/// `sigexp verify-constancias`: every constancia de pase against the documents it sealed.
pub async fn verificar_constancias(config: &Config) -> Result<bool, String> {
    let state = preparar(config).await?;
    let informe = documentos::verificar_constancias(&state.db, &state.almacenes)
        .await
        .map_err(|e| format!("no se pudieron verificar las constancias: {e}"))?;
    for (expediente, pase, problema) in &informe.problemas {
        println!("PROBLEMA: expediente {expediente}, pase {pase}: {problema}");
    }
    println!(
        "{} constancias con {} documentos verificadas; {} problemas.",
        informe.constancias,
        informe.documentos,
        informe.problemas.len()
    );
    Ok(informe.problemas.is_empty())
}

/// `sigexp backup --destino FILE`: a consistent copy of the database, taken while the app runs.
pub async fn respaldar(config: &Config, destino: &std::path::Path) -> Result<(), String> {
    let state = preparar(config).await?;
    respaldar_base(&state.db, &config.database_url(), destino).await?;
    println!("Copia de la base escrita en {}.", destino.display());
    Ok(())
}

/// Writes the copy: SQLite's `VACUUM INTO` (one read transaction, so writers go on and the
/// copy is one moment of the database), or `pg_dump --format=custom` (a snapshot too).
pub async fn respaldar_base(
    db: &DatabaseConnection,
    url: &str,
    destino: &std::path::Path,
) -> Result<(), String> {
    if destino.exists() {
        return Err(format!(
            "{} ya existe: elegí otro archivo",
            destino.display()
        ));
    }
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [destino.display().to_string().into()],
        ))
        .await
        .map_err(|e| format!("no se pudo copiar la base: {e}"))?;
        return Ok(());
    }
    let salida = tokio::process::Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--file")
        .arg(destino)
        .arg("--dbname")
        .arg(url)
        .output()
        .await
        .map_err(|e| format!("no se pudo ejecutar pg_dump (¿está instalado?): {e}"))?;
    if !salida.status.success() {
        return Err(format!(
            "pg_dump falló: {}",
            String::from_utf8_lossy(&salida.stderr).trim()
        ));
    }
    Ok(())
}

/// `sigexp checkpoint`: signs the current head of every chain.
pub async fn sellar(config: &Config) -> Result<(), String> {
    let state = preparar(config).await?;
    let clave = config.clave_firma(true)?.ok_or("no hay clave de firma")?;
    match app::domain::eventos::sellar(&state.db, &clave)
        .await
        .map_err(|e| format!("no se pudo firmar el punto de control: {e}"))?
    {
        Some(p) => println!(
            "Punto de control {} firmado: {} cadenas hasta el evento {}.",
            p.id, p.cadenas, p.hasta_evento_id
        ),
        None => println!("Nada nuevo desde el último punto de control."),
    }
    Ok(())
}

/// Signs a checkpoint at start and then every `minutos`, while the server runs.
fn sellar_periodicamente(state: &AppState, clave: app::domain::eventos::ClaveFirma, minutos: u64) {
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut reloj = tokio::time::interval(Duration::from_secs(minutos * 60));
        loop {
            reloj.tick().await;
            match app::domain::eventos::sellar(&db, &clave).await {
                Ok(Some(p)) => {
                    tracing::info!(id = p.id, cadenas = p.cadenas, "punto de control firmado")
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "no se pudo firmar el punto de control"),
            }
        }
    });
}

/// Loads the demo province acting as the first administrator, and says how to use it.
pub async fn cargar_provincia_demo(state: &AppState) -> Result<(), String> {
    use app::domain::demo::{self, ResultadoDemo};
    use app::domain::entities::usuario;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let admin = usuario::Entity::find()
        .filter(usuario::Column::Perfil.eq("ADMINISTRADOR"))
        .order_by_asc(usuario::Column::Id)
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no hay administrador para cargar la provincia de demostración")?;
    let actor = usuarios::actor(&state.db, admin.id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no se pudo leer el administrador")?;
    match demo::cargar(&state.db, &state.hasher, &actor)
        .await
        .map_err(|e| format!("no se pudo cargar la demostración: {e}"))?
    {
        ResultadoDemo::YaCargada => {}
        ResultadoDemo::Cargada {
            organismos,
            unidades,
            usuarios,
        } => {
            println!(
                "Provincia de demostración cargada: {organismos} organismos, {unidades} unidades, {usuarios} usuarios."
            );
            for (email, _, _, perfil, _) in demo::USUARIOS {
                println!("    {:<34} {}", email, perfil.etiqueta());
            }
            println!("  Contraseña de todos: {}", demo::CLAVE_DEMO);
        }
    }
    Ok(())
}

/// Expedientes `--demo` adds to a database that has none.
const EXPEDIENTES_DEMO: u64 = 300;

/// `--demo`: the demo province and, while there is no expediente yet, 300 generated ones with
/// their circuits and historial, so every screen has something to show. Loading twice adds
/// nothing.
pub async fn cargar_demo(state: &AppState) -> Result<(), String> {
    use app::domain::entities::expediente;
    use app::domain::generador::{self, Opciones};
    use sea_orm::EntityTrait;
    cargar_provincia_demo(state).await?;
    let vacia = expediente::Entity::find()
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?
        .is_none();
    if vacia {
        let opciones = Opciones {
            expedientes: EXPEDIENTES_DEMO,
            semilla: 1,
        };
        let r = generador::generar(&state.db, &opciones, &mut |_: u64, _: u64| {})
            .await
            .map_err(|e| format!("no se pudieron generar los expedientes de demostración: {e}"))?;
        println!(
            "Expedientes de demostración: {} expedientes con {} pases.",
            r.expedientes, r.pases
        );
    }
    Ok(())
}

/// `sigexp generar`: adds `expedientes` generated expedientes with their circuits (for the
/// demo and benchmarks), on the demo province when there is no organismo yet. Reports progress
/// on stderr every 5 % and a summary at the end.
pub async fn generar(config: &Config, expedientes: u64, semilla: u64) -> Result<(), String> {
    use app::domain::entities::organismo;
    use app::domain::generador::{self, Opciones};
    use sea_orm::EntityTrait;
    let state = preparar(config).await?;
    administrador_inicial(&state, config).await?;
    let sin_organismos = organismo::Entity::find()
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?
        .is_none();
    if sin_organismos {
        cargar_provincia_demo(&state).await?;
    }
    let inicio = std::time::Instant::now();
    let mut avisados = 0;
    let mut progreso = |hechos: u64, total: u64| {
        let veintavos = hechos * 20 / total.max(1);
        if veintavos > avisados {
            avisados = veintavos;
            eprintln!(
                "generar: {hechos} de {total} expedientes ({} %), {:.0} s",
                veintavos * 5,
                inicio.elapsed().as_secs_f64()
            );
        }
    };
    let r = generador::generar(
        &state.db,
        &Opciones {
            expedientes,
            semilla,
        },
        &mut progreso,
    )
    .await
    .map_err(|e| format!("no se pudieron generar los expedientes: {e}"))?;
    println!(
        "Generados {} expedientes, {} pases y {} eventos en {:.1} s.",
        r.expedientes,
        r.pases,
        r.eventos,
        inicio.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Serves the app until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), String> {
    let state = preparar(&config).await?;
    administrador_inicial(&state, &config).await?;
    // Nothing is being received before we listen: whatever is there was cut by a stop.
    match state.almacenes.limpiar_temporales(0).await {
        Ok(0) => {}
        Ok(quitados) => tracing::info!(quitados, "removed uploads interrupted by a stop"),
        Err(e) => tracing::warn!(error = %e, "could not remove interrupted uploads"),
    }
    if config.demo {
        cargar_demo(&state).await?;
    }
    if let Some(clave) = config.clave_firma(true)? {
        sellar_periodicamente(&state, clave, config.checkpoint_minutes);
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("no se pudo escuchar en {}: {e}", config.addr))?;
    tracing::info!(addr = %config.addr, public_url = %config.public_url(), "SIGEXP listo");
    println!("SIGEXP escuchando en {}", config.public_url());
    servir(listener, state, &config, senal_de_fin()).await
}

/// Serves on a bound listener until `fin` completes (tests pass their own).
pub async fn servir(
    listener: tokio::net::TcpListener,
    state: AppState,
    config: &Config,
    fin: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let router = http::router(state, config);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(fin)
    .await
    .map_err(|e| format!("el servidor se detuvo: {e}"))
}

async fn senal_de_fin() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
