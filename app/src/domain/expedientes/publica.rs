//! The public consulta for citizens (`/consulta`, `GET /api/v1/publico/expedientes`; DOMAIN.md
//! "Public consulta"): número plus the iniciador's DNI/CUIT → where the expediente is and its
//! movements, nothing else. A missing number and a wrong document answer the same 404 after the
//! same statements; each consulta counts as a failure of its client address until it is
//! answered (20 in 15 minutes, then 429), in the database so every server shares the count.

use crate::domain::DomainError;
use crate::domain::acceso::intentos;
use crate::domain::expedientes::{numeracion, pases};
use crate::domain::organizacion::{organismos, unidades};
use crate::infra::entities::{expediente, pase};
use crate::model::{ConsultaPublica, LugarPublico, MovimientoPublico, rfc3339};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::net::IpAddr;

/// The answer for `numero` and `documento` asked from `ip`.
pub async fn consultar(
    db: &DatabaseConnection,
    ip: Option<IpAddr>,
    numero: &str,
    documento: &str,
) -> Result<ConsultaPublica, DomainError> {
    let mut campos = std::collections::BTreeMap::new();
    if numero.trim().is_empty() || numero.chars().count() > 100 {
        campos.insert(
            "numero".to_owned(),
            "Escribí el número del expediente.".to_owned(),
        );
    }
    let digitos: String = documento.chars().filter(char::is_ascii_digit).collect();
    if !(7..=11).contains(&digitos.len()) || documento.chars().count() > 20 {
        campos.insert(
            "documento".to_owned(),
            "Escribí el DNI o el CUIT de quien inició el trámite.".to_owned(),
        );
    }
    if !campos.is_empty() {
        return Err(DomainError::Invalido(campos));
    }
    let intento = intentos::contar_consulta(db, ip).await?;
    let e = expediente::Entity::find()
        .filter(expediente::Column::NumeroNormalizado.eq(numeracion::normalizar(numero)))
        .one(db)
        .await?
        .filter(|e| e.iniciador_documento.as_deref() == Some(digitos.as_str()))
        .ok_or(DomainError::NoEncontrado)?;
    intentos::descontar(db, intento).await?;
    let recibidos = pase::Entity::find()
        .filter(pase::Column::ExpedienteId.eq(e.id))
        .filter(pase::Column::Estado.eq(pases::RECIBIDO))
        .order_by_asc(pase::Column::Id)
        .all(db)
        .await?;
    let unidades = unidades::todas(db).await?;
    let organismos = organismos::todos(db).await?;
    let lugar = |id: i64| {
        let u = unidades.iter().find(|u| u.id == id);
        LugarPublico {
            nombre: u.map(|u| u.nombre.clone()).unwrap_or_default(),
            organismo: u
                .and_then(|u| organismos.iter().find(|o| o.id == u.organismo_id))
                .map(|o| o.nombre.clone())
                .unwrap_or_default(),
        }
    };
    let organismo_de: HashMap<i64, i64> = unidades.iter().map(|u| (u.id, u.organismo_id)).collect();
    // No names of people: the stops are computed without them.
    let paradas = pases::paradas(
        &e,
        &recibidos,
        &organismo_de,
        &HashMap::new(),
        chrono::Utc::now(),
    );
    Ok(ConsultaPublica {
        numero: e.numero.clone(),
        creado_en: rfc3339(e.creado_en),
        estado: e.estado.clone(),
        unidad: lugar(e.unidad_actual_id),
        desde: e.en_unidad_desde.map(rfc3339),
        movimientos: paradas
            .into_iter()
            .map(|p| {
                let l = lugar(p.unidad_id);
                MovimientoPublico {
                    unidad: l.nombre,
                    organismo: l.organismo,
                    desde: p.desde,
                    hasta: p.hasta,
                }
            })
            .collect(),
    })
}
