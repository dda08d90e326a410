use crate::api::admin::listar_auditoria;
use crate::model::{Evento, fecha_hora};
use crate::ui::componentes::Paginador;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Who changed what in the organisation, newest first.
#[component]
pub fn Auditoria() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse().ok());
    let lista = Resource::new(page, listar_auditoria);
    view! {
        <Title text="Auditoría · Administración · SIGEXP" />
        <h2>"Auditoría"</h2>
        <p class="bajada">"Cada cambio en organismos, unidades y usuarios, con quién lo hizo y cuándo. Los registros no se pueden modificar."</p>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                lista
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                        Ok(l) if l.items.is_empty() => view! { <p class="vacio">"Todavía no hay cambios registrados."</p> }.into_any(),
                        Ok(l) => view! {
                            <div class="tabla-contenedor">
                                <table class="tabla-auditoria">
                                    <caption class="solo-lectores">"Eventos de auditoría"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Fecha y hora"</th>
                                            <th scope="col">"Evento"</th>
                                            <th scope="col">"Sobre"</th>
                                            <th scope="col">"Usuario que actuó"</th>
                                            <th scope="col">"Detalle"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {l.items.into_iter().map(|e| view! { <FilaEvento e /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <Paginador camino="/admin/auditoria" page=l.page per_page=l.per_page total=l.total />
                        }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn FilaEvento(e: Evento) -> impl IntoView {
    let tipo = e.tipo.replace('_', " ").to_lowercase();
    let detalle = serde_json::to_string(&e.datos).unwrap_or_default();
    view! {
        <tr>
            <td>{fecha_hora(&e.en)}</td>
            <td>{tipo}</td>
            <td>{format!("{} {}", e.entidad, e.entidad_id)}</td>
            <td>{e.actor_id.map(|a| format!("usuario {a}")).unwrap_or_else(|| "sistema".to_owned())}</td>
            <td><code class="detalle">{detalle}</code></td>
        </tr>
    }
}
