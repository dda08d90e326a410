//! One typed configuration, read once from flags and environment variables (clap).

use app::domain::registro::puntos_de_control::ClaveFirma;
use clap::Parser;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use url::Url;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "sigexp",
    version,
    about = "SIGEXP: gestión de expedientes de la Provincia de Santa Cruz"
)]
pub struct Config {
    /// What to do (default: serve the app).
    #[command(subcommand)]
    pub comando: Option<Comando>,

    /// Database: `sqlite://FILE` (default: `sigexp.db` inside the data directory) or
    /// `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and other local data (created if absent).
    #[arg(long, env = "SIGEXP_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Address and port to listen on.
    #[arg(
        long = "addr",
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    pub addr: SocketAddr,

    /// The URL people use to reach the app (default: `http://` + the listening address).
    /// With `https://`, cookies are `Secure` with the `__Host-` prefix and HSTS is sent.
    #[arg(long, env = "SIGEXP_PUBLIC_URL")]
    pub public_url: Option<Url>,

    /// Directory with the built site (`pkg/` with the WASM, JS and CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// E-mail of the first administrator, created on an empty database.
    #[arg(long, env = "SIGEXP_ADMIN_EMAIL", default_value = "admin@sigexp.local")]
    pub admin_email: String,

    /// Password of the first administrator (used as is). Without it a temporary password is
    /// generated and printed once.
    #[arg(long, env = "SIGEXP_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// The citizens' public consulta (`/consulta`): `on` or `off`.
    #[arg(long, env = "SIGEXP_CONSULTA_PUBLICA", default_value = "on",
          value_parser = ["on", "off"])]
    pub consulta_publica: String,

    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "SIGEXP_SESSION_IDLE_MINUTES", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..=10_080))]
    pub session_idle_minutes: u64,

    /// Hours after login at which a session ends, used or not.
    #[arg(long, env = "SIGEXP_SESSION_MAX_HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u64).range(1..=720))]
    pub session_max_hours: u64,

    /// Days after its creation at which a personal API token stops working.
    #[arg(long, env = "SIGEXP_TOKEN_DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(u64).range(1..=3650))]
    pub token_days: u64,

    /// Reverse proxies whose `X-Forwarded-For` is trusted (comma-separated addresses).
    #[arg(long, env = "SIGEXP_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,

    /// Load the demo province (organismos of Santa Cruz and one user per perfil) at startup,
    /// unless already loaded.
    #[arg(long, env = "SIGEXP_DEMO")]
    pub demo: bool,

    /// Key that signs checkpoints of the event log (at least 32 characters). Keep it out of
    /// the database's reach; when unset, a key file is created in the data directory.
    #[arg(long, env = "SIGEXP_CHECKPOINT_KEY", hide_env_values = true)]
    pub checkpoint_key: Option<String>,

    /// Where the checkpoint key file is (read, or created when no key is given). Default:
    /// `clave-puntos-de-control` in the data directory; better off the database's disk.
    #[arg(long, env = "SIGEXP_CHECKPOINT_KEY_FILE")]
    pub checkpoint_key_file: Option<PathBuf>,

    /// The signature log: every checkpoint signed is appended to it, for `sigexp verify` to
    /// compare with the database. Default: `puntos-de-control.log` in the data directory;
    /// better on another disk or shipped elsewhere (docs/operations.md).
    #[arg(long, env = "SIGEXP_CHECKPOINT_LOG")]
    pub checkpoint_log: Option<PathBuf>,

    /// Minutes between signed checkpoints while serving.
    #[arg(long, env = "SIGEXP_CHECKPOINT_MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub checkpoint_minutes: u64,

    /// Primary document store: a directory (default: `archivos` inside the data directory)
    /// or `s3://BUCKET[/PREFIX]` (see the `SIGEXP_S3_*` settings).
    #[arg(long, env = "SIGEXP_STORAGE")]
    pub storage: Option<String>,

    /// Backup document store, written before an upload is confirmed: a directory (default:
    /// `archivos-respaldo` inside the data directory; better on another disk) or
    /// `s3://BUCKET[/PREFIX]`.
    #[arg(long, env = "SIGEXP_STORAGE_BACKUP")]
    pub storage_backup: Option<String>,

    /// S3-compatible endpoint for `s3://` stores, e.g. `https://s3.example.gob.ar`
    /// (default: AWS).
    #[arg(long, env = "SIGEXP_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// S3 region.
    #[arg(long, env = "SIGEXP_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,

    /// S3 access key id.
    #[arg(long, env = "SIGEXP_S3_ACCESS_KEY_ID", hide_env_values = true)]
    pub s3_access_key_id: Option<String>,

    /// S3 secret access key.
    #[arg(long, env = "SIGEXP_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,

    /// Largest document accepted, in MiB.
    #[arg(long, env = "SIGEXP_MAX_UPLOAD_MB", default_value_t = 100,
          value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_upload_mb: u64,

    /// Seconds a client has to send a request's line and headers; also how long a kept-alive
    /// connection may sit idle before the server closes it.
    #[arg(long, env = "SIGEXP_HEADER_TIMEOUT_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub header_timeout_seconds: u64,

    /// Log filter (tracing's `EnvFilter` syntax), e.g. `info` or `server=debug`.
    #[arg(long, env = "SIGEXP_LOG", default_value = "info")]
    pub log: String,
}

/// Subcommands of `sigexp`.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum Comando {
    /// Serve the app (the default).
    Serve,
    /// Check every hash chain of the historial and the audit, and the signed checkpoints;
    /// names the first broken link of each broken chain and exits with status 1 if there is any.
    Verify,
    /// Sign a checkpoint of every chain head now (the server also does it periodically).
    Checkpoint,
    /// Write a consistent copy of the database while the app runs: `VACUUM INTO` for SQLite,
    /// `pg_dump --format=custom` for PostgreSQL. How to restore: docs/operations.md.
    Backup {
        /// The file to write (must not exist).
        #[arg(long)]
        destino: std::path::PathBuf,
    },
    /// Check every stored document in both stores against its recorded SHA-256, and report
    /// objects no document names and interrupted uploads; exits with status 1 on a problem
    /// left unrepaired.
    VerifyFiles {
        /// Rewrite a missing or corrupt copy from the good one, and remove interrupted uploads
        /// older than an hour.
        #[arg(long)]
        repair: bool,
    },
    /// Check every constancia de pase: its chain, and that the documents it sealed still
    /// match their hashes in the database and in storage; exits with status 1 on a mismatch.
    VerifyConstancias,
    /// Add generated expedientes with their circuits and historial (demo and benchmarks), on
    /// the demo province when there is no organismo yet.
    Generar {
        /// How many expedientes to add.
        #[arg(long, default_value_t = 1000)]
        expedientes: u64,
        /// The same seed on the same database gives the same expedientes.
        #[arg(long, default_value_t = 1)]
        semilla: u64,
    },
}

impl Config {
    /// The database URL, defaulting to a SQLite file inside the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data_dir.join("sigexp.db").display()),
        }
    }

    pub fn public_url(&self) -> Url {
        self.public_url.clone().unwrap_or_else(|| {
            Url::parse(&format!("http://{}", self.addr)).expect("a socket address forms a URL")
        })
    }

    /// `scheme://host[:port]` of the public URL, compared with `Origin` headers.
    pub fn public_origin(&self) -> String {
        self.public_url().origin().ascii_serialization()
    }

    /// Where the primary and the backup stores are.
    pub fn almacenes(&self) -> (String, String) {
        let por_defecto = |nombre: &str| self.data_dir.join(nombre).display().to_string();
        (
            self.storage
                .clone()
                .unwrap_or_else(|| por_defecto("archivos")),
            self.storage_backup
                .clone()
                .unwrap_or_else(|| por_defecto("archivos-respaldo")),
        )
    }

    pub fn limite_subida(&self) -> u64 {
        self.max_upload_mb * 1024 * 1024
    }

    pub fn https(&self) -> bool {
        self.public_url().scheme() == "https"
    }

    /// Checks what clap cannot: one clear line per problem.
    pub fn validate(&self) -> Result<(), String> {
        let url = self.database_url();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(format!(
                "DATABASE_URL debe empezar con sqlite:// o postgres:// (se recibió «{}»)",
                url.split(':').next().unwrap_or_default()
            ));
        }
        let public = self.public_url();
        if !matches!(public.scheme(), "http" | "https") || public.host().is_none() {
            return Err("SIGEXP_PUBLIC_URL debe ser una URL http:// o https:// con host".into());
        }
        if self.checkpoint_key.as_ref().is_some_and(|k| k.len() < 32) {
            return Err("SIGEXP_CHECKPOINT_KEY debe tener al menos 32 caracteres".into());
        }
        let (primario, respaldo) = self.almacenes();
        // The same place written two ways (a trailing slash, a symbolic link) is one copy.
        let lugar = |s: &str| {
            let s = s.trim_end_matches('/');
            match s.starts_with("s3://") {
                true => s.to_owned(),
                false => std::fs::canonicalize(s)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| s.to_owned()),
            }
        };
        if lugar(&primario) == lugar(&respaldo) {
            return Err(
                "SIGEXP_STORAGE y SIGEXP_STORAGE_BACKUP deben ser lugares distintos".into(),
            );
        }
        if self.session_idle_minutes > self.session_max_hours * 60 {
            return Err(
                "SIGEXP_SESSION_IDLE_MINUTES no puede superar SIGEXP_SESSION_MAX_HOURS".into(),
            );
        }
        Ok(())
    }
}

/// Name of the checkpoint key file inside the data directory (when no key is configured).
pub const ARCHIVO_CLAVE: &str = "clave-puntos-de-control";

/// Name of the signature log inside the data directory (when none is configured).
pub const ARCHIVO_BITACORA: &str = "puntos-de-control.log";

impl Config {
    /// The key file: the configured one or the data directory's.
    pub fn archivo_clave(&self) -> PathBuf {
        self.checkpoint_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join(ARCHIVO_CLAVE))
    }

    /// The signature log: the configured one or the data directory's.
    pub fn bitacora(&self) -> PathBuf {
        self.checkpoint_log
            .clone()
            .unwrap_or_else(|| self.data_dir.join(ARCHIVO_BITACORA))
    }

    /// The checkpoint signing key: the configured one, else the data directory's key file,
    /// created (readable by its owner only) when `crear` and missing. `None` when there is none.
    pub fn clave_firma(&self, crear: bool) -> Result<Option<ClaveFirma>, String> {
        if let Some(k) = &self.checkpoint_key {
            return Ok(Some(ClaveFirma(k.as_bytes().to_vec())));
        }
        let archivo = self.archivo_clave();
        match std::fs::read_to_string(&archivo) {
            Ok(k) => Ok(Some(ClaveFirma(k.trim().as_bytes().to_vec()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && crear => {
                let k = ClaveFirma::nueva_hex();
                escribir_privado(&archivo, &k)
                    .map_err(|e| format!("no se pudo crear {}: {e}", archivo.display()))?;
                Ok(Some(ClaveFirma(k.into_bytes())))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("no se pudo leer {}: {e}", archivo.display())),
        }
    }
}

fn escribir_privado(archivo: &std::path::Path, contenido: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = archivo.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut opciones = std::fs::OpenOptions::new();
    opciones.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opciones, 0o600);
    opciones.open(archivo)?.write_all(contenido.as_bytes())
}
