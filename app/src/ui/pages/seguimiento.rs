//! Seguimiento: the expedientes the user follows, the last changed first, with those that
//! changed since the user last opened them marked. Works without JavaScript.

use super::bandeja::{antiguedad, nombre_unidad};
use crate::api::admin::ubicaciones;
use crate::api::expedientes::{SeguirExpediente, mis_seguimientos};
use crate::model::{ESTADOS, fecha_hora};
use crate::ui::componentes::Paginador;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SeguimientoPagina() -> impl IntoView {
    let query = use_query_map();
    let pagina = move || query.read().get("page").and_then(|p| p.parse::<u64>().ok());
    let lista = Resource::new(pagina, mis_seguimientos);
    let lugares = Resource::new(|| (), |_| ubicaciones());
    let dejar = ServerAction::<SeguirExpediente>::new();
    view! {
        <Title text="Seguimiento · SIGEXP" />
        <h1>"Seguimiento"</h1>
        <p class="bajada">"Los expedientes que seguís. El último en cambiar, primero; los que cambiaron desde tu última visita, marcados."</p>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let unidades = lugares.get().and_then(Result::ok).map(|l| l.1).unwrap_or_default();
                lista.get().map(|r| match r {
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! {
                        <p class="vacio">"Todavía no seguís ningún expediente. Abrí uno y elegí “Seguir este expediente” para verlo acá."</p>
                    }.into_any(),
                    Ok(l) => {
                        let cambiaron = l.items.iter().filter(|s| s.cambio_desde_ultima_vista).count();
                        view! {
                            <p role="status">{match cambiaron {
                                0 => "Ninguno cambió desde tu última visita.".to_owned(),
                                1 => "1 cambió desde tu última visita.".to_owned(),
                                n => format!("{n} cambiaron desde tu última visita."),
                            }}</p>
                            <div class="tabla-contenedor">
                                <table>
                                    <caption class="solo-lectores">"Expedientes que seguís"</caption>
                                    <thead><tr>
                                        <th scope="col">"Número"</th>
                                        <th scope="col">"Extracto"</th>
                                        <th scope="col">"Estado"</th>
                                        <th scope="col">"Dónde está"</th>
                                        <th scope="col">"Último cambio"</th>
                                        <th scope="col"><span class="solo-lectores">"Acción"</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {l.items.clone().into_iter().map(|s| {
                                            let e = s.expediente;
                                            view! {
                                                <tr class:cambiado=s.cambio_desde_ultima_vista>
                                                    <td>
                                                        <a href=format!("/expedientes/{}", e.id)>{e.numero.clone()}</a>
                                                        {s.cambio_desde_ultima_vista.then(|| view! { " "<strong class="marca-cambio">"Cambió"</strong> })}
                                                    </td>
                                                    <td>{e.extracto.clone()}</td>
                                                    <td>{ESTADOS.iter().find(|(v, _)| *v == e.estado).map(|(_, t)| *t).unwrap_or("—")}</td>
                                                    <td>{format!("{} ({})", nombre_unidad(&unidades, e.unidad_actual_id), antiguedad(&e.en_unidad_desde))}</td>
                                                    <td>{fecha_hora(&e.actualizado_en)}</td>
                                                    <td>
                                                        <ActionForm action=dejar>
                                                            <input type="hidden" name="id" value=e.id />
                                                            <input type="hidden" name="seguir" value="false" />
                                                            <button type="submit" class="boton-secundario" aria-label=format!("Dejar de seguir {}", e.numero)>"Dejar de seguir"</button>
                                                        </ActionForm>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Paginador camino="/seguimiento" page=l.page per_page=l.per_page total=l.total />
                        }.into_any()
                    }
                })
            }}
        </Transition>
    }
}
