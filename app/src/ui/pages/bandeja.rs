use crate::api::admin::ubicaciones;
use crate::api::expedientes::{RecibirPase, mi_bandeja};
use crate::model::{Unidad, fecha_hora};
use leptos::prelude::*;
use leptos_meta::Title;

/// Name of a unidad for people, from the list of every unidad.
pub fn nombre_unidad(unidades: &[Unidad], id: i64) -> String {
    unidades.iter().find(|u| u.id == id).map_or_else(
        || format!("Unidad {id}"),
        |u| format!("{} — {}", u.codigo, u.nombre),
    )
}

/// The inbox of the user's unidad: pases to receive and expedientes held.
#[component]
pub fn BandejaPagina() -> impl IntoView {
    let recibir = ServerAction::<RecibirPase>::new();
    let bandeja = Resource::new(move || recibir.version().get(), |_| mi_bandeja());
    let lugares = Resource::new(|| (), |_| ubicaciones());
    view! {
        <Title text="Bandeja · SIGEXP" />
        <h1>"Bandeja"</h1>
        {move || recibir.value().get().and_then(Result::err).map(|e| view! { <p class="alerta" role="alert">{e.message}</p> })}
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let unidades = lugares.get().and_then(Result::ok).map(|l| l.1).unwrap_or_default();
                bandeja.get().map(|r| match r {
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(b) => {
                        let u2 = unidades.clone();
                        view! {
                            <section aria-labelledby="por-recibir">
                                <h2 id="por-recibir">{format!("Por recibir ({})", b.pendientes.len())}</h2>
                                {if b.pendientes.is_empty() {
                                    view! { <p class="vacio">"No hay pases esperando recepción."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="tabla-contenedor">
                                            <table>
                                                <caption class="solo-lectores">"Pases por recibir"</caption>
                                                <thead><tr>
                                                    <th scope="col">"Expediente"</th>
                                                    <th scope="col">"Viene de"</th>
                                                    <th scope="col">"Motivo"</th>
                                                    <th scope="col">"Enviado"</th>
                                                    <th scope="col"><span class="solo-lectores">"Acciones"</span></th>
                                                </tr></thead>
                                                <tbody>
                                                    {b.pendientes.into_iter().map(|p| view! {
                                                        <tr>
                                                            <td><a href=format!("/expedientes/{}", p.expediente_id)>{format!("Expediente {}", p.expediente_id)}</a></td>
                                                            <td>{nombre_unidad(&unidades, p.origen_unidad_id)}</td>
                                                            <td>{p.motivo.clone()}</td>
                                                            <td>{fecha_hora(&p.enviado_en)}</td>
                                                            <td>
                                                                <ActionForm action=recibir>
                                                                    <input type="hidden" name="id" value=p.id />
                                                                    <button type="submit" class="boton-secundario">
                                                                        "Recibir" <span class="solo-lectores">{format!(" expediente {}", p.expediente_id)}</span>
                                                                    </button>
                                                                </ActionForm>
                                                            </td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                }}
                            </section>
                            <section aria-labelledby="en-unidad">
                                <h2 id="en-unidad">{format!("En la unidad ({})", b.en_unidad.len())}</h2>
                                {if b.en_unidad.is_empty() {
                                    view! { <p class="vacio">"La unidad no tiene expedientes."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="tabla-contenedor">
                                            <table>
                                                <caption class="solo-lectores">"Expedientes en la unidad"</caption>
                                                <thead><tr>
                                                    <th scope="col">"Número"</th>
                                                    <th scope="col">"Extracto"</th>
                                                    <th scope="col">"Iniciado en"</th>
                                                    <th scope="col">"Última novedad"</th>
                                                </tr></thead>
                                                <tbody>
                                                    {b.en_unidad.into_iter().map(|e| view! {
                                                        <tr>
                                                            <td><a href=format!("/expedientes/{}", e.id)>{e.numero.clone()}</a></td>
                                                            <td>{e.extracto.clone()}</td>
                                                            <td>{nombre_unidad(&u2, e.unidad_origen_id)}</td>
                                                            <td>{fecha_hora(&e.actualizado_en)}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                })
            }}
        </Transition>
    }
}
