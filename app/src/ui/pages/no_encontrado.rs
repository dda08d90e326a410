use leptos::prelude::*;
use leptos_meta::Title;

/// Any path the app does not know.
#[component]
pub fn NoEncontrado() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Página no encontrada · SIGEXP" />
        <main id="contenido" class="pagina-login">
            <div class="tarjeta">
                <h1>"Página no encontrada"</h1>
                <p>"La dirección no existe o ya no está disponible."</p>
                <p>
                    <a href="/">"Volver al inicio"</a>
                </p>
            </div>
        </main>
    }
}
