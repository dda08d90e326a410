//! The citizens' consulta (issue #13 §4): número plus DNI/CUIT, without a session; nothing but
//! where it is and its movements; a wrong document and a missing number answer identically; at
//! most 20 failures per address in 15 minutes, counted in the database (every server shares
//! them); `SIGEXP_CONSULTA_PUBLICA=off` turns it off.

mod comun;

use comun::*;
use serde_json::json;

fn pregunta(numero: &str, documento: &str) -> String {
    format!(
        "/api/v1/publico/expedientes?numero={}&documento={}",
        numero.replace(' ', "%20"),
        documento
    )
}

async fn la_consulta_publica_da_solo_donde_esta(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let e = iniciar_expediente(mesa).await;
    let numero = e["numero"].as_str().expect("numero");
    let pase = mesa
        .crear(
            &format!("/api/v1/expedientes/{}/pases", e["id"]),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Motivo reservado"}),
        )
        .await;
    m.como("OFICINA")
        .post_vacio(&format!("/api/v1/pases/{}/recibir", pase["id"]))
        .await
        .esperar(200);
    let ciudadano = app.cliente();
    let v = ciudadano
        .get(&pregunta(&numero.to_lowercase(), "20-12345678-6"))
        .await
        .esperar(200);
    let mut claves: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    claves.sort_unstable();
    assert_eq!(
        claves,
        [
            "creado_en",
            "desde",
            "estado",
            "movimientos",
            "numero",
            "unidad"
        ]
    );
    assert_eq!(v["numero"], numero);
    assert_eq!(v["estado"], "EN_TRAMITE");
    assert_eq!(
        v["unidad"],
        json!({"nombre": "Unidad DGA", "organismo": "Ministerio de Salud y Ambiente"})
    );
    let movimientos = v["movimientos"].as_array().expect("movimientos");
    assert_eq!(movimientos.len(), 2);
    assert_eq!(movimientos[0]["unidad"], "Unidad ME");
    assert!(movimientos[1]["hasta"].is_null());
    let texto = v.to_string();
    for secreto in ["licencia", "Motivo reservado", "Ana", "Pérez", "Nombre"] {
        assert!(!texto.contains(secreto), "{secreto} leaked: {texto}");
    }

    // A wrong document and a missing number answer the same.
    let otro = ciudadano.get(&pregunta(numero, "27111222")).await;
    let ninguno = ciudadano
        .get(&pregunta("EX-1999-1- -X-Y", "20123456786"))
        .await;
    assert_eq!(otro.estado.as_u16(), 404);
    assert_eq!(otro.texto(), ninguno.texto());
    assert_eq!(ninguno.estado.as_u16(), 404);
    let r = ciudadano.get(&pregunta("", "")).await;
    let v = r.esperar(422);
    assert!(
        v["error"]["fields"]["numero"].is_string() && v["error"]["fields"]["documento"].is_string()
    );

    // The page, for a citizen without a session.
    let html = ciudadano
        .get(&format!(
            "/consulta?numero={}&documento=20123456786",
            numero.replace(' ', "+")
        ))
        .await
        .esperar_html(200);
    assert!(html.contains("Unidad DGA"), "{html}");
    assert!(!html.contains("Motivo reservado") && !html.contains("licencia"));
    let html = ciudadano
        .get(&format!(
            "/consulta?numero={}&documento=27111222",
            numero.replace(' ', "+")
        ))
        .await
        .esperar_html(200);
    assert!(html.contains("No encontramos un expediente con ese número y ese documento"));
    let html = ciudadano.get("/consulta").await.esperar_html(200);
    assert!(html.contains("<label for=\"documento\">"));
}

async fn veinte_fallos_por_direccion_en_todos_los_servidores(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let numero = e["numero"].as_str().expect("numero");
    let segundo = otro_servidor(&app).await;
    let (a, b) = (app.cliente(), segundo.cliente());
    // Right answers are not failures.
    for _ in 0..5 {
        a.get(&pregunta(numero, "20123456786")).await.esperar(200);
    }
    for i in 0..20 {
        let c = if i % 2 == 0 { &a } else { &b };
        c.get(&pregunta(numero, "27111222")).await.esperar(404);
    }
    for c in [&a, &b] {
        let r = c.get(&pregunta(numero, "20123456786")).await;
        assert!(r.header("retry-after").parse::<u64>().expect("Retry-After") > 0);
        r.esperar(429);
    }
}

async fn una_instalacion_puede_apagarla(base: Base) {
    let app = spawn_app_con(
        base,
        Opciones {
            flags: vec!["--consulta-publica".into(), "off".into()],
            ..Default::default()
        },
    )
    .await;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let numero = e["numero"].as_str().expect("numero");
    app.cliente()
        .get(&pregunta(numero, "20123456786"))
        .await
        .esperar(404);
    let html = app
        .cliente()
        .get(&format!(
            "/consulta?numero={}&documento=20123456786",
            numero.replace(' ', "+")
        ))
        .await
        .esperar_html(200);
    assert!(
        html.contains("La consulta pública no está disponible"),
        "{html}"
    );
}

en_cada_base!(
    la_consulta_publica_da_solo_donde_esta,
    veinte_fallos_por_direccion_en_todos_los_servidores,
    una_instalacion_puede_apagarla,
);
