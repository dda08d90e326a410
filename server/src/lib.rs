//! The SIGEXP server: configuration, startup shared by every command, the HTTP layers and the
//! `/api/v1` handlers; the subcommands are in [`cli`], one file each.

pub mod cli;
pub mod config;
pub mod http;

use app::domain::acceso::passwords::Hasher;
use app::domain::acceso::sesiones::AuthConfig;
use app::domain::cuentas::usuarios;
use app::domain::cuentas::usuarios::AdministradorInicial;
use app::estado::AppState;
use app::infra::almacen::Almacenes;
use app::infra::almacen::ConfigS3;
use app::infra::almacen::abrir_almacen;
use app::infra::db;
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
    // A release build (scripts/lib/sitio.mjs) names the JS, WASM and CSS by their content and
    // lists the names in hash.txt; a development build (`cargo leptos watch`) does not.
    // Leptos reads the file relative to the binary's directory: give it an absolute path.
    let hashes = std::path::absolute(config.site_root.join("hash.txt"))
        .map_err(|e| format!("no se pudo resolver el directorio del sitio: {e}"))?;
    let leptos_options = LeptosOptions::builder()
        .output_name("sigexp")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(hashes.is_file())
        .hash_file(std::sync::Arc::from(hashes.display().to_string()))
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
        almacenes: Arc::new(almacenes),
        limite_subida: config.limite_subida(),
        consulta_publica: config.consulta_publica == "on",
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
