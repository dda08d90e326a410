//! An expediente's own life through the API (issue #4 acceptance): GDE numbering and the
//! registration of existing numbers, concurrent starts, editing with versions, who can find
//! it, archiving, and the tipos de trámite it may carry.

mod comun;

use comun::*;
use serde_json::json;

async fn iniciar_numera_al_estilo_gde_y_registrar_acepta_numeros_existentes(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let anio = app::domain::expedientes::numeracion::anio_provincial();
    let e1 = iniciar_expediente(mesa).await;
    assert_eq!(
        e1["numero"],
        format!("EX-{anio}-00000001- -SANTACRUZ-MSA"),
        "[{}]",
        app.base.nombre()
    );
    assert_eq!(e1["estado"], "EN_TRAMITE");
    assert_eq!(e1["unidad_actual_id"], m.mesa_msa);
    assert_eq!(e1["version"], 1);
    let e2 = iniciar_expediente(m.como("OFICINA")).await;
    assert_eq!(e2["numero"], format!("EX-{anio}-00000002- -SANTACRUZ-MSA"));
    assert_eq!(
        e2["unidad_actual_id"], m.mesa_msa,
        "an oficina starts it at its mesa"
    );

    let x = mesa
        .get(&format!(
            "/api/v1/expedientes/por-numero/ex-{anio}-2--santacruz-msa"
        ))
        .await
        .esperar(200);
    assert_eq!(x["id"], e2["id"]);

    mesa.crear(
        "/api/v1/expedientes",
        json!({"extracto": "Expediente en papel de 2019", "iniciador": {"nombre": "Municipio"},
               "numero": "EXP-123/2019"}),
    )
    .await;
    let v = mesa
        .post(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente en papel de 2019", "iniciador": {"nombre": "Municipio"},
                   "numero": "exp-123/2019"}),
        )
        .await
        .esperar(409);
    assert_eq!(v["error"]["code"], "duplicate_number");
    mesa.post(
        "/api/v1/expedientes",
        json!({"extracto": "Expediente con número automático", "iniciador": {"nombre": "X"},
               "numero": format!("EX-{anio}-00000099- -SANTACRUZ-MSA")}),
    )
    .await
    .esperar(422);

    let v = mesa
        .post(
            "/api/v1/expedientes",
            json!({"extracto": "corto", "iniciador": {"nombre": "", "documento": "20-12345678-5"}}),
        )
        .await
        .esperar(422);
    for campo in ["extracto", "iniciador.nombre", "iniciador.documento"] {
        assert!(v["error"]["fields"][campo].is_string(), "{campo}: {v}");
    }
    for perfil in ["CARGA", "CONSULTA", "AUTORIDAD"] {
        let r = m
            .como(perfil)
            .post(
                "/api/v1/expedientes",
                json!({"extracto": "Solicitud de licencia por estudio", "iniciador": {"nombre": "Ana"}}),
            )
            .await;
        assert_eq!(r.estado, 403, "{perfil}: {}", r.texto());
    }
}

async fn cincuenta_creaciones_concurrentes_dan_cincuenta_numeros_consecutivos(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mut tareas = Vec::new();
    for _ in 0..50 {
        let c = mesa.clone();
        tareas.push(tokio::spawn(async move {
            let e = c
                .crear(
                    "/api/v1/expedientes",
                    json!({"extracto": "Creación concurrente de prueba", "iniciador": {"nombre": "X"}}),
                )
                .await;
            e["numero"].as_str().expect("numero").to_owned()
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
    let mesa = m.como("MESA_DE_ENTRADA");
    let mut tareas = Vec::new();
    for i in 0..20 {
        let c = mesa.clone();
        // Spelled differently, the same number once normalised.
        let numero = if i % 2 == 0 {
            "EXP-777/2019"
        } else {
            "exp-777/2019"
        };
        tareas.push(tokio::spawn(async move {
            let r = c
                .post(
                    "/api/v1/expedientes",
                    json!({"extracto": "Expediente en papel registrado dos veces",
                           "iniciador": {"nombre": "X"}, "numero": numero}),
                )
                .await;
            (r.estado.as_u16(), r.codigo().to_owned())
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

async fn una_edicion_con_version_vieja_da_conflicto(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let camino = format!("/api/v1/expedientes/{}", e["id"]);
    let v = mesa
        .patch(
            &camino,
            json!({"extracto": "Extracto corregido por la mesa", "version": 1}),
        )
        .await
        .esperar(200);
    assert_eq!(v["version"], 2);
    let v = mesa
        .patch(
            &camino,
            json!({"extracto": "Otra corrección que llega tarde", "version": 1}),
        )
        .await
        .esperar(409);
    assert_eq!(v["error"]["code"], "stale_version");
    mesa.patch(&camino, json!({"extracto": "Sin versión"}))
        .await
        .esperar(422);
    m.como("CONSULTA")
        .patch(
            &camino,
            json!({"extracto": "Consulta no edita nada", "version": 2}),
        )
        .await
        .esperar(403);
}

async fn quien_no_tiene_acceso_no_encuentra_el_expediente(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let tercero = admin
        .crear(
            "/api/v1/organismos",
            json!({"codigo": "MTER", "nombre": "Tercero", "tipo": "CENTRAL"}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    let mesa_t = admin
        .crear(
            "/api/v1/unidades",
            json!({"organismo_id": tercero, "codigo": "ME", "nombre": "Mesa",
                   "tipo": "MESA_DE_ENTRADA"}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    let ajeno = persona(&app, &m, "ajeno@prueba.gob.ar", "CONSULTA", Some(mesa_t)).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let id = e["id"].as_i64().expect("id");
    let numero = e["numero"].as_str().expect("numero");
    for camino in [
        format!("/api/v1/expedientes/{id}"),
        format!("/api/v1/expedientes/por-numero/{numero}"),
        format!("/api/v1/expedientes/{id}/historial"),
        format!("/api/v1/expedientes/{id}/circuito"),
    ] {
        ajeno.get(&camino).await.esperar(404);
    }
    let l = ajeno.get("/api/v1/expedientes").await.esperar(200);
    assert_eq!(l["total"], 0, "not even counted");
    let l = m
        .como("CONSULTA")
        .get("/api/v1/expedientes?q=LICENCIA estudio")
        .await
        .esperar(200);
    assert_eq!(l["total"], 1, "words in any order, case ignored");
    let l = m
        .como("AUTORIDAD")
        .get(&format!(
            "/api/v1/expedientes?paso_por_organismo_id={}",
            m.msa
        ))
        .await
        .esperar(200);
    assert_eq!(l["total"], 1);

    // Once it passes through the third organismo, its people can see it.
    m.como("MESA_DE_ENTRADA")
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": mesa_t, "motivo": "Vista"}),
        )
        .await;
    ajeno
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
}

async fn archivar_exige_motivo_y_custodia(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let id = e["id"].as_i64().expect("id");
    let archivar = format!("/api/v1/expedientes/{id}/archivar");
    // Only who has it in custody archives it.
    m.como("OFICINA")
        .post(&archivar, json!({"motivo": "Fin"}))
        .await
        .esperar(403);
    mesa.post(&archivar, json!({})).await.esperar(422);
    let v = mesa
        .post(&archivar, json!({"motivo": "Trámite concluido"}))
        .await
        .esperar(200);
    assert_eq!(v["estado"], "ARCHIVADO");
    mesa.post(&archivar, json!({"motivo": "Otra vez"}))
        .await
        .esperar(409);
    mesa.post(
        &format!("/api/v1/expedientes/{id}/desarchivar"),
        json!({"motivo": "Se reabre por pedido"}),
    )
    .await
    .esperar(200);
}

async fn los_tipos_de_tramite_los_mantiene_el_administrador(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let t = admin
        .crear(
            "/api/v1/tipos-tramite",
            json!({"nombre": "Licitación pública"}),
        )
        .await;
    assert_eq!(t["activo"], true);
    let v = admin
        .post(
            "/api/v1/tipos-tramite",
            json!({"nombre": "Licitación pública"}),
        )
        .await
        .esperar(409);
    assert_eq!(v["error"]["code"], "duplicate_name");
    admin
        .post("/api/v1/tipos-tramite", json!({"nombre": "  "}))
        .await
        .esperar(422);
    for perfil in &PERFILES[1..] {
        let r = m
            .como(perfil)
            .post("/api/v1/tipos-tramite", json!({"nombre": "Otro"}))
            .await;
        assert_eq!(r.estado, 403, "{perfil} cannot add tipos: {}", r.texto());
        let lista = m
            .como(perfil)
            .get("/api/v1/tipos-tramite")
            .await
            .esperar(200);
        assert_eq!(lista[0]["nombre"], "Licitación pública", "{perfil} reads");
    }

    let mesa = m.como("MESA_DE_ENTRADA");
    let e = mesa
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Licitación de ambulancias", "iniciador": {"nombre": "Hospital"},
                   "tipo_tramite_id": t["id"]}),
        )
        .await;
    assert_eq!(e["tipo_tramite_id"], t["id"]);

    let tipo = format!("/api/v1/tipos-tramite/{}", t["id"]);
    mesa.patch(&tipo, json!({"activo": false}))
        .await
        .esperar(403);
    admin
        .patch(&tipo, json!({"activo": false}))
        .await
        .esperar(200);
    // An inactive tipo is refused.
    mesa.post(
        "/api/v1/expedientes",
        json!({"extracto": "Licitación de ambulancias", "iniciador": {"nombre": "Hospital"},
               "tipo_tramite_id": t["id"]}),
    )
    .await
    .esperar(422);
    admin
        .patch("/api/v1/tipos-tramite/999999", json!({"activo": true}))
        .await
        .esperar(404);
}

/// A hidden expediente costs what a missing one costs (issue #14): one statement each, so
/// neither the answer nor its time tells someone outside its organismos that it exists.
async fn uno_oculto_cuesta_lo_que_uno_que_no_existe(base: Base) {
    use app::domain::DomainError;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let app = spawn_app(base).await;
    let n = app.base.nombre();
    let m = mundo(&app).await;
    let ajena = persona(
        &app,
        &m,
        "ajena@prueba.gob.ar",
        "CONSULTA",
        Some(m.mesa_mds),
    )
    .await;
    let ajena_id = ajena.get("/api/v1/me").await.esperar(200)["id"]
        .as_i64()
        .expect("id");
    let actor = app::domain::acceso::actor::cargar(&app.state.db, ajena_id)
        .await
        .expect("reads")
        .expect("the user");
    let oculto = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await["id"]
        .as_i64()
        .expect("id");
    let sentencias = Arc::new(AtomicUsize::new(0));
    let mut db = app.state.db.clone();
    let contar = sentencias.clone();
    db.set_metric_callback(move |_| {
        contar.fetch_add(1, Ordering::SeqCst);
    });
    let mut costos = Vec::new();
    for id in [oculto, 999_999] {
        sentencias.store(0, Ordering::SeqCst);
        let r = app::domain::expedientes::visible(&db, &actor, id).await;
        assert!(
            matches!(r, Err(DomainError::NoEncontrado)),
            "[{n}] {id}: 404"
        );
        costos.push(sentencias.load(Ordering::SeqCst));
    }
    assert_eq!(costos, vec![1, 1], "[{n}] statements for hidden, missing");
}

en_cada_base!(
    iniciar_numera_al_estilo_gde_y_registrar_acepta_numeros_existentes,
    cincuenta_creaciones_concurrentes_dan_cincuenta_numeros_consecutivos,
    registros_simultaneos_de_un_numero_dan_un_alta_y_conflictos,
    una_edicion_con_version_vieja_da_conflicto,
    quien_no_tiene_acceso_no_encuentra_el_expediente,
    uno_oculto_cuesta_lo_que_uno_que_no_existe,
    archivar_exige_motivo_y_custodia,
    los_tipos_de_tramite_los_mantiene_el_administrador,
);
