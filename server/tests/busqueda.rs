//! Word search through the full-text index (issue #13, §1): every word in any order, accents
//! and case ignored, words of 3 or more letters found by their start, the same hits on SQLite
//! and PostgreSQL. The parity test runs one fixture and one list of queries on both databases
//! and compares each answer with the rule itself, computed here from the expedientes' texts.

mod comun;

use comun::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// (extracto, iniciador, DNI/CUIT)
const FIXTURE: &[(&str, &str, Option<&str>)] = &[
    (
        "Solicitud de licencia por estudio",
        "Ana Pérez",
        Some("20-12345678-6"),
    ),
    (
        "Licitación pública N° 12/2024: adquisición de insumos",
        "Distribuidora Patagónica S.A.",
        Some("30-71234567-1"),
    ),
    (
        "Licitación privada N° 7/2025: limpieza en Río Gallegos",
        "Muñoz Hnos. S.R.L.",
        None,
    ),
    (
        "Reclamo por liquidación de haberes de marzo",
        "José Muñoz",
        Some("27111222"),
    ),
    (
        "Denuncia ambiental por efluentes en Caleta Olivia",
        "Asociación Vecinal",
        None,
    ),
    (
        "Habilitación comercial en El Calafate",
        "Érica Gómez",
        Some("23456789"),
    ),
    (
        "Subsidio para emprendimiento productivo en Río Turbio",
        "Cooperativa de Trabajo Río Turbio Ltda.",
        None,
    ),
    (
        "Pedido de informe del Tribunal de Cuentas N° 3/2026",
        "Tribunal de Cuentas",
        None,
    ),
    (
        "Conservación de la ruta provincial N° 3 (tramo 28 de Noviembre)",
        "Vialidad Provincial",
        None,
    ),
    (
        "Solicitud de jubilación ordinaria por 30 años de servicio",
        "Raúl O'Higgins",
        Some("20-08765432-0"),
    ),
    // 17 words that start with "4400" (more than a prefix is expanded into: it stays a
    // prefix), 7 with "4401".
    (
        "Lote de remitos 44000 44001 44002 44003 44004 44005 44006 44007 44008 44009 44010 \
         44011 44012 44013 44014 44015 44016",
        "Correo Argentino",
        None,
    ),
    (
        "Comunicación: \"urgente\" 100% de avance; revisar a_b y c*d",
        "Ñandú & Cía.",
        None,
    ),
];

const CONSULTAS: &[&str] = &[
    "licencia",
    "LICENCIA estudio",
    "estudio licencia",
    "licit",
    "licitacion",
    "Licitación pública",
    "citacion",
    "munoz",
    "MUÑOZ",
    "rio",
    "río gallegos",
    "gallegos rio",
    "gall",
    "ga",
    "de",
    "n 3",
    "3",
    "2024",
    "28 noviembre",
    "o'higgins",
    "higg",
    "20-08765432-0",
    "08765432",
    "12345678",
    "tribunal cuentas informe",
    "nandu",
    "urgente",
    "\"urgente\"",
    "100%",
    "a_b",
    "c*d",
    "calafate gomez",
    "calafate perez",
    "zzz",
    "ex",
    "4400",
    "4401 remitos",
    "44016",
    "4402",
];

/// The rule, read off the texts: every query word is a word of the text or, with 3 letters or
/// more, the start of one.
fn coincide(texto: &str, consulta: &str) -> bool {
    let palabras: Vec<String> = migrations::busqueda::palabras(texto).collect();
    let buscadas: Vec<String> = migrations::busqueda::palabras(consulta).collect();
    !buscadas.is_empty()
        && buscadas.iter().all(|b| {
            palabras.iter().any(|p| {
                if b.chars().count() >= 3 {
                    p.starts_with(b.as_str())
                } else {
                    p == b
                }
            })
        })
}

fn ids(v: &Value) -> BTreeSet<i64> {
    v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect()
}

fn consulta_url(q: &str) -> String {
    let q: String = q
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("/api/v1/expedientes?per_page=100&q={q}")
}

async fn la_busqueda_por_palabras_sigue_la_regla_en_ambas_bases(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mut textos = Vec::new();
    for (extracto, nombre, documento) in FIXTURE {
        let e = mesa
            .crear(
                "/api/v1/expedientes",
                json!({"extracto": extracto, "iniciador": {"nombre": nombre, "documento": documento}}),
            )
            .await;
        // The text as the server keeps it: the document as digits, a CUIT also in parts.
        textos.push((
            e["id"].as_i64().expect("id"),
            migrations::busqueda::de_expediente(
                e["numero"].as_str().expect("numero"),
                extracto,
                nombre,
                e["iniciador"]["documento"].as_str(),
            ),
        ));
    }
    let autoridad = m.como("AUTORIDAD");
    for q in CONSULTAS {
        let esperados: BTreeSet<i64> = textos
            .iter()
            .filter(|(_, t)| coincide(t, q))
            .map(|(id, _)| *id)
            .collect();
        let v = autoridad.get(&consulta_url(q)).await.esperar(200);
        assert_eq!(ids(&v), esperados, "q={q}");
        assert_eq!(v["total"], esperados.len(), "q={q}");
    }

    // The rule's own examples, so that the comparison above cannot pass by being empty.
    let cuantos = |q: &'static str| async move {
        ids(&autoridad.get(&consulta_url(q)).await.esperar(200)).len()
    };
    assert_eq!(cuantos("estudio LICENCIA").await, 1, "any order, any case");
    assert_eq!(cuantos("licit").await, 2, "the start of a word");
    assert_eq!(cuantos("MUÑOZ").await, 2, "accents ignored");
    assert_eq!(cuantos("citacion").await, 0, "not the middle of a word");
    assert_eq!(cuantos("ga").await, 0, "two letters: whole words only");
    assert_eq!(cuantos("calafate perez").await, 0, "every word");
    assert_eq!(cuantos("20-08765432-0").await, 1, "a CUIT as written");
    assert_eq!(cuantos("20087654320").await, 1, "a CUIT as stored");
    assert_eq!(cuantos("27111222").await, 1, "a DNI");

    // An edit moves the expediente in the index within its transaction.
    let (id, _) = &textos[0];
    let e = mesa
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    mesa.patch(
        &format!("/api/v1/expedientes/{id}"),
        json!({"extracto": "Pedido de traslado a Puerto Deseado", "version": e["version"]}),
    )
    .await
    .esperar(200);
    assert_eq!(
        cuantos("licencia estudio").await,
        0,
        "the old words are gone"
    );
    assert_eq!(
        cuantos("traslado deseado").await,
        1,
        "the new ones are found"
    );

    // The bandeja's filter reads the same index.
    let b = mesa.get("/api/v1/bandeja?q=licit").await.esperar(200);
    assert_eq!(b["total_en_unidad"], 2, "{b}");
}

async fn el_csv_es_la_misma_busqueda_para_excel(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    for (extracto, nombre) in [
        ("Licitación de insumos; \"urgente\"", "Ana Pérez"),
        ("=HIPERVINCULO(\"http://x\") licitación", "+Muñoz, José"),
        ("Solicitud de licencia por estudio", "Raúl Gómez"),
    ] {
        mesa.crear(
            "/api/v1/expedientes",
            json!({"extracto": extracto, "iniciador": {"nombre": nombre}}),
        )
        .await;
    }
    let autoridad = m.como("AUTORIDAD");
    let r = autoridad
        .get("/api/v1/expedientes/exportacion.csv?q=licitacion&orden=numero")
        .await;
    assert_eq!(r.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        r.header("content-disposition")
            .starts_with("attachment; filename=\"expedientes-")
    );
    let csv = r.texto();
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let filas: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert_eq!(filas.len(), 3, "the header and the two that match: {csv}");
    assert!(
        filas[0].starts_with("Número;Extracto;Iniciador;DNI/CUIT;Estado;"),
        "{}",
        filas[0]
    );
    assert!(
        filas[1].contains(";\"Licitación de insumos; \"\"urgente\"\"\";"),
        "quoted: {}",
        filas[1]
    );
    assert!(
        filas[2].contains(";\"'=HIPERVINCULO(\"\"http://x\"\") licitación\";'+Muñoz, José;"),
        "formulas escaped: {}",
        filas[2]
    );
    let hoy = chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Argentina::Rio_Gallegos)
        .format("%d/%m/%Y")
        .to_string();
    assert!(
        filas[1].contains(&format!(";{hoy};{hoy};")),
        "dates dd/mm/aaaa: {}",
        filas[1]
    );
    assert!(filas[1].contains(";En trámite;"), "{}", filas[1]);
    let numero = |f: &str| f.split(';').next().map(str::to_owned);
    assert!(
        numero(filas[1]) < numero(filas[2]),
        "in the order asked for"
    );

    // What the viewer may not see is not exported.
    let ajeno = ajeno(&app, &m).await;
    let csv = ajeno
        .get("/api/v1/expedientes/exportacion.csv")
        .await
        .texto();
    assert_eq!(
        csv.split_terminator("\r\n").count(),
        1,
        "only the header: {csv}"
    );

    // Bad filters answer 422 before any byte; no session, 401.
    let r = autoridad
        .get("/api/v1/expedientes/exportacion.csv?orden=cualquiera")
        .await;
    assert!(r.esperar(422)["error"]["fields"]["orden"].is_string());
    autoridad
        .get("/api/v1/expedientes/exportacion.csv?desde=mañana")
        .await
        .esperar(422);
    autoridad
        .get("/api/v1/expedientes?orden=cualquiera")
        .await
        .esperar(422);
    app.cliente()
        .get("/api/v1/expedientes/exportacion.csv")
        .await
        .esperar(401);
}

async fn la_busqueda_ordena_por_numero_fecha_y_antiguedad(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mut ids = Vec::new();
    for i in 0..3 {
        let e = mesa
            .crear(
                "/api/v1/expedientes",
                json!({"extracto": format!("Expediente de orden {i}"), "iniciador": {"nombre": "Ana Pérez"}}),
            )
            .await;
        ids.push(e["id"].as_i64().expect("id"));
    }
    // The first one leaves and comes back: it has been at the mesa the shortest time.
    let pase = mesa
        .crear(
            &format!("/api/v1/expedientes/{}/pases", ids[0]),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Para informe"}),
        )
        .await;
    let oficina = m.como("OFICINA");
    oficina
        .post_vacio(&format!("/api/v1/pases/{}/recibir", pase["id"]))
        .await
        .esperar(200);
    let vuelta = oficina
        .crear(
            &format!("/api/v1/expedientes/{}/pases", ids[0]),
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "Informado"}),
        )
        .await;
    mesa.post_vacio(&format!("/api/v1/pases/{}/recibir", vuelta["id"]))
        .await
        .esperar(200);
    let orden = |o: &'static str| async move {
        let v = mesa
            .get(&format!(
                "/api/v1/expedientes?q=orden&unidad_actual_id={}&orden={o}",
                m.mesa_msa
            ))
            .await
            .esperar(200);
        v["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|e| e["id"].as_i64().expect("id"))
            .collect::<Vec<_>>()
    };
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    assert_eq!(orden("creado_en").await, [a, b, c]);
    assert_eq!(orden("-creado_en").await, [c, b, a]);
    assert_eq!(orden("numero").await, [a, b, c]);
    assert_eq!(orden("-numero").await, [c, b, a]);
    assert_eq!(
        orden("-antiguedad").await,
        [b, c, a],
        "longest at the mesa first"
    );
    assert_eq!(orden("antiguedad").await, [a, c, b]);
}

en_cada_base!(
    la_busqueda_por_palabras_sigue_la_regla_en_ambas_bases,
    el_csv_es_la_misma_busqueda_para_excel,
    la_busqueda_ordena_por_numero_fecha_y_antiguedad,
);
