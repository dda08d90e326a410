//! Small pieces reused by every page.

use crate::model::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The message to show for a form: the server function's error (with JavaScript), or the
/// `?error=` code the server put in the URL when the form was posted without JavaScript.
pub fn error_de_formulario(
    del_servidor: impl Fn() -> Option<AppError> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    let query = use_query_map();
    Signal::derive(move || {
        if let Some(e) = del_servidor() {
            return Some(e);
        }
        let code = query.read().get("error")?;
        AppError::mensaje_de_codigo(&code).map(|m| AppError::new(0, &code, m))
    })
}

/// An alert box that appears when there is an error and is announced by screen readers.
#[component]
pub fn Alerta(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="alerta" role="alert">
                    {e.message}
                </p>
            }
        })
    }
}

/// A labelled input with its field error underneath, tied by `aria-describedby`.
#[component]
pub fn Campo(
    id: &'static str,
    etiqueta: &'static str,
    #[prop(default = "text")] tipo: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] ayuda: Option<&'static str>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let mensaje = move || error.get().and_then(|e| e.campo(id).map(str::to_owned));
    let id_error = format!("{id}-error");
    let id_ayuda = format!("{id}-ayuda");
    let describe = {
        let id_error = id_error.clone();
        let id_ayuda = id_ayuda.clone();
        move || {
            let mut ids = Vec::new();
            if ayuda.is_some() {
                ids.push(id_ayuda.clone());
            }
            if mensaje().is_some() {
                ids.push(id_error.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="campo">
            <label for=id>{etiqueta}</label>
            <input
                id=id
                name=id
                type=tipo
                autocomplete=autocomplete
                required=true
                aria-invalid=move || mensaje().is_some().then_some("true")
                aria-describedby=describe
            />
            {ayuda.map(|a| view! { <p class="ayuda" id=id_ayuda>{a}</p> })}
            {move || {
                mensaje().map(|m| view! { <p class="error-campo" id=id_error.clone()>{m}</p> })
            }}
        </div>
    }
}
