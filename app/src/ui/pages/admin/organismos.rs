use crate::api::admin::{CambiarOrganismoActivo, CrearOrganismo, listar_organismos};
use crate::model::Organismo;
use crate::ui::componentes::{
    Alerta, Aviso, Campo, Paginador, Regla, codificar, error_de_formulario,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Organismos() -> impl IntoView {
    let query = use_query_map();
    let crear = ServerAction::<CrearOrganismo>::new();
    let activar = ServerAction::<CambiarOrganismoActivo>::new();
    let q = move || query.read().get("q");
    let page = move || query.read().get("page").and_then(|p| p.parse().ok());
    let lista = Resource::new(
        move || (q(), page(), crear.version().get(), activar.version().get()),
        |(q, page, _, _)| listar_organismos(q, page),
    );
    let error = error_de_formulario(move || crear.value().get().and_then(Result::err));
    let aviso = Signal::derive(move || {
        let creado = crear.value().get().and_then(Result::ok).map(|o| o.codigo);
        creado
            .or_else(|| query.read().get("creado").map(|_| String::new()))
            .map(|c| format!("Organismo {c} creado.").replace("  ", " "))
    });
    view! {
        <Title text="Organismos · Administración · SIGEXP" />
        <h2>"Organismos"</h2>
        <Aviso texto=aviso />
        <form method="get" class="busqueda" role="search">
            <label for="q">"Buscar por código o nombre"</label>
            <input id="q" name="q" type="search" value=q />
            <button type="submit">"Buscar"</button>
        </form>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                lista
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                        Ok(l) if l.items.is_empty() => {
                            view! { <p class="vacio">"No hay organismos que coincidan."</p> }.into_any()
                        }
                        Ok(l) => {
                            let extra = q().map(|q| format!("&q={}", codificar(&q))).unwrap_or_default();
                            view! {
                                <div class="tabla-contenedor">
                                    <table>
                                        <caption class="solo-lectores">"Organismos"</caption>
                                        <thead>
                                            <tr>
                                                <th scope="col">"Código"</th>
                                                <th scope="col">"Nombre"</th>
                                                <th scope="col">"Tipo"</th>
                                                <th scope="col">"Estado"</th>
                                                <th scope="col"><span class="solo-lectores">"Acciones"</span></th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {l.items.into_iter().map(|o| view! { <FilaOrganismo o activar /> }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Paginador camino="/admin/organismos" page=l.page per_page=l.per_page total=l.total extra />
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
        <section class="tarjeta" aria-labelledby="nuevo-organismo">
            <h3 id="nuevo-organismo">"Nuevo organismo"</h3>
            <Alerta error />
            <ActionForm action=crear attr:class="formulario">
                <Campo id="codigo" etiqueta="Código" ayuda="De 2 a 12 letras o números, p. ej. MSA." validar=Regla::Codigo error />
                <Campo id="nombre" etiqueta="Nombre" error />
                <div class="campo">
                    <label for="tipo">"Tipo"</label>
                    <select id="tipo" name="tipo">
                        <option value="CENTRAL">"Administración central"</option>
                        <option value="DESCENTRALIZADO">"Ente descentralizado"</option>
                    </select>
                </div>
                <button type="submit" class="boton-primario" disabled=move || crear.pending().get()>
                    "Crear organismo"
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn FilaOrganismo(o: Organismo, activar: ServerAction<CambiarOrganismoActivo>) -> impl IntoView {
    let tipo = if o.tipo == "CENTRAL" {
        "Central"
    } else {
        "Descentralizado"
    };
    let (estado, accion) = if o.activo {
        ("Activo", "Desactivar")
    } else {
        ("Inactivo", "Activar")
    };
    view! {
        <tr>
            <td>{o.codigo.clone()}</td>
            <td><a href=format!("/admin/organismos/{}", o.id)>{o.nombre.clone()}</a></td>
            <td>{tipo}</td>
            <td>{estado}</td>
            <td>
                <ActionForm action=activar>
                    <input type="hidden" name="id" value=o.id />
                    <input type="hidden" name="activo" value=(!o.activo).to_string() />
                    <button type="submit" class="boton-secundario">
                        {accion} <span class="solo-lectores">{format!(" {}", o.codigo)}</span>
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}
