use sea_orm::entity::prelude::*;

/// A mesa's saved set of destinations for its escritos.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lista_difusion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unidad_id: i64,
    pub nombre: String,
    pub creada_por: i64,
    pub creada_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
