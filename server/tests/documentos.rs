//! Documents through the API on SQLite and PostgreSQL (issue #5 acceptance): bytes and hashes,
//! types by content, names, the size limit, versions, sealing, desglose, fojas, constancias,
//! permissions, and the storage check repairing a copy.

mod comun;

use comun::*;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A minimal PDF with `paginas` pages (what a scanner would write, uncompressed).
pub fn pdf(paginas: usize) -> Vec<u8> {
    let mut s = String::from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    s.push_str(&format!(
        "2 0 obj << /Type /Pages /Count {paginas} /Kids [] >> endobj\n"
    ));
    for i in 0..paginas {
        s.push_str(&format!(
            "{} 0 obj << /Type /Page /Parent 2 0 R >> endobj\n",
            i + 3
        ));
    }
    s.push_str("%%EOF\n");
    s.into_bytes()
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn archivos(lista: &[(&str, Vec<u8>)]) -> Form {
    lista.iter().fold(Form::new(), |f, (nombre, bytes)| {
        f.part(
            "archivo",
            Part::bytes(bytes.clone()).file_name(nombre.to_string()),
        )
    })
}

async fn subir(c: &Cliente, expediente: i64, lista: &[(&str, Vec<u8>)]) -> Respuesta {
    c.enviar(
        c.http
            .post(c.en(&format!("/api/v1/expedientes/{expediente}/archivos")))
            .multipart(archivos(lista)),
    )
    .await
}

async fn subidos(c: &Cliente, expediente: i64, lista: &[(&str, Vec<u8>)]) -> Vec<Value> {
    let v = subir(c, expediente, lista).await.esperar(201);
    v["items"].as_array().expect("items").clone()
}

/// Replaces a document with new bytes (`PUT /archivos/{id}`, multipart).
async fn reemplazar(
    c: &Cliente,
    doc: impl std::fmt::Display,
    lista: &[(&str, Vec<u8>)],
) -> Respuesta {
    c.enviar(
        c.http
            .put(c.en(&format!("/api/v1/archivos/{doc}")))
            .multipart(archivos(lista)),
    )
    .await
}

/// Removes a document from the expediente (desglose, `DELETE /archivos/{id}` with a motivo).
async fn desglosar(c: &Cliente, doc: impl std::fmt::Display, motivo: &str) -> Respuesta {
    c.enviar(
        c.http
            .delete(c.en(&format!("/api/v1/archivos/{doc}")))
            .json(&json!({ "motivo": motivo })),
    )
    .await
}

async fn iniciar(c: &Cliente) -> i64 {
    c.crear(
        "/api/v1/expedientes",
        json!({
        "extracto": "Solicitud con documentación adjunta", "iniciador": {"nombre": "Ana Pérez"}}),
    )
    .await["id"]
        .as_i64()
        .expect("id")
}

/// How many objects the primary and the backup store hold.
async fn objetos(app: &TestApp) -> (usize, usize) {
    let a = &app.state.almacenes;
    (
        a.primario.listar().await.expect("list").len(),
        a.respaldo.listar().await.expect("list").len(),
    )
}

async fn los_bytes_vuelven_intactos_con_su_hash_desde_los_dos_almacenes(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let id = iniciar(mesa).await;
    let informe = pdf(2);
    let nota = "Nota de elevación\nSanta Cruz, 30/11/2026\n"
        .as_bytes()
        .to_vec();
    let items = subidos(
        mesa,
        id,
        &[("informe.pdf", informe.clone()), ("nota.txt", nota.clone())],
    )
    .await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["sha256"], sha(&informe));
    assert_eq!(items[0]["tipo"], "application/pdf");
    assert_eq!(items[0]["tamano"], informe.len());
    assert_eq!(items[0]["paginas"], 2);
    assert_eq!(
        (
            items[0]["foja_desde"].clone(),
            items[0]["foja_hasta"].clone()
        ),
        (json!(1), json!(2))
    );
    assert_eq!(
        (
            items[1]["foja_desde"].clone(),
            items[1]["foja_hasta"].clone()
        ),
        (json!(3), json!(3))
    );
    assert_eq!(items[1]["tipo"], "text/plain");
    assert_eq!(items[0]["version"], 1);
    assert_eq!(items[0]["sellado"], false);
    assert_eq!(items[0]["eliminado"], false);
    let e = mesa
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    assert_eq!(e["fojas"], 3, "the expediente's fojas advance by pages");

    let lista = mesa
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(200);
    assert_eq!(lista["total"], 2);
    assert_eq!(lista["items"][1]["nombre"], "nota.txt");

    // Every perfil that can see it downloads the same bytes.
    for perfil in ["CONSULTA", "AUTORIDAD", "OFICINA"] {
        let r = m
            .como(perfil)
            .get(&format!("/api/v1/archivos/{}/contenido", items[0]["id"]))
            .await;
        assert_eq!(r.estado, 200, "{perfil} downloads");
        assert_eq!(r.header("content-type"), "application/pdf");
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert!(
            r.header("content-disposition")
                .starts_with("inline; filename=\"informe.pdf\"")
        );
        assert!(
            r.header("content-security-policy")
                .contains("frame-ancestors 'self'")
        );
        assert_eq!(r.bytes, informe);
    }
    let r = mesa
        .get(&format!("/api/v1/archivos/{}/contenido", items[1]["id"]))
        .await;
    assert!(
        r.header("content-disposition").starts_with("attachment; "),
        "only PDF and images show inline"
    );
    assert!(
        r.header("content-security-policy")
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(r.bytes, nota);

    for clave in [sha(&informe), sha(&nota)] {
        for almacen in [&app.state.almacenes.primario, &app.state.almacenes.respaldo] {
            let (hash, _) = almacen
                .comprobar(&clave)
                .await
                .expect("read")
                .expect("present");
            assert_eq!(hash, clave, "both stores hold the bytes before the answer");
        }
    }
}

async fn el_tipo_lo_decide_el_contenido_y_el_nombre_se_sanea(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let id = iniciar(mesa).await;
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    exe.extend_from_slice(&[0u8; 512]);
    for (nombre, bytes) in [
        ("factura.pdf", exe),
        (
            "foto.png",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec(),
        ),
        (
            "pagina.txt",
            b"<!doctype html><html><body>hola</body></html>".to_vec(),
        ),
    ] {
        let r = subir(mesa, id, &[(nombre, bytes)]).await;
        assert_eq!(r.estado, 415, "[{}] {nombre}", app.base.nombre());
        let v = r.json;
        assert_eq!(v["error"]["code"], "file_type_not_allowed");
        assert!(v["error"]["message"].as_str().expect("ok").contains(nombre));
    }
    // A refused file in a batch refuses the batch: nothing is recorded or stored.
    let r = subir(
        mesa,
        id,
        &[("bien.pdf", pdf(1)), ("mal.pdf", b"MZ\0\0".to_vec())],
    )
    .await;
    r.esperar(415);
    let lista = mesa
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(200);
    assert_eq!(lista["total"], 0);
    assert_eq!(objetos(&app).await, (0, 0));
    assert!(
        app.state
            .almacenes
            .temporales()
            .await
            .expect("temporales")
            .is_empty()
    );

    let items = subidos(
        mesa,
        id,
        &[("../../etc/passwd.txt", b"root:x:0:0\n".to_vec())],
    )
    .await;
    assert_eq!(items[0]["nombre"], "passwd.txt");
    let items = subidos(mesa, id, &[("C:\\Documentos\\acta.pdf", pdf(1))]).await;
    assert_eq!(items[0]["nombre"], "acta.pdf");

    // Another site cannot make a logged-in browser upload (nor replace).
    let camino = format!("/api/v1/expedientes/{id}/archivos");
    let r = mesa
        .enviar(
            mesa.http
                .post(mesa.en(&camino))
                .header("origin", "https://evil.example")
                .header("sec-fetch-site", "cross-site")
                .multipart(archivos(&[("ajeno.txt", b"de otro sitio".to_vec())])),
        )
        .await;
    assert_eq!(r.codigo(), "cross_site");
    r.esperar(403);

    // A body that never reaches a multipart boundary is cut, not buffered: 413.
    mesa.enviar(
        mesa.http
            .post(mesa.en(&camino))
            .header("content-type", "multipart/form-data; boundary=XYZ")
            .body(vec![b'a'; 12 * 1024 * 1024]),
    )
    .await
    .esperar(413);

    // Not multipart, or no file: 400 / 422, never 500.
    mesa.post(&camino, json!({"archivo": "x"}))
        .await
        .esperar(400);
    mesa.enviar(
        mesa.http
            .post(mesa.en(&camino))
            .multipart(Form::new().text("otro", "x")),
    )
    .await
    .esperar(422);
}

#[tokio::test]
async fn un_archivo_sobre_el_limite_recibe_413_sin_guardarse() {
    let op = Opciones {
        flags: vec!["--max-upload-mb".into(), "1".into()],
        ..Default::default()
    };
    let app = spawn_app_con(Base::Sqlite, op).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let id = iniciar(mesa).await;
    let mut grande = pdf(1);
    grande.resize(1024 * 1024 + 1, b' ');
    let v = subir(mesa, id, &[("grande.pdf", grande.clone())])
        .await
        .esperar(413);
    assert_eq!(v["error"]["code"], "file_too_large");
    assert!(
        v["error"]["message"]
            .as_str()
            .expect("ok")
            .contains("grande.pdf")
    );
    assert_eq!(objetos(&app).await, (0, 0));
    assert!(
        app.state
            .almacenes
            .temporales()
            .await
            .expect("temporales")
            .is_empty()
    );
    let lista = mesa
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(200);
    assert_eq!(lista["total"], 0);
    // Exactly the limit is fine.
    grande.truncate(1024 * 1024);
    subidos(mesa, id, &[("justo.pdf", grande)]).await;
}

async fn versiones_desglose_sellado_y_constancias(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let id = iniciar(mesa).await;
    let v1 = pdf(2);
    let items = subidos(
        mesa,
        id,
        &[("dictamen.pdf", v1.clone()), ("anexo.pdf", pdf(1))],
    )
    .await;
    let (doc, anexo) = (
        items[0]["id"].as_i64().expect("ok"),
        items[1]["id"].as_i64().expect("ok"),
    );

    // Replacing keeps the id, raises the version, and renumbers the unsealed fojas.
    let v2 = pdf(3);
    let d = reemplazar(mesa, doc, &[("dictamen-corregido.pdf", v2.clone())])
        .await
        .esperar(200);
    assert_eq!(
        (
            d["id"].as_i64().expect("ok"),
            d["version"].as_i64().expect("ok")
        ),
        (doc, 2)
    );
    assert_eq!(d["nombre"], "dictamen-corregido.pdf");
    assert_eq!(
        (d["foja_desde"].clone(), d["foja_hasta"].clone()),
        (json!(1), json!(3))
    );
    let lista = mesa
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(200);
    assert_eq!(
        lista["total"], 2,
        "each document once, at its current version"
    );
    assert_eq!(
        (
            lista["items"][1]["foja_desde"].clone(),
            lista["items"][1]["foja_hasta"].clone()
        ),
        (json!(4), json!(4))
    );
    let versiones = mesa
        .get(&format!("/api/v1/archivos/{doc}/versiones"))
        .await
        .esperar(200);
    assert_eq!(versiones["total"], 2);
    assert_eq!(versiones["items"][0]["sha256"], sha(&v1));
    assert_eq!(versiones["items"][1]["sha256"], sha(&v2));
    let viejo = mesa
        .get(&format!("/api/v1/archivos/{doc}/contenido?version=1"))
        .await;
    assert_eq!(viejo.bytes, v1, "old versions stay downloadable");
    mesa.get(&format!("/api/v1/archivos/{doc}/contenido?version=9"))
        .await
        .esperar(404);

    // Desglose needs a motivo, keeps the bytes and the fojas.
    desglosar(mesa, anexo, " ").await.esperar(422);
    let d = desglosar(mesa, anexo, "Agregado por error")
        .await
        .esperar(200);
    assert_eq!(d["eliminado"], true);
    assert_eq!(d["motivo_eliminacion"], "Agregado por error");
    let r = mesa
        .get(&format!("/api/v1/archivos/{anexo}/contenido"))
        .await;
    assert_eq!(r.estado, 200, "the bytes of a desglose are never lost");
    desglosar(mesa, anexo, "Otra vez").await.esperar(409);

    // A pase seals what is present and leaves its constancia.
    let p1 = mesa
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Para dictamen"}),
        )
        .await;
    let lista = mesa
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(200);
    assert_eq!(lista["items"][0]["sellado"], true);
    // While in transit nobody attaches.
    subir(mesa, id, &[("tarde.pdf", pdf(1))]).await.esperar(409);
    let oficina = m.como("OFICINA");
    oficina
        .post_vacio(&format!("/api/v1/pases/{}/recibir", p1["id"]))
        .await
        .esperar(200);
    // Sealed: no replace, no desglose, even for the new holder.
    let r = reemplazar(oficina, doc, &[("otro.pdf", pdf(1))]).await;
    assert_eq!(r.codigo(), "document_sealed");
    r.esperar(409);
    desglosar(oficina, doc, "No").await.esperar(409);

    // A later document takes the next fojas; sealed ranges never move.
    let nuevo = subidos(oficina, id, &[("dictamen-oficina.pdf", pdf(2))]).await;
    assert_eq!(
        (
            nuevo[0]["foja_desde"].clone(),
            nuevo[0]["foja_hasta"].clone()
        ),
        (json!(5), json!(6))
    );
    let p2 = oficina
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "Vuelve con dictamen"}),
        )
        .await;

    let historial = mesa
        .get(&format!("/api/v1/expedientes/{id}/historial"))
        .await
        .esperar(200);
    let constancias: Vec<&Value> = historial["items"]
        .as_array()
        .expect("ok")
        .iter()
        .filter(|e| e["tipo"] == "PASE_ENVIADO")
        .map(|e| &e["datos"]["constancia"])
        .collect();
    assert_eq!(constancias.len(), 2);
    assert_eq!(constancias[0]["pase_id"], p1["id"]);
    assert_eq!(constancias[0]["anterior"], "0".repeat(64));
    let docs = constancias[0]["documentos"].as_array().expect("ok");
    assert_eq!(docs.len(), 1, "the desglose is not present");
    assert_eq!(docs[0]["sha256"], sha(&v2));
    assert_eq!(
        (docs[0]["foja_desde"].clone(), docs[0]["foja_hasta"].clone()),
        (json!(1), json!(3))
    );
    assert_eq!(constancias[1]["pase_id"], p2["id"]);
    assert_eq!(
        constancias[1]["anterior"], constancias[0]["hash"],
        "chained to the previous one"
    );
    assert_eq!(
        constancias[1]["documentos"].as_array().expect("ok").len(),
        2
    );
    assert_eq!(constancias[1]["fojas"], 6);
    // The page takes them from its historial instead of reading them again: the same two.
    let pagina = mesa.get(&format!("/expedientes/{id}")).await.texto();
    for c in &constancias {
        let huella = &c["hash"].as_str().expect("hash")[..16];
        assert!(
            pagina.contains(huella),
            "the page shows constancia {huella}"
        );
    }
    assert_eq!(
        pagina.matches("Pase del ").count(),
        2,
        "two constancias on the page"
    );
    assert_eq!(
        app::domain::documentos::hash_constancia(constancias[1]),
        constancias[1]["hash"].as_str().expect("ok")
    );
    let informe =
        app::domain::documentos::verificar_constancias(&app.state.db, &app.state.almacenes)
            .await
            .expect("check");
    assert_eq!(informe.constancias, 2);
    assert!(informe.problemas.is_empty(), "{:?}", informe.problemas);

    // Bytes of a sealed document changed behind the app's back, in both stores: caught.
    for almacen in ["archivos", "archivos-respaldo"] {
        let clave = sha(&v2);
        let ruta = app
            .dir
            .join(almacen)
            .join(&clave[0..2])
            .join(&clave[2..4])
            .join(&clave);
        let mut bytes = std::fs::read(&ruta).expect("object on disk");
        bytes[10] ^= 1;
        std::fs::write(&ruta, bytes).expect("tamper");
    }
    let informe =
        app::domain::documentos::verificar_constancias(&app.state.db, &app.state.almacenes)
            .await
            .expect("check");
    assert_eq!(informe.problemas.len(), 2, "{:?}", informe.problemas);
    assert!(informe.problemas[0].2.contains("dictamen-corregido.pdf"));
    // And the event chain itself still verifies: the constancia lives in it.
    let v = app::domain::registro::verificacion::verificar(&app.state.db, None)
        .await
        .expect("verify");
    assert!(v.roturas.is_empty());
}

/// DOMAIN.md: attach / replace / remove documents — the holder unidad (CARGA included), the
/// OFICINA users of an oficina that depends on the holding mesa, and the administrator; nobody
/// else.
async fn adjuntar_sigue_la_tabla_de_perfiles(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    // CARGA of the holding unidad (the MSA mesa) can, and OFICINA on behalf of the mesa its
    // oficina depends on; the table's other perfiles as listed.
    for (perfil, esperado) in [
        ("ADMINISTRADOR", 201),
        ("MESA_DE_ENTRADA", 201),
        ("CARGA", 201),
        ("OFICINA", 201),
        ("CONSULTA", 403),
        ("AUTORIDAD", 403),
    ] {
        let id = iniciar(mesa).await;
        let c = m.como(perfil);
        let r = subir(c, id, &[("nota.txt", b"texto".to_vec())]).await;
        assert_eq!(
            r.estado,
            esperado,
            "[{}] {perfil} attach",
            app.base.nombre()
        );
        let doc = subidos(mesa, id, &[("otra.txt", b"otro texto".to_vec())]).await[0]["id"].clone();
        let r = reemplazar(c, &doc, &[("otra-v2.txt", b"texto corregido".to_vec())]).await;
        let ok = if esperado == 201 { 200 } else { 403 };
        assert_eq!(r.estado, ok, "{perfil} replace");
        let r = desglosar(c, &doc, "Duplicado").await;
        assert_eq!(r.estado, ok, "{perfil} desglose");
    }

    // CARGA elsewhere: at the oficina, which does not hold it.
    let admin = m.como("ADMINISTRADOR");
    admin
        .crear(
            "/api/v1/usuarios",
            json!({
            "email": "carga.oficina@prueba.gob.ar", "nombre": "N", "apellido": "A", "perfil": "CARGA",
            "unidad_id": m.oficina_msa, "password": CLAVE_MUNDO}),
        )
        .await;
    let carga_oficina = app.cliente();
    carga_oficina
        .login("carga.oficina@prueba.gob.ar", CLAVE_MUNDO)
        .await
        .esperar(200);
    let id = iniciar(mesa).await;
    let r = subir(&carga_oficina, id, &[("nota.txt", b"texto".to_vec())]).await;
    assert_eq!(r.estado, 403, "CARGA of another unidad");
    // Once the oficina holds it, its CARGA and OFICINA can.
    let p = mesa
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Para su carga"}),
        )
        .await;
    m.como("OFICINA")
        .post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
        .await
        .esperar(200);
    subidos(&carga_oficina, id, &[("nota.txt", b"texto".to_vec())]).await;
    subidos(m.como("OFICINA"), id, &[("nota2.txt", b"texto 2".to_vec())]).await;
    let r = subir(m.como("CARGA"), id, &[("nota.txt", b"texto".to_vec())]).await;
    assert_eq!(r.estado, 403, "the mesa's CARGA no longer holds it");

    // Reading: 401 without a session, 404 for what one may not see.
    app.cliente()
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(401);
    subir(&app.cliente(), id, &[("a.txt", b"a".to_vec())])
        .await
        .esperar(401);
    admin.crear("/api/v1/usuarios", json!({
        "email": "mesa.mds@prueba.gob.ar", "nombre": "N", "apellido": "A", "perfil": "MESA_DE_ENTRADA",
        "unidad_id": m.mesa_mds, "password": CLAVE_MUNDO})).await;
    let ajena = app.cliente();
    ajena
        .login("mesa.mds@prueba.gob.ar", CLAVE_MUNDO)
        .await
        .esperar(200);
    ajena
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(404);
    subir(&ajena, id, &[("a.txt", b"a".to_vec())])
        .await
        .esperar(404);
    let doc = mesa
        .get(&format!("/api/v1/expedientes/{id}/archivos"))
        .await
        .esperar(200)["items"][0]["id"]
        .clone();
    ajena
        .get(&format!("/api/v1/archivos/{doc}/contenido"))
        .await
        .esperar(404);
}

async fn la_verificacion_repara_una_copia_alterada_y_restaura_una_borrada(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let id = iniciar(mesa).await;
    let a = pdf(4);
    let b = b"Constancia de domicilio\n".to_vec();
    subidos(mesa, id, &[("a.pdf", a.clone()), ("b.txt", b.clone())]).await;
    let ruta = |almacen: &str, bytes: &[u8]| {
        let clave = sha(bytes);
        app.dir
            .join(almacen)
            .join(&clave[0..2])
            .join(&clave[2..4])
            .join(clave)
    };
    // One byte flipped in the primary copy of a; the backup copy of b deleted.
    let mut alterado = std::fs::read(ruta("archivos", &a)).expect("ok");
    alterado[20] ^= 0x40;
    std::fs::write(ruta("archivos", &a), alterado).expect("ok");
    std::fs::remove_file(ruta("archivos-respaldo", &b)).expect("ok");

    let db = &app.state.db;
    let almacenes = &app.state.almacenes;
    let informe = app::domain::documentos::verificar_almacenes(db, almacenes, false)
        .await
        .expect("ok");
    assert_eq!(informe.objetos, 2);
    let mut problemas = informe.problemas.clone();
    problemas.sort();
    let mut esperados = vec![
        (sha(&a), "primario", "contenido alterado"),
        (sha(&b), "respaldo", "falta"),
    ];
    esperados.sort();
    assert_eq!(problemas, esperados, "[{}]", app.base.nombre());
    assert!(!informe.sano());

    let informe = app::domain::documentos::verificar_almacenes(db, almacenes, true)
        .await
        .expect("ok");
    assert_eq!(informe.reparados, 2);
    assert!(informe.sano());
    assert_eq!(
        std::fs::read(ruta("archivos", &a)).expect("ok"),
        a,
        "repaired from the backup"
    );
    assert_eq!(
        std::fs::read(ruta("archivos-respaldo", &b)).expect("ok"),
        b,
        "restored from the primary"
    );
    let informe = app::domain::documentos::verificar_almacenes(db, almacenes, false)
        .await
        .expect("ok");
    assert_eq!((informe.correctos, informe.problemas.len()), (2, 0));
    assert!(informe.sin_documento.is_empty());

    // Both copies bad: reported as beyond repair, never "repaired" with wrong bytes.
    std::fs::write(ruta("archivos", &b), b"otro").expect("ok");
    std::fs::remove_file(ruta("archivos-respaldo", &b)).expect("ok");
    let informe = app::domain::documentos::verificar_almacenes(db, almacenes, true)
        .await
        .expect("ok");
    assert_eq!(informe.irreparables, vec![sha(&b)]);
    assert!(!informe.sano());
}

/// An upload racing a pase: either the upload is recorded first and the pase seals it, or the
/// pase goes first and the upload is refused (409); never an unsealed document in an
/// expediente in transit, and the constancia lists exactly what is present.
async fn una_subida_y_un_pase_a_la_vez_no_dejan_documentos_sin_sellar(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let mut resultados = Vec::new();
    for _ in 0..6 {
        let id = iniciar(mesa).await;
        let lista = [("carrera.pdf", pdf(1))];
        let subida = subir(m.como("CARGA"), id, &lista);
        let pases = format!("/api/v1/expedientes/{id}/pases");
        let pase = mesa.post(
            &pases,
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Carrera"}),
        );
        let (s, p) = tokio::join!(subida, pase);
        assert_eq!(p.estado, 201, "[{}] {}", app.base.nombre(), p.texto());
        let s = s.estado.as_u16();
        assert!(s == 201 || s == 409, "upload answered {s}");
        resultados.push(s);
        let lista = mesa
            .get(&format!("/api/v1/expedientes/{id}/archivos"))
            .await
            .esperar(200);
        for d in lista["items"].as_array().expect("items") {
            assert_eq!(
                d["sellado"], true,
                "a document recorded before the pase is sealed"
            );
        }
        let historial = mesa
            .get(&format!("/api/v1/expedientes/{id}/historial"))
            .await
            .esperar(200);
        let constancia = historial["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|e| e["tipo"] == "PASE_ENVIADO")
            .map(|e| e["datos"]["constancia"].clone())
            .expect("constancia");
        assert_eq!(
            constancia["documentos"].as_array().expect("list").len() as u64,
            lista["total"].as_u64().expect("total")
        );
    }
    eprintln!("[{}] upload answers: {resultados:?}", app.base.nombre());
}

en_cada_base!(
    los_bytes_vuelven_intactos_con_su_hash_desde_los_dos_almacenes,
    el_tipo_lo_decide_el_contenido_y_el_nombre_se_sanea,
    versiones_desglose_sellado_y_constancias,
    adjuntar_sigue_la_tabla_de_perfiles,
    la_verificacion_repara_una_copia_alterada_y_restaura_una_borrada,
    una_subida_y_un_pase_a_la_vez_no_dejan_documentos_sin_sellar,
);
