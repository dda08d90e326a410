use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "usuario")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub nombre: String,
    pub apellido: String,
    pub perfil: String,
    pub organismo_id: Option<i64>,
    pub unidad_id: Option<i64>,
    pub password_hash: String,
    pub password_temporal: bool,
    pub password_vence_en: Option<DateTimeUtc>,
    pub activo: bool,
    pub creado_en: DateTimeUtc,
    pub actualizado_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
