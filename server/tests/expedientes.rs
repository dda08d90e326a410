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

async fn iniciar_numera_al_estilo_gde_y_registrar_acepta_numeros_existentes(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.cliente("MESA_DE_ENTRADA");
    let anio = app::domain::expedientes::numeracion::anio_provincial();
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

async fn cincuenta_creaciones_concurrentes_dan_cincuenta_numeros_consecutivos(base: Base) {
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

async fn registros_simultaneos_de_un_numero_dan_un_alta_y_conflictos(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.cliente("MESA_DE_ENTRADA").clone();
    let mut tareas = Vec::new();
    for i in 0..20 {
        let (c, url) = (mesa.clone(), app.en("/api/v1/expedientes"));
        // Spelled differently, the same number once normalised.
        let numero = if i % 2 == 0 {
            "EXP-777/2019"
        } else {
            "exp-777/2019"
        };
        tareas.push(tokio::spawn(async move {
            let r = c
                .post(url)
                .json(&json!({"extracto": "Expediente en papel registrado dos veces", "iniciador": {"nombre": "X"}, "numero": numero}))
                .send()
                .await
                .expect("sent");
            let estado = r.status().as_u16();
            (estado, codigo_de_error(r).await)
        }));
    }
    let mut altas = 0;
    for t in tareas {
        match t.await.expect("task") {
            (201, _) => altas += 1,
            (409, codigo) => assert_eq!(codigo, "duplicate_number"),
            otro => panic!("[{}] unexpected answer {otro:?}", app.base.nombre()),
        }
    }
    assert_eq!(altas, 1, "[{}]", app.base.nombre());
}

async fn un_pase_se_envia_recibe_y_deja_su_circuito(base: Base) {
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

async fn dos_recepciones_simultaneas_dan_un_exito_y_un_conflicto(base: Base) {
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

async fn un_pase_anulado_no_se_recibe_y_un_rechazo_exige_motivo(base: Base) {
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

async fn una_edicion_con_version_vieja_da_conflicto(base: Base) {
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

async fn quien_no_tiene_acceso_no_encuentra_el_expediente(base: Base) {
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

async fn archivar_exige_motivo_y_custodia(base: Base) {
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

async fn verify_encuentra_una_fila_alterada_a_mano(base: Base) {
    use app::infra::entities::evento;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
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
    let v = app::domain::registro::eventos::verificar(&app.state.db, None)
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
    let v = app::domain::registro::eventos::verificar(&app.state.db, None)
        .await
        .expect("verify runs");
    assert_eq!(v.roturas.len(), 1, "{:?}", v.roturas);
    let r = &v.roturas[0];
    assert_eq!(
        (r.entidad.as_str(), r.entidad_id, r.seq),
        ("expediente", id, 1)
    );
}

async fn la_caratula_tiene_numero_datos_y_qr(base: Base) {
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

async fn la_caratula_dice_el_cuerpo_de_su_ultima_foja(base: Base) {
    use sea_orm::ConnectionTrait;
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.cliente("MESA_DE_ENTRADA");
    let e = iniciar(&app, mesa).await;
    for (fojas, cuerpo) in [
        (0, "1"),
        (199, "1"),
        (200, "1"),
        (201, "2"),
        (400, "2"),
        (401, "3"),
    ] {
        app.state
            .db
            .execute_unprepared(&format!(
                "UPDATE expediente SET fojas = {fojas} WHERE id = {}",
                e["id"]
            ))
            .await
            .expect("update");
        let html = mesa
            .get(app.en(&format!("/expedientes/{}/caratula", e["id"])))
            .send()
            .await
            .expect("sent")
            .text()
            .await
            .expect("html");
        let (_, resto) = html.split_once("<dt>Cuerpo</dt>").expect("cuerpo shown");
        let (dd, _) = resto.split_once("</dd>").expect("dd");
        let texto: String = dd
            .split('<')
            .flat_map(|t| t.split_once('>').map(|(_, x)| x))
            .collect();
        assert_eq!(
            texto.trim(),
            cuerpo,
            "[{}] {fojas} fojas",
            app.base.nombre()
        );
    }
}

async fn get(app: &TestApp, c: &reqwest::Client, camino: &str) -> Value {
    let r = c.get(app.en(camino)).send().await.expect("sent");
    assert_eq!(r.status(), 200, "GET {camino}");
    r.json().await.expect("json")
}

async fn la_bandeja_filtra_ordena_pagina_y_dice_quien_recibio(base: Base) {
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
    let mut ids = Vec::new();
    for extracto in [
        "Solicitud de licencia por estudio",
        "Compra de insumos hospitalarios",
        "Licencia por maternidad de agente",
    ] {
        let e = crear(
            mesa_a,
            app.en("/api/v1/expedientes"),
            json!({"extracto": extracto, "iniciador": {"nombre": "Ana Pérez"}}),
        )
        .await;
        ids.push(e["id"].as_i64().expect("id"));
    }
    let n = app.base.nombre();

    let b = get(&app, mesa_a, "/api/v1/bandeja?q=LICENCIA").await;
    assert_eq!(b["total_en_unidad"], 2, "[{n}] words ignore case");
    let b = get(&app, mesa_a, "/api/v1/bandeja").await;
    let orden: Vec<i64> = b["en_unidad"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(orden, ids, "[{n}] oldest in the unidad first");
    let b = get(&app, mesa_a, "/api/v1/bandeja?orden=recientes&per_page=2").await;
    assert_eq!(b["en_unidad"][0]["id"], ids[2], "[{n}] newest first");
    assert_eq!(b["en_unidad"].as_array().expect("list").len(), 2);
    assert_eq!(b["total_en_unidad"], 3);
    let b = get(
        &app,
        mesa_a,
        "/api/v1/bandeja?orden=recientes&per_page=2&page=2",
    )
    .await;
    assert_eq!(b["en_unidad"][0]["id"], ids[0]);

    let r = post(
        &app,
        mesa_a,
        &format!("/api/v1/expedientes/{}/pases", ids[1]),
        json!({"destino_unidad_id": m.mesa_mds, "motivo": "Para su intervención"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let pase: Value = r.json().await.expect("json");
    let b = get(&app, &mesa_b, "/api/v1/bandeja?q=insumos").await;
    assert_eq!(b["total_pendientes"], 1, "[{n}]");
    assert_eq!(b["pendientes"][0]["id"], pase["id"]);
    assert_eq!(
        b["pendientes"][0]["extracto"],
        "Compra de insumos hospitalarios"
    );
    assert!(b["pendientes"][0]["numero"].as_str().is_some());
    let b = get(&app, &mesa_b, "/api/v1/bandeja?q=licencia").await;
    assert_eq!(
        b["total_pendientes"], 0,
        "[{n}] the filter applies to pases"
    );

    let r = post(
        &app,
        &mesa_b,
        &format!("/api/v1/pases/{}/recibir", pase["id"]),
        json!({}),
    )
    .await;
    let recibido: Value = r.json().await.expect("json");
    let e = get(&app, &mesa_b, &format!("/api/v1/expedientes/{}", ids[1])).await;
    assert_eq!(
        e["en_unidad_desde"], recibido["resuelto_en"],
        "[{n}] custody since the reception"
    );
    let c = get(
        &app,
        &mesa_b,
        &format!("/api/v1/expedientes/{}/circuito", ids[1]),
    )
    .await;
    assert_eq!(c["items"][0]["recibido_por"], "Nombre MESA_DE_ENTRADA");
    assert_eq!(c["items"][0]["enviado_por"], "Nombre MESA_DE_ENTRADA");
    assert_eq!(c["items"][1]["recibido_por"], "N A");
    assert_eq!(c["items"][1]["enviado_por"], Value::Null);

    let r = m
        .cliente("AUTORIDAD")
        .get(app.en("/api/v1/bandeja"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 403, "[{n}] no unidad, no bandeja");
}

async fn los_tipos_de_tramite_los_mantiene_el_administrador(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.cliente("ADMINISTRADOR");
    let n = app.base.nombre();
    let t = crear(
        admin,
        app.en("/api/v1/tipos-tramite"),
        json!({"nombre": "Licitación pública"}),
    )
    .await;
    assert_eq!(t["activo"], true);
    let r = post(
        &app,
        admin,
        "/api/v1/tipos-tramite",
        json!({"nombre": "Licitación pública"}),
    )
    .await;
    assert_eq!(r.status(), 409, "[{n}]");
    assert_eq!(codigo_de_error(r).await, "duplicate_name");
    let r = post(
        &app,
        admin,
        "/api/v1/tipos-tramite",
        json!({"nombre": "  "}),
    )
    .await;
    assert_eq!(r.status(), 422, "[{n}]");
    for perfil in &PERFILES[1..] {
        let r = post(
            &app,
            m.cliente(perfil),
            "/api/v1/tipos-tramite",
            json!({"nombre": "Otro"}),
        )
        .await;
        assert_eq!(r.status(), 403, "[{n}] {perfil} cannot add tipos");
        let lista = get(&app, m.cliente(perfil), "/api/v1/tipos-tramite").await;
        assert_eq!(lista[0]["nombre"], "Licitación pública", "{perfil} reads");
    }

    let mesa = m.cliente("MESA_DE_ENTRADA");
    let e = crear(
        mesa,
        app.en("/api/v1/expedientes"),
        json!({"extracto": "Licitación de ambulancias", "iniciador": {"nombre": "Hospital"},
               "tipo_tramite_id": t["id"]}),
    )
    .await;
    assert_eq!(e["tipo_tramite_id"], t["id"]);

    let r = m
        .cliente("MESA_DE_ENTRADA")
        .patch(app.en(&format!("/api/v1/tipos-tramite/{}", t["id"])))
        .json(&json!({"activo": false}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 403, "[{n}]");
    let r = admin
        .patch(app.en(&format!("/api/v1/tipos-tramite/{}", t["id"])))
        .json(&json!({"activo": false}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 200, "[{n}]");
    let r = post(
        &app,
        mesa,
        "/api/v1/expedientes",
        json!({"extracto": "Licitación de ambulancias", "iniciador": {"nombre": "Hospital"},
               "tipo_tramite_id": t["id"]}),
    )
    .await;
    assert_eq!(r.status(), 422, "[{n}] an inactive tipo is refused");
    let r = admin
        .patch(app.en("/api/v1/tipos-tramite/999999"))
        .json(&json!({"activo": true}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 404, "[{n}]");
}

async fn un_punto_de_control_firmado_descubre_una_cadena_recalculada(base: Base) {
    use app::domain::registro::eventos::ClaveFirma;
    use app::domain::registro::eventos::HASH_INICIAL;
    use app::domain::registro::eventos::calcular_hash;
    use app::domain::registro::eventos::sellar;
    use app::domain::registro::eventos::verificar;
    use app::infra::entities::evento;
    use app::infra::entities::evento_cabeza;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = spawn_app(base).await;
    let db = &app.state.db;
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
    let n = app.base.nombre();
    let clave = ClaveFirma(b"una clave de prueba de al menos 32 caracteres".to_vec());
    let p = sellar(db, &clave)
        .await
        .expect("signs")
        .expect("a checkpoint");
    assert!(
        sellar(db, &clave).await.expect("runs").is_none(),
        "[{n}] nothing new, no checkpoint"
    );
    let v = verificar(db, Some(&clave)).await.expect("verify runs");
    assert_eq!((v.roturas.len(), v.puntos), (0, 1), "[{n}] {:?}", v.roturas);

    // Someone who can write the database rewrites the first event and rehashes the chain.
    let eventos = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.eq(id))
        .order_by_asc(evento::Column::Seq)
        .all(db)
        .await
        .expect("events");
    let mut anterior = HASH_INICIAL.to_owned();
    for ev in eventos {
        let datos = if ev.seq == 1 {
            "{\"despues\":{\"extracto\":\"otro\"}}".to_owned()
        } else {
            ev.datos.clone()
        };
        let hash = calcular_hash(
            &ev.entidad,
            ev.entidad_id,
            ev.seq,
            &ev.tipo,
            ev.actor_id,
            ev.unidad_id,
            ev.en,
            &datos,
            &anterior,
        );
        evento::Entity::update_many()
            .col_expr(evento::Column::Datos, Expr::value(datos))
            .col_expr(evento::Column::Hash, Expr::value(hash.clone()))
            .col_expr(evento::Column::HashAnterior, Expr::value(anterior))
            .filter(evento::Column::Id.eq(ev.id))
            .exec(db)
            .await
            .expect("tamper");
        anterior = hash;
    }
    evento_cabeza::Entity::update_many()
        .col_expr(evento_cabeza::Column::Hash, Expr::value(anterior))
        .filter(evento_cabeza::Column::Entidad.eq("expediente"))
        .filter(evento_cabeza::Column::EntidadId.eq(id))
        .exec(db)
        .await
        .expect("tamper head");

    let v = verificar(db, None).await.expect("verify runs");
    assert!(
        v.roturas.is_empty(),
        "[{n}] the rehashed chain is consistent by itself"
    );
    let v = verificar(db, Some(&clave)).await.expect("verify runs");
    assert_eq!(v.roturas.len(), 1, "[{n}] {:?}", v.roturas);
    assert_eq!(
        (v.roturas[0].entidad.as_str(), v.roturas[0].entidad_id),
        ("punto_control", p.id)
    );
    let otra = ClaveFirma(b"otra clave distinta, tambien de 32 caracteres".to_vec());
    let v = verificar(db, Some(&otra)).await.expect("verify runs");
    assert!(
        v.roturas
            .iter()
            .any(|r| r.motivo.contains("firma del punto de control")),
        "[{n}] a checkpoint signed with another key is refused"
    );
}

en_cada_base!(
    verify_encuentra_una_fila_alterada_a_mano,
    la_caratula_dice_el_cuerpo_de_su_ultima_foja,
    un_punto_de_control_firmado_descubre_una_cadena_recalculada,
    iniciar_numera_al_estilo_gde_y_registrar_acepta_numeros_existentes,
    cincuenta_creaciones_concurrentes_dan_cincuenta_numeros_consecutivos,
    registros_simultaneos_de_un_numero_dan_un_alta_y_conflictos,
    un_pase_se_envia_recibe_y_deja_su_circuito,
    dos_recepciones_simultaneas_dan_un_exito_y_un_conflicto,
    un_pase_anulado_no_se_recibe_y_un_rechazo_exige_motivo,
    una_edicion_con_version_vieja_da_conflicto,
    quien_no_tiene_acceso_no_encuentra_el_expediente,
    archivar_exige_motivo_y_custodia,
    la_caratula_tiene_numero_datos_y_qr,
    la_bandeja_filtra_ordena_pagina_y_dice_quien_recibio,
    los_tipos_de_tramite_los_mantiene_el_administrador,
);
