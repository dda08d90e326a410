use sea_orm::entity::prelude::*;

/// A non-working day of the province, kept by an administrator.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feriado")]
pub struct Model {
    /// `aaaa-mm-dd`, the province's calendar date.
    #[sea_orm(primary_key, auto_increment = false)]
    pub fecha: String,
    pub nombre: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
