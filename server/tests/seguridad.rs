//! Cross-site refusal, security headers and the no-JavaScript login path (issue #2).

mod comun;

use comun::*;
use serde_json::Value;

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
        .post(app.en("/sfn/ingresar"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_login(ADMIN_PASSWORD))
        .send()
        .await
        .expect("sent");
    assert_eq!(a_server_fn.status(), 403, "[{}]", app.base.nombre());
    assert!(
        set_cookies(a_server_fn.headers()).is_empty(),
        "no session was opened"
    );
    assert_eq!(codigo_de_error(a_server_fn).await, "cross_site");

    let a_api = c
        .post(app.en("/api/v1/auth/login"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("sent");
    assert_eq!(a_api.status(), 403);
    assert_eq!(codigo_de_error(a_api).await, "cross_site");

    let nulo = c
        .post(app.en("/api/v1/auth/login"))
        .header("origin", "null")
        .json(&serde_json::json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("sent");
    assert_eq!(nulo.status(), 403, "Origin: null is refused");

    let hermano = c
        .post(app.en("/api/v1/auth/login"))
        .header("sec-fetch-site", "same-site")
        .json(&serde_json::json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("sent");
    assert_eq!(hermano.status(), 403, "a sibling subdomain is another site");

    // The same requests from our own origin pass.
    let propio = c
        .post(app.en("/api/v1/auth/login"))
        .header("origin", app.origen_publico.as_str())
        .json(&serde_json::json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("sent");
    assert_eq!(propio.status(), 200);
    let mismo = c
        .post(app.en("/api/v1/auth/logout"))
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .expect("sent");
    assert_eq!(mismo.status(), 204);
}

async fn encabezados_de_seguridad_en_paginas_y_api(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let r = c.get(app.en("/login")).send().await.expect("sent");
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    let csp = h["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("'nonce-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h.contains_key("x-request-id"));
    assert!(
        !h.contains_key("strict-transport-security"),
        "no HSTS over http"
    );
    // Every inline script carries this response's nonce.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce")
        .to_owned();
    let html = r.text().await.expect("html");
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{html}"
    );
    assert!(!html.contains(" style=\""), "no inline style attributes");

    for camino in ["/api/v1/health", "/api/v1/me"] {
        let r = c.get(app.en(camino)).send().await.expect("sent");
        let h = r.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{camino}");
        let csp = h["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'"), "{camino}: {csp}");
        assert_eq!(h["cache-control"], "no-store", "{camino}");
    }
}

async fn login_sin_javascript_redirige_con_cookie_o_con_error(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let formulario = |password: &str| {
        c.post(app.en("/sfn/ingresar"))
            .header("accept", "text/html,application/xhtml+xml")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header("referer", format!("{}/login?next=%2F", app.url))
            .body(form_login(password))
            .send()
    };
    let r = formulario("no es la clave").await.expect("sent");
    assert_eq!(r.status(), 302, "[{}]", app.base.nombre());
    assert_eq!(
        r.headers()["location"],
        "/login?next=%2F&error=invalid_credentials"
    );
    assert!(set_cookies(r.headers()).is_empty());

    let r = formulario(ADMIN_PASSWORD).await.expect("sent");
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], "/");
    assert_eq!(set_cookies(r.headers()).len(), 1);
    let r = c.get(app.en("/")).send().await.expect("sent");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("Inicio"));
    assert!(
        html.contains("Administrador SIGEXP"),
        "the header shows the user"
    );
}

async fn server_fn_con_javascript_responde_el_estado_real_del_error(base: Base) {
    let app = spawn_app(base).await;
    let r = app
        .cliente()
        .post(app.en("/sfn/ingresar"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_login("no es la clave"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 401, "[{}]", app.base.nombre());
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["code"], "invalid_credentials");
    assert_eq!(v["message"], "Correo o contraseña incorrectos.");
}

async fn server_fn_de_cambio_de_clave_exige_sesion(base: Base) {
    let app = spawn_app(base).await;
    let r = app
        .cliente()
        .post(app.en("/sfn/cambiar_clave"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("actual=x&nueva=una+clave+nueva+y+larga&repetir=una+clave+nueva+y+larga")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 401, "[{}]", app.base.nombre());
}

/// Logs in through the no-JavaScript form with `next` (already percent-encoded) and answers
/// where the server sends the browser.
async fn destino_tras_ingresar(app: &TestApp, next: &str) -> String {
    let r = app
        .cliente()
        .post(app.en("/sfn/ingresar"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email={}&password={}&next={next}",
            ADMIN_EMAIL.replace('@', "%40"),
            ADMIN_PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap_or_else(|e| panic!("[{}] next={next}: no answer: {e}", app.base.nombre()));
    assert_eq!(r.status(), 302, "[{}] next={next}", app.base.nombre());
    r.headers()["location"].to_str().expect("ascii").to_owned()
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
    let r = app
        .cliente()
        .get(app.en("/login?next=/%0A"))
        .send()
        .await
        .expect("the login page answers");
    assert_eq!(r.status(), 200, "[{}]", app.base.nombre());
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
    let c = reqwest::Client::new();
    let r = c
        .get(app.en("/pkg/sigexp.js"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "br");
    let r = c
        .get(app.en("/login"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("sent");
    assert!(r.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn un_cuerpo_enorme_a_una_server_fn_da_413_y_no_500() {
    let app = spawn_app(Base::Sqlite).await;
    let cuerpo = format!("email=a%40b.c&password={}&next=%2F", "x".repeat(2_000_000));
    let r = app
        .cliente()
        .post(app.en("/sfn/ingresar"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(cuerpo)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 413);
    assert_eq!(codigo_de_error(r).await, "body_too_large");
}

#[tokio::test]
async fn una_pagina_cuyo_dato_falla_muestra_el_error_sin_redirigir() {
    let app = spawn_app(Base::Sqlite).await;
    let admin = app.admin().await;
    // The administrator has no unidad, so the bandeja's data answers 403: the page still
    // renders (with the message) instead of redirecting away.
    let r = admin
        .get(app.en("/bandeja"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(
        html.contains("Tu perfil no permite realizar esta acción."),
        "{html}"
    );
}

en_cada_base!(
    post_de_otro_sitio_a_server_fn_y_api_da_403,
    encabezados_de_seguridad_en_paginas_y_api,
    login_sin_javascript_redirige_con_cookie_o_con_error,
    server_fn_con_javascript_responde_el_estado_real_del_error,
    server_fn_de_cambio_de_clave_exige_sesion,
    un_redirect_de_login_solo_va_a_caminos_propios,
    un_next_que_no_cabe_en_un_encabezado_no_tira_el_servidor,
);
