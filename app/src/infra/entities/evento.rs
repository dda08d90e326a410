use sea_orm::entity::prelude::*;

/// One append-only, hash-chained event (historial and administration audit).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evento")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub entidad: String,
    pub entidad_id: i64,
    pub seq: i64,
    pub tipo: String,
    pub actor_id: Option<i64>,
    pub unidad_id: Option<i64>,
    pub en: DateTimeUtc,
    pub datos: String,
    pub hash: String,
    pub hash_anterior: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
