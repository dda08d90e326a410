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

/// The expediente rows of DOMAIN.md's table, through the API, for every perfil: each perfil
/// acts on an expediente held by (or addressed to) the MSA mesa, where MESA_DE_ENTRADA, CARGA
/// and CONSULTA work; OFICINA works at an oficina of MSA, on behalf of that mesa (it edits and
/// sends what the mesa holds, but archiving stays with the mesa); a fresh expediente per check.
#[tokio::test]
async fn las_acciones_sobre_expedientes_siguen_la_tabla_de_perfiles() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa = m.cliente("MESA_DE_ENTRADA");
        let nuevo = || async {
            crear(mesa, app.en("/api/v1/expedientes"), json!({"extracto": "Expediente para probar permisos", "iniciador": {"nombre": "X"}})).await["id"].as_i64().expect("id")
        };
        // (perfil, read, edit, send, archive): the holder is the MSA mesa.
        let tabla = [
            ("ADMINISTRADOR", 200, 200, 201, 200),
            ("MESA_DE_ENTRADA", 200, 200, 201, 200),
            ("OFICINA", 200, 200, 201, 403),
            ("CARGA", 200, 403, 403, 403),
            ("CONSULTA", 200, 403, 403, 403),
            ("AUTORIDAD", 200, 403, 403, 403),
        ];
        for (perfil, leer, editar, enviar, archivar) in tabla {
            let c = m.cliente(perfil);
            let id = nuevo().await;
            let r = c
                .get(app.en(&format!("/api/v1/expedientes/{id}")))
                .send()
                .await
                .expect("sent");
            assert_eq!(
                r.status().as_u16(),
                leer,
                "[{}] {perfil} read",
                app.base.nombre()
            );
            let r = c
                .patch(app.en(&format!("/api/v1/expedientes/{id}")))
                .json(&json!({"extracto": "Extracto modificado por permisos", "version": 1}))
                .send()
                .await
                .expect("sent");
            assert_eq!(r.status().as_u16(), editar, "{perfil} edit");
            let r = c
                .post(app.en(&format!("/api/v1/expedientes/{id}/archivar")))
                .json(&json!({"motivo": "Prueba"}))
                .send()
                .await
                .expect("sent");
            assert_eq!(r.status().as_u16(), archivar, "{perfil} archive");
            let id = nuevo().await;
            let r = c
                .post(app.en(&format!("/api/v1/expedientes/{id}/pases")))
                .json(&json!({"destino_unidad_id": m.mesa_mds, "motivo": "Prueba"}))
                .send()
                .await
                .expect("sent");
            assert_eq!(r.status().as_u16(), enviar, "{perfil} send");
        }

        // Receiving: only the destination unidad (and the administrator).
        for (perfil, esperado) in [
            ("OFICINA", 403),
            ("CARGA", 403),
            ("CONSULTA", 403),
            ("AUTORIDAD", 403),
            ("ADMINISTRADOR", 200),
        ] {
            let id = nuevo().await;
            let p = crear(
                mesa,
                app.en(&format!("/api/v1/expedientes/{id}/pases")),
                json!({"destino_unidad_id": m.oficina_msa, "motivo": "Prueba"}),
            )
            .await;
            let quien = if perfil == "OFICINA" {
                m.cliente("CARGA")
            } else {
                m.cliente(perfil)
            };
            let r = quien
                .post(app.en(&format!("/api/v1/pases/{}/recibir", p["id"])))
                .send()
                .await
                .expect("sent");
            assert_eq!(
                r.status().as_u16(),
                esperado,
                "[{}] {perfil} receive",
                app.base.nombre()
            );
        }
        let id = nuevo().await;
        let p = crear(
            mesa,
            app.en(&format!("/api/v1/expedientes/{id}/pases")),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Prueba"}),
        )
        .await;
        let r = m
            .cliente("OFICINA")
            .post(app.en(&format!("/api/v1/pases/{}/recibir", p["id"])))
            .send()
            .await
            .expect("sent");
        assert_eq!(
            r.status(),
            200,
            "the oficina receives what is addressed to it"
        );

        // Starting: MESA_DE_ENTRADA and OFICINA (for its mesa); nobody else without a mesa.
        for (perfil, esperado) in [
            ("MESA_DE_ENTRADA", 201),
            ("OFICINA", 201),
            ("CARGA", 403),
            ("CONSULTA", 403),
            ("AUTORIDAD", 403),
        ] {
            let r = m.cliente(perfil).post(app.en("/api/v1/expedientes")).json(&json!({"extracto": "Inicio para probar permisos", "iniciador": {"nombre": "X"}})).send().await.expect("sent");
            assert_eq!(r.status().as_u16(), esperado, "{perfil} iniciar");
        }
        let r = m.cliente("ADMINISTRADOR").post(app.en("/api/v1/expedientes")).json(&json!({"extracto": "Inicio del administrador", "iniciador": {"nombre": "X"}, "unidad_id": m.mesa_mds})).send().await.expect("sent");
        assert_eq!(r.status(), 201, "an administrator starts at a chosen mesa");
    }
}
