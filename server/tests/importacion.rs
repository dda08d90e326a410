//! CSV import of the access-request list through the API (issue #3), on SQLite and PostgreSQL.

mod comun;

use comun::*;
use serde_json::Value;
use std::time::Duration;

const ENCABEZADO: &str = "nombre y apellido;correo;organismo y dependencia;perfil\n";

const IMPORTACION: &str = "/api/v1/usuarios/importacion";
const VISTA_PREVIA: &str = "/api/v1/usuarios/importacion/vista-previa";

/// Posts a CSV file to an import door.
async fn csv(c: &Cliente, camino: &str, archivo: Vec<u8>) -> Respuesta {
    c.enviar(
        c.http
            .post(c.en(camino))
            .header("content-type", "text/csv")
            .body(archivo),
    )
    .await
}

/// Starts an import and waits for it to finish; answers the final state.
async fn importar(app: &TestApp, c: &Cliente, archivo: Vec<u8>) -> Value {
    let inicio = csv(c, IMPORTACION, archivo).await.esperar(202);
    esperar_fin(app, c, inicio["id"].as_str().expect("id")).await
}

async fn total_usuarios(c: &Cliente) -> u64 {
    c.get("/api/v1/usuarios").await.esperar(200)["total"]
        .as_u64()
        .expect("total")
}

async fn un_archivo_valido_se_importa_y_las_claves_se_descargan_una_vez(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let archivo = format!(
        "{ENCABEZADO}\"López García, María del Carmen\";maria.lopez@prueba.gob.ar;MSA / ME;Mesa de entradas\n\
         Juan Pérez;juan.perez@prueba.gob.ar;Ministerio de Salud y Ambiente / Unidad DGA;Oficina\n\
         Rosa Autoridad;rosa@prueba.gob.ar;;Autoridad\n"
    );
    let vista = csv(admin, VISTA_PREVIA, archivo.clone().into_bytes())
        .await
        .esperar(200);
    assert_eq!(vista["valida"], true, "{vista}");
    assert_eq!(vista["filas"][0]["nombre"], "María del Carmen");
    assert_eq!(vista["filas"][0]["apellido"], "López García");
    assert_eq!(vista["filas"][1]["apellido"], "Pérez");

    let antes = total_usuarios(admin).await;
    let fin = importar(&app, admin, archivo.into_bytes()).await;
    assert_eq!(fin["estado"], "TERMINADA", "{fin}");
    assert_eq!(fin["hechos"], fin["pasos"]);
    assert_eq!(total_usuarios(admin).await, antes + 3);

    let url = claves(fin["id"].as_str().expect("id"));
    let r = admin.get(&url).await;
    assert_eq!(r.estado, 200);
    assert!(r.header("content-disposition").contains("attachment"));
    let csv = r.texto();
    let linea = csv
        .lines()
        .find(|l| l.starts_with("juan.perez@"))
        .expect("row of Juan");
    let clave = linea.rsplit(';').next().expect("password").to_owned();
    assert_eq!(clave.len(), 16);
    let r = admin.get(&url).await;
    assert_eq!(r.estado, 409, "only once");
    assert_eq!(r.codigo(), "already_downloaded");

    let c = app.cliente();
    let yo = c
        .login("juan.perez@prueba.gob.ar", &clave)
        .await
        .esperar(200);
    assert_eq!(yo["debe_cambiar_password"], true);
    assert_eq!(yo["unidad_id"], m.oficina_msa);
    assert_eq!(yo["perfil"], "OFICINA");
}

async fn una_fila_mala_muestra_su_problema_y_no_se_importa_nada(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let archivo = format!(
        "{ENCABEZADO}Ana Uno;ana.uno@prueba.gob.ar;MSA / ME;Consulta\n\
         Beto Dos;beto.dos@prueba.gob.ar;NOEXISTE / ME;Consulta\n\
         Carla Tres;carla.tres@prueba.gob.ar;MSA / ME;Jefa\n"
    );
    let vista = csv(admin, VISTA_PREVIA, archivo.clone().into_bytes())
        .await
        .esperar(200);
    assert_eq!(vista["valida"], false, "[{}]", app.base.nombre());
    assert_eq!(vista["con_errores"], 2);
    assert_eq!(vista["filas"][0]["errores"], serde_json::json!([]));
    let error = vista["filas"][1]["errores"][0].as_str().expect("error");
    assert!(error.contains("organismo"), "{error}");
    assert_eq!(vista["filas"][1]["linea"], 3);
    assert!(
        vista["filas"][2]["errores"][0]
            .as_str()
            .expect("error")
            .contains("perfil")
    );

    let antes = total_usuarios(admin).await;
    csv(admin, IMPORTACION, archivo.into_bytes())
        .await
        .esperar(422);
    assert_eq!(total_usuarios(admin).await, antes, "nothing imported");
}

async fn correos_repetidos_o_existentes_son_errores_de_fila(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let archivo = format!(
        "{ENCABEZADO}Ana Uno;ana@prueba.gob.ar;MSA / ME;Consulta\n\
         Ana Otra;ANA@prueba.gob.ar;MSA / ME;Consulta\n\
         Vieja Cuenta;consulta@prueba.gob.ar;MSA / ME;Consulta\n"
    );
    let vista = csv(admin, VISTA_PREVIA, archivo.into_bytes())
        .await
        .esperar(200);
    assert_eq!(vista["con_errores"], 2, "[{}] {vista}", app.base.nombre());
    assert!(
        vista["filas"][1]["errores"][0]
            .as_str()
            .expect("e")
            .contains("línea 2")
    );
    assert!(
        vista["filas"][2]["errores"][0]
            .as_str()
            .expect("e")
            .contains("Ya existe")
    );
}

async fn latin1_con_comas_y_columnas_separadas(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let texto = "nombre,apellido,correo,organismo,dependencia,perfil\nJosé,Muñoz,jose.munoz@prueba.gob.ar,MSA,Unidad ME,Carga\n";
    // Latin-1: every character below U+0100 is one byte.
    let archivo: Vec<u8> = texto
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("latin-1"))
        .collect();
    assert!(std::str::from_utf8(&archivo).is_err(), "really not UTF-8");
    let vista = csv(admin, VISTA_PREVIA, archivo.clone()).await.esperar(200);
    assert_eq!(vista["valida"], true, "[{}] {vista}", app.base.nombre());
    assert_eq!(vista["filas"][0]["nombre"], "José");
    assert_eq!(vista["filas"][0]["apellido"], "Muñoz");
    let fin = importar(&app, admin, archivo).await;
    assert_eq!(fin["estado"], "TERMINADA");
    let l = admin.get("/api/v1/usuarios?q=muñoz").await.esperar(200);
    assert_eq!(l["total"], 1);
}

async fn solo_el_administrador_importa(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let archivo = format!("{ENCABEZADO}Ana Uno;ana@prueba.gob.ar;MSA / ME;Consulta\n");
    for perfil in &PERFILES[1..] {
        let r = csv(m.como(perfil), IMPORTACION, archivo.clone().into_bytes()).await;
        assert_eq!(r.estado, 403, "[{}] {perfil}", app.base.nombre());
        let r = csv(m.como(perfil), VISTA_PREVIA, archivo.clone().into_bytes()).await;
        assert_eq!(r.estado, 403, "{perfil}");
    }
}

async fn cinco_mil_filas_se_importan_de_una_vez(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let mut archivo = String::from(ENCABEZADO);
    for i in 0..5000 {
        archivo.push_str(&format!(
            "Persona {i};persona{i}@masivo.gob.ar;MSA / ME;Consulta\n"
        ));
    }
    let antes = total_usuarios(admin).await;
    let fin = importar(&app, admin, archivo.into_bytes()).await;
    assert_eq!(fin["estado"], "TERMINADA", "[{}] {fin}", app.base.nombre());
    assert_eq!(fin["total"], 5000);
    assert_eq!(total_usuarios(admin).await, antes + 5000);
}

/// Starts an import of `n` valid rows and answers its id (not waiting for it).
async fn empezar(c: &Cliente, prefijo: &str, n: usize) -> String {
    let mut archivo = String::from(ENCABEZADO);
    for i in 0..n {
        archivo.push_str(&format!(
            "Persona {i};{prefijo}{i}@prueba.gob.ar;MSA / ME;Consulta\n"
        ));
    }
    let v = csv(c, IMPORTACION, archivo.into_bytes()).await.esperar(202);
    v["id"].as_str().expect("id").to_owned()
}

/// Polls `servidor` (with `c`'s session) until the import is no longer running; answers its
/// final state.
async fn esperar_fin(servidor: &TestApp, c: &Cliente, id: &str) -> Value {
    let c = c.hacia(servidor);
    for _ in 0..3000 {
        let e = c.get(&format!("{IMPORTACION}/{id}")).await.esperar(200);
        if e["estado"] != "EN_CURSO" {
            return e;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the import did not finish in 10 minutes");
}

/// Where an import's passwords download.
fn claves(id: &str) -> String {
    format!("{IMPORTACION}/{id}/claves.csv")
}

/// The stored passwords' CSV of an import, straight from the database.
async fn claves_guardadas(app: &TestApp, id: &str) -> Option<String> {
    use app::infra::entities::importacion;
    use sea_orm::EntityTrait;
    importacion::Entity::find_by_id(id.to_owned())
        .one(&app.state.db)
        .await
        .expect("query")
        .expect("the job row")
        .claves
}

/// Moves the end of an import `minutos` into the past.
async fn terminada_hace(app: &TestApp, id: &str, minutos: i64) {
    use app::infra::entities::importacion;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let n = importacion::Entity::update_many()
        .col_expr(
            importacion::Column::TerminadoEn,
            Expr::value(chrono::Utc::now() - chrono::TimeDelta::minutes(minutos)),
        )
        .filter(importacion::Column::Id.eq(id))
        .exec(&app.state.db)
        .await
        .expect("update");
    assert_eq!(n.rows_affected, 1);
}

async fn una_importacion_sobrevive_al_reinicio_y_se_descarga_desde_otro_servidor(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let id = empezar(admin, "reinicio", 3).await;
    assert_eq!(esperar_fin(&app, admin, &id).await["estado"], "TERMINADA");
    // A fresh server on the same database knows the job: nothing lived in the first one.
    let otro = otro_servidor(&app).await;
    let fin = esperar_fin(&otro, admin, &id).await;
    assert_eq!(fin["estado"], "TERMINADA", "[{}] {fin}", app.base.nombre());
    assert_eq!(fin["hechos"], 6);
    let r = admin.hacia(&otro).get(&claves(&id)).await;
    assert_eq!(r.estado, 200, "[{}]", app.base.nombre());
    assert_eq!(r.texto().lines().count(), 4);
    assert_eq!(claves_guardadas(&app, &id).await, None, "cleared");
    let r = admin.get(&claves(&id)).await;
    assert_eq!(r.estado, 409);
    assert_eq!(r.codigo(), "already_downloaded");
    // Another administrator does not see it.
    let otro_admin = admin
        .crear(
            "/api/v1/usuarios",
            serde_json::json!({"email": "otro.admin@prueba.gob.ar", "nombre": "Otro",
                "apellido": "Admin", "perfil": "ADMINISTRADOR", "password": CLAVE_MUNDO}),
        )
        .await;
    assert!(otro_admin["id"].is_i64());
    let c = otro.cliente();
    c.login("otro.admin@prueba.gob.ar", CLAVE_MUNDO)
        .await
        .esperar(200);
    c.get(&format!("{IMPORTACION}/{id}")).await.esperar(404);
}

async fn las_claves_no_descargadas_se_borran_a_la_hora(base: Base) {
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let admin = m.como("ADMINISTRADOR");
    let nombre = app.base.nombre();

    // 59 minutes after the end they still download.
    let id = empezar(admin, "a_tiempo", 1).await;
    esperar_fin(&app, admin, &id).await;
    terminada_hace(&app, &id, 59).await;
    let r = admin.get(&claves(&id)).await;
    assert_eq!(r.estado, 200, "[{nombre}]");

    // Past the hour the first request clears them and says so.
    let tarde = empezar(admin, "tarde", 1).await;
    esperar_fin(&app, admin, &tarde).await;
    assert!(claves_guardadas(&app, &tarde).await.is_some());
    terminada_hace(&app, &tarde, 61).await;
    let r = admin.get(&claves(&tarde)).await;
    assert_eq!(r.estado, 409, "[{nombre}]");
    assert_eq!(r.codigo(), "passwords_expired");
    assert_eq!(claves_guardadas(&app, &tarde).await, None, "[{nombre}]");

    // The periodic sweep clears them without anyone asking.
    let olvidada = empezar(admin, "olvidada", 1).await;
    let reciente = empezar(admin, "reciente", 1).await;
    esperar_fin(&app, admin, &olvidada).await;
    esperar_fin(&app, admin, &reciente).await;
    terminada_hace(&app, &olvidada, 61).await;
    let barrido = app::domain::cuentas::importacion::mantener(&app.state.db)
        .await
        .expect("sweep runs");
    assert_eq!(barrido, (0, 1), "[{nombre}]");
    assert_eq!(claves_guardadas(&app, &olvidada).await, None);
    assert!(claves_guardadas(&app, &reciente).await.is_some());
    let r = admin.get(&claves(&olvidada)).await;
    assert_eq!(r.estado, 409);
    assert_eq!(r.codigo(), "passwords_expired");
}

async fn una_importacion_cuyo_servidor_se_detuvo_termina_fallida(base: Base) {
    use app::infra::entities::importacion;
    use sea_orm::{ActiveModelTrait, Set};
    let app = spawn_app(base).await;
    let admin = app.admin().await;
    let nombre = app.base.nombre();
    // Jobs as a server leaves them: one silent for a minute (it stopped), one that wrote
    // a sign of life just now (it runs elsewhere).
    let ahora = chrono::Utc::now();
    for (id, latido) in [
        ("detenida", ahora - chrono::TimeDelta::minutes(1)),
        ("viva", ahora),
    ] {
        importacion::ActiveModel {
            id: Set(id.to_owned()),
            dueno_id: Set(1),
            estado: Set("EN_CURSO".to_owned()),
            total: Set(10),
            hechos: Set(4),
            mensaje: Set(None),
            claves: Set(None),
            creado_en: Set(ahora - chrono::TimeDelta::minutes(2)),
            latido_en: Set(latido),
            terminado_en: Set(None),
            descargado_en: Set(None),
        }
        .insert(&app.state.db)
        .await
        .expect("insert job");
    }
    let estado = async |id: &str| admin.get(&format!("{IMPORTACION}/{id}")).await.esperar(200);
    let e = estado("detenida").await;
    assert_eq!(e["estado"], "FALLIDA", "[{nombre}] {e}");
    assert_eq!(
        e["mensaje"],
        app::domain::cuentas::importacion::MENSAJE_DETENIDA,
        "[{nombre}]"
    );
    assert_eq!(estado("viva").await["estado"], "EN_CURSO", "[{nombre}]");
    let r = admin.get(&claves("detenida")).await;
    assert_eq!(r.estado, 409);
    assert_eq!(r.codigo(), "wrong_state");
}

en_cada_base!(
    una_importacion_cuyo_servidor_se_detuvo_termina_fallida,
    un_archivo_valido_se_importa_y_las_claves_se_descargan_una_vez,
    una_fila_mala_muestra_su_problema_y_no_se_importa_nada,
    correos_repetidos_o_existentes_son_errores_de_fila,
    latin1_con_comas_y_columnas_separadas,
    solo_el_administrador_importa,
    cinco_mil_filas_se_importan_de_una_vez,
    una_importacion_sobrevive_al_reinicio_y_se_descarga_desde_otro_servidor,
    las_claves_no_descargadas_se_borran_a_la_hora,
);
