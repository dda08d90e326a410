use super::bandeja::nombre_unidad;
use crate::api::admin::ubicaciones;
use crate::api::expedientes::{EnviarPase, ver_expediente};
use crate::model::fecha_hora;
use crate::ui::componentes::{Alerta, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn estado_legible(e: &str) -> &'static str {
    match e {
        "EN_TRAMITE" => "En trámite",
        "EN_TRANSITO" => "En tránsito (pase pendiente de recepción)",
        "ARCHIVADO" => "Archivado",
        _ => "Desconocido",
    }
}

/// One expediente: data, where it is, circuit, historial, and sending a pase.
#[component]
pub fn ExpedientePagina() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let enviar = ServerAction::<EnviarPase>::new();
    let datos = Resource::new(
        move || (id(), enviar.version().get()),
        |(id, _)| ver_expediente(id),
    );
    let lugares = Resource::new(|| (), |_| ubicaciones());
    let error = error_de_formulario(move || enviar.value().get().and_then(Result::err));
    view! {
        <Title text="Expediente · SIGEXP" />
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let (organismos, unidades) = lugares.get().and_then(Result::ok).unwrap_or_default();
                datos.get().map(|r| match r {
                    Err(e) => view! { <h1>"Expediente"</h1><p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok((e, pases, circuito, historial)) => {
                        let u = unidades.clone();
                        let en_tramite = e.estado == "EN_TRAMITE";
                        view! {
                            <h1 class="numero">{e.numero.clone()}</h1>
                            <p class="bajada">{e.extracto.clone()}</p>
                            <p><a href=format!("/expedientes/{}/caratula", e.id)>"Ver e imprimir la carátula"</a></p>
                            <section class="tarjeta" aria-labelledby="datos">
                                <h2 id="datos">"Datos"</h2>
                                <dl class="datos">
                                    <dt>"Estado"</dt><dd>{estado_legible(&e.estado)}</dd>
                                    <dt>"Dónde está"</dt><dd>{nombre_unidad(&unidades, e.unidad_actual_id)}</dd>
                                    <dt>"Iniciador"</dt><dd>{e.iniciador.nombre.clone()} {e.iniciador.documento.clone().map(|d| format!(" ({d})"))}</dd>
                                    <dt>"Iniciado"</dt><dd>{fecha_hora(&e.creado_en)}</dd>
                                    <dt>"Fojas"</dt><dd>{e.fojas}</dd>
                                </dl>
                            </section>
                            {en_tramite.then(|| view! {
                                <section class="tarjeta" aria-labelledby="pase">
                                    <h2 id="pase">"Enviar un pase"</h2>
                                    <Alerta error />
                                    <ActionForm action=enviar attr:class="formulario">
                                        <input type="hidden" name="expediente_id" value=e.id />
                                        <div class="campo">
                                            <label for="destino_unidad_id">"Unidad de destino"</label>
                                            <select id="destino_unidad_id" name="destino_unidad_id">
                                                <option value="">"Elegí la unidad"</option>
                                                {organismos.iter().map(|o| {
                                                    let propias: Vec<_> = u.iter().filter(|x| x.organismo_id == o.id && x.activo).cloned().collect();
                                                    view! {
                                                        <optgroup label=format!("{} — {}", o.codigo, o.nombre)>
                                                            {propias.into_iter().map(|x| view! { <option value=x.id>{format!("{} — {}", x.codigo, x.nombre)}</option> }).collect_view()}
                                                        </optgroup>
                                                    }
                                                }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="campo">
                                            <label for="motivo">"Motivo"</label>
                                            <textarea id="motivo" name="motivo" rows="2" required=true></textarea>
                                        </div>
                                        <button type="submit" class="boton-primario">"Enviar pase"</button>
                                    </ActionForm>
                                </section>
                            })}
                            <section aria-labelledby="circuito">
                                <h2 id="circuito">"Circuito"</h2>
                                <ol class="circuito">
                                    {circuito.items.into_iter().map(|p| view! {
                                        <li>
                                            <strong>{nombre_unidad(&unidades, p.unidad_id)}</strong>
                                            {format!(" · desde {}", fecha_hora(&p.desde))}
                                            {p.hasta.map(|h| format!(" hasta {}", fecha_hora(&h)))}
                                            {format!(" · {} días", p.dias)}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            </section>
                            <section aria-labelledby="pases">
                                <h2 id="pases">"Pases"</h2>
                                {if pases.items.is_empty() {
                                    view! { <p class="vacio">"Todavía no tuvo pases."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul>
                                            {pases.items.into_iter().map(|p| view! {
                                                <li>{format!("{} → {} · {} · {} · {}", nombre_unidad(&unidades, p.origen_unidad_id), nombre_unidad(&unidades, p.destino_unidad_id), p.motivo, p.estado.to_lowercase(), fecha_hora(&p.enviado_en))}</li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section aria-labelledby="historial">
                                <h2 id="historial">"Historial"</h2>
                                <ol class="historial">
                                    {historial.items.into_iter().map(|ev| view! {
                                        <li>{format!("{} · {}", fecha_hora(&ev.en), ev.tipo.replace('_', " ").to_lowercase())}</li>
                                    }).collect_view()}
                                </ol>
                            </section>
                        }.into_any()
                    }
                })
            }}
        </Transition>
    }
}
