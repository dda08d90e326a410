use sea_orm::entity::prelude::*;

/// One version of a document, current one included; never changed once written.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documento_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub documento_id: i64,
    pub version: i32,
    pub nombre: String,
    pub tipo: String,
    pub tamano: i64,
    pub sha256: String,
    pub paginas: i32,
    pub subido_por: i64,
    pub subido_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
