//! Bulk generator of realistic expedientes with their circuits and historial: the demo's
//! expedientes (`--demo`) and the benchmark's million (`sigexp generar`).
//!
//! It writes exactly the rows and events the real doors write — numbers from the numerador,
//! visibility by passage (`registrar_paso`), one hash chain per expediente with the datos of
//! `iniciar`, `pases::enviar`/`recibir` and `archivar` — but many at a time: ids are given
//! here, rows go in multi-row INSERTs, one transaction per lote. Ids and numbers are taken up
//! front, so it runs with no other writer (a CLI command, or at startup before serving).

mod textos;

use app::domain::DomainError;
use app::domain::acceso::Actor;
use app::domain::documentos;
use app::domain::expedientes;
use app::domain::expedientes::ARCHIVADO;
use app::domain::expedientes::EN_TRAMITE;
use app::domain::expedientes::EN_TRANSITO;
use app::domain::expedientes::numeracion;
use app::domain::expedientes::pases;
use app::domain::expedientes::pases::PENDIENTE;
use app::domain::organizacion::unidades;
use app::domain::registro::eventos;
use app::domain::registro::eventos::HASH_INICIAL;
use app::infra::db;
use app::infra::entities::evento;
use app::infra::entities::evento_cabeza;
use app::infra::entities::expediente;
use app::infra::entities::expediente_organismo;
use app::infra::entities::numerador;
use app::infra::entities::organismo;
use app::infra::entities::pase;
use app::infra::entities::tipo_tramite;
use app::infra::entities::unidad;
use app::infra::entities::usuario;
use app::model::Perfil;
use chrono::{DateTime, Datelike, SubsecRound, TimeDelta, Utc};
use chrono_tz::America::Argentina::Rio_Gallegos;
use sea_orm::sea_query::{
    Expr, ExprTrait, IntoColumnRef, IntoIden, IntoTableRef, OnConflict, Query,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityName, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// When a generated pase was sent and when it was received.
type EnvioYRecepcion = (DateTime<Utc>, DateTime<Utc>);

/// Expedientes per transaction: enough to amortise the commit, few enough to bound memory.
const LOTE: u64 = 5_000;
/// Bound parameters per INSERT, under SQLite's limit of 32,766.
const MAX_PARAMETROS: usize = 30_000;
/// Out of 1000 expedientes: left with a pase awaiting reception, and archived.
const EN_TRANSITO_POR_MIL: u64 = 50;
const ARCHIVADOS_POR_MIL: u64 = 600;
/// Out of 1000 starts and pases, those that go to the busy mesa.
const OCUPADA_POR_MIL: u64 = 100;
/// Pases per expediente: uniform from 0 to this (5 on average).
const MAX_PASES: u64 = 10;
/// Creation dates go back this many days (six years).
const DIAS_ATRAS: i64 = 6 * 365;

const MINUTO: i64 = 60_000_000;
const HORA: i64 = 60 * MINUTO;
const DIA: i64 = 24 * HORA;

/// How many expedientes to generate, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opciones {
    pub expedientes: u64,
    pub semilla: u64,
}

/// What [`generar`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resumen {
    pub expedientes: u64,
    pub pases: u64,
    pub eventos: u64,
}

/// Generates expedientes over the active unidades and users: started at the mesas (the first
/// mesa by id is the busy one, with a tenth of the starts and of the pases), created over the
/// last six years, numbered after the numerador's last number of each year (which is
/// advanced), most with a tipo de trámite of the active catalogue, with 0 to 10 received pases
/// each; 5 % end with a pase awaiting reception, 60 % archived. The same seed on the same
/// database gives the same data. Calls `progreso(hechos, total)` after each committed lote.
pub async fn generar(
    db: &DatabaseConnection,
    opciones: &Opciones,
    progreso: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Resumen, DomainError> {
    let mut resumen = Resumen::default();
    if opciones.expedientes == 0 {
        return Ok(resumen);
    }
    let generador = Generador::preparar(db, opciones).await?;
    // The next lote is built on a blocking thread while this one is written: JSON and SHA-256
    // on one core, the database on the other.
    let mut proximo = Some(en_paralelo(generador));
    while let Some(tarea) = proximo.take() {
        let (generador, lote) = tarea
            .await
            .map_err(|e| DomainError::Interno(format!("generador: {e}")))?;
        if generador.hechos < generador.total {
            proximo = Some(en_paralelo(generador));
        }
        resumen.expedientes += lote.expedientes.len() as u64;
        resumen.pases += lote.pases.len() as u64;
        resumen.eventos += lote.eventos.len() as u64;
        guardar(db, lote).await?;
        progreso(resumen.expedientes, opciones.expedientes);
    }
    Ok(resumen)
}

fn en_paralelo(mut g: Generador) -> tokio::task::JoinHandle<(Generador, Lote)> {
    tokio::task::spawn_blocking(move || {
        let lote = g.lote();
        (g, lote)
    })
}

/// splitmix64: tiny, fast and the same everywhere, so a seed always gives the same data.
struct Azar(u64);

impl Azar {
    fn new(semilla: u64) -> Self {
        Azar(semilla)
    }

    fn siguiente(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn hasta(&mut self, n: u64) -> u64 {
        ((u128::from(self.siguiente()) * u128::from(n)) >> 64) as u64
    }

    fn por_mil(&mut self, p: u64) -> bool {
        self.hasta(1000) < p
    }

    fn elegir<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.hasta(v.len() as u64) as usize]
    }

    /// A uniform index below `n` that is not in `fuera`, if any is left.
    fn otro(&mut self, n: usize, fuera: &[usize]) -> Option<usize> {
        if (0..n).all(|i| fuera.contains(&i)) {
            return None;
        }
        loop {
            let i = self.hasta(n as u64) as usize;
            if !fuera.contains(&i) {
                return Some(i);
            }
        }
    }

    /// `minimo` plus up to `extra` microseconds, short spans more likely than long ones.
    fn lapso(&mut self, minimo: i64, extra: i64) -> i64 {
        let tope = self.hasta(extra as u64) + 1;
        minimo + self.hasta(tope) as i64
    }
}

/// An active unidad and who acts for it.
struct Lugar {
    id: i64,
    organismo_id: i64,
    /// The organismo's code, the last part of the numbers started here.
    organismo: String,
    /// Index in `Generador::actores`.
    actor: usize,
}

/// The next id of each table this generator fills.
struct Ids {
    expediente: i64,
    pase: i64,
    evento: i64,
}

struct Generador {
    lugares: Vec<Lugar>,
    /// Indexes in `lugares` of the mesas de entrada; the first is the busy one.
    mesas: Vec<usize>,
    actores: Vec<Actor>,
    /// Active tipos de trámite (most expedientes get one when the catalogue has any).
    tipos: Vec<i64>,
    azar: Azar,
    /// Last number given per year (ECOSISTEMA's sequences).
    numeros: BTreeMap<i32, i64>,
    ids: Ids,
    desde: DateTime<Utc>,
    ahora: DateTime<Utc>,
    hechos: u64,
    total: u64,
}

/// The rows of one transaction.
#[derive(Default)]
struct Lote {
    expedientes: Vec<expediente::Model>,
    pasos: Vec<expediente_organismo::Model>,
    pases: Vec<pase::Model>,
    eventos: Vec<evento::Model>,
    cabezas: Vec<evento_cabeza::Model>,
    /// Last number given in this lote per year.
    numeros: BTreeMap<i32, i64>,
}

/// One expediente's hash chain while it is generated.
struct Cadena {
    expediente_id: i64,
    eventos: Vec<evento::Model>,
}

impl Cadena {
    /// Appends an event as `eventos::registrar` would, with the datos the real step writes
    /// (`expedientes::evento` marks an administrator's). The id is given when it is stored.
    fn anotar(
        &mut self,
        actor: &Actor,
        unidad_id: i64,
        tipo: &'static str,
        en: DateTime<Utc>,
        datos: Value,
    ) {
        let e = expedientes::evento(actor, self.expediente_id, unidad_id, tipo, datos);
        let seq = self.eventos.len() as i64 + 1;
        let anterior = self
            .eventos
            .last()
            .map_or(HASH_INICIAL, |u| u.hash.as_str());
        let nuevo = eventos::encadenar(&e, seq, en, anterior);
        self.eventos.push(nuevo);
    }
}

impl Generador {
    /// Reads what the generation builds on: active unidades, who acts for each, the
    /// numerador and the last id of each table.
    async fn preparar(db: &DatabaseConnection, opciones: &Opciones) -> Result<Self, DomainError> {
        let codigos: HashMap<i64, String> = organismo::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.codigo))
            .collect();
        let activas = unidad::Entity::find()
            .filter(unidad::Column::Activo.eq(true))
            .order_by_asc(unidad::Column::Id)
            .all(db)
            .await?;
        let personas = usuario::Entity::find()
            .filter(usuario::Column::Activo.eq(true))
            .order_by_asc(usuario::Column::Id)
            .all(db)
            .await?;
        let primero = |perfil: Perfil| {
            personas
                .iter()
                .find(|u| u.perfil == perfil.codigo())
                .map(|u| u.id)
        };
        // Who acts for a unidad: its own mesa or oficina user; else a mesa de entrada user;
        // else the first administrator.
        let de_reserva = primero(Perfil::MesaDeEntrada).or(primero(Perfil::Administrador));
        let mut actores: Vec<Actor> = Vec::new();
        let mut lugares = Vec::new();
        let mut mesas = Vec::new();
        for u in activas {
            let propio = personas
                .iter()
                .find(|p| {
                    p.unidad_id == Some(u.id)
                        && (p.perfil == Perfil::MesaDeEntrada.codigo()
                            || p.perfil == Perfil::Oficina.codigo())
                })
                .map(|p| p.id);
            let Some(usuario_id) = propio.or(de_reserva) else {
                return Err(DomainError::Interno(
                    "no hay usuarios activos de mesa de entradas ni administradores".into(),
                ));
            };
            let actor = match actores.iter().position(|a| a.id() == usuario_id) {
                Some(i) => i,
                None => {
                    let a = app::domain::acceso::actor::cargar(db, usuario_id)
                        .await?
                        .ok_or(DomainError::NoEncontrado)?;
                    actores.push(a);
                    actores.len() - 1
                }
            };
            if u.tipo == unidades::MESA {
                mesas.push(lugares.len());
            }
            lugares.push(Lugar {
                id: u.id,
                organismo_id: u.organismo_id,
                organismo: codigos
                    .get(&u.organismo_id)
                    .cloned()
                    .ok_or(DomainError::NoEncontrado)?,
                actor,
            });
        }
        if mesas.is_empty() {
            return Err(DomainError::Interno(
                "no hay ninguna mesa de entradas activa donde iniciar expedientes".into(),
            ));
        }
        let tipos = tipo_tramite::Entity::find()
            .filter(tipo_tramite::Column::Activo.eq(true))
            .order_by_asc(tipo_tramite::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        let numeros = numerador::Entity::find()
            .filter(numerador::Column::Ecosistema.eq(numeracion::ECOSISTEMA))
            .all(db)
            .await?
            .into_iter()
            .map(|n| (n.anio, n.ultimo))
            .collect();
        let ids = Ids {
            expediente: ultimo_id(db, expediente::Entity, expediente::Column::Id).await? + 1,
            pase: ultimo_id(db, pase::Entity, pase::Column::Id).await? + 1,
            evento: ultimo_id(db, evento::Entity, evento::Column::Id).await? + 1,
        };
        let ahora = Utc::now().trunc_subsecs(6);
        Ok(Generador {
            lugares,
            mesas,
            actores,
            tipos,
            azar: Azar::new(opciones.semilla),
            numeros,
            ids,
            desde: ahora - TimeDelta::days(DIAS_ATRAS),
            ahora,
            hechos: 0,
            total: opciones.expedientes,
        })
    }

    fn lote(&mut self) -> Lote {
        let n = std::cmp::min(LOTE, self.total - self.hechos);
        let mut lote = Lote::default();
        for _ in 0..n {
            self.expediente(&mut lote);
            self.hechos += 1;
        }
        lote
    }

    /// Creation times grow with the expediente's place in the run, from six years ago to a
    /// day ago, so ids, numbers and dates go in the same order.
    fn cuando_se_crea(&mut self) -> DateTime<Utc> {
        let ventana = (self.ahora - TimeDelta::days(1) - self.desde)
            .num_microseconds()
            .unwrap_or(i64::MAX);
        let lugar = i128::from(self.hechos) * i128::from(ventana)
            + i128::from(self.azar.hasta(ventana as u64));
        self.desde + TimeDelta::microseconds((lugar / i128::from(self.total)) as i64)
    }

    /// Where an expediente starts: the busy mesa one time in ten, otherwise another mesa.
    fn origen(&mut self) -> usize {
        if self.azar.por_mil(OCUPADA_POR_MIL) {
            return self.mesas[0];
        }
        self.azar
            .otro(self.mesas.len(), &[0])
            .map_or(self.mesas[0], |i| self.mesas[i])
    }

    /// Where a pase goes: the busy mesa one time in ten, otherwise any other active unidad.
    fn destino(&mut self, actual: usize) -> usize {
        let ocupada = self.mesas[0];
        if actual != ocupada && (self.lugares.len() == 2 || self.azar.por_mil(OCUPADA_POR_MIL)) {
            return ocupada;
        }
        self.azar
            .otro(self.lugares.len(), &[actual, ocupada])
            .unwrap_or(ocupada)
    }

    /// (sent, received) of each of `k` pases and the time of archiving, after `desde` and
    /// before now: hours to weeks held at each unidad, minutes to days in transit. A circuit
    /// that would end in the future is compressed into the time there is.
    fn tiempos(&mut self, desde: DateTime<Utc>, k: u64) -> (Vec<EnvioYRecepcion>, DateTime<Utc>) {
        let mut tramos = Vec::with_capacity(2 * k as usize + 1);
        for _ in 0..k {
            tramos.push(self.azar.lapso(HORA, 21 * DIA));
            tramos.push(self.azar.lapso(10 * MINUTO, 2 * DIA));
        }
        tramos.push(self.azar.lapso(DIA, 60 * DIA));
        let total: i64 = tramos.iter().sum();
        let hay = (self.ahora - desde).num_microseconds().unwrap_or(i64::MAX);
        let mut t = desde;
        let mut siguiente = |tramo: i64| {
            let tramo = if total > hay {
                (i128::from(tramo) * i128::from(hay) / i128::from(total)) as i64
            } else {
                tramo
            };
            t += TimeDelta::microseconds(tramo);
            t
        };
        let mut viaje = Vec::with_capacity(k as usize);
        for par in tramos[..tramos.len() - 1].chunks(2) {
            let enviado = siguiente(par[0]);
            viaje.push((enviado, siguiente(par[1])));
        }
        let archivo = siguiente(tramos[tramos.len() - 1]);
        (viaje, archivo)
    }

    /// One expediente with its circuit, events, visibility rows and chain head.
    fn expediente(&mut self, lote: &mut Lote) {
        let id = self.ids.expediente;
        self.ids.expediente += 1;
        let creado = self.cuando_se_crea();
        let anio = creado.with_timezone(&Rio_Gallegos).year();
        let origen = self.origen();
        let seq = {
            let n = self.numeros.entry(anio).or_insert(0);
            *n += 1;
            *n
        };
        lote.numeros.insert(anio, seq);
        let numero = numeracion::formatear(
            anio,
            seq,
            numeracion::ECOSISTEMA,
            &self.lugares[origen].organismo,
        );
        let tipo_tramite_id = if !self.tipos.is_empty() && self.azar.por_mil(800) {
            Some(*self.azar.elegir(&self.tipos))
        } else {
            None
        };
        let extracto = textos::extracto(&mut self.azar, anio);
        let (nombre, documento) = textos::iniciador(&mut self.azar);
        let texto_busqueda =
            expedientes::texto_de_busqueda(&numero, &extracto, &nombre, documento.as_deref());
        let lugar = &self.lugares[origen];
        let quien = lugar.actor;
        let actor_id = self.actores[quien].id();
        let mut e = expediente::Model {
            id,
            numero_normalizado: numeracion::normalizar(&numero),
            numero,
            extracto,
            iniciador_nombre: nombre,
            iniciador_documento: documento,
            tipo_tramite_id,
            texto_busqueda,
            organismo_id: lugar.organismo_id,
            unidad_origen_id: lugar.id,
            unidad_actual_id: lugar.id,
            estado: EN_TRAMITE.to_owned(),
            fojas: 0,
            version: 1,
            creado_por: actor_id,
            creado_en: creado,
            actualizado_por: actor_id,
            actualizado_en: creado,
            en_unidad_desde: Some(creado),
        };
        let mut organismos = vec![e.organismo_id];
        let mut cadena = Cadena {
            expediente_id: id,
            eventos: Vec::new(),
        };
        cadena.anotar(
            &self.actores[quien],
            e.unidad_origen_id,
            "EXPEDIENTE_INICIADO",
            creado,
            json!({ "despues": expedientes::a_dto(&e) }),
        );

        let desenlace = self.azar.hasta(1000);
        let puede_viajar = self.lugares.len() > 1;
        let en_transito = puede_viajar && desenlace < EN_TRANSITO_POR_MIL;
        let archivado =
            (EN_TRANSITO_POR_MIL..EN_TRANSITO_POR_MIL + ARCHIVADOS_POR_MIL).contains(&desenlace);
        let k = match (puede_viajar, en_transito) {
            (false, _) => 0,
            (true, true) => 1 + self.azar.hasta(MAX_PASES),
            (true, false) => self.azar.hasta(MAX_PASES + 1),
        };
        let (viaje, archivo) = self.tiempos(creado, k);
        let mut actual = origen;
        let mut constancia: Option<Value> = None;
        for (j, (enviado_en, recibido_en)) in viaje.into_iter().enumerate() {
            let destino = self.destino(actual);
            let motivo = (*self.azar.elegir(textos::MOTIVOS_PASE)).to_owned();
            let (de, a) = (&self.lugares[actual], &self.lugares[destino]);
            let (envia, recibe) = (&self.actores[de.actor], &self.actores[a.actor]);
            let mut p = pase::Model {
                id: self.ids.pase,
                expediente_id: id,
                origen_unidad_id: de.id,
                destino_unidad_id: a.id,
                motivo,
                estado: PENDIENTE.to_owned(),
                fojas: e.fojas,
                enviado_por: envia.id(),
                enviado_en,
                resuelto_por: None,
                resuelto_en: None,
                motivo_rechazo: None,
            };
            self.ids.pase += 1;
            if !organismos.contains(&a.organismo_id) {
                organismos.push(a.organismo_id);
            }
            // Generated expedientes carry no documents: each pase seals none.
            let sellada =
                documentos::constancia(p.id, enviado_en, e.fojas, &[], constancia.as_ref());
            cadena.anotar(
                envia,
                de.id,
                "PASE_ENVIADO",
                enviado_en,
                json!({ "pase": pases::a_dto_pase(&p), "constancia": &sellada }),
            );
            constancia = Some(sellada);
            e.version += 1;
            e.actualizado_por = envia.id();
            e.actualizado_en = enviado_en;
            if en_transito && j as u64 + 1 == k {
                e.estado = EN_TRANSITO.to_owned();
                lote.pases.push(p);
                break;
            }
            p.estado = "RECIBIDO".to_owned();
            p.resuelto_por = Some(recibe.id());
            p.resuelto_en = Some(recibido_en);
            cadena.anotar(
                recibe,
                a.id,
                "PASE_RECIBIDO",
                recibido_en,
                json!({ "pase": pases::a_dto_pase(&p) }),
            );
            e.version += 1;
            e.unidad_actual_id = a.id;
            e.en_unidad_desde = Some(recibido_en);
            e.actualizado_por = recibe.id();
            e.actualizado_en = recibido_en;
            lote.pases.push(p);
            actual = destino;
        }
        if archivado {
            let quien = &self.actores[self.lugares[actual].actor];
            let motivo = *self.azar.elegir(textos::MOTIVOS_ARCHIVO);
            cadena.anotar(
                quien,
                e.unidad_actual_id,
                "EXPEDIENTE_ARCHIVADO",
                archivo,
                json!({ "motivo": motivo }),
            );
            e.estado = ARCHIVADO.to_owned();
            e.version += 1;
            e.actualizado_por = quien.id();
            e.actualizado_en = archivo;
        }

        lote.pasos
            .extend(organismos.into_iter().map(|o| expediente_organismo::Model {
                expediente_id: id,
                organismo_id: o,
            }));
        if let Some(ultimo) = cadena.eventos.last() {
            lote.cabezas.push(evento_cabeza::Model {
                entidad: ultimo.entidad.clone(),
                entidad_id: id,
                seq: ultimo.seq,
                hash: ultimo.hash.clone(),
            });
        }
        for mut ev in cadena.eventos {
            ev.id = self.ids.evento;
            self.ids.evento += 1;
            lote.eventos.push(ev);
        }
        lote.expedientes.push(e);
    }
}

/// The largest id of a table, 0 when it is empty.
async fn ultimo_id(
    db: &DatabaseConnection,
    tabla: impl IntoTableRef,
    id: impl IntoColumnRef,
) -> Result<i64, DbErr> {
    let q = Query::select()
        .expr(Expr::col(id).max())
        .from(tabla)
        .to_owned();
    Ok(match db.query_one(&q).await? {
        Some(fila) => fila.try_get_by_index::<Option<i64>>(0)?.unwrap_or(0),
        None => 0,
    })
}

/// Writes one lote in one write transaction, parents first (foreign keys), and advances the
/// numerador so the next `iniciar` continues each year's sequence without a gap.
async fn guardar(db: &DatabaseConnection, lote: Lote) -> Result<(), DbErr> {
    use expediente::Column as E;
    use pase::Column as P;
    let tx = db::begin_write(db).await?;
    insertar(
        &tx,
        expediente::Entity,
        [
            E::Id,
            E::Numero,
            E::NumeroNormalizado,
            E::Extracto,
            E::IniciadorNombre,
            E::IniciadorDocumento,
            E::TipoTramiteId,
            E::TextoBusqueda,
            E::OrganismoId,
            E::UnidadOrigenId,
            E::UnidadActualId,
            E::Estado,
            E::Fojas,
            E::Version,
            E::CreadoPor,
            E::CreadoEn,
            E::ActualizadoPor,
            E::ActualizadoEn,
            E::EnUnidadDesde,
        ],
        lote.expedientes,
        |e: expediente::Model| {
            [
                Expr::value(e.id),
                Expr::value(e.numero),
                Expr::value(e.numero_normalizado),
                Expr::value(e.extracto),
                Expr::value(e.iniciador_nombre),
                Expr::value(e.iniciador_documento),
                Expr::value(e.tipo_tramite_id),
                Expr::value(e.texto_busqueda),
                Expr::value(e.organismo_id),
                Expr::value(e.unidad_origen_id),
                Expr::value(e.unidad_actual_id),
                Expr::value(e.estado),
                Expr::value(e.fojas),
                Expr::value(e.version),
                Expr::value(e.creado_por),
                Expr::value(e.creado_en),
                Expr::value(e.actualizado_por),
                Expr::value(e.actualizado_en),
                Expr::value(e.en_unidad_desde),
            ]
        },
    )
    .await?;
    insertar(
        &tx,
        expediente_organismo::Entity,
        [
            expediente_organismo::Column::ExpedienteId,
            expediente_organismo::Column::OrganismoId,
        ],
        lote.pasos,
        |p: expediente_organismo::Model| {
            [Expr::value(p.expediente_id), Expr::value(p.organismo_id)]
        },
    )
    .await?;
    insertar(
        &tx,
        pase::Entity,
        [
            P::Id,
            P::ExpedienteId,
            P::OrigenUnidadId,
            P::DestinoUnidadId,
            P::Motivo,
            P::Estado,
            P::Fojas,
            P::EnviadoPor,
            P::EnviadoEn,
            P::ResueltoPor,
            P::ResueltoEn,
            P::MotivoRechazo,
        ],
        lote.pases,
        |p: pase::Model| {
            [
                Expr::value(p.id),
                Expr::value(p.expediente_id),
                Expr::value(p.origen_unidad_id),
                Expr::value(p.destino_unidad_id),
                Expr::value(p.motivo),
                Expr::value(p.estado),
                Expr::value(p.fojas),
                Expr::value(p.enviado_por),
                Expr::value(p.enviado_en),
                Expr::value(p.resuelto_por),
                Expr::value(p.resuelto_en),
                Expr::value(p.motivo_rechazo),
            ]
        },
    )
    .await?;
    insertar(
        &tx,
        evento::Entity,
        [
            evento::Column::Id,
            evento::Column::Entidad,
            evento::Column::EntidadId,
            evento::Column::Seq,
            evento::Column::Tipo,
            evento::Column::ActorId,
            evento::Column::UnidadId,
            evento::Column::En,
            evento::Column::Datos,
            evento::Column::Hash,
            evento::Column::HashAnterior,
        ],
        lote.eventos,
        |e: evento::Model| {
            [
                Expr::value(e.id),
                Expr::value(e.entidad),
                Expr::value(e.entidad_id),
                Expr::value(e.seq),
                Expr::value(e.tipo),
                Expr::value(e.actor_id),
                Expr::value(e.unidad_id),
                Expr::value(e.en),
                Expr::value(e.datos),
                Expr::value(e.hash),
                Expr::value(e.hash_anterior),
            ]
        },
    )
    .await?;
    insertar(
        &tx,
        evento_cabeza::Entity,
        [
            evento_cabeza::Column::Entidad,
            evento_cabeza::Column::EntidadId,
            evento_cabeza::Column::Seq,
            evento_cabeza::Column::Hash,
        ],
        lote.cabezas,
        |c: evento_cabeza::Model| {
            [
                Expr::value(c.entidad),
                Expr::value(c.entidad_id),
                Expr::value(c.seq),
                Expr::value(c.hash),
            ]
        },
    )
    .await?;
    avanzar_numerador(&tx, &lote.numeros).await?;
    if tx.get_database_backend() == DbBackend::Postgres {
        // The ids were given here, not by PostgreSQL's sequences: move each past them, or the
        // next ordinary insert would take an id already used.
        for tabla in [
            expediente::Entity.table_name(),
            pase::Entity.table_name(),
            evento::Entity.table_name(),
        ] {
            tx.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), \
                 (SELECT MAX(id) FROM {tabla}))"
            ))
            .await?;
        }
    }
    tx.commit().await
}

/// Inserts `filas` with as many rows per statement as the parameter limit allows.
async fn insertar<M, T, C, const N: usize>(
    tx: &DatabaseTransaction,
    tabla: T,
    columnas: [C; N],
    filas: Vec<M>,
    valores: fn(M) -> [Expr; N],
) -> Result<(), DbErr>
where
    T: IntoTableRef + Copy,
    C: IntoIden + Copy,
{
    let por_sentencia = (MAX_PARAMETROS / N).max(1);
    let mut filas = filas.into_iter().peekable();
    while filas.peek().is_some() {
        let mut q = Query::insert();
        q.into_table(tabla).columns(columnas);
        for fila in filas.by_ref().take(por_sentencia) {
            q.values_panic(valores(fila));
        }
        tx.execute(&q).await?;
    }
    Ok(())
}

/// Sets each year's counter to the last number given (`iniciar` takes the next one).
async fn avanzar_numerador(
    tx: &DatabaseTransaction,
    numeros: &BTreeMap<i32, i64>,
) -> Result<(), DbErr> {
    use numerador::Column as N;
    if numeros.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table(numerador::Entity)
        .columns([N::Ecosistema, N::Anio, N::Ultimo]);
    for (anio, ultimo) in numeros {
        q.values_panic([
            Expr::value(numeracion::ECOSISTEMA),
            Expr::value(*anio),
            Expr::value(*ultimo),
        ]);
    }
    q.on_conflict(
        OnConflict::columns([N::Ecosistema, N::Anio])
            .update_column(N::Ultimo)
            .to_owned(),
    );
    tx.execute(&q).await?;
    Ok(())
}

/// `sigexp generar`: adds `expedientes` generated expedientes with their circuits (for the
/// demo and benchmarks), on the demo province when there is no organismo yet. Reports progress
/// on stderr every 5 % and a summary at the end.
pub async fn ejecutar(
    config: &crate::config::Config,
    expedientes: u64,
    semilla: u64,
) -> Result<(), String> {
    use app::infra::entities::organismo;
    use sea_orm::EntityTrait;
    let state = crate::preparar(config).await?;
    crate::administrador_inicial(&state, config).await?;
    let sin_organismos = organismo::Entity::find()
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?
        .is_none();
    if sin_organismos {
        super::demo::cargar_provincia_demo(&state).await?;
    }
    let inicio = std::time::Instant::now();
    let mut avisados = 0;
    let mut progreso = |hechos: u64, total: u64| {
        let veintavos = hechos * 20 / std::cmp::max(total, 1);
        if veintavos > avisados {
            avisados = veintavos;
            eprintln!(
                "generar: {hechos} de {total} expedientes ({} %), {:.0} s",
                veintavos * 5,
                inicio.elapsed().as_secs_f64()
            );
        }
    };
    let r = generar(
        &state.db,
        &Opciones {
            expedientes,
            semilla,
        },
        &mut progreso,
    )
    .await
    .map_err(|e| format!("no se pudieron generar los expedientes: {e}"))?;
    println!(
        "Generados {} expedientes, {} pases y {} eventos en {:.1} s.",
        r.expedientes,
        r.pases,
        r.eventos,
        inicio.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_misma_semilla_da_la_misma_secuencia() {
        let (mut a, mut b) = (Azar::new(42), Azar::new(42));
        let xs: Vec<u64> = (0..100).map(|_| a.hasta(1_000_000)).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.hasta(1_000_000)).collect();
        let mut c = Azar::new(43);
        let zs: Vec<u64> = (0..100).map(|_| c.hasta(1_000_000)).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
        assert!(xs.iter().all(|x| *x < 1_000_000));
    }

    #[test]
    fn otro_nunca_da_un_excluido() {
        let mut azar = Azar::new(1);
        for _ in 0..1_000 {
            let i = azar.otro(3, &[0, 2]);
            assert_eq!(i, Some(1));
        }
        assert_eq!(azar.otro(2, &[0, 1]), None);
        assert_eq!(azar.otro(0, &[]), None);
    }
}
