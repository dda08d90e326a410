use sea_orm::entity::prelude::*;

/// A transfer of custody; never deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub expediente_id: i64,
    pub origen_unidad_id: i64,
    pub destino_unidad_id: i64,
    pub motivo: String,
    pub estado: String,
    pub fojas: i32,
    pub enviado_por: i64,
    pub enviado_en: DateTimeUtc,
    pub resuelto_por: Option<i64>,
    pub resuelto_en: Option<DateTimeUtc>,
    pub motivo_rechazo: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
