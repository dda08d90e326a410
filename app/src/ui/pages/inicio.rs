use crate::api::auth::mi_cuenta;
use crate::model::Me;
use leptos::prelude::*;
use leptos_meta::Title;

/// The home page: who you are and where you work.
#[component]
pub fn Inicio() -> impl IntoView {
    let cuenta = Resource::new(|| (), |_| mi_cuenta());
    view! {
        <Title text="Inicio · SIGEXP" />
        <h1>"Inicio"</h1>
        <Suspense fallback=|| view! { <p>"Cargando…"</p> }>
            {move || cuenta.get().and_then(Result::ok).map(|me| view! { <MiCuenta me /> })}
        </Suspense>
    }
}

#[component]
fn MiCuenta(me: Me) -> impl IntoView {
    let no_asignado = || "Sin asignar".to_owned();
    view! {
        <p class="bajada">"Hola, " {me.nombre.clone()} "."</p>
        <section class="tarjeta" aria-labelledby="titulo-cuenta">
            <h2 id="titulo-cuenta">"Tu cuenta"</h2>
            <dl class="datos">
                <dt>"Correo"</dt>
                <dd>{me.email.clone()}</dd>
                <dt>"Perfil"</dt>
                <dd>{me.perfil.etiqueta()}</dd>
                <dt>"Organismo"</dt>
                <dd>{me.organismo_nombre.clone().unwrap_or_else(no_asignado)}</dd>
                <dt>"Unidad"</dt>
                <dd>{me.unidad_nombre.clone().unwrap_or_else(no_asignado)}</dd>
            </dl>
        </section>
    }
}
