//! What generated expedientes say: extractos, iniciadores with valid DNI/CUIT, motivos. Short
//! on purpose, since every word is stored again in the historial of a million expedientes.

use super::Azar;

const LOCALIDADES: &[&str] = &[
    "Río Gallegos",
    "Caleta Olivia",
    "Pico Truncado",
    "Puerto Deseado",
    "Las Heras",
    "El Calafate",
    "El Chaltén",
    "Río Turbio",
    "28 de Noviembre",
    "Puerto San Julián",
    "Puerto Santa Cruz",
    "Comandante Luis Piedra Buena",
    "Gobernador Gregores",
    "Perito Moreno",
    "Los Antiguos",
];

const MESES: &[&str] = &[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Subjects; `{loc}`, `{n}`, `{anio}` and `{mes}` are filled in.
const ASUNTOS: &[&str] = &[
    "Solicitud de licencia por estudio",
    "Solicitud de licencia por enfermedad de familiar",
    "Reclamo por liquidación de haberes de {mes}",
    "Licitación pública N° {n}/{anio}: adquisición de insumos hospitalarios",
    "Licitación privada N° {n}/{anio}: servicio de limpieza en {loc}",
    "Contratación directa N° {n}/{anio}: reparación de calefacción",
    "Pago de facturas de servicios de {mes} a proveedores",
    "Solicitud de habilitación comercial en {loc}",
    "Renovación de permiso de pesca artesanal",
    "Solicitud de adjudicación de vivienda en {loc}",
    "Recurso jerárquico contra la Disposición N° {n}/{anio}",
    "Convenio de colaboración con la Municipalidad de {loc}",
    "Sumario administrativo por faltante de bienes patrimoniales",
    "Reconocimiento de servicios docentes",
    "Solicitud de jubilación ordinaria",
    "Subsidio para emprendimiento productivo en {loc}",
    "Inscripción en el Registro de Proveedores del Estado",
    "Solicitud de exención del impuesto de sellos",
    "Conservación de la ruta provincial N° {n} en tramo {loc}",
    "Solicitud de permiso de cateo minero",
    "Denuncia ambiental por efluentes en {loc}",
    "Certificado de libre deuda fiscal",
    "Designación de personal transitorio en {loc}",
    "Rendición de fondos rotatorios de {mes} {anio}",
    "Pedido de informe del Tribunal de Cuentas N° {n}/{anio}",
    "Transferencia de fondos a la Comisión de Fomento de {loc}",
];

const NOMBRES: &[&str] = &[
    "María",
    "Juan",
    "Ana",
    "José",
    "Lucía",
    "Carlos",
    "Sofía",
    "Jorge",
    "Valeria",
    "Martín",
    "Romina",
    "Héctor",
    "Andrea",
    "Raúl",
    "Natalia",
    "Sebastián",
    "Inés",
    "Gustavo",
    "Mónica",
    "Nicolás",
    "Julieta",
    "Ramón",
    "Verónica",
    "Matías",
    "Érica",
];

const APELLIDOS: &[&str] = &[
    "González",
    "Rodríguez",
    "Fernández",
    "López",
    "Martínez",
    "Pérez",
    "Gómez",
    "Díaz",
    "Sánchez",
    "Romero",
    "Álvarez",
    "Torres",
    "Ruiz",
    "Ramírez",
    "Mansilla",
    "Vivar",
    "Quiroga",
    "Barrientos",
    "Aguilar",
    "Gallardo",
    "Oyarzo",
    "Cárcamo",
    "Muñoz",
    "Vera",
    "Saldivia",
    "Andrade",
    "Chávez",
    "Navarro",
];

/// Companies and cooperatives (with CUIT); `{ape}` and `{loc}` are filled in.
const EMPRESAS: &[&str] = &[
    "{ape} Hnos. S.R.L.",
    "Transportes {ape} S.A.",
    "Construcciones del Sur S.A.",
    "Pesquera Austral S.A.",
    "Cooperativa de Trabajo {loc} Ltda.",
    "Servicios Petroleros {ape} S.R.L.",
    "Distribuidora Patagónica S.A.",
    "Estancia La Angostura S.A.",
];

/// Public bodies and associations (no document).
const INSTITUCIONES: &[&str] = &[
    "Municipalidad de {loc}",
    "Comisión de Fomento de {loc}",
    "Hospital Distrital de {loc}",
    "Asociación Vecinal de {loc}",
    "Escuela Provincial N° {n}",
    "Sindicato de Trabajadores Municipales",
];

/// What a pase says.
pub(super) const MOTIVOS_PASE: &[&str] = &[
    "Para su intervención",
    "Para conocimiento y demás efectos",
    "Para dictamen",
    "Para su consideración",
    "Para imputación presupuestaria",
    "Para control de legalidad",
    "Para notificar al interesado",
    "Por corresponder",
];

/// Why an expediente is archived.
pub(super) const MOTIVOS_ARCHIVO: &[&str] = &[
    "Trámite cumplido",
    "Cumplido, archívese",
    "Desistimiento del iniciador",
    "Acto administrativo notificado",
];

/// An extracto of 10 to 1000 characters, as `model::extracto` accepts.
pub(super) fn extracto(azar: &mut Azar, anio: i32) -> String {
    let plantilla = *azar.elegir(ASUNTOS);
    let loc = *azar.elegir(LOCALIDADES);
    let mes = *azar.elegir(MESES);
    let n = 1 + azar.hasta(400);
    plantilla
        .replace("{loc}", loc)
        .replace("{mes}", mes)
        .replace("{n}", &n.to_string())
        .replace("{anio}", &anio.to_string())
}

/// An iniciador: a person (most with DNI or CUIL), a company with CUIT, or a public body.
/// Documents are stored as their digits, as `model::documento` answers them.
pub(super) fn iniciador(azar: &mut Azar) -> (String, Option<String>) {
    let tipo = azar.hasta(100);
    let ape = *azar.elegir(APELLIDOS);
    let loc = *azar.elegir(LOCALIDADES);
    match tipo {
        0..55 => {
            let nombre = format!("{} {ape}", azar.elegir(NOMBRES));
            let documento = match azar.hasta(10) {
                0..7 => Some((10_000_000 + azar.hasta(36_000_000)).to_string()),
                7..9 => {
                    let prefijo = *azar.elegir(&[20, 27]);
                    Some(cuit(azar, prefijo))
                }
                _ => None,
            };
            (nombre, documento)
        }
        55..80 => {
            let nombre = azar
                .elegir(EMPRESAS)
                .replace("{ape}", ape)
                .replace("{loc}", loc);
            (nombre, Some(cuit(azar, 30)))
        }
        _ => {
            let n = 1 + azar.hasta(90);
            let nombre = azar
                .elegir(INSTITUCIONES)
                .replace("{loc}", loc)
                .replace("{n}", &n.to_string());
            (nombre, None)
        }
    }
}

/// A CUIT/CUIL with its check digit (numbers whose digit would be 10 are not issued).
fn cuit(azar: &mut Azar, prefijo: u64) -> String {
    const PESOS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    loop {
        let cuerpo = format!("{prefijo}{}", 10_000_000 + azar.hasta(40_000_000));
        let suma: u32 = cuerpo
            .chars()
            .filter_map(|c| c.to_digit(10))
            .zip(PESOS)
            .map(|(d, p)| d * p)
            .sum();
        match 11 - suma % 11 {
            10 => continue,
            11 => return format!("{cuerpo}0"),
            v => return format!("{cuerpo}{v}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{documento, extracto as validar_extracto};

    #[test]
    fn lo_generado_pasa_las_mismas_validaciones_que_un_formulario() {
        let mut azar = Azar::new(3);
        for _ in 0..2_000 {
            let x = extracto(&mut azar, 2024);
            assert_eq!(validar_extracto(&x), Ok(x.clone()));
            let (nombre, doc) = iniciador(&mut azar);
            assert!(
                !nombre.is_empty() && nombre.chars().count() <= 200,
                "{nombre}"
            );
            if let Some(d) = doc {
                assert_eq!(documento(&d), Ok(d.clone()));
            }
        }
    }
}
