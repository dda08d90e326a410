use crate::api::expedientes::consulta_publica;
use crate::model::{ESTADOS, fecha_hora};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The citizens' consulta (`/consulta`), without a session: número and the iniciador's DNI/CUIT
/// give where the expediente is and its movements, nothing else. A GET form, complete without
/// JavaScript; the server never writes query strings to its log.
#[component]
pub fn ConsultaPublicaPagina() -> impl IntoView {
    let query = use_query_map();
    let campo = move |k: &str| {
        query
            .read()
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let pregunta = move || campo("numero").zip(campo("documento"));
    let datos = Resource::new(pregunta, |p| async move {
        match p {
            Some((n, d)) => Some(consulta_publica(n, d).await),
            None => None,
        }
    });
    view! {
        <Title text="Consulta de expedientes · Provincia de Santa Cruz" />
        <main id="contenido" class="rapida">
            <p class="marca-rapida">"Provincia de Santa Cruz · SIGEXP"</p>
            <h1>"Consultá tu expediente"</h1>
            <p>"Con el número que figura en la carátula y el DNI o CUIT de quien inició el trámite."</p>
            <form method="get" action="/consulta" class="formulario">
                <div class="campo">
                    <label for="numero">"Número de expediente"</label>
                    <input id="numero" name="numero" required=true autocomplete="off" spellcheck="false"
                        value=move || campo("numero").unwrap_or_default()
                        placeholder="EX-2026-00000001- -SANTACRUZ-MSA" />
                </div>
                <div class="campo">
                    <label for="documento">"DNI o CUIT de quien lo inició"</label>
                    <input id="documento" name="documento" required=true inputmode="numeric" autocomplete="off"
                        value=move || campo("documento").unwrap_or_default() />
                </div>
                <button type="submit" class="boton-primario">"Consultar"</button>
            </form>
            <Suspense fallback=|| view! { <p>"Consultando…"</p> }>
                {move || datos.get().flatten().map(|r| match r {
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(c) => {
                        let estado = ESTADOS.iter().find(|(v, _)| *v == c.estado).map_or(c.estado.clone(), |(_, t)| (*t).to_owned());
                        view! {
                            <article class="ficha" aria-labelledby="consulta-numero">
                                <h2 id="consulta-numero" class="numero-rapido">{c.numero.clone()}</h2>
                                <dl class="datos-rapidos">
                                    <dt>"Iniciado"</dt><dd>{fecha_hora(&c.creado_en)}</dd>
                                    <dt>"Estado"</dt><dd>{estado}</dd>
                                    <dt>"Está en"</dt><dd><strong>{c.unidad.nombre.clone()}</strong>{format!(" — {}", c.unidad.organismo)}</dd>
                                    <dt>"Desde"</dt><dd>{c.desde.as_deref().map(fecha_hora).unwrap_or_default()}</dd>
                                </dl>
                                <h3>"Movimientos"</h3>
                                <ol class="movimientos">
                                    {c.movimientos.into_iter().map(|m| view! {
                                        <li>
                                            <strong>{m.unidad}</strong>{format!(" — {}", m.organismo)}<br />
                                            {format!("{} → {}", fecha_hora(&m.desde), m.hasta.as_deref().map_or_else(|| "hoy".to_owned(), fecha_hora))}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            </article>
                        }.into_any()
                    }
                })}
            </Suspense>
        </main>
    }
}
