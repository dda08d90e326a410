//! Comunicaciones: the escritos the user's unidad received and sent, writing one (with its
//! destinations ticked by organismo or unidad, filtered as one types), and one escrito with its
//! receipts and its thread. Every form works without JavaScript.

use super::bandeja::nombre_unidad;
use crate::api::admin::ubicaciones;
use crate::api::escritos::{
    CrearLista, DescartarBorrador, EliminarLista, EmitirEscrito, TomarConocimiento,
    VincularEscrito, borrador_escrito, escritos_enviados, escritos_recibidos, listas_difusion,
    mesas_emisoras, mis_borradores, ver_escrito,
};
use crate::model::escrito::{MAX_CUERPO, TIPOS, tipo_legible};
use crate::model::{DestinoEscrito, Escrito, ListaDifusion, Organismo, Unidad, fecha_hora};
use crate::ui::componentes::{Alerta, Paginador, error_de_formulario, texto_inicial};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The sub-navigation of Comunicaciones; `actual` is marked as the current page.
#[component]
fn Secciones(actual: &'static str) -> impl IntoView {
    let enlaces = [
        ("recibidos", "/comunicaciones", "Recibidos"),
        ("enviados", "/comunicaciones/enviados", "Enviados"),
        ("borradores", "/comunicaciones/borradores", "Borradores"),
        ("listas", "/comunicaciones/listas", "Listas de difusión"),
        ("nuevo", "/comunicaciones/nuevo", "Redactar un escrito"),
    ];
    view! {
        <nav class="secciones" aria-label="Comunicaciones">
            <ul>
                {enlaces.into_iter().map(|(clave, href, texto)| view! {
                    <li>
                        <a href=href aria-current=(clave == actual).then_some("page")>{texto}</a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

fn pagina_de_la_consulta() -> impl Fn() -> Option<u64> + Copy {
    let query = use_query_map();
    move || query.read().get("page").and_then(|p| p.parse().ok())
}

/// The escritos addressed to the user's unidad, newest first, the unread ones marked.
#[component]
pub fn RecibidosPagina() -> impl IntoView {
    let query = use_query_map();
    let pagina = pagina_de_la_consulta();
    let no_leidos = move || query.read().get("no_leidos").as_deref() == Some("true");
    let lista = Resource::new(
        move || (pagina(), no_leidos()),
        |(p, n)| escritos_recibidos(p, n.then_some(true)),
    );
    let lugares = Resource::new(|| (), |_| ubicaciones());
    view! {
        <Title text="Comunicaciones recibidas · SIGEXP" />
        <h1>"Comunicaciones"</h1>
        <Secciones actual="recibidos" />
        <h2>"Recibidos por tu unidad"</h2>
        <p>
            {move || if no_leidos() {
                view! { <a href="/comunicaciones">"Ver todos"</a> }.into_any()
            } else {
                view! { <a href="/comunicaciones?no_leidos=true">"Ver solo los que tu unidad no abrió"</a> }.into_any()
            }}
        </p>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let (_, unidades) = lugares.get().and_then(Result::ok).unwrap_or_default();
                lista.get().map(|r| match r {
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok((l, _)) if l.items.is_empty() => view! {
                        <p class="vacio">{if no_leidos() { "Tu unidad abrió todos los escritos que recibió." } else { "Tu unidad todavía no recibió escritos." }}</p>
                    }.into_any(),
                    Ok((l, mi_unidad)) => {
                        let extra = if no_leidos() { "&no_leidos=true".to_owned() } else { String::new() };
                        view! {
                            <TablaEscritos escritos=l.items.clone() unidades mi_unidad=Some(mi_unidad) />
                            <Paginador camino="/comunicaciones" page=l.page per_page=l.per_page total=l.total extra />
                        }.into_any()
                    }
                })
            }}
        </Transition>
    }
}

/// The escritos the user's unidad emitted, newest first, with how many destinations took notice.
#[component]
pub fn EnviadosPagina() -> impl IntoView {
    let pagina = pagina_de_la_consulta();
    let lista = Resource::new(pagina, escritos_enviados);
    let lugares = Resource::new(|| (), |_| ubicaciones());
    view! {
        <Title text="Comunicaciones enviadas · SIGEXP" />
        <h1>"Comunicaciones"</h1>
        <Secciones actual="enviados" />
        <h2>"Enviados por tu unidad"</h2>
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let (_, unidades) = lugares.get().and_then(Result::ok).unwrap_or_default();
                lista.get().map(|r| match r {
                    Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! {
                        <p class="vacio">"Tu unidad todavía no emitió escritos."</p>
                    }.into_any(),
                    Ok(l) => view! {
                        <TablaEscritos escritos=l.items.clone() unidades mi_unidad=None />
                        <Paginador camino="/comunicaciones/enviados" page=l.page per_page=l.per_page total=l.total />
                    }.into_any(),
                })
            }}
        </Transition>
    }
}

/// The user's drafts: go on writing one, or discard it.
#[component]
pub fn BorradoresPagina() -> impl IntoView {
    let descartar = ServerAction::<DescartarBorrador>::new();
    let error = error_de_formulario(move || descartar.value().get().and_then(Result::err));
    let lista = Resource::new(|| (), |_| mis_borradores());
    view! {
        <Title text="Borradores · SIGEXP" />
        <h1>"Comunicaciones"</h1>
        <Secciones actual="borradores" />
        <h2>"Tus borradores"</h2>
        <Alerta error />
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || lista.get().map(|r| match r {
                Err(e) => view! { <p class="alerta" role="alert">{e.message}</p> }.into_any(),
                Ok(bs) if bs.is_empty() => view! { <p class="vacio">"No tenés borradores."</p> }.into_any(),
                Ok(bs) => view! {
                    <ul class="anotaciones">
                        {bs.into_iter().map(|b| view! {
                            <li class="anotacion">
                                <p class="meta">{format!("{} · guardado el {}", tipo_legible(&b.tipo), fecha_hora(&b.creado_en))}</p>
                                <p><strong>{b.titulo.clone()}</strong></p>
                                <p><a href=format!("/comunicaciones/nuevo?borrador={}", b.id)>"Seguir escribiendo" <span class="solo-lectores">{format!(" «{}»", b.titulo)}</span></a></p>
                                <ActionForm action=descartar>
                                    <input type="hidden" name="id" value=b.id />
                                    <button type="submit" class="boton-secundario">"Descartar" <span class="solo-lectores">{format!(" «{}»", b.titulo)}</span></button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}

/// Names a destination of a list for people.
fn nombre_destino(d: &DestinoEscrito, organismos: &[Organismo], unidades: &[Unidad]) -> String {
    match (d.unidad_id, d.organismo_id) {
        (Some(u), _) => nombre_unidad(unidades, u),
        (_, Some(o)) => organismos.iter().find(|x| x.id == o).map_or_else(
            || format!("Organismo {o}"),
            |x| format!("{} (todas sus mesas)", x.nombre),
        ),
        _ => String::new(),
    }
}

/// The listas de difusión of the user's mesa: each with its destinations, deleted with a
/// button; a new one named and ticked as the write screen's destinations.
#[component]
pub fn ListasPagina() -> impl IntoView {
    let crear = ServerAction::<CrearLista>::new();
    let eliminar = ServerAction::<EliminarLista>::new();
    let error = error_de_formulario(move || {
        crear
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| eliminar.value().get().and_then(Result::err))
    });
    let listas = Resource::new(|| (), |_| listas_difusion());
    let mesas = Resource::new(|| (), |_| mesas_emisoras());
    let lugares = Resource::new(|| (), |_| ubicaciones());
    let campo = move |c: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.campo(c).map(str::to_owned))
                .map(|m| view! { <p class="error-campo">{m}</p> })
        }
    };
    view! {
        <Title text="Listas de difusión · SIGEXP" />
        <h1>"Comunicaciones"</h1>
        <Secciones actual="listas" />
        <h2>"Listas de difusión de tu unidad"</h2>
        <Alerta error />
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let (organismos, unidades) = lugares.get().and_then(Result::ok).unwrap_or_default();
                let puede = mesas.get().and_then(Result::ok).is_some_and(|m| !m.is_empty());
                let listas: Vec<ListaDifusion> = listas.get().and_then(Result::ok).unwrap_or_default();
                view! {
                    {if listas.is_empty() {
                        view! { <p class="vacio">"Tu unidad no tiene listas de difusión."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="anotaciones">
                                {listas.into_iter().map(|l| view! {
                                    <li class="anotacion">
                                        <p><strong>{l.nombre.clone()}</strong></p>
                                        <p class="meta">{l.destinos.iter().map(|d| nombre_destino(d, &organismos, &unidades)).collect::<Vec<_>>().join("; ")}</p>
                                        {puede.then(|| view! {
                                            <ActionForm action=eliminar>
                                                <input type="hidden" name="id" value=l.id />
                                                <button type="submit" class="boton-secundario">"Eliminar la lista" <span class="solo-lectores">{format!(" «{}»", l.nombre)}</span></button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {puede.then(|| view! {
                        <section class="tarjeta" aria-labelledby="nueva-lista">
                            <h2 id="nueva-lista">"Nueva lista"</h2>
                            <ActionForm action=crear attr:class="formulario">
                                <div class="campo">
                                    <label for="lista-nombre">"Nombre"</label>
                                    <input id="lista-nombre" name="nombre" required=true maxlength="100" />
                                    {campo("nombre")}
                                </div>
                                <Destinos organismos=organismos.clone() unidades=unidades.clone() unidades_marcadas=Vec::new() organismos_marcados=Vec::new() />
                                {campo("destinos")}
                                <button type="submit" class="boton-primario">"Guardar la lista"</button>
                            </ActionForm>
                        </section>
                    })}
                }
            }}
        </Transition>
    }
}

/// A list of escritos: number (to open it), tipo, título, who emitted it or whom it went to,
/// date, and where its receipts stand. `mi_unidad`: the received list of that unidad, whose own
/// receipt it shows (the unopened ones marked); `None`, the sent list, with every receipt counted.
#[component]
fn TablaEscritos(
    escritos: Vec<Escrito>,
    unidades: Vec<Unidad>,
    mi_unidad: Option<i64>,
) -> impl IntoView {
    let recibidos = mi_unidad.is_some();
    view! {
        <div class="tabla-contenedor">
            <table>
                <caption class="solo-lectores">{if recibidos { "Escritos recibidos" } else { "Escritos enviados" }}</caption>
                <thead><tr>
                    <th scope="col">"Número"</th>
                    <th scope="col">"Tipo"</th>
                    <th scope="col">"Título"</th>
                    <th scope="col">{if recibidos { "De" } else { "Destinos" }}</th>
                    <th scope="col">"Emitido"</th>
                    <th scope="col">"Recibos"</th>
                </tr></thead>
                <tbody>
                    {escritos.into_iter().map(|e| {
                        let total = e.destinos.len();
                        let leidos = e.destinos.iter().filter(|d| d.leido_en.is_some()).count();
                        let conocimiento = e.destinos.iter().filter(|d| d.conocimiento_en.is_some()).count();
                        let mio = e.destinos.iter().find(|d| Some(d.unidad_id) == mi_unidad);
                        let sin_abrir = mio.is_some_and(|d| d.leido_en.is_none());
                        let estado = if let Some(d) = mio {
                            if d.conocimiento_en.is_some() {
                                "Tu unidad tomó conocimiento".to_owned()
                            } else if d.leido_en.is_some() {
                                "Abierto".to_owned()
                            } else {
                                "Sin abrir".to_owned()
                            }
                        } else {
                            format!("{conocimiento} de {total} tomaron conocimiento · {leidos} lo abrieron")
                        };
                        let quien = if recibidos {
                            nombre_unidad(&unidades, e.unidad_id)
                        } else {
                            e.destinos.iter().map(|d| nombre_unidad(&unidades, d.unidad_id)).collect::<Vec<_>>().join("; ")
                        };
                        view! {
                            <tr class:sin-leer=sin_abrir>
                                <td><a href=format!("/comunicaciones/{}", e.id)>{e.numero.clone()}</a></td>
                                <td>{tipo_legible(&e.tipo)}</td>
                                <td>{e.titulo.clone()}</td>
                                <td>{quien}</td>
                                <td>{fecha_hora(&e.emitido_en)}</td>
                                <td>{estado}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Writing an escrito: tipo, título, cuerpo, an optional expediente (by its number), the
/// emitting mesa when the user may choose one, and the destinations. `?responde=ID` answers
/// that escrito (its emitter comes ticked).
#[component]
pub fn RedactarPagina() -> impl IntoView {
    let query = use_query_map();
    let responde = move || {
        query
            .read()
            .get("responde")
            .and_then(|r| r.parse::<i64>().ok())
    };
    let borrador_pedido = move || {
        query
            .read()
            .get("borrador")
            .and_then(|r| r.parse::<i64>().ok())
    };
    let emitir = ServerAction::<EmitirEscrito>::new();
    let error = error_de_formulario(move || emitir.value().get().and_then(Result::err));
    let mesas = Resource::new(|| (), |_| mesas_emisoras());
    let listas = Resource::new(|| (), |_| listas_difusion());
    let borrador = Resource::new(borrador_pedido, |b| async move {
        match b {
            Some(id) => borrador_escrito(id).await.ok(),
            None => None,
        }
    });
    let lugares = Resource::new(|| (), |_| ubicaciones());
    let original = Resource::new(responde, |r| async move {
        match r {
            Some(id) => ver_escrito(id).await.ok(),
            None => None,
        }
    });
    let campo = move |c: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.campo(c).map(str::to_owned))
                .map(|m| view! { <p class="error-campo">{m}</p> })
        }
    };
    view! {
        <Title text="Redactar un escrito · SIGEXP" />
        <h1>"Redactar un escrito"</h1>
        <Secciones actual="nuevo" />
        <section class="tarjeta">
            <Alerta error />
            <Transition fallback=|| view! { <p>"Cargando…"</p> }>
                {move || {
                    let mesas = mesas.get().and_then(Result::ok).unwrap_or_default();
                    let (organismos, unidades) = lugares.get().and_then(Result::ok).unwrap_or_default();
                    let original = original.get().flatten();
                    let borrador = borrador.get().flatten();
                    let listas = listas.get().and_then(Result::ok).unwrap_or_default();
                    if mesas.is_empty() {
                        return view! {
                            <p class="alerta" role="alert">"Solo las mesas de entrada emiten escritos."</p>
                        }.into_any();
                    }
                    // What the form starts with: the draft being written, or the answer's defaults.
                    let (mut unidades_marcadas, mut organismos_marcados) = (Vec::new(), Vec::new());
                    if let Some((b, _)) = &borrador {
                        unidades_marcadas.extend(b.destinos.iter().filter_map(|d| d.unidad_id));
                        organismos_marcados.extend(b.destinos.iter().filter_map(|d| d.organismo_id));
                    }
                    unidades_marcadas.extend(original.as_ref().map(|o| o.escrito.unidad_id));
                    let titulo_inicial = borrador.as_ref().map(|(b, _)| b.titulo.clone())
                        .or_else(|| original.as_ref().map(|o| format!("Respuesta: {}", o.escrito.titulo)))
                        .unwrap_or_default();
                    let cuerpo_inicial = borrador.as_ref().map(|(b, _)| texto_inicial(&b.cuerpo)).unwrap_or_default();
                    let tipo_inicial = borrador.as_ref().map(|(b, _)| b.tipo.clone()).unwrap_or_else(|| "NOTA".to_owned());
                    let expediente_inicial = borrador.as_ref().and_then(|(_, n)| n.clone()).unwrap_or_default();
                    let responde_a = original.as_ref().map(|o| o.escrito.id).or_else(|| borrador.as_ref().and_then(|(b, _)| b.en_respuesta_a));
                    view! {
                        <ActionForm action=emitir attr:class="formulario">
                            {responde_a.map(|r| view! {
                                <input type="hidden" name="en_respuesta_a" value=r />
                                <p>"En respuesta a " <a href=format!("/comunicaciones/{r}")>{original.as_ref().map_or_else(|| "un escrito".to_owned(), |o| o.escrito.numero.clone())}</a> "."</p>
                            })}
                            {borrador.as_ref().map(|(b, _)| view! {
                                <input type="hidden" name="borrador_id" value=b.id />
                                <p class="ayuda">{format!("Borrador guardado el {}.", fecha_hora(&b.creado_en))}</p>
                            })}
                            {match mesas.as_slice() {
                                [(id, nombre)] => view! {
                                    <p class="campo">"Lo emite " <strong>{nombre.clone()}</strong> "."</p>
                                    <input type="hidden" name="unidad_id" value=*id />
                                }.into_any(),
                                _ => view! {
                                    <div class="campo">
                                        <label for="unidad_id">"Mesa de entrada que lo emite"</label>
                                        <select id="unidad_id" name="unidad_id" required=true>
                                            <option value="">"Elegí una mesa de entrada"</option>
                                            {mesas.iter().map(|(id, nombre)| view! { <option value=*id>{nombre.clone()}</option> }).collect_view()}
                                        </select>
                                    </div>
                                }.into_any(),
                            }}
                            {campo("unidad_id")}
                            <div class="campo">
                                <label for="tipo">"Tipo"</label>
                                <select id="tipo" name="tipo">
                                    {TIPOS.iter().map(|t| view! { <option value=*t selected=*t == tipo_inicial>{tipo_legible(t)}</option> }).collect_view()}
                                </select>
                                {campo("tipo")}
                            </div>
                            <div class="campo">
                                <label for="titulo">"Título"</label>
                                <input id="titulo" name="titulo" required=true minlength="3" maxlength="200" value=titulo_inicial />
                                {campo("titulo")}
                            </div>
                            <div class="campo">
                                <label for="cuerpo">"Cuerpo"</label>
                                <textarea id="cuerpo" name="cuerpo" rows="10" required=true maxlength=MAX_CUERPO aria-describedby="cuerpo-ayuda">{cuerpo_inicial}</textarea>
                                <p id="cuerpo-ayuda" class="ayuda">{format!("Texto simple; separá los párrafos con una línea en blanco. Hasta {MAX_CUERPO} caracteres.")}</p>
                                {campo("cuerpo")}
                            </div>
                            <div class="campo">
                                <label for="expediente">"Expediente relacionado (opcional)"</label>
                                <input id="expediente" name="expediente" aria-describedby="expediente-ayuda" value=expediente_inicial />
                                <p id="expediente-ayuda" class="ayuda">"Su número, por ejemplo EX-2026-00000042- -SANTACRUZ-MSA."</p>
                                {campo("expediente_id")}
                            </div>
                            {(!listas.is_empty()).then(|| view! {
                                <fieldset class="campo">
                                    <legend>"Listas de difusión de tu unidad"</legend>
                                    {listas.iter().map(|l| view! {
                                        <label class="opcion">
                                            <input type="checkbox" name="listas[]" value=l.id />
                                            {format!(" {} ({} {})", l.nombre, l.destinos.len(), if l.destinos.len() == 1 { "destino" } else { "destinos" })}
                                        </label>
                                    }).collect_view()}
                                </fieldset>
                            })}
                            {campo("listas")}
                            <Destinos organismos unidades unidades_marcadas organismos_marcados />
                            {campo("destinos")}
                            <div class="botones">
                                <button type="submit" name="accion" value="emitir" class="boton-primario">"Emitir el escrito"</button>
                                <button type="submit" name="accion" value="borrador" formnovalidate=true class="boton-secundario">"Guardar como borrador"</button>
                            </div>
                            <p class="ayuda">"Al emitirlo recibe su número y ya no se puede modificar. Un borrador no tiene número y solo lo ves vos."</p>
                        </ActionForm>
                    }.into_any()
                }}
            </Transition>
        </section>
    }
}

/// The destinations: each active organismo (all its mesas de entrada) with its active unidades
/// under it, as checkboxes; with JavaScript, a box filters them as one types.
#[component]
fn Destinos(
    organismos: Vec<Organismo>,
    unidades: Vec<Unidad>,
    unidades_marcadas: Vec<i64>,
    organismos_marcados: Vec<i64>,
) -> impl IntoView {
    view! {
        <fieldset class="campo destinos-escrito">
            <legend>"Destinos"</legend>
            <p class="ayuda">"Elegí organismos (llega a todas sus mesas de entrada) o unidades."</p>
            <FiltroDestinos />
            {organismos.into_iter().filter(|o| o.activo).map(|o| {
                let propias: Vec<Unidad> = unidades.iter().filter(|u| u.activo && u.organismo_id == o.id).cloned().collect();
                view! {
                    <div class="grupo-destino">
                        <label class="opcion">
                            <input type="checkbox" name="organismos[]" value=o.id checked=organismos_marcados.contains(&o.id) />
                            <strong>{format!(" {} ({})", o.nombre, o.codigo)}</strong>" — todas sus mesas de entrada"
                        </label>
                        <ul>
                            {propias.into_iter().map(|u| {
                                view! {
                                    <li>
                                        <label class="opcion">
                                            <input type="checkbox" name="unidades[]" value=u.id checked=unidades_marcadas.contains(&u.id) />
                                            {format!(" {} ({})", u.nombre, u.codigo)}
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A box that hides the organismos whose name or code (or a unidad's) does not contain what is
/// typed. It needs JavaScript, so it shows once live; without it every destination is listed.
#[island]
fn FiltroDestinos() -> impl IntoView {
    let vivo = RwSignal::new(false);
    Effect::new(move |_| vivo.set(true));
    let filtrar = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let texto = event_target_value(&ev).trim().to_lowercase();
            let Ok(grupos) = document().query_selector_all(".grupo-destino") else {
                return;
            };
            for i in 0..grupos.length() {
                let Some(g) = grupos
                    .item(i)
                    .and_then(|n| n.dyn_into::<leptos::web_sys::HtmlElement>().ok())
                else {
                    continue;
                };
                let visible = texto.is_empty()
                    || g.text_content()
                        .unwrap_or_default()
                        .to_lowercase()
                        .contains(&texto);
                g.set_hidden(!visible);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="campo" hidden=move || !vivo.get()>
            <label for="filtro-destinos">"Buscar un organismo o unidad"</label>
            <input id="filtro-destinos" type="search" autocomplete="off" on:input=filtrar />
        </div>
    }
}

/// One escrito: number, tipo, emitter, date, título, cuerpo with its paragraphs, SHA-256, the
/// receipt of each destination, the thread of answers, and the actions the server allows.
#[component]
pub fn EscritoPagina() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let conocimiento = ServerAction::<TomarConocimiento>::new();
    let vincular = ServerAction::<VincularEscrito>::new();
    let error = error_de_formulario(move || conocimiento.value().get().and_then(Result::err));
    let error_vincular = error_de_formulario(move || vincular.value().get().and_then(Result::err));
    let datos = Resource::new(id, ver_escrito);
    let lugares = Resource::new(|| (), |_| ubicaciones());
    view! {
        <Title text="Escrito · SIGEXP" />
        <Transition fallback=|| view! { <p>"Cargando…"</p> }>
            {move || {
                let (_, unidades) = lugares.get().and_then(Result::ok).unwrap_or_default();
                datos.get().map(|r| match r {
                    Err(e) => view! { <h1>"Escrito"</h1><p class="alerta" role="alert">{e.message}</p> }.into_any(),
                    Ok(v) => {
                        let e = v.escrito.clone();
                        let personas = v.personas.clone();
                        let persona = move |id: Option<i64>| id.and_then(|i| personas.iter().find(|(x, _)| *x == i).map(|(_, n)| n.clone())).unwrap_or_default();
                        let parrafos: Vec<String> = e.cuerpo.split("\n\n").map(str::to_owned).collect();
                        view! {
                            <h1 class="numero">{e.numero.clone()}</h1>
                            <p class="bajada">{format!("{} · {}", tipo_legible(&e.tipo), e.titulo)}</p>
                            <Alerta error />
                            <section class="tarjeta" aria-labelledby="escrito-datos">
                                <h2 id="escrito-datos">"Datos"</h2>
                                <dl class="datos">
                                    <dt>"Emitió"</dt><dd>{format!("{} · {}", nombre_unidad(&unidades, e.unidad_id), persona(Some(e.autor_id)))}</dd>
                                    <dt>"Fecha"</dt><dd>{fecha_hora(&e.emitido_en)}</dd>
                                    {e.expediente_id.map(|x| view! { <dt>"Expediente"</dt><dd><a href=format!("/expedientes/{x}")>"Ver el expediente"</a></dd> })}
                                    {e.en_respuesta_a.map(|x| view! { <dt>"En respuesta a"</dt><dd><a href=format!("/comunicaciones/{x}")>"Ver el escrito original"</a></dd> })}
                                    <dt>"SHA-256"</dt><dd><code class="hash">{e.sha256.clone()}</code></dd>
                                </dl>
                            </section>
                            <section class="tarjeta" aria-labelledby="escrito-cuerpo">
                                <h2 id="escrito-cuerpo">{e.titulo.clone()}</h2>
                                {parrafos.into_iter().map(|p| view! { <p class="texto-nota">{p}</p> }).collect_view()}
                            </section>
                            {(v.acciones.tomar_conocimiento || v.acciones.responder || v.acciones.vincular).then(|| view! {
                                <section class="tarjeta" aria-labelledby="escrito-acciones">
                                    <h2 id="escrito-acciones">"Acciones"</h2>
                                    {v.acciones.tomar_conocimiento.then(|| view! {
                                        <ActionForm action=conocimiento>
                                            <input type="hidden" name="id" value=e.id />
                                            <button type="submit" class="boton-primario">"Tomar conocimiento"</button>
                                        </ActionForm>
                                    })}
                                    {v.acciones.responder.then(|| view! {
                                        <p><a href=format!("/comunicaciones/nuevo?responde={}", e.id)>"Responder con un escrito"</a></p>
                                    })}
                                    {v.acciones.vincular.then(|| view! {
                                        <details class="accion-nota" open=error_vincular.get_untracked().is_some()>
                                            <summary>"Vincular a un expediente"</summary>
                                            <Alerta error=error_vincular />
                                            <ActionForm action=vincular attr:class="formulario">
                                                <input type="hidden" name="id" value=e.id />
                                                <div class="campo">
                                                    <label for="vincular-expediente">"Número del expediente"</label>
                                                    <input id="vincular-expediente" name="expediente" required=true aria-describedby="vincular-ayuda" />
                                                    <p id="vincular-ayuda" class="ayuda">"Se agrega como documento PDF, con sus fojas, si tu unidad puede agregarle documentos."</p>
                                                    {move || error_vincular.get().and_then(|e| e.campo("expediente_id").map(str::to_owned)).map(|m| view! { <p class="error-campo">{m}</p> })}
                                                </div>
                                                <button type="submit" class="boton-secundario">"Agregar el escrito al expediente"</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                </section>
                            })}
                            <section class="tarjeta" aria-labelledby="escrito-recibos">
                                <h2 id="escrito-recibos">"Recibos"</h2>
                                <div class="tabla-contenedor">
                                    <table>
                                        <caption class="solo-lectores">"Recibo de cada unidad de destino"</caption>
                                        <thead><tr>
                                            <th scope="col">"Unidad"</th>
                                            <th scope="col">"Lo abrió"</th>
                                            <th scope="col">"Tomó conocimiento"</th>
                                        </tr></thead>
                                        <tbody>
                                            {e.destinos.iter().map(|d| {
                                                let abrio = d.leido_en.as_deref().map(|t| format!("{} · {}", persona(d.leido_por), fecha_hora(t))).unwrap_or_else(|| "Todavía no".to_owned());
                                                let tomo = d.conocimiento_en.as_deref().map(|t| format!("{} · {}", persona(d.conocimiento_por), fecha_hora(t))).unwrap_or_else(|| "Todavía no".to_owned());
                                                view! {
                                                    <tr>
                                                        <td>{nombre_unidad(&unidades, d.unidad_id)}</td>
                                                        <td>{abrio}</td>
                                                        <td>{tomo}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </section>
                            <section class="tarjeta" aria-labelledby="escrito-respuestas">
                                <h2 id="escrito-respuestas">"Respuestas"</h2>
                                {if v.respuestas.is_empty() {
                                    view! { <p class="vacio">"Todavía no tiene respuestas."</p> }.into_any()
                                } else {
                                    view! {
                                        <ol class="historial">
                                            {v.respuestas.iter().map(|r| view! {
                                                <li>
                                                    <a href=format!("/comunicaciones/{}", r.id)>{r.numero.clone()}</a>
                                                    {format!(" · {} · {} · {}", r.titulo, nombre_unidad(&unidades, r.unidad_id), fecha_hora(&r.emitido_en))}
                                                </li>
                                            }).collect_view()}
                                        </ol>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                })
            }}
        </Transition>
    }
}
