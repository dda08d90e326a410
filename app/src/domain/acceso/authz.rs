//! The one authorization module (issue #3): every door asks here, with the acting user, the
//! action and the resource, and gets allowed / not allowed / not visible. It implements the
//! profile table and the visibility rule of DOMAIN.md ("Profiles and permissions").

use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::model::{AccionesMenu, Perfil};

/// Every action of DOMAIN.md's table, one variant per row. Adding one here without a row in
/// the table-driven test (`tests::TABLA`) fails the build of the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Accion {
    /// Read expedientes, documents, pases, historial.
    Leer,
    /// Start (iniciar) or register an expediente.
    Iniciar,
    /// Edit expediente data (extracto, iniciador, …).
    Editar,
    /// Send a pase, or withdraw it before reception.
    EnviarPase,
    /// Receive or reject a pase.
    RecibirPase,
    /// Attach, replace or remove documents.
    Documentos,
    /// Write annotations.
    Anotar,
    /// Create and broadcast escritos.
    Escritos,
    /// Archive or unarchive.
    Archivar,
    /// Manage organismos, unidades, users and access lists.
    Administrar,
}

impl Accion {
    pub const TODAS: [Accion; 10] = [
        Accion::Leer,
        Accion::Iniciar,
        Accion::Editar,
        Accion::EnviarPase,
        Accion::RecibirPase,
        Accion::Documentos,
        Accion::Anotar,
        Accion::Escritos,
        Accion::Archivar,
        Accion::Administrar,
    ];
}

/// What the rule needs to know about an expediente (filled by the caller from the database).
#[derive(Debug, Clone, Default)]
pub struct ExpedienteCtx {
    /// The organismo that started it.
    pub organismo_id: i64,
    /// Organismos of every unidad that held it or had a pase addressed to it.
    pub organismos_de_paso: Vec<i64>,
    /// The unidad that holds it now.
    pub unidad_actual_id: Option<i64>,
    /// The destination of the pending pase, if one awaits reception.
    pub destino_pendiente_id: Option<i64>,
}

/// What the rule needs to know about the unidad where an expediente would start.
#[derive(Debug, Clone, Copy)]
pub struct UnidadCtx {
    pub id: i64,
    /// The mesa an oficina depends on (`None` for a mesa).
    pub mesa_id: Option<i64>,
}

/// The resource an action is about.
#[derive(Debug, Clone, Copy)]
pub enum Recurso<'a> {
    /// Actions on no particular resource (administration, escritos).
    Ninguno,
    /// Starting an expediente at this unidad (a mesa).
    Inicio(UnidadCtx),
    Expediente(&'a ExpedienteCtx),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Permitido,
    NoPermitido,
    /// The resource exists but the user may not even know that: answer as if it did not.
    NoVisible,
}

/// DOMAIN.md's visibility rule: ADMINISTRADOR and AUTORIDAD see all; everyone else sees an
/// expediente whose organismo iniciador, or an organismo it passed through, is in their
/// access list.
pub fn visible(actor: &Actor, e: &ExpedienteCtx) -> bool {
    ve_todo(actor.perfil)
        || actor.acceso.contains(&e.organismo_id)
        || e.organismos_de_paso
            .iter()
            .any(|o| actor.acceso.contains(o))
}

/// The visibility rule for every list, count and search: the organismos whose passage makes an
/// expediente visible to the actor (`None`: the actor sees everything). Creation writes the
/// organismo iniciador into the passage table, so one passage condition covers both halves of
/// the rule (see `expedientes::paso_por`).
pub fn organismos_visibles(actor: &Actor) -> Option<Vec<i64>> {
    (!ve_todo(actor.perfil)).then(|| actor.acceso.clone())
}

/// [`organismos_visibles`] for what is held at, or addressed to, the unidades the actor acts
/// for (the bandeja and its badge): all of it passed through the actor's organismo (started
/// there or sent to it), so whoever sees their own organismo needs no filter there; an access
/// list that leaves it out filters as everywhere else.
pub fn organismos_visibles_en_sus_unidades(actor: &Actor) -> Option<Vec<i64>> {
    organismos_visibles(actor).filter(|orgs| {
        !actor
            .usuario
            .organismo_id
            .is_some_and(|o| orgs.contains(&o))
    })
}

fn ve_todo(p: Perfil) -> bool {
    matches!(p, Perfil::Administrador | Perfil::Autoridad)
}

/// The unidades the actor acts for (DOMAIN.md, the paragraphs under the table): its own
/// unidad, and for an OFICINA user also the mesa it depends on. ADMINISTRADOR acts everywhere
/// (see [`decidir`]); a user without a unidad acts for none.
pub fn unidades_propias(actor: &Actor) -> Vec<i64> {
    let mut u: Vec<i64> = actor.usuario.unidad_id.into_iter().collect();
    if actor.perfil == Perfil::Oficina {
        u.extend(actor.mesa_de_su_unidad);
    }
    u
}

/// The profile table of DOMAIN.md.
pub fn decidir(actor: &Actor, accion: Accion, recurso: Recurso<'_>) -> Decision {
    use Accion::*;
    use Perfil::*;
    let p = actor.perfil;
    let mi_unidad = actor.usuario.unidad_id;
    let si = |c: bool| {
        if c {
            Decision::Permitido
        } else {
            Decision::NoPermitido
        }
    };

    if let Recurso::Expediente(e) = recurso
        && !visible(actor, e)
    {
        return Decision::NoVisible;
    }
    if p == Administrador {
        return Decision::Permitido;
    }
    // "Its unidad": for an OFICINA user, the oficina or its mesa; for the others, their own.
    let propias = unidades_propias(actor);
    let es_propia = |u: Option<i64>| u.is_some_and(|u| propias.contains(&u));
    // Only the unidad itself: archiving stays with the mesa's own users; CARGA works on what
    // its own unidad holds.
    let es_la_mia = |u: Option<i64>| u.is_some() && u == mi_unidad;

    match (accion, recurso) {
        (Leer, _) => Decision::Permitido,
        (Administrar, _) => Decision::NoPermitido,
        (Escritos, _) => si(p == MesaDeEntrada),
        (Iniciar, Recurso::Inicio(u)) => match p {
            MesaDeEntrada => si(mi_unidad == Some(u.id)),
            // An oficina starts on behalf of the mesa it depends on.
            Oficina => si(u.mesa_id.is_none() && actor.mesa_de_su_unidad == Some(u.id)),
            _ => Decision::NoPermitido,
        },
        (Iniciar, _) => si(matches!(p, MesaDeEntrada | Oficina)),
        (Editar | EnviarPase, Recurso::Expediente(e)) => {
            si(matches!(p, MesaDeEntrada | Oficina) && es_propia(e.unidad_actual_id))
        }
        (RecibirPase, Recurso::Expediente(e)) => {
            si(matches!(p, MesaDeEntrada | Oficina) && es_propia(e.destino_pendiente_id))
        }
        (Documentos, Recurso::Expediente(e)) => match p {
            MesaDeEntrada | Oficina => si(es_propia(e.unidad_actual_id)),
            Carga => si(es_la_mia(e.unidad_actual_id)),
            _ => Decision::NoPermitido,
        },
        (Anotar, Recurso::Expediente(_)) => si(matches!(p, MesaDeEntrada | Oficina | Carga)),
        (Archivar, Recurso::Expediente(e)) => {
            si(p == MesaDeEntrada && es_la_mia(e.unidad_actual_id))
        }
        (Editar | EnviarPase | RecibirPase | Documentos | Anotar | Archivar, _) => si(matches!(
            (accion, p),
            (Editar | EnviarPase | RecibirPase, MesaDeEntrada | Oficina)
                | (Documentos | Anotar, MesaDeEntrada | Oficina | Carga)
                | (Archivar, MesaDeEntrada)
        )),
    }
}

/// The navigation entries the actor may use: the inbox of its unidad, the search, starting
/// expedientes and the administration screens.
pub fn acciones_de_menu(actor: &Actor) -> AccionesMenu {
    let puede = |a| decidir(actor, a, Recurso::Ninguno) == Decision::Permitido;
    AccionesMenu {
        bandeja: actor.usuario.unidad_id.is_some(),
        expedientes: puede(Accion::Leer),
        iniciar: puede(Accion::Iniciar),
        comunicaciones: actor.usuario.unidad_id.is_some() || puede(Accion::Escritos),
        administrar: puede(Accion::Administrar),
    }
}

/// The check a door makes before it reads a body, for an action on no particular resource
/// (starting an expediente, creating what administrators manage): 403 when not allowed.
pub fn puede(actor: &Actor, accion: Accion) -> Result<(), DomainError> {
    exigir(actor, accion, Recurso::Ninguno)
}

/// [`decidir`] as a `Result`: `NoEncontrado` (404) for not visible, `NoPermitido` (403).
pub fn exigir(actor: &Actor, accion: Accion, recurso: Recurso<'_>) -> Result<(), DomainError> {
    match decidir(actor, accion, recurso) {
        Decision::Permitido => Ok(()),
        Decision::NoPermitido => Err(DomainError::NoPermitido),
        Decision::NoVisible => Err(DomainError::NoEncontrado),
    }
}

#[cfg(test)]
mod tests {
    //! One row per (perfil, action) of DOMAIN.md's table. `TABLA` must cover every pair:
    //! adding a perfil or an action without its row fails `la_tabla_cubre_todo`.

    use super::*;
    use crate::infra::entities::usuario;
    use chrono::Utc;

    const MI_MESA: i64 = 10;
    const MI_OFICINA: i64 = 11;
    const OTRA_MESA: i64 = 20;
    const MI_ORGANISMO: i64 = 1;
    const OTRO_ORGANISMO: i64 = 2;

    /// Outcome on: (0) my own case (held by / addressed to / started at my unidad), (1) a
    /// visible case of another unidad, (2) a case of an organismo outside my access list, and
    /// (3) a case held by / addressed to the MSA mesa `MI_MESA` — the own unidad of a mesa
    /// user, the mesa an oficina depends on for OFICINA, CARGA and CONSULTA users (who work at
    /// the oficina). Starting: (0) at `MI_MESA`, (1, 2) at another mesa, (3) at the oficina.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum E {
        Si,
        No,
        Oculto,
    }
    use E::*;

    #[rustfmt::skip]
    const TABLA: &[(Perfil, Accion, [E; 4])] = &[
        (Perfil::Administrador, Accion::Leer,        [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::Iniciar,     [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::Editar,      [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::EnviarPase,  [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::RecibirPase, [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::Documentos,  [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::Anotar,      [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::Escritos,    [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::Archivar,    [Si, Si, Si, Si]),
        (Perfil::Administrador, Accion::Administrar, [Si, Si, Si, Si]),

        (Perfil::MesaDeEntrada, Accion::Leer,        [Si, Si, Oculto, Si]),
        (Perfil::MesaDeEntrada, Accion::Iniciar,     [Si, No, No, No]),
        (Perfil::MesaDeEntrada, Accion::Editar,      [Si, No, Oculto, Si]),
        (Perfil::MesaDeEntrada, Accion::EnviarPase,  [Si, No, Oculto, Si]),
        (Perfil::MesaDeEntrada, Accion::RecibirPase, [Si, No, Oculto, Si]),
        (Perfil::MesaDeEntrada, Accion::Documentos,  [Si, No, Oculto, Si]),
        (Perfil::MesaDeEntrada, Accion::Anotar,      [Si, Si, Oculto, Si]),
        (Perfil::MesaDeEntrada, Accion::Escritos,    [Si, Si, Si, Si]),
        (Perfil::MesaDeEntrada, Accion::Archivar,    [Si, No, Oculto, Si]),
        (Perfil::MesaDeEntrada, Accion::Administrar, [No, No, No, No]),

        (Perfil::Oficina, Accion::Leer,        [Si, Si, Oculto, Si]),
        (Perfil::Oficina, Accion::Iniciar,     [Si, No, No, No]),
        (Perfil::Oficina, Accion::Editar,      [Si, No, Oculto, Si]),
        (Perfil::Oficina, Accion::EnviarPase,  [Si, No, Oculto, Si]),
        (Perfil::Oficina, Accion::RecibirPase, [Si, No, Oculto, Si]),
        (Perfil::Oficina, Accion::Documentos,  [Si, No, Oculto, Si]),
        (Perfil::Oficina, Accion::Anotar,      [Si, Si, Oculto, Si]),
        (Perfil::Oficina, Accion::Escritos,    [No, No, No, No]),
        (Perfil::Oficina, Accion::Archivar,    [No, No, Oculto, No]),
        (Perfil::Oficina, Accion::Administrar, [No, No, No, No]),

        (Perfil::Carga, Accion::Leer,        [Si, Si, Oculto, Si]),
        (Perfil::Carga, Accion::Iniciar,     [No, No, No, No]),
        (Perfil::Carga, Accion::Editar,      [No, No, Oculto, No]),
        (Perfil::Carga, Accion::EnviarPase,  [No, No, Oculto, No]),
        (Perfil::Carga, Accion::RecibirPase, [No, No, Oculto, No]),
        (Perfil::Carga, Accion::Documentos,  [Si, No, Oculto, No]),
        (Perfil::Carga, Accion::Anotar,      [Si, Si, Oculto, Si]),
        (Perfil::Carga, Accion::Escritos,    [No, No, No, No]),
        (Perfil::Carga, Accion::Archivar,    [No, No, Oculto, No]),
        (Perfil::Carga, Accion::Administrar, [No, No, No, No]),

        (Perfil::Consulta, Accion::Leer,        [Si, Si, Oculto, Si]),
        (Perfil::Consulta, Accion::Iniciar,     [No, No, No, No]),
        (Perfil::Consulta, Accion::Editar,      [No, No, Oculto, No]),
        (Perfil::Consulta, Accion::EnviarPase,  [No, No, Oculto, No]),
        (Perfil::Consulta, Accion::RecibirPase, [No, No, Oculto, No]),
        (Perfil::Consulta, Accion::Documentos,  [No, No, Oculto, No]),
        (Perfil::Consulta, Accion::Anotar,      [No, No, Oculto, No]),
        (Perfil::Consulta, Accion::Escritos,    [No, No, No, No]),
        (Perfil::Consulta, Accion::Archivar,    [No, No, Oculto, No]),
        (Perfil::Consulta, Accion::Administrar, [No, No, No, No]),

        (Perfil::Autoridad, Accion::Leer,        [Si, Si, Si, Si]),
        (Perfil::Autoridad, Accion::Iniciar,     [No, No, No, No]),
        (Perfil::Autoridad, Accion::Editar,      [No, No, No, No]),
        (Perfil::Autoridad, Accion::EnviarPase,  [No, No, No, No]),
        (Perfil::Autoridad, Accion::RecibirPase, [No, No, No, No]),
        (Perfil::Autoridad, Accion::Documentos,  [No, No, No, No]),
        (Perfil::Autoridad, Accion::Anotar,      [No, No, No, No]),
        (Perfil::Autoridad, Accion::Escritos,    [No, No, No, No]),
        (Perfil::Autoridad, Accion::Archivar,    [No, No, No, No]),
        (Perfil::Autoridad, Accion::Administrar, [No, No, No, No]),
    ];

    fn actor(perfil: Perfil) -> Actor {
        let (unidad, mesa) = match perfil {
            Perfil::Administrador | Perfil::Autoridad => (None, None),
            Perfil::MesaDeEntrada => (Some(MI_MESA), None),
            _ => (Some(MI_OFICINA), Some(MI_MESA)),
        };
        let ahora = Utc::now();
        Actor {
            usuario: usuario::Model {
                id: 1,
                email: "x@y.z".into(),
                nombre: "N".into(),
                apellido: "A".into(),
                perfil: perfil.codigo().into(),
                organismo_id: Some(MI_ORGANISMO),
                unidad_id: unidad,
                password_hash: String::new(),
                password_temporal: false,
                password_vence_en: None,
                activo: true,
                creado_en: ahora,
                actualizado_en: ahora,
            },
            perfil,
            acceso: if perfil.requiere_unidad() {
                vec![MI_ORGANISMO]
            } else {
                vec![]
            },
            mesa_de_su_unidad: mesa,
            sesion_hash: None,
        }
    }

    fn decidir_en(perfil: Perfil, accion: Accion, escenario: usize) -> E {
        let a = actor(perfil);
        let mia = a.usuario.unidad_id;
        let resultado = match accion {
            Accion::Escritos | Accion::Administrar => decidir(&a, accion, Recurso::Ninguno),
            Accion::Iniciar => {
                let u = match escenario {
                    0 => UnidadCtx {
                        id: MI_MESA,
                        mesa_id: None,
                    },
                    3 => UnidadCtx {
                        id: MI_OFICINA,
                        mesa_id: Some(MI_MESA),
                    },
                    _ => UnidadCtx {
                        id: OTRA_MESA,
                        mesa_id: None,
                    },
                };
                decidir(&a, accion, Recurso::Inicio(u))
            }
            _ => {
                let (organismo, unidad) = match escenario {
                    0 => (MI_ORGANISMO, mia.or(Some(MI_MESA))),
                    1 => (MI_ORGANISMO, Some(OTRA_MESA)),
                    2 => (OTRO_ORGANISMO, Some(OTRA_MESA)),
                    _ => (MI_ORGANISMO, Some(MI_MESA)),
                };
                let e = if accion == Accion::RecibirPase {
                    ExpedienteCtx {
                        organismo_id: organismo,
                        organismos_de_paso: vec![],
                        unidad_actual_id: None,
                        destino_pendiente_id: unidad,
                    }
                } else {
                    ExpedienteCtx {
                        organismo_id: organismo,
                        organismos_de_paso: vec![],
                        unidad_actual_id: unidad,
                        destino_pendiente_id: None,
                    }
                };
                decidir(&a, accion, Recurso::Expediente(&e))
            }
        };
        match resultado {
            Decision::Permitido => Si,
            Decision::NoPermitido => No,
            Decision::NoVisible => Oculto,
        }
    }

    #[test]
    fn la_tabla_cubre_todo() {
        for p in Perfil::TODOS {
            for a in Accion::TODAS {
                let filas = TABLA
                    .iter()
                    .filter(|(tp, ta, _)| *tp == p && *ta == a)
                    .count();
                assert_eq!(filas, 1, "({p:?}, {a:?}) needs exactly one row");
            }
        }
    }

    #[test]
    fn cada_perfil_y_accion_se_decide_como_dice_domain() {
        for (perfil, accion, esperado) in TABLA {
            for (escenario, e) in esperado.iter().enumerate() {
                assert_eq!(
                    decidir_en(*perfil, *accion, escenario),
                    *e,
                    "{perfil:?} {accion:?} scenario {escenario}"
                );
            }
        }
    }

    #[test]
    fn pasar_por_un_organismo_del_acceso_da_visibilidad() {
        let a = actor(Perfil::Consulta);
        let e = ExpedienteCtx {
            organismo_id: OTRO_ORGANISMO,
            organismos_de_paso: vec![3, MI_ORGANISMO],
            unidad_actual_id: Some(OTRA_MESA),
            destino_pendiente_id: None,
        };
        assert!(visible(&a, &e));
        assert_eq!(
            decidir(&a, Accion::Leer, Recurso::Expediente(&e)),
            Decision::Permitido
        );
        let e = ExpedienteCtx {
            organismos_de_paso: vec![3],
            ..e
        };
        assert!(!visible(&a, &e));
    }
}
