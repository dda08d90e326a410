//! `sigexp backup` on SQLite and PostgreSQL: a copy taken while the app runs opens as a
//! database with the same expedientes and hash chains that verify (the restore of
//! docs/operations.md).

mod comun;

use comun::*;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use serde_json::json;

async fn una_copia_tomada_en_marcha_se_restaura_entera(base: Base) {
    use app::infra::entities::expediente;
    let app = spawn_app(base.clone()).await;
    let b = app.base.nombre();
    let m = mundo(&app).await;
    let mesa = m.como("MESA_DE_ENTRADA");
    for i in 0..3 {
        mesa.crear(
            "/api/v1/expedientes",
            json!({"extracto": format!("Expediente {i} antes de la copia"), "iniciador": {"nombre": "Ana"}}),
        )
        .await;
    }
    let dir = std::env::temp_dir().join(format!("sigexp-respaldo-{}-{}", b, std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let destino = dir.join(if b == "sqlite" {
        "copia.db"
    } else {
        "copia.dump"
    });
    let _ = std::fs::remove_file(&destino);

    // Writers keep going while the copy is taken (whether each lands does not matter: the
    // copy holds 3 to 8 expedientes).
    let escritor = {
        let mesa = mesa.clone();
        tokio::spawn(async move {
            for i in 0..5 {
                mesa.post(
                    "/api/v1/expedientes",
                    json!({"extracto": format!("Expediente {i} durante la copia"), "iniciador": {"nombre": "Bruno"}}),
                )
                .await;
            }
        })
    };
    server::cli::backup::respaldar_base(&app.state.db, &app.database_url, &destino)
        .await
        .expect("backup");
    escritor.await.expect("writer");
    assert!(
        server::cli::backup::respaldar_base(&app.state.db, &app.database_url, &destino)
            .await
            .is_err(),
        "[{b}] an existing file is never overwritten"
    );

    // Restore into a fresh database and open it.
    let restaurada_url = match &base {
        Base::Sqlite => format!("sqlite://{}", destino.display()),
        Base::Postgres(admin_url) => {
            let nombre = format!("sigexp_restaurada_{}", std::process::id());
            let admin = sea_orm::Database::connect(format!("{admin_url}/postgres"))
                .await
                .expect("connect");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {nombre}"))
                .await
                .expect("drop");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {nombre}"))
                .await
                .expect("create");
            let url = format!("{admin_url}/{nombre}");
            let salida = std::process::Command::new("pg_restore")
                .arg("--no-owner")
                .arg("--dbname")
                .arg(&url)
                .arg(&destino)
                .output()
                .expect("pg_restore runs");
            assert!(
                salida.status.success(),
                "{}",
                String::from_utf8_lossy(&salida.stderr)
            );
            url
        }
    };
    let restaurada = app::infra::db::connect(&restaurada_url)
        .await
        .expect("the copy opens");
    let n = expediente::Entity::find()
        .count(&restaurada)
        .await
        .expect("count");
    assert!((3..=8).contains(&n), "[{b}] {n} expedientes in the copy");
    let v = app::domain::registro::verificacion::verificar(&restaurada, None)
        .await
        .expect("verify runs");
    assert!(v.roturas.is_empty(), "[{b}] {:?}", v.roturas);
    assert!(v.eventos > 0, "[{b}]");
    let _ = std::fs::remove_dir_all(&dir);
}

en_cada_base!(una_copia_tomada_en_marcha_se_restaura_entera,);
