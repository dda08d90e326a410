//! The demo province (issue #3): a realistic Santa Cruz organisation and one user of each
//! perfil, so a newcomer can explore every role. Loaded through the same domain functions as
//! every door (so it is validated and audited); later steps extend it with expedientes and
//! scale it for benchmarks.

use app::domain::DomainError;
use app::domain::acceso::Actor;
use app::domain::acceso::passwords::Hasher;
use app::domain::cuentas;
use app::domain::organizacion::organismos;
use app::domain::organizacion::unidades;
use app::estado::AppState;
use app::infra::entities::organismo;
use app::model::{NuevaUnidad, NuevoOrganismo, NuevoUsuario, Perfil};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Password of every demo user (documented in the README; change it in a real installation).
pub const CLAVE_DEMO: &str = "Demo Santa Cruz 2026";

/// Organismos of the provincial administration: code, name, CENTRAL or DESCENTRALIZADO, and
/// the oficinas (code, name) that depend on its mesa de entradas.
pub type OrganismoDemo = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

pub const ORGANISMOS: &[OrganismoDemo] = &[
    (
        "SGG",
        "Secretaría General de la Gobernación",
        "CENTRAL",
        &[
            ("DDES", "Dirección de Despacho"),
            ("DGA", "Dirección General de Administración"),
        ],
    ),
    (
        "MGOB",
        "Ministerio de Gobierno",
        "CENTRAL",
        &[
            ("DAJ", "Dirección de Asuntos Jurídicos"),
            ("DRC", "Dirección del Registro Civil"),
        ],
    ),
    (
        "MEFI",
        "Ministerio de Economía, Finanzas e Infraestructura",
        "CENTRAL",
        &[
            ("DGA", "Dirección General de Administración"),
            ("DPRE", "Dirección de Presupuesto"),
            ("DOP", "Dirección de Obras Públicas"),
        ],
    ),
    (
        "MSA",
        "Ministerio de Salud y Ambiente",
        "CENTRAL",
        &[
            ("DGA", "Dirección General de Administración"),
            ("DAJ", "Dirección de Asuntos Jurídicos"),
            ("DRH", "Dirección de Recursos Humanos"),
            ("DAMB", "Dirección de Ambiente"),
        ],
    ),
    (
        "MDS",
        "Ministerio de Desarrollo Social",
        "CENTRAL",
        &[
            ("DGA", "Dirección General de Administración"),
            ("DNAF", "Dirección de Niñez, Adolescencia y Familia"),
        ],
    ),
    (
        "MSEG",
        "Ministerio de Seguridad",
        "CENTRAL",
        &[
            ("DGA", "Dirección General de Administración"),
            ("DAJ", "Dirección de Asuntos Jurídicos"),
        ],
    ),
    (
        "MPCI",
        "Ministerio de la Producción, Comercio e Industria",
        "CENTRAL",
        &[
            ("DCOM", "Dirección de Comercio"),
            ("DPES", "Dirección de Pesca"),
        ],
    ),
    (
        "MEM",
        "Ministerio de Energía y Minería",
        "CENTRAL",
        &[
            ("DMIN", "Dirección de Minería"),
            ("DHID", "Dirección de Hidrocarburos"),
        ],
    ),
    (
        "CPE",
        "Consejo Provincial de Educación",
        "DESCENTRALIZADO",
        &[
            ("DGA", "Dirección General de Administración"),
            ("DPER", "Dirección de Personal Docente"),
        ],
    ),
    (
        "FE",
        "Fiscalía de Estado",
        "CENTRAL",
        &[("DSUM", "Dirección de Sumarios")],
    ),
    (
        "CGP",
        "Contaduría General de la Provincia",
        "CENTRAL",
        &[("DCON", "Dirección de Contabilidad")],
    ),
    (
        "TCP",
        "Tribunal de Cuentas de la Provincia",
        "DESCENTRALIZADO",
        &[("DAUD", "Dirección de Auditoría")],
    ),
    (
        "CPS",
        "Caja de Previsión Social",
        "DESCENTRALIZADO",
        &[
            ("DJUB", "Dirección de Jubilaciones"),
            ("DGA", "Dirección General de Administración"),
        ],
    ),
    (
        "IDUV",
        "Instituto de Desarrollo Urbano y Vivienda",
        "DESCENTRALIZADO",
        &[
            ("DADJ", "Dirección de Adjudicaciones"),
            ("DTEC", "Dirección Técnica"),
        ],
    ),
    (
        "AGVP",
        "Administración General de Vialidad Provincial",
        "DESCENTRALIZADO",
        &[("DCON", "Dirección de Conservación")],
    ),
    (
        "ASIP",
        "Agencia Santacruceña de Ingresos Públicos",
        "DESCENTRALIZADO",
        &[
            ("DREC", "Dirección de Recaudación"),
            ("DFIS", "Dirección de Fiscalización"),
        ],
    ),
    (
        "CAP",
        "Consejo Agrario Provincial",
        "DESCENTRALIZADO",
        &[("DTIE", "Dirección de Tierras")],
    ),
];

/// One user per perfil: e-mail, nombre, apellido, perfil, organismo and unidad codes.
pub type UsuarioDemo = (
    &'static str,
    &'static str,
    &'static str,
    Perfil,
    Option<(&'static str, &'static str)>,
);

pub const USUARIOS: &[UsuarioDemo] = &[
    (
        "administrador@demo.sigexp.local",
        "Marta",
        "Quiroga",
        Perfil::Administrador,
        None,
    ),
    (
        "mesa@demo.sigexp.local",
        "Juan Carlos",
        "Barrientos",
        Perfil::MesaDeEntrada,
        Some(("MSA", "ME")),
    ),
    (
        "oficina@demo.sigexp.local",
        "Lucía",
        "Aguilar",
        Perfil::Oficina,
        Some(("MSA", "DGA")),
    ),
    (
        "carga@demo.sigexp.local",
        "Diego",
        "Mansilla",
        Perfil::Carga,
        Some(("MSA", "ME")),
    ),
    (
        "consulta@demo.sigexp.local",
        "Andrea",
        "Vivar",
        Perfil::Consulta,
        Some(("MEFI", "ME")),
    ),
    (
        "autoridad@demo.sigexp.local",
        "Roberto",
        "Gallardo",
        Perfil::Autoridad,
        None,
    ),
];

/// What [`cargar`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum ResultadoDemo {
    YaCargada,
    Cargada {
        organismos: usize,
        unidades: usize,
        usuarios: usize,
    },
}

/// Loads the demo province, acting as `actor` (an administrator). Does nothing when it is
/// already loaded.
pub async fn cargar(
    db: &DatabaseConnection,
    hasher: &Hasher,
    actor: &Actor,
) -> Result<ResultadoDemo, DomainError> {
    let ya = organismo::Entity::find()
        .filter(organismo::Column::Codigo.eq(ORGANISMOS[0].0))
        .one(db)
        .await?;
    if ya.is_some() {
        return Ok(ResultadoDemo::YaCargada);
    }
    let mut n_unidades = 0;
    let mut ids = Vec::new();
    for (codigo, nombre, tipo, oficinas) in ORGANISMOS {
        let o = organismos::crear(
            db,
            actor,
            &NuevoOrganismo {
                codigo: (*codigo).into(),
                nombre: (*nombre).into(),
                tipo: (*tipo).into(),
                activo: None,
            },
        )
        .await?;
        let unidad = |codigo: &str, nombre: &str, tipo: &str, mesa_id| NuevaUnidad {
            organismo_id: Some(o.id),
            codigo: codigo.into(),
            nombre: nombre.into(),
            tipo: tipo.into(),
            mesa_id,
            activo: None,
        };
        let mesa = unidades::crear(
            db,
            actor,
            &unidad("ME", "Mesa de Entradas y Salidas", unidades::MESA, None),
        )
        .await?;
        ids.push((*codigo, "ME", mesa.id, o.id));
        n_unidades += 1;
        for (c, n) in *oficinas {
            let of =
                unidades::crear(db, actor, &unidad(c, n, unidades::OFICINA, Some(mesa.id))).await?;
            ids.push((*codigo, *c, of.id, o.id));
            n_unidades += 1;
        }
    }
    for (email, nombre, apellido, perfil, lugar) in USUARIOS {
        let ubicacion = lugar.and_then(|(o, u)| {
            ids.iter()
                .find(|(oc, uc, _, _)| *oc == o && *uc == u)
                .map(|(_, _, uid, oid)| (*uid, *oid))
        });
        // CONSULTA reads two organismos, to show what an access list does.
        let acceso = (*perfil == Perfil::Consulta).then(|| {
            ids.iter()
                .filter(|(oc, uc, _, _)| (*oc == "MEFI" || *oc == "MSA") && *uc == "ME")
                .map(|(_, _, _, oid)| *oid)
                .collect()
        });
        cuentas::crear(
            db,
            hasher,
            actor,
            &NuevoUsuario {
                email: (*email).into(),
                nombre: (*nombre).into(),
                apellido: (*apellido).into(),
                perfil: perfil.codigo().into(),
                unidad_id: ubicacion.map(|u| u.0),
                organismo_id: ubicacion.map(|u| u.1),
                acceso,
                password: Some(CLAVE_DEMO.into()),
                activo: None,
            },
        )
        .await?;
    }
    Ok(ResultadoDemo::Cargada {
        organismos: ORGANISMOS.len(),
        unidades: n_unidades,
        usuarios: USUARIOS.len(),
    })
}

/// Loads the demo province acting as the first administrator, and says how to use it.
pub async fn cargar_provincia_demo(state: &AppState) -> Result<(), String> {
    use app::infra::entities::usuario;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let admin = usuario::Entity::find()
        .filter(usuario::Column::Perfil.eq("ADMINISTRADOR"))
        .order_by_asc(usuario::Column::Id)
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no hay administrador para cargar la provincia de demostración")?;
    let actor = app::domain::acceso::actor::cargar(&state.db, admin.id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no se pudo leer el administrador")?;
    match cargar(&state.db, &state.hasher, &actor)
        .await
        .map_err(|e| format!("no se pudo cargar la demostración: {e}"))?
    {
        ResultadoDemo::YaCargada => {}
        ResultadoDemo::Cargada {
            organismos,
            unidades,
            usuarios,
        } => {
            println!(
                "Provincia de demostración cargada: {organismos} organismos, {unidades} unidades, {usuarios} usuarios."
            );
            for (email, _, _, perfil, _) in USUARIOS {
                println!("    {:<34} {}", email, perfil.etiqueta());
            }
            println!("  Contraseña de todos: {}", CLAVE_DEMO);
        }
    }
    Ok(())
}

/// Expedientes `--demo` adds to a database that has none.
const EXPEDIENTES_DEMO: u64 = 300;

/// `--demo`: the demo province and, while there is no expediente yet, 300 generated ones with
/// their circuits and historial, so every screen has something to show. Loading twice adds
/// nothing.
pub async fn cargar_demo(state: &AppState) -> Result<(), String> {
    use super::generar::{self, Opciones};
    use app::infra::entities::expediente;
    use sea_orm::EntityTrait;
    cargar_provincia_demo(state).await?;
    let vacia = expediente::Entity::find()
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?
        .is_none();
    if vacia {
        let opciones = Opciones {
            expedientes: EXPEDIENTES_DEMO,
            semilla: 1,
        };
        let r = generar::generar(&state.db, &opciones, &mut |_: u64, _: u64| {})
            .await
            .map_err(|e| format!("no se pudieron generar los expedientes de demostración: {e}"))?;
        println!(
            "Expedientes de demostración: {} expedientes con {} pases.",
            r.expedientes, r.pases
        );
    }
    Ok(())
}
