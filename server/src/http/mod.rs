//! The HTTP side: one router for pages, server functions (`/sfn`), the JSON API (`/api/v1`)
//! and static files, with the layers every answer goes through.

pub mod api;
pub mod capas;
pub mod error;

use crate::config::Config;
use app::estado::AppState;
use app::{App, shell};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// Builds the whole application router.
pub fn router(state: AppState, config: &Config) -> Router {
    let politica = Arc::new(capas::Politica::new(config));
    let rutas = generate_route_list(App);
    let opciones = state.leptos_options.clone();
    let sitio = opciones.site_root.to_string();
    let estado_ctx = state.clone();

    let paginas = Router::new()
        .leptos_routes_with_context(
            &state,
            rutas,
            move || {
                leptos::prelude::provide_context(estado_ctx.clone());
                leptos::nonce::provide_nonce();
            },
            {
                let opciones = opciones.clone();
                move || shell(opciones.clone())
            },
        )
        .nest("/api/v1", api::router())
        // The WASM, JS and CSS go compressed: a release build leaves a brotli and a gzip copy
        // beside each, served as they are; a file without them (a development build) is
        // compressed per request. Pages are not compressed: they carry per-user data next to
        // reflected input (BREACH).
        .nest(
            "/pkg",
            Router::new()
                .fallback_service(
                    ServeDir::new(format!("{sitio}/{}", opciones.site_pkg_dir))
                        .precompressed_br()
                        .precompressed_gzip(),
                )
                .layer(CompressionLayer::new()),
        )
        .route_service(
            "/favicon.ico",
            tower_http::services::ServeFile::new(format!("{sitio}/favicon.ico")),
        )
        // What adding the quick lookup to a phone's home screen reads.
        .route_service(
            "/manifest.webmanifest",
            tower_http::services::ServeFile::new(format!("{sitio}/manifest.webmanifest")),
        )
        .nest_service("/iconos", ServeDir::new(format!("{sitio}/iconos")))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state.clone());

    paginas
        .layer(middleware::from_fn(capas::denegaciones))
        .layer(middleware::from_fn_with_state(state, capas::sesion))
        .layer(middleware::from_fn_with_state(
            politica.clone(),
            capas::cliente,
        ))
        .layer(middleware::from_fn_with_state(
            politica.clone(),
            capas::sitio_cruzado,
        ))
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn(capas::limite_cuerpo))
        // Outside every layer that answers by itself (the 413 of a declared length included),
        // so every answer carries the security headers.
        .layer(middleware::from_fn_with_state(politica, capas::encabezados))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(capas::span_de_pedido))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}
