use sea_orm::entity::prelude::*;

/// A background CSV import (migration 6): its progress, its outcome and, until the one
/// download or one hour after it ends, the CSV of the temporary passwords it generated.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "importacion")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub dueno_id: i64,
    /// `EN_CURSO`, `TERMINADA` or `FALLIDA`.
    pub estado: String,
    pub total: i64,
    pub hechos: i64,
    pub mensaje: Option<String>,
    /// The passwords' CSV; `None` once downloaded or expired (and for failed jobs).
    pub claves: Option<String>,
    pub creado_en: DateTimeUtc,
    /// Last sign of life from the server running the job.
    pub latido_en: DateTimeUtc,
    pub terminado_en: Option<DateTimeUtc>,
    pub descargado_en: Option<DateTimeUtc>,
}

/// Written by hand so that a debug print never shows the passwords.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("importacion::Model")
            .field("id", &self.id)
            .field("dueno_id", &self.dueno_id)
            .field("estado", &self.estado)
            .field("total", &self.total)
            .field("hechos", &self.hechos)
            .field("claves", &self.claves.as_ref().map(|_| "<oculto>"))
            .field("terminado_en", &self.terminado_en)
            .field("descargado_en", &self.descargado_en)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
