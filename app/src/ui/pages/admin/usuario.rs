use crate::api::admin::{
    CambiarUsuarioActivo, ModificarUsuario, RestablecerUsuario, obtener_usuario, ubicaciones,
};
use crate::model::{Organismo, Perfil, Unidad, Usuario};
use crate::ui::componentes::{Alerta, Aviso, Campo, Regla, error_de_formulario};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use leptos_router::hooks::use_query_map;

/// One user: data, activation, password reset.
#[component]
pub fn UsuarioDetalle() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok());
    let activar = ServerAction::<CambiarUsuarioActivo>::new();
    let restablecer = ServerAction::<RestablecerUsuario>::new();
    let modificar = ServerAction::<ModificarUsuario>::new();
    let opciones = Resource::new(|| (), |_| ubicaciones());
    let usuario = Resource::new(
        move || (id(), activar.version().get(), modificar.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => obtener_usuario(id).await,
                None => Err(crate::model::AppError::de("not_found")),
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
                        Ok(u) => {
                            let opciones = opciones.get().and_then(Result::ok).unwrap_or_default();
                            view! {
                                <Ficha u=u.clone() activar restablecer />
                                <Edicion u organismos=opciones.0 unidades=opciones.1 modificar />
                            }
                                .into_any()
                        }
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

/// The form that changes a user's data, perfil, unidad and access list.
#[component]
fn Edicion(
    u: Usuario,
    organismos: Vec<Organismo>,
    unidades: Vec<Unidad>,
    modificar: ServerAction<ModificarUsuario>,
) -> impl IntoView {
    let query = use_query_map();
    let error = error_de_formulario(move || modificar.value().get().and_then(Result::err));
    let aviso = Signal::derive(move || {
        let guardado = modificar.value().get().is_some_and(|r| r.is_ok())
            || query.read().get("guardado").is_some();
        guardado.then(|| "Cambios guardados.".to_owned())
    });
    let campo =
        move |f: &'static str| move || error.get().and_then(|e| e.campo(f).map(str::to_owned));
    view! {
        <section class="tarjeta" aria-labelledby="editar-usuario">
            <h3 id="editar-usuario">"Datos, perfil y acceso"</h3>
            <Aviso texto=aviso />
            <Alerta error />
            <ActionForm action=modificar attr:class="formulario">
                <input type="hidden" name="id" value=u.id />
                <input type="hidden" name="acceso_enviado" value="1" />
                <Campo id="email" etiqueta="Correo electrónico" tipo="email" valor=u.email.clone() validar=Regla::Email error />
                <div class="campo">
                    <label for="nombre">"Nombre"</label>
                    <input id="nombre" name="nombre" value=u.nombre.clone() required=true />
                    {move || campo("nombre")().map(|m| view! { <p class="error-campo">{m}</p> })}
                </div>
                <div class="campo">
                    <label for="apellido">"Apellido"</label>
                    <input id="apellido" name="apellido" value=u.apellido.clone() required=true />
                    {move || campo("apellido")().map(|m| view! { <p class="error-campo">{m}</p> })}
                </div>
                <div class="campo">
                    <label for="perfil">"Perfil"</label>
                    <select id="perfil" name="perfil">
                        {Perfil::TODOS
                            .into_iter()
                            .map(|p| view! { <option value=p.codigo() selected=p == u.perfil>{p.etiqueta()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="campo">
                    <label for="unidad_id">"Organismo y dependencia"</label>
                    <select id="unidad_id" name="unidad_id">
                        <option value="">"Ninguna (administrador o autoridad)"</option>
                        {organismos
                            .iter()
                            .map(|o| {
                                let propias: Vec<Unidad> = unidades.iter().filter(|x| x.organismo_id == o.id).cloned().collect();
                                view! {
                                    <optgroup label=format!("{} — {}", o.codigo, o.nombre)>
                                        {propias
                                            .into_iter()
                                            .map(|x| view! { <option value=x.id selected=Some(x.id) == u.unidad_id>{format!("{} — {}", x.codigo, x.nombre)}</option> })
                                            .collect_view()}
                                    </optgroup>
                                }
                            })
                            .collect_view()}
                    </select>
                    {move || campo("unidad_id")().map(|m| view! { <p class="error-campo">{m}</p> })}
                </div>
                <fieldset class="campo acceso">
                    <legend>"Lista de acceso: organismos cuyos expedientes puede consultar"</legend>
                    {organismos
                        .iter()
                        .enumerate()
                        .map(|(i, o)| {
                            view! {
                                <label class="opcion">
                                    <input type="checkbox" name=format!("acceso[{i}]") value=o.id checked=u.acceso.contains(&o.id) />
                                    {format!(" {} — {}", o.codigo, o.nombre)}
                                </label>
                            }
                        })
                        .collect_view()}
                    {move || campo("acceso")().map(|m| view! { <p class="error-campo">{m}</p> })}
                </fieldset>
                <button type="submit" class="boton-primario" disabled=move || modificar.pending().get()>
                    "Guardar cambios"
                </button>
            </ActionForm>
        </section>
    }
}
