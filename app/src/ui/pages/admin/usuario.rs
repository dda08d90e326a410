use crate::api::admin::{CambiarUsuarioActivo, RestablecerUsuario, obtener_usuario};
use crate::model::Usuario;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// One user: data, activation, password reset.
#[component]
pub fn UsuarioDetalle() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok());
    let activar = ServerAction::<CambiarUsuarioActivo>::new();
    let restablecer = ServerAction::<RestablecerUsuario>::new();
    let usuario = Resource::new(
        move || (id(), activar.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => obtener_usuario(id).await,
                None => Err(crate::model::AppError::new(
                    404,
                    "no_encontrado",
                    "No se encontró lo pedido.",
                )),
            }
        },
    );
    view! {
        <Title text="Usuario · Administración · SIGEXP" />
        <p><a href="/admin/usuarios">"← Volver a usuarios"</a></p>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                usuario
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                        Ok(u) => view! { <Ficha u activar restablecer /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Ficha(
    u: Usuario,
    activar: ServerAction<CambiarUsuarioActivo>,
    restablecer: ServerAction<RestablecerUsuario>,
) -> impl IntoView {
    let accion = if u.activo {
        "Desactivar cuenta"
    } else {
        "Activar cuenta"
    };
    let error = move || {
        activar
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| restablecer.value().get().and_then(Result::err))
            .map(|e| {
                let detalle = e.fields.values().cloned().collect::<Vec<_>>().join(" ");
                format!("{} {detalle}", e.message)
            })
    };
    view! {
        <h2>{format!("{} {}", u.nombre, u.apellido)}</h2>
        {move || error().map(|m| view! { <p class="alerta" role="alert">{m}</p> })}
        {move || {
            restablecer
                .value()
                .get()
                .and_then(Result::ok)
                .map(|r| {
                    view! {
                        <div class="aviso" role="status">
                            <p>"Contraseña restablecida. Se cerraron las sesiones abiertas de la persona."</p>
                            <p>
                                "Contraseña temporal (se muestra una sola vez; vence en 72 horas): "
                                <code class="clave">{r.password_temporal.unwrap_or_default()}</code>
                            </p>
                        </div>
                    }
                })
        }}
        <section class="tarjeta">
            <dl class="datos">
                <dt>"Correo"</dt>
                <dd>{u.email.clone()}</dd>
                <dt>"Perfil"</dt>
                <dd>{u.perfil.etiqueta()}</dd>
                <dt>"Estado"</dt>
                <dd>{if u.activo { "Activa" } else { "Desactivada" }}</dd>
            </dl>
            <div class="acciones">
                <ActionForm action=activar>
                    <input type="hidden" name="id" value=u.id />
                    <input type="hidden" name="activo" value=(!u.activo).to_string() />
                    <button type="submit" class="boton-secundario">{accion}</button>
                </ActionForm>
                <ActionForm action=restablecer>
                    <input type="hidden" name="id" value=u.id />
                    <button type="submit" class="boton-secundario">"Restablecer contraseña"</button>
                </ActionForm>
            </div>
        </section>
    }
}
