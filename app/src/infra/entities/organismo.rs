use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organismo")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub codigo: String,
    pub nombre: String,
    pub tipo: String,
    pub activo: bool,
    pub creado_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
