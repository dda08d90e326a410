//! Días hábiles are the administrator's to keep (issue #13 §2): feriados through the API and
//! the screen, each tipo de trámite's threshold, and their effect on the registry.

mod comun;

use comun::*;
use sea_orm::ConnectionTrait;
use serde_json::json;

async fn el_administrador_lleva_los_feriados_y_cuentan(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    assert_eq!(admin.get("/api/v1/feriados").await.esperar(200), json!([]));
    let f = admin
        .crear(
            "/api/v1/feriados",
            json!({"fecha": "2026-06-15", "nombre": "Paso a la Inmortalidad del General Güemes"}),
        )
        .await;
    assert_eq!(f["fecha"], "2026-06-15");
    let r = admin
        .post(
            "/api/v1/feriados",
            json!({"fecha": "2026-06-15", "nombre": "Otra vez"}),
        )
        .await;
    assert_eq!(r.codigo(), "duplicate_date");
    r.esperar(409);
    for (cuerpo, campo) in [
        (json!({"fecha": "15/06/2026", "nombre": "X"}), "fecha"),
        (json!({"fecha": "2026-06-20", "nombre": "  "}), "nombre"),
    ] {
        let r = admin.post("/api/v1/feriados", cuerpo).await;
        assert!(r.json["error"]["fields"][campo].is_string(), "{}", r.json);
        r.esperar(422);
    }

    // Every other perfil reads them and may not change them.
    for perfil in &PERFILES[1..] {
        let c = m.como(perfil);
        assert_eq!(
            c.get("/api/v1/feriados").await.esperar(200)[0]["fecha"],
            "2026-06-15"
        );
        c.post(
            "/api/v1/feriados",
            json!({"fecha": "2026-07-09", "nombre": "Independencia"}),
        )
        .await
        .esperar(403);
        c.delete("/api/v1/feriados/2026-06-15").await.esperar(403);
    }

    // DGA held an expediente from Thursday 11 to Tuesday 16 June: Friday, Monday and Tuesday,
    // less the feriado of Monday 15.
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await["id"].as_i64().expect("id");
    let ida = mesa
        .crear(
            &format!("/api/v1/expedientes/{e}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Informe"}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    let oficina = m.como("OFICINA");
    oficina
        .post_vacio(&format!("/api/v1/pases/{ida}/recibir"))
        .await
        .esperar(200);
    let vuelta = oficina
        .crear(
            &format!("/api/v1/expedientes/{e}/pases"),
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "Hecho"}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    mesa.post_vacio(&format!("/api/v1/pases/{vuelta}/recibir"))
        .await
        .esperar(200);
    for sql in [
        format!("UPDATE expediente SET creado_en = '2026-06-10T12:00:00+00:00' WHERE id = {e}"),
        format!(
            "UPDATE pase SET enviado_en = '2026-06-10T12:00:00+00:00', \
             resuelto_en = '2026-06-11T12:00:00+00:00' WHERE id = {ida}"
        ),
        format!(
            "UPDATE pase SET enviado_en = '2026-06-16T11:00:00+00:00', \
             resuelto_en = '2026-06-16T12:00:00+00:00' WHERE id = {vuelta}"
        ),
    ] {
        app.state.db.execute_unprepared(&sql).await.expect("update");
    }
    let dias_en_dga = || async {
        let v = m
            .como("AUTORIDAD")
            .get("/api/v1/estadisticas?desde=2026-06-01&hasta=2026-06-30")
            .await
            .esperar(200);
        v["unidades"]
            .as_array()
            .expect("unidades")
            .iter()
            .find(|u| u["unidad_id"] == m.oficina_msa)
            .expect("DGA")["dias_promedio"]
            .clone()
    };
    assert_eq!(dias_en_dga().await, json!(2.0));
    admin
        .delete("/api/v1/feriados/2026-06-15")
        .await
        .esperar(204);
    assert_eq!(dias_en_dga().await, json!(3.0));
    assert_eq!(admin.get("/api/v1/feriados").await.esperar(200), json!([]));
    let r = admin.delete("/api/v1/feriados/2026-06-15").await;
    assert_eq!(r.codigo(), "not_found");
    r.esperar(404);

    // Both changes are in the audit.
    let auditoria = admin
        .get("/api/v1/auditoria")
        .await
        .esperar(200)
        .to_string();
    assert!(auditoria.contains("FERIADO_AGREGADO"), "{auditoria}");
    assert!(auditoria.contains("FERIADO_QUITADO"), "{auditoria}");
}

async fn cada_tipo_de_tramite_tiene_su_plazo(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let t = admin
        .crear(
            "/api/v1/tipos-tramite",
            json!({"nombre": "Habilitaciones", "plazo_dias": 15}),
        )
        .await;
    assert_eq!(t["plazo_dias"], 15);
    let camino = format!("/api/v1/tipos-tramite/{}", t["id"]);
    for malo in [0, 366, -3] {
        let r = admin.patch(&camino, json!({"plazo_dias": malo})).await;
        assert!(
            r.json["error"]["fields"]["plazo_dias"].is_string(),
            "{}",
            r.json
        );
        r.esperar(422);
    }
    assert_eq!(
        admin
            .patch(&camino, json!({"plazo_dias": 30}))
            .await
            .esperar(200)["plazo_dias"],
        30
    );
    // A change of name keeps it; `null` goes back to the default.
    assert_eq!(
        admin
            .patch(&camino, json!({"nombre": "Habilitaciones comerciales"}))
            .await
            .esperar(200)["plazo_dias"],
        30
    );
    assert!(
        admin
            .patch(&camino, json!({"plazo_dias": null}))
            .await
            .esperar(200)["plazo_dias"]
            .is_null()
    );
    m.como("MESA_DE_ENTRADA")
        .patch(&camino, json!({"plazo_dias": 5}))
        .await
        .esperar(403);

    // The screen's form: a number sets it, empty clears it.
    let id = t["id"].to_string();
    let formulario = async |plazo: &str| {
        admin
            .sfn(
                "tipo_tramite_plazo",
                &[("id", id.as_str()), ("plazo_dias", plazo)],
            )
            .await
    };
    assert_eq!(formulario("12").await.esperar(200)["plazo_dias"], 12);
    assert!(formulario("").await.esperar(200)["plazo_dias"].is_null());
    let r = formulario("doce").await;
    assert_eq!(r.json["code"], "invalid_fields", "{}", r.json);
    r.esperar(422);
    let html = admin.get("/admin/tipos").await.esperar_html(200);
    assert!(html.contains("Plazo (días hábiles)"), "{html}");
    let html = admin.get("/admin/feriados").await.esperar_html(200);
    assert!(html.contains("Todavía no hay feriados cargados"), "{html}");
}

en_cada_base!(
    el_administrador_lleva_los_feriados_y_cuentan,
    cada_tipo_de_tramite_tiene_su_plazo,
);
