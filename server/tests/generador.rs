//! The bulk generator behind `--demo` and `sigexp generar`, on SQLite and PostgreSQL: what it
//! writes keeps the rules of what the real doors write, and the app goes on from there.

mod comun;

use app::domain::expedientes::numeracion;
use app::domain::expedientes::numeracion::ECOSISTEMA;
use app::infra::entities::evento;
use app::infra::entities::expediente;
use app::infra::entities::expediente_organismo;
use app::infra::entities::numerador;
use app::infra::entities::organismo;
use app::infra::entities::pase;
use app::infra::entities::unidad;
use chrono::{Datelike, FixedOffset};
use comun::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use server::cli::generar;
use server::cli::generar::Opciones;
use std::collections::{BTreeMap, HashMap, HashSet};

async fn los_expedientes_generados_cumplen_las_reglas_y_la_numeracion_sigue(base: Base) {
    let app = spawn_app(base).await;
    let b = app.base.nombre();
    let db = &app.state.db;
    server::cli::demo::cargar_provincia_demo(&app.state)
        .await
        .expect("demo province loads");
    let mut avisos = Vec::new();
    let r = generar::generar(
        db,
        &Opciones {
            expedientes: 200,
            semilla: 7,
        },
        &mut |hechos: u64, total: u64| avisos.push((hechos, total)),
    )
    .await
    .expect("generates");
    assert_eq!(r.expedientes, 200, "[{b}]");
    assert_eq!(avisos.last(), Some(&(200, 200)), "[{b}] progress");
    assert!(
        (600..=1400).contains(&r.pases),
        "[{b}] ~5 pases each: {r:?}"
    );
    assert!(r.eventos >= 2 * r.pases, "[{b}] {r:?}");

    // Every chain verifies, and every event written is counted.
    let v = app::domain::registro::verificacion::verificar(db, None)
        .await
        .expect("verify runs");
    assert!(v.roturas.is_empty(), "[{b}] {:?}", v.roturas);
    let del_historial = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .count(db)
        .await
        .expect("count");
    assert_eq!(del_historial, r.eventos, "[{b}]");

    // Numbers: GDE-shaped, unique, gap-free from 1 in each year, numerador advanced.
    let codigos: HashMap<i64, String> = organismo::Entity::find()
        .all(db)
        .await
        .expect("organismos")
        .into_iter()
        .map(|o| (o.id, o.codigo))
        .collect();
    let generados = expediente::Entity::find()
        .order_by_asc(expediente::Column::Id)
        .all(db)
        .await
        .expect("expedientes");
    assert_eq!(generados.len(), 200, "[{b}]");
    // Santa Cruz keeps UTC−3 all year.
    let provincia = FixedOffset::west_opt(3 * 3600).expect("UTC-3");
    let mut normalizados = HashSet::new();
    let mut por_anio: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for e in &generados {
        let anio = e.creado_en.with_timezone(&provincia).year();
        let seq: i64 = e
            .numero
            .split('-')
            .nth(2)
            .and_then(|s| s.parse().ok())
            .expect("sequence part");
        assert_eq!(
            e.numero,
            numeracion::formatear(anio, seq, ECOSISTEMA, &codigos[&e.organismo_id]),
            "[{b}] year of creation, organismo iniciador"
        );
        assert!(numeracion::es_automatico(&e.numero, ECOSISTEMA));
        assert_eq!(e.numero_normalizado, numeracion::normalizar(&e.numero));
        let texto = migrations::busqueda::de_expediente(
            &e.numero,
            &e.extracto,
            &e.iniciador_nombre,
            e.iniciador_documento.as_deref(),
        );
        assert_eq!(e.texto_busqueda, texto, "[{b}] as iniciar");
        assert!(
            normalizados.insert(e.numero_normalizado.clone()),
            "[{b}] repeated {}",
            e.numero
        );
        por_anio.entry(anio).or_default().push(seq);
    }
    assert!(
        por_anio.len() >= 5,
        "[{b}] six years: {:?}",
        por_anio.keys()
    );
    let contadores: HashMap<i32, i64> = numerador::Entity::find()
        .filter(numerador::Column::Ecosistema.eq(ECOSISTEMA))
        .all(db)
        .await
        .expect("numerador")
        .into_iter()
        .map(|n| (n.anio, n.ultimo))
        .collect();
    for (anio, seqs) in por_anio.iter_mut() {
        seqs.sort_unstable();
        let esperado: Vec<i64> = (1..=seqs.len() as i64).collect();
        assert_eq!(*seqs, esperado, "[{b}] {anio} gap-free");
        assert_eq!(
            contadores.get(anio),
            Some(&(seqs.len() as i64)),
            "[{b}] {anio}"
        );
    }

    // States, custody and visibility by passage follow the pases.
    let organismo_de: HashMap<i64, i64> = unidad::Entity::find()
        .all(db)
        .await
        .expect("unidades")
        .into_iter()
        .map(|u| (u.id, u.organismo_id))
        .collect();
    let pases_todos = pase::Entity::find()
        .order_by_asc(pase::Column::Id)
        .all(db)
        .await
        .expect("pases");
    assert_eq!(pases_todos.len() as u64, r.pases, "[{b}]");
    let mut pases_de: HashMap<i64, Vec<&pase::Model>> = HashMap::new();
    for p in &pases_todos {
        pases_de.entry(p.expediente_id).or_default().push(p);
    }
    let paso: HashSet<(i64, i64)> = expediente_organismo::Entity::find()
        .all(db)
        .await
        .expect("expediente_organismo")
        .into_iter()
        .map(|x| (x.expediente_id, x.organismo_id))
        .collect();
    let mut esperado_paso = HashSet::new();
    let (mut en_transito, mut archivados) = (0, 0);
    for e in &generados {
        let ps = pases_de.get(&e.id).map_or(&[][..], Vec::as_slice);
        let pendientes: Vec<_> = ps.iter().filter(|p| p.estado == "PENDIENTE").collect();
        match e.estado.as_str() {
            "EN_TRANSITO" => {
                en_transito += 1;
                assert_eq!(pendientes.len(), 1, "[{b}] {}", e.numero);
                assert_eq!(pendientes[0].id, ps[ps.len() - 1].id, "the last pase");
                assert_eq!(pendientes[0].origen_unidad_id, e.unidad_actual_id);
            }
            "EN_TRAMITE" | "ARCHIVADO" => {
                archivados += usize::from(e.estado == "ARCHIVADO");
                assert!(pendientes.is_empty(), "[{b}] {}", e.numero);
            }
            otro => panic!("[{b}] unexpected estado {otro}"),
        }
        assert!(
            ps.iter()
                .all(|p| p.estado == "PENDIENTE" || p.estado == "RECIBIDO")
        );
        let (custodia, desde) = ps
            .iter()
            .rfind(|p| p.estado == "RECIBIDO")
            .map_or((e.unidad_origen_id, Some(e.creado_en)), |p| {
                (p.destino_unidad_id, p.resuelto_en)
            });
        assert_eq!(e.unidad_actual_id, custodia, "[{b}] {}", e.numero);
        assert_eq!(e.en_unidad_desde, desde, "[{b}] {}", e.numero);
        let mut antes = e.creado_en;
        for p in ps {
            assert_ne!(p.origen_unidad_id, p.destino_unidad_id);
            assert!(antes < p.enviado_en, "[{b}] {} times grow", e.numero);
            antes = p.resuelto_en.unwrap_or(p.enviado_en);
            assert!(p.enviado_en <= antes);
            esperado_paso.insert((e.id, organismo_de[&p.destino_unidad_id]));
        }
        esperado_paso.insert((e.id, e.organismo_id));
    }
    assert_eq!(paso, esperado_paso, "[{b}] visibility by passage");
    assert!((1..=30).contains(&en_transito), "[{b}] ~5 % in transit");
    assert!((80..=160).contains(&archivados), "[{b}] ~60 % archived");

    // The busy mesa's bandeja agrees with the states.
    let ocupada = unidad::Entity::find()
        .filter(unidad::Column::Tipo.eq("MESA_DE_ENTRADA"))
        .filter(unidad::Column::Activo.eq(true))
        .order_by_asc(unidad::Column::Id)
        .one(db)
        .await
        .expect("read")
        .expect("a mesa");
    let admin = app.admin().await;
    admin
        .crear(
            "/api/v1/usuarios",
            json!({"email": "mesa.ocupada@prueba.gob.ar", "nombre": "Mesa", "apellido": "Ocupada",
                   "perfil": "MESA_DE_ENTRADA", "unidad_id": ocupada.id,
                   "organismo_id": ocupada.organismo_id, "password": CLAVE_MUNDO}),
        )
        .await;
    let mesa_ocupada = app.cliente();
    mesa_ocupada
        .login("mesa.ocupada@prueba.gob.ar", CLAVE_MUNDO)
        .await
        .esperar(200);
    let bandeja = mesa_ocupada.get("/api/v1/bandeja").await.esperar(200);
    let por_id: HashMap<i64, &expediente::Model> = generados.iter().map(|e| (e.id, e)).collect();
    let pendientes_de = |id: i64| {
        pases_de.get(&id).map_or(0, |ps| {
            ps.iter().filter(|p| p.estado == "PENDIENTE").count()
        })
    };
    let pendientes = bandeja["pendientes"].as_array().expect("pendientes");
    for p in pendientes {
        let e = por_id[&p["expediente_id"].as_i64().expect("id")];
        assert_eq!(e.estado, "EN_TRANSITO", "[{b}] {}", e.numero);
        assert_eq!(pendientes_de(e.id), 1, "[{b}] {}", e.numero);
    }
    let en_unidad = bandeja["en_unidad"].as_array().expect("en_unidad");
    for x in en_unidad {
        let e = por_id[&x["id"].as_i64().expect("id")];
        assert_eq!(e.estado, "EN_TRAMITE", "[{b}] {}", e.numero);
        assert_eq!(e.unidad_actual_id, ocupada.id);
        assert_eq!(pendientes_de(e.id), 0, "[{b}] {}", e.numero);
    }
    let esperados_pendientes = pases_todos
        .iter()
        .filter(|p| p.estado == "PENDIENTE" && p.destino_unidad_id == ocupada.id)
        .count();
    let esperados_en_unidad = generados
        .iter()
        .filter(|e| e.estado == "EN_TRAMITE" && e.unidad_actual_id == ocupada.id)
        .count();
    assert_eq!(bandeja["total_pendientes"], esperados_pendientes, "[{b}]");
    assert_eq!(bandeja["total_en_unidad"], esperados_en_unidad, "[{b}]");
    assert!(
        esperados_pendientes + esperados_en_unidad > 0,
        "[{b}] the busy mesa has work"
    );

    // The longest one is found by its number, and its circuit and historial answer like
    // any other's.
    let (largo, recibidos) = generados
        .iter()
        .map(|e| {
            let n = pases_de
                .get(&e.id)
                .map_or(0, |ps| ps.iter().filter(|p| p.estado == "RECIBIDO").count());
            (e, n)
        })
        .max_by_key(|(_, n)| *n)
        .expect("some expediente");
    assert!(recibidos >= 2, "[{b}]");
    let x = admin
        .get(&format!(
            "/api/v1/expedientes/por-numero/{}",
            largo.numero_normalizado.to_lowercase()
        ))
        .await
        .esperar(200);
    assert_eq!(x["id"], largo.id);
    let c = admin
        .get(&format!("/api/v1/expedientes/{}/circuito", largo.id))
        .await
        .esperar(200);
    assert_eq!(c["total"], 1 + recibidos);
    assert_eq!(c["items"][0]["unidad_id"], largo.unidad_origen_id);
    assert_eq!(c["items"][recibidos]["unidad_id"], largo.unidad_actual_id);
    let h = admin
        .get(&format!("/api/v1/expedientes/{}/historial", largo.id))
        .await
        .esperar(200);
    let tipos: Vec<&str> = h["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["tipo"].as_str())
        .collect();
    assert_eq!(tipos[0], "EXPEDIENTE_INICIADO");
    assert_eq!(
        tipos.iter().filter(|t| **t == "PASE_RECIBIDO").count(),
        recibidos
    );

    // `--demo` on a database with expedientes adds none.
    server::cli::demo::cargar_demo(&app.state)
        .await
        .expect("demo loads");
    let n = expediente::Entity::find().count(db).await.expect("count");
    assert_eq!(n, 200, "[{b}]");

    // An ordinary start takes the next number of this year and a fresh id, and its pase
    // and events fresh ids too (PostgreSQL's sequences were moved past the given ids).
    let mesa_msa = app.cliente();
    mesa_msa
        .login("mesa@demo.sigexp.local", server::cli::demo::CLAVE_DEMO)
        .await
        .esperar(200);
    let anio = numeracion::anio_provincial();
    let ultimo = por_anio.get(&anio).map_or(0, |s| s.len() as i64);
    let nuevo = mesa_msa
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Solicitud de licencia por estudio", "iniciador": {"nombre": "Ana Pérez"}}),
        )
        .await;
    assert_eq!(
        nuevo["numero"],
        numeracion::formatear(anio, ultimo + 1, ECOSISTEMA, "MSA"),
        "[{b}]"
    );
    let id = nuevo["id"].as_i64().expect("id");
    assert!(id > generados[generados.len() - 1].id, "[{b}]");
    mesa_msa
        .crear(
            &format!("/api/v1/expedientes/{id}/pases"),
            json!({"destino_unidad_id": ocupada.id, "motivo": "Para su intervención"}),
        )
        .await;
    let v = app::domain::registro::verificacion::verificar(db, None)
        .await
        .expect("verify runs");
    assert!(v.roturas.is_empty(), "[{b}] {:?}", v.roturas);
}

async fn la_demo_trae_expedientes_una_sola_vez(base: Base) {
    let app = spawn_app(base).await;
    let b = app.base.nombre();
    server::cli::demo::cargar_demo(&app.state)
        .await
        .expect("demo loads");
    server::cli::demo::cargar_demo(&app.state)
        .await
        .expect("a second load does nothing");
    let n = expediente::Entity::find()
        .count(&app.state.db)
        .await
        .expect("count");
    assert_eq!(n, 300, "[{b}]");
    let v = app::domain::registro::verificacion::verificar(&app.state.db, None)
        .await
        .expect("verify runs");
    assert!(v.roturas.is_empty(), "[{b}] {:?}", v.roturas);
}

async fn una_busqueda_amplia_cuenta_hasta_mil_y_sigue_paginando(base: Base) {
    let app = spawn_app(base).await;
    let b = app.base.nombre();
    server::cli::demo::cargar_provincia_demo(&app.state)
        .await
        .expect("demo province loads");
    generar::generar(
        &app.state.db,
        &Opciones {
            expedientes: 1_050,
            semilla: 3,
        },
        &mut |_: u64, _: u64| {},
    )
    .await
    .expect("generates");
    let admin = app.admin().await;
    let l = admin
        .get("/api/v1/expedientes?per_page=200")
        .await
        .esperar(200);
    assert_eq!(
        (l["total"].as_u64(), l["total_es_minimo"].as_bool()),
        (Some(1000), Some(true)),
        "[{b}] the count stops at 1,000"
    );
    let ultima = admin
        .get("/api/v1/expedientes?per_page=200&page=6")
        .await
        .esperar(200);
    assert_eq!(
        ultima["items"].as_array().map(Vec::len),
        Some(50),
        "[{b}] pages beyond the count still answer"
    );
    let pocos = admin
        .get("/api/v1/expedientes?estado=EN_TRANSITO")
        .await
        .esperar(200);
    assert_eq!(
        pocos["total_es_minimo"], false,
        "[{b}] a narrow search is exact"
    );
    let en_transito = expediente::Entity::find()
        .filter(expediente::Column::Estado.eq("EN_TRANSITO"))
        .count(&app.state.db)
        .await
        .expect("count");
    assert_eq!(pocos["total"].as_u64(), Some(en_transito), "[{b}]");

    // "Passed through" counts by its own path: the exact number, or 1,000 and "more".
    for o in organismo::Entity::find()
        .all(&app.state.db)
        .await
        .expect("organismos")
    {
        let pasaron = expediente_organismo::Entity::find()
            .filter(expediente_organismo::Column::OrganismoId.eq(o.id))
            .count(&app.state.db)
            .await
            .expect("count");
        let l = admin
            .get(&format!(
                "/api/v1/expedientes?paso_por_organismo_id={}",
                o.id
            ))
            .await
            .esperar(200);
        assert_eq!(
            (l["total"].as_u64(), l["total_es_minimo"].as_bool()),
            (Some(pasaron.min(1000)), Some(pasaron > 1000)),
            "[{b}] organismo {}",
            o.codigo
        );
    }
}

/// The shape of an event's datos: every key at every level, leaves only as "a value" (ids,
/// times and texts differ between two expedientes; what is written must not).
fn forma(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), forma(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().take(1).map(forma).collect()),
        _ => Value::Null,
    }
}

async fn el_generador_escribe_los_eventos_que_escriben_las_puertas(base: Base) {
    let app = spawn_app(base).await;
    let b = app.base.nombre();
    let db = &app.state.db;
    let m = mundo(&app).await;
    let (mesa, oficina) = (m.como("MESA_DE_ENTRADA"), m.como("OFICINA"));

    // Through the doors: start, send and receive there and back, archive.
    let e = mesa
        .crear(
            "/api/v1/expedientes",
            json!({"extracto": "Expediente hecho por las puertas", "iniciador": {"nombre": "Ana", "documento": "20-12345678-6"}}),
        )
        .await;
    let id = e["id"].as_i64().expect("id");
    for (de, a, destino) in [(mesa, oficina, m.oficina_msa), (oficina, mesa, m.mesa_msa)] {
        let p = de
            .crear(
                &format!("/api/v1/expedientes/{id}/pases"),
                json!({"destino_unidad_id": destino, "motivo": "Para su intervención"}),
            )
            .await;
        a.post_vacio(&format!("/api/v1/pases/{}/recibir", p["id"]))
            .await
            .esperar(200);
    }
    mesa.post(
        &format!("/api/v1/expedientes/{id}/archivar"),
        json!({"motivo": "Concluido"}),
    )
    .await
    .esperar(200);
    let de_las_puertas = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.eq(id))
        .order_by_asc(evento::Column::Seq)
        .all(db)
        .await
        .expect("events");

    generar::generar(
        db,
        &Opciones {
            expedientes: 60,
            semilla: 11,
        },
        &mut |_, _| {},
    )
    .await
    .expect("generates");
    let generados = evento::Entity::find()
        .filter(evento::Column::Entidad.eq("expediente"))
        .filter(evento::Column::EntidadId.gt(id))
        .all(db)
        .await
        .expect("events");
    let mut por_tipo: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for ev in &generados {
        let datos: Value = serde_json::from_str(&ev.datos).expect("json");
        por_tipo
            .entry(ev.tipo.clone())
            .or_default()
            .insert(forma(&datos).to_string());
        assert!(
            ev.actor_id.is_some() && ev.unidad_id.is_some(),
            "[{b}] {ev:?}"
        );
    }
    let tipos: Vec<&str> = de_las_puertas.iter().map(|ev| ev.tipo.as_str()).collect();
    assert_eq!(
        tipos,
        [
            "EXPEDIENTE_INICIADO",
            "PASE_ENVIADO",
            "PASE_RECIBIDO",
            "PASE_ENVIADO",
            "PASE_RECIBIDO",
            "EXPEDIENTE_ARCHIVADO"
        ],
        "[{b}]"
    );
    for ev in &de_las_puertas {
        let datos: Value = serde_json::from_str(&ev.datos).expect("json");
        let formas = por_tipo
            .get(&ev.tipo)
            .unwrap_or_else(|| panic!("[{b}] the generator writes no {}", ev.tipo));
        assert_eq!(
            formas.iter().collect::<Vec<_>>(),
            vec![&forma(&datos).to_string()],
            "[{b}] {}: the generator writes what the door writes",
            ev.tipo
        );
    }

    // The generated constancias chain as the doors' do, and every chain verifies.
    let informe = app::domain::documentos::verificar_constancias(db, &app.state.almacenes)
        .await
        .expect("constancias checked");
    assert!(
        informe.problemas.is_empty(),
        "[{b}] {:?}",
        informe.problemas
    );
    let v = app::domain::registro::verificacion::verificar(db, None)
        .await
        .expect("verify runs");
    assert!(v.roturas.is_empty(), "[{b}] {:?}", v.roturas);
}

en_cada_base!(
    los_expedientes_generados_cumplen_las_reglas_y_la_numeracion_sigue,
    la_demo_trae_expedientes_una_sola_vez,
    una_busqueda_amplia_cuenta_hasta_mil_y_sigue_paginando,
    el_generador_escribe_los_eventos_que_escriben_las_puertas,
);
