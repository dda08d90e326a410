//! Importing the province's access-request list: choose the CSV, see every row with its
//! problems, import only a valid file, follow the progress, download the temporary passwords
//! once. The file goes straight from the picker to the API (`/api/v1/usuarios/importacion`),
//! so this screen needs JavaScript; the API is the door for scripts.

use crate::model::{EstadoImportacion, FilaImportacion, VistaPrevia};
use leptos::prelude::*;
use leptos_meta::Title;

// Everything but `Elegir` is reached in the browser only.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, PartialEq)]
enum Paso {
    Elegir,
    Revisando,
    Revisado(VistaPrevia),
    Importando(EstadoImportacion),
    Terminado(EstadoImportacion),
    Error(String),
}

#[component]
pub fn Importar() -> impl IntoView {
    view! {
        <Title text="Importar usuarios · Administración · SIGEXP" />
        <h2>"Importar usuarios"</h2>
        <p class="bajada">
            "Subí la planilla de solicitudes de acceso en CSV (separada por ; o por ,; UTF-8 o Latin-1) con las columnas "
            <strong>"nombre y apellido"</strong> ", " <strong>"correo"</strong> ", "
            <strong>"organismo y dependencia"</strong> " (p. ej. «MSA / Mesa de Entradas») y " <strong>"perfil"</strong>
            ". Primero se revisa cada fila; no se importa nada hasta que todas estén bien."
        </p>
        <Importador />
    }
}

/// The file picker, the review of every row and the progress: all in the browser. The server
/// renders it as an island; in the browser it exists only in the bundle built with the
/// `importador` feature, which this page alone loads (`app::paquete_de_la_pagina`).
#[cfg_attr(any(feature = "ssr", feature = "importador"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "importador")), component)]
fn Importador() -> impl IntoView {
    let paso = RwSignal::new(Paso::Elegir);
    let hidratado = RwSignal::new(false);
    Effect::new(move |_| hidratado.set(true));
    let input: NodeRef<leptos::html::Input> = NodeRef::new();

    let revisar = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(archivo) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) {
            paso.set(Paso::Revisando);
            leptos::task::spawn_local(async move {
                paso.set(navegador::revisar(&archivo).await);
            });
        } else {
            paso.set(Paso::Error("Elegí un archivo CSV.".into()));
        }
    };
    let importar = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(archivo) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) {
            leptos::task::spawn_local(navegador::importar(archivo, paso));
        }
    };

    view! {
        <p class="alerta" hidden=move || hidratado.get()>"Esta pantalla necesita JavaScript."</p>
        <section class="tarjeta">
            <div class="formulario">
                <div class="campo">
                    <label for="archivo">"Archivo CSV"</label>
                    <input id="archivo" type="file" accept=".csv,text/csv" node_ref=input
                        on:change=move |_| paso.set(Paso::Elegir) />
                </div>
                <button type="button" class="boton-primario" on:click=revisar
                    disabled=move || !hidratado.get() || matches!(paso.get(), Paso::Revisando | Paso::Importando(_))>
                    "Revisar archivo"
                </button>
            </div>
        </section>
        {move || match paso.get() {
            Paso::Elegir => ().into_any(),
            Paso::Revisando => view! { <p role="status">"Revisando el archivo…"</p> }.into_any(),
            Paso::Error(m) => view! { <p class="alerta" role="alert">{m}</p> }.into_any(),
            Paso::Revisado(v) => view! { <Revision v importar /> }.into_any(),
            Paso::Importando(e) => view! { <Progreso e /> }.into_any(),
            Paso::Terminado(e) => view! {
                <div class="aviso" role="status">
                    <p>{format!("Listo: se crearon {} usuarios con contraseña temporal.", e.total)}</p>
                    <p>
                        <a href=format!("/api/v1/usuarios/importacion/{}/claves.csv", e.id) download="claves-temporales.csv">
                            "Descargar las contraseñas temporales (una sola vez)"
                        </a>
                    </p>
                    <p>"No se guardan: se borran al descargarlas o, si nadie las descarga, en una hora."</p>
                </div>
            }.into_any(),
        }}
    }
}

#[component]
fn Revision(
    v: VistaPrevia,
    importar: impl Fn(leptos::ev::MouseEvent) + Send + Sync + 'static,
) -> impl IntoView {
    let resumen = if v.valida {
        format!("Las {} filas están bien.", v.total)
    } else {
        format!(
            "{} de {} filas tienen problemas. Corregí el archivo y volvé a revisarlo.",
            v.con_errores, v.total
        )
    };
    view! {
        {v.errores.iter().map(|e| view! { <p class="alerta" role="alert">{e.clone()}</p> }).collect_view()}
        <p role="status" class=if v.valida { "aviso" } else { "alerta" }>{resumen}</p>
        {v.valida.then(|| view! {
            <p><button type="button" class="boton-primario" on:click=importar>{format!("Importar {} usuarios", v.total)}</button></p>
        })}
        <div class="tabla-contenedor">
            <table>
                <caption class="solo-lectores">"Filas del archivo"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Línea"</th>
                        <th scope="col">"Apellido, nombre"</th>
                        <th scope="col">"Correo"</th>
                        <th scope="col">"Organismo / dependencia"</th>
                        <th scope="col">"Perfil"</th>
                        <th scope="col">"Problemas"</th>
                    </tr>
                </thead>
                <tbody>
                    {v.filas.into_iter().map(|f| view! { <Fila f /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Fila(f: FilaImportacion) -> impl IntoView {
    let problemas = if f.errores.is_empty() {
        "—".to_owned()
    } else {
        f.errores.join(" ")
    };
    let clase = if f.errores.is_empty() {
        ""
    } else {
        "fila-con-error"
    };
    view! {
        <tr class=clase>
            <td>{f.linea}</td>
            <td>{format!("{}, {}", f.apellido, f.nombre)}</td>
            <td>{f.email}</td>
            <td>{format!("{} / {}", f.organismo, f.dependencia)}</td>
            <td>{f.perfil}</td>
            <td>{problemas}</td>
        </tr>
    }
}

#[component]
fn Progreso(e: EstadoImportacion) -> impl IntoView {
    let texto = if e.hechos < e.total {
        format!("Preparando contraseñas: {} de {}", e.hechos, e.total)
    } else {
        format!("Guardando usuarios: {} de {}", e.hechos - e.total, e.total)
    };
    view! {
        <div class="tarjeta">
            <label for="progreso">"Importando…"</label>
            <progress id="progreso" max=e.pasos value=e.hechos>{texto.clone()}</progress>
            <p role="status">{texto}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod navegador {
    //! fetch to the API from the browser: the file is sent as the request body.

    use super::Paso;
    use crate::model::{AppError, EstadoImportacion};
    use gloo_net::http::Request;
    use leptos::prelude::*;

    const SIN_CONEXION: &str = "No se pudo contactar al servidor.";

    /// GET `camino`, or POST the file to it as the body: the status and the text of the answer.
    async fn pedir(camino: &str, archivo: Option<&web_sys::File>) -> Result<(u16, String), String> {
        let respuesta = match archivo {
            Some(f) => {
                Request::post(camino)
                    .header("Content-Type", "text/csv")
                    .body(f.clone())
                    .map_err(|_| SIN_CONEXION.to_owned())?
                    .send()
                    .await
            }
            None => Request::get(camino).send().await,
        }
        .map_err(|_| SIN_CONEXION.to_owned())?;
        let texto = respuesta.text().await.unwrap_or_default();
        Ok((respuesta.status(), texto))
    }

    fn mensaje_de_error(texto: &str) -> String {
        AppError::mensaje_de_respuesta(texto)
    }

    pub async fn revisar(archivo: &web_sys::File) -> Paso {
        match pedir("/api/v1/usuarios/importacion/vista-previa", Some(archivo)).await {
            Ok((200, t)) => serde_json::from_str(&t)
                .map(Paso::Revisado)
                .unwrap_or_else(|_| Paso::Error("Respuesta inesperada del servidor.".into())),
            Ok((_, t)) => Paso::Error(mensaje_de_error(&t)),
            Err(e) => Paso::Error(e),
        }
    }

    pub async fn importar(archivo: web_sys::File, paso: RwSignal<Paso>) {
        let inicio = match pedir("/api/v1/usuarios/importacion", Some(&archivo)).await {
            Ok((202, t)) => serde_json::from_str::<EstadoImportacion>(&t),
            Ok((_, t)) => return paso.set(Paso::Error(mensaje_de_error(&t))),
            Err(e) => return paso.set(Paso::Error(e)),
        };
        let Ok(mut estado) = inicio else {
            return paso.set(Paso::Error("Respuesta inesperada del servidor.".into()));
        };
        let camino = format!("/api/v1/usuarios/importacion/{}", estado.id);
        loop {
            match estado.estado.as_str() {
                "TERMINADA" => return paso.set(Paso::Terminado(estado)),
                "FALLIDA" => {
                    return paso.set(Paso::Error(estado.mensaje.unwrap_or_else(|| {
                        "La importación falló; no se creó ningún usuario.".into()
                    })));
                }
                _ => paso.set(Paso::Importando(estado.clone())),
            }
            gloo_timers::future::TimeoutFuture::new(1_000).await;
            estado = match pedir(&camino, None).await {
                Ok((200, t)) => match serde_json::from_str(&t) {
                    Ok(e) => e,
                    Err(_) => {
                        return paso.set(Paso::Error("Respuesta inesperada del servidor.".into()));
                    }
                },
                Ok((_, t)) => return paso.set(Paso::Error(mensaje_de_error(&t))),
                Err(e) => return paso.set(Paso::Error(e)),
            };
        }
    }
}
