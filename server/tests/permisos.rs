//! DOMAIN.md's permission table through the API, for every perfil: the administration rows
//! (Step 2) and reading the organisation. Later steps add their rows here as their doors open.

mod comun;

use comun::*;
use reqwest::Method;
use serde_json::{Value, json};

async fn administrar_solo_lo_puede_el_administrador(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    // Someone whose password may be reset without logging out the clients of the world.
    let otro = m
        .como("ADMINISTRADOR")
        .crear(
            "/api/v1/usuarios",
            json!({"email": "otro@prueba.gob.ar", "nombre": "O", "apellido": "O", "perfil": "AUTORIDAD"}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    for perfil in PERFILES {
        let c = m.como(perfil);
        let admin = perfil == "ADMINISTRADOR";
        let esperado = |ok: u16| if admin { ok } else { 403 };
        let codigo = format!("P{}", &perfil[..3]);
        // The rows' requests, built on this perfil's client and sent one by one below.
        let (get, post, patch) = (
            |camino: &str| c.http.get(c.en(camino)),
            |camino: &str, cuerpo: Value| c.http.post(c.en(camino)).json(&cuerpo),
            |camino: &str, cuerpo: Value| c.http.patch(c.en(camino)).json(&cuerpo),
        );
        #[rustfmt::skip]
        let pedidos = [
            ("POST /organismos", post("/api/v1/organismos", json!({"codigo": codigo, "nombre": "X", "tipo": "CENTRAL"})), esperado(201)),
            ("PATCH /organismos/{id}", patch(&format!("/api/v1/organismos/{}", m.mds), json!({"nombre": "MDS"})), esperado(200)),
            ("POST /unidades", post("/api/v1/unidades", json!({"organismo_id": m.mds, "codigo": codigo, "nombre": "X", "tipo": "MESA_DE_ENTRADA"})), esperado(201)),
            ("PATCH /unidades/{id}", patch(&format!("/api/v1/unidades/{}", m.mesa_mds), json!({"nombre": "Mesa MDS"})), esperado(200)),
            ("GET /usuarios", get("/api/v1/usuarios"), esperado(200)),
            ("GET /usuarios/{id}", get(&format!("/api/v1/usuarios/{}", m.id("CONSULTA"))), esperado(200)),
            ("POST /usuarios", post("/api/v1/usuarios", json!({"email": format!("n.{}@x.gob.ar", perfil.to_lowercase()), "nombre": "N", "apellido": "N", "perfil": "AUTORIDAD"})), esperado(201)),
            ("PATCH /usuarios/{id}", patch(&format!("/api/v1/usuarios/{}", m.id("CONSULTA")), json!({"nombre": "Otro"})), esperado(200)),
            ("POST /usuarios/{id}/restablecer", c.http.post(c.en(&format!("/api/v1/usuarios/{otro}/restablecer"))), esperado(200)),
            ("GET /auditoria", get("/api/v1/auditoria"), esperado(200)),
            // A missing account answers like an existing one to whoever may not administer:
            // whether an id exists is not theirs to learn.
            ("GET /usuarios/{missing}", get("/api/v1/usuarios/999999"), esperado(404)),
            ("PATCH /usuarios/{missing}", patch("/api/v1/usuarios/999999", json!({"nombre": "X"})), esperado(404)),
            ("POST /usuarios/{missing}/restablecer", c.http.post(c.en("/api/v1/usuarios/999999/restablecer")), esperado(404)),
        ];
        for (nombre, pedido, estado) in pedidos {
            let r = c.enviar(pedido).await;
            assert_eq!(
                r.estado,
                estado,
                "[{}] {perfil} {nombre}: {}",
                app.base.nombre(),
                r.texto()
            );
        }
    }
}

async fn todos_los_perfiles_leen_la_organizacion(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    for perfil in PERFILES {
        for camino in [
            "/api/v1/organismos",
            "/api/v1/unidades",
            "/api/v1/me",
            "/api/v1/tokens",
        ] {
            let r = m.como(perfil).get(camino).await;
            assert_eq!(r.estado, 200, "[{}] {perfil} {camino}", app.base.nombre());
        }
    }
}

/// A request whose body is not JSON, to see what is refused before the body is read.
async fn sin_json(c: &Cliente, metodo: Method, camino: &str) -> Respuesta {
    c.enviar(c.http.request(metodo, c.en(camino)).body("no json"))
        .await
}

async fn el_orden_de_las_respuestas_es_401_404_403_400(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let r = sin_json(&app.cliente(), Method::PATCH, "/api/v1/organismos/999999").await;
    assert_eq!(r.estado, 401, "[{}]", app.base.nombre());
    let consulta = m.como("CONSULTA");
    let r = sin_json(consulta, Method::PATCH, "/api/v1/organismos/999999").await;
    assert_eq!(r.estado, 404, "unknown before forbidden");
    let msa = format!("/api/v1/organismos/{}", m.msa);
    let r = sin_json(consulta, Method::PATCH, &msa).await;
    assert_eq!(r.estado, 403, "forbidden before the body is read");
    sin_json(consulta, Method::POST, "/api/v1/usuarios")
        .await
        .esperar(403);
    let admin = m.como("ADMINISTRADOR");
    sin_json(admin, Method::PATCH, &msa).await.esperar(400);
    admin
        .patch("/api/v1/usuarios/999999", json!({}))
        .await
        .esperar(404);
}

/// The expediente rows of DOMAIN.md's table, through the API, for every perfil: each perfil
/// acts on an expediente held by (or addressed to) the MSA mesa, where MESA_DE_ENTRADA, CARGA
/// and CONSULTA work; OFICINA works at an oficina of MSA, on behalf of that mesa (it edits and
/// sends what the mesa holds, but archiving stays with the mesa); a fresh expediente per check.
async fn las_acciones_sobre_expedientes_siguen_la_tabla_de_perfiles(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let nuevo = || async {
        mesa.crear(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente para probar permisos", "iniciador": {"nombre": "X"}}),
        )
        .await["id"]
            .as_i64()
            .expect("id")
    };
    // (perfil, read, edit, send, archive): the holder is the MSA mesa.
    let tabla = [
        ("ADMINISTRADOR", 200, 200, 201, 200),
        ("MESA_DE_ENTRADA", 200, 200, 201, 200),
        ("OFICINA", 200, 200, 201, 403),
        ("CARGA", 200, 403, 403, 403),
        ("CONSULTA", 200, 403, 403, 403),
        ("AUTORIDAD", 200, 403, 403, 403),
    ];
    for (perfil, leer, editar, enviar, archivar) in tabla {
        let c = m.como(perfil);
        let id = nuevo().await;
        let r = c.get(&format!("/api/v1/expedientes/{id}")).await;
        assert_eq!(r.estado, leer, "[{}] {perfil} read", app.base.nombre());
        let r = c
            .patch(
                &format!("/api/v1/expedientes/{id}"),
                json!({"extracto": "Extracto modificado por permisos", "version": 1}),
            )
            .await;
        assert_eq!(r.estado, editar, "{perfil} edit");
        let r = c
            .post(
                &format!("/api/v1/expedientes/{id}/archivar"),
                json!({"motivo": "Prueba"}),
            )
            .await;
        assert_eq!(r.estado, archivar, "{perfil} archive");
        let id = nuevo().await;
        let r = c
            .post(
                &format!("/api/v1/expedientes/{id}/pases"),
                json!({"destino_unidad_id": m.mesa_mds, "motivo": "Prueba"}),
            )
            .await;
        assert_eq!(r.estado, enviar, "{perfil} send");
    }

    // Receiving: only the destination unidad (and the administrator).
    for (perfil, esperado) in [
        ("OFICINA", 403),
        ("CARGA", 403),
        ("CONSULTA", 403),
        ("AUTORIDAD", 403),
        ("ADMINISTRADOR", 200),
    ] {
        let id = nuevo().await;
        let p = mesa
            .crear(
                &format!("/api/v1/expedientes/{id}/pases"),
                json!({"destino_unidad_id": m.oficina_msa, "motivo": "Prueba"}),
            )
            .await;
        let quien = if perfil == "OFICINA" {
            m.como("CARGA")
        } else {
            m.como(perfil)
        };
        let r = quien
            .post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
            .await;
        assert_eq!(
            r.estado,
            esperado,
            "[{}] {perfil} receive",
            app.base.nombre()
        );
    }
    let id = nuevo().await;
    let p = mesa
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "Prueba"}),
        )
        .await;
    let r = m
        .como("OFICINA")
        .post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
        .await;
    assert_eq!(
        r.estado, 200,
        "the oficina receives what is addressed to it"
    );

    // Starting: MESA_DE_ENTRADA and OFICINA (for its mesa); nobody else without a mesa.
    for (perfil, esperado) in [
        ("MESA_DE_ENTRADA", 201),
        ("OFICINA", 201),
        ("CARGA", 403),
        ("CONSULTA", 403),
        ("AUTORIDAD", 403),
    ] {
        let r = m
            .como(perfil)
            .post(
                "/api/v1/expedientes",
                json!({"extracto": "Inicio para probar permisos", "iniciador": {"nombre": "X"}}),
            )
            .await;
        assert_eq!(r.estado, esperado, "{perfil} iniciar");
    }
    let r = m
        .como("ADMINISTRADOR")
        .post(
            "/api/v1/expedientes",
            json!({"extracto": "Inicio del administrador", "iniciador": {"nombre": "X"}, "unidad_id": m.mesa_mds}),
        )
        .await;
    assert_eq!(r.estado, 201, "an administrator starts at a chosen mesa");
}

/// DOMAIN.md, under the table: an OFICINA user acts on what its mesa holds and receives or
/// rejects what is addressed to it, but does not archive; an ADMINISTRADOR starts at the mesa
/// it chooses and acts as the unidad concerned, each of its events marked as an administrative
/// intervention. Through the API.
async fn la_oficina_actua_por_su_mesa_y_el_administrador_en_todas(base: Base) {
    let app = spawn_app(base).await;
    let nombre = app.base.nombre();
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let oficina = m.como("OFICINA");

    // The administrator starts at the MDS mesa, edits and sends to the MSA mesa.
    let e = admin.crear("/api/v1/expedientes", json!({"extracto": "Iniciado por el administrador", "iniciador": {"nombre": "X"}, "unidad_id": m.mesa_mds})).await;
    assert_eq!(e["unidad_actual_id"], m.mesa_mds, "[{nombre}]");
    let id = e["id"].as_i64().expect("id");
    let r = admin
        .patch(
            &format!("/api/v1/expedientes/{id}"),
            json!({"extracto": "Corregido por el administrador", "version": 1}),
        )
        .await;
    assert_eq!(r.estado, 200, "[{nombre}] the administrator edits");
    let p = admin
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "A la mesa de MSA"}),
        )
        .await;

    // Addressed to the mesa: the oficina's bandeja shows it, and the oficina receives it.
    let b = oficina.get("/api/v1/bandeja").await.esperar(200);
    assert!(
        b["pendientes"]
            .as_array()
            .expect("list")
            .iter()
            .any(|x| x["id"] == p["id"]),
        "[{nombre}] the oficina's bandeja lists what awaits its mesa: {b}"
    );
    let r = oficina
        .post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
        .await;
    assert_eq!(
        r.estado, 200,
        "[{nombre}] the oficina receives for its mesa"
    );
    let e = oficina
        .get(&format!("/api/v1/expedientes/{id}"))
        .await
        .esperar(200);
    assert_eq!(
        e["unidad_actual_id"], m.mesa_msa,
        "custody goes to the mesa addressed"
    );

    // Held by its mesa: the oficina edits, attaches and sends; it does not archive.
    let b = oficina.get("/api/v1/bandeja").await.esperar(200);
    assert!(
        b["en_unidad"]
            .as_array()
            .expect("list")
            .iter()
            .any(|x| x["id"] == id),
        "[{nombre}] the oficina's bandeja lists what its mesa holds"
    );
    let r = oficina
        .patch(
            &format!("/api/v1/expedientes/{id}"),
            json!({"extracto": "Corregido por la oficina", "version": e["version"]}),
        )
        .await;
    assert_eq!(r.estado, 200, "[{nombre}] the oficina edits");
    let parte = reqwest::multipart::Part::bytes(b"texto".to_vec()).file_name("nota.txt");
    let r = oficina
        .enviar(
            oficina
                .http
                .post(oficina.en(&format!("/api/v1/expedientes/{id}/archivos")))
                .multipart(reqwest::multipart::Form::new().part("archivo", parte)),
        )
        .await;
    assert_eq!(r.estado, 201, "[{nombre}] the oficina attaches");
    let r = oficina
        .post(
            &format!("/api/v1/expedientes/{id}/archivar"),
            json!({"motivo": "Fin"}),
        )
        .await;
    assert_eq!(r.estado, 403, "[{nombre}] archiving stays with the mesa");
    let p = oficina
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Vuelve a MDS"}),
        )
        .await;
    let r = oficina
        .post_vacio(&format!("/api/v1/pases/{}/anular", p["id"]))
        .await;
    assert_eq!(
        r.estado, 200,
        "[{nombre}] the oficina withdraws its mesa's pase"
    );
    let p = oficina
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Vuelve a MDS"}),
        )
        .await;
    let r = admin
        .post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
        .await;
    assert_eq!(r.estado, 200, "[{nombre}] the administrator receives");

    // The oficina rejects what is addressed to its mesa; another mesa's pase it cannot.
    let p = admin
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_msa, "motivo": "Otra vez a MSA"}),
        )
        .await;
    let r = oficina
        .post(
            &format!("/api/v1/pases/{}/rechazar", p["id"]),
            json!({"motivo": "No corresponde"}),
        )
        .await;
    assert_eq!(r.estado, 200, "[{nombre}] the oficina rejects for its mesa");
    let p = admin
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "A la oficina"}),
        )
        .await;
    let r = m
        .como("MESA_DE_ENTRADA")
        .post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
        .await;
    assert_eq!(
        r.estado, 403,
        "[{nombre}] the mesa does not receive for its oficinas"
    );

    // Every event the administrator wrote marks the intervention; the others do not.
    let h = admin
        .get(&format!("/api/v1/expedientes/{id}/historial"))
        .await
        .esperar(200);
    let eventos = h["items"].as_array().expect("list");
    assert!(eventos.iter().any(|ev| ev["actor_id"] == m.id("OFICINA")));
    for ev in eventos {
        let del_admin = ev["actor_id"] == m.id("ADMINISTRADOR");
        assert_eq!(
            ev["datos"]["intervencion_administrativa"] == true,
            del_admin,
            "[{nombre}] {}",
            ev["tipo"]
        );
    }
}

const MENU: [&str; 5] = [
    "bandeja",
    "expedientes",
    "iniciar",
    "comunicaciones",
    "administrar",
];

const ACCIONES: [&str; 8] = [
    "editar",
    "enviar",
    "anular",
    "recibir",
    "rechazar",
    "archivar",
    "documentos",
    "anotar",
];

/// The page data carries the actions `authz` decides, per perfil: the expediente page (one
/// held by the MSA mesa, one in transit from it to the MSA oficina) and the menu. The server
/// functions behind the pages act as the API does.
async fn las_acciones_de_cada_pantalla_las_decide_el_servidor(base: Base) {
    let app = spawn_app(base).await;
    let nombre = app.base.nombre();
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    let nuevo = || async {
        mesa.crear(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente para las pantallas", "iniciador": {"nombre": "X"}}),
        )
        .await["id"]
            .as_i64()
            .expect("id")
    };
    let quieto = nuevo().await;
    let viajando = nuevo().await;
    let pase = mesa
        .crear(
            &format!("/api/v1/expedientes/{viajando}/pases"),
            json!({"destino_unidad_id": m.oficina_msa, "motivo": "A la oficina"}),
        )
        .await;

    // (perfil, actions on `quieto`, actions on `viajando` — in ACCIONES' order —, menu
    // entries in MENU's order)
    let tabla = [
        ("ADMINISTRADOR", "11000111", "00111001", "01111"),
        ("MESA_DE_ENTRADA", "11000111", "00100001", "11110"),
        ("OFICINA", "11000011", "00111001", "11110"),
        ("CARGA", "00000011", "00000001", "11010"),
        ("CONSULTA", "00000000", "00000000", "11010"),
        ("AUTORIDAD", "00000000", "00000000", "01000"),
    ];
    for (perfil, en_tramite, en_transito, menu) in tabla {
        let c = m.como(perfil);
        for (id, esperado) in [(quieto, en_tramite), (viajando, en_transito)] {
            let r = c.sfn("expediente", &[("id", &id.to_string())]).await;
            assert_eq!(r.estado, 200, "[{nombre}] {perfil} expediente page");
            let visto: String = ACCIONES
                .iter()
                .map(|a| {
                    if r.json["acciones"][a] == true {
                        '1'
                    } else {
                        '0'
                    }
                })
                .collect();
            assert_eq!(visto, esperado, "[{nombre}] {perfil} on {id}: {ACCIONES:?}");
        }
        let v = c.sfn("sesion", &[]).await.esperar(200);
        let visto: String = MENU
            .iter()
            .map(|a| if v["menu"][a] == true { '1' } else { '0' })
            .collect();
        assert_eq!(visto, menu, "[{nombre}] {perfil} menu: {MENU:?}");
    }

    // The oficina through the server functions: it edits and receives, it does not archive.
    let oficina = m.como("OFICINA");
    let quieto = quieto.to_string();
    let r = oficina
        .sfn(
            "expediente_editar",
            &[
                ("id", &quieto),
                ("version", "1"),
                ("extracto", "Corregido desde la pantalla"),
                ("iniciador_nombre", "X"),
            ],
        )
        .await;
    assert_eq!(r.estado, 200, "[{nombre}] the oficina edits from the page");
    let r = oficina
        .sfn(
            "expediente_archivar",
            &[("id", &quieto), ("archivar", "true"), ("motivo", "Fin")],
        )
        .await;
    assert_eq!(
        r.estado, 403,
        "[{nombre}] no archiving from the oficina's page either"
    );
    let v = oficina
        .sfn("pases_recibir", &[("pases[]", &pase["id"].to_string())])
        .await
        .esperar(200);
    assert_eq!(
        v["hechos"].as_array().map(Vec::len),
        Some(1),
        "[{nombre}] {v}"
    );

    // The administrator chooses the mesa on the iniciar page; the others have theirs.
    let admin = m.como("ADMINISTRADOR");
    let mesas = admin.sfn("mesas_para_iniciar", &[]).await.json;
    let ids: Vec<i64> = mesas
        .as_array()
        .expect("list")
        .iter()
        .map(|x| x[0].as_i64().expect("id"))
        .collect();
    assert_eq!(ids.len(), 2, "[{nombre}] every active mesa: {mesas}");
    assert!(ids.contains(&m.mesa_msa) && ids.contains(&m.mesa_mds));
    let mesas = oficina.sfn("mesas_para_iniciar", &[]).await.json;
    assert_eq!(mesas[0][0], m.mesa_msa, "the oficina starts at its mesa");
    assert_eq!(mesas.as_array().map(Vec::len), Some(1));
    let mesas = m.como("CARGA").sfn("mesas_para_iniciar", &[]).await.json;
    assert_eq!(mesas, json!([]));
    let sin_mesa = [
        ("extracto", "Iniciado desde la pantalla"),
        ("iniciador_nombre", "X"),
    ];
    let mds = m.mesa_mds.to_string();
    let con_mesa = [sin_mesa[0], sin_mesa[1], ("unidad_id", mds.as_str())];
    let r = admin.sfn("expediente_iniciar", &sin_mesa).await;
    assert_eq!(
        r.estado, 422,
        "[{nombre}] an administrator must choose the mesa"
    );
    let r = admin.sfn("expediente_iniciar", &con_mesa).await;
    assert_eq!(r.estado, 200, "[{nombre}] {}", r.json);
    assert_eq!(r.json["unidad_actual_id"], m.mesa_mds);
    let r = oficina.sfn("expediente_iniciar", &sin_mesa).await;
    assert_eq!(r.estado, 200, "[{nombre}] {}", r.json);
    assert_eq!(
        r.json["unidad_actual_id"], m.mesa_msa,
        "the oficina starts at its mesa"
    );
}

/// API.md's order everywhere: 404 before 403 before the body is read (tipos de trámite as
/// organismos), and a perfil that may not act gets 403 for any body, the expediente doors too.
async fn lo_que_no_se_permite_se_niega_antes_de_leer_el_cuerpo(base: Base) {
    let app = spawn_app(base).await;
    let nombre = app.base.nombre();
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let consulta = m.como("CONSULTA");
    let tipo = admin
        .crear("/api/v1/tipos-tramite", json!({"nombre": "Subsidio"}))
        .await["id"]
        .clone();
    for (c, metodo, camino, esperado) in [
        (
            consulta,
            Method::PATCH,
            "/api/v1/tipos-tramite/999999".to_owned(),
            404,
        ),
        (
            consulta,
            Method::PATCH,
            format!("/api/v1/tipos-tramite/{tipo}"),
            403,
        ),
        (
            admin,
            Method::PATCH,
            format!("/api/v1/tipos-tramite/{tipo}"),
            400,
        ),
        (
            admin,
            Method::PATCH,
            "/api/v1/tipos-tramite/999999".to_owned(),
            404,
        ),
        (
            consulta,
            Method::POST,
            "/api/v1/tipos-tramite".to_owned(),
            403,
        ),
    ] {
        let r = sin_json(c, metodo, &camino).await;
        assert_eq!(r.estado, esperado, "[{nombre}] {camino}");
    }
    let mesa = m.como("MESA_DE_ENTRADA");
    let id = mesa
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente para el orden", "iniciador": {"nombre": "X"}}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    let p = mesa
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "A MDS"}),
        )
        .await;
    let otro = mesa
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Otro expediente para el orden", "iniciador": {"nombre": "X"}}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    for (perfil, metodo, camino, esperado) in [
        ("CARGA", Method::POST, "/api/v1/expedientes".to_owned(), 403),
        (
            "CONSULTA",
            Method::PATCH,
            format!("/api/v1/expedientes/{otro}"),
            403,
        ),
        (
            "CONSULTA",
            Method::POST,
            format!("/api/v1/expedientes/{otro}/pases"),
            403,
        ),
        (
            "OFICINA",
            Method::POST,
            format!("/api/v1/expedientes/{otro}/archivar"),
            403,
        ),
        (
            "MESA_DE_ENTRADA",
            Method::POST,
            format!("/api/v1/pases/{}/rechazar", p["id"]),
            403,
        ),
        (
            "CONSULTA",
            Method::PATCH,
            "/api/v1/expedientes/999999".to_owned(),
            404,
        ),
        (
            "CONSULTA",
            Method::POST,
            "/api/v1/pases/999999/rechazar".to_owned(),
            404,
        ),
        (
            "MESA_DE_ENTRADA",
            Method::PATCH,
            format!("/api/v1/expedientes/{otro}"),
            400,
        ),
    ] {
        let r = sin_json(m.como(perfil), metodo, &camino).await;
        assert_eq!(r.estado, esperado, "[{nombre}] {perfil} {camino}");
    }
}

/// A temporary password opens three API doors (`GET /me`, `POST /auth/password`,
/// `POST /auth/logout`), the session and password-change server functions and their pages;
/// every other door refuses it — API, server function, and page (sent to change it).
async fn con_clave_temporal_solo_abren_sus_tres_puertas(base: Base) {
    let app = spawn_app_con(
        base,
        Opciones {
            admin_temporal: true,
            ..Default::default()
        },
    )
    .await;
    let nombre = app.base.nombre();
    let c = app.cliente();
    c.login(ADMIN_EMAIL, &app.admin_password).await.esperar(200);
    for camino in [
        "/api/v1/expedientes",
        "/api/v1/organismos",
        "/api/v1/tokens",
    ] {
        let r = c.get(camino).await;
        assert_eq!(r.estado, 403, "[{nombre}] {camino}");
        assert_eq!(r.codigo(), "password_change_required");
    }
    c.get("/api/v1/me").await.esperar(200);
    let r = c.sfn("sesion", &[]).await;
    assert_eq!(
        r.estado, 200,
        "[{nombre}] the session server function answers"
    );
    assert_eq!(
        r.json["menu"],
        json!({"bandeja": false, "expedientes": false, "iniciar": false, "comunicaciones": false, "administrar": false})
    );
    let r = c.sfn("expedientes_buscar", &[]).await;
    assert_eq!(r.estado, 403, "[{nombre}] other server functions refuse it");
    for pagina in [
        "/",
        "/expedientes",
        "/expedientes/nuevo",
        "/admin/usuarios",
        "/tokens",
    ] {
        let r = c.get(pagina).await;
        assert_eq!(
            r.headers
                .get("location")
                .map(|l| l.to_str().expect("ascii")),
            Some("/cambiar-clave"),
            "[{nombre}] {pagina}"
        );
    }
    for pagina in ["/cambiar-clave", "/salir"] {
        let r = c.get(pagina).await;
        assert_eq!(r.estado, 200, "[{nombre}] {pagina}");
    }
    let r = c.post_vacio("/api/v1/auth/logout").await;
    assert_eq!(r.estado, 204, "[{nombre}] logging out stays open");
}

en_cada_base!(
    administrar_solo_lo_puede_el_administrador,
    todos_los_perfiles_leen_la_organizacion,
    el_orden_de_las_respuestas_es_401_404_403_400,
    las_acciones_sobre_expedientes_siguen_la_tabla_de_perfiles,
    la_oficina_actua_por_su_mesa_y_el_administrador_en_todas,
    las_acciones_de_cada_pantalla_las_decide_el_servidor,
    lo_que_no_se_permite_se_niega_antes_de_leer_el_cuerpo,
    con_clave_temporal_solo_abren_sus_tres_puertas,
);
