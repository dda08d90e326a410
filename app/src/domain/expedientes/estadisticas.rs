//! The registry of the entes (DOMAIN.md "Queries and registry", API.md `GET /estadisticas`):
//! per unidad, over a period of local dates, what was started, received, sent, rejected and
//! archived there, what it held at the period's end and how much of that was late, and how long
//! the stops there that ended in the period lasted, in días hábiles. An organismo's row adds up
//! its unidades'. Every statement carries the visibility rule of the search: a viewer counts
//! only the expedientes they may see.
//!
//! The counts are grouped by the database; only the ended stops come back as rows (the median
//! and p90 need each of them).

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::acceso::authz;
use crate::domain::expedientes::pases::RECIBIDO;
use crate::domain::expedientes::{EN_TRAMITE, paso_de};
use crate::domain::organizacion::{calendario, organismos, unidades};
use crate::infra::entities::{evento, expediente, pase, tipo_tramite};
use crate::model::{
    Cifras, ConsultaEstadisticas, Estadisticas, FilaOrganismo, FilaUnidad, Mensual,
};
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, IntoColumnRef, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryResult};
use std::collections::{BTreeSet, HashMap};

/// The longest period asked for at once: a year of the registry.
pub const MAX_DIAS: i64 = 366;

const RECHAZADO: &str = "RECHAZADO";
const ANULADO: &str = "ANULADO";
const ARCHIVADO_EVENTO: &str = "EXPEDIENTE_ARCHIVADO";
const DESARCHIVADO_EVENTO: &str = "EXPEDIENTE_DESARCHIVADO";

/// A period of the province's calendar, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periodo {
    pub desde: NaiveDate,
    pub hasta: NaiveDate,
}

impl Periodo {
    /// The period asked for (422 on the field when a date is not `aaaa-mm-dd` between 1900 and
    /// 9999, `hasta` is before `desde` or it spans more than [`MAX_DIAS`]); by default the
    /// month of `hoy`, each date defaulting on its own.
    pub fn de(c: &ConsultaEstadisticas, hoy: NaiveDate) -> Result<Periodo, DomainError> {
        let fecha = |v: Option<&str>, campo: &str| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| calendario::fecha_valida(v, campo))
                .transpose()
        };
        let primero = hoy.with_day(1).unwrap_or(hoy);
        let ultimo = primero
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(hoy);
        let desde = fecha(c.desde.as_deref(), "desde")?.unwrap_or(primero);
        let hasta = fecha(c.hasta.as_deref(), "hasta")?.unwrap_or(ultimo);
        if hasta < desde {
            return Err(DomainError::campo(
                "hasta",
                "La fecha final no puede ser anterior a la inicial.",
            ));
        }
        if (hasta - desde).num_days() >= MAX_DIAS {
            return Err(DomainError::campo(
                "hasta",
                "Elegí un período de hasta un año.",
            ));
        }
        Ok(Periodo { desde, hasta })
    }

    fn inicio(&self) -> DateTime<Utc> {
        calendario::medianoche(self.desde)
    }

    /// The first instant after the period.
    fn fin(&self) -> DateTime<Utc> {
        calendario::medianoche(self.hasta + Days::new(1))
    }
}

/// Promedio, mediana and p90 (nearest rank) of `dias`, in días hábiles; empty for none.
pub fn resumen(dias: &mut [i64]) -> (Option<f64>, Option<f64>, Option<f64>) {
    if dias.is_empty() {
        return (None, None, None);
    }
    dias.sort_unstable();
    let n = dias.len();
    let suma: i64 = dias.iter().sum();
    let promedio = (suma as f64 / n as f64 * 10.0).round() / 10.0;
    let mediana = if n % 2 == 1 {
        dias[n / 2] as f64
    } else {
        (dias[n / 2 - 1] + dias[n / 2]) as f64 / 2.0
    };
    let p90 = dias[(n * 9).div_ceil(10).max(1) - 1] as f64;
    (Some(promedio), Some(mediana), Some(p90))
}

/// What one unidad did; the raw material of its row and of its organismo's.
#[derive(Default)]
struct Acumulado {
    cifras: Cifras,
    dias: Vec<i64>,
}

/// The visibility rule over a column holding the expediente's id, when the actor does not see
/// everything.
fn visibles(actor: &Actor, expediente_id: impl IntoColumnRef) -> Option<SimpleExpr> {
    authz::organismos_visibles(actor).map(|orgs| paso_de(orgs, expediente_id))
}

async fn filas<C: ConnectionTrait>(
    db: &C,
    q: &SelectStatement,
) -> Result<Vec<QueryResult>, DomainError> {
    Ok(db.query_all(q).await?)
}

/// `(unidad, count)` rows of a grouped statement.
async fn conteos<C: ConnectionTrait>(
    db: &C,
    q: &SelectStatement,
) -> Result<Vec<(i64, u64)>, DomainError> {
    filas(db, q)
        .await?
        .iter()
        .map(|r| {
            let u: i64 = r.try_get_by_index(0)?;
            let n: i64 = r.try_get_by_index(1)?;
            Ok((u, u64::try_from(n).unwrap_or_default()))
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(DomainError::from)
}

fn contar() -> SimpleExpr {
    Func::count(Expr::val(1)).into()
}

/// The registry over `periodo` for `actor`, keeping the rows of `organismo_id` when given.
pub async fn calcular(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaEstadisticas,
) -> Result<Estadisticas, DomainError> {
    let periodo = Periodo::de(consulta, calendario::hoy())?;
    let (inicio, fin) = (periodo.inicio(), periodo.fin());
    let ahora = Utc::now();
    let feriados = calendario::feriados(db).await?;
    let plazos: HashMap<i64, i64> = tipo_tramite::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| t.plazo_dias.map(|p| (t.id, i64::from(p))))
        .collect();
    let mut por_unidad: HashMap<i64, Acumulado> = HashMap::new();
    let mut sumar = |filas: Vec<(i64, u64)>, campo: fn(&mut Cifras) -> &mut u64| {
        for (u, n) in filas {
            *campo(&mut por_unidad.entry(u).or_default().cifras) += n;
        }
    };

    // Started.
    let mut q = Query::select();
    q.column(expediente::Column::UnidadOrigenId)
        .expr(contar())
        .from(expediente::Entity)
        .and_where(expediente::Column::CreadoEn.gte(inicio))
        .and_where(expediente::Column::CreadoEn.lt(fin))
        .and_where_option(visibles(
            actor,
            (expediente::Entity, expediente::Column::Id),
        ))
        .group_by_col(expediente::Column::UnidadOrigenId);
    sumar(conteos(db, &q).await?, |c| &mut c.iniciados);

    // Pases received and rejected (by their destination), sent (by their origin).
    let pases_en = |unidad: pase::Column, momento: pase::Column, estado: SimpleExpr| {
        let mut q = Query::select();
        q.column(unidad)
            .expr(contar())
            .from(pase::Entity)
            .and_where(estado)
            .and_where(Expr::col(momento).gte(inicio))
            .and_where(Expr::col(momento).lt(fin))
            .and_where_option(visibles(actor, (pase::Entity, pase::Column::ExpedienteId)))
            .group_by_col(unidad);
        q
    };
    let q = pases_en(
        pase::Column::DestinoUnidadId,
        pase::Column::ResueltoEn,
        pase::Column::Estado.eq(RECIBIDO),
    );
    sumar(conteos(db, &q).await?, |c| &mut c.recibidos);
    let q = pases_en(
        pase::Column::DestinoUnidadId,
        pase::Column::ResueltoEn,
        pase::Column::Estado.eq(RECHAZADO),
    );
    sumar(conteos(db, &q).await?, |c| &mut c.rechazados);
    let q = pases_en(
        pase::Column::OrigenUnidadId,
        pase::Column::EnviadoEn,
        pase::Column::Estado.ne(ANULADO),
    );
    sumar(conteos(db, &q).await?, |c| &mut c.enviados);

    // Archived, by the unidad that held it.
    let mut q = Query::select();
    q.column(evento::Column::UnidadId)
        .expr(contar())
        .from(evento::Entity)
        .and_where(evento::Column::Tipo.eq(ARCHIVADO_EVENTO))
        .and_where(evento::Column::En.gte(inicio))
        .and_where(evento::Column::En.lt(fin))
        .and_where(evento::Column::Entidad.eq("expediente"))
        .and_where(evento::Column::UnidadId.is_not_null())
        .and_where_option(visibles(actor, (evento::Entity, evento::Column::EntidadId)))
        .group_by_col(evento::Column::UnidadId);
    sumar(conteos(db, &q).await?, |c| &mut c.archivados);

    // Held at the period's end, and how many of those were late: now, the expediente's own
    // state; for a past end, the stops open then.
    let retenidos = if fin > ahora {
        vec![retenidos_ahora(actor, ahora, &plazos, &feriados)]
    } else {
        retenidos_al(actor, fin, &plazos, &feriados).into()
    };
    for q in &retenidos {
        for r in filas(db, q).await? {
            let u: i64 = r.try_get_by_index(0)?;
            let n: i64 = r.try_get_by_index(1)?;
            let d: i64 = r.try_get_by_index(2)?;
            let c = &mut por_unidad.entry(u).or_default().cifras;
            c.en_tramite += u64::try_from(n).unwrap_or_default();
            c.demorados += u64::try_from(d).unwrap_or_default();
        }
    }

    // The stops that ended in the period: each reception ends the stop at its origin, which
    // began at the reception before it (or at the start).
    for r in filas(db, &estadias(actor, inicio, fin)).await? {
        let u: i64 = r.try_get_by_index(0)?;
        let hasta: DateTime<Utc> = r.try_get_by_index(1)?;
        let previa: Option<DateTime<Utc>> = r.try_get_by_index(2)?;
        let creado: DateTime<Utc> = r.try_get_by_index(3)?;
        por_unidad
            .entry(u)
            .or_default()
            .dias
            .push(calendario::dias_habiles(
                previa.unwrap_or(creado),
                hasta,
                &feriados,
            ));
    }

    Ok(armar(
        periodo,
        consulta.organismo_id,
        por_unidad,
        organismos::todos(db).await?,
        unidades::todas(db).await?,
    ))
}

/// How many of the grouped rows were late at `t`: arrived (`desde`) before the cut-off of their
/// tipo's threshold (`calendario::corte`), so the database counts them.
fn tardios(
    desde: SimpleExpr,
    tipo: SimpleExpr,
    t: DateTime<Utc>,
    plazos: &HashMap<i64, i64>,
    feriados: &BTreeSet<NaiveDate>,
) -> SimpleExpr {
    let predeterminado = desde.clone().lt(calendario::corte(
        t,
        calendario::PLAZO_PREDETERMINADO,
        feriados,
    ));
    // Without thresholds of their own the tipo is not read: the bandeja's index holds the rest.
    let mut tarde = Expr::case(
        if plazos.is_empty() {
            predeterminado
        } else {
            tipo.clone()
                .is_null()
                .or(tipo.clone().is_not_in(plazos.keys().copied()))
                .and(predeterminado)
        },
        1,
    );
    for (id, plazo) in plazos {
        tarde = tarde.case(
            tipo.clone()
                .eq(*id)
                .and(desde.clone().lt(calendario::corte(t, *plazo, feriados))),
            1,
        );
    }
    let tarde: SimpleExpr = tarde.finally(0).into();
    Func::coalesce([Func::sum(tarde).into(), Expr::val(0)]).into()
}

/// Held now, by unidad: `(unidad, held, late)`.
fn retenidos_ahora(
    actor: &Actor,
    ahora: DateTime<Utc>,
    plazos: &HashMap<i64, i64>,
    feriados: &BTreeSet<NaiveDate>,
) -> SelectStatement {
    let mut q = Query::select();
    q.column(expediente::Column::UnidadActualId)
        .expr(contar())
        .expr(tardios(
            Expr::col(expediente::Column::EnUnidadDesde),
            Expr::col(expediente::Column::TipoTramiteId),
            ahora,
            plazos,
            feriados,
        ))
        .from(expediente::Entity)
        .and_where(expediente::Column::Estado.eq(EN_TRAMITE))
        .and_where_option(visibles(
            actor,
            (expediente::Entity, expediente::Column::Id),
        ))
        .group_by_col(expediente::Column::UnidadActualId);
    q
}

/// The stops open at `t` (a past instant), by unidad as `(unidad, held, late)`: those begun by
/// the start and those begun by a reception, with no reception after them before `t`, no pase
/// on its way at `t` and not archived at `t`.
fn retenidos_al(
    actor: &Actor,
    t: DateTime<Utc>,
    plazos: &HashMap<i64, i64>,
    feriados: &BTreeSet<NaiveDate>,
) -> [SelectStatement; 2] {
    let e = || (expediente::Entity, expediente::Column::Id);
    let q = Alias::new("q");
    let recibido_antes = |desde_id: Option<SimpleExpr>| {
        let mut s = Query::select();
        s.expr(Expr::val(1))
            .from_as(pase::Entity, q.clone())
            .and_where(Expr::col((q.clone(), pase::Column::ExpedienteId)).equals(e()))
            .and_where(Expr::col((q.clone(), pase::Column::Estado)).eq(RECIBIDO))
            .and_where(Expr::col((q.clone(), pase::Column::ResueltoEn)).lt(t));
        if let Some(id) = desde_id {
            s.and_where(Expr::col((q.clone(), pase::Column::Id)).gt(id));
        }
        Expr::exists(s)
    };
    let en_camino = {
        let mut s = Query::select();
        s.expr(Expr::val(1))
            .from_as(pase::Entity, q.clone())
            .and_where(Expr::col((q.clone(), pase::Column::ExpedienteId)).equals(e()))
            .and_where(Expr::col((q.clone(), pase::Column::EnviadoEn)).lt(t))
            .and_where(
                Expr::col((q.clone(), pase::Column::ResueltoEn))
                    .is_null()
                    .or(Expr::col((q.clone(), pase::Column::ResueltoEn)).gte(t)),
            );
        Expr::exists(s)
    };
    // An event's type, as an expression no index covers: otherwise SQLite walks every archive
    // of the province before `t` (`evento(tipo, en)`) for each expediente instead of that
    // expediente's few events (its entity index), 165 s instead of 0.3 s on 20,000 expedientes.
    let sin_indice = |alias: &str| Expr::cust(format!("\"{alias}\".\"tipo\" || ''"));
    let archivado = {
        let (a, d) = (Alias::new("a"), Alias::new("d"));
        let mut desarchivo = Query::select();
        desarchivo
            .expr(Expr::val(1))
            .from_as(evento::Entity, d.clone())
            .and_where(Expr::col((d.clone(), evento::Column::Entidad)).eq("expediente"))
            .and_where(
                Expr::col((d.clone(), evento::Column::EntidadId))
                    .equals((a.clone(), evento::Column::EntidadId)),
            )
            .and_where(sin_indice("d").eq(DESARCHIVADO_EVENTO))
            .and_where(
                Expr::col((d.clone(), evento::Column::En))
                    .gt(Expr::col((a.clone(), evento::Column::En))),
            )
            .and_where(Expr::col((d.clone(), evento::Column::En)).lt(t));
        let mut s = Query::select();
        s.expr(Expr::val(1))
            .from_as(evento::Entity, a.clone())
            .and_where(Expr::col((a.clone(), evento::Column::Entidad)).eq("expediente"))
            .and_where(Expr::col((a.clone(), evento::Column::EntidadId)).equals(e()))
            .and_where(sin_indice("a").eq(ARCHIVADO_EVENTO))
            .and_where(Expr::col((a.clone(), evento::Column::En)).lt(t))
            .and_where(Expr::exists(desarchivo).not());
        Expr::exists(s)
    };

    let mut desde_el_inicio = Query::select();
    let tipo = || Expr::col((expediente::Entity, expediente::Column::TipoTramiteId));
    desde_el_inicio
        .column((expediente::Entity, expediente::Column::UnidadOrigenId))
        .expr(contar())
        .expr(tardios(
            Expr::col((expediente::Entity, expediente::Column::CreadoEn)),
            tipo(),
            t,
            plazos,
            feriados,
        ))
        .from(expediente::Entity)
        .and_where(expediente::Column::CreadoEn.lt(t))
        .and_where(recibido_antes(None).not())
        .and_where(en_camino.clone().not())
        .and_where(archivado.clone().not())
        .and_where_option(visibles(actor, e()))
        .group_by_col((expediente::Entity, expediente::Column::UnidadOrigenId));

    let mut desde_un_pase = Query::select();
    desde_un_pase
        .column((pase::Entity, pase::Column::DestinoUnidadId))
        .expr(contar())
        .expr(tardios(
            Expr::col((pase::Entity, pase::Column::ResueltoEn)),
            tipo(),
            t,
            plazos,
            feriados,
        ))
        .from(pase::Entity)
        .inner_join(
            expediente::Entity,
            Expr::col(e()).equals((pase::Entity, pase::Column::ExpedienteId)),
        )
        .and_where(Expr::col((pase::Entity, pase::Column::Estado)).eq(RECIBIDO))
        .and_where(Expr::col((pase::Entity, pase::Column::ResueltoEn)).lt(t))
        .and_where(recibido_antes(Some(Expr::col((pase::Entity, pase::Column::Id)))).not())
        .and_where(en_camino.not())
        .and_where(archivado.not())
        .and_where_option(visibles(actor, e()))
        .group_by_col((pase::Entity, pase::Column::DestinoUnidadId));
    [desde_el_inicio, desde_un_pase]
}

/// Receptions in `[inicio, fin)`, each as the stop it ended: `(origin unidad, reception, the
/// reception before it or none, the expediente's start)`.
fn estadias(actor: &Actor, inicio: DateTime<Utc>, fin: DateTime<Utc>) -> SelectStatement {
    let p1 = Alias::new("p1");
    let mut previa = Query::select();
    previa
        .expr(Func::max(Expr::col((p1.clone(), pase::Column::ResueltoEn))))
        .from_as(pase::Entity, p1.clone())
        .and_where(
            Expr::col((p1.clone(), pase::Column::ExpedienteId))
                .equals((pase::Entity, pase::Column::ExpedienteId)),
        )
        .and_where(Expr::col((p1.clone(), pase::Column::Estado)).eq(RECIBIDO))
        .and_where(
            Expr::col((p1.clone(), pase::Column::Id))
                .lt(Expr::col((pase::Entity, pase::Column::Id))),
        );
    let mut q = Query::select();
    q.column((pase::Entity, pase::Column::OrigenUnidadId))
        .column((pase::Entity, pase::Column::ResueltoEn))
        .expr(SimpleExpr::SubQuery(None, Box::new(previa.into())))
        .column((expediente::Entity, expediente::Column::CreadoEn))
        .from(pase::Entity)
        .inner_join(
            expediente::Entity,
            Expr::col((expediente::Entity, expediente::Column::Id))
                .equals((pase::Entity, pase::Column::ExpedienteId)),
        )
        .and_where(Expr::col((pase::Entity, pase::Column::Estado)).eq(RECIBIDO))
        .and_where(Expr::col((pase::Entity, pase::Column::ResueltoEn)).gte(inicio))
        .and_where(Expr::col((pase::Entity, pase::Column::ResueltoEn)).lt(fin))
        .and_where_option(visibles(actor, (pase::Entity, pase::Column::ExpedienteId)));
    q
}

/// The rows: every unidad (of `organismo_id`, when given) and every organismo, the organismo's
/// figures adding up its unidades'.
fn armar(
    periodo: Periodo,
    organismo_id: Option<i64>,
    mut por_unidad: HashMap<i64, Acumulado>,
    organismos: Vec<crate::model::Organismo>,
    unidades: Vec<crate::model::Unidad>,
) -> Estadisticas {
    let mut por_organismo: HashMap<i64, Acumulado> = HashMap::new();
    let mut filas_unidades = Vec::new();
    for u in unidades
        .iter()
        .filter(|u| organismo_id.is_none_or(|o| o == u.organismo_id))
    {
        let mut a = por_unidad.remove(&u.id).unwrap_or_default();
        let o = por_organismo.entry(u.organismo_id).or_default();
        let (c, t) = (&a.cifras, &mut o.cifras);
        t.iniciados += c.iniciados;
        t.recibidos += c.recibidos;
        t.enviados += c.enviados;
        t.rechazados += c.rechazados;
        t.en_tramite += c.en_tramite;
        t.archivados += c.archivados;
        t.demorados += c.demorados;
        o.dias.extend_from_slice(&a.dias);
        (
            a.cifras.dias_promedio,
            a.cifras.dias_mediana,
            a.cifras.dias_p90,
        ) = resumen(&mut a.dias);
        filas_unidades.push(FilaUnidad {
            unidad_id: u.id,
            organismo_id: u.organismo_id,
            nombre: u.nombre.clone(),
            cifras: a.cifras,
        });
    }
    let filas_organismos = organismos
        .iter()
        .filter(|o| organismo_id.is_none_or(|id| id == o.id))
        .map(|o| {
            let mut a = por_organismo.remove(&o.id).unwrap_or_default();
            (
                a.cifras.dias_promedio,
                a.cifras.dias_mediana,
                a.cifras.dias_p90,
            ) = resumen(&mut a.dias);
            FilaOrganismo {
                organismo_id: o.id,
                nombre: o.nombre.clone(),
                cifras: a.cifras,
            }
        })
        .collect();
    Estadisticas {
        desde: periodo.desde.format("%Y-%m-%d").to_string(),
        hasta: periodo.hasta.format("%Y-%m-%d").to_string(),
        organismos: filas_organismos,
        unidades: filas_unidades,
    }
}

/// Expedientes started in each of the 12 months that end with the period's last one (of
/// `organismo_id` when given), for the registry's chart.
pub async fn mensual(
    db: &DatabaseConnection,
    actor: &Actor,
    consulta: &ConsultaEstadisticas,
) -> Result<Mensual, DomainError> {
    let periodo = Periodo::de(consulta, calendario::hoy())?;
    let ultimo = periodo.hasta.with_day(1).unwrap_or(periodo.hasta);
    let mut meses = Vec::with_capacity(12);
    for atras in (0..12).rev() {
        let mes = ultimo
            .checked_sub_months(Months::new(atras))
            .unwrap_or(ultimo);
        let siguiente = mes.checked_add_months(Months::new(1)).unwrap_or(mes);
        let mut q = Query::select();
        q.expr(contar())
            .from(expediente::Entity)
            .and_where(expediente::Column::CreadoEn.gte(calendario::medianoche(mes)))
            .and_where(expediente::Column::CreadoEn.lt(calendario::medianoche(siguiente)))
            .and_where_option(
                consulta
                    .organismo_id
                    .map(|o| expediente::Column::OrganismoId.eq(o)),
            )
            .and_where_option(visibles(
                actor,
                (expediente::Entity, expediente::Column::Id),
            ));
        let n: i64 = match filas(db, &q).await?.first() {
            Some(r) => r.try_get_by_index(0)?,
            None => 0,
        };
        meses.push((
            mes.format("%Y-%m").to_string(),
            u64::try_from(n).unwrap_or_default(),
        ));
    }
    Ok(meses)
}

/// The registry as CSV for a spreadsheet in Spanish, as the search's export (`;` separated,
/// UTF-8 with a BOM, formula cells escaped; decimals with a comma): one row per organismo,
/// then one per unidad.
pub fn csv(e: &Estadisticas) -> Result<Vec<u8>, DomainError> {
    use crate::domain::cuentas::importacion::celda_segura;
    let interno = |e: csv::Error| DomainError::Interno(e.to_string());
    let numero = |v: Option<f64>| {
        v.map(|d| d.to_string().replace('.', ","))
            .unwrap_or_default()
    };
    let fecha = crate::model::dia;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    w.write_record([
        "Tipo",
        "Nombre",
        "Desde",
        "Hasta",
        "Iniciados",
        "Recibidos",
        "Enviados",
        "Rechazados",
        "En trámite",
        "Archivados",
        "Demorados",
        "Días hábiles (promedio)",
        "Días hábiles (mediana)",
        "Días hábiles (p90)",
    ])
    .map_err(interno)?;
    let filas = e
        .organismos
        .iter()
        .map(|o| ("Organismo", &o.nombre, &o.cifras))
        .chain(e.unidades.iter().map(|u| ("Unidad", &u.nombre, &u.cifras)));
    for (tipo, nombre, c) in filas {
        w.write_record([
            tipo.to_owned(),
            celda_segura(nombre),
            fecha(&e.desde),
            fecha(&e.hasta),
            c.iniciados.to_string(),
            c.recibidos.to_string(),
            c.enviados.to_string(),
            c.rechazados.to_string(),
            c.en_tramite.to_string(),
            c.archivados.to_string(),
            c.demorados.to_string(),
            numero(c.dias_promedio),
            numero(c.dias_mediana),
            numero(c.dias_p90),
        ])
        .map_err(interno)?;
    }
    w.into_inner()
        .map_err(|e| DomainError::Interno(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dia(a: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(a, m, d).expect("fecha")
    }

    #[test]
    fn el_resumen_da_promedio_mediana_y_p90() {
        assert_eq!(resumen(&mut []), (None, None, None));
        assert_eq!(resumen(&mut [4]), (Some(4.0), Some(4.0), Some(4.0)));
        assert_eq!(
            resumen(&mut [3, 1, 2, 10]),
            (Some(4.0), Some(2.5), Some(10.0))
        );
        let mut diez: Vec<i64> = (1..=10).collect();
        assert_eq!(resumen(&mut diez), (Some(5.5), Some(5.5), Some(9.0)));
        assert_eq!(resumen(&mut [1, 2]).0, Some(1.5));
        assert_eq!(resumen(&mut [1, 1, 2]).0, Some(1.3));
    }

    #[test]
    fn el_periodo_por_omision_es_el_mes_y_se_valida() {
        let hoy = dia(2026, 12, 3);
        let p = Periodo::de(&ConsultaEstadisticas::default(), hoy).expect("periodo");
        assert_eq!((p.desde, p.hasta), (dia(2026, 12, 1), dia(2026, 12, 31)));
        let con = |d: &str, h: &str| ConsultaEstadisticas {
            desde: Some(d.to_owned()),
            hasta: Some(h.to_owned()),
            organismo_id: None,
        };
        let p = Periodo::de(&con("2026-02-01", "2026-02-28"), hoy).expect("febrero");
        assert_eq!(p.fin(), calendario::medianoche(dia(2026, 3, 1)));
        for (d, h, campo) in [
            ("2026-13-01", "", "desde"),
            ("", "ayer", "hasta"),
            ("2026-03-01", "2026-02-01", "hasta"),
            ("2024-12-31", "2026-01-01", "hasta"),
        ] {
            match Periodo::de(&con(d, h), hoy) {
                Err(DomainError::Invalido(campos)) => {
                    assert!(campos.contains_key(campo), "{d} {h}: {campos:?}")
                }
                otro => panic!("{d} {h}: {otro:?}"),
            }
        }
        assert!(Periodo::de(&con("2025-01-01", "2025-12-31"), hoy).is_ok());
    }
}
