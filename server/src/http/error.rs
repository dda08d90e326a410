//! API.md's JSON errors: `{"error": {"code", "message", "fields"?}}` with the right status,
//! and a JSON body extractor that answers 400 (never 500) for a body it cannot read.

use app::domain::DomainError;
use app::model::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

/// An error answered by the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// The body of every error answer, as the OpenAPI document describes it: API.md's
/// `{"error": {"code", "message", "fields"?}}`.
#[derive(utoipa::ToSchema)]
pub struct RespuestaDeError {
    pub error: AppError,
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        ApiError(e.into())
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError(DomainError::Db(e).into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut cuerpo = json!({ "code": e.code, "message": e.message });
        if !e.fields.is_empty() {
            cuerpo["fields"] = json!(e.fields);
        }
        let mut res = (status, axum::Json(json!({ "error": cuerpo }))).into_response();
        if let Some(s) = e.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res
    }
}

/// Shortcut for the errors the layers answer themselves.
pub fn api_error(e: AppError) -> Response {
    ApiError(e).into_response()
}

/// `Json<T>` that answers API.md's 400 (413 when too large) instead of axum's plain text.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(JsonRejection::BytesRejection(r))
                if r.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(api_error(AppError::de("body_too_large")))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => Err(api_error(AppError::bad_request(
                "El cuerpo debe ser JSON (Content-Type: application/json).",
            ))),
            Err(_) => Err(api_error(AppError::bad_request(
                "El cuerpo de la solicitud no es JSON válido o tiene tipos incorrectos.",
            ))),
        }
    }
}
