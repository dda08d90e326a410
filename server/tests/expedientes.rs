//! Expedientes and pases through the API on SQLite and PostgreSQL (issue #4 acceptance).

mod comun;

use comun::*;
use serde_json::{Value, json};

/// A logged-in user with a perfil at a unidad (and access to `acceso`).
async fn persona(
    app: &TestApp,
    m: &Mundo,
    email: &str,
    perfil: &str,
    unidad: Option<i64>,
    acceso: Option<Vec<i64>>,
) -> reqwest::Client {
    crear(
        m.cliente("ADMINISTRADOR"),
        app.en("/api/v1/usuarios"),
        json!({"email": email, "nombre": "N", "apellido": "A", "perfil": perfil, "unidad_id": unidad,
               "acceso": acceso, "password": CLAVE_MUNDO}),
    )
    .await;
    let c = app.cliente();
    assert_eq!(app.login(&c, email, CLAVE_MUNDO).await.status(), 200);
    c
}

async fn iniciar(app: &TestApp, c: &reqwest::Client) -> Value {
    crear(c, app.en("/api/v1/expedientes"), json!({
        "extracto": "Solicitud de licencia por estudio", "iniciador": {"nombre": "Ana Pérez", "documento": "20-12345678-6"}})).await
}

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    camino: &str,
    cuerpo: Value,
) -> reqwest::Response {
    c.post(app.en(camino))
        .json(&cuerpo)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn iniciar_numera_al_estilo_gde_y_registrar_acepta_numeros_existentes() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa = m.cliente("MESA_DE_ENTRADA");
        let anio = app::domain::numeracion::anio_provincial();
        let e1 = iniciar(&app, mesa).await;
        assert_eq!(
            e1["numero"],
            format!("EX-{anio}-00000001- -SANTACRUZ-MSA"),
            "[{}]",
            app.base.nombre()
        );
        assert_eq!(e1["estado"], "EN_TRAMITE");
        assert_eq!(e1["unidad_actual_id"], m.mesa_msa);
        assert_eq!(e1["version"], 1);
        let e2 = iniciar(&app, m.cliente("OFICINA")).await;
        assert_eq!(e2["numero"], format!("EX-{anio}-00000002- -SANTACRUZ-MSA"));
        assert_eq!(
            e2["unidad_actual_id"], m.mesa_msa,
            "an oficina starts it at its mesa"
        );

        let r = mesa
            .get(app.en(&format!(
                "/api/v1/expedientes/por-numero/ex-{anio}-2--santacruz-msa"
            )))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.expect("json")["id"], e2["id"]);

        let r = post(&app, mesa, "/api/v1/expedientes", json!({"extracto": "Expediente en papel de 2019", "iniciador": {"nombre": "Municipio"}, "numero": "EXP-123/2019"})).await;
        assert_eq!(r.status(), 201);
        let r = post(&app, mesa, "/api/v1/expedientes", json!({"extracto": "Expediente en papel de 2019", "iniciador": {"nombre": "Municipio"}, "numero": "exp-123/2019"})).await;
        assert_eq!(r.status(), 409);
        assert_eq!(codigo_de_error(r).await, "duplicate_number");
        let r = post(&app, mesa, "/api/v1/expedientes", json!({"extracto": "Expediente con número automático", "iniciador": {"nombre": "X"}, "numero": format!("EX-{anio}-00000099- -SANTACRUZ-MSA")})).await;
        assert_eq!(r.status(), 422);

        let r = post(
            &app,
            mesa,
            "/api/v1/expedientes",
            json!({"extracto": "corto", "iniciador": {"nombre": "", "documento": "20-12345678-5"}}),
        )
        .await;
        assert_eq!(r.status(), 422);
        let v: Value = r.json().await.expect("json");
        for campo in ["extracto", "iniciador.nombre", "iniciador.documento"] {
            assert!(v["error"]["fields"][campo].is_string(), "{campo}: {v}");
        }
        for perfil in ["CARGA", "CONSULTA", "AUTORIDAD"] {
            let r = post(&app, m.cliente(perfil), "/api/v1/expedientes", json!({"extracto": "Solicitud de licencia por estudio", "iniciador": {"nombre": "Ana"}})).await;
            assert_eq!(r.status(), 403, "{perfil}");
        }
    }
}

#[tokio::test]
async fn cincuenta_creaciones_concurrentes_dan_cincuenta_numeros_consecutivos() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa = m.cliente("MESA_DE_ENTRADA").clone();
        let mut tareas = Vec::new();
        for _ in 0..50 {
            let (c, url) = (mesa.clone(), app.en("/api/v1/expedientes"));
            tareas.push(tokio::spawn(async move {
                let r = c.post(url).json(&json!({"extracto": "Creación concurrente de prueba", "iniciador": {"nombre": "X"}})).send().await.expect("sent");
                assert_eq!(r.status(), 201);
                r.json::<Value>().await.expect("json")["numero"].as_str().expect("numero").to_owned()
            }));
        }
        let mut secuencias = Vec::new();
        for t in tareas {
            let numero = t.await.expect("task");
            secuencias.push(
                numero
                    .split('-')
                    .nth(2)
                    .expect("seq")
                    .parse::<u32>()
                    .expect("digits"),
            );
        }
        secuencias.sort_unstable();
        assert_eq!(
            secuencias,
            (1..=50).collect::<Vec<_>>(),
            "[{}]",
            app.base.nombre()
        );
    }
}

#[tokio::test]
async fn un_pase_se_envia_recibe_y_deja_su_circuito() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa_a = m.cliente("MESA_DE_ENTRADA");
        let mesa_b = persona(
            &app,
            &m,
            "mesa.b@prueba.gob.ar",
            "MESA_DE_ENTRADA",
            Some(m.mesa_mds),
            None,
        )
        .await;
        let e = iniciar(&app, mesa_a).await;
        let id = e["id"].as_i64().expect("id");

        let r = post(
            &app,
            mesa_a,
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds}),
        )
        .await;
        assert_eq!(r.status(), 422, "[{}] motivo required", app.base.nombre());
        let r = post(
            &app,
            mesa_a,
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "x"}),
        )
        .await;
        assert_eq!(r.status(), 422, "not to itself");
        let r = post(
            &app,
            m.cliente("CARGA"),
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "x"}),
        )
        .await;
        assert_eq!(r.status(), 403, "CARGA cannot send");
        let r = post(
            &app,
            mesa_a,
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Para su intervención"}),
        )
        .await;
        assert_eq!(r.status(), 201);
        let pase: Value = r.json().await.expect("json");
        assert_eq!(pase["estado"], "PENDIENTE");
        let pase_id = pase["id"].as_i64().expect("id");

        // Nothing can be edited while in transit.
        let r = mesa_a
            .patch(app.en(&format!("/api/v1/expedientes/{id}")))
            .json(&json!({"extracto": "Otro extracto más largo", "version": 2}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 409);
        assert_eq!(codigo_de_error(r).await, "wrong_state");

        let b: Value = mesa_b
            .get(app.en("/api/v1/bandeja"))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(b["pendientes"][0]["id"], pase_id);
        let r = post(
            &app,
            m.cliente("OFICINA"),
            &format!("/api/v1/pases/{pase_id}/recibir"),
            json!({}),
        )
        .await;
        assert_eq!(r.status(), 403, "another unidad cannot receive");
        let r = post(
            &app,
            &mesa_b,
            &format!("/api/v1/pases/{pase_id}/recibir"),
            json!({}),
        )
        .await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.expect("json")["estado"], "RECIBIDO");
        let r = post(
            &app,
            &mesa_b,
            &format!("/api/v1/pases/{pase_id}/recibir"),
            json!({}),
        )
        .await;
        assert_eq!(r.status(), 409, "not twice");

        let e: Value = mesa_a
            .get(app.en(&format!("/api/v1/expedientes/{id}")))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(
            (e["estado"].as_str(), e["unidad_actual_id"].as_i64()),
            (Some("EN_TRAMITE"), Some(m.mesa_mds))
        );
        let c: Value = mesa_a
            .get(app.en(&format!("/api/v1/expedientes/{id}/circuito")))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(c["total"], 2);
        assert_eq!(c["items"][0]["unidad_id"], m.mesa_msa);
        assert_eq!(c["items"][1]["unidad_id"], m.mesa_mds);
        assert!(c["items"][0]["hasta"].is_string() && c["items"][1]["hasta"].is_null());

        let h: Value = mesa_a
            .get(app.en(&format!("/api/v1/expedientes/{id}/historial")))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        let tipos: Vec<&str> = h["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|e| e["tipo"].as_str())
            .collect();
        assert_eq!(
            tipos,
            ["EXPEDIENTE_INICIADO", "PASE_ENVIADO", "PASE_RECIBIDO"]
        );
        for par in h["items"].as_array().expect("items").windows(2) {
            assert_eq!(par[1]["hash_anterior"], par[0]["hash"], "chained");
        }
    }
}

#[tokio::test]
async fn dos_recepciones_simultaneas_dan_un_exito_y_un_conflicto() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let b1 = persona(
            &app,
            &m,
            "b1@prueba.gob.ar",
            "MESA_DE_ENTRADA",
            Some(m.mesa_mds),
            None,
        )
        .await;
        let b2 = persona(
            &app,
            &m,
            "b2@prueba.gob.ar",
            "MESA_DE_ENTRADA",
            Some(m.mesa_mds),
            None,
        )
        .await;
        for _ in 0..3 {
            let e = iniciar(&app, m.cliente("MESA_DE_ENTRADA")).await;
            let p: Value = post(
                &app,
                m.cliente("MESA_DE_ENTRADA"),
                &format!("/api/v1/expedientes/{}/pases", e["id"]),
                json!({"destino_unidad_id": m.mesa_mds, "motivo": "Intervención"}),
            )
            .await
            .json()
            .await
            .expect("json");
            let url = app.en(&format!("/api/v1/pases/{}/recibir", p["id"]));
            let (r1, r2) = tokio::join!(b1.post(&url).send(), b2.post(&url).send());
            let mut estados = [
                r1.expect("sent").status().as_u16(),
                r2.expect("sent").status().as_u16(),
            ];
            estados.sort_unstable();
            assert_eq!(estados, [200, 409], "[{}]", app.base.nombre());
        }
    }
}

#[tokio::test]
async fn un_pase_anulado_no_se_recibe_y_un_rechazo_exige_motivo() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa_a = m.cliente("MESA_DE_ENTRADA");
        let mesa_b = persona(
            &app,
            &m,
            "mesa.b@prueba.gob.ar",
            "MESA_DE_ENTRADA",
            Some(m.mesa_mds),
            None,
        )
        .await;
        let e = iniciar(&app, mesa_a).await;
        let id = e["id"].as_i64().expect("id");
        let camino = format!("/api/v1/expedientes/{id}/pases");
        let enviar = || {
            post(
                &app,
                mesa_a,
                &camino,
                json!({"destino_unidad_id": m.mesa_mds, "motivo": "Intervención"}),
            )
        };

        let p: Value = enviar().await.json().await.expect("json");
        let r = post(
            &app,
            &mesa_b,
            &format!("/api/v1/pases/{}/anular", p["id"]),
            json!({}),
        )
        .await;
        assert_eq!(
            r.status(),
            403,
            "[{}] only the sender withdraws",
            app.base.nombre()
        );
        let r = post(
            &app,
            mesa_a,
            &format!("/api/v1/pases/{}/anular", p["id"]),
            json!({}),
        )
        .await;
        assert_eq!(r.status(), 200);
        let r = post(
            &app,
            &mesa_b,
            &format!("/api/v1/pases/{}/recibir", p["id"]),
            json!({}),
        )
        .await;
        assert_eq!(r.status(), 409, "withdrawn");

        let p: Value = enviar().await.json().await.expect("json");
        let r = post(
            &app,
            &mesa_b,
            &format!("/api/v1/pases/{}/rechazar", p["id"]),
            json!({"motivo": "  "}),
        )
        .await;
        assert_eq!(r.status(), 422, "a rejection needs a motivo");
        let r = post(
            &app,
            &mesa_b,
            &format!("/api/v1/pases/{}/rechazar", p["id"]),
            json!({"motivo": "No corresponde a esta área"}),
        )
        .await;
        assert_eq!(r.status(), 200);
        let e: Value = mesa_a
            .get(app.en(&format!("/api/v1/expedientes/{id}")))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(
            (e["estado"].as_str(), e["unidad_actual_id"].as_i64()),
            (Some("EN_TRAMITE"), Some(m.mesa_msa)),
            "back with the sender"
        );
    }
}

#[tokio::test]
async fn una_edicion_con_version_vieja_da_conflicto() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa = m.cliente("MESA_DE_ENTRADA");
        let e = iniciar(&app, mesa).await;
        let url = app.en(&format!("/api/v1/expedientes/{}", e["id"]));
        let r = mesa
            .patch(&url)
            .json(&json!({"extracto": "Extracto corregido por la mesa", "version": 1}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 200, "[{}]", app.base.nombre());
        assert_eq!(r.json::<Value>().await.expect("json")["version"], 2);
        let r = mesa
            .patch(&url)
            .json(&json!({"extracto": "Otra corrección que llega tarde", "version": 1}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 409);
        assert_eq!(codigo_de_error(r).await, "stale_version");
        let r = mesa
            .patch(&url)
            .json(&json!({"extracto": "Sin versión"}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 422);
        let r = m
            .cliente("CONSULTA")
            .patch(&url)
            .json(&json!({"extracto": "Consulta no edita nada", "version": 2}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 403);
    }
}

#[tokio::test]
async fn quien_no_tiene_acceso_no_encuentra_el_expediente() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let admin = m.cliente("ADMINISTRADOR");
        let tercero = crear(
            admin,
            app.en("/api/v1/organismos"),
            json!({"codigo": "MTER", "nombre": "Tercero", "tipo": "CENTRAL"}),
        )
        .await["id"]
            .as_i64()
            .expect("id");
        let mesa_t = crear(admin, app.en("/api/v1/unidades"), json!({"organismo_id": tercero, "codigo": "ME", "nombre": "Mesa", "tipo": "MESA_DE_ENTRADA"})).await["id"].as_i64().expect("id");
        let ajeno = persona(
            &app,
            &m,
            "ajeno@prueba.gob.ar",
            "CONSULTA",
            Some(mesa_t),
            None,
        )
        .await;
        let e = iniciar(&app, m.cliente("MESA_DE_ENTRADA")).await;
        let id = e["id"].as_i64().expect("id");
        let numero = e["numero"].as_str().expect("numero");
        for camino in [
            format!("/api/v1/expedientes/{id}"),
            format!("/api/v1/expedientes/por-numero/{numero}"),
            format!("/api/v1/expedientes/{id}/historial"),
            format!("/api/v1/expedientes/{id}/circuito"),
        ] {
            let r = ajeno.get(app.en(&camino)).send().await.expect("sent");
            assert_eq!(r.status(), 404, "[{}] {camino}", app.base.nombre());
        }
        let l: Value = ajeno
            .get(app.en("/api/v1/expedientes"))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(l["total"], 0, "not even counted");
        let l: Value = m
            .cliente("CONSULTA")
            .get(app.en("/api/v1/expedientes?q=LICENCIA estudio"))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(l["total"], 1, "words in any order, case ignored");
        let l: Value = m
            .cliente("AUTORIDAD")
            .get(app.en(&format!(
                "/api/v1/expedientes?paso_por_organismo_id={}",
                m.msa
            )))
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(l["total"], 1);

        // Once it passes through the third organismo, its people can see it.
        let r = post(
            &app,
            m.cliente("MESA_DE_ENTRADA"),
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": mesa_t, "motivo": "Vista"}),
        )
        .await;
        assert_eq!(r.status(), 201);
        assert_eq!(
            ajeno
                .get(app.en(&format!("/api/v1/expedientes/{id}")))
                .send()
                .await
                .expect("sent")
                .status(),
            200
        );
    }
}

#[tokio::test]
async fn archivar_exige_motivo_y_custodia() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa = m.cliente("MESA_DE_ENTRADA");
        let e = iniciar(&app, mesa).await;
        let id = e["id"].as_i64().expect("id");
        let r = post(
            &app,
            m.cliente("OFICINA"),
            &format!("/api/v1/expedientes/{id}/archivar"),
            json!({"motivo": "Fin"}),
        )
        .await;
        assert_eq!(r.status(), 403, "[{}]", app.base.nombre());
        let r = post(
            &app,
            mesa,
            &format!("/api/v1/expedientes/{id}/archivar"),
            json!({}),
        )
        .await;
        assert_eq!(r.status(), 422);
        let r = post(
            &app,
            mesa,
            &format!("/api/v1/expedientes/{id}/archivar"),
            json!({"motivo": "Trámite concluido"}),
        )
        .await;
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.json::<Value>().await.expect("json")["estado"],
            "ARCHIVADO"
        );
        let r = post(
            &app,
            mesa,
            &format!("/api/v1/expedientes/{id}/archivar"),
            json!({"motivo": "Otra vez"}),
        )
        .await;
        assert_eq!(r.status(), 409);
        let r = post(
            &app,
            mesa,
            &format!("/api/v1/expedientes/{id}/desarchivar"),
            json!({"motivo": "Se reabre por pedido"}),
        )
        .await;
        assert_eq!(r.status(), 200);
    }
}

#[tokio::test]
async fn verify_encuentra_una_fila_alterada_a_mano() {
    use app::domain::entities::evento;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let e = iniciar(&app, m.cliente("MESA_DE_ENTRADA")).await;
        let id = e["id"].as_i64().expect("id");
        let r = post(
            &app,
            m.cliente("MESA_DE_ENTRADA"),
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Intervención"}),
        )
        .await;
        assert_eq!(r.status(), 201);
        let v = app::domain::eventos::verificar(&app.state.db)
            .await
            .expect("verify runs");
        assert!(
            v.roturas.is_empty(),
            "[{}] {:?}",
            app.base.nombre(),
            v.roturas
        );
        assert!(v.eventos > 2);

        // Someone with database access rewrites the extracto of the creation event.
        evento::Entity::update_many()
            .col_expr(
                evento::Column::Datos,
                Expr::value("{\"despues\":{\"extracto\":\"otro\"}}"),
            )
            .filter(evento::Column::Entidad.eq("expediente"))
            .filter(evento::Column::EntidadId.eq(id))
            .filter(evento::Column::Seq.eq(1))
            .exec(&app.state.db)
            .await
            .expect("tamper");
        let v = app::domain::eventos::verificar(&app.state.db)
            .await
            .expect("verify runs");
        assert_eq!(v.roturas.len(), 1, "{:?}", v.roturas);
        let r = &v.roturas[0];
        assert_eq!(
            (r.entidad.as_str(), r.entidad_id, r.seq),
            ("expediente", id, 1)
        );
    }
}

#[tokio::test]
async fn la_caratula_tiene_numero_datos_y_qr() {
    for base in bases() {
        let app = spawn_app(base).await;
        let m = mundo(&app).await;
        let mesa = m.cliente("MESA_DE_ENTRADA");
        let e = iniciar(&app, mesa).await;
        let r = mesa
            .get(app.en(&format!("/expedientes/{}/caratula", e["id"])))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), 200, "[{}]", app.base.nombre());
        let html = r.text().await.expect("html");
        assert!(
            html.contains(e["numero"].as_str().expect("numero")),
            "number"
        );
        assert!(
            html.contains("Solicitud de licencia por estudio"),
            "extracto"
        );
        assert!(
            html.contains("MSA — Ministerio de Salud y Ambiente"),
            "organismo"
        );
        assert!(html.contains("<svg"), "QR code");
        assert!(
            html.contains(&format!("/expedientes/{}", e["id"])),
            "address"
        );
    }
}
