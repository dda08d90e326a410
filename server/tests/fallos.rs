//! Fault tests on the real binary (issue #5): the server killed with SIGKILL in the middle of
//! an upload leaves no visible partial document, and what it left behind is accounted for by
//! `sigexp verify-files` and removed at the next start; then `verify-constancias` and
//! `verify-files` on the real binary catch a sealed document whose bytes changed in both stores.

mod comun;

use comun::Cliente;
use futures_util::StreamExt;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ADMIN: &str = "admin.fallos@prueba.gob.ar";
const CLAVE: &str = "Una clave larga para las pruebas de fallos";

struct Servidor {
    hijo: Child,
    url: String,
}

impl Drop for Servidor {
    fn drop(&mut self) {
        let _ = self.hijo.kill();
        let _ = self.hijo.wait();
    }
}

fn puerto_libre() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn sigexp(datos: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sigexp"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SIGEXP_DATA_DIR", datos)
        .env("SIGEXP_LOG", "warn")
        .env("SIGEXP_ADMIN_EMAIL", ADMIN)
        .env("SIGEXP_ADMIN_PASSWORD", CLAVE)
        .env("LEPTOS_SITE_ROOT", datos.join("site"));
    c
}

async fn arrancar(datos: &Path) -> Servidor {
    let puerto = puerto_libre();
    let hijo = sigexp(datos)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{puerto}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let url = format!("http://127.0.0.1:{puerto}");
    let limite = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = reqwest::get(format!("{url}/api/v1/health")).await
            && r.status() == 200
        {
            break;
        }
        assert!(Instant::now() < limite, "the server did not answer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Servidor { hijo, url }
}

/// Logged in as the binary's first administrator.
async fn admin(s: &Servidor) -> Cliente {
    let c = Cliente::para(&s.url);
    c.login(ADMIN, CLAVE).await.esperar(200);
    c
}

/// Upload files being received: `subida-*.part` in the primary store's temporary directory.
fn temporales(datos: &Path) -> Vec<(PathBuf, u64)> {
    std::fs::read_dir(datos.join("archivos").join(".tmp"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("subida-"))
                .map(|e| (e.path(), e.metadata().map(|m| m.len()).unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default()
}

/// Stored objects (two levels of fan-out under the store's root).
fn objetos(raiz: &Path) -> usize {
    let Ok(niveles) = std::fs::read_dir(raiz) else {
        return 0;
    };
    niveles
        .filter_map(Result::ok)
        .filter(|a| a.file_name().len() == 2)
        .flat_map(|a| std::fs::read_dir(a.path()).into_iter().flatten())
        .filter_map(Result::ok)
        .flat_map(|b| std::fs::read_dir(b.path()).into_iter().flatten())
        .count()
}

fn verify_files(datos: &Path) -> (bool, String) {
    let salida = sigexp(datos)
        .arg("verify-files")
        .output()
        .expect("verify-files runs");
    (
        salida.status.success(),
        String::from_utf8_lossy(&salida.stdout).into_owned(),
    )
}

#[tokio::test]
async fn sigkill_en_medio_de_una_subida_no_deja_documento_ni_restos_sin_explicar() {
    let datos = std::env::temp_dir().join(format!("sigexp-fallos-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&datos);
    let servidor = arrancar(&datos).await;
    let c = admin(&servidor).await;
    let org = c
        .crear(
            "/api/v1/organismos",
            json!({"codigo": "MSA", "nombre": "Ministerio de Salud", "tipo": "CENTRAL"}),
        )
        .await;
    let mesa = c
        .crear(
            "/api/v1/unidades",
            json!({"organismo_id": org["id"], "codigo": "ME", "nombre": "Mesa",
                   "tipo": "MESA_DE_ENTRADA"}),
        )
        .await;
    let e = c
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente para la prueba de fallos", "iniciador": {"nombre": "X"},
                   "unidad_id": mesa["id"]}),
        )
        .await;
    let archivos = format!("/api/v1/expedientes/{}/archivos", e["id"]);

    // A slow 64 MiB PDF: one MiB every 20 ms.
    let trozos = futures_util::stream::iter(0..64).then(|i| async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let mut t = vec![b' '; 1024 * 1024];
        if i == 0 {
            t[..9].copy_from_slice(b"%PDF-1.4\n");
        }
        Ok::<_, std::io::Error>(t)
    });
    let parte = Part::stream(reqwest::Body::wrap_stream(trozos)).file_name("grande.pdf");
    // Sent raw, not through `enviar`: the transport error when the server dies is the point.
    let pedido = c
        .http
        .post(c.en(&archivos))
        .multipart(Form::new().part("archivo", parte));
    let subida = tokio::spawn(async move { pedido.send().await });

    // Kill it once several MiB are on disk.
    let limite = Instant::now() + Duration::from_secs(30);
    while !temporales(&datos)
        .iter()
        .any(|(_, n)| *n >= 4 * 1024 * 1024)
    {
        assert!(Instant::now() < limite, "the upload never reached the disk");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut servidor = servidor;
    servidor.hijo.kill().expect("SIGKILL");
    servidor.hijo.wait().expect("dead");
    assert!(subida.await.expect("task").is_err(), "the upload was cut");

    // No object was stored; the partial upload is there and verify-files accounts for it.
    assert_eq!(objetos(&datos.join("archivos")), 0);
    assert_eq!(objetos(&datos.join("archivos-respaldo")), 0);
    assert_eq!(temporales(&datos).len(), 1);
    let (sano, informe) = verify_files(&datos);
    assert!(sano, "{informe}");
    assert!(
        informe.contains("SUBIDA EN CURSO O INTERRUMPIDA"),
        "{informe}"
    );
    assert!(informe.contains("0 objetos verificados"), "{informe}");

    // The next start removes it; the expediente shows no document.
    let servidor = arrancar(&datos).await;
    let c = admin(&servidor).await;
    let lista = c.get(&archivos).await.esperar(200);
    assert_eq!(lista["total"], 0);
    assert!(temporales(&datos).is_empty());
    let (sano, informe) = verify_files(&datos);
    assert!(sano, "{informe}");
    assert!(informe.contains("0 subidas temporales"), "{informe}");

    // The commands on a sealed document: a pase's constancia holds until its bytes change.
    let otra = c
        .crear(
            "/api/v1/unidades",
            json!({"organismo_id": org["id"], "codigo": "ME2", "nombre": "Otra mesa",
                   "tipo": "MESA_DE_ENTRADA"}),
        )
        .await;
    let bytes = b"%PDF-1.4\n3 0 obj << /Type /Page >> endobj\n%%EOF\n".to_vec();
    let subido = c
        .enviar(
            c.http
                .post(c.en(&archivos))
                .multipart(Form::new().part("archivo", Part::bytes(bytes).file_name("acta.pdf"))),
        )
        .await
        .esperar(201);
    let sha = subido["items"][0]["sha256"]
        .as_str()
        .expect("sha256")
        .to_owned();
    c.crear(
        &format!("/api/v1/expedientes/{}/pases", e["id"]),
        json!({"destino_unidad_id": otra["id"], "motivo": "Sella el acta"}),
    )
    .await;
    drop(servidor);
    let constancias = || {
        let salida = sigexp(&datos)
            .arg("verify-constancias")
            .output()
            .expect("verify-constancias runs");
        (
            salida.status.success(),
            String::from_utf8_lossy(&salida.stdout).into_owned(),
        )
    };
    let (sano, texto) = constancias();
    assert!(sano, "{texto}");
    assert!(texto.contains("1 constancias con 1 documentos"), "{texto}");
    for almacen in ["archivos", "archivos-respaldo"] {
        let ruta = datos
            .join(almacen)
            .join(&sha[0..2])
            .join(&sha[2..4])
            .join(&sha);
        let mut b = std::fs::read(&ruta).expect("stored");
        b[3] ^= 1;
        std::fs::write(&ruta, b).expect("tamper");
    }
    let (sano, texto) = constancias();
    assert!(!sano, "{texto}");
    assert!(
        texto.contains("PROBLEMA") && texto.contains("acta.pdf"),
        "{texto}"
    );
    let (sano, informe) = verify_files(&datos);
    assert!(!sano, "{informe}");
    assert!(informe.contains("SIN COPIA INTACTA"), "{informe}");
    let _ = std::fs::remove_dir_all(&datos);
}

/// `sigexp verify` on the real binary (issue #14): with no key it fails instead of passing
/// unchecked; with the server's key and signature log it passes; once the newest checkpoint is
/// deleted from the database, the log outside it finds the gap and `verify` fails.
#[tokio::test]
async fn verify_exige_la_clave_y_compara_la_bitacora_de_firmas() {
    use sea_orm::ConnectionTrait;
    let datos = std::env::temp_dir().join(format!("sigexp-verify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&datos);
    let verify = || {
        let salida = sigexp(&datos).arg("verify").output().expect("verify runs");
        (
            salida.status.success(),
            String::from_utf8_lossy(&salida.stdout).into_owned(),
        )
    };
    let (sano, informe) = verify();
    assert!(!sano, "no key, no pass: {informe}");
    assert!(informe.contains("sin clave de firma"), "{informe}");

    // Served: the key is created and a checkpoint signed at start, then one by hand.
    let servidor = arrancar(&datos).await;
    let c = admin(&servidor).await;
    let bitacora = datos.join("puntos-de-control.log");
    let limite = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&bitacora).map_or(true, |t| t.lines().count() < 1) {
        assert!(
            Instant::now() < limite,
            "the server signed no checkpoint at start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.crear(
        "/api/v1/organismos",
        json!({"codigo": "MSA", "nombre": "Ministerio de Salud", "tipo": "CENTRAL"}),
    )
    .await;
    drop(servidor);
    let firmado = sigexp(&datos)
        .arg("checkpoint")
        .output()
        .expect("checkpoint runs");
    assert!(firmado.status.success());
    let lineas = std::fs::read_to_string(&bitacora)
        .expect("the log")
        .lines()
        .count();
    assert_eq!(lineas, 2, "one line per checkpoint");
    let (sano, informe) = verify();
    assert!(sano, "{informe}");

    let db = sea_orm::Database::connect(format!("sqlite://{}", datos.join("sigexp.db").display()))
        .await
        .expect("the database");
    db.execute_unprepared(
        "DELETE FROM punto_control WHERE id = (SELECT max(id) FROM punto_control)",
    )
    .await
    .expect("delete the newest checkpoint");
    db.close().await.expect("close");
    let (sano, informe) = verify();
    assert!(!sano, "a deleted checkpoint passed: {informe}");
    assert!(informe.contains("bitacora"), "{informe}");
    let _ = std::fs::remove_dir_all(&datos);
}
