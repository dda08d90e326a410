use sea_orm::entity::prelude::*;

/// One failed login, keyed by `email:<address>` or `ip:<address>` (DECISIONS.md).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_fallo")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub clave: String,
    pub en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
