//! What the list and search doors accept: bounded search text, dates inside the calendar,
//! and API.md's paging envelope on every list (issue #10, defects).

mod comun;

use comun::*;
use serde_json::{Value, json};

async fn estado_y_json(c: &reqwest::Client, url: String) -> (u16, Value) {
    let r = c.get(&url).send().await.expect("sent");
    let estado = r.status().as_u16();
    (estado, r.json().await.unwrap_or(Value::Null))
}

async fn un_texto_de_busqueda_largo_da_422_en_cada_puerta(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.cliente("MESA_DE_ENTRADA");
    let admin = m.cliente("ADMINISTRADOR");
    let once = ["palabra"; 11].join(" ");
    let diez = ["palabra"; 10].join(" ");
    let largo = "x".repeat(201);
    let dos_mil = ["p"; 2000].join(" ");
    for (c, camino) in [
        (mesa, "/api/v1/expedientes"),
        (mesa, "/api/v1/bandeja"),
        (admin, "/api/v1/unidades"),
        (admin, "/api/v1/organismos"),
        (admin, "/api/v1/usuarios"),
    ] {
        for q in [&once, &largo, &dos_mil] {
            let url = format!("{}?q={}", app.en(camino), q.replace(' ', "+"));
            let (estado, v) = estado_y_json(c, url).await;
            assert_eq!(
                estado,
                422,
                "[{}] {camino} q of {} chars: {v}",
                app.base.nombre(),
                q.len()
            );
            assert_eq!(v["error"]["code"], "invalid_fields", "{camino}");
            assert!(v["error"]["fields"]["q"].is_string(), "{camino}: {v}");
        }
        let url = format!("{}?q={}", app.en(camino), diez.replace(' ', "+"));
        let (estado, _) = estado_y_json(c, url).await;
        assert_eq!(
            estado,
            200,
            "[{}] {camino}: ten words are fine",
            app.base.nombre()
        );
    }
}

async fn una_fecha_fuera_del_calendario_da_422_y_no_corta_la_conexion(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.cliente("MESA_DE_ENTRADA");
    for consulta in [
        "hasta=%2B262142-12-31",
        "desde=%2B262142-12-31",
        "hasta=262142-12-31",
        "desde=-0001-01-01",
        "hasta=2026-02-30",
        "desde=mañana",
    ] {
        let url = format!("{}?{consulta}", app.en("/api/v1/expedientes"));
        let (estado, v) = estado_y_json(mesa, url).await;
        assert_eq!(estado, 422, "[{}] {consulta}: {v}", app.base.nombre());
    }
    let url = format!(
        "{}?desde=2026-01-01&hasta=9999-12-31",
        app.en("/api/v1/expedientes")
    );
    assert_eq!(estado_y_json(mesa, url).await.0, 200);
}

async fn pases_y_circuito_respetan_page_y_per_page(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.cliente("MESA_DE_ENTRADA");
    let oficina = m.cliente("OFICINA");
    let e = crear(
        mesa,
        app.en("/api/v1/expedientes"),
        json!({"extracto": "Expediente que va y vuelve", "iniciador": {"nombre": "Ana"}}),
    )
    .await;
    let id = e["id"].as_i64().expect("id");
    // Three round trips: six pases received, seven custody stops.
    for _ in 0..3 {
        for (de, a, unidad) in [(mesa, oficina, m.oficina_msa), (oficina, mesa, m.mesa_msa)] {
            let p = crear(
                de,
                app.en(&format!("/api/v1/expedientes/{id}/pases")),
                json!({"destino_unidad_id": unidad, "motivo": "Ida y vuelta"}),
            )
            .await;
            let r = a
                .post(app.en(&format!("/api/v1/pases/{}/recibir", p["id"])))
                .send()
                .await
                .expect("sent");
            assert_eq!(r.status(), 200);
        }
    }
    let lista = |camino: &str, consulta: &str| {
        estado_y_json(mesa, format!("{}?{consulta}", app.en(camino)))
    };
    let pases = format!("/api/v1/expedientes/{id}/pases");
    let circuito = format!("/api/v1/expedientes/{id}/circuito");

    let (estado, todos) = lista(&pases, "").await;
    assert_eq!(estado, 200);
    assert_eq!(todos["total"], 6);
    assert_eq!(todos["items"].as_array().map(Vec::len), Some(6));
    let (_, p2) = lista(&pases, "page=2&per_page=4").await;
    assert_eq!(
        (
            p2["total"].as_u64(),
            p2["page"].as_u64(),
            p2["per_page"].as_u64()
        ),
        (Some(6), Some(2), Some(4)),
        "[{}] {p2}",
        app.base.nombre()
    );
    assert_eq!(p2["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        p2["items"][0]["id"], todos["items"][4]["id"],
        "oldest first"
    );

    let (_, todo) = lista(&circuito, "").await;
    assert_eq!(todo["total"], 7);
    let (_, c3) = lista(&circuito, "page=3&per_page=3").await;
    assert_eq!(
        (c3["total"].as_u64(), c3["page"].as_u64()),
        (Some(7), Some(3))
    );
    assert_eq!(c3["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        c3["items"][0], todo["items"][6],
        "the last stop, still open"
    );
    assert!(c3["items"][0]["hasta"].is_null());
    let (_, c1) = lista(&circuito, "per_page=2").await;
    assert_eq!(
        c1["items"][1], todo["items"][1],
        "a stop's exit comes from the next stop"
    );
    let (_, fuera) = lista(&circuito, "page=9&per_page=3").await;
    assert_eq!(fuera["items"].as_array().map(Vec::len), Some(0));
}

en_cada_base!(
    un_texto_de_busqueda_largo_da_422_en_cada_puerta,
    una_fecha_fuera_del_calendario_da_422_y_no_corta_la_conexion,
    pases_y_circuito_respetan_page_y_per_page,
);
