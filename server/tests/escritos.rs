//! Escritos through the API: who emits them and how they are numbered (gap-free per tipo,
//! organismo and year, under concurrent emission too), how destinations become receipts, bad
//! input that writes nothing, who sees an escrito and how its receipts are set, and the
//! received/sent lists with answers.

mod comun;

use comun::*;
use serde_json::{Value, json};

const ESCRITOS: &str = "/api/v1/escritos";
const RECIBIDOS: &str = "/api/v1/escritos/recibidos";
const ENVIADOS: &str = "/api/v1/escritos/enviados";

fn camino(e: &Value) -> String {
    format!("{ESCRITOS}/{}", e["id"])
}

fn leido(e: &Value) -> String {
    format!("{}/leido", camino(e))
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

fn a_unidad(u: i64) -> Value {
    json!({ "unidad_id": u })
}

fn a_organismo(o: i64) -> Value {
    json!({ "organismo_id": o })
}

/// A valid emission to `destinos`, with the fields of `extra` added or replaced.
fn pedido(destinos: &[Value], extra: Value) -> Value {
    let mut p = json!({
        "titulo": "Convocatoria a reunión de mesas",
        "cuerpo": "Se convoca a las mesas de entrada a la reunión del lunes.",
        "destinos": destinos,
    });
    if let (Some(campos), Value::Object(extra)) = (p.as_object_mut(), extra) {
        campos.extend(extra);
    }
    p
}

async fn emitir(c: &Cliente, destinos: &[Value], extra: Value) -> Value {
    c.crear(ESCRITOS, pedido(destinos, extra)).await
}

/// Posts `cuerpo`, which must be refused with 422 naming `campo`; the error body.
async fn rechazado(c: &Cliente, cuerpo: Value, campo: &str) -> Value {
    let r = c.post(ESCRITOS, cuerpo).await.esperar(422);
    assert!(
        r["error"]["fields"][campo].is_string(),
        "the 422 does not name {campo}: {r}"
    );
    r
}

/// `{NO|ME|CI}-{year}-{seq:08}- -SANTACRUZ-{organismo}`.
fn numero(prefijo: &str, seq: u32, organismo: &str) -> String {
    let anio = app::domain::expedientes::numeracion::anio_provincial();
    format!("{prefijo}-{anio}-{seq:08}- -SANTACRUZ-{organismo}")
}

/// The sequence part of an escrito's number.
fn secuencia(e: &Value) -> u32 {
    e["numero"]
        .as_str()
        .expect("numero")
        .split('-')
        .nth(2)
        .expect("seq")
        .parse()
        .expect("digits")
}

/// The unidades that got a receipt, sorted.
fn receptoras(e: &Value) -> Vec<i64> {
    let mut v: Vec<i64> = e["destinos"]
        .as_array()
        .expect("destinos")
        .iter()
        .map(|d| d["unidad_id"].as_i64().expect("unidad_id"))
        .collect();
    v.sort_unstable();
    v
}

/// The receipt of `unidad`.
fn recibo(e: &Value, unidad: i64) -> Value {
    e["destinos"]
        .as_array()
        .expect("destinos")
        .iter()
        .find(|d| d["unidad_id"] == unidad)
        .cloned()
        .unwrap_or_else(|| panic!("no receipt for unidad {unidad}: {e}"))
}

/// A list that fits in one page: its envelope, with `total` matching the items.
async fn lista(c: &Cliente, camino: &str) -> Value {
    let l = c.get(camino).await.esperar(200);
    assert_eq!(
        l["total"].as_u64(),
        Some(l["items"].as_array().map_or(0, Vec::len) as u64),
        "{camino}: {l}"
    );
    assert_eq!(l["page"], 1, "{camino}: {l}");
    assert!(l["per_page"].is_u64(), "{camino}: {l}");
    l
}

fn ids(l: &Value) -> Vec<i64> {
    l["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(id)
        .collect()
}

async fn enviados(c: &Cliente) -> u64 {
    lista(c, ENVIADOS).await["total"].as_u64().expect("total")
}

async fn yo(c: &Cliente) -> i64 {
    id(&c.get("/api/v1/me").await.esperar(200))
}

async fn organismo(m: &Mundo, codigo: &str, nombre: &str) -> i64 {
    id(&m
        .como("ADMINISTRADOR")
        .crear(
            "/api/v1/organismos",
            json!({"codigo": codigo, "nombre": nombre, "tipo": "CENTRAL"}),
        )
        .await)
}

async fn unidad(m: &Mundo, organismo: i64, codigo: &str, tipo: &str, mesa: Option<i64>) -> i64 {
    id(&m
        .como("ADMINISTRADOR")
        .crear(
            "/api/v1/unidades",
            json!({"organismo_id": organismo, "codigo": codigo, "nombre": format!("Unidad {codigo}"),
                   "tipo": tipo, "mesa_id": mesa}),
        )
        .await)
}

async fn desactivar(m: &Mundo, unidad: i64) {
    m.como("ADMINISTRADOR")
        .patch(
            &format!("/api/v1/unidades/{unidad}"),
            json!({"activo": false}),
        )
        .await
        .esperar(200);
}

/// DOMAIN.md's table: MESA DE ENTRADA emits from its own mesa, ADMINISTRADOR for an active mesa
/// it names; OFICINA, CARGA, CONSULTA and AUTORIDAD get 403 before their body is read. The
/// escrito carries every field, and its number is gap-free per (tipo, organismo, year).
async fn quien_emite_y_como_se_numera(base: Base) {
    let app = spawn_app(base).await;
    let db = app.base.nombre();
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let a_mds = [a_unidad(m.mesa_mds)];

    let e = emitir(mesa, &a_mds, json!({})).await;
    assert_eq!(
        e["numero"],
        numero("NO", 1, "MSA"),
        "[{db}] NOTA by default: {e}"
    );
    assert_eq!(e["tipo"], "NOTA");
    assert_eq!(e["titulo"], "Convocatoria a reunión de mesas");
    assert_eq!(e["cuerpo"], pedido(&[], json!({}))["cuerpo"]);
    assert_eq!(e["unidad_id"], m.mesa_msa, "emitted from the writer's mesa");
    assert_eq!(e["organismo_id"], m.msa);
    assert_eq!(e["autor_id"], m.id("MESA_DE_ENTRADA"));
    assert!(e["expediente_id"].is_null(), "{e}");
    assert!(e["en_respuesta_a"].is_null(), "{e}");
    let emitido = e["emitido_en"].as_str().expect("emitido_en");
    assert!(
        chrono::DateTime::parse_from_rfc3339(emitido).is_ok(),
        "emitido_en is not RFC 3339: {emitido}"
    );
    let sha = e["sha256"].as_str().expect("sha256");
    assert!(
        sha.len() == 64 && sha.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
        "sha256 is not 64 lowercase hex digits: {sha}"
    );
    assert_eq!(receptoras(&e), [m.mesa_mds]);
    let d = recibo(&e, m.mesa_mds);
    for campo in [
        "leido_en",
        "leido_por",
        "conocimiento_en",
        "conocimiento_por",
    ] {
        assert!(
            d[campo].is_null(),
            "{campo} set before anyone opened it: {d}"
        );
    }

    // One sequence per tipo and per organismo; a mesa may name its own unidad.
    let e = emitir(
        mesa,
        &a_mds,
        json!({"tipo": "NOTA", "unidad_id": m.mesa_msa}),
    )
    .await;
    assert_eq!(e["numero"], numero("NO", 2, "MSA"), "[{db}]");
    let e = emitir(mesa, &a_mds, json!({"tipo": "CIRCULAR"})).await;
    assert_eq!(e["tipo"], "CIRCULAR");
    assert_eq!(
        e["numero"],
        numero("CI", 1, "MSA"),
        "CIRCULAR has its own sequence"
    );
    let e = emitir(mesa, &a_mds, json!({"tipo": "MEMO"})).await;
    assert_eq!(
        e["numero"],
        numero("ME", 1, "MSA"),
        "MEMO has its own sequence"
    );
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let e = emitir(&mds, &[a_unidad(m.mesa_msa)], json!({})).await;
    assert_eq!(
        e["numero"],
        numero("NO", 1, "MDS"),
        "MDS has its own sequence"
    );
    assert_eq!(e["organismo_id"], m.mds);

    // A mesa emits only from its own mesa.
    rechazado(
        mesa,
        pedido(&[a_unidad(m.oficina_msa)], json!({"unidad_id": m.mesa_mds})),
        "unidad_id",
    )
    .await;

    // The administrator names an active mesa de entrada.
    let admin = m.como("ADMINISTRADOR");
    let cerrada = unidad(&m, m.msa, "ME2", "MESA_DE_ENTRADA", None).await;
    desactivar(&m, cerrada).await;
    for extra in [
        json!({}),
        json!({"unidad_id": m.oficina_msa}),
        json!({"unidad_id": cerrada}),
        json!({"unidad_id": 999_999}),
    ] {
        rechazado(admin, pedido(&a_mds, extra), "unidad_id").await;
    }
    let e = emitir(admin, &a_mds, json!({"unidad_id": m.mesa_msa})).await;
    assert_eq!(
        e["numero"],
        numero("NO", 3, "MSA"),
        "the administrator continues the organismo's sequence"
    );
    assert_eq!(e["unidad_id"], m.mesa_msa);
    assert_eq!(e["organismo_id"], m.msa);
    assert_eq!(e["autor_id"], m.id("ADMINISTRADOR"));

    // Everyone else: 403 whatever the body, even one that is not JSON.
    for perfil in ["OFICINA", "CARGA", "CONSULTA", "AUTORIDAD"] {
        let c = m.como(perfil);
        let r = c.post(ESCRITOS, pedido(&a_mds, json!({}))).await;
        assert_eq!(
            (r.estado.as_u16(), r.codigo()),
            (403, "forbidden"),
            "{perfil}: {}",
            r.texto()
        );
        let r = c
            .enviar(
                c.http
                    .post(c.en(ESCRITOS))
                    .header("content-type", "application/json")
                    .body("{titulo"),
            )
            .await;
        assert_eq!(
            (r.estado.as_u16(), r.codigo()),
            (403, "forbidden"),
            "{perfil} with a body that is not JSON: {}",
            r.texto()
        );
    }

    // Refusals took no number and wrote nothing.
    let e = emitir(mesa, &a_mds, json!({})).await;
    assert_eq!(
        e["numero"],
        numero("NO", 4, "MSA"),
        "[{db}] a refusal left a gap"
    );
    assert_eq!(
        enviados(mesa).await,
        6,
        "the mesa's escritos, the administrator's for it included"
    );
}

/// Twenty emissions at once, of one tipo in one organismo (from the mesa's clerk and from the
/// administrator for that mesa), get exactly the numbers 1 to 20.
async fn veinte_a_la_vez_numeran_sin_huecos(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mut tareas = Vec::new();
    for i in 0..20 {
        let (c, extra) = if i % 2 == 0 {
            (m.como("MESA_DE_ENTRADA").clone(), json!({}))
        } else {
            (
                m.como("ADMINISTRADOR").clone(),
                json!({"unidad_id": m.mesa_msa}),
            )
        };
        let mut cuerpo = pedido(&[a_unidad(m.mesa_mds)], extra);
        cuerpo["tipo"] = json!("MEMO");
        cuerpo["titulo"] = json!(format!("Memorando concurrente {i}"));
        tareas.push(tokio::spawn(async move { c.crear(ESCRITOS, cuerpo).await }));
    }
    let mut secuencias = Vec::new();
    for t in tareas {
        let e = t.await.expect("task");
        let s = secuencia(&e);
        assert_eq!(e["numero"], numero("ME", s, "MSA"), "{e}");
        secuencias.push(s);
    }
    secuencias.sort_unstable();
    assert_eq!(
        secuencias,
        (1..=20).collect::<Vec<_>>(),
        "[{}] concurrent emissions repeated or skipped a number",
        app.base.nombre()
    );
    assert_eq!(enviados(m.como("MESA_DE_ENTRADA")).await, 20);
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    assert_eq!(lista(&mds, RECIBIDOS).await["total"], 20);
}

/// An organismo destination means its active mesas de entrada (never an oficina, never an
/// inactive mesa); a unidad destination may be a mesa or an oficina; duplicates give one
/// receipt; the emitting unidad is never its own receipt (422 when named, skipped when it comes
/// in through its organismo, 422 when nothing remains).
async fn los_destinos_se_resuelven_en_recibos(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let min = organismo(&m, "MIN", "Ministerio de Infraestructura").await;
    let me1 = unidad(&m, min, "ME1", "MESA_DE_ENTRADA", None).await;
    let me2 = unidad(&m, min, "ME2", "MESA_DE_ENTRADA", None).await;
    let of1 = unidad(&m, min, "OF1", "OFICINA", Some(me1)).await;
    let me3 = unidad(&m, min, "ME3", "MESA_DE_ENTRADA", None).await;
    desactivar(&m, me3).await;
    let ordenadas = |mut v: Vec<i64>| {
        v.sort_unstable();
        v
    };

    let e = emitir(mesa, &[a_organismo(min)], json!({})).await;
    assert_eq!(
        receptoras(&e),
        ordenadas(vec![me1, me2]),
        "every active mesa of the organismo, no oficina, no inactive mesa"
    );
    let e = emitir(
        mesa,
        &[
            a_organismo(min),
            a_unidad(me1),
            a_unidad(me1),
            a_organismo(min),
        ],
        json!({}),
    )
    .await;
    assert_eq!(
        receptoras(&e),
        ordenadas(vec![me1, me2]),
        "one receipt per unidad"
    );
    let e = emitir(mesa, &[a_unidad(of1), a_unidad(m.oficina_msa)], json!({})).await;
    assert_eq!(
        receptoras(&e),
        ordenadas(vec![of1, m.oficina_msa]),
        "oficinas named as unidades"
    );
    let e = emitir(mesa, &[a_organismo(m.msa), a_organismo(m.mds)], json!({})).await;
    assert_eq!(
        receptoras(&e),
        [m.mesa_mds],
        "its own mesa, through its organismo, is skipped"
    );

    // Naming itself, nothing left, or a unidad that is not active.
    let vacio = organismo(&m, "VAC", "Organismo sin mesas").await;
    for destinos in [
        vec![a_unidad(m.mesa_msa)],
        vec![a_unidad(m.mesa_msa), a_unidad(m.mesa_mds)],
        vec![a_organismo(m.msa)],
        vec![a_organismo(vacio)],
        vec![a_unidad(me3)],
        vec![a_unidad(me3), a_unidad(me3)],
    ] {
        rechazado(mesa, pedido(&destinos, json!({})), "destinos").await;
    }

    // With a second mesa in MSA its organismo is a destination again, for either mesa.
    let otra = unidad(&m, m.msa, "ME2", "MESA_DE_ENTRADA", None).await;
    let e = emitir(mesa, &[a_organismo(m.msa)], json!({})).await;
    assert_eq!(receptoras(&e), [otra]);
    assert_eq!(e["numero"], numero("NO", 5, "MSA"), "a refusal left a gap");
    let e = emitir(
        m.como("ADMINISTRADOR"),
        &[a_organismo(m.msa), a_organismo(min)],
        json!({"unidad_id": otra}),
    )
    .await;
    assert_eq!(e["unidad_id"], otra);
    assert_eq!(receptoras(&e), ordenadas(vec![m.mesa_msa, me1, me2]));
    assert_eq!(
        e["numero"],
        numero("NO", 6, "MSA"),
        "one sequence for the organismo"
    );
}

/// Bad input: 400 for a body that is not JSON or of wrong types, 422 naming the field for each
/// limit (counted in characters, after trimming), the same answer for an expediente that does
/// not exist and one the writer cannot see, and nothing written on an error (the next number
/// follows on). The cuerpo keeps its paragraphs and its markup as characters, without invisible
/// format characters.
async fn lo_malo_no_escribe_nada(base: Base) {
    let app = spawn_app(base).await;
    let db = app.base.nombre();
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let a_mds = [a_unidad(m.mesa_mds)];
    assert_eq!(secuencia(&emitir(mesa, &a_mds, json!({})).await), 1);
    // MDS's, addressed to MSA's oficina only: MSA's mesa sees neither.
    let ajeno = emitir(&mds, &[a_unidad(m.oficina_msa)], json!({})).await;
    let expediente_ajeno = iniciar_expediente(&mds).await;
    let recibidos_mds = lista(&mds, RECIBIDOS).await["total"].clone();

    mesa.enviar(
        mesa.http
            .post(mesa.en(ESCRITOS))
            .header("content-type", "application/json")
            .body("{\"titulo\": "),
    )
    .await
    .esperar(400);
    mesa.post(ESCRITOS, pedido(&a_mds, json!({"titulo": 5})))
        .await
        .esperar(400);
    for (extra, campo) in [
        (json!({"titulo": "ab"}), "titulo"),
        (json!({"titulo": "   ab   "}), "titulo"),
        (json!({"titulo": "x".repeat(201)}), "titulo"),
        (json!({"cuerpo": ""}), "cuerpo"),
        (json!({"cuerpo": "x".repeat(20_001)}), "cuerpo"),
        (json!({"tipo": "OFICIO"}), "tipo"),
        (json!({"destinos": []}), "destinos"),
        (json!({"destinos": [{"unidad_id": 999_999}]}), "destinos"),
        (json!({"destinos": [{"organismo_id": 999_999}]}), "destinos"),
        (json!({"en_respuesta_a": 999_999}), "en_respuesta_a"),
        (json!({"en_respuesta_a": ajeno["id"]}), "en_respuesta_a"),
    ] {
        rechazado(mesa, pedido(&a_mds, extra), campo).await;
    }
    let desconocido = rechazado(
        mesa,
        pedido(&a_mds, json!({"expediente_id": 999_999})),
        "expediente_id",
    )
    .await;
    let invisible = rechazado(
        mesa,
        pedido(&a_mds, json!({"expediente_id": expediente_ajeno["id"]})),
        "expediente_id",
    )
    .await;
    assert_eq!(
        invisible["error"]["message"], desconocido["error"]["message"],
        "an expediente the writer cannot see answers unlike an unknown one"
    );
    assert_eq!(invisible["error"]["fields"], desconocido["error"]["fields"]);

    assert_eq!(
        enviados(mesa).await,
        1,
        "[{db}] an error left something written"
    );
    assert_eq!(lista(&mds, RECIBIDOS).await["total"], recibidos_mds);

    // The limits themselves pass, in characters; an error took no number.
    let e = emitir(
        mesa,
        &a_mds,
        json!({"titulo": "ñ".repeat(200), "cuerpo": "ñ".repeat(20_000)}),
    )
    .await;
    assert_eq!(secuencia(&e), 2, "[{db}] a refused emission took a number");
    assert_eq!(
        e["cuerpo"].as_str().map(|t| t.chars().count()),
        Some(20_000)
    );
    let e = emitir(mesa, &a_mds, json!({"titulo": " abc ", "cuerpo": "x"})).await;
    assert_eq!(secuencia(&e), 3);

    // Paragraphs and markup stay as they were written; invisible format characters go.
    let parrafos = "Primer párrafo.\n\nSegundo párrafo.";
    let e = emitir(mesa, &a_mds, json!({ "cuerpo": parrafos })).await;
    assert_eq!(e["cuerpo"], parrafos, "paragraphs lost");
    assert_eq!(mesa.get(&camino(&e)).await.esperar(200)["cuerpo"], parrafos);
    let marcado = "<b>x</b> y <script>alert('x')</script>";
    let e = emitir(mesa, &a_mds, json!({ "cuerpo": marcado })).await;
    assert_eq!(
        e["cuerpo"], marcado,
        "markup must come back as the same characters"
    );
    let e = emitir(
        mesa,
        &a_mds,
        json!({"cuerpo": "pago\u{200B}\u{202E}fdp.exe"}),
    )
    .await;
    assert_eq!(
        e["cuerpo"], "pagofdp.exe",
        "invisible format characters kept"
    );
    assert_eq!(enviados(mesa).await, 6);
}

/// An escrito is seen by the users of its emitting unidad and of its destinations, by
/// administrators and autoridades; anyone else gets the 404 of an unknown id (an oficina is not
/// its mesa). A destination's first opening sets leido_* once; taking notice sets
/// conocimiento_* once, only for a destination's users (403 for the others who see it); the
/// escrito itself never changes.
async fn quien_lo_ve_y_sus_recibos(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let oficina = m.como("OFICINA");
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let mds_consulta = persona(
        &app,
        &m,
        "consulta@mds.gob.ar",
        "CONSULTA",
        Some(m.mesa_mds),
    )
    .await;
    let id_mds = yo(&mds).await;
    let e = emitir(mesa, &[a_unidad(m.mesa_mds)], json!({})).await;
    let esc = camino(&e);

    // The emitting unidad (CARGA and CONSULTA work at the mesa), the administrator and the
    // autoridad see it, and their looking is not a reading.
    for perfil in [
        "MESA_DE_ENTRADA",
        "CARGA",
        "CONSULTA",
        "ADMINISTRADOR",
        "AUTORIDAD",
    ] {
        let v = m.como(perfil).get(&esc).await.esperar(200);
        assert_eq!(v["numero"], e["numero"], "{perfil}");
    }
    let d = recibo(&mesa.get(&esc).await.esperar(200), m.mesa_mds);
    assert!(
        d["leido_en"].is_null(),
        "marked read by someone not a destination: {d}"
    );

    // The oficina does not see its mesa's escritos: exactly the 404 of an unknown id.
    let desconocido = mesa.get(&format!("{ESCRITOS}/999999")).await.esperar(404);
    assert_eq!(desconocido["error"]["code"], "not_found");
    assert_eq!(
        oficina.get(&esc).await.esperar(404),
        desconocido,
        "the oficina learnt that its mesa's escrito exists"
    );
    assert_eq!(
        oficina.post_vacio(&leido(&e)).await.esperar(404),
        desconocido
    );

    // The destination: unread until one of its users opens it, then read once.
    let no_leidos = format!("{RECIBIDOS}?no_leidos=true");
    assert_eq!(ids(&lista(&mds, &no_leidos).await), [id(&e)]);
    let d = recibo(&mds.get(&esc).await.esperar(200), m.mesa_mds);
    assert!(
        d["leido_en"].is_string(),
        "opening did not mark it read: {d}"
    );
    assert_eq!(d["leido_por"], id_mds);
    assert!(
        d["conocimiento_en"].is_null() && d["conocimiento_por"].is_null(),
        "opening is not taking notice: {d}"
    );
    assert_eq!(lista(&mds, &no_leidos).await["total"], 0);
    assert_eq!(
        ids(&lista(&mds, RECIBIDOS).await),
        [id(&e)],
        "read, still received"
    );
    let otra = mds_consulta.get(&esc).await.esperar(200);
    assert_eq!(
        recibo(&otra, m.mesa_mds),
        d,
        "a later opening replaced the first"
    );
    assert_eq!(
        recibo(&mesa.get(&esc).await.esperar(200), m.mesa_mds),
        d,
        "the emitter sees the receipt"
    );

    // Taking notice: 403 for those who see it without being a destination, once for the rest.
    for perfil in ["MESA_DE_ENTRADA", "ADMINISTRADOR", "AUTORIDAD"] {
        let r = m.como(perfil).post_vacio(&leido(&e)).await;
        assert_eq!(r.estado, 403, "{perfil}: {}", r.texto());
    }
    let conocido = mds.post_vacio(&leido(&e)).await.esperar(200);
    assert_eq!(conocido["id"], e["id"], "answers the escrito");
    let d2 = recibo(&conocido, m.mesa_mds);
    assert!(d2["conocimiento_en"].is_string(), "{d2}");
    assert_eq!(d2["conocimiento_por"], id_mds);
    assert_eq!(
        d2["leido_en"], d["leido_en"],
        "taking notice changed the first opening"
    );
    assert_eq!(d2["leido_por"], d["leido_por"]);
    let otra_vez = mds.post_vacio(&leido(&e)).await.esperar(200);
    assert_eq!(
        recibo(&otra_vez, m.mesa_mds),
        d2,
        "a second notice replaced the first"
    );

    // Taking notice of one never opened marks it read too.
    let e2 = emitir(mesa, &[a_unidad(m.mesa_mds)], json!({"tipo": "MEMO"})).await;
    let d = recibo(&mds.post_vacio(&leido(&e2)).await.esperar(200), m.mesa_mds);
    assert!(
        d["leido_en"].is_string() && d["conocimiento_en"].is_string(),
        "{d}"
    );
    assert_eq!(d["leido_por"], id_mds);
    assert_eq!(d["conocimiento_por"], id_mds);

    // The oficina sees what it is a destination of; MDS does not.
    let e3 = emitir(mesa, &[a_unidad(m.oficina_msa)], json!({})).await;
    let v = oficina.get(&camino(&e3)).await.esperar(200);
    assert_eq!(recibo(&v, m.oficina_msa)["leido_por"], m.id("OFICINA"));
    m.como("CARGA").get(&camino(&e3)).await.esperar(200);
    assert_eq!(mds.get(&camino(&e3)).await.esperar(404), desconocido);
    assert_eq!(mds.post_vacio(&leido(&e3)).await.esperar(404), desconocido);

    // Receipts set, the escrito is as emitted.
    let ahora = mesa.get(&esc).await.esperar(200);
    for campo in [
        "numero",
        "tipo",
        "titulo",
        "cuerpo",
        "sha256",
        "unidad_id",
        "autor_id",
    ] {
        assert_eq!(ahora[campo], e[campo], "{campo} changed after emission");
    }
}

/// Comunicaciones: the received and sent lists of the user's own unidad, newest first, in the
/// list envelope (403 without a unidad); an answer carries en_respuesta_a and leaves the
/// original as it was; an escrito tied to a visible expediente keeps it.
async fn bandejas_y_respuestas(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let oficina = m.como("OFICINA");
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    for perfil in ["ADMINISTRADOR", "AUTORIDAD"] {
        for l in [RECIBIDOS, ENVIADOS] {
            let r = m.como(perfil).get(l).await;
            assert_eq!(r.estado, 403, "{perfil} has no unidad: {l}: {}", r.texto());
        }
    }
    assert_eq!(lista(oficina, RECIBIDOS).await["total"], 0);

    let expediente = iniciar_expediente(mesa).await;
    let a = emitir(
        mesa,
        &[a_unidad(m.mesa_mds)],
        json!({"titulo": "Primera nota"}),
    )
    .await;
    let b = emitir(mesa, &[a_organismo(m.mds)], json!({"tipo": "CIRCULAR"})).await;
    let c = emitir(
        mesa,
        &[a_unidad(m.oficina_msa)],
        json!({"tipo": "MEMO", "expediente_id": expediente["id"]}),
    )
    .await;
    assert_eq!(c["expediente_id"], expediente["id"]);
    assert_eq!(
        mesa.get(&camino(&c)).await.esperar(200)["expediente_id"],
        expediente["id"],
        "the tie to the expediente was lost"
    );

    let enviados = lista(mesa, ENVIADOS).await;
    assert_eq!(
        ids(&enviados),
        [id(&c), id(&b), id(&a)],
        "sent, newest first"
    );
    let item = &enviados["items"][2];
    assert_eq!(item["numero"], a["numero"]);
    assert_eq!(item["sha256"], a["sha256"]);
    assert_eq!(
        receptoras(item),
        [m.mesa_mds],
        "items are whole escritos: {item}"
    );
    for perfil in ["CARGA", "CONSULTA"] {
        assert_eq!(
            ids(&lista(m.como(perfil), ENVIADOS).await),
            ids(&enviados),
            "{perfil} works at the mesa"
        );
    }
    assert_eq!(
        lista(oficina, ENVIADOS).await["total"],
        0,
        "the oficina is not its mesa"
    );
    assert_eq!(ids(&lista(oficina, RECIBIDOS).await), [id(&c)]);
    assert_eq!(lista(mesa, RECIBIDOS).await["total"], 0);
    assert_eq!(
        ids(&lista(&mds, RECIBIDOS).await),
        [id(&b), id(&a)],
        "received, newest first"
    );
    let no_leidos = format!("{RECIBIDOS}?no_leidos=true");
    assert_eq!(ids(&lista(&mds, &no_leidos).await), [id(&b), id(&a)]);
    let pagina = mds
        .get(&format!("{RECIBIDOS}?per_page=1"))
        .await
        .esperar(200);
    assert_eq!(pagina["total"], 2, "{pagina}");
    assert_eq!(pagina["per_page"], 1);
    assert_eq!(ids(&pagina), [id(&b)]);

    // MDS answers the first one; the original stays as emitted.
    let respuesta = emitir(
        &mds,
        &[a_unidad(m.mesa_msa)],
        json!({"titulo": "Respuesta a la primera nota", "en_respuesta_a": a["id"]}),
    )
    .await;
    assert_eq!(respuesta["en_respuesta_a"], a["id"]);
    assert_eq!(respuesta["numero"], numero("NO", 1, "MDS"));
    let original = mesa.get(&camino(&a)).await.esperar(200);
    for campo in ["numero", "titulo", "cuerpo", "sha256", "en_respuesta_a"] {
        assert_eq!(
            original[campo], a[campo],
            "answering changed the original's {campo}"
        );
    }

    // The answer is unread for the whole mesa until one of its users opens it.
    assert_eq!(ids(&lista(mesa, &no_leidos).await), [id(&respuesta)]);
    m.como("CARGA").get(&camino(&respuesta)).await.esperar(200);
    assert_eq!(
        lista(mesa, &no_leidos).await["total"],
        0,
        "opened by a user of the mesa, still unread for the mesa"
    );
    let v = mesa.get(&camino(&respuesta)).await.esperar(200);
    assert_eq!(recibo(&v, m.mesa_msa)["leido_por"], m.id("CARGA"));
    assert_eq!(ids(&lista(mesa, RECIBIDOS).await), [id(&respuesta)]);
    assert_eq!(ids(&lista(&mds, ENVIADOS).await), [id(&respuesta)]);

    // And the thread goes on: the mesa answers the answer.
    let replica = emitir(
        mesa,
        &[a_unidad(m.mesa_mds)],
        json!({"en_respuesta_a": respuesta["id"]}),
    )
    .await;
    assert_eq!(replica["en_respuesta_a"], respuesta["id"]);
    assert_eq!(secuencia(&replica), 2, "the mesa's second NOTA");
}

/// The screens' server functions are public endpoints and keep the same rules: who emits, who
/// sees, who takes notice, and the page's actions and thread.
async fn las_funciones_de_las_pantallas_cumplen_las_mismas_reglas(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let campos = |destino: &str| {
        vec![
            ("tipo", "MEMO".to_owned()),
            ("titulo", "Pedido de informes".to_owned()),
            ("cuerpo", "Se solicita informe.".to_owned()),
            ("organismos[]", destino.to_owned()),
        ]
    };
    let enviar = |c: &Cliente, campos: Vec<(&'static str, String)>| {
        let c = c.clone();
        async move {
            let pares: Vec<(&str, &str)> = campos.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.sfn("escrito_emitir", &pares).await
        }
    };
    for perfil in ["OFICINA", "CARGA", "CONSULTA", "AUTORIDAD"] {
        enviar(m.como(perfil), campos(&m.mds.to_string()))
            .await
            .esperar(403);
    }
    // A form without its fields cannot be read: 400, never 500.
    let r = enviar(mesa, vec![("titulo", "x".to_owned())])
        .await
        .esperar(400);
    assert_eq!(r["code"], "bad_request");
    let r = enviar(
        mesa,
        vec![("titulo", "x".to_owned()), ("cuerpo", String::new())],
    )
    .await
    .esperar(422);
    for campo in ["titulo", "cuerpo", "destinos"] {
        assert!(r["fields"][campo].is_string(), "{campo}: {r}");
    }
    let mut con_expediente = campos(&m.mds.to_string());
    con_expediente.push(("expediente", "EX-1999-00000001- -SANTACRUZ-MSA".to_owned()));
    let r = enviar(mesa, con_expediente).await.esperar(422);
    assert!(r["fields"]["expediente_id"].is_string(), "{r}");
    assert_eq!(enviados(mesa).await, 0, "nothing written");

    let e = enviar(mesa, campos(&m.mds.to_string())).await.esperar(200);
    assert_eq!(e["tipo"], "MEMO");
    let id = e["id"].to_string();
    let una = [("id", id.as_str())];

    // The page's data: the destination may take notice and answer; the emitter may answer.
    let v = mds.sfn("escrito", &una).await.esperar(200);
    assert_eq!(v["acciones"]["tomar_conocimiento"], true);
    assert_eq!(v["acciones"]["responder"], true);
    assert!(
        recibo(&v["escrito"], m.mesa_mds)["leido_en"].is_string(),
        "opened"
    );
    let v = mesa.sfn("escrito", &una).await.esperar(200);
    assert_eq!(v["acciones"]["tomar_conocimiento"], false);
    m.como("OFICINA").sfn("escrito", &una).await.esperar(404);
    m.como("OFICINA")
        .sfn("escrito_conocimiento", &una)
        .await
        .esperar(404);
    mesa.sfn("escrito_conocimiento", &una).await.esperar(403);
    mds.sfn("escrito_conocimiento", &una).await.esperar(200);
    let v = mds.sfn("escrito", &una).await.esperar(200);
    assert_eq!(v["acciones"]["tomar_conocimiento"], false, "done once");

    // The badge and the lists.
    assert_eq!(mds.sfn("escritos_sin_leer", &[]).await.esperar(200), 0);
    let otro = enviar(mesa, campos(&m.mds.to_string())).await.esperar(200);
    assert_eq!(mds.sfn("escritos_sin_leer", &[]).await.esperar(200), 1);
    assert_eq!(
        m.como("AUTORIDAD")
            .sfn("escritos_sin_leer", &[])
            .await
            .esperar(200),
        0
    );
    let l = mds
        .sfn("escritos_recibidos", &[("no_leidos", "true")])
        .await
        .esperar(200);
    assert_eq!(l[0]["items"][0]["id"], otro["id"]);
    assert_eq!(l[1], m.mesa_mds);
    m.como("AUTORIDAD")
        .sfn("escritos_recibidos", &[])
        .await
        .esperar(403);

    // An answer shows in the thread of whoever sees both.
    let r = enviar(
        &mds,
        vec![
            ("titulo", "Respuesta al pedido".to_owned()),
            ("cuerpo", "Se adjunta el informe.".to_owned()),
            ("unidades[]", m.mesa_msa.to_string()),
            ("en_respuesta_a", id.clone()),
        ],
    )
    .await
    .esperar(200);
    let v = mesa.sfn("escrito", &una).await.esperar(200);
    assert_eq!(v["respuestas"][0]["id"], r["id"]);
    assert_eq!(
        m.como("CONSULTA")
            .sfn("mesas_emisoras", &[])
            .await
            .esperar(200),
        json!([])
    );
}

/// *Vincular*: the escrito becomes a PDF document of an expediente through the upload's path
/// (type by content, fojas, both stores), for whoever may attach documents to it, once.
async fn vincular_lo_agrega_como_pdf_al_expediente(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let e = emitir(
        mesa,
        &[a_organismo(m.mds)],
        json!({"tipo": "CIRCULAR", "titulo": "Horario de atención",
               "cuerpo": "Desde el lunes se atiende de 7 a 13.\n\nSe ruega difundir."}),
    )
    .await;
    let expediente = iniciar_expediente(mesa).await;
    let camino_v = format!("{}/vincular", camino(&e));
    let cuerpo = json!({"expediente_id": expediente["id"]});

    // Who sees the escrito but may not attach documents to that expediente: 403.
    for perfil in ["CONSULTA", "AUTORIDAD"] {
        m.como(perfil)
            .post(&camino_v, cuerpo.clone())
            .await
            .esperar(403);
    }
    // MDS sees the escrito, not the expediente: 404; the oficina does not see the escrito.
    mds.post(&camino_v, cuerpo.clone()).await.esperar(404);
    m.como("OFICINA")
        .post(&camino_v, cuerpo.clone())
        .await
        .esperar(404);
    mesa.post(&format!("{ESCRITOS}/999999/vincular"), cuerpo.clone())
        .await
        .esperar(404);
    let r = mesa.post(&camino_v, json!({})).await.esperar(422);
    assert!(r["error"]["fields"]["expediente_id"].is_string(), "{r}");

    let d = mesa.crear(&camino_v, cuerpo.clone()).await;
    assert_eq!(d["tipo"], "application/pdf", "{d}");
    assert_eq!(
        d["nombre"],
        format!("{}.pdf", e["numero"].as_str().unwrap_or_default())
    );
    assert_eq!(d["foja_desde"], 1);
    assert!(d["paginas"].as_i64().unwrap_or_default() >= 1);
    let bytes = mesa
        .get(&format!("/api/v1/archivos/{}/contenido", d["id"]))
        .await;
    assert_eq!(bytes.estado, 200);
    assert!(bytes.bytes.starts_with(b"%PDF-"), "a PDF");
    let texto = String::from_utf8_lossy(&bytes.bytes).into_owned();
    assert!(
        texto.contains("/ToUnicode") && texto.contains("DejaVuSans"),
        "embedded font"
    );
    {
        use sha2::{Digest, Sha256};
        assert_eq!(d["sha256"], hex::encode(Sha256::digest(&bytes.bytes)));
    }
    let h = mesa
        .get(&format!(
            "/api/v1/expedientes/{}/historial",
            expediente["id"]
        ))
        .await
        .esperar(200);
    assert!(
        h["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|ev| ev["tipo"] == "DOCUMENTO_ADJUNTADO"),
        "{h}"
    );
    // Once: the same escrito again is a conflict.
    let r = mesa.post(&camino_v, cuerpo.clone()).await.esperar(409);
    assert_eq!(r["error"]["code"], "wrong_state");
    // In transit, nobody attaches: 409.
    let otro = iniciar_expediente(mesa).await;
    mesa.crear(
        &format!("/api/v1/expedientes/{}/pases", otro["id"]),
        json!({"destino_unidad_id": m.mesa_mds, "motivo": "Para su intervención"}),
    )
    .await;
    mesa.post(&camino_v, json!({"expediente_id": otro["id"]}))
        .await
        .esperar(409);
    // Through the screen's server function, by number; an unknown number names the field.
    let tercero = iniciar_expediente(mesa).await;
    let id = e["id"].to_string();
    let r = mesa
        .sfn(
            "escrito_vincular",
            &[
                ("id", id.as_str()),
                ("expediente", "EX-1999-1- -SANTACRUZ-MSA"),
            ],
        )
        .await
        .esperar(422);
    assert!(r["fields"]["expediente_id"].is_string(), "{r}");
    let d = m
        .como("CARGA")
        .sfn(
            "escrito_vincular",
            &[
                ("id", id.as_str()),
                ("expediente", tercero["numero"].as_str().unwrap_or_default()),
            ],
        )
        .await;
    // CARGA works at the mesa (which emitted it, so it sees the escrito) and attaches there.
    let d = d.esperar(200);
    assert_eq!(d["tipo"], "application/pdf");
}

/// Drafts: kept by their author only (no number, invisible to everyone else and to every
/// door of the API), written again, emitted (then gone) or discarded.
async fn los_borradores_son_de_su_autor(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let mds_id = m.mds.to_string();
    let guardar = |c: &Cliente, extra: Vec<(&'static str, String)>| {
        let c = c.clone();
        let mut campos = vec![
            ("accion", "borrador".to_owned()),
            ("tipo", "MEMO".to_owned()),
            ("titulo", "Pedido de informes".to_owned()),
            ("cuerpo", String::new()),
        ];
        for (k, v) in extra {
            campos.retain(|(x, _)| *x != k);
            campos.push((k, v));
        }
        async move {
            let pares: Vec<(&str, &str)> = campos.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.sfn("escrito_emitir", &pares).await
        }
    };
    let r = guardar(mesa, vec![("organismos[]", mds_id.clone())])
        .await
        .esperar(200);
    assert!(r.is_null(), "a draft is no escrito: {r}");
    let bs = mesa.sfn("escritos_borradores", &[]).await.esperar(200);
    assert_eq!(bs.as_array().map(Vec::len), Some(1), "{bs}");
    let b = bs[0].clone();
    assert_eq!(b["destinos"][0]["organismo_id"], m.mds);
    let id = b["id"].to_string();
    // Nobody else sees it, not even the author through the API's doors.
    assert_eq!(
        m.como("CARGA")
            .sfn("escritos_borradores", &[])
            .await
            .esperar(200),
        json!([])
    );
    m.como("CARGA")
        .sfn("escrito_borrador", &[("id", id.as_str())])
        .await
        .esperar(404);
    mesa.get(&format!("{ESCRITOS}/{id}")).await.esperar(404);
    assert_eq!(lista(&mds, RECIBIDOS).await["total"], 0);
    assert_eq!(enviados(mesa).await, 0);
    assert_eq!(mds.sfn("escritos_sin_leer", &[]).await.esperar(200), 0);
    let r = guardar(mesa, vec![("titulo", "x".to_owned())])
        .await
        .esperar(422);
    assert!(r["fields"]["titulo"].is_string(), "{r}");

    // Written again, it keeps its id; emitted from it, it is numbered and the draft goes.
    guardar(
        mesa,
        vec![
            ("borrador_id", id.clone()),
            ("titulo", "Pedido de informes de gestión".to_owned()),
        ],
    )
    .await
    .esperar(200);
    let (b, _) = {
        let v = mesa
            .sfn("escrito_borrador", &[("id", id.as_str())])
            .await
            .esperar(200);
        (v[0].clone(), v[1].clone())
    };
    assert_eq!(b["titulo"], "Pedido de informes de gestión");
    assert_eq!(b["destinos"], json!([]), "the destinations as last written");
    let e = mesa
        .sfn(
            "escrito_emitir",
            &[
                ("borrador_id", id.as_str()),
                ("tipo", "MEMO"),
                ("titulo", "Pedido de informes de gestión"),
                ("cuerpo", "Se solicita el informe trimestral."),
                ("organismos[]", mds_id.as_str()),
            ],
        )
        .await
        .esperar(200);
    assert_eq!(secuencia(&e), 1, "drafts take no number");
    assert_eq!(
        mesa.sfn("escritos_borradores", &[]).await.esperar(200),
        json!([])
    );
    // Someone else's draft cannot be emitted from, nor discarded.
    guardar(&mds, vec![]).await.esperar(200);
    let otro = mds.sfn("escritos_borradores", &[]).await.esperar(200)[0]["id"].to_string();
    mesa.sfn(
        "escrito_emitir",
        &[
            ("borrador_id", otro.as_str()),
            ("titulo", "Ajeno"),
            ("cuerpo", "Ajeno"),
            ("organismos[]", mds_id.as_str()),
        ],
    )
    .await
    .esperar(404);
    assert_eq!(enviados(mesa).await, 1, "nothing half-written");
    mesa.sfn("escrito_descartar", &[("id", otro.as_str())])
        .await
        .esperar(404);
    mds.sfn("escrito_descartar", &[("id", otro.as_str())])
        .await
        .esperar(200);
    assert_eq!(
        mds.sfn("escritos_borradores", &[]).await.esperar(200),
        json!([])
    );
    m.como("OFICINA")
        .sfn("escritos_borradores", &[])
        .await
        .esperar(200);
}

/// Listas de difusión: kept by who emits from the mesa, seen by its users, used by the mesa
/// alone; an escrito sent with one gets a receipt per unidad the list names.
async fn las_listas_de_difusion_son_de_la_mesa(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mds = persona(
        &app,
        &m,
        "mesa@mds.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let (mds_id, oficina) = (m.mds.to_string(), m.oficina_msa.to_string());
    let l = mesa
        .sfn(
            "lista_crear",
            &[
                ("nombre", "Ministerios sociales"),
                ("organismos[]", mds_id.as_str()),
                ("unidades[]", oficina.as_str()),
            ],
        )
        .await
        .esperar(200);
    assert_eq!(l["destinos"].as_array().map(Vec::len), Some(2), "{l}");
    let lista_id = l["id"].to_string();
    // Its name is unique in the mesa; it needs destinations; only who emits keeps lists.
    let r = mesa
        .sfn(
            "lista_crear",
            &[
                ("nombre", "Ministerios sociales"),
                ("organismos[]", mds_id.as_str()),
            ],
        )
        .await
        .esperar(422);
    assert!(r["fields"]["nombre"].is_string(), "{r}");
    let r = mesa
        .sfn("lista_crear", &[("nombre", "Vacía")])
        .await
        .esperar(422);
    assert!(r["fields"]["destinos"].is_string(), "{r}");
    for perfil in ["CARGA", "CONSULTA", "OFICINA", "AUTORIDAD", "ADMINISTRADOR"] {
        m.como(perfil)
            .sfn(
                "lista_crear",
                &[("nombre", "Ajena"), ("organismos[]", mds_id.as_str())],
            )
            .await
            .esperar(403);
    }
    // The mesa's users see it; another mesa does not, nor may it use or delete it.
    let vistas = m
        .como("CONSULTA")
        .sfn("listas_difusion", &[])
        .await
        .esperar(200);
    assert_eq!(vistas[0]["nombre"], "Ministerios sociales");
    assert_eq!(
        mds.sfn("listas_difusion", &[]).await.esperar(200),
        json!([])
    );
    let campos_con_lista = |lista: &str| {
        vec![
            ("titulo", "Convocatoria".to_owned()),
            ("cuerpo", "Reunión el lunes.".to_owned()),
            ("listas[]", lista.to_owned()),
        ]
    };
    let enviar = |c: &Cliente, campos: Vec<(&'static str, String)>| {
        let c = c.clone();
        async move {
            let pares: Vec<(&str, &str)> = campos.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.sfn("escrito_emitir", &pares).await
        }
    };
    let r = enviar(&mds, campos_con_lista(&lista_id)).await.esperar(422);
    assert!(r["fields"]["listas"].is_string(), "{r}");
    mds.sfn("lista_eliminar", &[("id", lista_id.as_str())])
        .await
        .esperar(404);

    let e = enviar(mesa, campos_con_lista(&lista_id)).await.esperar(200);
    assert_eq!(receptoras(&e), {
        let mut v = vec![m.oficina_msa, m.mesa_mds];
        v.sort_unstable();
        v
    });
    mesa.sfn("lista_eliminar", &[("id", lista_id.as_str())])
        .await
        .esperar(200);
    assert_eq!(
        mesa.sfn("listas_difusion", &[]).await.esperar(200),
        json!([])
    );
    // The escrito keeps the receipts it was sent with.
    let v = mesa.get(&camino(&e)).await.esperar(200);
    assert_eq!(receptoras(&v).len(), 2);
}

en_cada_base!(
    las_listas_de_difusion_son_de_la_mesa,
    los_borradores_son_de_su_autor,
    vincular_lo_agrega_como_pdf_al_expediente,
    las_funciones_de_las_pantallas_cumplen_las_mismas_reglas,
    quien_emite_y_como_se_numera,
    veinte_a_la_vez_numeran_sin_huecos,
    los_destinos_se_resuelven_en_recibos,
    lo_malo_no_escribe_nada,
    quien_lo_ve_y_sus_recibos,
    bandejas_y_respuestas,
);
