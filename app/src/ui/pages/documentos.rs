//! The documents of an expediente on its detail page: the list (fojas, version, seal,
//! preview, download, earlier versions, desglose placeholders), the upload area with one
//! progress bar per file, and the constancias the pases left.

use crate::api::expedientes::DesglosarDocumento;
use crate::model::{Constancia, Documento, cuerpo, fecha_hora, tamano_legible};
use crate::ui::componentes::{Alerta, error_de_consulta};
use leptos::prelude::*;

/// How an upload is going (set by the browser's requests: the server never builds one).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum EstadoCarga {
    EnCurso,
    Hecha,
    Fallida(String),
    Cancelada,
}

/// One file being sent, with its own progress bar.
#[derive(Debug, Clone)]
pub struct Carga {
    pub id: u32,
    pub nombre: String,
    /// Percent sent, 0 to 100.
    pub progreso: ArcRwSignal<u32>,
    pub estado: ArcRwSignal<EstadoCarga>,
}

/// The uploads one island started.
type Cargas = RwSignal<Vec<Carga>>;

/// Where an island leaves, before reloading the page, what the uploads stored: the reloaded
/// page says it (see [`Subida`]).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const CLAVE_SUBIDAS: &str = "sigexp.subidas";

/// A type people recognise.
fn tipo_legible(tipo: &str) -> &'static str {
    match tipo {
        "application/pdf" => "PDF",
        "image/png" => "Imagen PNG",
        "image/jpeg" => "Imagen JPEG",
        "text/plain" => "Texto",
        t if t.contains("wordprocessingml") || t.ends_with("opendocument.text") => {
            "Documento de texto"
        }
        t if t.contains("spreadsheet") => "Planilla",
        t if t.contains("presentation") => "Presentación",
        _ => "Documento de oficina",
    }
}

fn fojas(d: &Documento) -> String {
    let rango = if d.foja_desde == d.foja_hasta {
        format!("f. {}", d.foja_desde)
    } else {
        format!("fs. {}–{}", d.foja_desde, d.foja_hasta)
    };
    format!("{rango} (cuerpo {})", cuerpo(d.foja_desde))
}

fn contenido(id: i64, version: Option<i32>) -> String {
    match version {
        Some(v) => format!("/api/v1/archivos/{id}/contenido?version={v}"),
        None => format!("/api/v1/archivos/{id}/contenido"),
    }
}

/// The documents section of the detail page.
#[component]
pub fn Documentos(
    expediente_id: i64,
    documentos: Vec<Documento>,
    personas: Vec<(i64, String)>,
    /// The actor's unidad holds it and it is in trámite (the server checks again).
    puede_modificar: bool,
    limite: u64,
    desglosar: ServerAction<DesglosarDocumento>,
) -> impl IntoView {
    let nombre = move |id: i64| {
        personas
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    // An upload posted without JavaScript comes back with `?error_archivo=code`.
    let error_desglose = error_de_consulta("error_archivo", move || {
        desglosar.value().get().and_then(Result::err)
    });
    let vacio = documentos.is_empty();
    view! {
        <section class="tarjeta" aria-labelledby="documentos">
            <h2 id="documentos">"Documentos"</h2>
            <Alerta error=error_desglose />
            {vacio.then(|| view! { <p class="vacio">"Todavía no tiene documentos."</p> })}
            <ol class="documentos">
                {documentos.into_iter().map(|d| {
                    if d.eliminado {
                        return view! {
                            <li class="documento desglose">
                                <strong>{format!("Desglose · {}", fojas(&d))}</strong>
                                <span>{format!(" «{}» fue desglosado. Motivo: {}", d.nombre, d.motivo_eliminacion.clone().unwrap_or_default())}</span>
                            </li>
                        }.into_any();
                    }
                    let modificable = puede_modificar && !d.sellado;
                    let previa = matches!(d.tipo.as_str(), "application/pdf" | "image/png" | "image/jpeg");
                    let es_pdf = d.tipo == "application/pdf";
                    let titulo = format!("Vista previa de {}", d.nombre);
                    view! {
                        <li class="documento">
                            <p class="documento-titulo">
                                <a href=contenido(d.id, None) download=d.nombre.clone()>{d.nombre.clone()}</a>
                                {d.sellado.then(|| view! { <span class="sello">"Sellado"</span> })}
                            </p>
                            <p class="documento-datos">
                                {format!(
                                    "{} · {} · {} · versión {} · subido por {} el {}",
                                    tipo_legible(&d.tipo), tamano_legible(d.tamano), fojas(&d), d.version,
                                    nombre(d.subido_por), fecha_hora(&d.subido_en),
                                )}
                            </p>
                            {previa.then(|| view! { <VistaPrevia id=d.id titulo=titulo.clone() es_pdf /> })}
                            {(d.version > 1).then(|| view! {
                                <details>
                                    <summary>"Versiones anteriores"</summary>
                                    <ul>
                                        {(1..d.version).rev().map(|v| view! {
                                            <li><a href=contenido(d.id, Some(v))>{format!("Versión {v}")}</a></li>
                                        }).collect_view()}
                                    </ul>
                                </details>
                            })}
                            {modificable.then(|| view! {
                                <div class="documento-acciones">
                                    <Reemplazar documento_id=d.id nombre=d.nombre.clone() limite />
                                    <details>
                                        <summary>"Desglosar"</summary>
                                        <ActionForm action=desglosar attr:class="formulario">
                                            <input type="hidden" name="id" value=d.id />
                                            <div class="campo">
                                                <label for=format!("motivo-desglose-{}", d.id)>{format!("Motivo del desglose de «{}»", d.nombre)}</label>
                                                <textarea id=format!("motivo-desglose-{}", d.id) name="motivo" rows="2" required=true></textarea>
                                            </div>
                                            <button type="submit" class="boton-secundario">"Desglosar el documento"</button>
                                        </ActionForm>
                                    </details>
                                </div>
                            })}
                        </li>
                    }.into_any()
                }).collect_view()}
            </ol>
            {puede_modificar.then(|| view! { <Subida expediente_id limite /> })}
        </section>
    }
}

/// The preview of a PDF or an image, loaded only when opened (a page with many documents
/// does not fetch them all). Without JavaScript the link opens it in the browser.
#[island]
fn VistaPrevia(id: i64, titulo: String, es_pdf: bool) -> impl IntoView {
    let abierta = RwSignal::new(false);
    let url = contenido(id, None);
    let url_marco = url.clone();
    view! {
        <details class="vista-previa" on:toggle=move |_| abierta.set(true)>
            <summary>"Vista previa"</summary>
            <p><a href=url target="_blank" rel="noopener">"Abrir en una pestaña nueva"</a></p>
            {move || abierta.get().then(|| if es_pdf {
                view! { <iframe src=url_marco.clone() title=titulo.clone()></iframe> }.into_any()
            } else {
                view! { <img src=url_marco.clone() alt=titulo.clone() /> }.into_any()
            })}
        </details>
    }
}

/// Where files are dropped or chosen, with one progress bar per file under it. Without
/// JavaScript it is a plain multipart form to the API, which sends the browser back to the
/// page. With it, each file goes on its own as soon as it is chosen, and when all have ended
/// the page reloads and says what was stored.
#[island]
fn Subida(expediente_id: i64, limite: u64) -> impl IntoView {
    let cargas: Cargas = RwSignal::new(Vec::new());
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let arrastrando = RwSignal::new(false);
    let hidratado = RwSignal::new(false);
    let subidas = RwSignal::new(None::<String>);
    let aviso: NodeRef<leptos::html::P> = NodeRef::new();
    Effect::new(move |_| {
        hidratado.set(true);
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::Storage;
            if let Ok(t) = gloo_storage::SessionStorage::get::<String>(CLAVE_SUBIDAS) {
                gloo_storage::SessionStorage::delete(CLAVE_SUBIDAS);
                subidas.set(Some(t));
            }
        }
    });
    // The notice of the last uploads takes the focus, as a form's notice does after a post.
    Effect::new(move |_| {
        if subidas.get().is_some()
            && let Some(p) = aviso.get()
        {
            let _ = p.focus();
        }
    });
    let url = format!("/api/v1/expedientes/{expediente_id}/archivos");
    let url_envio = url.clone();
    let al_elegir = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(lista) = input.get().and_then(|i| i.files()) {
            navegador::enviar_todos(&url_envio, "POST", lista, limite, cargas);
            if let Some(i) = input.get() {
                i.set_value("");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&url_envio, limite, cargas);
    };
    let url_soltar = url.clone();
    let al_soltar = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        arrastrando.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(lista) = ev.data_transfer().and_then(|d| d.files()) {
            navegador::enviar_todos(&url_soltar, "POST", lista, limite, cargas);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &url_soltar;
    };
    view! {
        {move || subidas.get().map(|t| view! { <p class="aviso" role="status" tabindex="-1" node_ref=aviso>{t}</p> })}
        <form
            method="post"
            enctype="multipart/form-data"
            action=url
            class="subida"
            class:arrastrando=move || arrastrando.get()
            on:submit=move |ev| {
                // With JavaScript every file goes on its own as soon as it is chosen.
                if hidratado.get_untracked() {
                    ev.prevent_default();
                }
            }
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                arrastrando.set(true);
            }
            on:dragleave=move |_| arrastrando.set(false)
            on:drop=al_soltar
        >
            <label for="archivos-nuevos">"Agregar documentos"</label>
            <p class="ayuda" id="ayuda-archivos">
                {format!(
                    "Arrastrá los archivos acá o elegilos. PDF, imágenes PNG o JPEG, documentos de oficina o texto; hasta {} cada uno.",
                    tamano_legible(limite as i64)
                )}
            </p>
            <input
                type="file"
                id="archivos-nuevos"
                name="archivo"
                multiple=true
                aria-describedby="ayuda-archivos"
                accept=".pdf,.png,.jpg,.jpeg,.odt,.ods,.odp,.odg,.docx,.xlsx,.pptx,.txt,.csv,application/pdf,image/png,image/jpeg,text/plain"
                node_ref=input
                on:change=al_elegir
            />
            <button type="submit" class="boton-secundario" hidden=move || hidratado.get()>"Subir"</button>
        </form>
        <ListaCargas cargas />
    }
}

/// The "Reemplazar" field of an unsealed document: the chosen file becomes its next version.
/// It needs JavaScript (a form cannot send PUT), so it only appears once the page is live.
#[island]
fn Reemplazar(documento_id: i64, nombre: String, limite: u64) -> impl IntoView {
    let cargas: Cargas = RwSignal::new(Vec::new());
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let hidratado = RwSignal::new(false);
    Effect::new(move |_| hidratado.set(true));
    let id = format!("reemplazar-{documento_id}");
    let al_elegir = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(lista) = input.get().and_then(|i| i.files()) {
            let url = format!("/api/v1/archivos/{documento_id}");
            navegador::enviar_todos(&url, "PUT", lista, limite, cargas);
            // Choosing the same file again starts another replacement.
            if let Some(i) = input.get() {
                i.set_value("");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (documento_id, limite, cargas);
    };
    view! {
        <div class="campo reemplazo" hidden=move || !hidratado.get()>
            <label for=id.clone()>{format!("Reemplazar «{nombre}» por una nueva versión")}</label>
            <input type="file" id=id node_ref=input on:change=al_elegir />
        </div>
        <ListaCargas cargas />
    }
}

/// One progress bar per file, with cancel while it goes and the reason when it fails. When
/// the last one ends and all were stored, the page reloads with the new documents.
#[component]
fn ListaCargas(cargas: Cargas) -> impl IntoView {
    let en_curso = move || {
        cargas
            .read()
            .iter()
            .any(|c| c.estado.get() == EstadoCarga::EnCurso)
    };
    Effect::watch(
        en_curso,
        move |en_curso, antes, _| {
            if *en_curso || antes != Some(&true) {
                return;
            }
            let lista = cargas.read_untracked();
            if lista
                .iter()
                .any(|c| c.estado.get_untracked() == EstadoCarga::Hecha)
            {
                recargar_con(&lista);
            }
        },
        false,
    );
    view! {
        <ul class="cargas">
            <For each=move || cargas.get() key=|c| c.id let:c>
                <FilaCarga c />
            </For>
        </ul>
    }
}

/// Reloads the page, leaving for it what the uploads stored and what they could not.
fn recargar_con(lista: &[Carga]) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::Storage;
        let hechas: Vec<String> = lista
            .iter()
            .filter(|c| c.estado.get_untracked() == EstadoCarga::Hecha)
            .map(|c| format!("«{}»", c.nombre))
            .collect();
        let mut texto = match hechas.as_slice() {
            [una] => format!("Se subió {una}."),
            varias => format!(
                "Se subieron {} documentos: {}.",
                varias.len(),
                varias.join(", ")
            ),
        };
        for c in lista {
            if let EstadoCarga::Fallida(m) = c.estado.get_untracked() {
                texto.push_str(&format!(" No se pudo subir «{}»: {m}", c.nombre));
            }
        }
        let _ = gloo_storage::SessionStorage::set(CLAVE_SUBIDAS, texto);
        // A moment to see every bar end before the page changes under the eyes.
        gloo_timers::callback::Timeout::new(600, || {
            let _ = window().location().reload();
        })
        .forget();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = lista;
}

#[component]
fn FilaCarga(c: Carga) -> impl IntoView {
    let (progreso, estado) = (c.progreso.clone(), c.estado.clone());
    let (progreso2, estado2, estado3) = (c.progreso.clone(), c.estado.clone(), c.estado.clone());
    let estado4 = c.estado.clone();
    let nombre = c.nombre.clone();
    let nombre2 = c.nombre.clone();
    view! {
                <li class="carga">
                    <span class="carga-nombre">{c.nombre.clone()}</span>
                    <progress max="100" value=move || progreso.get().to_string() aria-label=format!("Subida de {}", c.nombre)></progress>
                    <span class="carga-estado" aria-hidden=move || (estado3.get() == EstadoCarga::EnCurso).to_string()>
                        {move || match estado.get() {
                            EstadoCarga::EnCurso => format!("{} %", progreso2.get()),
                            EstadoCarga::Hecha => "Subido".to_owned(),
                            EstadoCarga::Cancelada => "Cancelado".to_owned(),
                            EstadoCarga::Fallida(_) => "No se pudo subir".to_owned(),
                        }}
                    </span>
                    {move || match estado2.get() {
                        EstadoCarga::EnCurso => Some(view! {
                            <button type="button" class="boton-secundario" on:click=move |_| cancelar(c.id)>
                                {format!("Cancelar la subida de {nombre}")}
                            </button>
                        }.into_any()),
                        EstadoCarga::Fallida(m) => Some(view! { <p class="error-campo" role="alert">{m}</p> }.into_any()),
                        _ => None,
                    }}
                    <span class="solo-lectores" role="status">
                        {move || match estado4.get() {
                            EstadoCarga::Hecha => format!("{nombre2} subido."),
                            EstadoCarga::Cancelada => format!("Subida de {nombre2} cancelada."),
                            _ => String::new(),
                        }}
                    </span>
                </li>
    }
}

fn cancelar(id: u32) {
    #[cfg(feature = "hydrate")]
    navegador::cancelar(id);
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// The constancias de pase: what each pase sealed, with hashes and fojas.
#[component]
pub fn Constancias(constancias: Vec<Constancia>) -> impl IntoView {
    if constancias.is_empty() {
        return ().into_any();
    }
    view! {
        <h3>"Constancias de pase"</h3>
        <ol class="constancias">
            {constancias.into_iter().map(|c| {
                let n = c.documentos.len();
                view! {
                    <li>
                        <p>
                            <strong>{format!("Pase del {}", fecha_hora(&c.enviado_en))}</strong>
                            {format!(
                                " · {} · {} fojas · huella ",
                                match n { 0 => "sin documentos".to_owned(), 1 => "1 documento sellado".to_owned(), n => format!("{n} documentos sellados") },
                                c.fojas
                            )}
                            <code title="SHA-256 de la constancia, encadenada a la anterior">{c.hash[..16].to_owned()}"…"</code>
                        </p>
                        {(n > 0).then(|| view! {
                            <ul>
                                {c.documentos.into_iter().map(|d| view! {
                                    <li>
                                        <span class="sello">"Sellado"</span>
                                        {format!(" {} (versión {}) · fs. {}–{} · SHA-256 ", d.nombre, d.version, d.foja_desde, d.foja_hasta)}
                                        <code>{d.sha256.clone()}</code>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
mod navegador {
    //! XHR to the API (fetch reports no upload progress): one request per file.

    use super::{Carga, Cargas, EstadoCarga};
    use crate::model::{AppError, tamano_legible};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    thread_local! {
        static EN_CURSO: RefCell<HashMap<u32, web_sys::XmlHttpRequest>> = RefCell::new(HashMap::new());
        static SIGUIENTE: RefCell<u32> = const { RefCell::new(0) };
    }

    pub fn cancelar(id: u32) {
        if let Some(x) = EN_CURSO.with(|m| m.borrow_mut().remove(&id)) {
            let _ = x.abort();
        }
    }

    pub fn enviar_todos(
        url: &str,
        metodo: &str,
        lista: web_sys::FileList,
        limite: u64,
        cargas: Cargas,
    ) {
        // A new choice starts a new batch: what ended before goes from the list.
        cargas.update(|l| l.retain(|c| c.estado.get_untracked() == EstadoCarga::EnCurso));
        for i in 0..lista.length() {
            if let Some(archivo) = lista.get(i) {
                enviar(url, metodo, archivo, limite, cargas);
            }
        }
    }

    fn enviar(url: &str, metodo: &str, archivo: web_sys::File, limite: u64, cargas: Cargas) {
        let id = SIGUIENTE.with(|s| {
            let mut s = s.borrow_mut();
            *s += 1;
            *s
        });
        let carga = Carga {
            id,
            nombre: archivo.name(),
            progreso: ArcRwSignal::new(0),
            estado: ArcRwSignal::new(EstadoCarga::EnCurso),
        };
        let (progreso, estado) = (carga.progreso.clone(), carga.estado.clone());
        cargas.update(|l| l.push(carga));
        if archivo.size() > limite as f64 {
            estado.set(EstadoCarga::Fallida(format!(
                "«{}» supera el tamaño máximo de {}.",
                archivo.name(),
                tamano_legible(limite as i64)
            )));
            return;
        }
        if let Err(m) = iniciar(url, metodo, &archivo, id, progreso, estado.clone()) {
            estado.set(EstadoCarga::Fallida(m));
        }
    }

    fn iniciar(
        url: &str,
        metodo: &str,
        archivo: &web_sys::File,
        id: u32,
        progreso: ArcRwSignal<u32>,
        estado: ArcRwSignal<EstadoCarga>,
    ) -> Result<(), String> {
        let falla = |_| "El navegador no pudo iniciar la subida.".to_owned();
        let xhr = web_sys::XmlHttpRequest::new().map_err(falla)?;
        xhr.open(metodo, url).map_err(falla)?;
        xhr.set_request_header("Accept", "application/json")
            .map_err(falla)?;
        let datos = web_sys::FormData::new().map_err(falla)?;
        datos
            .append_with_blob_and_filename("archivo", archivo, &archivo.name())
            .map_err(falla)?;

        let avance = progreso.clone();
        let al_avanzar =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    // A whole percent: the bar needs no more, and no float is formatted.
                    avance.set((ev.loaded() / ev.total() * 100.0).clamp(0.0, 100.0) as u32);
                }
            });
        xhr.upload()
            .map_err(falla)?
            .set_onprogress(Some(al_avanzar.as_ref().unchecked_ref()));

        let respuesta = xhr.clone();
        let fin = estado.clone();
        let al_terminar = Closure::<dyn FnMut()>::new(move || {
            EN_CURSO.with(|m| m.borrow_mut().remove(&id));
            let codigo = respuesta.status().unwrap_or(0);
            if codigo == 200 || codigo == 201 {
                progreso.set(100);
                fin.set(EstadoCarga::Hecha);
            } else {
                let cuerpo = respuesta.response_text().ok().flatten().unwrap_or_default();
                fin.set(EstadoCarga::Fallida(AppError::mensaje_de_respuesta(
                    &cuerpo,
                )));
            }
        });
        xhr.set_onload(Some(al_terminar.as_ref().unchecked_ref()));
        let fallo = estado.clone();
        let al_fallar = Closure::<dyn FnMut()>::new(move || {
            EN_CURSO.with(|m| m.borrow_mut().remove(&id));
            fallo.set(EstadoCarga::Fallida(
                "Se perdió la conexión con el servidor. Probá de nuevo.".to_owned(),
            ));
        });
        xhr.set_onerror(Some(al_fallar.as_ref().unchecked_ref()));
        let al_cancelar = Closure::<dyn FnMut()>::new(move || estado.set(EstadoCarga::Cancelada));
        xhr.set_onabort(Some(al_cancelar.as_ref().unchecked_ref()));
        // The request owns its handlers until it ends; they are small and one per file.
        al_avanzar.forget();
        al_terminar.forget();
        al_fallar.forget();
        al_cancelar.forget();

        xhr.send_with_opt_form_data(Some(&datos)).map_err(falla)?;
        EN_CURSO.with(|m| m.borrow_mut().insert(id, xhr));
        Ok(())
    }
}
