//! Login, sessions, password change and the session gate, through the real router on SQLite
//! and PostgreSQL (issue #2 acceptance).

mod comun;

use chrono::{Duration, Utc};
use comun::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

async fn health_responde_sin_sesion(base: Base) {
    let app = spawn_app(base).await;
    let r = app
        .cliente()
        .get(app.en("/api/v1/health"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 200, "[{}]", app.base.nombre());
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], "ok");
    assert_eq!(v["storage"], "ok");
}

async fn password_incorrecta_da_401(base: Base) {
    let app = spawn_app(base).await;
    let r = app
        .login(&app.cliente(), ADMIN_EMAIL, "no es esta clave")
        .await;
    assert_eq!(r.status(), 401, "[{}]", app.base.nombre());
    assert!(set_cookies(r.headers()).is_empty());
    assert_eq!(codigo_de_error(r).await, "invalid_credentials");

    let r = app
        .login(&app.cliente(), "nadie@ejemplo.gob.ar", "lo que sea 123")
        .await;
    assert_eq!(r.status(), 401, "unknown e-mail answers the same");
}

async fn login_correcto_da_cookie_httponly_samesite_y_me(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let r = app
        .login(&c, "  ADMIN@prueba.santacruz.gob.ar ", ADMIN_PASSWORD)
        .await;
    assert_eq!(
        r.status(),
        200,
        "[{}] e-mail is normalised",
        app.base.nombre()
    );
    let cookies = set_cookies(r.headers());
    assert_eq!(cookies.len(), 1);
    let cookie = &cookies[0];
    assert!(cookie.starts_with("sigexp_sesion="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "http public URL: no Secure");
    let yo: Value = r.json().await.expect("json");
    assert_eq!(yo["email"], ADMIN_EMAIL);
    assert_eq!(yo["perfil"], "ADMINISTRADOR");

    let r = c.get(app.en("/api/v1/me")).send().await.expect("sent");
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap_or("")),
        Some("no-store")
    );
    let yo: Value = r.json().await.expect("json");
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
    let r = app.login(&app.cliente(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("strict-transport-security"));
    let cookie = set_cookies(r.headers()).remove(0);
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
        let r = app.login(&c, ADMIN_EMAIL, "adivinando la clave").await;
        if r.status() == 429 {
            let espera: u64 = r.headers()["retry-after"]
                .to_str()
                .expect("ascii")
                .parse()
                .expect("seconds");
            assert!((1..=900).contains(&espera), "Retry-After {espera}");
        }
        estados.push(r.status().as_u16());
    }
    assert!(estados[..10].iter().all(|s| *s == 401), "{estados:?}");
    assert!(estados[10..].iter().all(|s| *s == 429), "{estados:?}");

    // The right password is refused too while the e-mail is blocked: guessing learns nothing.
    let r = app.login(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 429);
    assert_eq!(codigo_de_error(r).await, "too_many_attempts");
}

async fn el_bloqueo_por_correo_no_afecta_a_otras_cuentas_de_la_misma_direccion(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    for _ in 0..12 {
        app.login(&c, "otra.persona@ejemplo.gob.ar", "adivinando la clave")
            .await;
    }
    let r = app.login(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 200, "[{}]", app.base.nombre());
}

async fn sin_sesion_la_api_da_401_y_las_paginas_redirigen_al_login(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let r = c.get(app.en("/api/v1/me")).send().await.expect("sent");
    assert_eq!(r.status(), 401);
    assert_eq!(codigo_de_error(r).await, "not_authenticated");

    let r = c
        .get(app.en("/api/v1/openapi.json"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 401);

    let r = c.get(app.en("/")).send().await.expect("sent");
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=%2F");

    let r = c
        .get(app.en("/cambiar-clave?x=1"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        r.headers()["location"],
        "/login?next=%2Fcambiar-clave%3Fx%3D1"
    );

    let r = c.get(app.en("/login")).send().await.expect("sent");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
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
    let r = app.login(&c, ADMIN_EMAIL, &app.admin_password).await;
    assert_eq!(r.status(), 200, "[{}]", app.base.nombre());
    let yo: Value = r.json().await.expect("json");
    assert_eq!(yo["debe_cambiar_password"], true);

    let r = c
        .get(app.en("/api/v1/openapi.json"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 403);
    assert_eq!(codigo_de_error(r).await, "password_change_required");
    let r = c.get(app.en("/api/v1/me")).send().await.expect("sent");
    assert_eq!(r.status(), 200, "GET /me stays allowed");
    let r = c.get(app.en("/")).send().await.expect("sent");
    assert_eq!(r.headers()["location"], "/cambiar-clave");
    let r = c.get(app.en("/cambiar-clave")).send().await.expect("sent");
    assert_eq!(r.status(), 200);

    let r = c
        .post(app.en("/api/v1/auth/password"))
        .json(&json!({"actual": app.admin_password, "nueva": "una clave nueva y larga"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 200);
    let yo: Value = r.json().await.expect("json");
    assert_eq!(yo["debe_cambiar_password"], false);

    let r = c
        .get(app.en("/api/v1/openapi.json"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().await.expect("json");
    assert!(doc["paths"]["/api/v1/auth/login"].is_object());

    let r = c.get(app.en("/")).send().await.expect("sent");
    assert_eq!(r.status(), 200);
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
    let r = app
        .login(&app.cliente(), ADMIN_EMAIL, &app.admin_password)
        .await;
    assert_eq!(r.status(), 401);
    assert_eq!(codigo_de_error(r).await, "temporary_password_expired");
}

async fn cambio_de_password_aplica_la_politica(base: Base) {
    let app = spawn_app(base).await;
    let c = app.admin().await;
    let cambiar = |actual: &str, nueva: &str| {
        c.post(app.en("/api/v1/auth/password"))
            .json(&json!({"actual": actual, "nueva": nueva}))
            .send()
    };
    for (nueva, motivo) in [
        ("corta", "too short"),
        (ADMIN_EMAIL, "the e-mail"),
        ("password1234", "common"),
    ] {
        let r = cambiar(ADMIN_PASSWORD, nueva).await.expect("sent");
        assert_eq!(r.status(), 422, "{motivo}");
        let v: Value = r.json().await.expect("json");
        assert!(v["error"]["fields"]["nueva"].is_string(), "{motivo}: {v}");
    }
    let r = cambiar("no es la actual", "una clave nueva y larga")
        .await
        .expect("sent");
    assert_eq!(r.status(), 422);
    let r = cambiar(ADMIN_PASSWORD, "una clave nueva y larga")
        .await
        .expect("sent");
    assert_eq!(r.status(), 200);
    let r = app
        .login(&app.cliente(), ADMIN_EMAIL, "una clave nueva y larga")
        .await;
    assert_eq!(r.status(), 200);
}

async fn cambio_de_password_cierra_las_otras_sesiones(base: Base) {
    let app = spawn_app(base).await;
    let a = app.admin().await;
    let b = app.admin().await;
    let r = a
        .post(app.en("/api/v1/auth/password"))
        .json(&json!({"actual": ADMIN_PASSWORD, "nueva": "una clave nueva y larga"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 200);
    assert_eq!(
        a.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        200
    );
    assert_eq!(
        b.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        401
    );
}

async fn logout_termina_la_sesion_y_todas_termina_todas(base: Base) {
    let app = spawn_app(base).await;
    let a = app.admin().await;
    let b = app.admin().await;
    let r = a
        .post(app.en("/api/v1/auth/logout"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 204);
    assert_eq!(
        a.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        401
    );
    assert_eq!(
        b.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        200
    );

    let c = app.admin().await;
    let r = c
        .post(app.en("/api/v1/auth/logout"))
        .json(&json!({"todas": true}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 204);
    assert_eq!(
        b.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        401
    );
}

async fn el_login_rota_el_id_de_sesion(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let r = app.login(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let primera = set_cookies(r.headers()).remove(0);
    let r = app.login(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let segunda = set_cookies(r.headers()).remove(0);
    assert_ne!(primera.split(';').next(), segunda.split(';').next());
    // The first session was ended by the second login.
    let vieja = primera.split(';').next().expect("name=value").to_owned();
    let r = app
        .cliente()
        .get(app.en("/api/v1/me"))
        .header("cookie", vieja)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 401);
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
    assert_eq!(
        c.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        401,
        "idle"
    );

    let c = app.admin().await;
    sesion::Entity::update_many()
        .col_expr(
            sesion::Column::VenceEn,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .exec(&app.state.db)
        .await
        .expect("update");
    assert_eq!(
        c.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        401,
        "absolute"
    );
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
    assert_eq!(
        c.get(app.en("/api/v1/me"))
            .send()
            .await
            .expect("sent")
            .status(),
        401
    );
    let r = app.login(&app.cliente(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 401);
}

async fn login_malformado_da_400_y_campos_faltantes_422(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    let enviar = |cuerpo: &'static str| {
        c.post(app.en("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(cuerpo)
            .send()
    };
    for malo in [
        "esto no es json",
        "{\"email\": 5, \"password\": []}",
        "[1,2]",
        "",
    ] {
        let r = enviar(malo).await.expect("sent");
        assert_eq!(r.status(), 400, "[{}] {malo:?}", app.base.nombre());
        assert_eq!(codigo_de_error(r).await, "bad_request");
    }
    let r = c
        .post(app.en("/api/v1/auth/login"))
        .body("email=a")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 400, "not JSON content type");

    let r = enviar("{}").await.expect("sent");
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.expect("json");
    assert!(v["error"]["fields"]["email"].is_string());
    assert!(v["error"]["fields"]["password"].is_string());

    let r = enviar("{\"email\": \"no-es-correo\", \"password\": \"x\"}")
        .await
        .expect("sent");
    assert_eq!(r.status(), 422);
}

async fn un_cuerpo_demasiado_grande_da_413(base: Base) {
    let app = spawn_app(base).await;
    let grande = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(200_000)
    );
    let r = app
        .cliente()
        .post(app.en("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(grande)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 413);
}

async fn api_desconocida_da_404_json(base: Base) {
    let app = spawn_app(base).await;
    let c = app.admin().await;
    let r = c
        .get(app.en("/api/v1/no-existe"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), 404);
    assert_eq!(codigo_de_error(r).await, "not_found");
}

async fn cien_fallos_desde_una_direccion_bloquean_los_fallos_pero_no_el_ingreso(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    for i in 0..100 {
        let r = app
            .login(
                &c,
                &format!("persona{i}@ejemplo.gob.ar"),
                "adivinando la clave",
            )
            .await;
        assert_eq!(r.status(), 401, "[{}] failure {}", app.base.nombre(), i + 1);
    }
    let r = app
        .login(&c, "otra@ejemplo.gob.ar", "adivinando la clave")
        .await;
    assert_eq!(r.status(), 429, "the 101st failure");
    // An office behind one address keeps working: a right password still logs in.
    let r = app.login(&c, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 200);
}

async fn cuarenta_intentos_simultaneos_para_un_correo_dan_a_lo_sumo_diez_veredictos(base: Base) {
    let app = spawn_app(base).await;
    let intentos = (0..40).map(|i| {
        let c = app.cliente();
        let url = app.en("/api/v1/auth/login");
        async move {
            c.post(url)
                .json(&json!({"email": ADMIN_EMAIL, "password": format!("adivinando {i}")}))
                .send()
                .await
                .expect("sent")
                .status()
                .as_u16()
        }
    });
    let estados = futures_util::future::join_all(intentos).await;
    let rechazos = estados.iter().filter(|s| **s == 401).count();
    assert!(
        rechazos <= 10,
        "[{}] {rechazos} verdicts: {estados:?}",
        app.base.nombre()
    );
    assert!(
        estados.iter().all(|s| *s == 401 || *s == 429),
        "[{}] {estados:?}",
        app.base.nombre()
    );
}

async fn una_direccion_bloqueada_no_hace_calcular_un_hash_por_intento(base: Base) {
    let app = spawn_app(base).await;
    let c = app.cliente();
    for i in 0..100 {
        let r = app
            .login(
                &c,
                &format!("persona{i}@ejemplo.gob.ar"),
                "adivinando la clave",
            )
            .await;
        assert_eq!(r.status(), 401, "[{}] failure {}", app.base.nombre(), i + 1);
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
    let r = app
        .login(&c, "otra@ejemplo.gob.ar", "adivinando la clave")
        .await;
    let demora = inicio.elapsed();
    assert_eq!(r.status(), 429, "[{}] the 101st failure", app.base.nombre());
    assert!(
        demora < std::time::Duration::from_secs(3),
        "[{}] refused without hashing: took {demora:?}",
        app.base.nombre()
    );
    atasco.iter().for_each(tokio::task::JoinHandle::abort);
}

async fn la_clave_actual_del_cambio_de_clave_cuenta_como_un_intento(base: Base) {
    let app = spawn_app(base).await;
    let c = app.admin().await;
    let cambiar = |actual: &'static str| {
        c.post(app.en("/api/v1/auth/password"))
            .json(&json!({"actual": actual, "nueva": "una clave nueva y larga"}))
            .send()
    };
    for i in 0..10 {
        let r = cambiar("no es la actual").await.expect("sent");
        assert_eq!(r.status(), 422, "[{}] failure {}", app.base.nombre(), i + 1);
        assert_eq!(codigo_de_error(r).await, "wrong_current_password");
    }
    let r = cambiar("no es la actual").await.expect("sent");
    assert_eq!(r.status(), 429, "[{}]", app.base.nombre());
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(codigo_de_error(r).await, "too_many_attempts");
    // Like a login: while blocked, the right password is refused too.
    let r = cambiar(ADMIN_PASSWORD).await.expect("sent");
    assert_eq!(r.status(), 429);
    let r = app.login(&app.cliente(), ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 429, "the same count as logins");
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
    un_cuerpo_demasiado_grande_da_413,
    api_desconocida_da_404_json,
    cien_fallos_desde_una_direccion_bloquean_los_fallos_pero_no_el_ingreso,
    cuarenta_intentos_simultaneos_para_un_correo_dan_a_lo_sumo_diez_veredictos,
    una_direccion_bloqueada_no_hace_calcular_un_hash_por_intento,
    la_clave_actual_del_cambio_de_clave_cuenta_como_un_intento,
);
