use crate::model::AppError;
use sea_orm::DbErr;
use std::collections::BTreeMap;

/// The domain error: what went wrong, in terms users understand. Mapped to [`AppError`] in
/// exactly one place (`From` below); the HTTP status and the Spanish message live there.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("no authenticated session")]
    NoAutenticado,
    #[error("wrong e-mail or password")]
    CredencialesInvalidas,
    #[error("temporary password expired")]
    PasswordTemporalVencida,
    /// The current password typed to confirm a change is wrong; the field that carried it.
    #[error("current password is wrong")]
    PasswordActualIncorrecta(&'static str),
    #[error("the password must be changed first")]
    CambioClaveRequerido,
    #[error("not allowed")]
    NoPermitido,
    #[error("not found or not visible")]
    NoEncontrado,
    #[error("conflict: {0}")]
    Conflicto(&'static str, &'static str),
    #[error("invalid fields: {0:?}")]
    Invalido(BTreeMap<String, String>),
    /// An uploaded file over the size limit (413); the message names it.
    #[error("file too large: {0}")]
    DemasiadoGrande(String),
    /// An uploaded file whose content is not an allowed type (415); the message names it.
    #[error("type not allowed: {0}")]
    TipoNoPermitido(String),
    #[error("too many attempts, retry after {0} s")]
    DemasiadosIntentos(u64),
    #[error("server busy")]
    Ocupado,
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Interno(String),
}

impl DomainError {
    /// A 422 with one field's message.
    pub fn campo(field: &str, message: &str) -> Self {
        DomainError::Invalido(BTreeMap::from([(field.to_owned(), message.to_owned())]))
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        use DomainError::*;
        match e {
            NoAutenticado => AppError::new(401, "no_autenticado", "Iniciá sesión para continuar."),
            CredencialesInvalidas => AppError::new(
                401,
                "credenciales_invalidas",
                "Correo o contraseña incorrectos.",
            ),
            PasswordTemporalVencida => AppError::new(
                401,
                "password_temporal_vencida",
                "La contraseña temporal venció. Pedí una nueva al administrador.",
            ),
            PasswordActualIncorrecta(campo) => {
                let mut err = AppError::new(
                    422,
                    "password_actual_incorrecta",
                    "La contraseña actual no es correcta.",
                );
                err.fields
                    .insert(campo.into(), "La contraseña actual no es correcta.".into());
                err
            }
            CambioClaveRequerido => AppError::new(
                403,
                "password_change_required",
                "Tenés que cambiar tu contraseña temporal antes de continuar.",
            ),
            NoPermitido => AppError::new(
                403,
                "no_permitido",
                "Tu perfil no permite realizar esta acción.",
            ),
            NoEncontrado => AppError::new(404, "no_encontrado", "No se encontró lo pedido."),
            Conflicto(code, message) => AppError::new(409, code, message),
            Invalido(fields) => {
                let mut err = AppError::new(422, "datos_invalidos", "Revisá los datos ingresados.");
                err.fields = fields;
                err
            }
            DemasiadoGrande(mensaje) => AppError::new(413, "archivo_demasiado_grande", &mensaje),
            TipoNoPermitido(mensaje) => AppError::new(415, "tipo_no_permitido", &mensaje),
            DemasiadosIntentos(segundos) => {
                let mut err = AppError::new(
                    429,
                    "demasiados_intentos",
                    "Demasiados intentos fallidos. Esperá unos minutos y volvé a intentar.",
                );
                err.retry_after = Some(segundos.max(1));
                err
            }
            Ocupado => AppError::new(
                503,
                "servidor_ocupado",
                "El servidor está ocupado. Probá de nuevo en unos segundos.",
            ),
            Db(err) => {
                tracing::error!(error = %err, "database error");
                AppError::new(500, "error_interno", "Ocurrió un error inesperado.")
            }
            Interno(err) => {
                tracing::error!(error = %err, "internal error");
                AppError::new(500, "error_interno", "Ocurrió un error inesperado.")
            }
        }
    }
}
