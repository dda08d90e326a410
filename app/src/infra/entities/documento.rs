use sea_orm::entity::prelude::*;

/// A document of an expediente at its current version; earlier versions are in
/// `documento_version`. Never deleted: a desglose marks it `eliminado`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documento")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub expediente_id: i64,
    pub version: i32,
    pub nombre: String,
    pub tipo: String,
    pub tamano: i64,
    pub sha256: String,
    pub paginas: i32,
    pub foja_desde: i32,
    pub foja_hasta: i32,
    pub sellado: bool,
    pub sellado_pase_id: Option<i64>,
    pub eliminado: bool,
    pub motivo_eliminacion: Option<String>,
    pub eliminado_por: Option<i64>,
    pub eliminado_en: Option<DateTimeUtc>,
    pub subido_por: i64,
    pub subido_en: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
