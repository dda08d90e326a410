//! The registry of the entes (issue #13 §2, API.md `GET /api/v1/estadisticas`): per organismo
//! and unidad over a period, started, received, sent (withdrawn excluded), rejected, held at the
//! period's end, late, archived, and the días hábiles of the stops that ended in it; only what
//! the viewer may see; the CSV; the Registro screen with its charts and links.

mod comun;

use comun::*;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

fn fila<'a>(v: &'a Value, lista: &str, clave: &str, id: i64) -> &'a Value {
    v[lista]
        .as_array()
        .expect(lista)
        .iter()
        .find(|f| f[clave] == id)
        .unwrap_or_else(|| panic!("no row {clave}={id} in {v}"))
}

/// The figures of a row, in API.md's order.
fn cifras(f: &Value) -> Vec<Value> {
    [
        "iniciados",
        "recibidos",
        "enviados",
        "rechazados",
        "en_tramite",
        "archivados",
        "demorados",
        "dias_promedio",
        "dias_mediana",
        "dias_p90",
    ]
    .iter()
    .map(|k| f[*k].clone())
    .collect()
}

/// Seven counts, then promedio, mediana and p90 (`null` when no stop ended).
fn esperado(conteos: [u64; 7], dias: Option<[f64; 3]>) -> Vec<Value> {
    let mut v: Vec<Value> = conteos.iter().map(|n| json!(n)).collect();
    match dias {
        Some(d) => v.extend(d.iter().map(|n| json!(n))),
        None => v.extend([Value::Null, Value::Null, Value::Null]),
    }
    v
}

async fn fijar(app: &TestApp, sql: &str) {
    app.state
        .db
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// e1 and e2 happened in June 2026 (times set in the database): e1 went ME → DGA → ME and was
/// archived; e2 was sent to DGA and rejected, and waits at ME since 10 June. Today e3's pase
/// was withdrawn and an administrator started e4 at the mesa of MDS.
async fn las_cifras_del_registro_por_unidad_y_organismo(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let (mesa, oficina) = (m.como("MESA_DE_ENTRADA"), m.como("OFICINA"));
    let pase = |c: &Cliente, e: i64, destino: i64| {
        let c = c.clone();
        async move {
            c.crear(
                &format!("/api/v1/expedientes/{e}/pases"),
                json!({"destino_unidad_id": destino, "motivo": "Para intervención"}),
            )
            .await["id"]
                .as_i64()
                .expect("id")
        }
    };
    let id = |v: Value| v["id"].as_i64().expect("id");
    let e1 = id(iniciar_expediente(mesa).await);
    let p1 = pase(mesa, e1, m.oficina_msa).await;
    oficina
        .post_vacio(&format!("/api/v1/pases/{p1}/recibir"))
        .await
        .esperar(200);
    let p2 = pase(oficina, e1, m.mesa_msa).await;
    mesa.post_vacio(&format!("/api/v1/pases/{p2}/recibir"))
        .await
        .esperar(200);
    mesa.post(
        &format!("/api/v1/expedientes/{e1}/archivar"),
        json!({"motivo": "Concluido"}),
    )
    .await
    .esperar(200);
    let e2 = id(iniciar_expediente(mesa).await);
    let p3 = pase(mesa, e2, m.oficina_msa).await;
    oficina
        .post(
            &format!("/api/v1/pases/{p3}/rechazar"),
            json!({"motivo": "No corresponde"}),
        )
        .await
        .esperar(200);
    let e3 = id(iniciar_expediente(mesa).await);
    let p4 = pase(mesa, e3, m.oficina_msa).await;
    mesa.post(&format!("/api/v1/pases/{p4}/anular"), json!({}))
        .await
        .esperar(200);
    let e4 = id(m
        .como("ADMINISTRADOR")
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Pedido de la mesa de Desarrollo Social", "unidad_id": m.mesa_mds,
                   "iniciador": {"nombre": "Juan Gómez"}}),
        )
        .await);

    // June (10 June 2026 is a Wednesday).
    let t = |d: &str| format!("'2026-06-{d}T12:00:00+00:00'");
    for (tabla, sets, id) in [
        (
            "expediente",
            format!("creado_en = {}, en_unidad_desde = {}", t("10"), t("16")),
            e1,
        ),
        (
            "expediente",
            format!("creado_en = {0}, en_unidad_desde = {0}", t("10")),
            e2,
        ),
        (
            "pase",
            format!("enviado_en = {}, resuelto_en = {}", t("10"), t("11")),
            p1,
        ),
        (
            "pase",
            format!("enviado_en = {}, resuelto_en = {}", t("15"), t("16")),
            p2,
        ),
        (
            "pase",
            format!("enviado_en = {}, resuelto_en = {}", t("10"), t("11")),
            p3,
        ),
    ] {
        fijar(&app, &format!("UPDATE {tabla} SET {sets} WHERE id = {id}")).await;
    }
    fijar(
        &app,
        &format!(
            "UPDATE evento SET en = {} WHERE entidad = 'expediente' AND entidad_id = {e1} \
             AND tipo = 'EXPEDIENTE_ARCHIVADO'",
            t("17")
        ),
    )
    .await;

    let autoridad = m.como("AUTORIDAD");
    let junio = autoridad
        .get("/api/v1/estadisticas?desde=2026-06-01&hasta=2026-06-30")
        .await
        .esperar(200);
    assert_eq!(
        (&junio["desde"], &junio["hasta"]),
        (&json!("2026-06-01"), &json!("2026-06-30"))
    );
    // ME: started e1 and e2, sent three pases... two (e1's first, e2's), received e1 back,
    // archived it, holds e2 since 10 June (15 días hábiles by 1 July: late); its stop of e1
    // lasted one día hábil (10 → 11 June).
    let me = fila(&junio, "unidades", "unidad_id", m.mesa_msa);
    assert_eq!(
        cifras(me),
        esperado([2, 1, 2, 0, 1, 1, 1], Some([1.0, 1.0, 1.0])),
        "{me}"
    );
    // DGA: received e1, rejected e2, sent e1 back; held e1 from 11 to 16 June: 3 días hábiles.
    let dga = fila(&junio, "unidades", "unidad_id", m.oficina_msa);
    assert_eq!(
        cifras(dga),
        esperado([0, 1, 1, 1, 0, 0, 0], Some([3.0, 3.0, 3.0])),
        "{dga}"
    );
    // The organismo adds up its unidades; the stops [1, 3]: 2, 2 and 3.
    let msa = fila(&junio, "organismos", "organismo_id", m.msa);
    assert_eq!(
        cifras(msa),
        esperado([2, 2, 3, 1, 1, 1, 1], Some([2.0, 2.0, 3.0])),
        "{msa}"
    );
    let mds = fila(&junio, "organismos", "organismo_id", m.mds);
    assert_eq!(cifras(mds), esperado([0; 7], None));

    // This month: e3 and e4 started, e3's pase withdrawn (not sent); ME holds e2 (late) and e3.
    let hoy = autoridad.get("/api/v1/estadisticas").await.esperar(200);
    let me = fila(&hoy, "unidades", "unidad_id", m.mesa_msa);
    assert_eq!(cifras(me), esperado([1, 0, 0, 0, 2, 0, 1], None), "{me}");
    let mds = fila(&hoy, "unidades", "unidad_id", m.mesa_mds);
    assert_eq!(
        (&mds["iniciados"], &mds["en_tramite"]),
        (&json!(1), &json!(1))
    );

    // A threshold of its own for e2's tipo: 20 días hábiles, and it is not late.
    let tipo = m
        .como("ADMINISTRADOR")
        .crear("/api/v1/tipos-tramite", json!({"nombre": "Licencias"}))
        .await["id"]
        .as_i64()
        .expect("id");
    fijar(
        &app,
        &format!("UPDATE tipo_tramite SET plazo_dias = 20 WHERE id = {tipo}"),
    )
    .await;
    fijar(
        &app,
        &format!("UPDATE expediente SET tipo_tramite_id = {tipo} WHERE id = {e2}"),
    )
    .await;
    let junio = autoridad
        .get("/api/v1/estadisticas?desde=2026-06-01&hasta=2026-06-30")
        .await
        .esperar(200);
    assert_eq!(
        fila(&junio, "unidades", "unidad_id", m.mesa_msa)["demorados"],
        0
    );

    // Only what the viewer may see: the mesa of MSA does not see e4, a stranger sees nothing.
    let de_la_mesa = mesa.get("/api/v1/estadisticas").await.esperar(200);
    assert_eq!(
        fila(&de_la_mesa, "unidades", "unidad_id", m.mesa_mds)["iniciados"],
        0
    );
    assert_eq!(
        fila(&de_la_mesa, "unidades", "unidad_id", m.mesa_msa)["iniciados"],
        1
    );
    let ajeno = ajeno(&app, &m).await;
    for periodo in ["", "?desde=2026-06-01&hasta=2026-06-30"] {
        let v = ajeno
            .get(&format!("/api/v1/estadisticas{periodo}"))
            .await
            .esperar(200);
        for f in v["organismos"].as_array().expect("organismos") {
            assert_eq!(cifras(f), esperado([0; 7], None), "{f}");
        }
    }

    // One organismo's rows.
    let solo = autoridad
        .get(&format!("/api/v1/estadisticas?organismo_id={}", m.mds))
        .await
        .esperar(200);
    assert_eq!(solo["organismos"].as_array().map(Vec::len), Some(1));
    assert!(
        solo["unidades"]
            .as_array()
            .expect("unidades")
            .iter()
            .all(|u| u["organismo_id"] == m.mds)
    );

    // Bad periods: 422 on the field.
    for (q, campo) in [
        ("desde=2026-13-01", "desde"),
        ("desde=2026-06-30&hasta=2026-06-01", "hasta"),
        ("desde=2020-01-01&hasta=2026-01-01", "hasta"),
    ] {
        let r = autoridad.get(&format!("/api/v1/estadisticas?{q}")).await;
        assert_eq!(r.codigo(), "invalid_fields", "{q}");
        assert!(
            r.json["error"]["fields"][campo].is_string(),
            "{q}: {}",
            r.json
        );
        r.esperar(422);
    }

    // The CSV (e2 no longer late): BOM, `;`, dates dd/mm/aaaa, decimals with a comma.
    let r = autoridad
        .get("/api/v1/estadisticas/exportacion.csv?desde=2026-06-01&hasta=2026-06-30")
        .await;
    assert_eq!(r.header("content-type"), "text/csv; charset=utf-8");
    let texto = r.texto();
    assert!(
        texto.starts_with("\u{feff}Tipo;Nombre;Desde;Hasta;Iniciados;"),
        "{texto}"
    );
    assert!(
        texto.contains(
            "Organismo;Ministerio de Salud y Ambiente;01/06/2026;30/06/2026;2;2;3;1;1;1;0;2;2;3\r\n"
        ),
        "{texto}"
    );
    assert!(
        texto.contains("Unidad;Unidad ME;01/06/2026;30/06/2026;2;1;2;0;1;1;0;1;1;1\r\n"),
        "{texto}"
    );

    // Every started figure links to its search, which finds them.
    let r = autoridad
        .get(&format!(
            "/api/v1/expedientes?unidad_origen_id={}&desde=2026-06-01&hasta=2026-06-30",
            m.mesa_msa
        ))
        .await
        .esperar(200);
    assert_eq!(r["total"], 2, "{r}");
    let _ = (e3, e4);
}

async fn la_pantalla_del_registro_dibuja_y_enlaza(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let p = mesa
        .crear(
            &format!("/api/v1/expedientes/{}/pases", e["id"]),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Informe"}),
        )
        .await;
    m.como("OFICINA")
        .post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
        .await
        .esperar(200);
    let html = m.como("AUTORIDAD").get("/registro").await.esperar_html(200);
    for esperado in [
        "<h1>Registro de expedientes</h1>",
        "Expedientes iniciados por mes",
        "role=\"img\"",
        "Unidades más lentas",
        "Ver los datos del gráfico como tabla",
        "Descargar CSV",
        "Por organismo",
        "Unidad ME",
    ] {
        assert!(html.contains(esperado), "{esperado}: {html}");
    }
    assert!(
        html.contains(&format!(
            "href=\"/expedientes?unidad_origen_id={}&amp;desde=",
            m.mesa_msa
        )),
        "{html}"
    );
    // A bad period says so on the page.
    let html = m
        .como("AUTORIDAD")
        .get("/registro?desde=2026-06-30&hasta=2026-06-01")
        .await
        .esperar_html(200);
    assert!(
        html.contains("La fecha final no puede ser anterior a la inicial."),
        "{html}"
    );
}

en_cada_base!(
    las_cifras_del_registro_por_unidad_y_organismo,
    la_pantalla_del_registro_dibuja_y_enlaza,
);
