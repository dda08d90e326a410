use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unidad")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organismo_id: i64,
    pub codigo: String,
    pub nombre: String,
    pub tipo: String,
    pub mesa_id: Option<i64>,
    pub activo: bool,
    pub creado_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
