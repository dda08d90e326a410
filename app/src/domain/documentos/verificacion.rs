//! The storage and constancia checks behind `sigexp verify-files` and `verify-constancias`.

use super::constancias::{a_constancia, constancia_de, hash_constancia};
use crate::domain::DomainError;
use crate::infra::almacen::Almacenes;
use crate::infra::entities::documento_version;
use crate::infra::entities::evento;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What the storage check found.
#[derive(Debug, Default)]
pub struct InformeAlmacenes {
    /// Objects that documents name, checked in both stores.
    pub objetos: usize,
    pub correctos: usize,
    /// (sha256, store, problem) for each bad copy.
    pub problemas: Vec<(String, &'static str, &'static str)>,
    pub reparados: usize,
    /// Objects no document names (an upload stopped between storing and recording).
    pub sin_documento: Vec<String>,
    /// Uploads being received or left behind by a stopped process, with their age.
    pub temporales: Vec<(PathBuf, u64)>,
    /// Objects that could not be repaired (both copies bad or missing).
    pub irreparables: Vec<String>,
}

impl InformeAlmacenes {
    pub fn sano(&self) -> bool {
        self.problemas.len() == self.reparados && self.irreparables.is_empty()
    }
}

/// Checks every object that a document version names, in both stores, against its hash; with
/// `reparar`, rewrites a missing or corrupt copy from the good one. Also accounts for objects
/// no document names and for temporary upload files.
pub async fn verificar_almacenes(
    db: &DatabaseConnection,
    almacenes: &Almacenes,
    reparar: bool,
) -> Result<InformeAlmacenes, DomainError> {
    let claves: BTreeSet<String> = documento_version::Entity::find()
        .select_only()
        .column(documento_version::Column::Sha256)
        .distinct()
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut informe = InformeAlmacenes {
        objetos: claves.len(),
        ..Default::default()
    };
    let interno = |e: std::io::Error| DomainError::Interno(e.to_string());
    for clave in &claves {
        let mut estados = Vec::new();
        for (nombre, almacen) in [
            ("primario", &almacenes.primario),
            ("respaldo", &almacenes.respaldo),
        ] {
            let estado = match almacen.comprobar(clave).await {
                Ok(Some((hash, _))) if &hash == clave => None,
                Ok(Some(_)) => Some("contenido alterado"),
                Ok(None) => Some("falta"),
                Err(e) => {
                    tracing::warn!(error = %e, clave, nombre, "could not read object");
                    Some("no se pudo leer")
                }
            };
            estados.push((nombre, almacen, estado));
        }
        let buenos: Vec<_> = estados.iter().filter(|e| e.2.is_none()).collect();
        if buenos.len() == 2 {
            informe.correctos += 1;
            continue;
        }
        for (nombre, _, problema) in &estados {
            if let Some(p) = problema {
                informe.problemas.push((clave.clone(), nombre, p));
            }
        }
        let Some(bueno) = buenos.first() else {
            informe.irreparables.push(clave.clone());
            continue;
        };
        if reparar {
            for (_, malo, problema) in &estados {
                if problema.is_some() {
                    match almacenes.copiar(bueno.1, malo, clave).await {
                        Ok(()) => informe.reparados += 1,
                        // Recorded and the check goes on with the next object.
                        Err(e) => {
                            tracing::warn!(error = %e, clave, "repair failed");
                            informe.irreparables.push(clave.clone());
                        }
                    }
                }
            }
        }
    }
    let mut presentes: BTreeSet<String> = almacenes
        .primario
        .listar()
        .await
        .map_err(interno)?
        .into_iter()
        .collect();
    presentes.extend(almacenes.respaldo.listar().await.map_err(interno)?);
    informe.sin_documento = presentes.difference(&claves).cloned().collect();
    informe.temporales = almacenes.temporales().await.map_err(interno)?;
    Ok(informe)
}

/// What the constancia check found: for each broken one, the expediente, the pase and why.
#[derive(Debug, Default)]
pub struct InformeConstancias {
    pub constancias: usize,
    pub documentos: usize,
    pub problemas: Vec<(i64, i64, String)>,
}

/// Checks every constancia: its chain to the previous one of the expediente, that each
/// document version it lists still has that hash in the database, and that the stored bytes
/// still hash to it (each object read once).
pub async fn verificar_constancias(
    db: &DatabaseConnection,
    almacenes: &Almacenes,
) -> Result<InformeConstancias, DomainError> {
    let mut informe = InformeConstancias::default();
    let mut objetos: BTreeMap<String, bool> = BTreeMap::new();
    // Per expediente: the hash of its last constancia, and whether it carried a link (from
    // then on every constancia must carry one).
    let mut anterior: Option<(i64, String, bool)> = None;
    // Keyset paging: new events (of any expediente) do not shift what comes next.
    let mut despues: (i64, i64) = (i64::MIN, i64::MIN);
    loop {
        let evs = evento::Entity::find()
            .filter(evento::Column::Entidad.eq("expediente"))
            .filter(evento::Column::Tipo.eq("PASE_ENVIADO"))
            .filter(
                Condition::any()
                    .add(evento::Column::EntidadId.gt(despues.0))
                    .add(
                        Condition::all()
                            .add(evento::Column::EntidadId.eq(despues.0))
                            .add(evento::Column::Seq.gt(despues.1)),
                    ),
            )
            .order_by_asc(evento::Column::EntidadId)
            .order_by_asc(evento::Column::Seq)
            .limit(1000)
            .all(db)
            .await?;
        let Some(ultimo) = evs.last() else {
            break;
        };
        despues = (ultimo.entidad_id, ultimo.seq);
        for ev in evs {
            let Some(c) = constancia_de(&ev) else {
                continue;
            };
            informe.constancias += 1;
            let pase_id = c.get("pase_id").and_then(Value::as_i64).unwrap_or_default();
            let mut problema = |m: String| informe.problemas.push((ev.entidad_id, pase_id, m));
            let hash = hash_constancia(&c);
            let previa = anterior.as_ref().filter(|(exp, ..)| *exp == ev.entidad_id);
            let enlazada = previa.is_some_and(|(_, _, enlace)| *enlace);
            match c.get("hash").and_then(Value::as_str) {
                Some(guardado) if guardado != hash => {
                    problema("la constancia no coincide con su hash".into());
                }
                None if enlazada => problema("a la constancia le falta su hash".into()),
                _ => {}
            }
            // Constancias from before Step 4 carry no link.
            let enlace = c.get("anterior").and_then(Value::as_str);
            match enlace {
                Some(enlace) => {
                    let esperado = previa.map_or_else(|| "0".repeat(64), |(_, h, _)| h.clone());
                    if enlace != esperado {
                        problema("la cadena de constancias está rota".into());
                    }
                }
                None if enlazada => {
                    problema("a la constancia le falta el enlace a la anterior".into());
                }
                None => {}
            }
            anterior = Some((ev.entidad_id, hash, enlace.is_some() || enlazada));
            let Some(c) = a_constancia(&c) else { continue };
            for d in &c.documentos {
                informe.documentos += 1;
                let registrada = documento_version::Entity::find()
                    .filter(documento_version::Column::DocumentoId.eq(d.id))
                    .filter(documento_version::Column::Version.eq(d.version))
                    .one(db)
                    .await?;
                if registrada.as_ref().map(|v| v.sha256.as_str()) != Some(d.sha256.as_str()) {
                    informe.problemas.push((
                        ev.entidad_id,
                        pase_id,
                        format!("el documento {} ({}) cambió en la base", d.id, d.nombre),
                    ));
                }
                let sano = match objetos.get(&d.sha256) {
                    Some(s) => *s,
                    None => {
                        let s = matches!(
                            almacenes.primario.comprobar(&d.sha256).await,
                            Ok(Some((h, _))) if h == d.sha256
                        ) || matches!(
                            almacenes.respaldo.comprobar(&d.sha256).await,
                            Ok(Some((h, _))) if h == d.sha256
                        );
                        objetos.insert(d.sha256.clone(), s);
                        s
                    }
                };
                if !sano {
                    informe.problemas.push((
                        ev.entidad_id,
                        pase_id,
                        format!(
                            "no hay una copia intacta del documento {} ({})",
                            d.id, d.nombre
                        ),
                    ));
                }
            }
        }
    }
    Ok(informe)
}
