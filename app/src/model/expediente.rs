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
    /// Since when the unidad that holds it has it (its reception there, or its start).
    pub en_unidad_desde: String,
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

/// A pase awaiting reception, with what a clerk needs to recognise the expediente.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasePendiente {
    #[serde(flatten)]
    pub pase: Pase,
    pub numero: String,
    pub extracto: String,
}

/// A unidad's inbox: pases awaiting its reception and one page of the expedientes it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Bandeja {
    pub pendientes: Vec<PasePendiente>,
    pub total_pendientes: u64,
    pub en_unidad: Vec<Expediente>,
    /// Exact up to 1,000; beyond, 1,000 with `total_en_unidad_es_minimo` ("more than").
    pub total_en_unidad: u64,
    pub total_en_unidad_es_minimo: bool,
    /// The page of `en_unidad`.
    pub page: u64,
    pub per_page: u64,
}

/// `?q=&orden=&page=&per_page=` of the bandeja.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct ConsultaBandeja {
    /// Words that must all appear in the number, extracto or iniciador.
    pub q: Option<String>,
    /// `antiguos` (longest in the unidad first, the default) or `recientes`.
    pub orden: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

impl ConsultaBandeja {
    /// Pases awaiting reception listed at most; the total says how many there are.
    pub const MAX_PENDIENTES: u64 = 50;
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
    /// Who received it here (or started it, at the first stop).
    pub recibido_por: Option<String>,
    /// Who sent it on from here, when it left.
    pub enviado_por: Option<String>,
}

/// A kind of procedure from the catalogue administrators keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TipoTramite {
    pub id: i64,
    pub nombre: String,
    pub activo: bool,
    /// Días hábiles an expediente of this tipo may stay at a unidad before it is *demorado*
    /// (`null`: the default of 10).
    #[serde(default)]
    pub plazo_dias: Option<i32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NuevoTipoTramite {
    #[serde(default)]
    pub nombre: String,
    pub activo: Option<bool>,
    pub plazo_dias: Option<i32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CambiosTipoTramite {
    pub nombre: Option<String>,
    pub activo: Option<bool>,
    /// A number sets the threshold; `null` goes back to the default.
    #[serde(default, deserialize_with = "super::admin::doble")]
    pub plazo_dias: Option<Option<i32>>,
}

/// A non-working day of the province (API.md `/api/v1/feriados`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Feriado {
    /// `aaaa-mm-dd`.
    #[serde(default)]
    pub fecha: String,
    #[serde(default)]
    pub nombre: String,
}

/// The longest threshold a tipo de trámite may set, in días hábiles.
pub const PLAZO_MAXIMO: i32 = 365;

/// Filters of the expediente search (API.md `GET /api/v1/expedientes`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct FiltroExpedientes {
    pub numero: Option<String>,
    /// Every word must appear in the number, extracto or iniciador (case and accents ignored).
    pub q: Option<String>,
    pub estado: Option<String>,
    pub organismo_id: Option<i64>,
    pub unidad_actual_id: Option<i64>,
    /// The unidad where it started.
    pub unidad_origen_id: Option<i64>,
    pub paso_por_organismo_id: Option<i64>,
    /// Local calendar date `aaaa-mm-dd`, inclusive.
    pub desde: Option<String>,
    /// Local calendar date `aaaa-mm-dd`, inclusive.
    pub hasta: Option<String>,
    /// One of [`ORDENES`]: `-creado_en` (newest first, the default), `creado_en`, `numero`,
    /// `-numero`, `-antiguedad` (longest at its unidad first) or `antiguedad`.
    pub orden: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The quick lookup of an expediente for a phone (`/c/{numero}`, DOMAIN.md "Quick lookup"):
/// where it is, since when, who received and who sent it, a pase in transit, the last moves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VistaRapida {
    pub id: i64,
    pub numero: String,
    pub extracto: String,
    pub estado: String,
    /// The unidad that holds it (the one that sent it, while in transit) and its organismo.
    pub unidad: String,
    pub organismo: String,
    /// Since when that unidad has it (RFC 3339).
    pub desde: Option<String>,
    /// Días hábiles there so far, and the threshold of its tipo de trámite.
    pub dias_habiles: i64,
    pub plazo_dias: i64,
    pub recibido_por: Option<String>,
    /// Who sent it to the unidad that holds it, with the pase's motivo.
    pub enviado_por: Option<String>,
    pub motivo: Option<String>,
    pub en_transito: Option<EnTransito>,
    /// The last stops, newest first.
    pub movimientos: Vec<Movimiento>,
    /// The user follows it (*seguimiento*).
    pub siguiendo: bool,
}

impl VistaRapida {
    /// Held longer than its tipo de trámite allows.
    pub fn demorado(&self) -> bool {
        self.estado == "EN_TRAMITE" && self.dias_habiles > self.plazo_dias
    }
}

/// A pase on its way: where to, sent when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnTransito {
    pub unidad: String,
    pub organismo: String,
    pub enviado_en: String,
    pub motivo: String,
}

/// One stop of an expediente's circuit, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movimiento {
    pub unidad: String,
    pub organismo: String,
    pub desde: String,
    pub hasta: Option<String>,
}

/// What the printable cover shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatosCaratula {
    pub expediente: Expediente,
    pub organismo: String,
    pub cuerpo: i32,
    /// The QR code of the expediente's quick lookup (`/c/{numero}`), as SVG markup made on
    /// the server.
    pub qr_svg: String,
    pub direccion: String,
    /// Where a citizen asks for it (`/consulta`), unless the installation turned it off.
    pub consulta: Option<String>,
}

/// The citizens' consulta (`GET /api/v1/publico/expedientes`): only where the expediente is and
/// its movements (DOMAIN.md "Public consulta").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConsultaPublica {
    pub numero: String,
    pub creado_en: String,
    pub estado: String,
    pub unidad: LugarPublico,
    pub desde: Option<String>,
    /// Oldest first.
    pub movimientos: Vec<MovimientoPublico>,
}

/// A unidad by name, with its organismo's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LugarPublico {
    pub nombre: String,
    pub organismo: String,
}

/// One stop, for the public: unidad, organismo, dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MovimientoPublico {
    pub unidad: String,
    pub organismo: String,
    pub desde: String,
    pub hasta: Option<String>,
}

/// The states of an expediente, as people read them.
pub const ESTADOS: [(&str, &str); 3] = [
    ("EN_TRAMITE", "En trámite"),
    ("EN_TRANSITO", "En tránsito"),
    ("ARCHIVADO", "Archivado"),
];

/// The orders of a search (`orden`): by date started, by number, by time at the unidad that
/// holds it. Without one, the newest first.
pub const ORDENES: [(&str, &str); 6] = [
    ("-creado_en", "Más recientes primero"),
    ("creado_en", "Más antiguos primero"),
    ("numero", "Por número, ascendente"),
    ("-numero", "Por número, descendente"),
    ("-antiguedad", "Más tiempo en su unidad primero"),
    ("antiguedad", "Menos tiempo en su unidad primero"),
];

/// How the destination picker names a unidad: searchable by unidad and organismo names, and
/// unique, so the server can resolve the chosen text back to the unidad.
pub fn etiqueta_destino(u: &super::Unidad, organismos: &[super::Organismo]) -> String {
    let organismo = organismos
        .iter()
        .find(|o| o.id == u.organismo_id)
        .map_or_else(String::new, |o| format!(" — {}", o.nombre));
    format!("{}{organismo} ({})", u.nombre, u.codigo)
}

/// A page of the expediente search. Counting stops at 1,000 matches: when more match, `total`
/// is 1,000 and `total_es_minimo` is true ("more than 1,000"); later pages still answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Resultados {
    pub items: Vec<Expediente>,
    pub total: u64,
    pub total_es_minimo: bool,
    pub page: u64,
    pub per_page: u64,
}

/// Everything the expediente's page shows, read in one call (`domain::expedientes::pagina`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VistaExpediente {
    pub expediente: Expediente,
    pub tipo_tramite: Option<String>,
    pub pases: super::Lista<Pase>,
    pub circuito: super::Lista<Parada>,
    pub historial: super::Lista<super::Evento>,
    /// Names of the people the page shows (historial, uploaders, circuit), by user id.
    pub personas: Vec<(i64, String)>,
    pub documentos: super::Lista<super::Documento>,
    /// What each pase sealed, oldest first.
    pub constancias: Vec<super::Constancia>,
    /// Largest document accepted, in bytes (the upload checks it before sending).
    pub limite_subida: u64,
    /// What this user may do on it now, as `authz` decides.
    pub acciones: super::AccionesExpediente,
    /// The notes this user may see, oldest first, and the earlier texts of the edited ones
    /// (note id, revision), oldest first.
    pub anotaciones: Vec<super::Anotacion>,
    pub revisiones: Vec<(i64, super::RevisionAnotacion)>,
    /// The organisation, for the unidades the page names and the destination picker.
    pub organismos: Vec<super::Organismo>,
    pub unidades: Vec<super::Unidad>,
    /// The user follows it (*seguimiento*).
    pub siguiendo: bool,
}

/// An expediente the user follows (`GET /api/v1/seguimiento`): the expediente as it is now,
/// since when it is followed and whether it changed since the user last opened it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Seguimiento {
    pub expediente_id: i64,
    #[serde(flatten)]
    pub expediente: Expediente,
    pub seguido_desde: String,
    /// Something was recorded on it (an edit, a pase, a document, its archive) after the
    /// user last opened its page or its quick lookup.
    pub cambio_desde_ultima_vista: bool,
}
