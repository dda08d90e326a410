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
    /// 409 with a conflict code of [`AppError`]'s table and, when the table's text is too
    /// general, a precise message.
    #[error("conflict: {0}")]
    Conflicto(&'static str, Option<&'static str>),
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
    /// 409 with the table's message for `code`.
    pub fn conflicto(code: &'static str) -> Self {
        DomainError::Conflicto(code, None)
    }

    /// 409 with a message more precise than the table's.
    pub fn conflicto_con(code: &'static str, message: &'static str) -> Self {
        DomainError::Conflicto(code, Some(message))
    }

    /// A 422 with one field's message.
    pub fn campo(field: &str, message: &str) -> Self {
        DomainError::Invalido(BTreeMap::from([(field.to_owned(), message.to_owned())]))
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        use DomainError::*;
        match e {
            NoAutenticado => AppError::de("not_authenticated"),
            CredencialesInvalidas => AppError::de("invalid_credentials"),
            PasswordTemporalVencida => AppError::de("temporary_password_expired"),
            PasswordActualIncorrecta(campo) => {
                let mut err = AppError::de("wrong_current_password");
                err.fields.insert(campo.into(), err.message.clone());
                err
            }
            CambioClaveRequerido => AppError::de("password_change_required"),
            NoPermitido => AppError::forbidden(),
            NoEncontrado => AppError::not_found(),
            Conflicto(code, None) => AppError::conflict(code),
            Conflicto(code, Some(message)) => AppError::conflict(code).con_mensaje(message),
            Invalido(fields) => AppError::invalid(fields),
            DemasiadoGrande(mensaje) => AppError::de("file_too_large").con_mensaje(&mensaje),
            TipoNoPermitido(mensaje) => AppError::de("file_type_not_allowed").con_mensaje(&mensaje),
            DemasiadosIntentos(segundos) => AppError::too_many_attempts(segundos),
            Ocupado => AppError::de("server_busy"),
            Db(err) => {
                tracing::error!(error = %err, "database error");
                AppError::internal()
            }
            Interno(err) => {
                tracing::error!(error = %err, "internal error");
                AppError::internal()
            }
        }
    }
}
