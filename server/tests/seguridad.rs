//! Cross-site refusal, security headers and the no-JavaScript login path (issue #2).

mod comun;

use comun::*;
use serde_json::json;

fn form_login(password: &str) -> String {
    format!(
        "email={}&password={}&next=%2F",
        ADMIN_EMAIL.replace('@', "%40"),
        password.replace(' ', "+")
    )
}

async fn post_de_otro_sitio_a_server_fn_y_api_da_403(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let a_server_fn = c
        .enviar(
            c.http
                .post(c.en("/sfn/ingresar"))
                .header("origin", "https://evil.example")
                .header("sec-fetch-site", "cross-site")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_login(ADMIN_PASSWORD)),
        )
        .await;
    assert!(a_server_fn.cookies().is_empty(), "no session was opened");
    let v = a_server_fn.esperar(403);
    assert_eq!(v["error"]["code"], "cross_site");

    let login = json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD});
    let a_api = c
        .enviar(
            c.http
                .post(c.en("/api/v1/auth/login"))
                .header("origin", "https://evil.example")
                .json(&login),
        )
        .await
        .esperar(403);
    assert_eq!(a_api["error"]["code"], "cross_site");

    // Origin: null is refused.
    c.enviar(
        c.http
            .post(c.en("/api/v1/auth/login"))
            .header("origin", "null")
            .json(&login),
    )
    .await
    .esperar(403);

    // A sibling subdomain is another site.
    c.enviar(
        c.http
            .post(c.en("/api/v1/auth/login"))
            .header("sec-fetch-site", "same-site")
            .json(&login),
    )
    .await
    .esperar(403);

    // The same requests from our own origin pass.
    c.enviar(
        c.http
            .post(c.en("/api/v1/auth/login"))
            .header("origin", app.origen_publico.as_str())
            .json(&login),
    )
    .await
    .esperar(200);
    c.enviar(
        c.http
            .post(c.en("/api/v1/auth/logout"))
            .header("sec-fetch-site", "same-origin"),
    )
    .await
    .esperar(204);
}

async fn encabezados_de_seguridad_en_paginas_y_api(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let r = c.get("/login").await;
    assert_eq!(r.estado, 200);
    let csp = r.header("content-security-policy").to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("'nonce-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert_eq!(r.header("referrer-policy"), "same-origin");
    assert_eq!(r.header("x-frame-options"), "DENY");
    assert!(r.headers.contains_key("x-request-id"));
    assert!(
        !r.headers.contains_key("strict-transport-security"),
        "no HSTS over http"
    );
    // Every inline script carries this response's nonce.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce");
    let html = r.texto();
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{html}"
    );
    assert!(!html.contains(" style=\""), "no inline style attributes");

    for camino in ["/api/v1/health", "/api/v1/me"] {
        let r = c.get(camino).await;
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{camino}");
        let csp = r.header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{camino}: {csp}");
        assert_eq!(r.header("cache-control"), "no-store", "{camino}");
    }
}

async fn login_sin_javascript_redirige_con_cookie_o_con_error(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let formulario = |password: &str| {
        c.enviar(
            c.http
                .post(c.en("/sfn/ingresar"))
                .header("accept", "text/html,application/xhtml+xml")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .header("referer", c.en("/login?next=%2F"))
                .body(form_login(password)),
        )
    };
    // A refused form goes back to its page with the error in the address, for the page's
    // ServerAction to show (server_fn's form redirects).
    let r = formulario("no es la clave").await;
    let destino = r.header("location");
    let (pagina, error) = destino
        .split_once("&__path=%2Fsfn%2Fingresar&__err=")
        .unwrap_or_else(|| panic!("no error in {destino}"));
    assert!(pagina.ends_with("/login?next=%2F"), "{destino}");
    use base64::Engine;
    let error = base64::engine::general_purpose::URL_SAFE
        .decode(error.replace("%3D", "="))
        .expect("base64");
    assert!(
        String::from_utf8_lossy(&error).contains("invalid_credentials"),
        "{destino}"
    );
    assert!(r.cookies().is_empty());
    r.esperar(302);

    let r = formulario(ADMIN_PASSWORD).await;
    assert_eq!(r.header("location"), "/");
    assert_eq!(r.cookies().len(), 1);
    r.esperar(302);
    let r = c.get("/").await;
    let html = r.texto();
    r.esperar(200);
    assert!(html.contains("Inicio"));
    assert!(
        html.contains("Administrador SIGEXP"),
        "the header shows the user"
    );
}

async fn server_fn_con_javascript_responde_el_estado_real_del_error(base: Base) {
    let app = spawn_app(base).await;
    let v = app
        .cliente()
        .sfn(
            "ingresar",
            &[
                ("email", ADMIN_EMAIL),
                ("password", "no es la clave"),
                ("next", "/"),
            ],
        )
        .await
        .esperar(401);
    assert_eq!(v["code"], "invalid_credentials");
    assert_eq!(v["message"], "Correo o contraseña incorrectos.");
}

async fn server_fn_de_cambio_de_clave_exige_sesion(base: Base) {
    let app = spawn_app(base).await;
    app.cliente()
        .sfn(
            "cambiar_clave",
            &[
                ("actual", "x"),
                ("nueva", "una clave nueva y larga"),
                ("repetir", "una clave nueva y larga"),
            ],
        )
        .await
        .esperar(401);
}

/// Logs in through the no-JavaScript form with `next` (already percent-encoded) and answers
/// where the server sends the browser.
async fn destino_tras_ingresar(app: &TestApp, next: &str) -> String {
    let c = app.cliente();
    let r = c
        .enviar(
            c.http
                .post(c.en("/sfn/ingresar"))
                .header("accept", "text/html")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!(
                    "email={}&password={}&next={next}",
                    ADMIN_EMAIL.replace('@', "%40"),
                    ADMIN_PASSWORD.replace(' ', "+")
                )),
        )
        .await;
    assert_eq!(r.estado, 302, "next={next}: {}", r.texto());
    r.header("location").to_owned()
}

async fn un_redirect_de_login_solo_va_a_caminos_propios(base: Base) {
    let app = spawn_app(base).await;
    for malo in [
        "https%3A%2F%2Fevil.example%2F",
        "%2F%2Fevil.example",
        // Browsers drop a tab or a newline in a URL: `/\t/evil.example` is `//evil.example`.
        "%2F%09%2Fevil.example",
        "%2F%5Cevil.example",
        "%2F%255C%255Cevil.example",
    ] {
        assert_eq!(destino_tras_ingresar(&app, malo).await, "/", "next={malo}");
    }
    assert_eq!(
        destino_tras_ingresar(&app, "%2Fexpedientes%3Fq%3Dagua").await,
        "/expedientes?q=agua"
    );
}

async fn un_next_que_no_cabe_en_un_encabezado_no_tira_el_servidor(base: Base) {
    let app = spawn_app(base).await;
    // A newline cannot go into a `Location` header: the login goes home instead.
    assert_eq!(destino_tras_ingresar(&app, "%2F%0A").await, "/");
    assert_eq!(
        destino_tras_ingresar(&app, "%2F%0D%0AX-Otro%3A+1").await,
        "/"
    );
    // The login page answers.
    app.cliente().get("/login?next=/%0A").await.esperar(200);
}

#[tokio::test]
async fn los_archivos_del_sitio_viajan_comprimidos_y_las_paginas_no() {
    let app = spawn_app(Base::Sqlite).await;
    // A stand-in site: the test server serves this directory as `pkg/`.
    let sitio = app.state.leptos_options.site_root.to_string();
    std::fs::create_dir_all(format!("{sitio}/pkg")).expect("site dir");
    std::fs::write(
        format!("{sitio}/pkg/sigexp.js"),
        "console.log('x');\n".repeat(200),
    )
    .expect("write");
    let c = app.cliente();
    let r = c
        .enviar(
            c.http
                .get(c.en("/pkg/sigexp.js"))
                .header("accept-encoding", "br, gzip"),
        )
        .await;
    assert_eq!(r.header("content-encoding"), "br");
    r.esperar(200);
    let r = c
        .enviar(
            c.http
                .get(c.en("/login"))
                .header("accept-encoding", "br, gzip"),
        )
        .await;
    assert!(r.headers.get("content-encoding").is_none());
}

/// Step 6: a release build leaves `.br` and `.gz` copies beside each site file, and those
/// copies are what is sent (never compressed again), under a name that changes with the
/// content and so is cached for a year; a name without a hash must be asked for again.
#[tokio::test]
async fn el_wasm_sale_del_archivo_precomprimido_y_se_guarda_un_anio() {
    let app = spawn_app(Base::Sqlite).await;
    let pkg = format!("{}/pkg", app.state.leptos_options.site_root);
    std::fs::create_dir_all(&pkg).expect("site dir");
    let wasm = format!("{pkg}/sigexp.0123456789abcdef.wasm");
    std::fs::write(&wasm, vec![0u8; 50_000]).expect("write");
    // Not real brotli or gzip: the bytes prove which file went out, untouched.
    std::fs::write(format!("{wasm}.br"), b"copia brotli").expect("write");
    std::fs::write(format!("{wasm}.gz"), b"copia gzip").expect("write");
    std::fs::write(format!("{pkg}/sigexp.wasm"), vec![0u8; 50_000]).expect("write");
    let c = app.cliente();
    let pedir = async |camino: &str, codificacion: &str| {
        c.enviar(
            c.http
                .get(c.en(camino))
                .header("accept-encoding", codificacion),
        )
        .await
    };

    let r = pedir("/pkg/sigexp.0123456789abcdef.wasm", "gzip, deflate, br").await;
    assert_eq!(r.estado, 200);
    assert_eq!(r.header("content-encoding"), "br");
    assert_eq!(r.bytes, b"copia brotli");
    assert_eq!(r.header("content-type"), "application/wasm");
    assert_eq!(
        r.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.header("vary"), "accept-encoding");

    let r = pedir("/pkg/sigexp.0123456789abcdef.wasm", "gzip").await;
    assert_eq!(r.header("content-encoding"), "gzip");
    assert_eq!(r.bytes, b"copia gzip");

    let r = pedir("/pkg/sigexp.0123456789abcdef.wasm", "identity").await;
    assert!(r.headers.get("content-encoding").is_none());
    assert_eq!(r.bytes.len(), 50_000);

    let r = pedir("/pkg/sigexp.wasm", "br").await;
    assert_eq!(r.estado, 200);
    assert_eq!(r.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn un_cuerpo_enorme_a_una_server_fn_da_413_y_no_500() {
    let app = spawn_app(Base::Sqlite).await;
    let cuerpo = format!("email=a%40b.c&password={}&next=%2F", "x".repeat(2_000_000));
    let c = app.cliente();
    let v = c
        .enviar(
            c.http
                .post(c.en("/sfn/ingresar"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(cuerpo),
        )
        .await
        .esperar(413);
    assert_eq!(v["error"]["code"], "body_too_large");
}

#[tokio::test]
async fn una_pagina_cuyo_dato_falla_muestra_el_error_sin_redirigir() {
    let app = spawn_app(Base::Sqlite).await;
    let admin = app.admin().await;
    // The administrator has no unidad, so the bandeja's data answers 403: the page still
    // renders (with the message) instead of redirecting away.
    let r = admin
        .enviar(
            admin
                .http
                .get(admin.en("/bandeja"))
                .header("accept", "text/html"),
        )
        .await;
    let html = r.texto();
    r.esperar(200);
    assert!(
        html.contains("Tu perfil no permite realizar esta acción."),
        "{html}"
    );
}

fn cookie_de_aviso(r: &Respuesta) -> Option<String> {
    r.cookies()
        .into_iter()
        .find(|k| k.starts_with("sigexp_aviso="))
}

/// A form posted without JavaScript lands on a page of its own; what it did (here a new token,
/// a secret shown once) travels in a one-time HttpOnly cookie, never in the address, and the
/// page that shows it clears it.
#[tokio::test]
async fn un_token_creado_sin_javascript_llega_una_sola_vez_a_su_pagina() {
    let app = spawn_app(Base::Sqlite).await;
    let c = app.admin().await;
    let r = c
        .enviar(
            c.http
                .post(c.en("/sfn/token_crear"))
                .header("accept", "text/html,application/xhtml+xml")
                .header("sec-fetch-site", "same-origin")
                .header("referer", c.en("/tokens"))
                .form(&[("nombre", "script de prueba"), ("password", ADMIN_PASSWORD)]),
        )
        .await;
    assert_eq!(r.header("location"), "/tokens");
    let aviso = cookie_de_aviso(&r).expect("the notice cookie");
    for atributo in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=120"] {
        assert!(aviso.contains(atributo), "{aviso}");
    }
    r.esperar(302);

    let r = c.get("/tokens").await;
    let borrada = cookie_de_aviso(&r).expect("the page clears the notice");
    assert!(borrada.contains("Max-Age=0"), "{borrada}");
    let html = r.texto();
    r.esperar(200);
    assert!(html.contains("role=\"status\""), "{html}");
    assert!(html.contains("autofocus"), "the focus lands on the notice");
    assert!(html.contains("Token «script de prueba» creado"), "{html}");
    let secreto = html
        .split("<code class=\"clave\">")
        .nth(1)
        .and_then(|t| t.split('<').next())
        .expect("the secret, once")
        .to_owned();
    // It is the real token: it opens the API.
    let otro = app.cliente();
    let v = otro
        .enviar(otro.http.get(otro.en("/api/v1/me")).bearer_auth(&secreto))
        .await
        .esperar(200);
    assert_eq!(v["email"], ADMIN_EMAIL);
    // And the next page no longer has it.
    let r = c.get("/tokens").await;
    assert!(!r.texto().contains(&secreto));
}

/// Slow clients (issue #14): a connection that sends half a request line, and one left idle
/// after its answer, are closed once the header timeout passes (1 s here, 30 s by default),
/// while a prompt request on a fresh connection is answered.
#[tokio::test]
async fn una_conexion_lenta_o_quieta_se_cierra() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_con(
        Base::Sqlite,
        Opciones {
            flags: vec!["--header-timeout-seconds".into(), "1".into()],
            ..Default::default()
        },
    )
    .await;
    let direccion = app.url.trim_start_matches("http://").to_owned();
    // Reads until the server closes; what arrived, or None if it stays open past `limite`.
    async fn hasta_el_cierre(s: &mut tokio::net::TcpStream, limite: u64) -> Option<String> {
        let mut leido = Vec::new();
        let lectura = s.read_to_end(&mut leido);
        tokio::time::timeout(std::time::Duration::from_secs(limite), lectura)
            .await
            .ok()
            .map(|_| String::from_utf8_lossy(&leido).into_owned())
    }

    let mut a_medias = tokio::net::TcpStream::connect(&direccion)
        .await
        .expect("connect");
    a_medias.write_all(b"GET /api/v1/hea").await.expect("write");
    let inicio = std::time::Instant::now();
    let r = hasta_el_cierre(&mut a_medias, 5).await;
    assert!(r.is_some(), "half a request line kept the connection open");
    assert!(
        inicio.elapsed() >= std::time::Duration::from_millis(900),
        "closed before the timeout: {:?}",
        inicio.elapsed()
    );

    let mut quieta = tokio::net::TcpStream::connect(&direccion)
        .await
        .expect("connect");
    quieta
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: prueba\r\n\r\n")
        .await
        .expect("write");
    let r = hasta_el_cierre(&mut quieta, 5).await;
    let r = r.expect("an idle kept-alive connection was not closed");
    assert!(r.starts_with("HTTP/1.1 200"), "answered first: {r}");
}

/// What axum refuses before a door runs (an id beyond `i64`) answers API.md's JSON error, and
/// a page far beyond the data is an empty page, not an overflow (found by schemathesis).
async fn lo_que_no_se_puede_leer_da_400_en_json_y_una_pagina_enorme_da_vacio(base: Base) {
    let app = spawn_app(base).await;
    let admin = app.admin().await;
    let r = admin.get("/api/v1/expedientes/9223372036854775808").await;
    let v = r.esperar(400);
    assert_eq!(v["error"]["code"], "bad_request", "{v}");
    let v = admin.get("/api/v1/organismos?page=x").await.esperar(400);
    assert_eq!(v["error"]["code"], "bad_request", "{v}");
    for camino in [
        "/api/v1/organismos?page=9223372036854775808",
        "/api/v1/auditoria?page=18446744073709551615&per_page=18446744073709551615",
        "/api/v1/expedientes?page=9223372036854775807",
    ] {
        let v = admin.get(camino).await.esperar(200);
        assert_eq!(v["items"], serde_json::json!([]), "{camino}: {v}");
    }
}

/// A request that carries its own id (`{marca}-{paso}`), by which its log lines are found in
/// the capture every test of the binary shares.
async fn pedir(
    c: &Cliente,
    marca: &str,
    paso: &str,
    metodo: reqwest::Method,
    camino: &str,
    cuerpo: serde_json::Value,
) -> Respuesta {
    c.enviar(
        c.http
            .request(metodo, c.en(camino))
            .header("x-request-id", format!("{marca}-{paso}"))
            .json(&cuerpo),
    )
    .await
}

async fn ingresos_salidas_y_rechazos_quedan_en_el_registro_de_seguridad(base: Base) {
    registro_de_seguridad();
    let app = spawn_app(base.clone()).await;
    let m = mundo(&app).await;
    let consulta = m.id("CONSULTA");
    let marca = format!("registro-{}-{}", base.nombre(), std::process::id());
    let lineas = |paso: &str| -> Vec<String> {
        registro_de_seguridad()
            .lines()
            .filter(|l| {
                l.contains(&format!("id={marca}-{paso} ")) && l.contains("sigexp::seguridad")
            })
            .map(str::to_owned)
            .collect()
    };
    let una = |paso: &str, esperado: &[&str]| {
        let l = lineas(paso);
        assert_eq!(l.len(), 1, "{paso}: {l:?}");
        for e in esperado {
            assert!(l[0].contains(e), "{paso}: {e} missing in {}", l[0]);
        }
        l.into_iter().next().unwrap_or_default()
    };

    let c = app.cliente();
    let login = |clave: &str| json!({"email": "consulta@prueba.gob.ar", "password": clave});
    pedir(
        &c,
        &marca,
        "fallido",
        reqwest::Method::POST,
        "/api/v1/auth/login",
        login("no es la clave"),
    )
    .await
    .esperar(401);
    let linea = una(
        "fallido",
        &[
            "WARN",
            "evento=\"ingreso_rechazado\"",
            "motivo=\"credenciales_invalidas\"",
            &format!("usuario_id={consulta}"),
        ],
    );
    assert!(
        !linea.contains("no es la clave") && !linea.contains("consulta@"),
        "{linea}"
    );
    let anonimo = json!({"email": "nadie@prueba.gob.ar", "password": "no es la clave"});
    pedir(
        &c,
        &marca,
        "nadie",
        reqwest::Method::POST,
        "/api/v1/auth/login",
        anonimo,
    )
    .await
    .esperar(401);
    assert!(!una("nadie", &["ingreso_rechazado"]).contains("usuario_id"));
    let ingreso = pedir(
        &c,
        &marca,
        "ingreso",
        reqwest::Method::POST,
        "/api/v1/auth/login",
        login(CLAVE_MUNDO),
    )
    .await;
    let cookie = ingreso.cookies().remove(0);
    let cookie = cookie.split(';').next().unwrap_or_default().to_owned();
    ingreso.esperar(200);
    una(
        "ingreso",
        &[
            "INFO",
            "evento=\"ingreso\"",
            &format!("usuario_id={consulta}"),
        ],
    );

    // A CONSULTA may not start an expediente (403), and one of another organismo is hidden (404).
    pedir(
        &c,
        &marca,
        "prohibido",
        reqwest::Method::POST,
        "/api/v1/expedientes",
        json!({"extracto": "Solicitud de licencia", "iniciador": {"nombre": "Ana Pérez"}}),
    )
    .await
    .esperar(403);
    una(
        "prohibido",
        &[
            "WARN",
            "pedido_rechazado",
            "estado=403",
            &format!("usuario_id={consulta}"),
            "camino=/api/v1/expedientes",
        ],
    );
    let ajeno = persona(
        &app,
        &m,
        "mesa.mds@prueba.gob.ar",
        "MESA_DE_ENTRADA",
        Some(m.mesa_mds),
    )
    .await;
    let oculto = iniciar_expediente(&ajeno).await["id"].as_i64().expect("id");
    pedir(
        &c,
        &marca,
        "oculto",
        reqwest::Method::GET,
        &format!("/api/v1/expedientes/{oculto}"),
        json!(null),
    )
    .await
    .esperar(404);
    una(
        "oculto",
        &[
            "pedido_rechazado",
            "estado=404",
            &format!("usuario_id={consulta}"),
        ],
    );
    // What a user may do leaves no line.
    pedir(
        &c,
        &marca,
        "permitido",
        reqwest::Method::GET,
        "/api/v1/me",
        json!(null),
    )
    .await
    .esperar(200);
    assert!(lineas("permitido").is_empty());

    pedir(
        &c,
        &marca,
        "salida",
        reqwest::Method::POST,
        "/api/v1/auth/logout",
        json!({}),
    )
    .await
    .esperar(204);
    una(
        "salida",
        &["evento=\"salida\"", &format!("usuario_id={consulta}")],
    );
    // The ended session's cookie, sent again: a credential that leads nowhere.
    let otro = app.cliente();
    otro.enviar(
        otro.http
            .get(otro.en("/api/v1/me"))
            .header("cookie", cookie)
            .header("x-request-id", format!("{marca}-terminada")),
    )
    .await
    .esperar(401);
    una(
        "terminada",
        &["credencial_rechazada", "credencial=\"sesion\""],
    );
}

en_cada_base!(
    ingresos_salidas_y_rechazos_quedan_en_el_registro_de_seguridad,
    post_de_otro_sitio_a_server_fn_y_api_da_403,
    encabezados_de_seguridad_en_paginas_y_api,
    login_sin_javascript_redirige_con_cookie_o_con_error,
    server_fn_con_javascript_responde_el_estado_real_del_error,
    server_fn_de_cambio_de_clave_exige_sesion,
    un_redirect_de_login_solo_va_a_caminos_propios,
    un_next_que_no_cabe_en_un_encabezado_no_tira_el_servidor,
    lo_que_no_se_puede_leer_da_400_en_json_y_una_pagina_enorme_da_vacio,
);
