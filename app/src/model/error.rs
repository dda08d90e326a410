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

/// Every error code SIGEXP answers with its HTTP status and the Spanish text for people: the one
/// table. The API's answers, server functions and the pages that show `?error=code` after a
/// form posted without JavaScript all read it. Codes are English `snake_case`, as API.md spells
/// the ones it names (`stale_version`, `wrong_state`, `duplicate_number`, `cross_site`,
/// `password_change_required`, `not_found`); a conflict may carry a more precise message of its
/// own ([`AppError::con_mensaje`]).
const CODIGOS: &[(&str, u16, &str)] = &[
    (
        "bad_request",
        400,
        "La solicitud no tiene el formato esperado.",
    ),
    ("not_authenticated", 401, "Iniciá sesión para continuar."),
    (
        "invalid_credentials",
        401,
        "Correo o contraseña incorrectos.",
    ),
    (
        "temporary_password_expired",
        401,
        "La contraseña temporal venció. Pedí una nueva al administrador.",
    ),
    (
        "forbidden",
        403,
        "Tu perfil no permite realizar esta acción.",
    ),
    (
        "password_change_required",
        403,
        "Tenés que cambiar tu contraseña temporal antes de continuar.",
    ),
    (
        "cross_site",
        403,
        "La solicitud vino de otro sitio y fue rechazada.",
    ),
    ("not_found", 404, "No se encontró lo pedido."),
    ("timeout", 408, "La subida tardó demasiado y se canceló."),
    (
        "stale_version",
        409,
        "Otro usuario modificó el expediente. Revisá los datos actuales y volvé a intentar.",
    ),
    (
        "wrong_state",
        409,
        "El expediente no está en un estado que permita esta acción.",
    ),
    (
        "duplicate_number",
        409,
        "Ya existe un expediente con ese número.",
    ),
    ("duplicate_code", 409, "Ya existe otro con ese código."),
    (
        "duplicate_email",
        409,
        "Ya existe un usuario con ese correo.",
    ),
    ("duplicate_name", 409, "Ya existe otro con ese nombre."),
    ("duplicate_date", 409, "Ese día ya es feriado."),
    (
        "document_sealed",
        409,
        "El documento está sellado por un pase: no se puede reemplazar ni desglosar. \
         Para corregirlo, adjuntá un documento nuevo.",
    ),
    ("document_removed", 409, "El documento fue desglosado."),
    (
        "already_downloaded",
        409,
        "Las contraseñas temporales ya se descargaron; no se guardan.",
    ),
    (
        "passwords_expired",
        409,
        "Las contraseñas temporales se borraron sin descargarse, una hora después de terminar \
         la importación. Restablecé la contraseña de cada usuario desde Administración.",
    ),
    (
        "body_too_large",
        413,
        "El cuerpo de la solicitud es demasiado grande.",
    ),
    (
        "file_too_large",
        413,
        "El archivo supera el tamaño máximo permitido.",
    ),
    (
        "file_type_not_allowed",
        415,
        "El archivo no es de un tipo permitido. Se aceptan PDF, imágenes PNG o JPEG, \
         documentos de oficina y texto.",
    ),
    ("invalid_fields", 422, "Revisá los datos ingresados."),
    (
        "wrong_current_password",
        422,
        "La contraseña actual no es correcta.",
    ),
    (
        "too_many_attempts",
        429,
        "Demasiados intentos fallidos. Esperá unos minutos y volvé a intentar.",
    ),
    ("internal_error", 500, "Ocurrió un error inesperado."),
    (
        "server_busy",
        503,
        "El servidor está ocupado. Probá de nuevo en unos segundos.",
    ),
    (
        "no_connection",
        0,
        "No se pudo contactar al servidor. Revisá tu conexión.",
    ),
];

impl AppError {
    /// The error of a code of [`CODIGOS`], with its status and message (an unknown code is a
    /// programming error and answers as `internal_error`).
    pub fn de(code: &str) -> Self {
        let (code, status, message) = CODIGOS
            .iter()
            .find(|(c, ..)| *c == code)
            .copied()
            .unwrap_or(("internal_error", 500, "Ocurrió un error inesperado."));
        AppError {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            fields: BTreeMap::new(),
            retry_after: None,
        }
    }

    /// The same error with a more precise message.
    pub fn con_mensaje(mut self, message: &str) -> Self {
        message.clone_into(&mut self.message);
        self
    }

    /// 400: the body is not what the call takes.
    pub fn bad_request(message: &str) -> Self {
        Self::de("bad_request").con_mensaje(message)
    }

    /// 403: authenticated, but this perfil may not do this.
    pub fn forbidden() -> Self {
        Self::de("forbidden")
    }

    /// 404: unknown or not visible.
    pub fn not_found() -> Self {
        Self::de("not_found")
    }

    /// 409 with one of the conflict codes.
    pub fn conflict(code: &str) -> Self {
        Self::de(code)
    }

    /// 422 with one message per field.
    pub fn invalid(fields: BTreeMap<String, String>) -> Self {
        AppError {
            fields,
            ..Self::de("invalid_fields")
        }
    }

    /// 429, to retry after this many seconds.
    pub fn too_many_attempts(segundos: u64) -> Self {
        AppError {
            retry_after: Some(segundos.max(1)),
            ..Self::de("too_many_attempts")
        }
    }

    /// 500: what went wrong is in the log, never in the answer.
    pub fn internal() -> Self {
        Self::de("internal_error")
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
            .unwrap_or_else(|_| Self::internal().message)
    }

    /// The message for one field of a 422 answer, if any.
    pub fn campo(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }

    /// The error for a code carried in a URL (`?error=code`), used when a form was posted
    /// without JavaScript and the server redirected back to the page; `None` for a code that is
    /// not ours (a hand-made link shows nothing).
    pub fn de_codigo(code: &str) -> Option<Self> {
        CODIGOS
            .iter()
            .any(|(c, ..)| *c == code)
            .then(|| Self::de(code))
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
            | ServerFnErrorErr::MissingArg(_) => {
                // A form or body the server function cannot read is the caller's mistake: 400,
                // not the 500 Leptos answers for an error it did not see coming.
                #[cfg(feature = "ssr")]
                if let Some(r) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    r.set_status(axum::http::StatusCode::BAD_REQUEST);
                }
                AppError::de("bad_request")
            }
            ServerFnErrorErr::Request(_) => AppError::de("no_connection"),
            _ => AppError::internal(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cada_codigo_aparece_una_vez_en_snake_case_ingles() {
        for (i, (c, _, m)) in CODIGOS.iter().enumerate() {
            assert!(c.chars().all(|x| x.is_ascii_lowercase() || x == '_'), "{c}");
            assert!(!m.is_empty(), "{c}");
            assert!(CODIGOS[i + 1..].iter().all(|(o, ..)| o != c), "{c} twice");
        }
        assert_eq!(AppError::de("wrong_state").status, 409);
        assert_eq!(AppError::de("no existe").code, "internal_error");
        assert!(AppError::de_codigo("<script>").is_none());
        assert_eq!(AppError::too_many_attempts(0).retry_after, Some(1));
    }
}
