use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::collections::BTreeMap;
use std::fmt;

/// The error every door answers with: the JSON body of API.md
/// (`{"error": {"code", "message", "fields"?}}`) and the error type of every server function.
/// It compiles to WASM so the UI can show `message` to people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AppError {
    /// HTTP status (not serialised: the response carries it).
    #[serde(skip, default = "status_por_defecto")]
    pub status: u16,
    pub code: String,
    /// Spanish text for people.
    pub message: String,
    /// Field → Spanish message, for 422 answers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Seconds to wait, for 429 answers (sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

fn status_por_defecto() -> u16 {
    500
}

impl AppError {
    pub fn new(status: u16, code: &str, message: &str) -> Self {
        AppError {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            fields: BTreeMap::new(),
            retry_after: None,
        }
    }

    /// What to tell people about an API error answer's body (`{"error": {...}}`): the message
    /// and every field's message.
    pub fn mensaje_de_respuesta(cuerpo: &str) -> String {
        #[derive(Deserialize)]
        struct Envoltorio {
            error: AppError,
        }
        serde_json::from_str::<Envoltorio>(cuerpo)
            .map(|e| {
                let detalle: Vec<String> = e.error.fields.into_values().collect();
                format!("{} {}", e.error.message, detalle.join(" "))
                    .trim()
                    .to_owned()
            })
            .unwrap_or_else(|_| "Ocurrió un error inesperado.".to_owned())
    }

    /// The message for one field of a 422 answer, if any.
    pub fn campo(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }

    /// Spanish text for an error code carried in a URL (`?error=code`), used when a form was
    /// posted without JavaScript and the server redirected back to the page.
    pub fn mensaje_de_codigo(code: &str) -> Option<&'static str> {
        Some(match code {
            "credenciales_invalidas" => "Correo o contraseña incorrectos.",
            "demasiados_intentos" => {
                "Demasiados intentos fallidos. Esperá unos minutos y volvé a intentar."
            }
            "password_temporal_vencida" => {
                "La contraseña temporal venció. Pedí una nueva al administrador."
            }
            "datos_invalidos" => "Revisá los datos ingresados.",
            "password_actual_incorrecta" => "La contraseña actual no es correcta.",
            "no_autenticado" => "Tu sesión terminó. Ingresá de nuevo.",
            "cross_site" => "La solicitud vino de otro sitio y fue rechazada.",
            "servidor_ocupado" => "El servidor está ocupado. Probá de nuevo en unos segundos.",
            "archivo_demasiado_grande" => "El archivo supera el tamaño máximo permitido.",
            "tipo_no_permitido" => {
                "El archivo no es de un tipo permitido. Se aceptan PDF, imágenes PNG o JPEG, \
                 documentos de oficina y texto."
            }
            "documento_sellado" => {
                "El documento está sellado por un pase: no se puede reemplazar ni desglosar."
            }
            "wrong_state" => "El expediente no está en un estado que permita esta acción.",
            "no_permitido" => "Tu perfil no permite realizar esta acción.",
            "no_encontrado" => "No se encontró lo pedido.",
            "solicitud_invalida" => "La solicitud no tiene el formato esperado.",
            "tiempo_agotado" => "La subida tardó demasiado y se canceló.",
            "demasiado_grande" => "La solicitud es demasiado grande.",
            _ => return None,
        })
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_) => AppError::new(
                400,
                "solicitud_invalida",
                "La solicitud no tiene el formato esperado.",
            ),
            ServerFnErrorErr::Request(_) => AppError::new(
                0,
                "sin_conexion",
                "No se pudo contactar al servidor. Revisá tu conexión.",
            ),
            _ => AppError::new(500, "error_interno", "Ocurrió un error inesperado."),
        }
    }
}
