use sea_orm::entity::prelude::*;

/// A signed checkpoint of every chain head of the event log (DECISIONS.md).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "punto_control")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The last event the checkpoint covers.
    pub hasta_evento_id: i64,
    pub cadenas: i64,
    /// SHA-256 over every chain head, in chain order.
    pub resumen: String,
    pub firma_anterior: String,
    /// HMAC-SHA256 with the key kept outside the database.
    pub firma: String,
    pub creado_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
