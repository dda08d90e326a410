//! The historial's hash chains through the API and the database (issue #4 acceptance):
//! `verify` finds a row changed by hand, and a signed checkpoint finds a chain rewritten and
//! rehashed from the first event on.

mod comun;

use comun::*;
use serde_json::json;

async fn verify_encuentra_una_fila_alterada_a_mano(base: Base) {
    use app::infra::entities::evento;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(base).await;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let id = e["id"].as_i64().expect("id");
    m.como("MESA_DE_ENTRADA")
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Intervención"}),
        )
        .await;
    let v = app::domain::registro::verificacion::verificar(&app.state.db, None)
        .await
        .expect("verify runs");
    assert!(
        v.roturas.is_empty(),
        "[{}] {:?}",
        app.base.nombre(),
        v.roturas
    );
    assert!(v.eventos > 2);

    // Someone with database access rewrites the extracto of the creation event.
    evento::Entity::update_many()
        .col_expr(
            evento::Column::Datos,
            Expr::value("{\"despues\":{\"extracto\":\"otro\"}}"),
        )
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.eq(id))
        .filter(evento::Column::Seq.eq(1))
        .exec(&app.state.db)
        .await
        .expect("tamper");
    let v = app::domain::registro::verificacion::verificar(&app.state.db, None)
        .await
        .expect("verify runs");
    assert_eq!(v.roturas.len(), 1, "{:?}", v.roturas);
    let r = &v.roturas[0];
    assert_eq!(
        (r.entidad.as_str(), r.entidad_id, r.seq),
        ("expediente", id, 1)
    );
}

async fn un_punto_de_control_firmado_descubre_una_cadena_recalculada(base: Base) {
    use app::domain::registro::eventos::HASH_INICIAL;
    use app::domain::registro::eventos::calcular_hash;
    use app::domain::registro::puntos_de_control::ClaveFirma;
    use app::domain::registro::puntos_de_control::sellar;
    use app::domain::registro::verificacion::verificar;
    use app::infra::entities::evento;
    use app::infra::entities::evento_cabeza;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = spawn_app(base).await;
    let db = &app.state.db;
    let m = mundo(&app).await;
    let e = iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let id = e["id"].as_i64().expect("id");
    m.como("MESA_DE_ENTRADA")
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": m.mesa_mds, "motivo": "Intervención"}),
        )
        .await;
    let n = app.base.nombre();
    let clave = ClaveFirma(b"una clave de prueba de al menos 32 caracteres".to_vec());
    let p = sellar(db, &clave)
        .await
        .expect("signs")
        .expect("a checkpoint");
    assert!(
        sellar(db, &clave).await.expect("runs").is_none(),
        "[{n}] nothing new, no checkpoint"
    );
    let v = verificar(db, Some(&clave)).await.expect("verify runs");
    assert_eq!((v.roturas.len(), v.puntos), (0, 1), "[{n}] {:?}", v.roturas);

    // Someone who can write the database rewrites the first event and rehashes the chain.
    let eventos = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.eq(id))
        .order_by_asc(evento::Column::Seq)
        .all(db)
        .await
        .expect("events");
    let mut anterior = HASH_INICIAL.to_owned();
    for ev in eventos {
        let datos = if ev.seq == 1 {
            "{\"despues\":{\"extracto\":\"otro\"}}".to_owned()
        } else {
            ev.datos.clone()
        };
        let hash = calcular_hash(
            &ev.entidad,
            ev.entidad_id,
            ev.seq,
            &ev.tipo,
            ev.actor_id,
            ev.unidad_id,
            ev.en,
            &datos,
            &anterior,
        );
        evento::Entity::update_many()
            .col_expr(evento::Column::Datos, Expr::value(datos))
            .col_expr(evento::Column::Hash, Expr::value(hash.clone()))
            .col_expr(evento::Column::HashAnterior, Expr::value(anterior))
            .filter(evento::Column::Id.eq(ev.id))
            .exec(db)
            .await
            .expect("tamper");
        anterior = hash;
    }
    evento_cabeza::Entity::update_many()
        .col_expr(evento_cabeza::Column::Hash, Expr::value(anterior))
        .filter(evento_cabeza::Column::Entidad.eq("expediente"))
        .filter(evento_cabeza::Column::EntidadId.eq(id))
        .exec(db)
        .await
        .expect("tamper head");

    let v = verificar(db, None).await.expect("verify runs");
    assert!(
        v.roturas.is_empty(),
        "[{n}] the rehashed chain is consistent by itself"
    );
    let v = verificar(db, Some(&clave)).await.expect("verify runs");
    assert_eq!(v.roturas.len(), 1, "[{n}] {:?}", v.roturas);
    assert_eq!(
        (v.roturas[0].entidad.as_str(), v.roturas[0].entidad_id),
        ("punto_control", p.id)
    );
    let otra = ClaveFirma(b"otra clave distinta, tambien de 32 caracteres".to_vec());
    let v = verificar(db, Some(&otra)).await.expect("verify runs");
    assert!(
        v.roturas
            .iter()
            .any(|r| r.motivo.contains("firma del punto de control")),
        "[{n}] a checkpoint signed with another key is refused"
    );
}

/// Checkpoints cannot be made to vanish (issue #14): the signature log outside the database
/// names every checkpoint signed, so deleting the newest from the database is found; and the
/// events no checkpoint covers yet are known, for `verify` to tell a signer that stopped.
async fn la_bitacora_descubre_un_punto_de_control_borrado(base: Base) {
    use app::domain::registro::puntos_de_control::{ClaveFirma, linea_de_bitacora, sellar};
    use app::domain::registro::verificacion::{comparar_bitacora, sin_firmar};
    use app::infra::entities::punto_control;
    use sea_orm::EntityTrait;
    let app = spawn_app(base).await;
    let db = &app.state.db;
    let n = app.base.nombre();
    let m = mundo(&app).await;
    let clave = ClaveFirma(b"una clave de prueba de al menos 32 caracteres".to_vec());
    let mut bitacora = String::new();
    let primero = sellar(db, &clave)
        .await
        .expect("signs")
        .expect("a checkpoint");
    bitacora.push_str(&format!("{}\n", linea_de_bitacora(&primero)));
    assert_eq!(
        sin_firmar(db).await.expect("reads"),
        None,
        "[{n}] all signed"
    );

    iniciar_expediente(m.como("MESA_DE_ENTRADA")).await;
    let (desde, hasta) = sin_firmar(db)
        .await
        .expect("reads")
        .unwrap_or_else(|| panic!("[{n}] the new events are not signed yet"));
    assert!(desde <= hasta);
    let segundo = sellar(db, &clave)
        .await
        .expect("signs")
        .expect("a checkpoint");
    bitacora.push_str(&format!("{}\n", linea_de_bitacora(&segundo)));
    assert_eq!(
        sin_firmar(db).await.expect("reads"),
        None,
        "[{n}] all signed again"
    );
    assert_eq!(
        comparar_bitacora(db, &bitacora, &clave)
            .await
            .expect("reads"),
        vec![],
        "[{n}] the log and the database agree"
    );

    // The newest checkpoint deleted from the database: the log still has it.
    punto_control::Entity::delete_by_id(segundo.id)
        .exec(db)
        .await
        .expect("delete");
    let roturas = comparar_bitacora(db, &bitacora, &clave)
        .await
        .expect("reads");
    assert_eq!(roturas.len(), 1, "[{n}] {roturas:?}");
    assert_eq!(
        (roturas[0].entidad.as_str(), roturas[0].entidad_id),
        ("bitacora", segundo.id)
    );
    assert!(
        sin_firmar(db).await.expect("reads").is_some(),
        "[{n}] unsigned again"
    );
    // A forged line (another key) is refused too.
    let otra = ClaveFirma(b"otra clave distinta, tambien de 32 caracteres".to_vec());
    let roturas = comparar_bitacora(db, &bitacora, &otra)
        .await
        .expect("reads");
    assert_eq!(roturas.len(), 2, "[{n}] {roturas:?}");
}

en_cada_base!(
    verify_encuentra_una_fila_alterada_a_mano,
    un_punto_de_control_firmado_descubre_una_cadena_recalculada,
    la_bitacora_descubre_un_punto_de_control_borrado,
);
