//! What the list and search doors accept: bounded search text, dates inside the calendar,
//! and API.md's paging envelope on every list (issue #10, defects).

mod comun;

use comun::*;
use serde_json::json;

async fn un_texto_de_busqueda_largo_da_422_en_cada_puerta(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let admin = m.como("ADMINISTRADOR");
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
            let r = c.get(&format!("{camino}?q={}", q.replace(' ', "+"))).await;
            assert_eq!(r.codigo(), "invalid_fields", "{camino}");
            let v = r.esperar(422);
            assert!(v["error"]["fields"]["q"].is_string(), "{camino}: {v}");
        }
        c.get(&format!("{camino}?q={}", diez.replace(' ', "+")))
            .await
            .esperar(200);
    }
}

async fn una_fecha_fuera_del_calendario_da_422_y_no_corta_la_conexion(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    for consulta in [
        "hasta=%2B262142-12-31",
        "desde=%2B262142-12-31",
        "hasta=262142-12-31",
        "desde=-0001-01-01",
        "hasta=2026-02-30",
        "desde=mañana",
    ] {
        mesa.get(&format!("/api/v1/expedientes?{consulta}"))
            .await
            .esperar(422);
    }
    mesa.get("/api/v1/expedientes?desde=2026-01-01&hasta=9999-12-31")
        .await
        .esperar(200);
}

async fn pases_y_circuito_respetan_page_y_per_page(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let oficina = m.como("OFICINA");
    let e = mesa
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente que va y vuelve", "iniciador": {"nombre": "Ana"}}),
        )
        .await;
    let id = e["id"].as_i64().expect("id");
    // Three round trips: six pases received, seven custody stops.
    for _ in 0..3 {
        for (de, a, unidad) in [(mesa, oficina, m.oficina_msa), (oficina, mesa, m.mesa_msa)] {
            let p = de
                .crear(
                    &format!("/api/v1/expedientes/{id}/pases"),
                    json!({"destino_unidad_id": unidad, "motivo": "Ida y vuelta"}),
                )
                .await;
            a.post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
                .await
                .esperar(200);
        }
    }
    let lista = async |camino: &str, consulta: &str| {
        mesa.get(&format!("{camino}?{consulta}")).await.esperar(200)
    };
    let pases = format!("/api/v1/expedientes/{id}/pases");
    let circuito = format!("/api/v1/expedientes/{id}/circuito");

    let todos = lista(&pases, "").await;
    assert_eq!(todos["total"], 6);
    assert_eq!(todos["items"].as_array().map(Vec::len), Some(6));
    let p2 = lista(&pases, "page=2&per_page=4").await;
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
    // A full page and a page past the end tell nothing of the total: it is counted.
    let llena = lista(&pases, "page=2&per_page=3").await;
    assert_eq!(llena["total"], 6, "a full page: {llena}");
    let pasada = lista(&pases, "page=5&per_page=4").await;
    assert_eq!(pasada["total"], 6, "past the end: {pasada}");
    assert_eq!(pasada["items"].as_array().map(Vec::len), Some(0));

    let todo = lista(&circuito, "").await;
    assert_eq!(todo["total"], 7);
    let c3 = lista(&circuito, "page=3&per_page=3").await;
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
    let c1 = lista(&circuito, "per_page=2").await;
    assert_eq!(
        c1["items"][1], todo["items"][1],
        "a stop's exit comes from the next stop"
    );
    let fuera = lista(&circuito, "page=9&per_page=3").await;
    assert_eq!(fuera["items"].as_array().map(Vec::len), Some(0));
}

en_cada_base!(
    un_texto_de_busqueda_largo_da_422_en_cada_puerta,
    una_fecha_fuera_del_calendario_da_422_y_no_corta_la_conexion,
    pases_y_circuito_respetan_page_y_per_page,
);
