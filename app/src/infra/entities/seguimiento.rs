use sea_orm::entity::prelude::*;

/// An expediente a user follows, with its `actualizado_en` as the user last saw it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "seguimiento")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub usuario_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub expediente_id: i64,
    pub creado_en: DateTimeUtc,
    pub visto_actualizado_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
