//! SIGEXP: the Leptos application (components, routes, server functions and the types they
//! share). Server-only code sits behind the `ssr` feature: the rules in `domain/`, what they
//! build on in `infra/`, the app state in `estado.rs`.

#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod domain;
#[cfg(feature = "ssr")]
pub mod estado;
#[cfg(feature = "ssr")]
pub mod infra;
pub mod model;
pub mod ui;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};
use ui::marco::Marco;
use ui::pages::admin::{
    Administracion, Auditoria, Feriados, Importar, OrganismoEdicion, Organismos, Tipos,
    UnidadEdicion, Unidades, UsuarioDetalle, Usuarios,
};
use ui::pages::{
    BandejaPagina, BorradoresPagina, BusquedaPagina, CambiarClave, CaratulaPagina,
    ConsultaPublicaPagina, ConsultaRapida, EnviadosPagina, EscritoPagina, ExpedientePagina,
    IniciarPagina, Inicio, ListasPagina, Login, NoEncontrado, RecibidosPagina, RedactarPagina,
    RegistroPagina, Salir, SeguimientoPagina, Tokens,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    politica_de_contenido();
    view! {
        <!DOCTYPE html>
        <html lang="es-AR">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.ico" sizes="any" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/iconos/192.png" />
                <meta name="theme-color" content="#1f4e8c" />
                <link rel="stylesheet" href=hoja_de_estilo(&options) />
                <HydrationScripts options=paquete_de_la_pagina(options.clone()) islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The stylesheet's address: named by its content when the site was built with hashes (the
/// `css:` line of hash.txt, as Leptos reads `js:` and `wasm:` for the scripts).
fn hoja_de_estilo(options: &LeptosOptions) -> String {
    let hash = options
        .hash_files
        .then(|| std::fs::read_to_string(options.hash_file.as_ref()).ok())
        .flatten()
        .and_then(|texto| {
            texto
                .lines()
                .find_map(|l| l.strip_prefix("css:").map(|h| format!(".{}", h.trim())))
        })
        .unwrap_or_default();
    format!(
        "/{}/{}{hash}.css",
        options.site_pkg_dir, options.output_name
    )
}

/// The pages that load the second browser bundle, the one with the CSV import's island.
pub const PAGINAS_DEL_PAQUETE_ADMIN: [&str; 1] = ["/admin/importar"];

/// The browser bundle of this page: `sigexp`, or `sigexp-admin` (every island plus the CSV
/// import's) on [`PAGINAS_DEL_PAQUETE_ADMIN`], named by its own hash file
/// (`hash-sigexp-admin.txt`, written beside hash.txt by scripts/lib/sitio.mjs).
#[cfg(feature = "ssr")]
fn paquete_de_la_pagina(mut options: LeptosOptions) -> LeptosOptions {
    let camino = use_context::<axum::http::request::Parts>().map(|p| p.uri.path().to_owned());
    if camino.is_some_and(|c| PAGINAS_DEL_PAQUETE_ADMIN.contains(&c.as_str())) {
        let nombre = format!("{}-admin", options.output_name);
        if options.hash_files {
            let archivo = std::path::Path::new(options.hash_file.as_ref())
                .with_file_name(format!("hash-{nombre}.txt"));
            options.hash_file = archivo.display().to_string().into();
        }
        options.output_name = nombre.into();
    }
    options
}

/// The shell renders on the server only.
#[cfg(not(feature = "ssr"))]
fn paquete_de_la_pagina(options: LeptosOptions) -> LeptosOptions {
    options
}

/// Sends the Content-Security-Policy for a page: scripts only from us or carrying this
/// response's nonce, WASM compilation allowed, nothing inline otherwise, never framed.
#[cfg(feature = "ssr")]
fn politica_de_contenido() {
    use axum::http::{HeaderValue, header};
    let nonce = leptos::nonce::use_nonce()
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{nonce}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(r), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&csp),
    ) {
        r.insert_header(header::CONTENT_SECURITY_POLICY, v);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="SIGEXP" />
        <Router>
            <Routes fallback=NoEncontrado>
                <Route path=path!("/login") view=Login ssr=SsrMode::Async />
                <Route path=path!("/expedientes/:id/caratula") view=CaratulaPagina ssr=SsrMode::Async />
                <Route path=path!("/consulta") view=ConsultaPublicaPagina ssr=SsrMode::Async />
                <Route path=path!("/c") view=ConsultaRapida ssr=SsrMode::Async />
                <Route path=path!("/c/:numero") view=ConsultaRapida ssr=SsrMode::Async />
                <ParentRoute path=path!("") view=Marco ssr=SsrMode::Async>
                    <Route path=path!("/") view=Inicio ssr=SsrMode::Async />
                    <Route path=path!("/cambiar-clave") view=CambiarClave ssr=SsrMode::Async />
                    <Route path=path!("/salir") view=Salir ssr=SsrMode::Async />
                    <Route path=path!("/tokens") view=Tokens ssr=SsrMode::Async />
                    <Route path=path!("/bandeja") view=BandejaPagina ssr=SsrMode::Async />
                    <Route path=path!("/seguimiento") view=SeguimientoPagina ssr=SsrMode::Async />
                    <Route path=path!("/registro") view=RegistroPagina ssr=SsrMode::Async />
                    <Route path=path!("/expedientes") view=BusquedaPagina ssr=SsrMode::Async />
                    <Route path=path!("/expedientes/nuevo") view=IniciarPagina ssr=SsrMode::Async />
                    <Route path=path!("/expedientes/:id") view=ExpedientePagina ssr=SsrMode::Async />
                    <Route path=path!("/comunicaciones") view=RecibidosPagina ssr=SsrMode::Async />
                    <Route path=path!("/comunicaciones/enviados") view=EnviadosPagina ssr=SsrMode::Async />
                    <Route path=path!("/comunicaciones/nuevo") view=RedactarPagina ssr=SsrMode::Async />
                    <Route path=path!("/comunicaciones/borradores") view=BorradoresPagina ssr=SsrMode::Async />
                    <Route path=path!("/comunicaciones/listas") view=ListasPagina ssr=SsrMode::Async />
                    <Route path=path!("/comunicaciones/:id") view=EscritoPagina ssr=SsrMode::Async />
                    <ParentRoute path=path!("/admin") view=Administracion ssr=SsrMode::Async>
                        <Route path=path!("") view=Organismos ssr=SsrMode::Async />
                        <Route path=path!("/organismos") view=Organismos ssr=SsrMode::Async />
                        <Route path=path!("/organismos/:id") view=OrganismoEdicion ssr=SsrMode::Async />
                        <Route path=path!("/unidades") view=Unidades ssr=SsrMode::Async />
                        <Route path=path!("/unidades/:id") view=UnidadEdicion ssr=SsrMode::Async />
                        <Route path=path!("/usuarios") view=Usuarios ssr=SsrMode::Async />
                        <Route path=path!("/usuarios/:id") view=UsuarioDetalle ssr=SsrMode::Async />
                        <Route path=path!("/importar") view=Importar ssr=SsrMode::Async />
                        <Route path=path!("/tipos") view=Tipos ssr=SsrMode::Async />
                        <Route path=path!("/feriados") view=Feriados ssr=SsrMode::Async />
                        <Route path=path!("/auditoria") view=Auditoria ssr=SsrMode::Async />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
