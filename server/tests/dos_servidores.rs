//! Two app servers on one PostgreSQL database (issue 10, §5): what one server starts the other
//! follows, and both signing checkpoints at once keep one chain. PostgreSQL only: SQLite serves
//! a single app server by design.

mod comun;

use app::domain::registro::puntos_de_control::ClaveFirma;
use app::domain::registro::puntos_de_control::sellar;
use app::domain::registro::verificacion::verificar;
use comun::*;
use serde_json::json;
use std::time::Duration;

/// Two servers need PostgreSQL (SQLite is one server's database by design).
fn postgres() -> Option<Base> {
    Base::postgres()
}

#[tokio::test]
async fn una_importacion_empezada_en_un_servidor_se_sigue_y_descarga_en_el_otro() {
    let Some(base) = postgres() else { return };
    let a = spawn_app(base).await;
    let b = otro_servidor(&a).await;
    let m = mundo(&a).await;
    let admin = m.como("ADMINISTRADOR");

    let mut archivo = String::from("nombre y apellido;correo;organismo y dependencia;perfil\n");
    for i in 0..200 {
        archivo.push_str(&format!(
            "Persona {i};persona{i}@dos.gob.ar;MSA / ME;Consulta\n"
        ));
    }
    let inicio = admin
        .enviar(
            admin
                .http
                .post(admin.en("/api/v1/usuarios/importacion"))
                .header("content-type", "text/csv")
                .body(archivo),
        )
        .await
        .esperar(202);
    let id = inicio["id"].as_str().expect("id").to_owned();

    // Followed on the other server: never 404, progress never goes back.
    let mut hechos = 0;
    let fin = loop {
        // The other server knows the job.
        let e = admin
            .hacia(&b)
            .get(&format!("/api/v1/usuarios/importacion/{id}"))
            .await
            .esperar(200);
        let ahora = e["hechos"].as_u64().expect("hechos");
        assert!(ahora >= hechos, "progress went back: {e}");
        hechos = ahora;
        if e["estado"] != "EN_CURSO" {
            break e;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(fin["estado"], "TERMINADA", "{fin}");
    assert_eq!(fin["hechos"], 400);

    // The same session on either server: `s.en(..)` picks the server.
    let claves = |s: &TestApp| {
        admin.enviar(
            admin
                .http
                .get(s.en(&format!("/api/v1/usuarios/importacion/{id}/claves.csv"))),
        )
    };
    let r = claves(&b).await;
    let csv = r.texto();
    r.esperar(200);
    assert_eq!(csv.lines().count(), 201, "a header and one row per user");
    // The second download, on the first server.
    let v = claves(&a).await.esperar(409);
    assert_eq!(v["error"]["code"], "already_downloaded");
    claves(&b).await.esperar(409);

    // A downloaded password logs in through the first server.
    let fila = csv
        .lines()
        .find(|l| l.starts_with("persona7@"))
        .expect("row");
    let clave = fila.rsplit(';').next().expect("password");
    a.cliente()
        .login("persona7@dos.gob.ar", clave)
        .await
        .esperar(200);
}

#[tokio::test]
async fn dos_descargas_a_la_vez_entregan_las_claves_una_vez() {
    let Some(base) = postgres() else { return };
    let a = spawn_app(base).await;
    let b = otro_servidor(&a).await;
    let m = mundo(&a).await;
    let admin = m.como("ADMINISTRADOR");
    let archivo = "nombre y apellido;correo;organismo y dependencia;perfil\n\
                   Ana Uno;ana@dos.gob.ar;MSA / ME;Consulta\n";
    let inicio = admin
        .enviar(
            admin
                .http
                .post(admin.en("/api/v1/usuarios/importacion"))
                .header("content-type", "text/csv")
                .body(archivo),
        )
        .await
        .esperar(202);
    let id = inicio["id"].as_str().expect("id").to_owned();
    loop {
        let e = admin
            .get(&format!("/api/v1/usuarios/importacion/{id}"))
            .await
            .esperar(200);
        if e["estado"] != "EN_CURSO" {
            assert_eq!(e["estado"], "TERMINADA", "{e}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let camino = format!("/api/v1/usuarios/importacion/{id}/claves.csv");
    let (en_a, en_b) = (admin.hacia(&a), admin.hacia(&b));
    let (ra, rb) = tokio::join!(en_a.get(&camino), en_b.get(&camino));
    let mut estados = [ra.estado.as_u16(), rb.estado.as_u16()];
    estados.sort_unstable();
    assert_eq!(estados, [200, 409]);
}

#[tokio::test]
async fn dos_servidores_firmando_a_la_vez_no_bifurcan_los_puntos_de_control() {
    let Some(base) = postgres() else { return };
    let a = spawn_app(base).await;
    let b = otro_servidor(&a).await;
    let admin = a.admin().await;
    let clave = ClaveFirma(b"clave de firma de prueba, la misma en los dos".to_vec());
    let mut firmas = Vec::new();
    for ronda in 0..20 {
        // Something new to sign, written alternately through each server.
        let servidor = if ronda % 2 == 0 { &a } else { &b };
        admin
            .enviar(admin.http.post(servidor.en("/api/v1/organismos")).json(
                &json!({"codigo": format!("OR{ronda}"), "nombre": format!("Organismo {ronda}"),
                        "tipo": "CENTRAL"}),
            ))
            .await
            .esperar(201);
        let (pa, pb) = tokio::join!(sellar(&a.state.db, &clave), sellar(&b.state.db, &clave));
        let (pa, pb) = (pa.expect("A signs"), pb.expect("B signs"));
        firmas.push(pa.is_some() as u8 + pb.is_some() as u8);
    }
    let v = verificar(&a.state.db, Some(&clave))
        .await
        .expect("verify runs");
    assert!(v.roturas.is_empty(), "{:?}", v.roturas);
    // Each round one signs what is new and the other finds nothing new.
    assert_eq!(firmas, vec![1; 20]);
    assert_eq!(v.puntos, 20);
}
