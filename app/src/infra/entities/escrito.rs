use sea_orm::entity::prelude::*;

/// An escrito (nota, memo or circular) of a mesa de entrada; never changed once emitted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "escrito")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estado: String,
    pub numero: Option<String>,
    pub tipo: String,
    pub titulo: String,
    pub cuerpo: String,
    pub expediente_id: Option<i64>,
    pub en_respuesta_a: Option<i64>,
    pub unidad_id: i64,
    pub organismo_id: i64,
    pub autor_id: i64,
    pub creado_en: DateTimeUtc,
    pub emitido_en: Option<DateTimeUtc>,
    pub sha256: Option<String>,
    pub borrador_destinos: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
