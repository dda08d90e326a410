//! DOMAIN.md's permission table through the API, for every perfil: the administration rows
//! (Step 2) and reading the organisation. Later steps add their rows here as their doors open.

mod comun;

use comun::*;
use serde_json::json;

#[tokio::test]
async fn administrar_solo_lo_puede_el_administrador() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        // Someone whose password may be reset without logging out the clients of the world.
        let otro = crear(
            m.cliente("ADMINISTRADOR"),
            app.en("/api/v1/usuarios"),
            json!({"email": "otro@prueba.gob.ar", "nombre": "O", "apellido": "O", "perfil": "AUTORIDAD"}),
        )
        .await["id"]
            .as_i64()
            .expect("id");
        for perfil in PERFILES {
            let c = m.cliente(perfil);
            let admin = perfil == "ADMINISTRADOR";
            let esperado = |ok: u16| if admin { ok } else { 403 };
            let codigo = format!("P{}", &perfil[..3]);
            let pedidos = [
                ("POST /organismos", c.post(app.en("/api/v1/organismos")).json(&json!({"codigo": codigo, "nombre": "X", "tipo": "CENTRAL"})), esperado(201)),
                ("PATCH /organismos/{id}", c.patch(app.en(&format!("/api/v1/organismos/{}", m.mds))).json(&json!({"nombre": "MDS"})), esperado(200)),
                ("POST /unidades", c.post(app.en("/api/v1/unidades")).json(&json!({"organismo_id": m.mds, "codigo": codigo, "nombre": "X", "tipo": "MESA_DE_ENTRADA"})), esperado(201)),
                ("PATCH /unidades/{id}", c.patch(app.en(&format!("/api/v1/unidades/{}", m.mesa_mds))).json(&json!({"nombre": "Mesa MDS"})), esperado(200)),
                ("GET /usuarios", c.get(app.en("/api/v1/usuarios")), esperado(200)),
                ("GET /usuarios/{id}", c.get(app.en(&format!("/api/v1/usuarios/{}", m.id("CONSULTA")))), esperado(200)),
                ("POST /usuarios", c.post(app.en("/api/v1/usuarios")).json(&json!({"email": format!("n.{}@x.gob.ar", perfil.to_lowercase()), "nombre": "N", "apellido": "N", "perfil": "AUTORIDAD"})), esperado(201)),
                ("PATCH /usuarios/{id}", c.patch(app.en(&format!("/api/v1/usuarios/{}", m.id("CONSULTA")))).json(&json!({"nombre": "Otro"})), esperado(200)),
                ("POST /usuarios/{id}/restablecer", c.post(app.en(&format!("/api/v1/usuarios/{otro}/restablecer"))), esperado(200)),
                ("GET /auditoria", c.get(app.en("/api/v1/auditoria")), esperado(200)),
            ];
            for (nombre, pedido, estado) in pedidos {
                let r = pedido.send().await.expect("sent");
                assert_eq!(
                    r.status().as_u16(),
                    estado,
                    "[{}] {perfil} {nombre}",
                    app.base.nombre()
                );
            }
        }
    }
}

#[tokio::test]
async fn todos_los_perfiles_leen_la_organizacion() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        for perfil in PERFILES {
            for camino in [
                "/api/v1/organismos",
                "/api/v1/unidades",
                "/api/v1/me",
                "/api/v1/tokens",
            ] {
                let r = m
                    .cliente(perfil)
                    .get(app.en(camino))
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(r.status(), 200, "[{}] {perfil} {camino}", app.base.nombre());
            }
        }
    }
}

#[tokio::test]
async fn el_orden_de_las_respuestas_es_401_404_403_400() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let r = app
            .cliente()
            .patch(app.en("/api/v1/organismos/999999"))
            .body("no json")
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 401, "[{}]", app.base.nombre());
        let consulta = m.cliente("CONSULTA");
        let r = consulta
            .patch(app.en("/api/v1/organismos/999999"))
            .body("no json")
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 404, "unknown before forbidden");
        let r = consulta
            .patch(app.en(&format!("/api/v1/organismos/{}", m.msa)))
            .body("no json")
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 403, "forbidden before the body is read");
        let r = consulta
            .post(app.en("/api/v1/usuarios"))
            .body("no json")
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 403);
        let admin = m.cliente("ADMINISTRADOR");
        let r = admin
            .patch(app.en(&format!("/api/v1/organismos/{}", m.msa)))
            .body("no json")
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 400);
        let r = admin
            .patch(app.en("/api/v1/usuarios/999999"))
            .json(&json!({}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 404);
    }
}
