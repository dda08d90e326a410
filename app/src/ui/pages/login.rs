use crate::api::auth::Ingresar;
use crate::model::destino_seguro;
use crate::ui::componentes::{Alerta, Campo, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The login page. The form works before (and without) hydration.
#[component]
pub fn Login() -> impl IntoView {
    let ingresar = ServerAction::<Ingresar>::new();
    let error = error_de_formulario(move || ingresar.value().get().and_then(Result::err));
    let next = destino_seguro(use_query_map().read_untracked().get("next").as_deref());
    view! {
        <Title text="Ingresar · SIGEXP" />
        <main id="contenido" class="pagina-login">
            <div class="tarjeta tarjeta-login">
                <p class="marca-login">"SIGEXP"</p>
                <h1>"Ingresar a SIGEXP"</h1>
                <p class="bajada">"Sistema de gestión de expedientes de la Provincia de Santa Cruz"</p>
                <Alerta error />
                <ActionForm action=ingresar attr:class="formulario">
                    <input type="hidden" name="next" value=next />
                    <Campo
                        id="email"
                        etiqueta="Correo electrónico"
                        tipo="email"
                        autocomplete="username"
                        error
                    />
                    <Campo
                        id="password"
                        etiqueta="Contraseña"
                        tipo="password"
                        autocomplete="current-password"
                        error
                    />
                    <button type="submit" class="boton-primario" disabled=move || ingresar.pending().get()>
                        "Ingresar"
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
