//! The autoridad's quick lookup, `/c/{numero}` (issue #13 §3): where the expediente is and since
//! when, who received and who sent it with the motivo, a pase in transit, the last movements;
//! complete without JavaScript (the page is served whole), small, and 404-like for whoever may
//! not see it.

mod comun;

use comun::*;
use serde_json::json;

/// The number as a QR or a person would write it: no spaces, lower case, no leading zeros.
fn a_mano(numero: &str) -> String {
    numero
        .split_whitespace()
        .collect::<String>()
        .to_lowercase()
        .split('-')
        .map(|p| {
            if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) {
                p.trim_start_matches('0').to_owned()
            } else {
                p.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

async fn la_consulta_rapida_dice_donde_esta_y_desde_cuando(base: Base) {
    use sea_orm::ConnectionTrait;
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let (id, numero) = (
        e["id"].as_i64().expect("id"),
        e["numero"].as_str().expect("numero"),
    );
    let pase = mesa
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Para informe técnico"}),
        )
        .await;
    let autoridad = m.como("AUTORIDAD");
    let camino = format!("/c/{}", a_mano(numero));

    // In transit: where it goes.
    let html = autoridad.get(&camino).await.esperar_html(200);
    assert!(html.contains(numero), "the number");
    assert!(html.contains("En tránsito"), "{html}");
    assert!(
        html.contains("hacia Unidad DGA — Ministerio de Salud y Ambiente"),
        "{html}"
    );
    assert!(html.contains("Para informe técnico"));

    // Received: who received it, who sent it and why, since when.
    m.como("OFICINA")
        .post_vacio(&format!("/api/v1/pases/{}/recibir", pase["id"]))
        .await
        .esperar(200);
    let html = autoridad.get(&camino).await.esperar_html(200);
    assert!(!html.contains("En tránsito"));
    assert!(
        html.contains("<strong>Unidad DGA</strong> — Ministerio de Salud y Ambiente"),
        "{html}"
    );
    assert!(html.contains("Lo recibió</dt><dd>Nombre OFICINA"), "{html}");
    assert!(
        html.contains("Se lo envió</dt><dd>Nombre MESA_DE_ENTRADA. Motivo: Para informe técnico"),
        "{html}"
    );
    assert!(html.contains("(0 días hábiles)"), "{html}");
    assert!(html.contains("Últimos movimientos"));
    assert!(html.contains("Unidad ME"), "the stop before");
    assert!(!html.contains("Demorado"));
    assert!(html.len() <= 60 * 1024, "{} bytes", html.len());

    // Past the threshold (10 días hábiles by default): said in words, not only in red.
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE expediente SET en_unidad_desde = '2020-01-06T12:00:00+00:00' WHERE id = {id}"
        ))
        .await
        .expect("update");
    let html = autoridad
        .get(&format!("/c?numero={}", numero.replace(' ', "+")))
        .await
        .esperar_html(200);
    assert!(html.contains("class=\"demorado\""), "{html}");
    assert!(html.contains("Demorado: pasó el plazo de 10 días hábiles"));

    // Whoever may not see it learns nothing; neither does a wrong number.
    let ajeno = ajeno(&app, &m).await;
    let oculto = ajeno.get(&camino).await.esperar_html(200);
    let ninguno = ajeno.get("/c/EX-1999-99--X-Y").await.esperar_html(200);
    for html in [&oculto, &ninguno] {
        assert!(
            html.contains("No hay un expediente con ese número que puedas ver"),
            "{html}"
        );
        assert!(!html.contains("Solicitud de licencia"));
    }

    // The empty form, and the login first without a session.
    let html = autoridad.get("/c").await.esperar_html(200);
    assert!(html.contains("<label for=\"numero\">Número de expediente</label>"));
    let r = app.cliente().get(&camino).await;
    assert_eq!(r.estado.as_u16(), 303);
    assert!(r.header("location").starts_with("/login?next=%2Fc%2F"));
}

async fn el_manifiesto_y_los_iconos_se_sirven_sin_sesion(base: Base) {
    let app = spawn_app(base).await;
    // The site the build assembles holds style/assets as they are.
    let activos = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../style/assets");
    let sitio = app.dir.join("site");
    std::fs::create_dir_all(sitio.join("iconos")).expect("site");
    for f in ["manifest.webmanifest", "iconos/192.png", "iconos/512.png"] {
        std::fs::copy(activos.join(f), sitio.join(f)).expect("copy");
    }
    let c = app.cliente();
    let r = c.get("/manifest.webmanifest").await;
    let v: serde_json::Value = serde_json::from_str(&r.texto()).expect("JSON");
    assert_eq!(v["start_url"], "/c");
    for icono in v["icons"].as_array().expect("icons") {
        let r = c.get(icono["src"].as_str().expect("src")).await;
        assert_eq!(r.header("content-type"), "image/png");
        r.esperar_html(200);
    }
}

en_cada_base!(
    la_consulta_rapida_dice_donde_esta_y_desde_cuando,
    el_manifiesto_y_los_iconos_se_sirven_sin_sesion,
);
