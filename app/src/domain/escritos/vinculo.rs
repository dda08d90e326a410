//! *Vincular*: an escrito becomes a PDF document of an expediente (DOMAIN.md), through the same
//! path as an upload — received and typed like any file, stored in both stores, foliated, and
//! sealed by the next pase like any other document.

use super::visible;
use crate::domain::DomainError;
use crate::domain::acceso::Actor;
use crate::domain::documentos;
use crate::infra::almacen::Almacenes;
use crate::infra::entities::{documento, escrito, escrito_destino, organismo, unidad};
use crate::infra::pdf::{Bloque, documento as pdf};
use crate::model::escrito::tipo_legible;
use crate::model::{Documento, fecha_hora, rfc3339};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;

/// The escrito's PDF: number, tipo, emitter, date, título, cuerpo by paragraphs, destinations
/// and SHA-256. The same escrito always gives the same bytes (its receipts are not in it).
pub async fn pdf_del_escrito(
    db: &DatabaseConnection,
    e: &escrito::Model,
    destinos: &[escrito_destino::Model],
) -> Result<Vec<u8>, DomainError> {
    let ids: Vec<i64> = std::iter::once(e.unidad_id)
        .chain(destinos.iter().map(|d| d.unidad_id))
        .collect();
    let unidades: HashMap<i64, unidad::Model> = unidad::Entity::find()
        .filter(unidad::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let organismos: HashMap<i64, String> = organismo::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.nombre))
        .collect();
    let lugar = |id: i64| {
        unidades.get(&id).map_or_else(
            || format!("Unidad {id}"),
            |u| {
                format!(
                    "{} ({}) — {}",
                    u.nombre,
                    u.codigo,
                    organismos.get(&u.organismo_id).cloned().unwrap_or_default()
                )
            },
        )
    };
    let autor = crate::domain::cuentas::usuarios::nombres(db, &[e.autor_id])
        .await?
        .into_iter()
        .next()
        .map(|(_, n)| n)
        .unwrap_or_default();
    let numero = e.numero.clone().unwrap_or_default();
    let emitido = e.emitido_en.map(rfc3339).unwrap_or_default();
    let mut bloques = vec![
        Bloque::Titulo(format!("{} {numero}", tipo_legible(&e.tipo))),
        Bloque::Chico(format!("Emitió: {} · {autor}", lugar(e.unidad_id))),
        Bloque::Chico(format!("Fecha: {}", fecha_hora(&emitido))),
        Bloque::Espacio,
        Bloque::Titulo(e.titulo.clone()),
    ];
    bloques.extend(
        e.cuerpo
            .split("\n\n")
            .map(|p| Bloque::Parrafo(p.to_owned())),
    );
    bloques.push(Bloque::Espacio);
    bloques.push(Bloque::Chico("Destinos:".to_owned()));
    bloques.extend(
        destinos
            .iter()
            .map(|d| Bloque::Chico(format!("· {}", lugar(d.unidad_id)))),
    );
    bloques.push(Bloque::Espacio);
    bloques.push(Bloque::Chico(format!(
        "SHA-256 del escrito: {}",
        e.sha256.clone().unwrap_or_default()
    )));
    Ok(pdf(&numero, &bloques))
}

/// Adds the escrito `id` to expediente `expediente_id` as a PDF document: 404 when the escrito
/// or the expediente is not visible, 403 without the right to attach documents to it, 409 when
/// it is not in trámite or already holds this escrito; 201 with the documento.
pub async fn vincular(
    db: &DatabaseConnection,
    almacenes: &Arc<Almacenes>,
    limite: u64,
    actor: &Actor,
    id: i64,
    expediente_id: Option<i64>,
) -> Result<Documento, DomainError> {
    let (e, destinos) = visible(db, actor, id).await?;
    let Some(expediente_id) = expediente_id else {
        return Err(DomainError::campo(
            "expediente_id",
            "Elegí el expediente al que se agrega el escrito.",
        ));
    };
    documentos::puede_adjuntar(db, actor, expediente_id).await?;
    let bytes = pdf_del_escrito(db, &e, &destinos).await?;
    let sha = {
        use sha2::{Digest, Sha256};
        hex::encode(Sha256::digest(&bytes))
    };
    let ya = documento::Entity::find()
        .filter(documento::Column::ExpedienteId.eq(expediente_id))
        .filter(documento::Column::Sha256.eq(sha))
        .filter(documento::Column::Eliminado.eq(false))
        .one(db)
        .await?;
    if ya.is_some() {
        return Err(DomainError::conflicto_con(
            "wrong_state",
            "Ese escrito ya está agregado a este expediente.",
        ));
    }
    let nombre = format!("{}.pdf", e.numero.clone().unwrap_or_default());
    let trozos = futures_util::stream::once(async move {
        Ok::<_, std::convert::Infallible>(bytes::Bytes::from(bytes))
    });
    let recibido = documentos::recibir(almacenes, limite, &nombre, trozos).await?;
    documentos::adjuntar(db, almacenes, actor, expediente_id, vec![recibido])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| DomainError::Interno("the attached document is missing".into()))
}
