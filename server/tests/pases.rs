//! Pases through the API (issue #4 acceptance): sending, receiving once, withdrawing and
//! rejecting, the circuit and historial they leave, and the bandeja where they wait.

mod comun;

use comun::*;
use serde_json::{Value, json};

async fn un_pase_se_envia_recibe_y_deja_su_circuito(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa_a = m.como("MESA_DE_ENTRADA");
    let mesa_b = persona(
        &app,
        &m,
        "mesa.b@prueba.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let e = iniciar_expediente(mesa_a).await;
    let id = e["id"].as_i64().expect("id");
    let pases = format!("/api/v1/expedientes/{id}/pases");

    // The motivo is required.
    mesa_a
        .post(&pases, json!({"destino_unidad_id": m.mesa_mds}))
        .await
        .esperar(422);
    // Not to itself.
    mesa_a
        .post(
            &pases,
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "x"}),
        )
        .await
        .esperar(422);
    // CARGA cannot send.
    m.como("CARGA")
        .post(
            &pases,
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "x"}),
        )
        .await
        .esperar(403);
    let pase = mesa_a
        .crear(
            &pases,
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Para su intervención"}),
        )
        .await;
    assert_eq!(pase["estado"], "PENDIENTE");
    let pase_id = pase["id"].as_i64().expect("id");

    // Nothing can be edited while in transit.
    let v = mesa_a
        .patch(
            &format!("/api/v1/expedientes/{id}"),
            json!({"extracto": "Otro extracto más largo", "version": 2}),
        )
        .await
        .esperar(409);
    assert_eq!(v["error"]["code"], "wrong_state");

    let b = mesa_b.get("/api/v1/bandeja").await.esperar(200);
    assert_eq!(b["pendientes"][0]["id"], pase_id);
    let recibir = format!("/api/v1/pases/{pase_id}/recibir");
    // Another unidad cannot receive it.
    m.como("OFICINA")
        .post(&recibir, json!({}))
        .await
        .esperar(403);
    let v = mesa_b.post(&recibir, json!({})).await.esperar(200);
    assert_eq!(v["estado"], "RECIBIDO");
    // Not twice.
    mesa_b.post(&recibir, json!({})).await.esperar(409);

    let e = mesa_a
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    assert_eq!(
        (e["estado"].as_str(), e["unidad_actual_id"].as_i64()),
        (Some("EN_TRAMITE"), Some(m.mesa_mds))
    );
    let c = mesa_a
        .get(&format!("/api/v1/expedientes/{id}/circuito"))
        .await
        .esperar(200);
    assert_eq!(c["total"], 2);
    assert_eq!(c["items"][0]["unidad_id"], m.mesa_msa);
    assert_eq!(c["items"][1]["unidad_id"], m.mesa_mds);
    assert!(c["items"][0]["hasta"].is_string() && c["items"][1]["hasta"].is_null());

    let h = mesa_a
        .get(&format!("/api/v1/expedientes/{id}/historial"))
        .await
        .esperar(200);
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
    )
    .await;
    let b2 = persona(
        &app,
        &m,
        "b2@prueba.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let mesa = m.como("MESA_DE_ENTRADA");
    for _ in 0..3 {
        let e = iniciar_expediente(mesa).await;
        let p = mesa
            .crear(
                &format!("/api/v1/expedientes/{}/pases", e["id"]),
                json!({"destino_unidad_id": m.mesa_mds, "motivo": "Intervención"}),
            )
            .await;
        let recibir = format!("/api/v1/pases/{}/recibir", p["id"]);
        let (r1, r2) = tokio::join!(b1.post_vacio(&recibir), b2.post_vacio(&recibir));
        let mut estados = [r1.estado.as_u16(), r2.estado.as_u16()];
        estados.sort_unstable();
        assert_eq!(estados, [200, 409], "[{}]", app.base.nombre());
    }
}

async fn un_pase_anulado_no_se_recibe_y_un_rechazo_exige_motivo(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa_a = m.como("MESA_DE_ENTRADA");
    let mesa_b = persona(
        &app,
        &m,
        "mesa.b@prueba.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let e = iniciar_expediente(mesa_a).await;
    let id = e["id"].as_i64().expect("id");
    let camino = format!("/api/v1/expedientes/{id}/pases");
    let enviar = || {
        mesa_a.crear(
            &camino,
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Intervención"}),
        )
    };

    let p = enviar().await;
    let anular = format!("/api/v1/pases/{}/anular", p["id"]);
    // Only the sender withdraws.
    mesa_b.post(&anular, json!({})).await.esperar(403);
    mesa_a.post(&anular, json!({})).await.esperar(200);
    // Withdrawn: there is nothing to receive.
    mesa_b
        .post(&format!("/api/v1/pases/{}/recibir", p["id"]), json!({}))
        .await
        .esperar(409);

    let p = enviar().await;
    let rechazar = format!("/api/v1/pases/{}/rechazar", p["id"]);
    // A rejection needs a motivo.
    mesa_b
        .post(&rechazar, json!({"motivo": "  "}))
        .await
        .esperar(422);
    mesa_b
        .post(&rechazar, json!({"motivo": "No corresponde a esta área"}))
        .await
        .esperar(200);
    let e = mesa_a
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    assert_eq!(
        (e["estado"].as_str(), e["unidad_actual_id"].as_i64()),
        (Some("EN_TRAMITE"), Some(m.mesa_msa)),
        "back with the sender"
    );
}

async fn la_bandeja_filtra_ordena_pagina_y_dice_quien_recibio(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa_a = m.como("MESA_DE_ENTRADA");
    let mesa_b = persona(
        &app,
        &m,
        "mesa.b@prueba.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let mut ids = Vec::new();
    for extracto in [
        "Solicitud de licencia por estudio",
        "Compra de insumos hospitalarios",
        "Licencia por maternidad de agente",
    ] {
        let e = mesa_a
            .crear(
                "/api/v1/expedientes",
                json!({"extracto": extracto, "iniciador": {"nombre": "Ana Pérez"}}),
            )
            .await;
        ids.push(e["id"].as_i64().expect("id"));
    }
    let n = app.base.nombre();
    let bandeja = async |c: &Cliente, consulta: &str| {
        c.get(&format!("/api/v1/bandeja{consulta}"))
            .await
            .esperar(200)
    };

    let b = bandeja(mesa_a, "?q=LICENCIA").await;
    assert_eq!(b["total_en_unidad"], 2, "[{n}] words ignore case");
    let b = bandeja(mesa_a, "").await;
    let orden: Vec<i64> = b["en_unidad"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(orden, ids, "[{n}] oldest in the unidad first");
    let b = bandeja(mesa_a, "?orden=recientes&per_page=2").await;
    assert_eq!(b["en_unidad"][0]["id"], ids[2], "[{n}] newest first");
    assert_eq!(b["en_unidad"].as_array().expect("list").len(), 2);
    assert_eq!(b["total_en_unidad"], 3);
    let b = bandeja(mesa_a, "?orden=recientes&per_page=2&page=2").await;
    assert_eq!(b["en_unidad"][0]["id"], ids[0]);

    let pase = mesa_a
        .crear(
            &format!("/api/v1/expedientes/{}/pases", ids[1]),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Para su intervención"}),
        )
        .await;
    let b = bandeja(&mesa_b, "?q=insumos").await;
    assert_eq!(b["total_pendientes"], 1, "[{n}]");
    assert_eq!(b["pendientes"][0]["id"], pase["id"]);
    assert_eq!(
        b["pendientes"][0]["extracto"],
        "Compra de insumos hospitalarios"
    );
    assert!(b["pendientes"][0]["numero"].as_str().is_some());
    let b = bandeja(&mesa_b, "?q=licencia").await;
    assert_eq!(
        b["total_pendientes"], 0,
        "[{n}] the filter applies to pases"
    );

    let recibido = mesa_b
        .post(&format!("/api/v1/pases/{}/recibir", pase["id"]), json!({}))
        .await
        .esperar(200);
    let e = mesa_b
        .get(&format!("/api/v1/expedientes/{}", ids[1]))
        .await
        .esperar(200);
    assert_eq!(
        e["en_unidad_desde"], recibido["resuelto_en"],
        "[{n}] custody since the reception"
    );
    let c = mesa_b
        .get(&format!("/api/v1/expedientes/{}/circuito", ids[1]))
        .await
        .esperar(200);
    assert_eq!(c["items"][0]["recibido_por"], "Nombre MESA_DE_ENTRADA");
    assert_eq!(c["items"][0]["enviado_por"], "Nombre MESA_DE_ENTRADA");
    assert_eq!(c["items"][1]["recibido_por"], "N A");
    assert_eq!(c["items"][1]["enviado_por"], Value::Null);

    // No unidad, no bandeja.
    m.como("AUTORIDAD")
        .get("/api/v1/bandeja")
        .await
        .esperar(403);
}

/// A pase of the expediente `id` from `c` to `destino`.
async fn enviar(c: &Cliente, id: &Value, destino: i64) -> Value {
    c.crear(
        &format!("/api/v1/expedientes/{id}/pases"),
        json!({"destino_unidad_id": destino, "motivo": "Para su intervención"}),
    )
    .await
}

/// The bandeja follows the visibility rule: a user of the MSA mesa whose access list holds only
/// MDS sees, of what is at or addressed to the mesa, only what passed through MDS (issue #14).
async fn la_bandeja_muestra_solo_lo_que_el_acceso_deja_ver(base: Base) {
    let app = spawn_app(base).await;
    let nombre = app.base.nombre();
    let m = mundo(&app).await;
    let mesa_a = m.como("MESA_DE_ENTRADA");
    let mesa_b = persona(
        &app,
        &m,
        "mesa.b@prueba.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    m.como("ADMINISTRADOR")
        .crear(
            "/api/v1/usuarios",
            json!({"email": "solo.mds@prueba.gob.ar", "nombre": "N", "apellido": "A",
                   "perfil": "MESA_DE_ENTRADA", "unidad_id": m.mesa_msa, "organismo_id": m.msa,
                   "acceso": [m.mds], "password": CLAVE_MUNDO}),
        )
        .await;
    let solo_mds = app.cliente();
    solo_mds
        .login("solo.mds@prueba.gob.ar", CLAVE_MUNDO)
        .await
        .esperar(200);
    // Held by the mesa, never outside MSA.
    let propio = iniciar_expediente(mesa_a).await;
    // Addressed to the mesa from MSA's own oficina: passed through MSA only.
    let interno = iniciar_expediente(mesa_a).await;
    let p = enviar(mesa_a, &interno["id"], m.oficina_msa).await;
    let oficina = m.como("OFICINA");
    oficina
        .post(&format!("/api/v1/pases/{}/recibir", p["id"]), json!({}))
        .await
        .esperar(200);
    enviar(oficina, &interno["id"], m.mesa_msa).await;
    // Addressed to the mesa from MDS: visible to MDS's access list.
    let de_mds = iniciar_expediente(&mesa_b).await;
    let de_mds_pase = enviar(&mesa_b, &de_mds["id"], m.mesa_msa).await;

    let completa = mesa_a.get("/api/v1/bandeja").await.esperar(200);
    let numeros = |v: &Value, lista: &str| -> Vec<String> {
        v[lista]
            .as_array()
            .expect("list")
            .iter()
            .map(|x| x["numero"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(completa["total_pendientes"], 2, "[{nombre}] {completa}");
    assert!(
        numeros(&completa, "en_unidad")
            .contains(&propio["numero"].as_str().expect("numero").to_owned())
    );

    let v = solo_mds.get("/api/v1/bandeja").await.esperar(200);
    assert_eq!(v["total_pendientes"], 1, "[{nombre}] {v}");
    assert_eq!(
        v["pendientes"][0]["id"], de_mds_pase["id"],
        "[{nombre}] {v}"
    );
    assert_eq!(v["en_unidad"], json!([]), "[{nombre}] {v}");
    assert_eq!(v["total_en_unidad"], 0, "[{nombre}] {v}");
    let insignia = solo_mds.sfn("bandeja_contar", &[]).await.esperar(200);
    assert_eq!(insignia, json!(1), "[{nombre}] the badge counts the same");
    // And the door agrees: what the bandeja hides is missing there too.
    solo_mds
        .get(&format!("/api/v1/expedientes/{}", propio["id"]))
        .await
        .esperar(404);
}

/// A batch action of the bandeja takes at most 100 ids (issue #14): more is a 422 naming the
/// field, and nothing of the batch is done.
async fn una_accion_en_lote_toma_hasta_100(base: Base) {
    let app = spawn_app(base).await;
    let nombre = app.base.nombre();
    let m = mundo(&app).await;
    let mesa_a = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa_a).await;
    let id = e["id"].to_string();
    let mut campos: Vec<(&str, &str)> = vec![("expedientes[]", id.as_str()); 101];
    let destino = m.mesa_mds.to_string();
    campos.push(("destino", destino.as_str()));
    campos.push(("motivo", "Para su intervención"));
    let r = mesa_a.sfn("pases_enviar", &campos).await;
    assert_eq!(r.estado, 422, "[{nombre}] {}", r.texto());
    assert!(
        r.json["fields"]["expedientes"]
            .as_str()
            .is_some_and(|t| t.contains("100")),
        "[{nombre}] {}",
        r.json
    );
    let sigue = mesa_a
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    assert_eq!(sigue["estado"], "EN_TRAMITE", "[{nombre}] nothing was sent");
    let pases: Vec<(&str, &str)> = vec![("pases[]", "1"); 101];
    let r = mesa_a.sfn("pases_recibir", &pases).await;
    assert_eq!(r.estado, 422, "[{nombre}] {}", r.texto());
}

/// Whoever may not act is refused without waiting for the writers (issue #14): while the
/// SQLite write turn is held, the bandeja's and the page's doors answer 404 or 403 at once to a
/// user who may not see the expediente or may not act on it.
async fn quien_no_puede_no_espera_el_turno_de_escritura(base: Base) {
    let app = spawn_app(base).await;
    let nombre = app.base.nombre();
    let m = mundo(&app).await;
    let mesa_a = m.como("MESA_DE_ENTRADA");
    let ajena = persona(
        &app,
        &m,
        "mesa.b@prueba.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let quieto = iniciar_expediente(mesa_a).await["id"].to_string();
    let viajero = iniciar_expediente(mesa_a).await;
    let pase = mesa_a
        .crear(
            &format!("/api/v1/expedientes/{}/pases", viajero["id"]),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Para su intervención"}),
        )
        .await["id"]
        .to_string();
    let destino = m.mesa_mds.to_string();
    let consulta = m.como("CONSULTA");
    // What is tried, by whom, through which server function, with which fields, and the answer.
    type Pedido<'a> = (&'a str, &'a Cliente, &'a str, Vec<(&'a str, &'a str)>, u16);
    let pedidos: Vec<Pedido> = vec![
        (
            "send, hidden",
            &ajena,
            "pases_enviar",
            vec![
                ("expedientes[]", &quieto),
                ("destino", &destino),
                ("motivo", "x"),
            ],
            404,
        ),
        (
            "send, not allowed",
            consulta,
            "pases_enviar",
            vec![
                ("expedientes[]", &quieto),
                ("destino", &destino),
                ("motivo", "x"),
            ],
            403,
        ),
        (
            "receive, not the destination",
            consulta,
            "pases_recibir",
            vec![("pases[]", &pase)],
            403,
        ),
        (
            "reject, not the destination",
            consulta,
            "pase_rechazar",
            vec![("id", &pase), ("motivo", "x")],
            403,
        ),
        (
            "withdraw, not the sender",
            consulta,
            "pase_anular",
            vec![("id", &pase)],
            403,
        ),
        (
            "edit, hidden",
            &ajena,
            "expediente_editar",
            vec![
                ("id", &quieto),
                ("version", "1"),
                ("extracto", "Otro extracto"),
                ("iniciador_nombre", "X"),
            ],
            404,
        ),
        (
            "archive, not allowed",
            consulta,
            "expediente_archivar",
            vec![("id", &quieto), ("archivar", "true"), ("motivo", "x")],
            403,
        ),
        (
            "desglose, missing",
            consulta,
            "documento_desglosar",
            vec![("id", "999999"), ("motivo", "x")],
            404,
        ),
    ];
    let turno = app::infra::db::begin_write(&app.state.db)
        .await
        .expect("the write turn");
    for (que, c, sfn, campos, estado) in pedidos {
        let r = c
            .enviar(
                c.http
                    .post(c.en(&format!("/sfn/{sfn}")))
                    .header("accept", "application/json")
                    .form(&campos)
                    .timeout(std::time::Duration::from_secs(3)),
            )
            .await;
        // The batch doors answer 200 with what failed and why; the others, the status.
        let visto = if sfn == "pases_enviar" || sfn == "pases_recibir" {
            r.json["fallidos"][0][1]
                .as_str()
                .map_or(r.estado.as_u16(), |m| {
                    if m.contains("no existe") || m.contains("encontr") {
                        404
                    } else {
                        403
                    }
                })
        } else {
            r.estado.as_u16()
        };
        assert_eq!(visto, estado, "[{nombre}] {que}: {}", r.texto());
    }
    drop(turno);
}

en_cada_base!(
    un_pase_se_envia_recibe_y_deja_su_circuito,
    dos_recepciones_simultaneas_dan_un_exito_y_un_conflicto,
    un_pase_anulado_no_se_recibe_y_un_rechazo_exige_motivo,
    la_bandeja_filtra_ordena_pagina_y_dice_quien_recibio,
    la_bandeja_muestra_solo_lo_que_el_acceso_deja_ver,
    una_accion_en_lote_toma_hasta_100,
    quien_no_puede_no_espera_el_turno_de_escritura,
);
