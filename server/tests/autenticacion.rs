//! Login, sessions, password change and the session gate, through the real router on SQLite
//! and PostgreSQL (issue #2 acceptance).

mod comun;

use chrono::{Duration, Utc};
use comun::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

async fn health_responde_sin_sesion(base: Base) {
    let app = spawn_app(base).await;
    let v = app.cliente().get("/api/v1/health").await.esperar(200);
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], "ok");
    assert_eq!(v["storage"], "ok");
}

async fn password_incorrecta_da_401(base: Base) {
    let app = spawn_app(base).await;
    let r = app.cliente().login(ADMIN_EMAIL, "no es esta clave").await;
    assert!(r.cookies().is_empty());
    let v = r.esperar(401);
    assert_eq!(v["error"]["code"], "invalid_credentials");

    // An unknown e-mail answers the same.
    app.cliente()
        .login("nadie@ejemplo.gob.ar", "lo que sea 123")
        .await
        .esperar(401);
}

async fn login_correcto_da_cookie_httponly_samesite_y_me(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    // The e-mail is normalised.
    let r = c
        .login("  ADMIN@prueba.santacruz.gob.ar ", ADMIN_PASSWORD)
        .await;
    let cookies = r.cookies();
    let yo = r.esperar(200);
    assert_eq!(cookies.len(), 1);
    let cookie = &cookies[0];
    assert!(cookie.starts_with("sigexp_sesion="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "http public URL: no Secure");
    assert_eq!(yo["email"], ADMIN_EMAIL);
    assert_eq!(yo["perfil"], "ADMINISTRADOR");

    let r = c.get("/api/v1/me").await;
    assert_eq!(r.header("cache-control"), "no-store");
    let yo = r.esperar(200);
    for campo in [
        "id",
        "email",
        "nombre",
        "apellido",
        "perfil",
        "unidad_id",
        "organismo_id",
        "acceso",
        "activo",
    ] {
        assert!(yo.get(campo).is_some(), "me lacks {campo}");
    }
    assert_eq!(yo["debe_cambiar_password"], false);
}

async fn con_url_https_la_cookie_es_secure_con_prefijo_host_y_hay_hsts(base: Base) {
    let app = spawn_app_con(
        base,
        Opciones {
            https: true,
            ..Default::default()
        },
    )
    .await;
    let r = app.cliente().login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.estado, 200, "{}", r.texto());
    assert!(r.headers.contains_key("strict-transport-security"));
    let cookie = r.cookies().remove(0);
    assert!(cookie.starts_with("__Host-sigexp_sesion="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
}

async fn treinta_fallos_rapidos_dan_429_con_retry_after(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let mut estados = Vec::new();
    for _ in 0..30 {
        let r = c.login(ADMIN_EMAIL, "adivinando la clave").await;
        if r.estado == 429 {
            let espera: u64 = r.header("retry-after").parse().expect("seconds");
            assert!((1..=900).contains(&espera), "Retry-After {espera}");
        }
        estados.push(r.estado.as_u16());
    }
    assert!(estados[..10].iter().all(|s| *s == 401), "{estados:?}");
    assert!(estados[10..].iter().all(|s| *s == 429), "{estados:?}");

    // The right password is refused too while the e-mail is blocked: guessing learns nothing.
    let v = c.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.esperar(429);
    assert_eq!(v["error"]["code"], "too_many_attempts");
}

async fn el_bloqueo_por_correo_no_afecta_a_otras_cuentas_de_la_misma_direccion(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    for _ in 0..12 {
        c.login("otra.persona@ejemplo.gob.ar", "adivinando la clave")
            .await;
    }
    c.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.esperar(200);
}

async fn sin_sesion_la_api_da_401_y_las_paginas_redirigen_al_login(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let v = c.get("/api/v1/me").await.esperar(401);
    assert_eq!(v["error"]["code"], "not_authenticated");

    c.get("/api/v1/openapi.json").await.esperar(401);

    let r = c.get("/").await;
    assert_eq!(r.header("location"), "/login?next=%2F");
    r.esperar(303);

    let r = c.get("/cambiar-clave?x=1").await;
    assert_eq!(r.header("location"), "/login?next=%2Fcambiar-clave%3Fx%3D1");

    let r = c.get("/login").await;
    let html = r.texto();
    r.esperar(200);
    assert!(html.contains(r#"type="email""#) && html.contains(r#"autocomplete="username""#));
    assert!(
        html.contains(r#"type="password""#) && html.contains(r#"autocomplete="current-password""#)
    );
}

async fn password_temporal_obliga_a_cambiarla_antes_de_todo(base: Base) {
    let app = spawn_app_con(
        base,
        Opciones {
            admin_temporal: true,
            ..Default::default()
        },
    )
    .await;
    let c = app.cliente();
    let yo = c.login(ADMIN_EMAIL, &app.admin_password).await.esperar(200);
    assert_eq!(yo["debe_cambiar_password"], true);

    let v = c.get("/api/v1/openapi.json").await.esperar(403);
    assert_eq!(v["error"]["code"], "password_change_required");
    // GET /me stays allowed.
    c.get("/api/v1/me").await.esperar(200);
    assert_eq!(c.get("/").await.header("location"), "/cambiar-clave");
    c.get("/cambiar-clave").await.esperar(200);

    let yo = c
        .post(
            "/api/v1/auth/password",
            json!({"actual": app.admin_password, "nueva": "una clave nueva y larga"}),
        )
        .await
        .esperar(200);
    assert_eq!(yo["debe_cambiar_password"], false);

    let doc = c.get("/api/v1/openapi.json").await.esperar(200);
    assert!(doc["paths"]["/api/v1/auth/login"].is_object());

    c.get("/").await.esperar(200);
}

async fn password_temporal_vencida_no_permite_ingresar(base: Base) {
    use app::infra::entities::usuario;
    let app = spawn_app_con(
        base,
        Opciones {
            admin_temporal: true,
            ..Default::default()
        },
    )
    .await;
    usuario::Entity::update_many()
        .col_expr(
            usuario::Column::PasswordVenceEn,
            Expr::value(Utc::now() - Duration::hours(1)),
        )
        .filter(usuario::Column::Email.eq(ADMIN_EMAIL))
        .exec(&app.state.db)
        .await
        .expect("update");
    let v = app
        .cliente()
        .login(ADMIN_EMAIL, &app.admin_password)
        .await
        .esperar(401);
    assert_eq!(v["error"]["code"], "temporary_password_expired");
}

async fn cambio_de_password_aplica_la_politica(base: Base) {
    let app = spawn_app(base).await;
    let c = app.admin().await;
    let cambiar = |actual: &str, nueva: &str| {
        c.post(
            "/api/v1/auth/password",
            json!({"actual": actual, "nueva": nueva}),
        )
    };
    for (nueva, motivo) in [
        ("corta", "too short"),
        (ADMIN_EMAIL, "the e-mail"),
        ("password1234", "common"),
    ] {
        let r = cambiar(ADMIN_PASSWORD, nueva).await;
        assert_eq!(r.estado, 422, "{motivo}: {}", r.texto());
        let v = r.json;
        assert!(v["error"]["fields"]["nueva"].is_string(), "{motivo}: {v}");
    }
    cambiar("no es la actual", "una clave nueva y larga")
        .await
        .esperar(422);
    cambiar(ADMIN_PASSWORD, "una clave nueva y larga")
        .await
        .esperar(200);
    app.cliente()
        .login(ADMIN_EMAIL, "una clave nueva y larga")
        .await
        .esperar(200);
}

async fn cambio_de_password_cierra_las_otras_sesiones(base: Base) {
    let app = spawn_app(base).await;
    let a = app.admin().await;
    let b = app.admin().await;
    a.post(
        "/api/v1/auth/password",
        json!({"actual": ADMIN_PASSWORD, "nueva": "una clave nueva y larga"}),
    )
    .await
    .esperar(200);
    a.get("/api/v1/me").await.esperar(200);
    b.get("/api/v1/me").await.esperar(401);
}

async fn logout_termina_la_sesion_y_todas_termina_todas(base: Base) {
    let app = spawn_app(base).await;
    let a = app.admin().await;
    let b = app.admin().await;
    a.post_vacio("/api/v1/auth/logout").await.esperar(204);
    a.get("/api/v1/me").await.esperar(401);
    b.get("/api/v1/me").await.esperar(200);

    let c = app.admin().await;
    c.post("/api/v1/auth/logout", json!({"todas": true}))
        .await
        .esperar(204);
    b.get("/api/v1/me").await.esperar(401);
}

async fn el_login_rota_el_id_de_sesion(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let primera = c
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .cookies()
        .remove(0);
    let segunda = c
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .cookies()
        .remove(0);
    assert_ne!(primera.split(';').next(), segunda.split(';').next());
    // The first session was ended by the second login.
    let vieja = primera.split(';').next().expect("name=value").to_owned();
    let otro = app.cliente();
    otro.enviar(otro.http.get(otro.en("/api/v1/me")).header("cookie", vieja))
        .await
        .esperar(401);
}

async fn sesion_inactiva_o_vencida_deja_de_valer(base: Base) {
    use app::infra::entities::sesion;
    let app = spawn_app(base).await;
    let c = app.admin().await;
    sesion::Entity::update_many()
        .col_expr(
            sesion::Column::UltimoUso,
            Expr::value(Utc::now() - Duration::hours(3)),
        )
        .exec(&app.state.db)
        .await
        .expect("update");
    // Idle.
    c.get("/api/v1/me").await.esperar(401);

    let c = app.admin().await;
    sesion::Entity::update_many()
        .col_expr(
            sesion::Column::VenceEn,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .exec(&app.state.db)
        .await
        .expect("update");
    // Past the absolute limit.
    c.get("/api/v1/me").await.esperar(401);
}

async fn un_usuario_desactivado_pierde_la_sesion_en_el_siguiente_pedido(base: Base) {
    use app::infra::entities::usuario;
    let app = spawn_app(base).await;
    let c = app.admin().await;
    usuario::Entity::update_many()
        .col_expr(usuario::Column::Activo, Expr::value(false))
        .exec(&app.state.db)
        .await
        .expect("update");
    c.get("/api/v1/me").await.esperar(401);
    app.cliente()
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .esperar(401);
}

async fn login_malformado_da_400_y_campos_faltantes_422(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let crudo = |cuerpo: &'static str| {
        c.enviar(
            c.http
                .post(c.en("/api/v1/auth/login"))
                .header("content-type", "application/json")
                .body(cuerpo),
        )
    };
    for malo in [
        "esto no es json",
        "{\"email\": 5, \"password\": []}",
        "[1,2]",
        "",
    ] {
        let r = crudo(malo).await;
        assert_eq!(r.estado, 400, "{malo:?}: {}", r.texto());
        assert_eq!(r.codigo(), "bad_request");
    }
    // Not a JSON content type.
    c.enviar(c.http.post(c.en("/api/v1/auth/login")).body("email=a"))
        .await
        .esperar(400);

    let v = crudo("{}").await.esperar(422);
    assert!(v["error"]["fields"]["email"].is_string());
    assert!(v["error"]["fields"]["password"].is_string());

    crudo("{\"email\": \"no-es-correo\", \"password\": \"x\"}")
        .await
        .esperar(422);
}

async fn un_cuerpo_demasiado_grande_da_413_con_los_encabezados_de_seguridad(base: Base) {
    let app = spawn_app_con(
        base,
        Opciones {
            https: true,
            ..Default::default()
        },
    )
    .await;
    let grande = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(200_000)
    );
    let c = app.cliente();
    // The declared length is refused before the body is read: that answer too carries the
    // headers every answer carries.
    let r = c
        .enviar(
            c.http
                .post(c.en("/api/v1/auth/login"))
                .header("content-type", "application/json")
                .body(grande),
        )
        .await;
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    assert!(
        r.header("content-security-policy")
            .contains("frame-ancestors 'none'")
    );
    assert!(
        r.header("strict-transport-security")
            .contains("max-age=31536000")
    );
    assert_eq!(r.esperar(413)["error"]["code"], "body_too_large");
}

async fn api_desconocida_da_404_json(base: Base) {
    let app = spawn_app(base).await;
    let c = app.admin().await;
    let v = c.get("/api/v1/no-existe").await.esperar(404);
    assert_eq!(v["error"]["code"], "not_found");
}

async fn cien_fallos_desde_una_direccion_bloquean_los_fallos_pero_no_el_ingreso(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    for i in 0..100 {
        let r = c
            .login(&format!("persona{i}@ejemplo.gob.ar"), "adivinando la clave")
            .await;
        assert_eq!(r.estado, 401, "failure {}: {}", i + 1, r.texto());
    }
    // The 101st failure.
    c.login("otra@ejemplo.gob.ar", "adivinando la clave")
        .await
        .esperar(429);
    // An office behind one address keeps working: a right password still logs in.
    c.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.esperar(200);
}

async fn cuarenta_intentos_simultaneos_para_un_correo_dan_a_lo_sumo_diez_veredictos(base: Base) {
    let app = spawn_app(base).await;
    let intentos = (0..40).map(|i| {
        let c = app.cliente();
        async move {
            c.login(ADMIN_EMAIL, &format!("adivinando {i}"))
                .await
                .estado
                .as_u16()
        }
    });
    let estados = futures_util::future::join_all(intentos).await;
    let rechazos = estados.iter().filter(|s| **s == 401).count();
    assert!(rechazos <= 10, "{rechazos} verdicts: {estados:?}");
    assert!(
        estados.iter().all(|s| *s == 401 || *s == 429),
        "{estados:?}"
    );
}

async fn una_direccion_bloqueada_no_hace_calcular_un_hash_por_intento(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    for i in 0..100 {
        let r = c
            .login(&format!("persona{i}@ejemplo.gob.ar"), "adivinando la clave")
            .await;
        assert_eq!(r.estado, 401, "failure {}: {}", i + 1, r.texto());
    }
    // Jam the server's hasher: an attempt that still reached it would queue behind this
    // work (and answer 503 after the hasher's maximum wait).
    let atasco: Vec<_> = (0..2000)
        .map(|_| {
            let h = app.state.hasher.clone();
            tokio::spawn(async move { h.hash("una clave cualquiera larga").await })
        })
        .collect();
    let inicio = std::time::Instant::now();
    let r = c.login("otra@ejemplo.gob.ar", "adivinando la clave").await;
    let demora = inicio.elapsed();
    // The 101st failure.
    r.esperar(429);
    assert!(
        demora < std::time::Duration::from_secs(3),
        "refused without hashing: took {demora:?}"
    );
    atasco.iter().for_each(tokio::task::JoinHandle::abort);
}

async fn la_clave_actual_del_cambio_de_clave_cuenta_como_un_intento(base: Base) {
    let app = spawn_app(base).await;
    let c = app.admin().await;
    let cambiar = |actual: &'static str| {
        c.post(
            "/api/v1/auth/password",
            json!({"actual": actual, "nueva": "una clave nueva y larga"}),
        )
    };
    for i in 0..10 {
        let r = cambiar("no es la actual").await;
        assert_eq!(r.estado, 422, "failure {}: {}", i + 1, r.texto());
        assert_eq!(r.codigo(), "wrong_current_password");
    }
    let r = cambiar("no es la actual").await;
    assert!(r.headers.contains_key("retry-after"));
    let v = r.esperar(429);
    assert_eq!(v["error"]["code"], "too_many_attempts");
    // Like a login: while blocked, the right password is refused too.
    cambiar(ADMIN_PASSWORD).await.esperar(429);
    // The same count as logins.
    app.cliente()
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .esperar(429);
}

en_cada_base!(
    password_temporal_vencida_no_permite_ingresar,
    sesion_inactiva_o_vencida_deja_de_valer,
    un_usuario_desactivado_pierde_la_sesion_en_el_siguiente_pedido,
    health_responde_sin_sesion,
    password_incorrecta_da_401,
    login_correcto_da_cookie_httponly_samesite_y_me,
    con_url_https_la_cookie_es_secure_con_prefijo_host_y_hay_hsts,
    treinta_fallos_rapidos_dan_429_con_retry_after,
    el_bloqueo_por_correo_no_afecta_a_otras_cuentas_de_la_misma_direccion,
    sin_sesion_la_api_da_401_y_las_paginas_redirigen_al_login,
    password_temporal_obliga_a_cambiarla_antes_de_todo,
    cambio_de_password_aplica_la_politica,
    cambio_de_password_cierra_las_otras_sesiones,
    logout_termina_la_sesion_y_todas_termina_todas,
    el_login_rota_el_id_de_sesion,
    login_malformado_da_400_y_campos_faltantes_422,
    un_cuerpo_demasiado_grande_da_413_con_los_encabezados_de_seguridad,
    api_desconocida_da_404_json,
    cien_fallos_desde_una_direccion_bloquean_los_fallos_pero_no_el_ingreso,
    cuarenta_intentos_simultaneos_para_un_correo_dan_a_lo_sumo_diez_veredictos,
    una_direccion_bloqueada_no_hace_calcular_un_hash_por_intento,
    la_clave_actual_del_cambio_de_clave_cuenta_como_un_intento,
);
