use crate::api::admin::tipos_tramite;
use crate::api::expedientes::{IniciarExpediente, mesas_para_iniciar};
use crate::ui::componentes::{Alerta, Campo, Regla, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;

/// Starts an expediente at a mesa de entradas: the user's own (or, for an oficina, the one it
/// depends on), or — when the server offers several, as to an administrator — the one chosen.
#[component]
pub fn IniciarPagina() -> impl IntoView {
    let iniciar = ServerAction::<IniciarExpediente>::new();
    let error = error_de_formulario(move || iniciar.value().get().and_then(Result::err));
    let tipos = Resource::new(|| (), |_| tipos_tramite());
    let mesas = Resource::new(|| (), |_| mesas_para_iniciar());
    let error_mesa = move || {
        error
            .get()
            .and_then(|e| e.campo("unidad_id").map(str::to_owned))
            .map(|m| view! { <p class="error-campo">{m}</p> })
    };
    view! {
        <Title text="Iniciar expediente · SIGEXP" />
        <h1>"Iniciar expediente"</h1>
        <p class="bajada">"El número se asigna automáticamente al guardar."</p>
        <section class="tarjeta">
            <Alerta error />
            <ActionForm action=iniciar attr:class="formulario">
                <Suspense fallback=|| ()>
                    {move || mesas.get().and_then(Result::ok).map(|ms| match ms.as_slice() {
                        [] => view! {
                            <p class="alerta" role="alert">"Tu perfil no inicia expedientes en ninguna mesa de entradas."</p>
                        }.into_any(),
                        [(id, nombre)] => view! {
                            <p class="campo">"Se inicia en " <strong>{nombre.clone()}</strong> "."</p>
                            <input type="hidden" name="unidad_id" value=*id />
                            {error_mesa}
                        }.into_any(),
                        _ => view! {
                            <div class="campo">
                                <label for="unidad_id">"Mesa de entradas donde se inicia"</label>
                                <select id="unidad_id" name="unidad_id" required=true>
                                    <option value="">"Elegí una mesa de entradas"</option>
                                    {ms.iter().map(|(id, nombre)| view! { <option value=*id>{nombre.clone()}</option> }).collect_view()}
                                </select>
                                {error_mesa}
                            </div>
                        }.into_any(),
                    })}
                </Suspense>
                <div class="campo">
                    <label for="extracto">"Extracto"</label>
                    <textarea id="extracto" name="extracto" rows="3" required=true aria-describedby="extracto-ayuda"></textarea>
                    <p class="ayuda" id="extracto-ayuda">"De qué trata, en 10 a 1000 caracteres."</p>
                    {move || error.get().and_then(|e| e.campo("extracto").map(str::to_owned)).map(|m| view! { <p class="error-campo">{m}</p> })}
                </div>
                <Campo id="iniciador_nombre" etiqueta="Iniciador (persona, empresa o área)" error />
                <Campo id="iniciador_documento" campo_error="iniciador.documento" etiqueta="DNI o CUIT del iniciador (opcional)" requerido=false validar=Regla::Documento error />
                <div class="campo">
                    <label for="tipo_tramite_id">"Tipo de trámite (opcional)"</label>
                    <select id="tipo_tramite_id" name="tipo_tramite_id">
                        <option value="">"Sin especificar"</option>
                        <Suspense fallback=|| ()>
                            {move || tipos.get().and_then(Result::ok).map(|ts| {
                                ts.into_iter().filter(|t| t.activo).map(|t| view! { <option value=t.id>{t.nombre}</option> }).collect_view()
                            })}
                        </Suspense>
                    </select>
                    {move || error.get().and_then(|e| e.campo("tipo_tramite_id").map(str::to_owned)).map(|m| view! { <p class="error-campo">{m}</p> })}
                </div>
                <details>
                    <summary>"Registrar un expediente existente (en papel o de otro sistema)"</summary>
                    <Campo id="numero" etiqueta="Número del expediente existente" requerido=false ayuda="Dejalo vacío para que el sistema asigne el número." error />
                </details>
                <button type="submit" class="boton-primario" disabled=move || iniciar.pending().get()>
                    "Iniciar expediente"
                </button>
            </ActionForm>
        </section>
    }
}
