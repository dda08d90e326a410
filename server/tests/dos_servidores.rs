//! Two app servers on one PostgreSQL database (issue 10, §5): what one server starts the other
//! follows, and both signing checkpoints at once keep one chain. PostgreSQL only: SQLite serves
//! a single app server by design.

mod comun;

use app::domain::registro::eventos::ClaveFirma;
use app::domain::registro::eventos::sellar;
use app::domain::registro::eventos::verificar;
use comun::*;
use serde_json::{Value, json};
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
    let admin = m.cliente("ADMINISTRADOR");

    let mut archivo = String::from("nombre y apellido;correo;organismo y dependencia;perfil\n");
    for i in 0..200 {
        archivo.push_str(&format!(
            "Persona {i};persona{i}@dos.gob.ar;MSA / ME;Consulta\n"
        ));
    }
    let r = admin
        .post(a.en("/api/v1/usuarios/importacion"))
        .header("content-type", "text/csv")
        .body(archivo)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 202);
    let inicio: Value = r.json().await.expect("json");
    let id = inicio["id"].as_str().expect("id").to_owned();

    // Followed on the other server: never 404, progress never goes back.
    let mut hechos = 0;
    let fin = loop {
        let r = admin
            .get(b.en(&format!("/api/v1/usuarios/importacion/{id}")))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 200, "the other server knows the job");
        let e: Value = r.json().await.expect("json");
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

    let url = |s: &TestApp| s.en(&format!("/api/v1/usuarios/importacion/{id}/claves.csv"));
    let r = admin.get(url(&b)).send().await.expect("sent");
    assert_eq!(r.status(), 200);
    let csv = r.text().await.expect("text");
    assert_eq!(csv.lines().count(), 201, "a header and one row per user");
    let r = admin.get(url(&a)).send().await.expect("sent");
    assert_eq!(r.status(), 409, "the second download, on the first server");
    assert_eq!(codigo_de_error(r).await, "already_downloaded");
    let r = admin.get(url(&b)).send().await.expect("sent");
    assert_eq!(r.status(), 409);

    // A downloaded password logs in through the first server.
    let fila = csv
        .lines()
        .find(|l| l.starts_with("persona7@"))
        .expect("row");
    let clave = fila.rsplit(';').next().expect("password");
    let c = a.cliente();
    assert_eq!(
        a.login(&c, "persona7@dos.gob.ar", clave).await.status(),
        200
    );
}

#[tokio::test]
async fn dos_descargas_a_la_vez_entregan_las_claves_una_vez() {
    let Some(base) = postgres() else { return };
    let a = spawn_app(base).await;
    let b = otro_servidor(&a).await;
    let m = mundo(&a).await;
    let admin = m.cliente("ADMINISTRADOR");
    let archivo = "nombre y apellido;correo;organismo y dependencia;perfil\n\
                   Ana Uno;ana@dos.gob.ar;MSA / ME;Consulta\n";
    let r = admin
        .post(a.en("/api/v1/usuarios/importacion"))
        .header("content-type", "text/csv")
        .body(archivo)
        .send()
        .await
        .expect("sent");
    let id = r.json::<Value>().await.expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    loop {
        let e: Value = admin
            .get(a.en(&format!("/api/v1/usuarios/importacion/{id}")))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        if e["estado"] != "EN_CURSO" {
            assert_eq!(e["estado"], "TERMINADA", "{e}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let camino = format!("/api/v1/usuarios/importacion/{id}/claves.csv");
    let (ra, rb) = tokio::join!(
        admin.get(a.en(&camino)).send(),
        admin.get(b.en(&camino)).send()
    );
    let mut estados = [
        ra.expect("sent").status().as_u16(),
        rb.expect("sent").status().as_u16(),
    ];
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
        crear(
            &admin,
            servidor.en("/api/v1/organismos"),
            json!({"codigo": format!("OR{ronda}"), "nombre": format!("Organismo {ronda}"),
                   "tipo": "CENTRAL"}),
        )
        .await;
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
