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
    /// Checks the value as the user types, with the same parser the server uses.
    #[prop(optional)]
    validar: Option<fn(&str) -> Option<String>>,
    #[prop(default = true)] requerido: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let local = RwSignal::new(None::<String>);
    let mensaje = move || {
        local
            .get()
            .or_else(|| error.get().and_then(|e| e.campo(id).map(str::to_owned)))
    };
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
                required=requerido
                on:input=move |ev| {
                    if let Some(v) = validar {
                        local.set(v(&event_target_value(&ev)));
                    }
                }
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

/// "Anterior / Siguiente" links for a paged list, keeping the other query parameters.
#[component]
pub fn Paginador(
    camino: &'static str,
    page: u64,
    per_page: u64,
    total: u64,
    #[prop(optional)] extra: String,
) -> impl IntoView {
    let ultima = total.div_ceil(per_page.max(1)).max(1);
    let enlace = move |p: u64| format!("{camino}?page={p}{extra}");
    view! {
        <nav class="paginador" aria-label="Páginas">
            <span>{format!("Página {page} de {ultima} · {total} en total")}</span>
            {(page > 1).then(|| view! { <a href=enlace(page - 1)>"Anterior"</a> })}
            {(page < ultima).then(|| view! { <a href=enlace(page + 1)>"Siguiente"</a> })}
        </nav>
    }
}

/// Percent-encodes a query parameter value.
pub fn codificar(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A notice that something was saved, announced politely to screen readers.
#[component]
pub fn Aviso(#[prop(into)] texto: Signal<Option<String>>) -> impl IntoView {
    move || {
        texto.get().map(|t| {
            view! {
                <p class="aviso" role="status">
                    {t}
                </p>
            }
        })
    }
}
