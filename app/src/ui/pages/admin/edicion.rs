//! Editing one organismo or one unidad.

use crate::api::admin::{
    ModificarOrganismo, ModificarUnidad, listar_unidades, obtener_organismo, obtener_unidad,
};
use crate::ui::componentes::{Alerta, Aviso, Campo, Regla, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn id_de_la_ruta() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse().ok())
            .unwrap_or_default()
    }
}

fn aviso_guardado(hecho: impl Fn() -> bool + Send + Sync + 'static) -> Signal<Option<String>> {
    let query = use_query_map();
    Signal::derive(move || {
        (hecho() || query.read().get("guardado").is_some()).then(|| "Cambios guardados.".to_owned())
    })
}

#[component]
pub fn OrganismoEdicion() -> impl IntoView {
    let id = id_de_la_ruta();
    let guardar = ServerAction::<ModificarOrganismo>::new();
    let organismo = Resource::new(
        move || (id(), guardar.version().get()),
        |(id, _)| obtener_organismo(id),
    );
    let error = error_de_formulario(move || guardar.value().get().and_then(Result::err));
    let aviso = aviso_guardado(move || guardar.value().get().is_some_and(|r| r.is_ok()));
    view! {
        <Title text="Organismo · Administración · SIGEXP" />
        <p><a href="/admin/organismos">"← Volver a organismos"</a></p>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || organismo.get().map(|r| match r {
                Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                Ok(o) => view! {
                    <h2>{format!("Organismo {}", o.codigo)}</h2>
                    <section class="tarjeta">
                        <Aviso texto=aviso />
                        <Alerta error />
                        <ActionForm action=guardar attr:class="formulario">
                            <input type="hidden" name="id" value=o.id />
                            <Campo id="codigo" etiqueta="Código" valor=o.codigo.clone() validar=Regla::Codigo error />
                            <Campo id="nombre" etiqueta="Nombre" valor=o.nombre.clone() error />
                            <div class="campo">
                                <label for="tipo">"Tipo"</label>
                                <select id="tipo" name="tipo">
                                    <option value="CENTRAL" selected=o.tipo == "CENTRAL">"Administración central"</option>
                                    <option value="DESCENTRALIZADO" selected=o.tipo == "DESCENTRALIZADO">"Ente descentralizado"</option>
                                </select>
                            </div>
                            <label class="opcion"><input type="checkbox" name="activo" value="1" checked=o.activo />" Activo"</label>
                            <button type="submit" class="boton-primario">"Guardar cambios"</button>
                        </ActionForm>
                    </section>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
pub fn UnidadEdicion() -> impl IntoView {
    let id = id_de_la_ruta();
    let guardar = ServerAction::<ModificarUnidad>::new();
    let datos = Resource::new(
        move || (id(), guardar.version().get()),
        |(id, _)| async move {
            let u = obtener_unidad(id).await?;
            let hermanas = listar_unidades(Some(u.organismo_id), None, Some(1)).await?;
            Ok::<_, crate::model::AppError>((u, hermanas.items))
        },
    );
    let error = error_de_formulario(move || guardar.value().get().and_then(Result::err));
    let aviso = aviso_guardado(move || guardar.value().get().is_some_and(|r| r.is_ok()));
    view! {
        <Title text="Unidad · Administración · SIGEXP" />
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || datos.get().map(|r| match r {
                Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                Ok((u, hermanas)) => {
                    let mesas: Vec<_> = hermanas.into_iter().filter(|h| h.tipo == "MESA_DE_ENTRADA" && h.id != u.id).collect();
                    view! {
                        <p><a href=format!("/admin/unidades?organismo={}", u.organismo_id)>"← Volver a las unidades del organismo"</a></p>
                        <h2>{format!("Unidad {}", u.codigo)}</h2>
                        <section class="tarjeta">
                            <Aviso texto=aviso />
                            <Alerta error />
                            <ActionForm action=guardar attr:class="formulario">
                                <input type="hidden" name="id" value=u.id />
                                <Campo id="codigo" etiqueta="Código" valor=u.codigo.clone() validar=Regla::Codigo error />
                                <Campo id="nombre" etiqueta="Nombre" valor=u.nombre.clone() error />
                                <div class="campo">
                                    <label for="tipo">"Tipo"</label>
                                    <select id="tipo" name="tipo">
                                        <option value="MESA_DE_ENTRADA" selected=u.tipo == "MESA_DE_ENTRADA">"Mesa de entrada"</option>
                                        <option value="OFICINA" selected=u.tipo == "OFICINA">"Oficina"</option>
                                    </select>
                                </div>
                                <div class="campo">
                                    <label for="mesa_id">"Depende de la mesa (solo oficinas)"</label>
                                    <select id="mesa_id" name="mesa_id">
                                        <option value="">"Ninguna (es una mesa de entrada)"</option>
                                        {mesas.into_iter().map(|m| view! { <option value=m.id selected=Some(m.id) == u.mesa_id>{format!("{} — {}", m.codigo, m.nombre)}</option> }).collect_view()}
                                    </select>
                                    {move || error.get().and_then(|e| e.campo("mesa_id").map(str::to_owned)).map(|m| view! { <p class="error-campo">{m}</p> })}
                                </div>
                                <label class="opcion"><input type="checkbox" name="activo" value="1" checked=u.activo />" Activa"</label>
                                <button type="submit" class="boton-primario">"Guardar cambios"</button>
                            </ActionForm>
                        </section>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
