use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expediente")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub numero: String,
    pub numero_normalizado: String,
    pub extracto: String,
    pub iniciador_nombre: String,
    pub iniciador_documento: Option<String>,
    pub tipo_tramite_id: Option<i64>,
    pub texto_busqueda: String,
    pub organismo_id: i64,
    pub unidad_origen_id: i64,
    pub unidad_actual_id: i64,
    pub estado: String,
    pub fojas: i32,
    pub version: i64,
    pub creado_por: i64,
    pub creado_en: DateTimeUtc,
    pub actualizado_por: i64,
    pub actualizado_en: DateTimeUtc,
    /// When the unidad that holds it received it (or started it); the bandeja's age.
    pub en_unidad_desde: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
