use sea_orm::entity::prelude::*;

/// The head of one entity's event chain: last `seq` and `hash`, taken with
/// `UPDATE … RETURNING` so concurrent appends serialise on this row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evento_cabeza")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub entidad: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub entidad_id: i64,
    pub seq: i64,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
