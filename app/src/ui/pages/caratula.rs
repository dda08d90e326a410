use crate::api::expedientes::caratula;
use crate::model::fecha_hora;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The printable cover of an expediente, with a QR code of its address. Printing hides the
/// buttons (print CSS).
#[component]
pub fn CaratulaPagina() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let datos = Resource::new(id, caratula);
    view! {
        <Title text="Carátula · SIGEXP" />
        <main id="contenido" class="caratula">
            <Suspense fallback=|| view! { <p>"Cargando…"</p> }>
                {move || datos.get().map(|r| match r {
                    Err(e) => view! { <h1>"Carátula"</h1><p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(c) => {
                        let fecha = fecha_hora(&c.expediente.creado_en).split(' ').next().unwrap_or_default().to_owned();
                        view! {
                            <p class="no-imprimir acciones">
                                <a href=format!("/expedientes/{}", c.expediente.id)>"← Volver al expediente"</a>
                                <BotonImprimir />
                                <a href=format!("/api/v1/expedientes/{}/caratula.pdf", c.expediente.id) download="">"Descargar PDF"</a>
                            </p>
                            <p class="marca-login">"Provincia de Santa Cruz · SIGEXP"</p>
                            <h1>"Carátula"</h1>
                            <p class="numero-caratula">{c.expediente.numero.clone()}</p>
                            <dl class="datos">
                                <dt>"Extracto"</dt><dd>{c.expediente.extracto.clone()}</dd>
                                <dt>"Iniciador"</dt><dd>{c.expediente.iniciador.nombre.clone()} {c.expediente.iniciador.documento.clone().map(|d| format!(" ({d})"))}</dd>
                                <dt>"Organismo"</dt><dd>{c.organismo.clone()}</dd>
                                <dt>"Fecha"</dt><dd>{fecha}</dd>
                                <dt>"Cuerpo"</dt><dd>{c.cuerpo}</dd>
                            </dl>
                            <figure class="qr">
                                <div inner_html=c.qr_svg.clone()></div>
                                <figcaption>{format!("Código QR de la consulta rápida del expediente: {}", c.direccion)}</figcaption>
                            </figure>
                            {c.consulta.clone().map(|u| view! {
                                <p class="consulta-ciudadana">{format!("Quien inició el trámite puede consultar dónde está en {u} con este número y su DNI o CUIT.")}</p>
                            })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </main>
    }
}

/// "Imprimir": opens the browser's print dialog. It needs JavaScript, so the server sends it
/// hidden and it shows once live (without it, the browser's own menu prints the page).
#[island]
fn BotonImprimir() -> impl IntoView {
    let vivo = RwSignal::new(false);
    Effect::new(move |_| vivo.set(true));
    view! {
        <button
            type="button"
            class="boton-primario"
            hidden=move || !vivo.get()
            on:click=move |_| {
                let _ = window().print();
            }
        >
            "Imprimir"
        </button>
    }
}
