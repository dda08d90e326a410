use crate::api::admin::{CambiarTipoTramite, CrearTipoTramite, PlazoTipoTramite, tipos_tramite};
use crate::ui::componentes::{Alerta, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;

/// The catalogue of tipos de trámite: add, rename, switch on and off. A tipo is never deleted,
/// because expedientes point at it.
#[component]
pub fn Tipos() -> impl IntoView {
    let crear = ServerAction::<CrearTipoTramite>::new();
    let cambiar = ServerAction::<CambiarTipoTramite>::new();
    let plazo = ServerAction::<PlazoTipoTramite>::new();
    let tipos = Resource::new(
        move || {
            (
                crear.version().get(),
                cambiar.version().get(),
                plazo.version().get(),
            )
        },
        |_| tipos_tramite(),
    );
    let error = error_de_formulario(move || {
        crear
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| cambiar.value().get().and_then(Result::err))
            .or_else(|| plazo.value().get().and_then(Result::err))
    });
    view! {
        <Title text="Tipos de trámite · SIGEXP" />
        <h2>"Tipos de trámite"</h2>
        <Alerta error />
        <section class="tarjeta" aria-labelledby="nuevo-tipo">
            <h3 id="nuevo-tipo">"Nuevo tipo de trámite"</h3>
            <ActionForm action=crear attr:class="formulario">
                <div class="campo">
                    <label for="nombre-tipo">"Nombre"</label>
                    <input id="nombre-tipo" name="nombre" required=true maxlength="200" />
                </div>
                <div class="campo">
                    <label for="plazo-tipo">"Plazo en días hábiles (opcional)"</label>
                    <input id="plazo-tipo" name="plazo_dias" type="number" min="1" max="365" inputmode="numeric" aria-describedby="plazo-ayuda" />
                    <p id="plazo-ayuda" class="ayuda">"Pasado el plazo en una unidad, el expediente figura como demorado. Vacío: 10 días hábiles."</p>
                </div>
                <button type="submit" class="boton-primario">"Agregar"</button>
            </ActionForm>
        </section>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || tipos.get().map(|r| match r {
                Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                Ok(ts) if ts.is_empty() => view! { <p class="vacio">"Todavía no hay tipos de trámite."</p> }.into_any(),
                Ok(ts) => view! {
                    <div class="tabla-contenedor">
                        <table>
                            <caption class="solo-lectores">"Tipos de trámite"</caption>
                            <thead><tr>
                                <th scope="col">"Nombre"</th>
                                <th scope="col">"Plazo (días hábiles)"</th>
                                <th scope="col">"Estado"</th>
                                <th scope="col"><span class="solo-lectores">"Acciones"</span></th>
                            </tr></thead>
                            <tbody>
                                {ts.into_iter().map(|t| {
                                    let campo = format!("tipo-{}", t.id);
                                    let etiqueta = format!("Nombre de {}", t.nombre);
                                    let sufijo = format!(" {}", t.nombre);
                                    let sufijo2 = sufijo.clone();
                                    let sufijo3 = sufijo.clone();
                                    let campo_plazo = format!("plazo-{}", t.id);
                                    let etiqueta_plazo = format!("Plazo de {} en días hábiles (vacío: 10)", t.nombre);
                                    view! {
                                        <tr>
                                            <td>
                                                <ActionForm action=cambiar attr:class="en-linea">
                                                    <input type="hidden" name="id" value=t.id />
                                                    <label for=campo.clone() class="solo-lectores">{etiqueta}</label>
                                                    <input id=campo name="nombre" value=t.nombre required=true maxlength="200" />
                                                    <button type="submit" class="boton-secundario">
                                                        "Renombrar" <span class="solo-lectores">{sufijo}</span>
                                                    </button>
                                                </ActionForm>
                                            </td>
                                            <td>
                                                <ActionForm action=plazo attr:class="en-linea">
                                                    <input type="hidden" name="id" value=t.id />
                                                    <label for=campo_plazo.clone() class="solo-lectores">{etiqueta_plazo}</label>
                                                    <input id=campo_plazo name="plazo_dias" type="number" min="1" max="365" inputmode="numeric"
                                                        value=t.plazo_dias.map(|p| p.to_string()).unwrap_or_default() placeholder="10" class="numero-corto" />
                                                    <button type="submit" class="boton-secundario">
                                                        "Guardar plazo" <span class="solo-lectores">{sufijo3}</span>
                                                    </button>
                                                </ActionForm>
                                            </td>
                                            <td>{if t.activo { "Activo" } else { "Inactivo" }}</td>
                                            <td>
                                                <ActionForm action=cambiar>
                                                    <input type="hidden" name="id" value=t.id />
                                                    <input type="hidden" name="activo" value=(!t.activo).to_string() />
                                                    <button type="submit" class="boton-secundario">
                                                        {if t.activo { "Desactivar" } else { "Activar" }}
                                                        <span class="solo-lectores">{sufijo2}</span>
                                                    </button>
                                                </ActionForm>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            })}
        </Transition>
    }
}
