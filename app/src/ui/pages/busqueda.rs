use super::bandeja::nombre_unidad;
use crate::api::admin::ubicaciones;
use crate::api::expedientes::buscar_expedientes;
use crate::model::{ESTADOS, FiltroExpedientes, ORDENES, fecha_hora};
use crate::ui::componentes::{Paginador, codificar};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The query parameters of a search, kept by the pages and the CSV link.
const FILTROS: [&str; 10] = [
    "numero",
    "q",
    "estado",
    "organismo_id",
    "unidad_actual_id",
    "unidad_origen_id",
    "paso_por_organismo_id",
    "desde",
    "hasta",
    "orden",
];

/// The expedientes search: number, words, state, organismo, "passed through" and dates, over
/// what the user may see. A GET form, so a search is a link that can be shared or bookmarked.
#[component]
pub fn BusquedaPagina() -> impl IntoView {
    let query = use_query_map();
    let texto = move |k: &str| query.read().get(k).filter(|s| !s.trim().is_empty());
    let filtro = move || FiltroExpedientes {
        numero: texto("numero"),
        q: texto("q"),
        estado: texto("estado"),
        organismo_id: texto("organismo_id").and_then(|v| v.parse().ok()),
        unidad_actual_id: texto("unidad_actual_id").and_then(|v| v.parse().ok()),
        unidad_origen_id: texto("unidad_origen_id").and_then(|v| v.parse().ok()),
        paso_por_organismo_id: texto("paso_por_organismo_id").and_then(|v| v.parse().ok()),
        desde: texto("desde"),
        hasta: texto("hasta"),
        orden: texto("orden"),
        page: texto("page").and_then(|v| v.parse().ok()),
        per_page: None,
    };
    let resultados = Resource::new(filtro, |f| {
        buscar_expedientes(
            f.numero,
            f.q,
            f.estado,
            f.organismo_id,
            f.unidad_actual_id,
            f.unidad_origen_id,
            f.paso_por_organismo_id,
            f.desde,
            f.hasta,
            f.orden,
            f.page,
        )
    });
    let lugares = Resource::new(|| (), |_| ubicaciones());
    let extra = move || {
        FILTROS
            .iter()
            .filter_map(|k| texto(k).map(|v| format!("&{k}={}", codificar(&v))))
            .collect::<String>()
    };
    // The same search as a CSV file: a plain link, so it downloads without JavaScript too.
    let csv = move || {
        format!(
            "/api/v1/expedientes/exportacion.csv?{}",
            extra().trim_start_matches('&')
        )
    };
    let valor = move |k: &'static str| move || texto(k).unwrap_or_default();
    let elegido = move |k: &'static str, v: String| move || texto(k).as_deref() == Some(v.as_str());
    view! {
        <Title text="Expedientes · SIGEXP" />
        <h1>"Expedientes"</h1>
        <form method="get" action="/expedientes" class="filtros" role="search">
            <div class="campo">
                <label for="numero">"Número"</label>
                <input id="numero" name="numero" value=valor("numero") placeholder="EX-2026-00000001-SANTACRUZ-MSA" />
            </div>
            <div class="campo">
                <label for="q">"Palabras del extracto o del iniciador"</label>
                <input id="q" name="q" type="search" value=valor("q") />
            </div>
            <div class="campo">
                <label for="estado">"Estado"</label>
                <select id="estado" name="estado">
                    <option value="">"Todos"</option>
                    {ESTADOS.iter().map(|(v, t)| view! { <option value=*v selected=elegido("estado", (*v).to_owned())>{*t}</option> }).collect_view()}
                </select>
            </div>
            <Suspense fallback=|| ()>
                {move || lugares.get().and_then(Result::ok).map(|(organismos, unidades)| {
                    let opciones = |k: &'static str| organismos.iter().map(|o| view! {
                        <option value=o.id selected=elegido(k, o.id.to_string())>{format!("{} — {}", o.codigo, o.nombre)}</option>
                    }).collect_view();
                    let de_unidades = |k: &'static str| unidades.iter().map(|u| {
                        let organismo = organismos.iter().find(|o| o.id == u.organismo_id).map(|o| o.codigo.clone()).unwrap_or_default();
                        view! { <option value=u.id selected=elegido(k, u.id.to_string())>{format!("{} ({organismo})", u.nombre)}</option> }
                    }).collect_view();
                    view! {
                        <div class="campo">
                            <label for="organismo_id">"Iniciado en el organismo"</label>
                            <select id="organismo_id" name="organismo_id">
                                <option value="">"Cualquiera"</option>
                                {opciones("organismo_id")}
                            </select>
                        </div>
                        <div class="campo">
                            <label for="unidad_actual_id">"Está en la unidad"</label>
                            <select id="unidad_actual_id" name="unidad_actual_id">
                                <option value="">"Cualquiera"</option>
                                {de_unidades("unidad_actual_id")}
                            </select>
                        </div>
                        <div class="campo">
                            <label for="unidad_origen_id">"Iniciado en la unidad"</label>
                            <select id="unidad_origen_id" name="unidad_origen_id">
                                <option value="">"Cualquiera"</option>
                                {de_unidades("unidad_origen_id")}
                            </select>
                        </div>
                        <div class="campo">
                            <label for="paso_por_organismo_id">"Pasó por el organismo"</label>
                            <select id="paso_por_organismo_id" name="paso_por_organismo_id">
                                <option value="">"Cualquiera"</option>
                                {opciones("paso_por_organismo_id")}
                            </select>
                        </div>
                    }
                })}
            </Suspense>
            <div class="campo">
                <label for="desde">"Iniciado desde"</label>
                <input id="desde" name="desde" type="date" value=valor("desde") />
            </div>
            <div class="campo">
                <label for="hasta">"Iniciado hasta"</label>
                <input id="hasta" name="hasta" type="date" value=valor("hasta") />
            </div>
            <div class="campo">
                <label for="orden">"Ordenar"</label>
                <select id="orden" name="orden">
                    {ORDENES.iter().map(|(v, t)| view! { <option value=*v selected=elegido("orden", (*v).to_owned())>{*t}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="boton-primario">"Buscar"</button>
        </form>
        <Transition fallback=|| view! { <p>"Buscando…"</p> }>
            {move || {
                let unidades = lugares.get().and_then(Result::ok).map(|l| l.1).unwrap_or_default();
                resultados.get().map(|r| match r {
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! {
                        <p class="vacio" role="status">"No hay expedientes que coincidan con la búsqueda."</p>
                    }.into_any(),
                    Ok(l) => view! {
                        <div class="tabla-contenedor">
                            <table>
                                <caption class="solo-lectores">"Resultados de la búsqueda"</caption>
                                <thead><tr>
                                    <th scope="col">"Número"</th>
                                    <th scope="col">"Extracto"</th>
                                    <th scope="col">"Estado"</th>
                                    <th scope="col">"Dónde está"</th>
                                    <th scope="col">"Iniciado"</th>
                                </tr></thead>
                                <tbody>
                                    {l.items.into_iter().map(|e| view! {
                                        <tr>
                                            <td><a href=format!("/expedientes/{}", e.id)>{e.numero.clone()}</a></td>
                                            <td>{e.extracto.clone()}</td>
                                            <td>{ESTADOS.iter().find(|(v, _)| *v == e.estado).map(|(_, t)| *t).unwrap_or("—")}</td>
                                            <td>{nombre_unidad(&unidades, e.unidad_actual_id)}</td>
                                            <td>{fecha_hora(&e.creado_en)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <p>
                            <a class="boton-secundario" href=csv() download="">"Descargar CSV"</a>
                            " "<span class="ayuda">"La misma búsqueda, hasta 100.000 filas, para abrir con Excel o LibreOffice."</span>
                        </p>
                        {l.total_es_minimo.then(|| view! {
                            <p class="aviso" role="status">"Hay más de 1.000 expedientes que coinciden: agregá filtros para encontrar el que buscás."</p>
                        })}
                        <Paginador camino="/expedientes" page=l.page per_page=l.per_page total=l.total extra=extra() total_es_minimo=l.total_es_minimo />
                    }.into_any(),
                })
            }}
        </Transition>
    }
}
