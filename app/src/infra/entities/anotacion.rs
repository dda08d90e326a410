use sea_orm::entity::prelude::*;

/// A note on an expediente, with its current text; removal is logical.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "anotacion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub expediente_id: i64,
    pub texto: String,
    pub visibilidad: String,
    pub autor_id: i64,
    pub unidad_id: i64,
    pub creado_en: DateTimeUtc,
    pub editado_en: Option<DateTimeUtc>,
    pub editado_por: Option<i64>,
    pub version: i32,
    pub eliminada: bool,
    pub eliminada_por: Option<i64>,
    pub eliminada_en: Option<DateTimeUtc>,
    pub motivo_eliminacion: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
