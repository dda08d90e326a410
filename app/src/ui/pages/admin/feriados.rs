use crate::api::admin::{AgregarFeriado, QuitarFeriado, feriados};
use crate::model::dia;
use crate::ui::componentes::{Alerta, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;

/// The province's feriados: días hábiles (the registry, the lookup's "since when", demorados)
/// skip them. Add one, or remove one added by mistake.
#[component]
pub fn Feriados() -> impl IntoView {
    let agregar = ServerAction::<AgregarFeriado>::new();
    let quitar = ServerAction::<QuitarFeriado>::new();
    let lista = Resource::new(
        move || (agregar.version().get(), quitar.version().get()),
        |_| feriados(),
    );
    let error = error_de_formulario(move || {
        agregar
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| quitar.value().get().and_then(Result::err))
    });
    view! {
        <Title text="Feriados · SIGEXP" />
        <h2>"Feriados"</h2>
        <p class="ayuda">"Los días hábiles no cuentan sábados, domingos ni estos feriados: los usan el registro, los demorados y la consulta rápida."</p>
        <Alerta error />
        <section class="tarjeta" aria-labelledby="nuevo-feriado">
            <h3 id="nuevo-feriado">"Agregar un feriado"</h3>
            <ActionForm action=agregar attr:class="formulario">
                <div class="campo">
                    <label for="fecha-feriado">"Fecha"</label>
                    <input id="fecha-feriado" name="fecha" type="date" required=true />
                </div>
                <div class="campo">
                    <label for="nombre-feriado">"Nombre"</label>
                    <input id="nombre-feriado" name="nombre" required=true maxlength="200" placeholder="Día de la Soberanía Nacional" />
                </div>
                <button type="submit" class="boton-primario">"Agregar"</button>
            </ActionForm>
        </section>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || lista.get().map(|r| match r {
                Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                Ok(fs) if fs.is_empty() => view! {
                    <p class="vacio">"Todavía no hay feriados cargados: solo los fines de semana no son días hábiles."</p>
                }.into_any(),
                Ok(fs) => view! {
                    <div class="tabla-contenedor">
                        <table>
                            <caption class="solo-lectores">"Feriados"</caption>
                            <thead><tr>
                                <th scope="col">"Fecha"</th>
                                <th scope="col">"Nombre"</th>
                                <th scope="col"><span class="solo-lectores">"Acciones"</span></th>
                            </tr></thead>
                            <tbody>
                                {fs.into_iter().map(|f| {
                                    let cual = format!(" {} ({})", f.nombre, dia(&f.fecha));
                                    view! {
                                        <tr>
                                            <td>{dia(&f.fecha)}</td>
                                            <td>{f.nombre.clone()}</td>
                                            <td>
                                                <ActionForm action=quitar>
                                                    <input type="hidden" name="fecha" value=f.fecha.clone() />
                                                    <button type="submit" class="boton-secundario">
                                                        "Quitar" <span class="solo-lectores">{cual}</span>
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
