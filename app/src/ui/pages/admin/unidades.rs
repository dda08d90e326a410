use crate::api::admin::{CrearUnidad, listar_unidades, todos_los_organismos};
use crate::model::Unidad;
use crate::ui::componentes::{Alerta, Aviso, Campo, Paginador, Regla, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Unidades of one organismo: mesas de entrada and the oficinas that depend on them.
#[component]
pub fn Unidades() -> impl IntoView {
    let query = use_query_map();
    let crear = ServerAction::<CrearUnidad>::new();
    let organismo = move || {
        query
            .read()
            .get("organismo")
            .and_then(|o| o.parse::<i64>().ok())
    };
    let page = move || query.read().get("page").and_then(|p| p.parse().ok());
    let organismos = Resource::new(|| (), |_| todos_los_organismos());
    let lista = Resource::new(
        move || (organismo(), page(), crear.version().get()),
        |(o, page, _)| async move {
            match o {
                Some(o) => listar_unidades(Some(o), None, page).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let error = error_de_formulario(move || crear.value().get().and_then(Result::err));
    let aviso = Signal::derive(move || {
        crear
            .value()
            .get()
            .and_then(Result::ok)
            .map(|u| format!("Unidad {} creada.", u.codigo))
            .or_else(|| {
                query
                    .read()
                    .get("creada")
                    .map(|_| "Unidad creada.".to_owned())
            })
    });
    view! {
        <Title text="Unidades · Administración · SIGEXP" />
        <h2>"Unidades"</h2>
        <Aviso texto=aviso />
        <form method="get" class="busqueda">
            <label for="organismo">"Organismo"</label>
            <select id="organismo" name="organismo">
                <option value="">"Elegí un organismo"</option>
                <Suspense fallback=|| ()>
                    {move || {
                        organismos
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|o| {
                                let elegido = organismo() == Some(o.id);
                                view! {
                                    <option value=o.id selected=elegido>
                                        {format!("{} — {}", o.codigo, o.nombre)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </Suspense>
            </select>
            <button type="submit">"Ver unidades"</button>
        </form>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                lista
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                        Ok(None) => {
                            view! { <p class="vacio">"Elegí un organismo para ver y crear sus unidades."</p> }
                                .into_any()
                        }
                        Ok(Some(l)) => {
                            let organismo_id = organismo().unwrap_or_default();
                            let mesas: Vec<Unidad> = l
                                .items
                                .iter()
                                .filter(|u| u.tipo == "MESA_DE_ENTRADA")
                                .cloned()
                                .collect();
                            let extra = format!("&organismo={organismo_id}");
                            view! {
                                <TablaUnidades unidades=l.items.clone() />
                                <Paginador camino="/admin/unidades" page=l.page per_page=l.per_page total=l.total extra />
                                <section class="tarjeta" aria-labelledby="nueva-unidad">
                                    <h3 id="nueva-unidad">"Nueva unidad"</h3>
                                    <Alerta error />
                                    <ActionForm action=crear attr:class="formulario">
                                        <input type="hidden" name="organismo_id" value=organismo_id />
                                        <Campo id="codigo" etiqueta="Código" ayuda="De 2 a 12 letras o números, p. ej. ME." validar=Regla::Codigo error />
                                        <Campo id="nombre" etiqueta="Nombre" error />
                                        <div class="campo">
                                            <label for="tipo">"Tipo"</label>
                                            <select id="tipo" name="tipo">
                                                <option value="MESA_DE_ENTRADA">"Mesa de entrada"</option>
                                                <option value="OFICINA">"Oficina"</option>
                                            </select>
                                        </div>
                                        <div class="campo">
                                            <label for="mesa_id">"Depende de la mesa (solo oficinas)"</label>
                                            <select id="mesa_id" name="mesa_id">
                                                <option value="">"Ninguna (es una mesa de entrada)"</option>
                                                {mesas
                                                    .into_iter()
                                                    .map(|m| view! { <option value=m.id>{format!("{} — {}", m.codigo, m.nombre)}</option> })
                                                    .collect_view()}
                                            </select>
                                        </div>
                                        <button type="submit" class="boton-primario">"Crear unidad"</button>
                                    </ActionForm>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn TablaUnidades(unidades: Vec<Unidad>) -> impl IntoView {
    if unidades.is_empty() {
        return view! { <p class="vacio">"Este organismo todavía no tiene unidades."</p> }
            .into_any();
    }
    let nombre_de = {
        let u = unidades.clone();
        move |id: Option<i64>| {
            id.and_then(|id| u.iter().find(|x| x.id == id).map(|x| x.codigo.clone()))
                .unwrap_or_else(|| "—".to_owned())
        }
    };
    view! {
        <div class="tabla-contenedor">
            <table>
                <caption class="solo-lectores">"Unidades del organismo"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Código"</th>
                        <th scope="col">"Nombre"</th>
                        <th scope="col">"Tipo"</th>
                        <th scope="col">"Depende de"</th>
                        <th scope="col">"Estado"</th>
                    </tr>
                </thead>
                <tbody>
                    {unidades
                        .into_iter()
                        .map(|u| {
                            let tipo = if u.tipo == "OFICINA" { "Oficina" } else { "Mesa de entrada" };
                            view! {
                                <tr>
                                    <td>{u.codigo.clone()}</td>
                                    <td><a href=format!("/admin/unidades/{}", u.id)>{u.nombre.clone()}</a></td>
                                    <td>{tipo}</td>
                                    <td>{nombre_de(u.mesa_id)}</td>
                                    <td>{if u.activo { "Activa" } else { "Inactiva" }}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
