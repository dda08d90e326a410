use crate::api::admin::{CrearUsuario, listar_usuarios, ubicaciones};
use crate::model::{Perfil, Usuario};
use crate::ui::componentes::{Alerta, Campo, Paginador, Regla, codificar, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Usuarios() -> impl IntoView {
    let query = use_query_map();
    let crear = ServerAction::<CrearUsuario>::new();
    let q = move || query.read().get("q");
    let page = move || query.read().get("page").and_then(|p| p.parse().ok());
    let lista = Resource::new(
        move || (q(), page(), crear.version().get()),
        |(q, page, _)| listar_usuarios(q, page),
    );
    let opciones = Resource::new(|| (), |_| ubicaciones());
    let error = error_de_formulario(move || crear.value().get().and_then(Result::err));
    view! {
        <Title text="Usuarios · Administración · SIGEXP" />
        <h2>"Usuarios"</h2>
        <form method="get" class="busqueda" role="search">
            <label for="q">"Buscar por nombre, apellido o correo"</label>
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
                            view! { <p class="vacio">"No hay usuarios que coincidan."</p> }.into_any()
                        }
                        Ok(l) => {
                            let extra = q().map(|q| format!("&q={}", codificar(&q))).unwrap_or_default();
                            view! {
                                <TablaUsuarios usuarios=l.items.clone() />
                                <Paginador camino="/admin/usuarios" page=l.page per_page=l.per_page total=l.total extra />
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
        <section class="tarjeta" aria-labelledby="nuevo-usuario">
            <h3 id="nuevo-usuario">"Nuevo usuario"</h3>
            <p class="ayuda">"Se genera una contraseña temporal que la persona cambia al ingresar por primera vez."</p>
            <Alerta error />
            <ActionForm action=crear attr:class="formulario">
                <Campo id="email" etiqueta="Correo electrónico" tipo="email" validar=Regla::Email error />
                <Campo id="nombre" etiqueta="Nombre" error />
                <Campo id="apellido" etiqueta="Apellido" error />
                <div class="campo">
                    <label for="perfil">"Perfil"</label>
                    <select id="perfil" name="perfil">
                        {Perfil::TODOS
                            .into_iter()
                            .map(|p| view! { <option value=p.codigo()>{p.etiqueta()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="campo">
                    <label for="unidad_id">"Organismo y dependencia"</label>
                    <select id="unidad_id" name="unidad_id" aria-describedby="unidad-ayuda">
                        <option value="">"Ninguna (administrador o autoridad)"</option>
                        <Suspense fallback=|| ()>
                            {move || {
                                opciones
                                    .get()
                                    .and_then(Result::ok)
                                    .map(|(organismos, unidades)| {
                                        organismos
                                            .into_iter()
                                            .map(|o| {
                                                let propias: Vec<_> = unidades
                                                    .iter()
                                                    .filter(|u| u.organismo_id == o.id)
                                                    .cloned()
                                                    .collect();
                                                view! {
                                                    <optgroup label=format!("{} — {}", o.codigo, o.nombre)>
                                                        {propias
                                                            .into_iter()
                                                            .map(|u| view! { <option value=u.id>{format!("{} — {}", u.codigo, u.nombre)}</option> })
                                                            .collect_view()}
                                                    </optgroup>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </Suspense>
                    </select>
                    <p class="ayuda" id="unidad-ayuda">"El organismo es el de la unidad elegida; su lista de acceso empieza con ese organismo."</p>
                    {move || error.get().and_then(|e| e.campo("unidad_id").map(str::to_owned)).map(|m| view! { <p class="error-campo">{m}</p> })}
                </div>
                <button type="submit" class="boton-primario" disabled=move || crear.pending().get()>
                    "Crear usuario"
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TablaUsuarios(usuarios: Vec<Usuario>) -> impl IntoView {
    view! {
        <div class="tabla-contenedor">
            <table>
                <caption class="solo-lectores">"Usuarios"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Apellido y nombre"</th>
                        <th scope="col">"Correo"</th>
                        <th scope="col">"Perfil"</th>
                        <th scope="col">"Estado"</th>
                    </tr>
                </thead>
                <tbody>
                    {usuarios
                        .into_iter()
                        .map(|u| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/admin/usuarios/{}", u.id)>
                                            {format!("{}, {}", u.apellido, u.nombre)}
                                        </a>
                                    </td>
                                    <td>{u.email.clone()}</td>
                                    <td>{u.perfil.etiqueta()}</td>
                                    <td>{if u.activo { "Activo" } else { "Inactivo" }}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
