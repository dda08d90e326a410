//! The frame of every page behind login: header with the user, the navigation entries the
//! server says they may use, and the page itself.

use crate::api::auth::{Salir, sesion_actual};
use crate::api::expedientes::por_recibir;
use crate::model::Me;
use crate::ui::componentes::RefrescoInsignia;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

#[component]
pub fn Marco() -> impl IntoView {
    // The current user and the menu entries the server says they may use.
    // Read here, while the frame renders inside the router: the badge below is created later,
    // when the session resolves, and under load a server render may get there after the
    // request's router context is gone (a panic seen in scripts/bench).
    let ruta = leptos_router::hooks::use_location().pathname;
    // While the password is temporary the menu is empty; after it is changed the app moves on
    // without a reload, so until then every navigation asks for the session again.
    let temporal = RwSignal::new(false);
    let sesion = Resource::new(
        move || temporal.get().then(|| ruta.get()),
        |_| sesion_actual(),
    );
    Effect::new(move |_| {
        if let Some(Ok(Some(s))) = sesion.get() {
            temporal.set(s.me.debe_cambiar_password);
        }
    });
    provide_context(RefrescoInsignia(RwSignal::new(0)));
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
                            .map(|s| view! { <MenuUsuario me=s.me /> })
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
                            let menu = sesion.get().and_then(Result::ok).flatten().map(|s| s.menu).unwrap_or_default();
                            view! {
                                {menu.bandeja.then(|| view! { <li><BandejaEnlace ruta /></li> })}
                                {menu.expedientes.then(|| view! { <li><A href="/expedientes" exact=true>"Expedientes"</A></li> })}
                                {menu.iniciar.then(|| view! { <li><A href="/expedientes/nuevo">"Iniciar expediente"</A></li> })}
                                {menu.administrar.then(|| view! { <li><A href="/admin">"Administración"</A></li> })}
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

/// How often the bandeja badge asks the server, while the page stays open.
const INTERVALO_INSIGNIA: std::time::Duration = std::time::Duration::from_secs(30);

/// "Bandeja" with the number of pases awaiting reception. The number follows the server without
/// a reload: every [`INTERVALO_INSIGNIA`], on each navigation, and when a page receives or sends.
/// Without JavaScript the link shows no number (the bandeja itself shows the counts).
#[component]
fn BandejaEnlace(ruta: Memo<String>) -> impl IntoView {
    let refresco = use_context::<RefrescoInsignia>().map(|r| r.0);
    let tic = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Ok(h) = set_interval_with_handle(
            move || tic.update(|n| *n = n.wrapping_add(1)),
            INTERVALO_INSIGNIA,
        ) {
            on_cleanup(move || h.clear());
        }
    });
    // Asked from the browser only, after hydration: the server renders the link without a
    // number, so both renders agree.
    let cuantos = LocalResource::new(move || {
        ruta.track();
        tic.track();
        if let Some(r) = refresco {
            r.track();
        }
        por_recibir()
    });
    view! {
        <A href="/bandeja">
            "Bandeja"
            {move || {
                cuantos.get().and_then(Result::ok).filter(|n| *n > 0).map(|n| view! {
                    <span class="insignia">
                        {n}
                        <span class="solo-lectores">" por recibir"</span>
                    </span>
                })
            }}
        </A>
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
