use super::expediente::BotonSeguir;
use crate::api::expedientes::consulta_rapida;
use crate::model::{ESTADOS, VistaRapida, fecha_hora};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The autoridad's quick lookup (`/c`, `/c/{numero}`, `/c?numero=`): one number field and, for
/// a number, where the expediente is now. A page of its own, without the app's menu, so that it
/// is small and complete on a phone without JavaScript; the carátula's QR opens it.
#[component]
pub fn ConsultaRapida() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let numero = move || {
        params
            .read()
            .get("numero")
            .or_else(|| query.read().get("numero"))
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
    };
    let datos = Resource::new(numero, |n| async move {
        match n {
            Some(n) => Some(consulta_rapida(n).await),
            None => None,
        }
    });
    // What the follow form did, when it brought the browser back here (read once, then gone).
    #[cfg(feature = "ssr")]
    let aviso = crate::api::aviso_pendiente();
    #[cfg(not(feature = "ssr"))]
    let aviso = None::<crate::model::Aviso>;
    view! {
        <Title text="Consulta rápida · SIGEXP" />
        <main id="contenido" class="rapida">
            // Outside the app frame: its own way home and out.
            <nav class="marca-rapida" aria-label="Cuenta">
                <a href="/">"SIGEXP"</a>
                <a href="/salir">"Cerrar sesión"</a>
            </nav>
            <h1>"Consulta rápida"</h1>
            {aviso.map(|a| view! { <p class="aviso" role="status">{a.texto}</p> })}
            <form method="get" action="/c" role="search" class="buscador-rapido">
                <label for="numero">"Número de expediente"</label>
                <input id="numero" name="numero" value=move || numero().unwrap_or_default() required=true
                    autocapitalize="characters" autocomplete="off" spellcheck="false"
                    placeholder="EX-2026-00000001- -SANTACRUZ-MSA" />
                <button type="submit" class="boton-primario">"Buscar"</button>
            </form>
            <Suspense fallback=|| view! { <p>"Buscando…"</p> }>
                {move || datos.get().flatten().map(|r| match r {
                    Err(e) if e.code == "not_found" => view! {
                        <p class="alerta" role="alert">"No hay un expediente con ese número que puedas ver. Revisá el número."</p>
                    }.into_any(),
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(v) => view! { <Ficha v=v /> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Ficha(v: VistaRapida) -> impl IntoView {
    let demorado = v.demorado();
    let estado = ESTADOS
        .iter()
        .find(|(e, _)| *e == v.estado)
        .map_or(v.estado.clone(), |(_, t)| (*t).to_owned());
    let donde = if v.estado == "EN_TRANSITO" {
        "Lo envió"
    } else {
        "Está en"
    };
    let desde = v.desde.as_deref().map(fecha_hora).unwrap_or_default();
    let dias = format!(
        "{} día{} hábil{}",
        v.dias_habiles,
        if v.dias_habiles == 1 { "" } else { "s" },
        if v.dias_habiles == 1 { "" } else { "es" }
    );
    view! {
        <article class="ficha" aria-labelledby="ficha-numero">
            <h2 id="ficha-numero" class="numero-rapido">{v.numero.clone()}</h2>
            <p class="extracto-rapido">{v.extracto.clone()}</p>
            <dl class="datos-rapidos">
                <dt>"Estado"</dt><dd>{estado}</dd>
                <dt>{donde}</dt><dd><strong>{v.unidad.clone()}</strong>{format!(" — {}", v.organismo)}</dd>
                <dt>"Desde"</dt>
                <dd class:demorado=demorado>
                    {format!("{desde} ({dias})")}
                    {demorado.then(|| view! { <strong>{format!(" · Demorado: pasó el plazo de {} días hábiles", v.plazo_dias)}</strong> })}
                </dd>
                {v.recibido_por.clone().map(|p| view! { <dt>"Lo recibió"</dt><dd>{p}</dd> })}
                {v.enviado_por.clone().map(|p| {
                    let motivo = v.motivo.clone().map(|m| format!(". Motivo: {m}")).unwrap_or_default();
                    view! { <dt>"Se lo envió"</dt><dd>{format!("{p}{motivo}")}</dd> }
                })}
            </dl>
            {v.en_transito.clone().map(|t| view! {
                <p class="en-transito" role="status">
                    <strong>"En tránsito"</strong>
                    {format!(" hacia {} — {}, enviado el {}. Motivo: {}", t.unidad, t.organismo, fecha_hora(&t.enviado_en), t.motivo)}
                </p>
            })}
            <h3>"Últimos movimientos"</h3>
            <ol class="movimientos" reversed=true>
                {v.movimientos.into_iter().map(|m| view! {
                    <li>
                        <strong>{m.unidad}</strong>{format!(" — {}", m.organismo)}<br />
                        {format!("{} → {}", fecha_hora(&m.desde), m.hasta.as_deref().map_or_else(|| "hoy".to_owned(), fecha_hora))}
                    </li>
                }).collect_view()}
            </ol>
            <div class="acciones-encabezado">
                <a href=format!("/expedientes/{}", v.id)>"Ver el expediente completo"</a>
                <BotonSeguir id=v.id siguiendo=v.siguiendo />
            </div>
        </article>
    }
}
