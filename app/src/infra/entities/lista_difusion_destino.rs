use sea_orm::entity::prelude::*;

/// One destination of a lista de difusión: a unidad or an organismo.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lista_difusion_destino")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub lista_id: i64,
    pub unidad_id: Option<i64>,
    pub organismo_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
