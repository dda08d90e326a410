//! The printable carátula of an expediente (issue #4 acceptance): its number, data and QR code,
//! and the cuerpo its last foja falls in.

mod comun;

use comun::*;

async fn la_caratula_tiene_numero_datos_y_qr(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let r = mesa
        .get(&format!("/expedientes/{}/caratula", e["id"]))
        .await;
    let html = r.texto();
    r.esperar(200);
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
    let compacto: String = e["numero"]
        .as_str()
        .expect("numero")
        .split_whitespace()
        .collect();
    assert!(
        html.contains(&format!("/c/{compacto}")),
        "the QR's address is the quick lookup"
    );
}

async fn la_caratula_se_descarga_en_pdf_con_su_qr(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let html = mesa
        .get(&format!("/expedientes/{}/caratula", e["id"]))
        .await
        .esperar_html(200);
    assert!(
        html.contains("/consulta con este número y su DNI o CUIT"),
        "the citizen's address"
    );
    assert!(html.contains(&format!("/api/v1/expedientes/{}/caratula.pdf", e["id"])));
    let r = mesa
        .get(&format!("/api/v1/expedientes/{}/caratula.pdf", e["id"]))
        .await;
    assert_eq!(r.header("content-type"), "application/pdf");
    assert!(
        r.header("content-disposition")
            .starts_with("attachment; filename=\"caratula-EX-")
    );
    assert!(r.bytes.starts_with(b"%PDF-"), "a PDF");
    // The QR's squares are drawn as filled rectangles in the page's (compressed) content.
    assert!(r.bytes.len() > 5_000, "{} bytes", r.bytes.len());
    // Whoever may not see the expediente gets 404, as at every door.
    let ajeno = ajeno(&app, &m).await;
    ajeno
        .get(&format!("/api/v1/expedientes/{}/caratula.pdf", e["id"]))
        .await
        .esperar(404);
}

async fn la_caratula_dice_el_cuerpo_de_su_ultima_foja(base: Base) {
    use sea_orm::ConnectionTrait;
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
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
            .get(&format!("/expedientes/{}/caratula", e["id"]))
            .await
            .texto();
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

en_cada_base!(
    la_caratula_tiene_numero_datos_y_qr,
    la_caratula_dice_el_cuerpo_de_su_ultima_foja,
    la_caratula_se_descarga_en_pdf_con_su_qr,
);
