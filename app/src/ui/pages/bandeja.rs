use crate::api::admin::ubicaciones;
use crate::api::expedientes::{EnviarPases, RechazarPase, RecibirPases, mi_bandeja};
use crate::model::{AppError, ConsultaBandeja, Unidad, fecha_hora};
use crate::ui::componentes::{
    Alerta, DestinoPicker, ElegirTodos, Paginador, codificar, error_de_formulario,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Name of a unidad for people, from the list of every unidad.
pub fn nombre_unidad(unidades: &[Unidad], id: i64) -> String {
    unidades.iter().find(|u| u.id == id).map_or_else(
        || format!("Unidad {id}"),
        |u| format!("{} — {}", u.codigo, u.nombre),
    )
}

/// Whole days since an RFC 3339 instant, in words.
pub fn antiguedad(desde: &str) -> String {
    let dias = chrono::DateTime::parse_from_rfc3339(desde)
        .map(|d| (chrono::Utc::now() - d.with_timezone(&chrono::Utc)).num_days())
        .unwrap_or_default();
    match dias {
        i64::MIN..=0 => "hoy".to_owned(),
        1 => "1 día".to_owned(),
        n => format!("{n} días"),
    }
}

/// The inbox of the user's unidad: pases to receive (one, several, or reject with motivo) and
/// expedientes held (send several at once), with filters, sorting and age.
#[component]
pub fn BandejaPagina() -> impl IntoView {
    let query = use_query_map();
    let consulta = move || {
        let q = query.read();
        ConsultaBandeja {
            q: q.get("q").filter(|s| !s.is_empty()),
            orden: q.get("orden").filter(|s| !s.is_empty()),
            page: q.get("page").and_then(|p| p.parse().ok()),
            per_page: None,
        }
    };
    let recibir = ServerAction::<RecibirPases>::new();
    let rechazar = ServerAction::<RechazarPase>::new();
    let enviar = ServerAction::<EnviarPases>::new();
    let bandeja = Resource::new(consulta, |c| mi_bandeja(c.q, c.orden, c.page));
    let lugares = Resource::new(|| (), |_| ubicaciones());
    let error_recibir = error_de_formulario(move || {
        recibir
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| rechazar.value().get().and_then(Result::err))
    });
    let error_enviar = Signal::derive(move || enviar.value().get().and_then(Result::err));
    view! {
        <Title text="Bandeja · SIGEXP" />
        <h1>"Bandeja"</h1>
        <form method="get" action="/bandeja" class="filtros" role="search">
            <div class="campo">
                <label for="q">"Buscar por número, extracto o iniciador"</label>
                <input id="q" name="q" type="search" value=move || query.read().get("q").unwrap_or_default() />
            </div>
            <div class="campo">
                <label for="orden">"Ordenar"</label>
                <select id="orden" name="orden">
                    <option value="antiguos" selected=move || query.read().get("orden").as_deref() != Some("recientes")>"Más antiguos primero"</option>
                    <option value="recientes" selected=move || query.read().get("orden").as_deref() == Some("recientes")>"Más recientes primero"</option>
                </select>
            </div>
            <button type="submit" class="boton-secundario">"Filtrar"</button>
        </form>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let (organismos, unidades) = lugares.get().and_then(Result::ok).unwrap_or_default();
                bandeja.get().map(|r| match r {
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(b) => view! {
                        <Pendientes b=b.clone() unidades=unidades.clone() recibir rechazar error=error_recibir />
                        <EnUnidad b organismos unidades enviar error=error_enviar extra=query_extra(&consulta()) />
                    }.into_any(),
                })
            }}
        </Transition>
    }
}

fn query_extra(c: &ConsultaBandeja) -> String {
    let mut extra = String::new();
    if let Some(q) = &c.q {
        extra.push_str(&format!("&q={}", codificar(q)));
    }
    if let Some(o) = &c.orden {
        extra.push_str(&format!("&orden={}", codificar(o)));
    }
    extra
}

#[component]
fn Pendientes(
    b: crate::model::Bandeja,
    unidades: Vec<Unidad>,
    recibir: ServerAction<RecibirPases>,
    rechazar: ServerAction<RechazarPase>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let titulo = if b.total_pendientes as usize > b.pendientes.len() {
        format!(
            "Por recibir ({}, se muestran los {} más antiguos)",
            b.total_pendientes,
            b.pendientes.len()
        )
    } else {
        format!("Por recibir ({})", b.total_pendientes)
    };
    view! {
        <section aria-labelledby="por-recibir">
            <h2 id="por-recibir">{titulo}</h2>
            <Alerta error />
            {if b.pendientes.is_empty() {
                view! { <p class="vacio">"No hay pases esperando recepción."</p> }.into_any()
            } else {
                view! {
                    <div class="tabla-contenedor">
                        <table>
                            <caption class="solo-lectores">"Pases por recibir"</caption>
                            <thead><tr>
                                <th scope="col">
                                    <span class="solo-lectores">"Elegir"</span>
                                    <ElegirTodos formulario="recibir-varios".to_owned() etiqueta="Elegir todos los pases".to_owned() />
                                </th>
                                <th scope="col">"Expediente"</th>
                                <th scope="col">"Viene de"</th>
                                <th scope="col">"Motivo"</th>
                                <th scope="col">"Espera"</th>
                                <th scope="col"><span class="solo-lectores">"Acciones"</span></th>
                            </tr></thead>
                            <tbody>
                                {b.pendientes.into_iter().map(|p| {
                                    let id_check = format!("recibir-{}", p.pase.id);
                                    let elegir = format!("Elegir {}", p.numero);
                                    let sufijo = format!(" {}", p.numero);
                                    let sufijo2 = sufijo.clone();
                                    view! {
                                        <tr>
                                            <td>
                                                <input type="checkbox" id=id_check.clone() name="pases[]" value=p.pase.id form="recibir-varios" />
                                                <label for=id_check class="solo-lectores">{elegir}</label>
                                            </td>
                                            <td>
                                                <a href=format!("/expedientes/{}", p.pase.expediente_id)>{p.numero}</a>
                                                <br /><span class="secundario">{p.extracto.clone()}</span>
                                            </td>
                                            <td>{nombre_unidad(&unidades, p.pase.origen_unidad_id)}</td>
                                            <td>{p.pase.motivo.clone()}</td>
                                            <td title=fecha_hora(&p.pase.enviado_en)>{antiguedad(&p.pase.enviado_en)}</td>
                                            <td class="acciones">
                                                <ActionForm action=recibir>
                                                    <input type="hidden" name="pases[]" value=p.pase.id />
                                                    <button type="submit" class="boton-secundario">
                                                        "Recibir" <span class="solo-lectores">{sufijo}</span>
                                                    </button>
                                                </ActionForm>
                                                <details class="rechazo">
                                                    <summary>"Rechazar" <span class="solo-lectores">{sufijo2}</span></summary>
                                                    <ActionForm action=rechazar attr:class="formulario">
                                                        <input type="hidden" name="id" value=p.pase.id />
                                                        <div class="campo">
                                                            <label for=format!("motivo-rechazo-{}", p.pase.id)>"Motivo del rechazo"</label>
                                                            <textarea id=format!("motivo-rechazo-{}", p.pase.id) name="motivo" rows="2" required=true></textarea>
                                                        </div>
                                                        <button type="submit" class="boton-peligro">"Rechazar el pase"</button>
                                                    </ActionForm>
                                                </details>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <ActionForm action=recibir attr:id="recibir-varios" attr:class="acciones-lote">
                        <button type="submit" class="boton-primario">"Recibir los elegidos"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn EnUnidad(
    b: crate::model::Bandeja,
    organismos: Vec<crate::model::Organismo>,
    unidades: Vec<Unidad>,
    enviar: ServerAction<EnviarPases>,
    error: Signal<Option<AppError>>,
    extra: String,
) -> impl IntoView {
    let vacio = b.en_unidad.is_empty();
    view! {
        <section aria-labelledby="en-unidad">
            <h2 id="en-unidad">
                {if b.total_en_unidad_es_minimo {
                    format!("En la unidad (más de {})", b.total_en_unidad)
                } else {
                    format!("En la unidad ({})", b.total_en_unidad)
                }}
            </h2>
            {if vacio {
                view! { <p class="vacio">"No hay expedientes en la unidad."</p> }.into_any()
            } else {
                let propia = b.en_unidad.first().map(|e| e.unidad_actual_id);
                view! {
                    <div class="tabla-contenedor">
                        <table>
                            <caption class="solo-lectores">"Expedientes en la unidad"</caption>
                            <thead><tr>
                                <th scope="col">
                                    <span class="solo-lectores">"Elegir"</span>
                                    <ElegirTodos formulario="enviar-varios".to_owned() etiqueta="Elegir todos los expedientes".to_owned() />
                                </th>
                                <th scope="col">"Número"</th>
                                <th scope="col">"Extracto"</th>
                                <th scope="col">"Iniciado en"</th>
                                <th scope="col">"En la unidad"</th>
                            </tr></thead>
                            <tbody>
                                {b.en_unidad.into_iter().map(|e| {
                                    let id_check = format!("enviar-{}", e.id);
                                    view! {
                                        <tr>
                                            <td>
                                                <input type="checkbox" id=id_check.clone() name="expedientes[]" value=e.id form="enviar-varios" />
                                                <label for=id_check class="solo-lectores">{format!("Elegir {}", e.numero)}</label>
                                            </td>
                                            <td><a href=format!("/expedientes/{}", e.id)>{e.numero.clone()}</a></td>
                                            <td>{e.extracto.clone()}</td>
                                            <td>{nombre_unidad(&unidades, e.unidad_origen_id)}</td>
                                            <td title=fecha_hora(&e.en_unidad_desde)>{antiguedad(&e.en_unidad_desde)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <Paginador camino="/bandeja" page=b.page per_page=b.per_page total=b.total_en_unidad extra total_es_minimo=b.total_en_unidad_es_minimo />
                    <section class="tarjeta" aria-labelledby="enviar-titulo">
                        <h3 id="enviar-titulo">"Enviar los elegidos"</h3>
                        <Alerta error />
                        <ActionForm action=enviar attr:id="enviar-varios" attr:class="formulario">
                            <DestinoPicker organismos unidades excluir=propia error=Some(error) />
                            <div class="campo">
                                <label for="motivo-envio">"Motivo"</label>
                                <textarea id="motivo-envio" name="motivo" rows="2" required=true></textarea>
                            </div>
                            <button type="submit" class="boton-primario">"Enviar pase"</button>
                        </ActionForm>
                    </section>
                }.into_any()
            }}
        </section>
    }
}
