use sea_orm::entity::prelude::*;

/// A text a note had before an edit replaced it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "anotacion_revision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub anotacion_id: i64,
    pub version: i32,
    pub texto: String,
    pub escrita_por: i64,
    pub escrita_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
