//! Small pieces reused by every page.

use crate::model::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The message to show for a form: the server function's error (with JavaScript), or the
/// `?error=` code the server put in the URL when the form was posted without JavaScript.
pub fn error_de_formulario(
    del_servidor: impl Fn() -> Option<AppError> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    error_de_consulta("error", del_servidor)
}

/// The same, for a form whose failure comes back under its own query parameter (so one
/// section of a page shows it, not every form's alert).
pub fn error_de_consulta(
    parametro: &'static str,
    del_servidor: impl Fn() -> Option<AppError> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    let query = use_query_map();
    Signal::derive(move || {
        if let Some(e) = del_servidor() {
            return Some(e);
        }
        let code = query.read().get(parametro)?;
        AppError::de_codigo(&code)
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
    /// The count stopped at `total`: there are more, and more pages.
    #[prop(optional)]
    total_es_minimo: bool,
) -> impl IntoView {
    let ultima = total.div_ceil(per_page.max(1)).max(1);
    let enlace = move |p: u64| format!("{camino}?page={p}{extra}");
    let texto = if total_es_minimo {
        format!("Página {page} · más de {total} en total")
    } else {
        format!("Página {page} de {ultima} · {total} en total")
    };
    view! {
        <nav class="paginador" aria-label="Páginas">
            <span>{texto}</span>
            {(page > 1).then(|| view! { <a href=enlace(page - 1)>"Anterior"</a> })}
            {(total_es_minimo || page < ultima).then(|| view! { <a href=enlace(page + 1)>"Siguiente"</a> })}
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

/// The destination of a pase: a text box that suggests, as the user types, every active unidad
/// by unidad and organismo name (a native `datalist`, so it works by keyboard and without
/// JavaScript). The server resolves the chosen text back to the unidad.
#[component]
pub fn DestinoPicker(
    organismos: Vec<crate::model::Organismo>,
    unidades: Vec<crate::model::Unidad>,
    /// The unidad that holds the expediente: not a destination.
    #[prop(default = None)]
    excluir: Option<i64>,
    #[prop(default = None)] error: Option<Signal<Option<AppError>>>,
) -> impl IntoView {
    let activos: Vec<i64> = organismos
        .iter()
        .filter(|o| o.activo)
        .map(|o| o.id)
        .collect();
    let opciones: Vec<String> = unidades
        .iter()
        .filter(|u| u.activo && activos.contains(&u.organismo_id) && Some(u.id) != excluir)
        .map(|u| crate::model::etiqueta_destino(u, &organismos))
        .collect();
    let mensaje = move || {
        error
            .and_then(|e| e.get())
            .and_then(|e| e.campo("destino_unidad_id").map(str::to_owned))
    };
    view! {
        <div class="campo">
            <label for="destino">"Unidad de destino"</label>
            <input
                id="destino"
                name="destino"
                list="destinos"
                autocomplete="off"
                required=true
                aria-describedby="destino-ayuda"
            />
            <p class="ayuda" id="destino-ayuda">
                "Escribí parte del nombre de la unidad o del organismo y elegí de la lista."
            </p>
            <datalist id="destinos">
                {opciones.into_iter().map(|o| view! { <option value=o></option> }).collect_view()}
            </datalist>
            {move || mensaje().map(|m| view! { <p class="error-campo">{m}</p> })}
        </div>
    }
}

/// Bumped to make the navigation's bandeja badge ask the server again.
#[derive(Clone, Copy)]
pub struct RefrescoInsignia(pub RwSignal<u32>);

/// A function that asks the navigation's bandeja badge to refresh (after receiving or
/// sending). Take it while the page is created, where the frame's context is at hand.
pub fn refrescar_insignia() -> impl Fn() + Copy + Send + Sync + 'static {
    let refresco = use_context::<RefrescoInsignia>();
    move || {
        if let Some(RefrescoInsignia(s)) = refresco {
            s.update(|n| *n = n.wrapping_add(1));
        }
    }
}
