//! The frame of every page behind login: header with the user, the navigation entries the
//! server says they may use, and the page itself.

use crate::api::auth::{Salir, sesion_actual};
use crate::api::escritos::escritos_sin_leer;
use crate::api::expedientes::por_recibir;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

#[component]
pub fn Marco() -> impl IntoView {
    // The current user and the menu entries the server says they may use.
    let sesion = Resource::new(|| (), |_| sesion_actual());
    // What the last form did, when it brought the browser here (read once, then gone).
    #[cfg(feature = "ssr")]
    let aviso = crate::api::aviso_pendiente();
    #[cfg(not(feature = "ssr"))]
    let aviso = None::<crate::model::Aviso>;
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
                            .map(|s| {
                                let me = s.me;
                                let lugar = me
                                    .unidad_nombre
                                    .clone()
                                    .or(me.organismo_nombre.clone())
                                    .unwrap_or_else(|| "Toda la provincia".to_owned());
                                let detalle = format!("{} · {lugar}", me.perfil.etiqueta());
                                view! {
                                    <MenuUsuario nombre=me.nombre_completo() detalle />
                                    // Without JavaScript the menu cannot open: its entries, as links.
                                    <noscript>
                                        <nav class="menu-sin-js" aria-label="Cuenta">
                                            <a href="/cambiar-clave">"Cambiar contraseña"</a>
                                            <a href="/tokens">"Mis tokens de acceso"</a>
                                            <a href="/salir">"Cerrar sesión"</a>
                                        </nav>
                                    </noscript>
                                }
                            })
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
                                {menu.bandeja.then(|| view! { <li><A href="/bandeja">"Bandeja" <Insignia de=Contador::Bandeja /></A></li> })}
                                {menu.expedientes.then(|| view! { <li><A href="/expedientes" exact=true>"Expedientes"</A></li> })}
                                {menu.iniciar.then(|| view! { <li><A href="/expedientes/nuevo">"Iniciar expediente"</A></li> })}
                                {menu.expedientes.then(|| view! { <li><A href="/seguimiento">"Seguimiento"</A></li> })}
                                {menu.expedientes.then(|| view! { <li><A href="/registro">"Registro"</A></li> })}
                                {menu.comunicaciones.then(|| view! { <li><A href="/comunicaciones">"Comunicaciones" <Insignia de=Contador::Comunicaciones /></A></li> })}
                                {menu.administrar.then(|| view! { <li><A href="/admin">"Administración"</A></li> })}
                            }
                        }}
                    </Suspense>
                </ul>
            </nav>
        </header>
        <main id="contenido" class="contenido" tabindex="-1">
            {aviso.map(|a| view! {
                <div class="aviso" role="status" tabindex="-1" autofocus=true>
                    <p>{a.texto}</p>
                    {a.clave.map(|c| view! { <p><code class="clave">{c}</code></p> })}
                </div>
            })}
            <Outlet />
        </main>
    }
}

/// How often a badge asks the server, in milliseconds, while the page stays open.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const INTERVALO_INSIGNIA_MS: u32 = 30_000;

/// What a navigation badge counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Contador {
    /// Pases awaiting reception in the user's unidad.
    Bandeja,
    /// Escritos the user's unidad has not opened.
    Comunicaciones,
}

/// A count beside a navigation entry. It follows the server without a reload: when the page
/// opens and every [`INTERVALO_INSIGNIA_MS`]. The server renders no number (the pages
/// themselves show the counts), so a page without JavaScript shows none.
#[island]
fn Insignia(de: Contador) -> impl IntoView {
    let cuantos = RwSignal::new(None::<u64>);
    Effect::new(move |_| {
        let pedir = move || {
            leptos::task::spawn_local(async move {
                let n = match de {
                    Contador::Bandeja => por_recibir().await,
                    Contador::Comunicaciones => escritos_sin_leer().await,
                };
                if let Ok(n) = n {
                    cuantos.set(Some(n));
                }
            })
        };
        pedir();
        // The page is the island's lifetime: navigation is a page load.
        #[cfg(feature = "hydrate")]
        gloo_timers::callback::Interval::new(INTERVALO_INSIGNIA_MS, pedir).forget();
    });
    let texto = match de {
        Contador::Bandeja => " por recibir",
        Contador::Comunicaciones => " sin leer",
    };
    move || {
        cuantos.get().filter(|n| *n > 0).map(|n| {
            view! {
                <span class="insignia">
                    {n}
                    <span class="solo-lectores">{texto}</span>
                </span>
            }
        })
    }
}

/// The user's name, perfil and unidad, with a menu to change the password or log out.
#[island]
fn MenuUsuario(nombre: String, detalle: String) -> impl IntoView {
    use server_fn::ServerFn;
    let abierto = RwSignal::new(false);
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
                <span class="usuario-nombre">{nombre}</span>
                <span class="usuario-detalle">{detalle}</span>
            </button>
            <div id="menu-usuario" class="menu-desplegable" hidden=move || !abierto.get()>
                <a href="/cambiar-clave">"Cambiar contraseña"</a>
                <a href="/tokens">"Mis tokens de acceso"</a>
                <form method="post" action=Salir::PATH>
                    <button type="submit" class="boton-enlace">
                        "Cerrar sesión"
                    </button>
                </form>
            </div>
        </div>
    }
}
