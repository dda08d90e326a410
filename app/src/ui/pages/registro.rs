//! Registro: the registry of the entes over a period (DOMAIN.md "Queries and registry"). The
//! figures per organismo and unidad, a monthly chart and a ranking of the slowest unidades drawn
//! as SVG on the server (each with the same data as a table), links to the searches that list
//! what a figure counts, and the CSV. A GET form: a period is a link to share.

use crate::api::admin::ubicaciones;
use crate::api::expedientes::registro;
use crate::model::{Cifras, Estadisticas, FilaUnidad, Mensual, Organismo, dia};
use crate::ui::componentes::codificar;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const MESES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];

/// Unidades in the ranking of the slowest.
const EN_EL_RANKING: usize = 10;

/// `aaaa-mm` as "dic 2026".
fn mes(m: &str) -> String {
    let (a, n) = m.split_once('-').unwrap_or((m, ""));
    let nombre = n
        .parse::<usize>()
        .ok()
        .and_then(|n| MESES.get(n.wrapping_sub(1)))
        .copied()
        .unwrap_or(n);
    format!("{nombre} {a}")
}

/// Días hábiles with a decimal comma; a dash when no stop ended.
fn dias(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |d| d.to_string().replace('.', ","))
}

#[component]
pub fn RegistroPagina() -> impl IntoView {
    let query = use_query_map();
    let texto = move |k: &str| query.read().get(k).filter(|s| !s.trim().is_empty());
    let consulta = move || {
        (
            texto("desde"),
            texto("hasta"),
            texto("organismo_id").and_then(|v| v.parse::<i64>().ok()),
        )
    };
    let datos = Resource::new(consulta, |(d, h, o)| registro(d, h, o));
    let lugares = Resource::new(|| (), |_| ubicaciones());
    view! {
        <Title text="Registro · SIGEXP" />
        <h1>"Registro de expedientes"</h1>
        <p class="bajada">"Lo que hizo cada organismo y cada unidad en el período, contando solo lo que tu perfil te permite ver. Los días son hábiles: no cuentan fines de semana ni feriados."</p>
        <Transition fallback=|| view! { <p>"Calculando…"</p> }>
            {move || {
                let organismos = lugares.get().and_then(Result::ok).map(|l| l.0).unwrap_or_default();
                datos.get().map(|r| match r {
                    Err(e) => view! {
                        <Filtros desde=texto("desde") hasta=texto("hasta") organismo=consulta().2 organismos />
                        <p class="alerta" role="alert">{if e.fields.is_empty() { e.message } else { e.fields.into_values().collect::<Vec<_>>().join(" ") }}</p>
                    }.into_any(),
                    Ok((e, meses)) => view! {
                        <Filtros desde=Some(e.desde.clone()) hasta=Some(e.hasta.clone()) organismo=consulta().2 organismos />
                        <Informe e meses organismo=consulta().2 />
                    }.into_any(),
                })
            }}
        </Transition>
    }
}

#[component]
fn Filtros(
    desde: Option<String>,
    hasta: Option<String>,
    organismo: Option<i64>,
    organismos: Vec<Organismo>,
) -> impl IntoView {
    view! {
        <form method="get" action="/registro" class="filtros" role="search" aria-label="Período y organismo">
            <div class="campo">
                <label for="desde">"Desde"</label>
                <input id="desde" name="desde" type="date" value=desde />
            </div>
            <div class="campo">
                <label for="hasta">"Hasta"</label>
                <input id="hasta" name="hasta" type="date" value=hasta />
            </div>
            <div class="campo">
                <label for="organismo_id">"Organismo"</label>
                <select id="organismo_id" name="organismo_id">
                    <option value="">"Toda la provincia"</option>
                    {organismos.into_iter().map(|o| view! {
                        <option value=o.id selected=organismo == Some(o.id)>{format!("{} — {}", o.codigo, o.nombre)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="boton-primario">"Ver"</button>
        </form>
    }
}

#[component]
fn Informe(e: Estadisticas, meses: Mensual, organismo: Option<i64>) -> impl IntoView {
    let periodo = format!("del {} al {}", dia(&e.desde), dia(&e.hasta));
    let mut parametros = format!("desde={}&hasta={}", e.desde, e.hasta);
    if let Some(o) = organismo {
        parametros.push_str(&format!("&organismo_id={o}"));
    }
    let csv = format!("/api/v1/estadisticas/exportacion.csv?{parametros}");
    let (desde, hasta) = (e.desde.clone(), e.hasta.clone());
    let busqueda = move |filtro: String| {
        format!(
            "/expedientes?{filtro}&desde={}&hasta={}",
            codificar(&desde),
            codificar(&hasta)
        )
    };
    let busqueda_organismo = busqueda.clone();
    let filas_organismos = e
        .organismos
        .iter()
        .filter(|o| organismo.is_some() || o.cifras != Cifras::default())
        .cloned()
        .collect::<Vec<_>>();
    let nombre_organismo = {
        let organismos = e.organismos.clone();
        move |id: i64| {
            organismos
                .iter()
                .find(|o| o.organismo_id == id)
                .map(|o| o.nombre.clone())
                .unwrap_or_default()
        }
    };
    let filas_unidades = e
        .unidades
        .iter()
        .filter(|u| organismo.is_some() || u.cifras != Cifras::default())
        .cloned()
        .collect::<Vec<_>>();
    view! {
        <h2>{format!("Período {periodo}")}</h2>
        <p>
            <a class="boton-secundario" href=csv download="">"Descargar CSV"</a>
            " "<span class="ayuda">"Las mismas cifras, por organismo y por unidad, para abrir con Excel o LibreOffice."</span>
        </p>
        <GraficoMensual meses />
        <Ranking unidades=e.unidades.clone() nombre_organismo=nombre_organismo.clone() />
        <TablaCifras
            id="por-organismo"
            titulo="Por organismo"
            primera="Organismo"
            vacio="En este período no hay movimientos que puedas ver."
            periodo=periodo.clone()
            filas=filas_organismos
                .into_iter()
                .map(|o| Fila {
                    nombre: o.nombre,
                    detalle: None,
                    iniciados: busqueda_organismo(format!("organismo_id={}", o.organismo_id)),
                    retenidos: None,
                    cifras: o.cifras,
                })
                .collect()
        />
        <TablaCifras
            id="por-unidad"
            titulo="Por unidad"
            primera="Unidad"
            vacio="Ninguna unidad tuvo movimientos que puedas ver en este período."
            periodo=periodo.clone()
            filas=filas_unidades
                .into_iter()
                .map(|u| Fila {
                    detalle: Some(nombre_organismo(u.organismo_id)),
                    iniciados: busqueda(format!("unidad_origen_id={}", u.unidad_id)),
                    retenidos: Some(format!(
                        "/expedientes?unidad_actual_id={}&estado=EN_TRAMITE&orden=-antiguedad",
                        u.unidad_id
                    )),
                    nombre: u.nombre,
                    cifras: u.cifras,
                })
                .collect()
        />
        <p class="ayuda">"Recibidos, enviados, rechazados y archivados cuentan los pases y archivos del período; en trámite y demorados, lo que cada unidad tenía al final del período (hoy, si el período llega a hoy); los días, las estadías que terminaron en el período, desde la recepción hasta la recepción en la unidad siguiente."</p>
    }
}

/// One row of a table of figures: whose, and the searches its figures open.
struct Fila {
    nombre: String,
    /// A second line under the name (a unidad's organismo).
    detalle: Option<String>,
    iniciados: String,
    retenidos: Option<String>,
    cifras: Cifras,
}

/// The figures per organismo or per unidad, or what to say when no row has any.
#[component]
fn TablaCifras(
    id: &'static str,
    titulo: &'static str,
    primera: &'static str,
    vacio: &'static str,
    periodo: String,
    filas: Vec<Fila>,
) -> impl IntoView {
    let cuerpo = if filas.is_empty() {
        view! { <p class="vacio">{vacio}</p> }.into_any()
    } else {
        view! {
            <div class="tabla-contenedor">
                <table class="cifras">
                    <caption class="solo-lectores">{format!("Cifras {}, {periodo}", titulo.to_lowercase())}</caption>
                    <Encabezado primera />
                    <tbody>
                        {filas.into_iter().map(|f| view! {
                            <tr>
                                <th scope="row">
                                    {f.nombre}
                                    {f.detalle.map(|d| view! { <br /><span class="ayuda">{d}</span> })}
                                </th>
                                <Celdas c=f.cifras iniciados=Some(f.iniciados) retenidos=f.retenidos />
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{titulo}</h2>
            {cuerpo}
        </section>
    }
}

#[component]
fn Encabezado(primera: &'static str) -> impl IntoView {
    view! {
        <thead><tr>
            <th scope="col">{primera}</th>
            <th scope="col">"Iniciados"</th>
            <th scope="col">"Recibidos"</th>
            <th scope="col">"Enviados"</th>
            <th scope="col">"Rechazados"</th>
            <th scope="col">"En trámite"</th>
            <th scope="col">"Demorados"</th>
            <th scope="col">"Archivados"</th>
            <th scope="col">"Días promedio"</th>
            <th scope="col">"Mediana"</th>
            <th scope="col">"P90"</th>
        </tr></thead>
    }
}

/// One row's figures; started, held and late link to the search that lists them when given.
#[component]
fn Celdas(c: Cifras, iniciados: Option<String>, retenidos: Option<String>) -> impl IntoView {
    let enlace = |n: u64, href: Option<String>| match href {
        Some(h) if n > 0 => view! { <a href=h>{n}</a> }.into_any(),
        _ => view! { {n} }.into_any(),
    };
    view! {
        <td>{enlace(c.iniciados, iniciados)}</td>
        <td>{c.recibidos}</td>
        <td>{c.enviados}</td>
        <td>{c.rechazados}</td>
        <td>{enlace(c.en_tramite, retenidos.clone())}</td>
        <td class:demorado={c.demorados > 0}>{enlace(c.demorados, retenidos)}</td>
        <td>{c.archivados}</td>
        <td>{dias(c.dias_promedio)}</td>
        <td>{dias(c.dias_mediana)}</td>
        <td>{dias(c.dias_p90)}</td>
    }
}

/// Expedientes started per month, as vertical bars, and the same as a table.
#[component]
fn GraficoMensual(meses: Mensual) -> impl IntoView {
    const ANCHO: f64 = 640.0;
    const ALTO: f64 = 220.0;
    const BASE: f64 = 190.0;
    let maximo = meses.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let paso = ANCHO / meses.len().max(1) as f64;
    let total: u64 = meses.iter().map(|(_, n)| n).sum();
    let resumen = match (meses.first(), meses.last()) {
        (Some(a), Some(b)) => format!(
            "{total} expedientes iniciados de {} a {}; el mes con más, {}.",
            mes(&a.0),
            mes(&b.0),
            meses
                .iter()
                .max_by_key(|(_, n)| *n)
                .map(|(m, n)| format!("{} con {n}", mes(m)))
                .unwrap_or_default()
        ),
        _ => String::new(),
    };
    let barras = meses
        .iter()
        .enumerate()
        .map(|(i, (m, n))| {
            let alto = (*n as f64 / maximo * (BASE - 30.0)).max(if *n > 0 { 1.0 } else { 0.0 });
            let x = i as f64 * paso + paso * 0.15;
            let centro = i as f64 * paso + paso / 2.0;
            let etiqueta = mes(m);
            let corta = etiqueta.split(' ').next().unwrap_or_default().to_owned();
            view! {
                <g>
                    <rect x=format!("{x:.1}") y=format!("{:.1}", BASE - alto) width=format!("{:.1}", paso * 0.7) height=format!("{alto:.1}") />
                    <text x=format!("{centro:.1}") y=format!("{:.1}", BASE - alto - 6.0) text-anchor="middle" class="valor">{*n}</text>
                    <text x=format!("{centro:.1}") y=format!("{:.1}", ALTO - 8.0) text-anchor="middle">{corta}</text>
                </g>
            }
        })
        .collect_view();
    let filas = meses.clone();
    view! {
        <section aria-labelledby="grafico-mensual" class="tarjeta">
            <h2 id="grafico-mensual">"Expedientes iniciados por mes"</h2>
            <svg class="grafico" viewBox=format!("0 0 {ANCHO} {ALTO}") role="img" aria-labelledby="grafico-mensual grafico-mensual-resumen">
                <line x1="0" y1=BASE x2=ANCHO y2=BASE class="eje" />
                {barras}
            </svg>
            <p id="grafico-mensual-resumen" class="ayuda">{resumen}</p>
            <details>
                <summary>"Ver los datos del gráfico como tabla"</summary>
                <table>
                    <caption class="solo-lectores">"Expedientes iniciados por mes"</caption>
                    <thead><tr><th scope="col">"Mes"</th><th scope="col">"Iniciados"</th></tr></thead>
                    <tbody>
                        {filas.into_iter().map(|(m, n)| view! { <tr><th scope="row">{mes(&m)}</th><td>{n}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

/// The unidades whose stops lasted longest on average, as horizontal bars, and as a table.
#[component]
fn Ranking(
    unidades: Vec<FilaUnidad>,
    nombre_organismo: impl Fn(i64) -> String + 'static,
) -> impl IntoView {
    const ANCHO: f64 = 640.0;
    const FILA: f64 = 30.0;
    const NOMBRES: f64 = 250.0;
    let mut lentas: Vec<FilaUnidad> = unidades
        .into_iter()
        .filter(|u| u.cifras.dias_promedio.is_some())
        .collect();
    lentas.sort_by(|a, b| {
        b.cifras
            .dias_promedio
            .partial_cmp(&a.cifras.dias_promedio)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    lentas.truncate(EN_EL_RANKING);
    if lentas.is_empty() {
        return view! {
            <section aria-labelledby="ranking" class="tarjeta">
                <h2 id="ranking">"Unidades más lentas"</h2>
                <p class="vacio">"Ninguna estadía terminó en este período: todavía no hay tiempos para comparar."</p>
            </section>
        }
        .into_any();
    }
    let maximo = lentas
        .iter()
        .filter_map(|u| u.cifras.dias_promedio)
        .fold(1.0_f64, f64::max);
    let alto = FILA * lentas.len() as f64 + 10.0;
    let barras = lentas
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let d = u.cifras.dias_promedio.unwrap_or_default();
            let largo = (d / maximo * (ANCHO - NOMBRES - 60.0)).max(1.0);
            let y = i as f64 * FILA + 5.0;
            let mut nombre = u.nombre.clone();
            if nombre.chars().count() > 30 {
                nombre = nombre.chars().take(29).collect::<String>() + "…";
            }
            view! {
                <g>
                    <text x=format!("{:.1}", NOMBRES - 8.0) y=format!("{:.1}", y + 18.0) text-anchor="end">{nombre}</text>
                    <rect x=NOMBRES y=format!("{y:.1}") width=format!("{largo:.1}") height=format!("{:.1}", FILA - 10.0) />
                    <text x=format!("{:.1}", NOMBRES + largo + 6.0) y=format!("{:.1}", y + 18.0) class="valor">{dias(Some(d))}</text>
                </g>
            }
        })
        .collect_view();
    let resumen = lentas
        .first()
        .map(|u| {
            format!(
                "La más lenta, {}, con {} días hábiles de promedio.",
                u.nombre,
                dias(u.cifras.dias_promedio)
            )
        })
        .unwrap_or_default();
    view! {
        <section aria-labelledby="ranking" class="tarjeta">
            <h2 id="ranking">"Unidades más lentas"</h2>
            <p class="ayuda">"Promedio de días hábiles que tuvieron cada expediente, sobre las estadías que terminaron en el período."</p>
            <svg class="grafico" viewBox=format!("0 0 {ANCHO} {alto}") role="img" aria-labelledby="ranking ranking-resumen">
                {barras}
            </svg>
            <p id="ranking-resumen" class="ayuda">{resumen}</p>
            <details>
                <summary>"Ver el ranking como tabla"</summary>
                <table>
                    <caption class="solo-lectores">"Unidades más lentas"</caption>
                    <thead><tr>
                        <th scope="col">"Unidad"</th>
                        <th scope="col">"Organismo"</th>
                        <th scope="col">"Días promedio"</th>
                        <th scope="col">"Mediana"</th>
                        <th scope="col">"P90"</th>
                    </tr></thead>
                    <tbody>
                        {lentas.into_iter().map(|u| view! {
                            <tr>
                                <th scope="row">{u.nombre.clone()}</th>
                                <td>{nombre_organismo(u.organismo_id)}</td>
                                <td>{dias(u.cifras.dias_promedio)}</td>
                                <td>{dias(u.cifras.dias_mediana)}</td>
                                <td>{dias(u.cifras.dias_p90)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
    .into_any()
}
