use sea_orm::entity::prelude::*;

/// A server-side session. Only the SHA-256 of the cookie's secret is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sesion")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub usuario_id: i64,
    pub creada_en: DateTimeUtc,
    pub ultimo_uso: DateTimeUtc,
    pub vence_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
