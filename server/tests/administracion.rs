//! Organisation, users, tokens and audit through the API, on SQLite and PostgreSQL (issue #3).

mod comun;

use comun::*;
use reqwest::StatusCode;
use serde_json::json;

async fn organismos_se_crean_validan_y_no_se_duplican(base: Base) {
    let app = spawn_app(base).await;
    let admin = app.admin().await;
    let url = "/api/v1/organismos";
    let o = admin
        .crear(
            url,
            json!({"codigo": "msa", "nombre": " Salud ", "tipo": "CENTRAL"}),
        )
        .await;
    assert_eq!(o["codigo"], "MSA");
    assert_eq!(o["nombre"], "Salud");
    assert_eq!(o["activo"], true);

    let v = admin
        .post(
            url,
            json!({"codigo": "MSA", "nombre": "Otro", "tipo": "CENTRAL"}),
        )
        .await
        .esperar(409);
    assert_eq!(v["error"]["code"], "duplicate_code");

    let v = admin
        .post(url, json!({"codigo": "M S", "nombre": "", "tipo": "OTRO"}))
        .await
        .esperar(422);
    for campo in ["codigo", "nombre", "tipo"] {
        assert!(v["error"]["fields"][campo].is_string(), "{campo}: {v}");
    }

    let id = o["id"].as_i64().expect("id");
    let v = admin
        .patch(
            &format!("/api/v1/organismos/{id}"),
            json!({"nombre": "Ministerio de Salud", "activo": false}),
        )
        .await
        .esperar(200);
    assert_eq!(
        (v["nombre"].as_str(), v["activo"].as_bool()),
        (Some("Ministerio de Salud"), Some(false))
    );

    let lista = admin.get(&format!("{url}?q=salud")).await.esperar(200);
    assert_eq!(lista["total"], 1);
    assert_eq!(lista["page"], 1);
    assert_eq!(lista["per_page"], 50);
}

async fn una_oficina_depende_de_una_mesa_del_mismo_organismo(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let url = "/api/v1/unidades";

    // An oficina without a mesa.
    admin
        .post(
            url,
            json!({"organismo_id": m.msa, "codigo": "X1", "nombre": "X", "tipo": "OFICINA"}),
        )
        .await
        .esperar(422);
    // The mesa of another organismo.
    admin.post(url, json!({"organismo_id": m.msa, "codigo": "X2", "nombre": "X", "tipo": "OFICINA", "mesa_id": m.mesa_mds})).await.esperar(422);
    // An oficina is not a mesa.
    admin.post(url, json!({"organismo_id": m.msa, "codigo": "X3", "nombre": "X", "tipo": "OFICINA", "mesa_id": m.oficina_msa})).await.esperar(422);
    // A mesa depends on nothing.
    admin.post(url, json!({"organismo_id": m.msa, "codigo": "X4", "nombre": "X", "tipo": "MESA_DE_ENTRADA", "mesa_id": m.mesa_msa})).await.esperar(422);
    // An unknown organismo.
    admin
        .post(
            url,
            json!({"organismo_id": 999_999, "codigo": "X5", "nombre": "X", "tipo": "MESA_DE_ENTRADA"}),
        )
        .await
        .esperar(422);
    // The code is taken in the organismo.
    admin
        .post(
            url,
            json!({"organismo_id": m.msa, "codigo": "ME", "nombre": "X", "tipo": "MESA_DE_ENTRADA"}),
        )
        .await
        .esperar(409);
    // The same code in another organismo is fine.
    admin.post(url, json!({"organismo_id": m.mds, "codigo": "DGA", "nombre": "X", "tipo": "OFICINA", "mesa_id": m.mesa_mds})).await.esperar(201);

    let lista = admin
        .get(&format!("{url}?organismo_id={}&tipo=OFICINA", m.msa))
        .await
        .esperar(200);
    assert_eq!(lista["total"], 1);
    assert_eq!(lista["items"][0]["mesa_id"], m.mesa_msa);
}

async fn un_usuario_nuevo_recibe_clave_temporal_y_debe_cambiarla(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let u = admin
        .crear(
            "/api/v1/usuarios",
            json!({
            "email": "Nueva.Persona@Prueba.gob.ar", "nombre": "Nueva", "apellido": "Persona",
            "perfil": "CARGA", "unidad_id": m.mesa_msa}),
        )
        .await;
    assert_eq!(u["email"], "nueva.persona@prueba.gob.ar");
    assert_eq!(u["organismo_id"], m.msa, "taken from the unidad");
    assert_eq!(u["acceso"], json!([m.msa]), "defaults to the own organismo");
    let temporal = u["password_temporal"].as_str().expect("shown once");

    let c = app.cliente();
    c.login("nueva.persona@prueba.gob.ar", temporal)
        .await
        .esperar(200);
    let v = c.get("/api/v1/organismos").await.esperar(403);
    assert_eq!(v["error"]["code"], "password_change_required");

    let id = u["id"].as_i64().expect("id");
    let visto = admin
        .get(&format!("/api/v1/usuarios/{id}"))
        .await
        .esperar(200);
    assert!(
        visto.get("password_temporal").is_none(),
        "never shown again"
    );
}

async fn los_datos_de_un_usuario_se_validan(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let url = "/api/v1/usuarios";

    let v = admin.post(url, json!({"email": "mesa_de_entrada@prueba.gob.ar", "nombre": "A", "apellido": "B", "perfil": "CARGA", "unidad_id": m.mesa_msa})).await.esperar(409);
    assert_eq!(v["error"]["code"], "duplicate_email");

    let v = admin
        .post(
            url,
            json!({"email": "x@prueba.gob.ar", "nombre": "A", "apellido": "B", "perfil": "CONSULTA"}),
        )
        .await
        .esperar(422);
    assert!(v["error"]["fields"]["unidad_id"].is_string(), "{v}");

    let v = admin
        .post(
            url,
            json!({"email": "no-es-correo", "nombre": "", "apellido": "B", "perfil": "JEFE"}),
        )
        .await
        .esperar(422);
    for campo in ["email", "nombre", "perfil"] {
        assert!(v["error"]["fields"][campo].is_string(), "{campo}: {v}");
    }

    // A unidad of another organismo.
    admin.post(url, json!({"email": "y@prueba.gob.ar", "nombre": "A", "apellido": "B", "perfil": "CARGA", "unidad_id": m.mesa_mds, "organismo_id": m.msa})).await.esperar(422);

    // The password policy holds for admins too.
    admin.post(url, json!({"email": "z@prueba.gob.ar", "nombre": "A", "apellido": "B", "perfil": "CARGA", "unidad_id": m.mesa_msa, "password": "corta"})).await.esperar(422);

    let u = admin.crear(url, json!({"email": "w@prueba.gob.ar", "nombre": "A", "apellido": "B", "perfil": "CONSULTA", "unidad_id": m.mesa_msa, "acceso": [m.msa, m.mds]})).await;
    assert_eq!(u["acceso"], json!([m.msa, m.mds]));
}

async fn desactivar_corta_la_sesion_abierta_en_el_siguiente_pedido(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let consulta = m.como("CONSULTA");
    consulta.get("/api/v1/me").await.esperar(200);
    let id = m.id("CONSULTA");
    admin
        .patch(&format!("/api/v1/usuarios/{id}"), json!({"activo": false}))
        .await
        .esperar(200);
    consulta.get("/api/v1/me").await.esperar(401);
    app.cliente()
        .login("consulta@prueba.gob.ar", CLAVE_MUNDO)
        .await
        .esperar(401);

    // An administrator cannot deactivate themselves.
    admin
        .patch("/api/v1/usuarios/1", json!({"activo": false}))
        .await
        .esperar(422);
}

async fn un_cambio_de_perfil_vale_en_el_siguiente_pedido(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let carga = m.como("CARGA");
    carga.get("/api/v1/usuarios").await.esperar(403);
    let id = m.id("CARGA");
    admin
        .patch(
            &format!("/api/v1/usuarios/{id}"),
            json!({"perfil": "ADMINISTRADOR", "unidad_id": null, "organismo_id": null}),
        )
        .await
        .esperar(200);
    carga.get("/api/v1/usuarios").await.esperar(200);
}

async fn restablecer_da_clave_temporal_cierra_sesiones_y_levanta_el_bloqueo(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let email = "oficina@prueba.gob.ar";
    for _ in 0..11 {
        app.cliente().login(email, "adivinando la clave").await;
    }
    app.cliente().login(email, CLAVE_MUNDO).await.esperar(429);
    let id = m.id("OFICINA");
    let v = admin
        .post_vacio(&format!("/api/v1/usuarios/{id}/restablecer"))
        .await
        .esperar(200);
    let temporal = v["password_temporal"].as_str().expect("shown once");
    m.como("OFICINA").get("/api/v1/me").await.esperar(401);
    let yo = app.cliente().login(email, temporal).await.esperar(200);
    assert_eq!(yo["debe_cambiar_password"], true);
}

async fn tokens_personales_se_muestran_una_vez_y_revocados_dejan_de_valer(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let consulta = m.como("CONSULTA");
    let t = consulta
        .crear(
            "/api/v1/tokens",
            json!({"nombre": "script de reportes", "password": CLAVE_MUNDO}),
        )
        .await;
    let secreto = t["token"].as_str().expect("secret once");
    assert!(secreto.starts_with("sgx_"));
    let lista = consulta.get("/api/v1/tokens").await.esperar(200);
    assert_eq!(lista["total"], 1);
    assert!(lista["items"][0].get("token").is_none(), "never listed");

    let anonimo = app.cliente();
    let yo = anonimo
        .enviar(
            anonimo
                .http
                .get(anonimo.en("/api/v1/me"))
                .bearer_auth(secreto),
        )
        .await
        .esperar(200);
    assert_eq!(yo["perfil"], "CONSULTA");
    // Never more than the owner's perfil.
    anonimo
        .enviar(
            anonimo
                .http
                .post(anonimo.en("/api/v1/organismos"))
                .bearer_auth(secreto)
                .json(&json!({"codigo": "XX", "nombre": "X", "tipo": "CENTRAL"})),
        )
        .await
        .esperar(403);
    anonimo
        .enviar(
            anonimo
                .http
                .get(anonimo.en("/api/v1/me"))
                .bearer_auth("sgx_inventado"),
        )
        .await
        .esperar(401);

    // Another user cannot revoke it.
    let id = t["id"].as_i64().expect("id");
    m.como("CARGA")
        .delete(&format!("/api/v1/tokens/{id}"))
        .await
        .esperar(404);
    consulta
        .delete(&format!("/api/v1/tokens/{id}"))
        .await
        .esperar(204);
    // Revoked: it stops at once.
    anonimo
        .enviar(
            anonimo
                .http
                .get(anonimo.en("/api/v1/me"))
                .bearer_auth(secreto),
        )
        .await
        .esperar(401);
}

async fn desactivar_revoca_los_tokens(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let t = m
        .como("CARGA")
        .crear(
            "/api/v1/tokens",
            json!({"nombre": "t", "password": CLAVE_MUNDO}),
        )
        .await;
    let secreto = t["token"].as_str().expect("secret");
    let id = m.id("CARGA");
    let admin = m.como("ADMINISTRADOR");
    admin
        .patch(&format!("/api/v1/usuarios/{id}"), json!({"activo": false}))
        .await;
    assert_eq!(estado_con_token(&app, secreto).await, 401);
    admin
        .patch(&format!("/api/v1/usuarios/{id}"), json!({"activo": true}))
        .await;
    assert_eq!(
        estado_con_token(&app, secreto).await,
        401,
        "reactivation does not revive revoked tokens"
    );
}

async fn la_auditoria_registra_quien_cuando_antes_y_despues(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    admin
        .patch(
            &format!("/api/v1/organismos/{}", m.msa),
            json!({"nombre": "Salud"}),
        )
        .await;
    let v = admin
        .get(&format!(
            "/api/v1/auditoria?entidad=organismo&entidad_id={}",
            m.msa
        ))
        .await
        .esperar(200);
    assert_eq!(v["total"], 2, "{v}");
    let ultimo = &v["items"][0];
    assert_eq!(ultimo["tipo"], "ORGANISMO_MODIFICADO");
    assert_eq!(ultimo["actor_id"], 1);
    assert_eq!(
        ultimo["datos"]["antes"]["nombre"],
        "Ministerio de Salud y Ambiente"
    );
    assert_eq!(ultimo["datos"]["despues"]["nombre"], "Salud");
    assert_eq!(ultimo["hash_anterior"], v["items"][1]["hash"], "chained");
    m.como("AUTORIDAD")
        .get("/api/v1/auditoria")
        .await
        .esperar(403);
}

async fn la_provincia_de_demostracion_se_carga_una_vez_con_un_usuario_por_perfil(base: Base) {
    use server::cli::demo;
    let app = spawn_app(base).await;
    server::cli::demo::cargar_demo(&app.state)
        .await
        .expect("demo loads");
    server::cli::demo::cargar_demo(&app.state)
        .await
        .expect("a second load does nothing");
    let admin = app.admin().await;
    let l = admin
        .get("/api/v1/organismos?per_page=200")
        .await
        .esperar(200);
    assert_eq!(l["total"], demo::ORGANISMOS.len());
    let mut perfiles = Vec::new();
    for (email, _, _, perfil, _) in demo::USUARIOS {
        let r = app.cliente().login(email, demo::CLAVE_DEMO).await;
        assert_eq!(r.estado, 200, "{email}: {}", r.texto());
        let yo = r.json;
        assert_eq!(yo["perfil"], perfil.codigo());
        assert_eq!(yo["debe_cambiar_password"], false);
        perfiles.push(*perfil);
    }
    for p in app::model::Perfil::TODOS {
        assert!(perfiles.contains(&p), "a demo user for {p:?}");
    }
}

/// Creates a personal token for `c` (whose password is `password`) and answers its secret.
async fn token_de(c: &Cliente, password: &str) -> String {
    let t = c
        .crear(
            "/api/v1/tokens",
            json!({"nombre": "script", "password": password}),
        )
        .await;
    t["token"].as_str().expect("secret").to_owned()
}

/// The status of `GET /api/v1/me` with this personal token and no session.
async fn estado_con_token(app: &TestApp, secreto: &str) -> StatusCode {
    let c = app.cliente();
    c.enviar(c.http.get(c.en("/api/v1/me")).bearer_auth(secreto))
        .await
        .estado
}

async fn crear_un_token_pide_la_clave_actual(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let c = m.como("CARGA");
    // No password.
    let v = c
        .post("/api/v1/tokens", json!({"nombre": "script"}))
        .await
        .esperar(422);
    assert!(v["error"]["fields"]["password"].is_string(), "{v}");

    // A wrong password.
    let v = c
        .post(
            "/api/v1/tokens",
            json!({"nombre": "script", "password": "no es la clave"}),
        )
        .await
        .esperar(422);
    assert_eq!(v["error"]["code"], "wrong_current_password", "{v}");
    assert!(v["error"]["fields"]["password"].is_string(), "{v}");

    let lista = c.get("/api/v1/tokens").await.esperar(200);
    assert_eq!(lista["total"], 0, "nothing was created");
    let secreto = token_de(c, CLAVE_MUNDO).await;
    assert_eq!(estado_con_token(&app, &secreto).await, 200);
}

async fn los_tokens_vencen_a_los_90_dias_por_defecto(base: Base) {
    use app::infra::entities::api_token;
    use sea_orm::EntityTrait;
    use sea_orm::sea_query::Expr;
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let c = m.como("CONSULTA");
    let t = c
        .crear(
            "/api/v1/tokens",
            json!({"nombre": "script", "password": CLAVE_MUNDO}),
        )
        .await;
    let expira = chrono::DateTime::parse_from_rfc3339(t["expira_en"].as_str().expect("expira_en"))
        .expect("RFC 3339");
    let dias = (expira.to_utc() - chrono::Utc::now()).num_hours() as f64 / 24.0;
    assert!((89.9..=90.0).contains(&dias), "{dias} days");
    let lista = c.get("/api/v1/tokens").await.esperar(200);
    assert_eq!(lista["items"][0]["expira_en"], t["expira_en"]);

    let secreto = t["token"].as_str().expect("secret");
    assert_eq!(estado_con_token(&app, secreto).await, 200);
    api_token::Entity::update_many()
        .col_expr(
            api_token::Column::ExpiraEn,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .exec(&app.state.db)
        .await
        .expect("update");
    assert_eq!(estado_con_token(&app, secreto).await, 401, "expired");
    let lista = c.get("/api/v1/tokens").await.esperar(200);
    assert_eq!(lista["total"], 0, "an expired token is not live");
}

async fn la_vigencia_de_los_tokens_se_configura(base: Base) {
    let app = spawn_app_con(
        base,
        Opciones {
            flags: vec!["--token-days".into(), "7".into()],
            ..Default::default()
        },
    )
    .await;
    let admin = app.admin().await;
    let t = admin
        .crear(
            "/api/v1/tokens",
            json!({"nombre": "script", "password": ADMIN_PASSWORD}),
        )
        .await;
    let expira = chrono::DateTime::parse_from_rfc3339(t["expira_en"].as_str().expect("expira_en"))
        .expect("RFC 3339");
    let dias = (expira.to_utc() - chrono::Utc::now()).num_hours() as f64 / 24.0;
    assert!((6.9..=7.0).contains(&dias), "{dias} days");
}

async fn cambiar_la_clave_revoca_los_tokens(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let c = m.como("MESA_DE_ENTRADA");
    let secreto = token_de(c, CLAVE_MUNDO).await;
    assert_eq!(estado_con_token(&app, &secreto).await, 200);
    c.post(
        "/api/v1/auth/password",
        json!({"actual": CLAVE_MUNDO, "nueva": "una clave nueva y larga"}),
    )
    .await
    .esperar(200);
    assert_eq!(
        estado_con_token(&app, &secreto).await,
        401,
        "a token dies with the password"
    );
}

async fn restablecer_la_clave_revoca_los_tokens(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let secreto = token_de(m.como("OFICINA"), CLAVE_MUNDO).await;
    let otro = token_de(m.como("CARGA"), CLAVE_MUNDO).await;
    let id = m.id("OFICINA");
    m.como("ADMINISTRADOR")
        .post_vacio(&format!("/api/v1/usuarios/{id}/restablecer"))
        .await
        .esperar(200);
    assert_eq!(
        estado_con_token(&app, &secreto).await,
        401,
        "the reset user's token"
    );
    assert_eq!(
        estado_con_token(&app, &otro).await,
        200,
        "another user's token"
    );
}

async fn los_tokens_anteriores_al_vencimiento_vencen_90_dias_despues_de_creados(base: Base) {
    use app::infra::entities::api_token;
    use migrations::{Migrator, MigratorTrait};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    const MIGRACION: &str = "m20261201_000007_vencimiento_de_tokens";
    let app = spawn_app(base).await;
    let db = &app.state.db;
    let admin = app.admin().await;
    let reciente = token_de(&admin, ADMIN_PASSWORD).await;
    let viejo = token_de(&admin, ADMIN_PASSWORD).await;
    // Back to the schema without expiry, with one token made 10 days ago and one 100.
    while Migrator::get_applied_migrations(db)
        .await
        .expect("applied")
        .iter()
        .any(|m| m.name() == MIGRACION)
    {
        Migrator::down(db, Some(1)).await.expect("down");
    }
    for (secreto, dias) in [(&reciente, 10), (&viejo, 100)] {
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::CreadoEn,
                Expr::value(chrono::Utc::now() - chrono::Duration::days(dias)),
            )
            .filter(
                api_token::Column::Hash.eq(app::domain::acceso::sesiones::hash_secreto(secreto)),
            )
            .exec(db)
            .await
            .expect("update");
    }
    Migrator::up(db, None).await.expect("up");

    for t in api_token::Entity::find().all(db).await.expect("tokens") {
        let vigencia = t.expira_en - t.creado_en;
        assert!(
            (vigencia - chrono::Duration::days(90)).num_seconds().abs() <= 1,
            "[{}] {vigencia}",
            app.base.nombre()
        );
    }
    assert_eq!(
        estado_con_token(&app, &reciente).await,
        200,
        "[{}]",
        app.base.nombre()
    );
    assert_eq!(
        estado_con_token(&app, &viejo).await,
        401,
        "[{}]",
        app.base.nombre()
    );
}

en_cada_base!(
    la_provincia_de_demostracion_se_carga_una_vez_con_un_usuario_por_perfil,
    los_tokens_vencen_a_los_90_dias_por_defecto,
    los_tokens_anteriores_al_vencimiento_vencen_90_dias_despues_de_creados,
    organismos_se_crean_validan_y_no_se_duplican,
    una_oficina_depende_de_una_mesa_del_mismo_organismo,
    un_usuario_nuevo_recibe_clave_temporal_y_debe_cambiarla,
    los_datos_de_un_usuario_se_validan,
    desactivar_corta_la_sesion_abierta_en_el_siguiente_pedido,
    un_cambio_de_perfil_vale_en_el_siguiente_pedido,
    restablecer_da_clave_temporal_cierra_sesiones_y_levanta_el_bloqueo,
    tokens_personales_se_muestran_una_vez_y_revocados_dejan_de_valer,
    desactivar_revoca_los_tokens,
    la_auditoria_registra_quien_cuando_antes_y_despues,
    crear_un_token_pide_la_clave_actual,
    la_vigencia_de_los_tokens_se_configura,
    cambiar_la_clave_revoca_los_tokens,
    restablecer_la_clave_revoca_los_tokens,
);
