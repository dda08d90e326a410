use sea_orm::entity::prelude::*;

/// The receipt of one destination unidad of an escrito.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "escrito_destino")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub escrito_id: i64,
    pub unidad_id: i64,
    pub leido_en: Option<DateTimeUtc>,
    pub leido_por: Option<i64>,
    pub conocimiento_en: Option<DateTimeUtc>,
    pub conocimiento_por: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
