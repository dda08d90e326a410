//! The public consulta for citizens, without a session (API.md; DOMAIN.md "Public consulta").

use crate::http::error::ApiError;
use crate::http::error::RespuestaDeError;
use app::api::IpCliente;
use app::domain::DomainError;
use app::domain::expedientes::publica;
use app::estado::AppState;
use app::model::ConsultaPublica;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PreguntaPublica {
    #[serde(default)]
    pub numero: String,
    /// The iniciador's DNI or CUIT, with or without dots and dashes.
    #[serde(default)]
    pub documento: String,
}

/// Where an expediente is, for whoever knows its number and its iniciador's DNI/CUIT: 404 for
/// no match whatever the reason, 429 after 20 failures of one address in 15 minutes.
#[utoipa::path(get, path = "/api/v1/publico/expedientes", params(PreguntaPublica), responses(
    (status = 200, body = ConsultaPublica), (status = 404, body = RespuestaDeError),
    (status = 422, body = RespuestaDeError), (status = 429, body = RespuestaDeError)))]
pub async fn consultar(
    State(state): State<AppState>,
    ip: Option<Extension<IpCliente>>,
    Query(p): Query<PreguntaPublica>,
) -> Result<Json<ConsultaPublica>, ApiError> {
    if !state.consulta_publica {
        return Err(DomainError::NoEncontrado.into());
    }
    Ok(Json(
        publica::consultar(&state.db, ip.map(|i| i.0.0), &p.numero, &p.documento).await?,
    ))
}
