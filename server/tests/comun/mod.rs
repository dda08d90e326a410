//! Test world: the real server on a random port, over a fresh SQLite file and (when the test
//! script started one) a fresh PostgreSQL database, talked to through HTTP like any client.

#![allow(dead_code)]

use app::domain::cuentas::usuarios;
use app::domain::cuentas::usuarios::AdministradorInicial;
use app::estado::AppState;
use clap::Parser;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use server::config::Config;
use std::sync::atomic::{AtomicU32, Ordering};

pub const ADMIN_EMAIL: &str = "admin@prueba.santacruz.gob.ar";
pub const ADMIN_PASSWORD: &str = "clave de prueba segura 2026";

/// Which database a test runs on.
#[derive(Debug, Clone)]
pub enum Base {
    Sqlite,
    Postgres(String),
}

impl Base {
    pub fn nombre(&self) -> &'static str {
        match self {
            Base::Sqlite => "sqlite",
            Base::Postgres(_) => "postgres",
        }
    }
}

impl Base {
    /// The PostgreSQL server the test script started (`SIGEXP_TEST_PG_URL`), or `None` with a
    /// message; with `SIGEXP_TEST_REQUIRE_PG=1` a missing server fails instead of skipping.
    pub fn postgres() -> Option<Base> {
        match std::env::var("SIGEXP_TEST_PG_URL") {
            Ok(url) if !url.is_empty() => Some(Base::Postgres(url)),
            _ => {
                assert!(
                    std::env::var("SIGEXP_TEST_REQUIRE_PG").as_deref() != Ok("1"),
                    "SIGEXP_TEST_REQUIRE_PG=1 but SIGEXP_TEST_PG_URL is not set"
                );
                eprintln!("skipped on PostgreSQL: set SIGEXP_TEST_PG_URL (scripts/test does)");
                None
            }
        }
    }
}

/// Each database as its own test case: for every `async fn name(base: Base)` listed, a module
/// `name` with the tests `sqlite` and `postgres`, so a failure says which database failed.
#[macro_export]
macro_rules! en_cada_base {
    ($($nombre:ident),* $(,)?) => {$(
        mod $nombre {
            #[tokio::test]
            async fn sqlite() {
                super::$nombre($crate::comun::Base::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(base) = $crate::comun::Base::postgres() {
                    super::$nombre(base).await
                }
            }
        }
    )*};
}

fn nombre_unico(prefijo: &str) -> String {
    static CONTADOR: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "{prefijo}_{}_{}_{}",
        std::process::id(),
        nanos,
        CONTADOR.fetch_add(1, Ordering::Relaxed)
    )
}

/// Starts capturing what the servers of this test binary log under
/// `app::domain::acceso::REGISTRO_DE_SEGURIDAD` (with their request spans) and answers the lines
/// logged so far. Every test of the binary shares the capture: a test finds its own lines by
/// the `x-request-id` it sent.
pub fn registro_de_seguridad() -> String {
    use std::sync::{Mutex, Once};
    static LINEAS: Mutex<Vec<u8>> = Mutex::new(Vec::new());
    static INSTALAR: Once = Once::new();
    struct Escritor;
    impl std::io::Write for Escritor {
        fn write(&mut self, datos: &[u8]) -> std::io::Result<usize> {
            LINEAS
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend_from_slice(datos);
            Ok(datos.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    INSTALAR.call_once(|| {
        let filtro = format!(
            "{}=info,server::http::capas=info",
            app::domain::acceso::REGISTRO_DE_SEGURIDAD
        );
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filtro))
            .with_ansi(false)
            .with_writer(|| Escritor)
            .init();
    });
    String::from_utf8_lossy(&LINEAS.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
}

/// How to start a test server.
#[derive(Debug, Clone, Default)]
pub struct Opciones {
    /// Public URL scheme https (cookies `Secure` + `__Host-`, HSTS).
    pub https: bool,
    /// Create the first administrator with a generated temporary password.
    pub admin_temporal: bool,
    /// More flags for the server, e.g. `["--max-upload-mb", "1"]`.
    pub flags: Vec<String>,
}

pub struct TestApp {
    pub url: String,
    pub database_url: String,
    pub base: Base,
    pub state: AppState,
    /// The first administrator's password (the temporary one when so started).
    pub admin_password: String,
    pub origen_publico: String,
    /// The server's data directory (SQLite file, document stores).
    pub dir: std::path::PathBuf,
}

impl TestApp {
    /// A client with its own cookie jar, not logged in.
    pub fn cliente(&self) -> Cliente {
        Cliente::para(&self.url)
    }

    pub fn en(&self, camino: &str) -> String {
        format!("{}{camino}", self.url)
    }

    /// A client logged in as the first administrator.
    pub async fn admin(&self) -> Cliente {
        let c = self.cliente();
        c.login(ADMIN_EMAIL, &self.admin_password)
            .await
            .esperar(200);
        c
    }
}

/// One client of the test server (its own cookies), through which every request of a test goes:
/// each method sends, waits and reads the whole answer, so a test reads as a list of
/// `(request, expected answer)` and a transport failure panics with the request it was.
#[derive(Clone)]
pub struct Cliente {
    /// For the rare request the helpers do not build (multipart, raw bodies, odd headers):
    /// `c.enviar(c.http.post(c.en(camino)).multipart(form))`.
    pub http: reqwest::Client,
    url: String,
}

impl Cliente {
    /// A client of the server at `url` (a test server, or the binary a test started).
    pub fn para(url: &str) -> Cliente {
        Cliente {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client builds"),
            url: url.to_owned(),
        }
    }

    /// The same session (cookies) talking to another server, as when servers share one
    /// database behind a balancer.
    pub fn hacia(&self, otro: &TestApp) -> Cliente {
        Cliente {
            http: self.http.clone(),
            url: otro.url.clone(),
        }
    }

    pub fn en(&self, camino: &str) -> String {
        format!("{}{camino}", self.url)
    }

    pub async fn get(&self, camino: &str) -> Respuesta {
        self.enviar(self.http.get(self.en(camino))).await
    }

    pub async fn post(&self, camino: &str, cuerpo: Value) -> Respuesta {
        self.enviar(self.http.post(self.en(camino)).json(&cuerpo))
            .await
    }

    /// `POST` with no body, as an action without fields (recibir, archivar).
    pub async fn post_vacio(&self, camino: &str) -> Respuesta {
        self.enviar(self.http.post(self.en(camino))).await
    }

    pub async fn patch(&self, camino: &str, cuerpo: Value) -> Respuesta {
        self.enviar(self.http.patch(self.en(camino)).json(&cuerpo))
            .await
    }

    pub async fn put(&self, camino: &str, cuerpo: Value) -> Respuesta {
        self.enviar(self.http.put(self.en(camino)).json(&cuerpo))
            .await
    }

    pub async fn delete(&self, camino: &str) -> Respuesta {
        self.enviar(self.http.delete(self.en(camino))).await
    }

    /// Calls a server function as the page's script does: form fields in, JSON out.
    pub async fn sfn(&self, nombre: &str, campos: &[(&str, &str)]) -> Respuesta {
        self.enviar(
            self.http
                .post(self.en(&format!("/sfn/{nombre}")))
                .header("accept", "application/json")
                .form(campos),
        )
        .await
    }

    /// Sends a request built on [`Cliente::http`] and reads its whole answer.
    pub async fn enviar(&self, pedido: reqwest::RequestBuilder) -> Respuesta {
        let (cliente, pedido) = pedido.build_split();
        let pedido = pedido.expect("request builds");
        let contexto = format!("{} {}", pedido.method(), pedido.url().path());
        let r = cliente
            .execute(pedido)
            .await
            .unwrap_or_else(|e| panic!("{contexto}: not sent: {e}"));
        let estado = r.status();
        let headers = r.headers().clone();
        let bytes = r
            .bytes()
            .await
            .unwrap_or_else(|e| panic!("{contexto}: body not read: {e}"))
            .to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Respuesta {
            estado,
            headers,
            bytes,
            json,
            contexto,
        }
    }

    /// `POST camino` that must answer 201; its JSON body.
    pub async fn crear(&self, camino: &str, cuerpo: Value) -> Value {
        self.post(camino, cuerpo).await.esperar(201)
    }

    pub async fn login(&self, email: &str, password: &str) -> Respuesta {
        self.post(
            "/api/v1/auth/login",
            serde_json::json!({ "email": email, "password": password }),
        )
        .await
    }
}

/// A whole answer: status, headers, body (and the body as JSON, `Null` when it is not JSON).
#[derive(Debug)]
pub struct Respuesta {
    pub estado: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    pub json: Value,
    /// `METHOD /path`, for failure messages.
    pub contexto: String,
}

impl Respuesta {
    /// Asserts the status and gives the JSON body.
    #[track_caller]
    pub fn esperar(self, estado: u16) -> Value {
        assert_eq!(self.estado, estado, "{}: {}", self.contexto, self.texto());
        self.json
    }

    /// Asserts the status and gives the body as text (a page).
    #[track_caller]
    pub fn esperar_html(self, estado: u16) -> String {
        assert_eq!(self.estado, estado, "{}: {}", self.contexto, self.texto());
        self.texto()
    }

    /// The API error code (`error.code`), empty when there is none.
    pub fn codigo(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or_default()
    }

    pub fn texto(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// A header's value, empty when absent.
    pub fn header(&self, nombre: &str) -> &str {
        self.headers
            .get(nombre)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The `Set-Cookie` header values.
    pub fn cookies(&self) -> Vec<String> {
        set_cookies(&self.headers)
    }
}

pub async fn spawn_app(base: Base) -> TestApp {
    spawn_app_con(base, Opciones::default()).await
}

pub async fn spawn_app_con(base: Base, op: Opciones) -> TestApp {
    let database_url = match &base {
        Base::Sqlite => format!(
            "sqlite://{}",
            std::env::temp_dir()
                .join(nombre_unico("sigexp-test"))
                .join("sigexp.db")
                .display()
        ),
        Base::Postgres(admin_url) => {
            let nombre = nombre_unico("sigexp_test");
            let admin = Database::connect(format!("{admin_url}/postgres"))
                .await
                .expect("connect to PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {nombre}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            format!("{admin_url}/{nombre}")
        }
    };
    let mut app = levantar(base, database_url, &op).await;
    let password = if op.admin_temporal {
        None
    } else {
        Some(ADMIN_PASSWORD)
    };
    app.admin_password = match usuarios::crear_administrador_inicial(
        &app.state.db,
        &app.state.hasher,
        ADMIN_EMAIL,
        password,
    )
    .await
    .expect("first admin")
    {
        AdministradorInicial::CreadoTemporal { password, .. } => password,
        AdministradorInicial::Creado { .. } => ADMIN_PASSWORD.to_owned(),
        AdministradorInicial::YaExistia => panic!("fresh database already had users"),
    };
    app
}

/// Another app server on the same database, with its own port, pools and state (on
/// PostgreSQL its own data directory too), as when several servers share one database or a
/// server restarts.
pub async fn otro_servidor(app: &TestApp) -> TestApp {
    let mut otro = levantar(
        app.base.clone(),
        app.database_url.clone(),
        &Opciones::default(),
    )
    .await;
    otro.admin_password = app.admin_password.clone();
    otro
}

/// Starts a server on `database_url` (SQLite: the file's directory is the data directory;
/// PostgreSQL: a fresh one), without creating any user.
async fn levantar(base: Base, database_url: String, op: &Opciones) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let addr = listener.local_addr().expect("local addr");
    let dir = match database_url.strip_prefix("sqlite://") {
        Some(archivo) => std::path::Path::new(archivo)
            .parent()
            .expect("the SQLite file is in a directory")
            .to_owned(),
        None => std::env::temp_dir().join(nombre_unico("sigexp-test")),
    };
    let public_url = if op.https {
        format!("https://sigexp.prueba.local:{}", addr.port())
    } else {
        format!("http://{addr}")
    };
    let mut flags: Vec<String> = [
        "sigexp",
        "--database-url",
        &database_url,
        "--data-dir",
        &dir.display().to_string(),
        "--addr",
        &addr.to_string(),
        "--public-url",
        &public_url,
        "--site-root",
        &dir.join("site").display().to_string(),
        "--admin-email",
        ADMIN_EMAIL,
    ]
    .iter()
    .map(|f| f.to_string())
    .collect();
    flags.extend(op.flags.iter().cloned());
    let config = Config::parse_from(flags);
    let state = server::preparar(&config).await.expect("server prepares");
    let origen_publico = config.public_origin();
    let st = state.clone();
    tokio::spawn(async move {
        server::cli::serve::servir(listener, st, &config, std::future::pending())
            .await
            .expect("server runs");
    });
    TestApp {
        url: format!("http://{addr}"),
        database_url,
        base,
        state,
        admin_password: String::new(),
        origen_publico,
        dir,
    }
}

/// The `Set-Cookie` header values of a response.
pub fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect()
}

/// The password every user of [`Mundo`] gets.
pub const CLAVE_MUNDO: &str = "clave del mundo de prueba";

/// A small organisation: organismo MSA with a mesa and an oficina, organismo MDS with a mesa,
/// and one logged-in client per perfil (MSA users work at the mesa, OFICINA at the oficina).
pub struct Mundo {
    pub msa: i64,
    pub mds: i64,
    pub mesa_msa: i64,
    pub oficina_msa: i64,
    pub mesa_mds: i64,
    /// (perfil code, user id, logged-in client)
    pub usuarios: Vec<(&'static str, i64, Cliente)>,
}

impl Mundo {
    /// The logged-in client of the world's user with this perfil.
    pub fn como(&self, perfil: &str) -> &Cliente {
        &self
            .usuarios
            .iter()
            .find(|(p, _, _)| *p == perfil)
            .expect("perfil in world")
            .2
    }

    pub fn id(&self, perfil: &str) -> i64 {
        self.usuarios
            .iter()
            .find(|(p, _, _)| *p == perfil)
            .expect("perfil in world")
            .1
    }
}

pub const PERFILES: [&str; 6] = [
    "ADMINISTRADOR",
    "MESA_DE_ENTRADA",
    "OFICINA",
    "CARGA",
    "CONSULTA",
    "AUTORIDAD",
];

pub async fn mundo(app: &TestApp) -> Mundo {
    use serde_json::json;
    let admin = app.admin().await;
    let org = |codigo: &str, nombre: &str| {
        admin.crear(
            "/api/v1/organismos",
            json!({"codigo": codigo, "nombre": nombre, "tipo": "CENTRAL"}),
        )
    };
    let msa = org("MSA", "Ministerio de Salud y Ambiente").await["id"]
        .as_i64()
        .expect("id");
    let mds = org("MDS", "Ministerio de Desarrollo Social").await["id"]
        .as_i64()
        .expect("id");
    let unidad = |o: i64, codigo: &str, tipo: &str, mesa: Option<i64>| {
        admin.crear(
            "/api/v1/unidades",
            json!({"organismo_id": o, "codigo": codigo, "nombre": format!("Unidad {codigo}"), "tipo": tipo, "mesa_id": mesa}),
        )
    };
    let mesa_msa = unidad(msa, "ME", "MESA_DE_ENTRADA", None).await["id"]
        .as_i64()
        .expect("id");
    let oficina_msa = unidad(msa, "DGA", "OFICINA", Some(mesa_msa)).await["id"]
        .as_i64()
        .expect("id");
    let mesa_mds = unidad(mds, "ME", "MESA_DE_ENTRADA", None).await["id"]
        .as_i64()
        .expect("id");

    let mut usuarios = vec![("ADMINISTRADOR", 1, admin.clone())];
    for perfil in &PERFILES[1..] {
        let (unidad_id, organismo_id) = match *perfil {
            "AUTORIDAD" => (None, None),
            "OFICINA" => (Some(oficina_msa), Some(msa)),
            _ => (Some(mesa_msa), Some(msa)),
        };
        let email = format!("{}@prueba.gob.ar", perfil.to_lowercase());
        let u = admin
            .crear(
                "/api/v1/usuarios",
                json!({"email": email, "nombre": "Nombre", "apellido": *perfil, "perfil": perfil,
                   "unidad_id": unidad_id, "organismo_id": organismo_id, "password": CLAVE_MUNDO}),
            )
            .await;
        let c = app.cliente();
        c.login(&email, CLAVE_MUNDO).await.esperar(200);
        usuarios.push((*perfil, u["id"].as_i64().expect("id"), c));
    }
    Mundo {
        msa,
        mds,
        mesa_msa,
        oficina_msa,
        mesa_mds,
        usuarios,
    }
}

/// One more user of the world, "N A", created by its administrator with this perfil at this
/// unidad (password [`CLAVE_MUNDO`]) and logged in with a client of its own.
pub async fn persona(
    app: &TestApp,
    m: &Mundo,
    email: &str,
    perfil: &str,
    unidad: Option<i64>,
) -> Cliente {
    m.como("ADMINISTRADOR")
        .crear(
            "/api/v1/usuarios",
            serde_json::json!({"email": email, "nombre": "N", "apellido": "A", "perfil": perfil,
                               "unidad_id": unidad, "password": CLAVE_MUNDO}),
        )
        .await;
    let c = app.cliente();
    c.login(email, CLAVE_MUNDO).await.esperar(200);
    c
}

/// A CONSULTA user of a third organismo (MTR), which no expediente of the world has passed
/// through: whoever may see none of them.
pub async fn ajeno(app: &TestApp, m: &Mundo) -> Cliente {
    let admin = m.como("ADMINISTRADOR");
    let mtr = admin
        .crear(
            "/api/v1/organismos",
            serde_json::json!({"codigo": "MTR", "nombre": "Ministerio de Trabajo", "tipo": "CENTRAL"}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    let unidad = admin
        .crear(
            "/api/v1/unidades",
            serde_json::json!({"organismo_id": mtr, "codigo": "ME", "nombre": "Mesa MTR", "tipo": "MESA_DE_ENTRADA"}),
        )
        .await["id"]
        .as_i64();
    persona(app, m, "ajeno@prueba.gob.ar", "CONSULTA", unidad).await
}

/// An expediente started by `c` (a mesa, an oficina or an administrator of the world), with
/// an iniciador that has a valid CUIT.
pub async fn iniciar_expediente(c: &Cliente) -> Value {
    c.crear(
        "/api/v1/expedientes",
        serde_json::json!({"extracto": "Solicitud de licencia por estudio",
               "iniciador": {"nombre": "Ana Pérez", "documento": "20-12345678-6"}}),
    )
    .await
}
