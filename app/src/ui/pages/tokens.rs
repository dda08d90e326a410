use crate::api::admin::{CrearToken, RevocarToken, listar_tokens};
use crate::model::fecha_hora;
use crate::ui::componentes::{Alerta, Campo, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;

/// Personal API tokens: for scripts and other systems that act on the user's behalf.
#[component]
pub fn Tokens() -> impl IntoView {
    let crear = ServerAction::<CrearToken>::new();
    let revocar = ServerAction::<RevocarToken>::new();
    let lista = Resource::new(|| (), |_| listar_tokens());
    let error = error_de_formulario(move || crear.value().get().and_then(Result::err));
    view! {
        <Title text="Mis tokens · SIGEXP" />
        <h1>"Mis tokens de acceso"</h1>
        <p class="bajada">
            "Un token deja que un programa use la API de SIGEXP en tu nombre, con tus mismos permisos. "
            "Se usa en el encabezado Authorization: Bearer. Vence a los días que fija el sistema "
            "y deja de valer si cambiás tu contraseña. Revocalo cuando ya no lo necesites."
        </p>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                lista
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                        Ok(l) if l.items.is_empty() => view! { <p class="vacio">"No tenés tokens activos."</p> }.into_any(),
                        Ok(l) => view! {
                            <div class="tabla-contenedor">
                                <table>
                                    <caption class="solo-lectores">"Tokens activos"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Nombre"</th>
                                            <th scope="col">"Creado"</th>
                                            <th scope="col">"Último uso"</th>
                                            <th scope="col">"Vence"</th>
                                            <th scope="col"><span class="solo-lectores">"Acciones"</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {l.items.into_iter().map(|t| view! {
                                            <tr>
                                                <td>{t.nombre.clone()}</td>
                                                <td>{fecha_hora(&t.creado_en)}</td>
                                                <td>{t.ultimo_uso.as_deref().map(fecha_hora).unwrap_or_else(|| "Nunca".to_owned())}</td>
                                                <td>{fecha_hora(&t.expira_en)}</td>
                                                <td>
                                                    <ActionForm action=revocar>
                                                        <input type="hidden" name="id" value=t.id />
                                                        <button type="submit" class="boton-secundario">
                                                            "Revocar" <span class="solo-lectores">{format!(" {}", t.nombre)}</span>
                                                        </button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    })
            }}
        </Transition>
        <section class="tarjeta" aria-labelledby="nuevo-token">
            <h2 id="nuevo-token">"Nuevo token"</h2>
            <Alerta error />
            <ActionForm action=crear attr:class="formulario">
                <Campo id="nombre" etiqueta="Nombre del token" ayuda="Para reconocerlo después, p. ej. «script de reportes»." error />
                <Campo
                    id="password"
                    etiqueta="Tu contraseña actual"
                    tipo="password"
                    autocomplete="current-password"
                    ayuda="Para confirmar que sos vos quien crea el token."
                    error
                />
                <button type="submit" class="boton-primario">"Crear token"</button>
            </ActionForm>
        </section>
    }
}
