//! The storage test suite, run on every backend: local disk always, and an S3-compatible
//! server when `SIGEXP_TEST_S3_URL` is set (scripts/test starts SeaweedFS and sets it; with
//! `SIGEXP_TEST_REQUIRE_S3=1` its absence is a failure, not a skip).

mod comun;

use app::infra::almacen::Almacen;
use app::infra::almacen::Almacenes;
use app::infra::almacen::ConfigS3;
use app::infra::almacen::abrir_almacen;
use comun::*;
use futures_util::StreamExt;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn unico(prefijo: &str) -> String {
    format!(
        "{prefijo}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    )
}

fn config_s3() -> Option<ConfigS3> {
    match std::env::var("SIGEXP_TEST_S3_URL") {
        Ok(url) => Some(ConfigS3 {
            endpoint: Some(url),
            region: std::env::var("SIGEXP_TEST_S3_REGION").unwrap_or("us-east-1".into()),
            access_key_id: std::env::var("SIGEXP_TEST_S3_ACCESS_KEY").ok(),
            secret_access_key: std::env::var("SIGEXP_TEST_S3_SECRET_KEY").ok(),
        }),
        Err(_) => {
            assert!(
                std::env::var("SIGEXP_TEST_REQUIRE_S3").is_err(),
                "SIGEXP_TEST_REQUIRE_S3 is set but SIGEXP_TEST_S3_URL is not"
            );
            eprintln!("S3 tests skipped: SIGEXP_TEST_S3_URL is not set");
            None
        }
    }
}

/// The bucket the test script created for us.
fn cubo() -> String {
    std::env::var("SIGEXP_TEST_S3_BUCKET").unwrap_or_else(|_| "sigexp".into())
}

/// (name, primary, backup, data directory) for every backend available.
fn backends() -> Vec<(&'static str, String, String, PathBuf)> {
    let dir = std::env::temp_dir().join(unico("sigexp-almacenes"));
    let mut v = vec![(
        "disco",
        dir.join("primario").display().to_string(),
        dir.join("respaldo").display().to_string(),
        dir.clone(),
    )];
    if config_s3().is_some() {
        let prefijo = unico("prueba");
        v.push((
            "s3",
            format!("s3://{}/{prefijo}/primario", cubo()),
            format!("s3://{}/{prefijo}/respaldo", cubo()),
            dir,
        ));
    }
    v
}

fn abrir(primario: &str, respaldo: &str, dir: &Path) -> Almacenes {
    let s3 = config_s3().unwrap_or_default();
    Almacenes::new(
        abrir_almacen(primario, &s3).expect("primary"),
        abrir_almacen(respaldo, &s3).expect("backup"),
        dir,
    )
}

async fn leer(a: &Almacen, clave: &str) -> Option<Vec<u8>> {
    let (mut flujo, largo) = a.abrir(clave).await.expect("read")?;
    let mut v = Vec::new();
    while let Some(t) = flujo.next().await {
        v.extend_from_slice(&t.expect("chunk"));
    }
    assert_eq!(v.len() as u64, largo, "the announced size is the real one");
    Some(v)
}

/// A temporary file with these bytes, as an upload would leave it.
async fn temporal(a: &Almacenes, bytes: &[u8]) -> PathBuf {
    let ruta = a.nuevo_temporal();
    tokio::fs::write(&ruta, bytes).await.expect("write");
    ruta
}

#[tokio::test]
async fn cada_almacen_guarda_lee_lista_y_repara() {
    for (nombre, primario, respaldo, dir) in backends() {
        let a = abrir(&primario, &respaldo, &dir);
        a.preparar().await.expect("prepare");
        assert!(a.primario.disponible().await, "[{nombre}] reachable");

        // Small (one PUT) and large (multipart on S3: over 8 MiB) objects round-trip.
        let chico = b"Acta de inicio\n".to_vec();
        let grande: Vec<u8> = (0..20 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
        for bytes in [&chico, &grande] {
            let clave = sha(bytes);
            let t = temporal(&a, bytes).await;
            a.guardar(&t, &clave).await.expect("store");
            assert!(!t.exists(), "[{nombre}] the temporary file is gone");
            for almacen in [&a.primario, &a.respaldo] {
                assert_eq!(
                    leer(almacen, &clave).await.as_deref(),
                    Some(bytes.as_slice()),
                    "[{nombre}]"
                );
                let (h, n) = almacen
                    .comprobar(&clave)
                    .await
                    .expect("check")
                    .expect("present");
                assert_eq!((h, n), (clave.clone(), bytes.len() as u64));
            }
        }
        // A copy of the right size with other bytes (issue #14): storing the real bytes
        // again, as a second upload of the same file does, rewrites it in both stores
        // instead of trusting its size.
        let clave = sha(&chico);
        let mismo_largo: Vec<u8> = chico.iter().map(|b| b ^ 1).collect();
        for almacen in [&a.primario, &a.respaldo] {
            let t = temporal(&a, &mismo_largo).await;
            almacen.guardar(&t, &clave, true).await.expect("overwrite");
            let _ = tokio::fs::remove_file(&t).await;
        }
        let t = temporal(&a, &chico).await;
        a.guardar(&t, &clave).await.expect("store again");
        for almacen in [&a.primario, &a.respaldo] {
            assert_eq!(
                leer(almacen, &clave).await.as_deref(),
                Some(chico.as_slice()),
                "[{nombre}] the damaged copy of the same size was rewritten"
            );
        }

        let mut claves = vec![sha(&chico), sha(&grande)];
        claves.sort();
        assert_eq!(
            a.primario.listar().await.expect("list"),
            claves,
            "[{nombre}]"
        );
        assert_eq!(
            a.respaldo.listar().await.expect("list"),
            claves,
            "[{nombre}]"
        );

        // Missing keys answer None; malformed keys never reach the backend.
        let falta = sha(b"no existe");
        assert!(leer(&a.primario, &falta).await.is_none());
        assert!(a.primario.comprobar(&falta).await.expect("check").is_none());
        assert!(leer(&a.primario, "../../etc/passwd").await.is_none());

        // A corrupt copy: kept when storing without `reemplazar`, overwritten by a repair.
        let clave = sha(&chico);
        let malo = temporal(&a, b"bytes cambiados").await;
        a.primario
            .guardar(&malo, &clave, true)
            .await
            .expect("overwrite");
        let (h, _) = a.primario.comprobar(&clave).await.expect("ok").expect("ok");
        assert_ne!(h, clave);
        a.copiar(&a.respaldo, &a.primario, &clave)
            .await
            .expect("repair");
        assert_eq!(
            leer(&a.primario, &clave).await.as_deref(),
            Some(chico.as_slice()),
            "[{nombre}] repaired"
        );
        // A repair from a copy that is also bad fails and writes nothing.
        a.respaldo
            .guardar(&malo, &clave, true)
            .await
            .expect("overwrite");
        let error = a
            .copiar(&a.respaldo, &a.primario, &clave)
            .await
            .expect_err("refused");
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
        assert_eq!(
            leer(&a.primario, &clave).await.as_deref(),
            Some(chico.as_slice())
        );
        let _ = tokio::fs::remove_file(&malo).await;
        assert!(
            a.temporales().await.expect("list").is_empty(),
            "[{nombre}] nothing left behind"
        );
    }
}

/// The whole document path with both stores on S3: upload through the API, download, and
/// the storage check repairing a corrupt primary copy from the backup bucket.
#[tokio::test]
async fn documentos_en_s3_de_punta_a_punta() {
    if config_s3().is_none() {
        return;
    }
    let s3 = config_s3().expect("configured");
    let prefijo = unico("api");
    let op = Opciones {
        flags: vec![
            "--storage".into(),
            format!("s3://{}/{prefijo}/primario", cubo()),
            "--storage-backup".into(),
            format!("s3://{}/{prefijo}/respaldo", cubo()),
            "--s3-endpoint".into(),
            s3.endpoint.clone().expect("endpoint"),
            "--s3-access-key-id".into(),
            s3.access_key_id.clone().unwrap_or_default(),
            "--s3-secret-access-key".into(),
            s3.secret_access_key.clone().unwrap_or_default(),
        ],
        ..Default::default()
    };
    let app = spawn_app_con(Base::Sqlite, op).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = mesa
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente con documentos en S3", "iniciador": {"nombre": "X"}}),
        )
        .await;
    let bytes: Vec<u8> = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(b' ', 9 * 1024 * 1024))
        .collect();
    let v = mesa
        .enviar(
            mesa.http
                .post(mesa.en(&format!("/api/v1/expedientes/{}/archivos", e["id"])))
                .multipart(reqwest::multipart::Form::new().part(
                    "archivo",
                    reqwest::multipart::Part::bytes(bytes.clone()).file_name("plano.pdf"),
                )),
        )
        .await
        .esperar(201);
    let doc = &v["items"][0];
    assert_eq!(doc["sha256"], sha(&bytes));
    let r = mesa
        .get(&format!("/api/v1/archivos/{}/contenido", doc["id"]))
        .await;
    assert_eq!(r.estado, 200);
    assert_eq!(sha(&r.bytes), sha(&bytes));

    let a = &app.state.almacenes;
    let clave = sha(&bytes);
    let malo = a.nuevo_temporal();
    tokio::fs::write(&malo, b"alterado").await.expect("ok");
    a.primario.guardar(&malo, &clave, true).await.expect("ok");
    let _ = tokio::fs::remove_file(&malo).await;
    let informe = app::domain::documentos::verificar_almacenes(&app.state.db, a, true)
        .await
        .expect("check");
    assert_eq!(informe.problemas.len(), 1);
    assert_eq!(informe.reparados, 1);
    let (h, _) = a.primario.comprobar(&clave).await.expect("ok").expect("ok");
    assert_eq!(h, clave, "repaired from the backup bucket");
}
