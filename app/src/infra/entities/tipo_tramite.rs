use sea_orm::entity::prelude::*;

/// A kind of procedure from the catalogue administrators keep.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tipo_tramite")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub nombre: String,
    pub activo: bool,
    /// Días hábiles an expediente of this tipo may stay at a unidad; empty for the default.
    pub plazo_dias: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
