//! Small pieces reused by every page.

use crate::model::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The message to show for a form: the server function's error. A form posted without
/// JavaScript comes back with it in the address, where its `ServerAction` reads it.
pub fn error_de_formulario(
    del_servidor: impl Fn() -> Option<AppError> + Send + Sync + 'static,
) -> Signal<Option<AppError>> {
    Signal::derive(del_servidor)
}

/// The same, or the code an API call put under its own query parameter when it sent the
/// browser back (so one section of a page shows it, not every form's alert).
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

/// The text a `<textarea>` starts with, escaped for the page. Leptos writes a textarea's
/// children into the HTML as they are (as it does a script's), so a text holding
/// `</textarea>` would close the field and become markup; escaped, the browser shows exactly
/// the characters typed. Only for components rendered on the server alone (not islands),
/// whose HTML is the only place the text goes.
pub fn texto_inicial(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
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

/// What a field is checked against as the user types, with the same parser the server uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Regla {
    Email,
    /// An organismo's or unidad's code.
    Codigo,
    /// An iniciador's DNI or CUIT; empty is allowed.
    Documento,
}

impl Regla {
    /// The message for a value that does not pass, in Spanish.
    pub fn validar(self, v: &str) -> Option<String> {
        use crate::model::{Codigo, Email, documento};
        match self {
            Regla::Email => Email::problema(v).map(str::to_owned),
            Regla::Codigo => Codigo::parse(v).err().map(str::to_owned),
            Regla::Documento => (!v.trim().is_empty())
                .then(|| documento(v).err().map(str::to_owned))
                .flatten(),
        }
    }
}

/// A labelled input with its field error underneath, tied by `aria-describedby`. With a
/// [`Regla`], a small island checks the value as the user types.
#[component]
pub fn Campo(
    id: &'static str,
    /// The form field's name, when it is not the id.
    #[prop(optional)]
    nombre: Option<&'static str>,
    /// The key of the server's message for this field, when it is not the name.
    #[prop(optional)]
    campo_error: Option<&'static str>,
    etiqueta: &'static str,
    #[prop(default = "text")] tipo: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] ayuda: Option<&'static str>,
    /// The value the field starts with.
    #[prop(into, default = None)]
    valor: Option<String>,
    #[prop(optional)] validar: Option<Regla>,
    #[prop(default = true)] requerido: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let nombre = nombre.unwrap_or(id);
    let del_servidor = error
        .get_untracked()
        .and_then(|e| e.campo(campo_error.unwrap_or(nombre)).map(str::to_owned));
    let id_error = format!("{id}-error");
    let id_ayuda = format!("{id}-ayuda");
    let describe = describir(
        ayuda.is_some(),
        del_servidor.is_some(),
        &id_ayuda,
        &id_error,
    );
    let invalido = del_servidor.is_some().then_some("true");
    let mensaje = match validar {
        Some(regla) => view! {
            <ValidacionEnVivo para=id.to_owned() regla con_ayuda=ayuda.is_some() del_servidor />
        }
        .into_any(),
        None => del_servidor
            .map(|m| view! { <p class="error-campo" id=id_error>{m}</p> })
            .into_any(),
    };
    view! {
        <div class="campo">
            <label for=id>{etiqueta}</label>
            <input
                id=id
                name=nombre
                type=tipo
                value=valor
                autocomplete=autocomplete
                required=requerido
                aria-invalid=invalido
                aria-describedby=describe
            />
            {ayuda.map(|a| view! { <p class="ayuda" id=id_ayuda>{a}</p> })}
            {mensaje}
        </div>
    }
}

/// The `aria-describedby` of a field: its help, and its message when it has one.
fn describir(ayuda: bool, mensaje: bool, id_ayuda: &str, id_error: &str) -> Option<String> {
    let ids: Vec<&str> = [(ayuda, id_ayuda), (mensaje, id_error)]
        .into_iter()
        .filter_map(|(si, id)| si.then_some(id))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The message of the field `para`, checked as the user types: the field is the server's HTML
/// beside the island, which listens to it (gloo-events) and keeps its `aria-invalid` and
/// `aria-describedby` in step. Until the first keystroke it shows the server's message.
#[island]
fn ValidacionEnVivo(
    para: String,
    regla: Regla,
    con_ayuda: bool,
    del_servidor: Option<String>,
) -> impl IntoView {
    let mensaje = RwSignal::new(del_servidor);
    let id_error = format!("{para}-error");
    #[cfg(feature = "hydrate")]
    {
        let id_error = id_error.clone();
        Effect::new(move |_| escuchar(&para, &id_error, regla, con_ayuda, mensaje));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (para, regla, con_ayuda);
    move || {
        mensaje
            .get()
            .map(|m| view! { <p class="error-campo" id=id_error.clone()>{m}</p> })
    }
}

#[cfg(feature = "hydrate")]
fn escuchar(
    para: &str,
    id_error: &str,
    regla: Regla,
    con_ayuda: bool,
    mensaje: RwSignal<Option<String>>,
) {
    use wasm_bindgen::JsCast;
    let Some(campo) = document()
        .get_element_by_id(para)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let id_ayuda = format!("{para}-ayuda");
    let id_error = id_error.to_owned();
    let objetivo = campo.clone();
    gloo_events::EventListener::new(&objetivo, "input", move |_| {
        let m = regla.validar(&campo.value());
        let _ = match m {
            Some(_) => campo.set_attribute("aria-invalid", "true"),
            None => campo.remove_attribute("aria-invalid"),
        };
        let _ = match describir(con_ayuda, m.is_some(), &id_ayuda, &id_error) {
            Some(ids) => campo.set_attribute("aria-describedby", &ids),
            None => campo.remove_attribute("aria-describedby"),
        };
        mensaje.set(m);
    })
    // The field lives as long as the page.
    .forget();
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

/// "Elegir todos": a checkbox in a table's heading that ticks or clears every checkbox of the
/// form `formulario` (the rows' checkboxes carry `form="…"`). It needs JavaScript, so it shows
/// once live; without it each row is ticked on its own.
#[island]
pub fn ElegirTodos(formulario: String, etiqueta: String) -> impl IntoView {
    let vivo = RwSignal::new(false);
    Effect::new(move |_| vivo.set(true));
    let id = format!("{formulario}-todos");
    let selector = format!("input[type=checkbox][form=\"{formulario}\"]");
    let al_cambiar = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        marcar_todos(&selector, event_target_checked(&ev));
        #[cfg(not(feature = "hydrate"))]
        let _ = (&selector, ev);
    };
    view! {
        <span hidden=move || !vivo.get()>
            <input type="checkbox" id=id.clone() on:change=al_cambiar />
            <label for=id class="solo-lectores">{etiqueta}</label>
        </span>
    }
}

#[cfg(feature = "hydrate")]
fn marcar_todos(selector: &str, marcar: bool) {
    use wasm_bindgen::JsCast;
    if let Ok(lista) = document().query_selector_all(selector) {
        for i in 0..lista.length() {
            if let Some(c) = lista
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                c.set_checked(marcar);
            }
        }
    }
}
