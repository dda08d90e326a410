use crate::api::auth::Salir as SalirFn;
use leptos::prelude::*;
use leptos_meta::Title;

/// A logout page that works without JavaScript (the header menu needs it).
#[component]
pub fn Salir() -> impl IntoView {
    let salir = ServerAction::<SalirFn>::new();
    view! {
        <Title text="Cerrar sesión · SIGEXP" />
        <h1>"Cerrar sesión"</h1>
        <section class="tarjeta">
            <p>"¿Querés cerrar tu sesión en este dispositivo?"</p>
            <ActionForm action=salir attr:class="formulario">
                <button type="submit" class="boton-primario">
                    "Cerrar sesión"
                </button>
            </ActionForm>
        </section>
    }
}
