//! Seguimiento (issue #13 §3, API.md): any user follows the expedientes they may see, from the
//! API, the expediente's page or the quick lookup; the list tells which changed since the
//! user's last visit, and a visit (the API's read, the page, `/c`) clears the mark.

mod comun;

use comun::*;
use serde_json::{Value, json};

async fn lista(c: &Cliente) -> Vec<Value> {
    c.get("/api/v1/seguimiento").await.esperar(200)["items"]
        .as_array()
        .expect("items")
        .clone()
}

async fn cambio(c: &Cliente, id: i64) -> bool {
    let items = lista(c).await;
    let item = items
        .iter()
        .find(|i| i["expediente_id"] == id)
        .unwrap_or_else(|| panic!("{id} not followed: {items:?}"));
    item["cambio_desde_ultima_vista"]
        .as_bool()
        .expect("cambio_desde_ultima_vista")
}

async fn lo_que_cambia_se_marca_hasta_la_proxima_visita(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let id = e["id"].as_i64().expect("id");
    let numero = e["numero"].as_str().expect("numero");
    let consulta = m.como("CONSULTA");
    let camino = format!("/api/v1/seguimiento/{id}");

    let r = consulta.get("/api/v1/seguimiento").await.esperar(200);
    assert_eq!(r["total"], 0, "{r}");
    assert_eq!(r["items"], json!([]));

    let item = consulta.put(&camino, json!({})).await.esperar(200);
    assert_eq!(item["expediente_id"], id);
    assert_eq!(item["id"], id, "the expediente's own fields");
    assert_eq!(item["numero"], numero);
    assert_eq!(item["cambio_desde_ultima_vista"], false);
    // Following again answers the same item.
    let otra_vez = consulta.put(&camino, json!({})).await.esperar(200);
    assert_eq!(otra_vez["seguido_desde"], item["seguido_desde"]);
    assert_eq!(lista(consulta).await.len(), 1);
    assert!(!cambio(consulta, id).await);

    // A pase changes it; reading it through the API is a visit.
    let pase = mesa
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Para informe"}),
        )
        .await;
    assert!(cambio(consulta, id).await, "the pase is a change");
    consulta
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    assert!(!cambio(consulta, id).await, "seen through the API");

    // Its reception; the quick lookup is a visit too, and says it is followed.
    m.como("OFICINA")
        .post_vacio(&format!("/api/v1/pases/{}/recibir", pase["id"]))
        .await
        .esperar(200);
    assert!(cambio(consulta, id).await, "the reception is a change");
    let html = consulta
        .get(&format!("/c/{numero}"))
        .await
        .esperar_html(200);
    assert!(html.contains("Dejar de seguir"), "{html}");
    assert!(!cambio(consulta, id).await, "seen in the quick lookup");

    // A document is a change; the expediente's page is a visit.
    m.como("OFICINA")
        .enviar(
            m.como("OFICINA")
                .http
                .post(
                    m.como("OFICINA")
                        .en(&format!("/api/v1/expedientes/{id}/archivos")),
                )
                .multipart(
                    reqwest::multipart::Form::new().part(
                        "archivo",
                        reqwest::multipart::Part::bytes(b"Informe de la oficina.\n".to_vec())
                            .file_name("informe.txt")
                            .mime_str("text/plain")
                            .expect("mime"),
                    ),
                ),
        )
        .await
        .esperar(201);
    assert!(cambio(consulta, id).await, "a document is a change");
    // Another user's visit clears only their own mark.
    let autoridad = m.como("AUTORIDAD");
    autoridad.put(&camino, json!({})).await.esperar(200);
    mesa.put(&camino, json!({})).await.esperar(200);
    m.como("OFICINA")
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "Informe hecho"}),
        )
        .await;
    autoridad
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    assert!(!cambio(autoridad, id).await);
    assert!(cambio(mesa, id).await, "the mesa has not looked yet");
    let html = consulta
        .get(&format!("/expedientes/{id}"))
        .await
        .esperar_html(200);
    assert!(html.contains("Dejar de seguir"), "{html}");
    assert!(!cambio(consulta, id).await, "seen on its page");

    // Unfollowing is idempotent.
    consulta.delete(&camino).await.esperar(204);
    assert!(lista(consulta).await.is_empty());
    consulta.delete(&camino).await.esperar(204);
    let html = consulta
        .get(&format!("/expedientes/{id}"))
        .await
        .esperar_html(200);
    assert!(html.contains("Seguir este expediente"), "{html}");
}

async fn cada_perfil_sigue_lo_que_ve_y_nada_mas(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let id = e["id"].as_i64().expect("id");
    let camino = format!("/api/v1/seguimiento/{id}");
    for perfil in PERFILES {
        let c = m.como(perfil);
        c.put(&camino, json!({})).await.esperar(200);
        assert_eq!(lista(c).await.len(), 1, "{perfil}");
        c.delete(&camino).await.esperar(204);
    }
    // Whoever may not see it: 404 as if it did not exist, and nothing recorded.
    let ajeno = ajeno(&app, &m).await;
    for r in [
        ajeno.put(&camino, json!({})).await,
        ajeno.delete(&camino).await,
        ajeno.put("/api/v1/seguimiento/999999", json!({})).await,
    ] {
        assert_eq!(r.codigo(), "not_found");
        r.esperar(404);
    }
    assert!(lista(&ajeno).await.is_empty());
    // Without a session: 401.
    let r = app.cliente().get("/api/v1/seguimiento").await;
    assert_eq!(r.codigo(), "not_authenticated");
    r.esperar(401);
}

async fn seguir_a_la_vez_deja_un_solo_seguimiento(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let camino = format!("/api/v1/seguimiento/{}", e["id"]);
    let c = m.como("CONSULTA");
    let (a, b) = tokio::join!(c.put(&camino, json!({})), c.put(&camino, json!({})));
    let (a, b) = (a.esperar(200), b.esperar(200));
    assert_eq!(a["seguido_desde"], b["seguido_desde"]);
    assert_eq!(lista(c).await.len(), 1);
}

async fn sin_javascript_se_sigue_desde_la_consulta_rapida(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let id = e["id"].as_i64().expect("id");
    let numero = e["numero"].as_str().expect("numero");
    let c = m.como("AUTORIDAD");
    let html = c.get(&format!("/c/{numero}")).await.esperar_html(200);
    assert!(html.contains("Seguir este expediente"), "{html}");
    let formulario = |seguir: &'static str| {
        c.enviar(
            c.http
                .post(c.en("/sfn/seguimiento_cambiar"))
                .header("accept", "text/html,application/xhtml+xml")
                .header("sec-fetch-site", "same-origin")
                .header("referer", c.en(&format!("/c/{numero}")))
                .form(&[("id", id.to_string().as_str()), ("seguir", seguir)]),
        )
    };
    let r = formulario("true").await;
    assert!(
        r.header("location").starts_with("/c/"),
        "back to the lookup: {}",
        r.header("location")
    );
    assert_eq!(lista(c).await.len(), 1);
    // Back on the lookup: the notice once, and the button to stop.
    let html = c.get(&format!("/c/{numero}")).await.esperar_html(200);
    assert!(html.contains("Seguís este expediente"), "{html}");
    assert!(html.contains("Dejar de seguir"), "{html}");
    // The Seguimiento screen lists it, with a form to stop following.
    let html = c.get("/seguimiento").await.esperar_html(200);
    assert!(html.contains(numero), "{html}");
    assert!(
        html.contains("Ninguno cambió desde tu última visita."),
        "{html}"
    );
    formulario("false").await;
    assert!(lista(c).await.is_empty());
    let html = c.get("/seguimiento").await.esperar_html(200);
    assert!(
        html.contains("Todavía no seguís ningún expediente."),
        "{html}"
    );
}

en_cada_base!(
    lo_que_cambia_se_marca_hasta_la_proxima_visita,
    cada_perfil_sigue_lo_que_ve_y_nada_mas,
    seguir_a_la_vez_deja_un_solo_seguimiento,
    sin_javascript_se_sigue_desde_la_consulta_rapida,
);
