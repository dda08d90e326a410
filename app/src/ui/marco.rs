//! The frame of every page behind login: header with the user, the navigation of their
//! perfil, and the page itself.

use crate::api::auth::{Salir, sesion_actual};
use crate::model::{AppError, Me, Perfil};
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

/// The current user, shared with the pages inside the frame.
pub type SesionResource = Resource<Result<Option<Me>, AppError>>;

#[component]
pub fn Marco() -> impl IntoView {
    let sesion: SesionResource = Resource::new(|| (), |_| sesion_actual());
    provide_context(sesion);
    view! {
        <a class="saltar" href="#contenido">
            "Saltar al contenido"
        </a>
        <header class="encabezado">
            <div class="encabezado-interior">
                <A href="/" attr:class="marca">
                    "SIGEXP"
                </A>
                <Suspense fallback=|| ()>
                    {move || {
                        sesion
                            .get()
                            .and_then(Result::ok)
                            .flatten()
                            .map(|me| view! { <MenuUsuario me /> })
                    }}
                </Suspense>
            </div>
            <nav class="navegacion" aria-label="Principal">
                <ul>
                    <li>
                        <A href="/" exact=true>
                            "Inicio"
                        </A>
                    </li>
                    <Suspense fallback=|| ()>
                        {move || {
                            let perfil = sesion.get().and_then(Result::ok).flatten().map(|me| me.perfil);
                            let con_unidad = perfil.is_some_and(Perfil::requiere_unidad);
                            let inicia = matches!(perfil, Some(Perfil::MesaDeEntrada | Perfil::Oficina));
                            view! {
                                {con_unidad.then(|| view! { <li><A href="/bandeja">"Bandeja"</A></li> })}
                                {inicia.then(|| view! { <li><A href="/expedientes/nuevo">"Iniciar expediente"</A></li> })}
                                {(perfil == Some(Perfil::Administrador))
                                    .then(|| view! { <li><A href="/admin">"Administración"</A></li> })}
                            }
                        }}
                    </Suspense>
                </ul>
            </nav>
        </header>
        <main id="contenido" class="contenido" tabindex="-1">
            <Outlet />
        </main>
    }
}

/// The user's name, perfil and unidad, with a menu to change the password or log out.
#[component]
fn MenuUsuario(me: Me) -> impl IntoView {
    let abierto = RwSignal::new(false);
    let salir = ServerAction::<Salir>::new();
    let lugar = me
        .unidad_nombre
        .clone()
        .or(me.organismo_nombre.clone())
        .unwrap_or_else(|| "Toda la provincia".to_owned());
    view! {
        <div
            class="menu-usuario"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    abierto.set(false);
                }
            }
        >
            <button
                type="button"
                class="boton-usuario"
                aria-haspopup="true"
                aria-controls="menu-usuario"
                aria-expanded=move || abierto.get().to_string()
                on:click=move |_| abierto.update(|a| *a = !*a)
            >
                <span class="solo-lectores">"Menú de usuario: "</span>
                <span class="usuario-nombre">{me.nombre_completo()}</span>
                <span class="usuario-detalle">{me.perfil.etiqueta()} " · " {lugar}</span>
            </button>
            <div id="menu-usuario" class="menu-desplegable" hidden=move || !abierto.get()>
                <a href="/cambiar-clave">"Cambiar contraseña"</a>
                <a href="/tokens">"Mis tokens de acceso"</a>
                <ActionForm action=salir>
                    <button type="submit" class="boton-enlace">
                        "Cerrar sesión"
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}
