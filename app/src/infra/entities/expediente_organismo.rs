use sea_orm::entity::prelude::*;

/// Visibility by passage: the expediente was started by, held by or sent to this organismo.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expediente_organismo")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub expediente_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub organismo_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
