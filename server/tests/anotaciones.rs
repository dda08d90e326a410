//! Anotaciones through the API and the server functions (issue #12 §1): who writes, who sees a
//! private note (in the list, the historial and the page), revisions and stale edits, logical
//! removal, and bad input.

mod comun;

use comun::*;
use serde_json::{Value, json};

fn camino(e: &Value) -> String {
    format!("/api/v1/expedientes/{}/anotaciones", e["id"])
}

async fn anotar(c: &Cliente, e: &Value, texto: &str, visibilidad: &str) -> Value {
    c.crear(
        &camino(e),
        json!({"texto": texto, "visibilidad": visibilidad}),
    )
    .await
}

async fn textos(c: &Cliente, e: &Value) -> Vec<String> {
    let l = c.get(&camino(e)).await.esperar(200);
    assert_eq!(
        l["total"].as_u64(),
        Some(l["items"].as_array().map_or(0, Vec::len) as u64),
        "{l}"
    );
    l["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["texto"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn historial(c: &Cliente, e: &Value) -> Value {
    c.get(&format!(
        "/api/v1/expedientes/{}/historial?per_page=200",
        e["id"]
    ))
    .await
    .esperar(200)
}

/// DOMAIN.md's table: ADMINISTRADOR, MESA DE ENTRADA, OFICINA and CARGA write on visible
/// expedientes, in any state; CONSULTA and AUTORIDAD do not; whoever does not see it gets 404.
async fn quien_escribe_anotaciones(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    for perfil in ["ADMINISTRADOR", "MESA_DE_ENTRADA", "OFICINA", "CARGA"] {
        let n = anotar(m.como(perfil), &e, &format!("Nota de {perfil}"), "PUBLICA").await;
        assert_eq!(n["autor_id"], m.id(perfil), "[{}] {n}", app.base.nombre());
        assert_eq!(n["version"], 1);
        assert_eq!(n["eliminada"], false);
        assert_eq!(n["expediente_id"], e["id"]);
    }
    for perfil in ["CONSULTA", "AUTORIDAD"] {
        let r = m
            .como(perfil)
            .post(&camino(&e), json!({"texto": "No debería quedar"}))
            .await
            .esperar(403);
        assert_eq!(r["error"]["code"], "forbidden", "{perfil}");
    }
    // An administrator's note belongs to the unidad holding the expediente.
    let todas = m.como("CONSULTA").get(&camino(&e)).await.esperar(200);
    assert_eq!(todas["total"], 4);
    assert_eq!(todas["items"][0]["unidad_id"], m.mesa_msa);
    assert_eq!(todas["items"][2]["unidad_id"], m.oficina_msa);

    // Another organismo's mesa does not see the expediente: 404 for reading and writing.
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    mds.get(&camino(&e)).await.esperar(404);
    let r = mds
        .post(&camino(&e), json!({"texto": "Intruso"}))
        .await
        .esperar(404);
    assert_eq!(r["error"]["code"], "not_found");
    let id = todas["items"][0]["id"].as_i64().expect("id");
    mds.get(&format!("/api/v1/anotaciones/{id}/revisiones"))
        .await
        .esperar(404);
    mds.patch(
        &format!("/api/v1/anotaciones/{id}"),
        json!({"texto": "x", "version": 1}),
    )
    .await
    .esperar(404);

    // Archived, it still takes notes.
    m.como("MESA_DE_ENTRADA")
        .post(
            &format!("/api/v1/expedientes/{}/archivar", e["id"]),
            json!({"motivo": "Concluido"}),
        )
        .await
        .esperar(200);
    anotar(m.como("CARGA"), &e, "Nota sobre el archivo", "PUBLICA").await;
    m.como("CONSULTA")
        .get("/api/v1/expedientes/999999/anotaciones")
        .await
        .esperar(404);
}

/// A UNIDAD note shows only to users whose own unidad wrote it and to administrators: in the
/// list, its revisions, the historial (rows and total) and the page, while the chain stays whole.
async fn una_nota_privada_solo_la_ve_su_unidad(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    anotar(mesa, &e, "Para todos", "PUBLICA").await;
    let privada = anotar(mesa, &e, "Interna de la mesa: ojo con el plazo", "UNIDAD").await;
    assert_eq!(privada["visibilidad"], "UNIDAD");
    assert_eq!(privada["unidad_id"], m.mesa_msa);
    let de_oficina = anotar(m.como("OFICINA"), &e, "Interna de la oficina", "UNIDAD").await;
    let de_admin = anotar(
        m.como("ADMINISTRADOR"),
        &e,
        "Interna del administrador",
        "UNIDAD",
    )
    .await;
    assert_eq!(de_admin["unidad_id"], m.mesa_msa, "the holder's");

    let mesa_ve = [
        "Para todos",
        "Interna de la mesa: ojo con el plazo",
        "Interna del administrador",
    ];
    // CARGA and CONSULTA work at the mesa: its own unidad.
    for perfil in ["MESA_DE_ENTRADA", "CARGA", "CONSULTA"] {
        assert_eq!(textos(m.como(perfil), &e).await, mesa_ve, "{perfil}");
    }
    // Acting for its mesa does not extend to the mesa's private notes.
    assert_eq!(
        textos(m.como("OFICINA"), &e).await,
        ["Para todos", "Interna de la oficina"]
    );
    assert_eq!(textos(m.como("AUTORIDAD"), &e).await, ["Para todos"]);
    assert_eq!(textos(m.como("ADMINISTRADOR"), &e).await.len(), 4);

    let oficina = m.como("OFICINA");
    let id = privada["id"].as_i64().expect("id");
    oficina
        .get(&format!("/api/v1/anotaciones/{id}/revisiones"))
        .await
        .esperar(404);
    oficina
        .patch(
            &format!("/api/v1/anotaciones/{id}"),
            json!({"texto": "x", "version": 1}),
        )
        .await
        .esperar(404);
    oficina
        .sfn(
            "anotacion_eliminar",
            &[("id", &id.to_string()), ("motivo", "x")],
        )
        .await
        .esperar(404);
    m.como("CONSULTA")
        .get(&format!("/api/v1/anotaciones/{id}/revisiones"))
        .await
        .esperar(200);

    // The historial: the events of other unidades' private notes are not there, nor counted.
    let h = historial(oficina, &e).await;
    let items = h["items"].as_array().expect("items");
    assert_eq!(h["total"].as_u64(), Some(items.len() as u64));
    let tipos: Vec<&str> = items.iter().filter_map(|ev| ev["tipo"].as_str()).collect();
    assert_eq!(
        tipos,
        [
            "EXPEDIENTE_INICIADO",
            "ANOTACION_AGREGADA",
            "ANOTACION_PRIVADA_AGREGADA"
        ],
        "the oficina sees its own private note only"
    );
    assert!(!h.to_string().contains("ojo con el plazo"));
    let h = historial(m.como("CONSULTA"), &e).await;
    assert_eq!(h["total"], 4, "{h}");
    assert!(h.to_string().contains("ojo con el plazo"));
    assert!(!h.to_string().contains("Interna de la oficina"));
    assert_eq!(historial(m.como("AUTORIDAD"), &e).await["total"], 2);
    assert_eq!(historial(m.como("ADMINISTRADOR"), &e).await["total"], 5);

    // The page shows what the list shows.
    let pagina = |c: &Cliente| {
        let c = c.clone();
        let camino = format!("/expedientes/{}", e["id"]);
        async move { c.get(&camino).await.esperar_html(200) }
    };
    let html = pagina(oficina).await;
    assert!(html.contains("Interna de la oficina"));
    assert!(!html.contains("ojo con el plazo"), "private note leaked");
    assert!(pagina(m.como("CARGA")).await.contains("ojo con el plazo"));

    let v = app::domain::registro::verificacion::verificar(&app.state.db, None)
        .await
        .expect("verify");
    assert!(v.roturas.is_empty(), "the chain stays whole");
    let _ = de_oficina;
}

/// Only the author (or an administrator) edits or removes a note; an edit needs the version
/// last read and keeps the earlier texts; removal is logical, with a motivo.
async fn editar_y_eliminar_con_version_revisiones_y_motivo(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let n = anotar(mesa, &e, "Primer texto", "PUBLICA").await;
    let nota = format!("/api/v1/anotaciones/{}", n["id"]);
    assert_eq!(n["puede_modificar"], true);

    // Others who see it, even of the same unidad, may not.
    let l = m.como("CARGA").get(&camino(&e)).await.esperar(200);
    assert_eq!(l["items"][0]["puede_modificar"], false);
    for perfil in ["CARGA", "OFICINA", "CONSULTA", "AUTORIDAD"] {
        m.como(perfil)
            .patch(&nota, json!({"texto": "Ajeno", "version": 1}))
            .await
            .esperar(403);
        m.como(perfil)
            .enviar(
                m.como(perfil)
                    .http
                    .delete(m.como(perfil).en(&nota))
                    .json(&json!({"motivo": "Ajeno"})),
            )
            .await
            .esperar(403);
    }
    m.como("CARGA")
        .sfn(
            "anotacion_editar",
            &[
                ("id", &n["id"].to_string()),
                ("version", "1"),
                ("texto", "Ajeno"),
            ],
        )
        .await
        .esperar(403);

    let r = mesa
        .patch(&nota, json!({"texto": "Sin versión"}))
        .await
        .esperar(422);
    assert!(r["error"]["fields"]["version"].is_string(), "{r}");
    let r = mesa
        .patch(&nota, json!({"texto": "  ", "version": 1}))
        .await
        .esperar(422);
    assert!(r["error"]["fields"]["texto"].is_string(), "{r}");
    mesa.patch(&nota, json!({"texto": "x".repeat(4001), "version": 1}))
        .await
        .esperar(422);
    let v2 = mesa
        .patch(&nota, json!({"texto": "Segundo texto", "version": 1}))
        .await
        .esperar(200);
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["texto"], "Segundo texto");
    assert!(v2["editado_en"].is_string());
    let r = mesa
        .patch(&nota, json!({"texto": "Tarde", "version": 1}))
        .await
        .esperar(409);
    assert_eq!(r["error"]["code"], "stale_version");
    // An administrator edits too.
    let v3 = m
        .como("ADMINISTRADOR")
        .patch(&nota, json!({"texto": "Tercer texto", "version": 2}))
        .await
        .esperar(200);
    assert_eq!(v3["version"], 3);

    let rev = m
        .como("CONSULTA")
        .get(&format!("{nota}/revisiones"))
        .await
        .esperar(200);
    assert_eq!(rev["total"], 2, "{rev}");
    assert_eq!(rev["items"][0]["version"], 1);
    assert_eq!(rev["items"][0]["texto"], "Primer texto");
    assert_eq!(rev["items"][0]["escrita_por"], m.id("MESA_DE_ENTRADA"));
    assert_eq!(rev["items"][1]["texto"], "Segundo texto");

    let h = historial(mesa, &e).await;
    let editada = h["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|ev| ev["tipo"] == "ANOTACION_EDITADA")
        .expect("edit event")
        .clone();
    assert_eq!(editada["datos"]["antes"]["texto"], "Primer texto");
    assert_eq!(editada["datos"]["despues"]["texto"], "Segundo texto");

    // Concurrent edits of one version: one wins, the others are told.
    let mut tareas = Vec::new();
    for i in 0..8 {
        let c = mesa.clone();
        let nota = nota.clone();
        tareas.push(tokio::spawn(async move {
            c.patch(
                &nota,
                json!({"texto": format!("Carrera {i}"), "version": 3}),
            )
            .await
            .estado
            .as_u16()
        }));
    }
    let mut estados = Vec::new();
    for t in tareas {
        estados.push(t.await.expect("task"));
    }
    assert_eq!(
        estados.iter().filter(|s| **s == 200).count(),
        1,
        "{estados:?}"
    );
    assert_eq!(
        estados.iter().filter(|s| **s == 409).count(),
        7,
        "{estados:?}"
    );
    let rev = mesa.get(&format!("{nota}/revisiones")).await.esperar(200);
    assert_eq!(rev["total"], 3);

    let borrar = |c: &Cliente, cuerpo: Value| {
        let c = c.clone();
        let nota = nota.clone();
        async move { c.enviar(c.http.delete(c.en(&nota)).json(&cuerpo)).await }
    };
    let r = borrar(mesa, json!({"motivo": " "})).await.esperar(422);
    assert!(r["error"]["fields"]["motivo"].is_string(), "{r}");
    let b = borrar(mesa, json!({"motivo": "Duplicada"}))
        .await
        .esperar(200);
    assert_eq!(b["eliminada"], true);
    assert_eq!(b["motivo_eliminacion"], "Duplicada");
    let r = borrar(mesa, json!({"motivo": "Otra vez"}))
        .await
        .esperar(409);
    assert_eq!(r["error"]["code"], "wrong_state");
    let r = mesa
        .patch(&nota, json!({"texto": "Después", "version": 5}))
        .await
        .esperar(409);
    assert_eq!(r["error"]["code"], "wrong_state");
    // Nothing is lost: it is listed as removed, with its text.
    let l = m.como("CONSULTA").get(&camino(&e)).await.esperar(200);
    assert_eq!(l["items"][0]["eliminada"], true);
    assert!(
        l["items"][0]["texto"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Carrera")
    );
    let tipos: Vec<String> = historial(mesa, &e).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|ev| ev["tipo"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        tipos.iter().filter(|t| *t == "ANOTACION_EDITADA").count(),
        3
    );
    assert_eq!(
        tipos.last().map(String::as_str),
        Some("ANOTACION_ELIMINADA")
    );
}

/// Bad input: 400 for a body that is not JSON, 422 with the field for each limit, invisible
/// characters removed, markup shown as text, and nothing written on an error.
async fn el_texto_se_limpia_y_lo_malo_no_escribe_nada(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let eventos_antes = historial(mesa, &e).await["total"].clone();

    mesa.enviar(
        mesa.http
            .post(mesa.en(&camino(&e)))
            .header("content-type", "application/json")
            .body("{texto"),
    )
    .await
    .esperar(400);
    mesa.post(&camino(&e), json!({"texto": 5}))
        .await
        .esperar(400);
    let r = mesa
        .post(
            &camino(&e),
            json!({"texto": "\u{200B}\u{FEFF} ", "visibilidad": "TODOS"}),
        )
        .await
        .esperar(422);
    assert!(r["error"]["fields"]["texto"].is_string(), "{r}");
    assert!(r["error"]["fields"]["visibilidad"].is_string(), "{r}");
    let r = mesa
        .post(&camino(&e), json!({"texto": "ñ".repeat(4001)}))
        .await
        .esperar(422);
    assert!(
        r["error"]["fields"]["texto"]
            .as_str()
            .unwrap_or_default()
            .contains("4000"),
        "{r}"
    );
    assert_eq!(textos(mesa, &e).await.len(), 0, "nothing half-written");
    assert_eq!(historial(mesa, &e).await["total"], eventos_antes);

    let n = anotar(
        mesa,
        &e,
        "<script>alert('x')</script> pago\u{202E}fdp.exe\u{200B}\r\nsegunda línea",
        "PUBLICA",
    )
    .await;
    assert_eq!(
        n["texto"],
        "<script>alert('x')</script> pagofdp.exe\nsegunda línea"
    );
    assert_eq!(
        anotar(mesa, &e, &"ñ".repeat(4000), "PUBLICA").await["texto"]
            .as_str()
            .map(|t| t.chars().count()),
        Some(4000)
    );
    let html = mesa
        .get(&format!("/expedientes/{}", e["id"]))
        .await
        .esperar_html(200);
    assert!(html.contains("&lt;script&gt;alert("), "shown as text");
    assert!(!html.contains("<script>alert("), "markup never runs");
    // Nor in the edit form's field, nor in the expediente's own edit form (a textarea's
    // content is written raw by Leptos unless escaped).
    mesa.patch(
        &format!("/api/v1/expedientes/{}", e["id"]),
        json!({"extracto": "Pedido </textarea><b>inyectado</b> de prueba", "version": e["version"]}),
    )
    .await
    .esperar(200);
    let html = mesa
        .get(&format!("/expedientes/{}", e["id"]))
        .await
        .esperar_html(200);
    assert!(
        !html.contains("<b>inyectado</b>"),
        "the extracto broke out of its field"
    );
    assert!(html.contains("&lt;/textarea&gt;&lt;b&gt;inyectado"));

    // Through the server function the same rules hold.
    mesa.sfn(
        "anotacion_agregar",
        &[("expediente_id", &e["id"].to_string()), ("texto", " ")],
    )
    .await
    .esperar(422);
    m.como("CONSULTA")
        .sfn(
            "anotacion_agregar",
            &[("expediente_id", &e["id"].to_string()), ("texto", "Hola")],
        )
        .await
        .esperar(403);
    let n = mesa
        .sfn(
            "anotacion_agregar",
            &[
                ("expediente_id", &e["id"].to_string()),
                ("texto", "Desde la pantalla"),
                ("visibilidad", "UNIDAD"),
            ],
        )
        .await
        .esperar(200);
    assert_eq!(n["visibilidad"], "UNIDAD");
}

en_cada_base!(
    quien_escribe_anotaciones,
    una_nota_privada_solo_la_ve_su_unidad,
    editar_y_eliminar_con_version_revisiones_y_motivo,
    el_texto_se_limpia_y_lo_malo_no_escribe_nada,
);
