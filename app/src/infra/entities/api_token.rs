use sea_orm::entity::prelude::*;

/// A personal API token; only the SHA-256 of its secret is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_token")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub usuario_id: i64,
    pub nombre: String,
    pub hash: String,
    pub creado_en: DateTimeUtc,
    pub ultimo_uso: Option<DateTimeUtc>,
    pub revocado_en: Option<DateTimeUtc>,
    pub expira_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
