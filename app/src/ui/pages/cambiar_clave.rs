use crate::api::auth::CambiarClave as CambiarClaveFn;
use crate::model::PasswordNueva;
use crate::ui::componentes::{Alerta, Campo, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;

/// Password change; the only page a user with a temporary password can use.
#[component]
pub fn CambiarClave() -> impl IntoView {
    let cambiar = ServerAction::<CambiarClaveFn>::new();
    let error = error_de_formulario(move || cambiar.value().get().and_then(Result::err));
    view! {
        <Title text="Cambiar contraseña · SIGEXP" />
        <h1>"Cambiar contraseña"</h1>
        <p class="bajada">
            "Si tu contraseña es temporal, tenés que cambiarla antes de seguir. "
            "Al cambiarla se cierran tus otras sesiones y se revocan tus tokens de acceso."
        </p>
        <section class="tarjeta">
            <Alerta error />
            <ActionForm action=cambiar attr:class="formulario">
                <Campo
                    id="actual"
                    etiqueta="Contraseña actual"
                    tipo="password"
                    autocomplete="current-password"
                    error
                />
                <Campo
                    id="nueva"
                    etiqueta="Contraseña nueva"
                    tipo="password"
                    autocomplete="new-password"
                    ayuda=AYUDA
                    error
                />
                <Campo
                    id="repetir"
                    etiqueta="Repetir contraseña nueva"
                    tipo="password"
                    autocomplete="new-password"
                    error
                />
                <button type="submit" class="boton-primario" disabled=move || cambiar.pending().get()>
                    "Guardar"
                </button>
            </ActionForm>
        </section>
    }
}

const AYUDA: &str = "Al menos 12 caracteres; no uses tu correo ni una contraseña común.";

// The policy's minimum is shown in the help text; keep them together.
const _: () = assert!(PasswordNueva::MINIMO == 12);
