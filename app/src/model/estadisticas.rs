//! The registry of the entes (API.md `GET /api/v1/estadisticas`, DOMAIN.md "Queries and
//! registry"): what each organismo and unidad did over a period, counted over what the viewer
//! may see.

use serde::{Deserialize, Serialize};

/// The period (local dates `aaaa-mm-dd`, both included; the current month by default) and the
/// organismo whose rows to keep.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct ConsultaEstadisticas {
    pub desde: Option<String>,
    pub hasta: Option<String>,
    pub organismo_id: Option<i64>,
}

/// The figures of one organismo or unidad over the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Cifras {
    /// Expedientes started there in the period.
    pub iniciados: u64,
    /// Pases received, sent (withdrawn ones excluded) and rejected there in the period.
    pub recibidos: u64,
    pub enviados: u64,
    pub rechazados: u64,
    /// Held at the period's end (now, when the period reaches today), in transit included.
    pub en_tramite: u64,
    /// Archived there in the period.
    pub archivados: u64,
    /// The part of `en_tramite` held longer than its tipo de trámite's threshold.
    pub demorados: u64,
    /// Días hábiles held, over the stops there that ended in the period (reception to exit);
    /// empty when none ended.
    pub dias_promedio: Option<f64>,
    pub dias_mediana: Option<f64>,
    pub dias_p90: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FilaOrganismo {
    pub organismo_id: i64,
    pub nombre: String,
    #[serde(flatten)]
    pub cifras: Cifras,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FilaUnidad {
    pub unidad_id: i64,
    pub organismo_id: i64,
    pub nombre: String,
    #[serde(flatten)]
    pub cifras: Cifras,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Estadisticas {
    pub desde: String,
    pub hasta: String,
    pub organismos: Vec<FilaOrganismo>,
    pub unidades: Vec<FilaUnidad>,
}

/// Expedientes started per month, for the registry's chart: (`aaaa-mm`, count), oldest first.
pub type Mensual = Vec<(String, u64)>;
