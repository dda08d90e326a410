use sea_orm::entity::prelude::*;

/// The last number given in one (tipo, organismo, año) sequence of escritos.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "escrito_numerador")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tipo: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organismo_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub anio: i32,
    pub ultimo: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
