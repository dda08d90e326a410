//! Expedientes and pases as the API and the screens exchange them (API.md "Resources").

use serde::{Deserialize, Serialize};

/// Who started the matter: a person or company, DNI/CUIT optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Iniciador {
    #[serde(default)]
    pub nombre: String,
    #[serde(default)]
    pub documento: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Expediente {
    pub id: i64,
    pub numero: String,
    pub extracto: String,
    pub iniciador: Iniciador,
    pub tipo_tramite_id: Option<i64>,
    /// `EN_TRAMITE`, `EN_TRANSITO` or `ARCHIVADO`.
    pub estado: String,
    pub organismo_id: i64,
    pub unidad_origen_id: i64,
    pub unidad_actual_id: i64,
    pub fojas: i32,
    pub version: i64,
    pub creado_en: String,
    pub actualizado_en: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevoExpediente {
    #[serde(default)]
    pub extracto: String,
    #[serde(default)]
    pub iniciador: Iniciador,
    pub tipo_tramite_id: Option<i64>,
    /// The mesa where it starts (only an ADMINISTRADOR chooses; others use their own).
    pub unidad_id: Option<i64>,
    /// Only to register an existing (paper or legacy) expediente with its number.
    pub numero: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CambiosExpediente {
    pub extracto: Option<String>,
    pub iniciador: Option<Iniciador>,
    /// The `version` last read: a stale one answers 409 `stale_version`.
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Pase {
    pub id: i64,
    pub expediente_id: i64,
    pub origen_unidad_id: i64,
    pub destino_unidad_id: i64,
    pub motivo: String,
    /// `PENDIENTE`, `RECIBIDO`, `RECHAZADO` or `ANULADO`.
    pub estado: String,
    pub fojas: i32,
    pub enviado_en: String,
    pub resuelto_en: Option<String>,
    pub motivo_rechazo: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevoPase {
    pub destino_unidad_id: Option<i64>,
    #[serde(default)]
    pub motivo: String,
}

/// A required reason (rejecting, archiving, unarchiving).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Motivo {
    #[serde(default)]
    pub motivo: String,
}

/// A unidad's inbox: pases awaiting its reception and the expedientes it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Bandeja {
    pub pendientes: Vec<Pase>,
    pub en_unidad: Vec<Expediente>,
}

/// One custody stop of the circuit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Parada {
    pub unidad_id: i64,
    pub organismo_id: i64,
    pub desde: String,
    pub hasta: Option<String>,
    pub dias: i64,
}
