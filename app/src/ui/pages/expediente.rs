use super::bandeja::{antiguedad, nombre_unidad};
use super::documentos::{Constancias, Documentos};
use crate::api::expedientes::{
    AgregarAnotacion, AnularPase, ArchivarExpediente, DesglosarDocumento, EditarAnotacion,
    EditarExpediente, EliminarAnotacion, EnviarPase, RechazarPase, RecibirPases, SeguirExpediente,
    ver_expediente,
};
use crate::model::{
    Anotacion, AppError, Evento, MAX_TEXTO_ANOTACION, RevisionAnotacion, Unidad, VistaExpediente,
    fecha_hora,
};
use crate::ui::componentes::{
    Alerta, Campo, DestinoPicker, Regla, error_de_formulario, texto_inicial,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde_json::Value;

fn estado_legible(e: &str) -> &'static str {
    match e {
        "EN_TRAMITE" => "En trámite",
        "EN_TRANSITO" => "En tránsito (pase pendiente de recepción)",
        "ARCHIVADO" => "Archivado",
        _ => "Desconocido",
    }
}

fn tipo_legible(tipo: &str) -> String {
    let t = tipo.replace('_', " ").to_lowercase();
    let mut c = t.chars();
    c.next()
        .map(|p| p.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A JSON value as people read it.
fn valor_legible(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::String(s) => s.clone(),
        Value::Object(m) => m
            .values()
            .filter(|x| !x.is_null())
            .map(valor_legible)
            .collect::<Vec<_>>()
            .join(", "),
        otro => otro.to_string(),
    }
}

/// What an event changed: "campo: antes → después" for edits, the motivo for the others.
fn detalle_evento(ev: &Evento, unidades: &[Unidad]) -> Vec<String> {
    let d = &ev.datos;
    let mut lineas = Vec::new();
    if let (Some(Value::Object(antes)), Some(Value::Object(despues))) =
        (d.get("antes"), d.get("despues"))
    {
        for (campo, nuevo) in despues {
            let viejo = antes.get(campo).unwrap_or(&Value::Null);
            if viejo != nuevo {
                lineas.push(format!(
                    "{campo}: {} → {}",
                    valor_legible(viejo),
                    valor_legible(nuevo)
                ));
            }
        }
    }
    if let Some(p) = d.get("pase") {
        let unidad = |k: &str| {
            p.get(k)
                .and_then(Value::as_i64)
                .map(|id| nombre_unidad(unidades, id))
                .unwrap_or_default()
        };
        lineas.push(format!(
            "{} → {}",
            unidad("origen_unidad_id"),
            unidad("destino_unidad_id")
        ));
        if let Some(m) = p.get("motivo").and_then(Value::as_str) {
            lineas.push(format!("Motivo: {m}"));
        }
        if let Some(m) = p.get("motivo_rechazo").and_then(Value::as_str) {
            lineas.push(format!("Motivo del rechazo: {m}"));
        }
    }
    if let Some(m) = d.get("motivo").and_then(Value::as_str) {
        lineas.push(format!("Motivo: {m}"));
    }
    lineas
}

/// One expediente: data, where it is and since when, the actions the server says this user
/// may take (edit, send, archive, withdraw, receive or reject a pase, documents), circuit,
/// pases and historial.
#[component]
pub fn ExpedientePagina() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let enviar = ServerAction::<EnviarPase>::new();
    let editar = ServerAction::<EditarExpediente>::new();
    let archivar = ServerAction::<ArchivarExpediente>::new();
    let anular = ServerAction::<AnularPase>::new();
    let desglosar = ServerAction::<DesglosarDocumento>::new();
    let recibir = ServerAction::<RecibirPases>::new();
    let rechazar = ServerAction::<RechazarPase>::new();
    let datos = Resource::new(id, ver_expediente);
    let error_pase = error_de_formulario(move || enviar.value().get().and_then(Result::err));
    let error_edicion = Signal::derive(move || editar.value().get().and_then(Result::err));
    let error_archivo = Signal::derive(move || {
        archivar
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| anular.value().get().and_then(Result::err))
            .or_else(|| rechazar.value().get().and_then(Result::err))
            .or_else(|| recibir.value().get().and_then(Result::err))
    });
    view! {
        <Title text="Expediente · SIGEXP" />
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                datos.get().map(|r| match r {
                    Err(e) => view! { <h1>"Expediente"</h1><p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(v) => {
                        let e = v.expediente.clone();
                        let (organismos, unidades) = (v.organismos.clone(), v.unidades.clone());
                        // What the server decided this user may do now; it checks every call.
                        let acciones = v.acciones;
                        let pendiente = v.pases.items.iter().find(|p| p.estado == "PENDIENTE").cloned();
                        let (o2, u2, u3) = (organismos.clone(), unidades.clone(), unidades.clone());
                        view! {
                            <h1 class="numero">{e.numero.clone()}</h1>
                            <p class="bajada">{e.extracto.clone()}</p>
                            <div class="acciones-encabezado">
                                <a href=format!("/expedientes/{}/caratula", e.id)>"Ver e imprimir la carátula"</a>
                                <BotonSeguir id=e.id siguiendo=v.siguiendo />
                            </div>
                            <section class="tarjeta" aria-labelledby="datos">
                                <h2 id="datos">"Datos"</h2>
                                <dl class="datos">
                                    <dt>"Estado"</dt><dd>{estado_legible(&e.estado)}</dd>
                                    <dt>"Dónde está"</dt>
                                    <dd>
                                        {nombre_unidad(&unidades, e.unidad_actual_id)}
                                        {format!(" · desde {} ({})", fecha_hora(&e.en_unidad_desde), antiguedad(&e.en_unidad_desde))}
                                    </dd>
                                    <dt>"Iniciador"</dt><dd>{e.iniciador.nombre.clone()} {e.iniciador.documento.clone().map(|d| format!(" ({d})"))}</dd>
                                    <dt>"Tipo de trámite"</dt><dd>{v.tipo_tramite.clone().unwrap_or_else(|| "Sin especificar".to_owned())}</dd>
                                    <dt>"Iniciado"</dt><dd>{format!("{} en {}", fecha_hora(&e.creado_en), nombre_unidad(&unidades, e.unidad_origen_id))}</dd>
                                    <dt>"Fojas"</dt><dd>{e.fojas}</dd>
                                </dl>
                            </section>
                            <Documentos
                                expediente_id=e.id
                                documentos=v.documentos.items.clone()
                                personas=v.personas.clone()
                                puede_modificar=acciones.documentos
                                limite=v.limite_subida
                                desglosar
                            />
                            <Anotaciones
                                expediente_id=e.id
                                notas=v.anotaciones.clone()
                                revisiones=v.revisiones.clone()
                                personas=v.personas.clone()
                                unidades=unidades.clone()
                                puede_anotar=acciones.anotar
                            />
                            <Alerta error=error_archivo />
                            {acciones.enviar.then(|| view! {
                                <section class="tarjeta" aria-labelledby="pase">
                                    <h2 id="pase">"Enviar un pase"</h2>
                                    <Alerta error=error_pase />
                                    <ActionForm action=enviar attr:class="formulario">
                                        <input type="hidden" name="expediente_id" value=e.id />
                                        <DestinoPicker organismos=o2.clone() unidades=u2.clone() excluir=Some(e.unidad_actual_id) error=Some(error_pase) />
                                        <div class="campo">
                                            <label for="motivo">"Motivo"</label>
                                            <textarea id="motivo" name="motivo" rows="2" required=true></textarea>
                                        </div>
                                        <button type="submit" class="boton-primario">"Enviar pase"</button>
                                    </ActionForm>
                                </section>
                            })}
                            {acciones.editar.then(|| view! {
                                // Open when the last edit came back refused, so its message shows.
                                <details class="tarjeta" open=error_edicion.get_untracked().is_some()>
                                    <summary>"Editar datos"</summary>
                                    <Edicion e=e.clone() editar error=error_edicion />
                                </details>
                            })}
                            {pendiente.map(|p| view! {
                                <section class="tarjeta" aria-labelledby="en-transito">
                                    <h2 id="en-transito">"Pase pendiente de recepción"</h2>
                                    <p>{format!("Enviado a {} el {}. Motivo: {}", nombre_unidad(&u3, p.destino_unidad_id), fecha_hora(&p.enviado_en), p.motivo)}</p>
                                    {acciones.recibir.then(|| view! {
                                        <ActionForm action=recibir>
                                            <input type="hidden" name="pases[]" value=p.id />
                                            <button type="submit" class="boton-primario">"Recibir el pase"</button>
                                        </ActionForm>
                                    })}
                                    {acciones.rechazar.then(|| view! {
                                        <details class="rechazo">
                                            <summary>"Rechazar el pase"</summary>
                                            <ActionForm action=rechazar attr:class="formulario">
                                                <input type="hidden" name="id" value=p.id />
                                                <div class="campo">
                                                    <label for="motivo-rechazo">"Motivo del rechazo"</label>
                                                    <textarea id="motivo-rechazo" name="motivo" rows="2" required=true></textarea>
                                                </div>
                                                <button type="submit" class="boton-peligro">"Rechazar el pase"</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                    {acciones.anular.then(|| view! {
                                        <ActionForm action=anular>
                                            <input type="hidden" name="id" value=p.id />
                                            <button type="submit" class="boton-secundario">"Anular el pase"</button>
                                        </ActionForm>
                                    })}
                                </section>
                            })}
                            {acciones.archivar.then(|| {
                                let archivar_ahora = e.estado == "EN_TRAMITE";
                                view! {
                                    <details class="tarjeta">
                                        <summary>{if archivar_ahora { "Archivar" } else { "Desarchivar" }}</summary>
                                        <ActionForm action=archivar attr:class="formulario">
                                            <input type="hidden" name="id" value=e.id />
                                            <input type="hidden" name="archivar" value=archivar_ahora.to_string() />
                                            <div class="campo">
                                                <label for="motivo-archivo">{if archivar_ahora { "Motivo para archivar" } else { "Motivo para desarchivar" }}</label>
                                                <textarea id="motivo-archivo" name="motivo" rows="2" required=true></textarea>
                                            </div>
                                            <button type="submit" class="boton-secundario">
                                                {if archivar_ahora { "Archivar el expediente" } else { "Desarchivar el expediente" }}
                                            </button>
                                        </ActionForm>
                                    </details>
                                }
                            })}
                            <Trayectoria v unidades />
                        }.into_any()
                    }
                })
            }}
        </Transition>
    }
}

/// Follow the expediente (or stop): a plain form, so it works without JavaScript; the page
/// comes back with a notice.
#[component]
pub fn BotonSeguir(id: i64, siguiendo: bool) -> impl IntoView {
    let accion = ServerAction::<SeguirExpediente>::new();
    view! {
        <ActionForm action=accion attr:class="seguir">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="seguir" value=(!siguiendo).to_string() />
            <button type="submit" class="boton-secundario">
                {if siguiendo { "Dejar de seguir" } else { "Seguir este expediente" }}
            </button>
        </ActionForm>
    }
}

/// The notes this user may see, oldest first, each with author, unidad, time, "editada" and
/// its earlier texts one click away; the author (or an administrator) edits or removes it with
/// the forms under it. The new note's form works without JavaScript, as every form here.
#[component]
fn Anotaciones(
    expediente_id: i64,
    notas: Vec<Anotacion>,
    revisiones: Vec<(i64, RevisionAnotacion)>,
    personas: Vec<(i64, String)>,
    unidades: Vec<Unidad>,
    puede_anotar: bool,
) -> impl IntoView {
    let agregar = ServerAction::<AgregarAnotacion>::new();
    let editar = ServerAction::<EditarAnotacion>::new();
    let eliminar = ServerAction::<EliminarAnotacion>::new();
    let error_agregar = error_de_formulario(move || agregar.value().get().and_then(Result::err));
    let error_nota = Signal::derive(move || {
        editar
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| eliminar.value().get().and_then(Result::err))
    });
    let error_texto = move || {
        error_agregar
            .get()
            .and_then(|e| e.campo("texto").map(str::to_owned))
            .map(|m| view! { <p class="error-campo">{m}</p> })
    };
    let persona = move |id: i64| {
        personas
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let lista = if notas.is_empty() {
        view! { <p class="vacio">"Todavía no tiene anotaciones."</p> }.into_any()
    } else {
        view! {
            <ol class="anotaciones">
                {notas.into_iter().map(|n| {
                    let anteriores: Vec<RevisionAnotacion> = revisiones
                        .iter()
                        .filter(|(id, _)| *id == n.id)
                        .map(|(_, r)| r.clone())
                        .collect();
                    let anteriores = (!anteriores.is_empty()).then(|| {
                        let cuantas = anteriores.len();
                        view! {
                            <details class="versiones">
                                <summary>{format!("Ver {} anterior{}", if cuantas == 1 { "el texto".to_owned() } else { format!("los {cuantas} textos") }, if cuantas == 1 { "" } else { "es" })}</summary>
                                <ol>
                                    {anteriores.into_iter().map(|r| view! {
                                        <li>
                                            <p class="meta">{format!("{} · {}", persona(r.escrita_por), fecha_hora(&r.escrita_en))}</p>
                                            <p class="texto-nota">{r.texto}</p>
                                        </li>
                                    }).collect_view()}
                                </ol>
                            </details>
                        }
                    });
                    let privada = n.visibilidad == "UNIDAD";
                    let cuerpo = if n.eliminada {
                        view! {
                            <p class="eliminada">
                                {format!(
                                    "Eliminada el {}. Motivo: {}",
                                    n.eliminada_en.as_deref().map(fecha_hora).unwrap_or_default(),
                                    n.motivo_eliminacion.clone().unwrap_or_default()
                                )}
                            </p>
                            <details class="versiones">
                                <summary>"Ver el texto eliminado"</summary>
                                <p class="texto-nota">{n.texto.clone()}</p>
                            </details>
                        }.into_any()
                    } else {
                        view! { <p class="texto-nota">{n.texto.clone()}</p> }.into_any()
                    };
                    let formularios = n.puede_modificar.then(|| {
                        let (id_editar, id_motivo) = (format!("anotacion-{}-texto", n.id), format!("anotacion-{}-motivo", n.id));
                        view! {
                            <details class="accion-nota">
                                <summary>"Editar"</summary>
                                <ActionForm action=editar attr:class="formulario">
                                    <input type="hidden" name="id" value=n.id />
                                    <input type="hidden" name="version" value=n.version />
                                    <div class="campo">
                                        <label for=id_editar.clone()>"Nuevo texto"</label>
                                        <textarea id=id_editar name="texto" rows="3" required=true maxlength=MAX_TEXTO_ANOTACION>{texto_inicial(&n.texto)}</textarea>
                                    </div>
                                    <button type="submit" class="boton-primario">"Guardar el nuevo texto"</button>
                                </ActionForm>
                            </details>
                            <details class="accion-nota">
                                <summary>"Eliminar"</summary>
                                <ActionForm action=eliminar attr:class="formulario">
                                    <input type="hidden" name="id" value=n.id />
                                    <div class="campo">
                                        <label for=id_motivo.clone()>"Motivo para eliminarla"</label>
                                        <textarea id=id_motivo name="motivo" rows="2" required=true></textarea>
                                    </div>
                                    <button type="submit" class="boton-peligro">"Eliminar la anotación"</button>
                                </ActionForm>
                            </details>
                        }
                    });
                    view! {
                        <li class="anotacion" id=format!("anotacion-{}", n.id)>
                            <p class="meta">
                                <strong>{n.autor.clone()}</strong>
                                {format!(" · {} · {}", nombre_unidad(&unidades, n.unidad_id), fecha_hora(&n.creado_en))}
                                {n.editado_en.as_deref().map(|t| format!(" · editada el {}", fecha_hora(t)))}
                                {privada.then(|| view! { " · " <span class="etiqueta">"Solo su unidad"</span> })}
                            </p>
                            {cuerpo}
                            {anteriores}
                            {formularios}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }.into_any()
    };
    view! {
        <section class="tarjeta" aria-labelledby="anotaciones">
            <h2 id="anotaciones">"Anotaciones"</h2>
            <Alerta error=error_nota />
            {lista}
            {puede_anotar.then(|| view! {
                <h3 id="nueva-anotacion">"Nueva anotación"</h3>
                <Alerta error=error_agregar />
                <ActionForm action=agregar attr:class="formulario" attr:aria-labelledby="nueva-anotacion">
                    <input type="hidden" name="expediente_id" value=expediente_id />
                    <div class="campo">
                        <label for="anotacion-texto">"Texto"</label>
                        <textarea id="anotacion-texto" name="texto" rows="3" required=true maxlength=MAX_TEXTO_ANOTACION aria-describedby="anotacion-ayuda"></textarea>
                        <p id="anotacion-ayuda" class="ayuda">{format!("Hasta {MAX_TEXTO_ANOTACION} caracteres; se muestra tal como lo escribís.")}</p>
                        {error_texto}
                    </div>
                    <fieldset class="campo">
                        <legend>"Quién la ve"</legend>
                        <label class="opcion"><input type="radio" name="visibilidad" value="PUBLICA" checked=true />" Quienes ven el expediente"</label>
                        <label class="opcion"><input type="radio" name="visibilidad" value="UNIDAD" />" Solo mi unidad (nota interna)"</label>
                    </fieldset>
                    <button type="submit" class="boton-primario">"Guardar anotación"</button>
                </ActionForm>
            })}
        </section>
    }
}

/// The edit form, filled with the data last read and its version: a stale edit comes back
/// with "otro usuario modificó el expediente" and the page shows the fresh data.
#[component]
fn Edicion(
    e: crate::model::Expediente,
    editar: ServerAction<EditarExpediente>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let campo = move |c: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.campo(c).map(str::to_owned))
                .map(|m| view! { <p class="error-campo">{m}</p> })
        }
    };
    view! {
        <Alerta error />
        <ActionForm action=editar attr:class="formulario">
            <input type="hidden" name="id" value=e.id />
            <input type="hidden" name="version" value=e.version />
            <div class="campo">
                <label for="editar-extracto">"Extracto"</label>
                <textarea id="editar-extracto" name="extracto" rows="3" required=true>{texto_inicial(&e.extracto)}</textarea>
                {campo("extracto")}
            </div>
            <div class="campo">
                <label for="editar-iniciador">"Iniciador"</label>
                <input id="editar-iniciador" name="iniciador_nombre" required=true value=e.iniciador.nombre.clone() />
                {campo("iniciador.nombre")}
            </div>
            <Campo
                id="editar-documento"
                nombre="iniciador_documento"
                campo_error="iniciador.documento"
                etiqueta="DNI o CUIT del iniciador (opcional)"
                valor=e.iniciador.documento.clone()
                validar=Regla::Documento
                requerido=false
                error
            />
            <button type="submit" class="boton-primario">"Guardar cambios"</button>
        </ActionForm>
    }
}

/// The tabs of the expediente's trajectory: (id, label).
const PESTANAS: [(&str, &str); 3] = [
    ("circuito", "Circuito"),
    ("pases", "Pases"),
    ("historial", "Historial"),
];

/// Circuit, pases and historial, as tabs.
#[component]
fn Trayectoria(v: VistaExpediente, unidades: Vec<Unidad>) -> impl IntoView {
    let persona = {
        let personas = v.personas.clone();
        move |id: Option<i64>| {
            id.and_then(|i| {
                personas
                    .iter()
                    .find(|(x, _)| *x == i)
                    .map(|(_, n)| n.clone())
            })
            .unwrap_or_else(|| "el sistema".to_owned())
        }
    };
    view! {
        <Pestanas />
        <section id="panel-circuito" aria-labelledby="circuito">
            <h2 id="circuito">"Circuito"</h2>
            <ol class="circuito">
                {v.circuito.items.into_iter().map(|p| view! {
                    <li>
                        <strong>{nombre_unidad(&unidades, p.unidad_id)}</strong>
                        {format!(" · desde {}", fecha_hora(&p.desde))}
                        {p.hasta.as_ref().map(|h| format!(" hasta {}", fecha_hora(h)))}
                        {format!(" · {} días", p.dias)}
                        {p.recibido_por.map(|r| format!(" · recibió {r}"))}
                        {p.enviado_por.map(|r| format!(" · envió {r}"))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <section id="panel-pases" aria-labelledby="pases">
            <h2 id="pases">"Pases"</h2>
            {if v.pases.items.is_empty() {
                view! { <p class="vacio">"Todavía no tuvo pases."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {v.pases.items.into_iter().map(|p| view! {
                            <li>{format!("{} → {} · {} · {} · {}", nombre_unidad(&unidades, p.origen_unidad_id), nombre_unidad(&unidades, p.destino_unidad_id), p.motivo, p.estado.to_lowercase(), fecha_hora(&p.enviado_en))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <Constancias constancias=v.constancias />
        </section>
        <section id="panel-historial" aria-labelledby="historial">
            <h2 id="historial">"Historial"</h2>
            <ol class="historial">
                {v.historial.items.into_iter().map(|ev| {
                    let lineas = detalle_evento(&ev, &unidades);
                    let donde = ev.unidad_id.map(|u| format!(" en {}", nombre_unidad(&unidades, u))).unwrap_or_default();
                    view! {
                        <li>
                            <strong>{tipo_legible(&ev.tipo)}</strong>
                            {format!(" · {} · {}{}", fecha_hora(&ev.en), persona(ev.actor_id), donde)}
                            {(!lineas.is_empty()).then(|| view! {
                                <ul>{lineas.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The tabs over the trajectory's panels. The server sends every panel, one after the other,
/// each with its heading (so without JavaScript all show); once hydrated, the tabs show one.
#[island]
fn Pestanas() -> impl IntoView {
    let con_js = RwSignal::new(false);
    let elegida = RwSignal::new(0usize);
    // The panels are the server's HTML beside the island: marked and shown by id.
    Effect::new(move |_| {
        let actual = elegida.get();
        con_js.set(true);
        for (i, (id, _)) in PESTANAS.iter().enumerate() {
            if let Some(panel) = document().get_element_by_id(&format!("panel-{id}")) {
                let _ = panel.set_attribute("role", "tabpanel");
                if i == actual {
                    let _ = panel.remove_attribute("hidden");
                } else {
                    let _ = panel.set_attribute("hidden", "");
                }
            }
        }
    });
    let tecla = move |ev: leptos::ev::KeyboardEvent| {
        let n = PESTANAS.len();
        let nueva = match ev.key().as_str() {
            "ArrowRight" => (elegida.get_untracked() + 1) % n,
            "ArrowLeft" => (elegida.get_untracked() + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        elegida.set(nueva);
        if let Some(b) = document().get_element_by_id(&format!("pestana-{}", PESTANAS[nueva].0)) {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(b) = b.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <div role="tablist" aria-label="Trayectoria del expediente" class="pestanas-expediente" hidden=move || !con_js.get()>
            {PESTANAS.iter().enumerate().map(|(i, (id, texto))| view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("pestana-{id}")
                    aria-controls=format!("panel-{id}")
                    aria-selected=move || (elegida.get() == i).to_string()
                    tabindex=move || if elegida.get() == i { "0" } else { "-1" }
                    on:click=move |_| elegida.set(i)
                    on:keydown=tecla
                >
                    {*texto}
                </button>
            }).collect_view()}
        </div>
    }
}
