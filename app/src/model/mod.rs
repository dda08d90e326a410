//! Types both sides share (server and browser): DTOs, enums and value types with `parse()`.
//! Everything here compiles to WASM, so the browser validates with the same rules as the server.

mod acciones;
mod admin;
pub mod anotacion;
mod destino;
mod documento;
mod error;
pub mod escrito;
mod estadisticas;
mod expediente;
mod fecha;
mod importacion;
mod perfil;
mod usuario;
mod validacion;

pub use acciones::{AccionesExpediente, AccionesMenu};
pub use admin::{
    CambiosOrganismo, CambiosUnidad, CambiosUsuario, ConsultaLista, Evento, Lista, NuevaUnidad,
    NuevoOrganismo, NuevoToken, NuevoUsuario, Organismo, Token, Unidad, Usuario,
};
pub use anotacion::{
    Anotacion, CambioAnotacion, MAX_TEXTO_ANOTACION, NuevaAnotacion, RevisionAnotacion,
    es_invisible, texto_anotacion,
};
pub use destino::destino_seguro;
pub use documento::{
    Constancia, Documento, DocumentoConstancia, FOJAS_POR_CUERPO, VersionDocumento, cuerpo,
    cuerpos, tamano_legible,
};
pub use error::AppError;
pub use escrito::{
    AccionesEscrito, Borrador, ConsultaEscritos, DestinoEscrito, Escrito, ListaDifusion,
    NuevoEscrito, ReciboEscrito, VistaEscrito,
};
pub use estadisticas::{
    Cifras, ConsultaEstadisticas, Estadisticas, FilaOrganismo, FilaUnidad, Mensual,
};
pub use expediente::{
    Bandeja, CambiosExpediente, CambiosTipoTramite, ConsultaBandeja, ConsultaPublica,
    DatosCaratula, ESTADOS, EnTransito, Expediente, Feriado, FiltroExpedientes, Iniciador,
    LugarPublico, Motivo, Movimiento, MovimientoPublico, NuevoExpediente, NuevoPase,
    NuevoTipoTramite, ORDENES, PLAZO_MAXIMO, Parada, Pase, PasePendiente, Resultados, Seguimiento,
    TipoTramite, VistaExpediente, VistaRapida, etiqueta_destino,
};
pub use fecha::{dia, fecha, fecha_hora, rfc3339};
pub use importacion::{EstadoImportacion, FilaImportacion, VistaPrevia};
pub use perfil::Perfil;
pub use usuario::{CambioClave, Credenciales, Me};
pub use validacion::{
    Codigo, Email, MAX_CARACTERES_BUSQUEDA, MAX_PALABRAS_BUSQUEDA, PasswordNueva, documento,
    extracto, palabras_de_busqueda, texto_requerido,
};

/// What a form did, shown once by the page the browser lands on after posting it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Aviso {
    pub texto: String,
    /// A secret shown this once: a new token, a temporary password.
    pub clave: Option<String>,
}
