//! `/api/v1` handlers: thin doors that parse, call `domain/`, and answer JSON (API.md).
//! Each is described for OpenAPI (utoipa); the document is served at `/api/v1/openapi.json`.
//!
//! Order of checks (API.md): the session layer answers 401; handlers then let the domain
//! answer 404 and 403 before they read the body (400), and the domain answers 409 and 422.

mod anotaciones;
mod auditoria;
mod auth;
mod documentos;
mod escritos;
mod expedientes;
mod importacion;
mod organizacion;
mod publico;
mod registro;
mod seguimiento;
mod tokens;
mod usuarios;

use super::error::{ApiError, api_error};
use app::domain::acceso::Actor;
use app::estado::AppState;
use app::model::{
    AppError, CambioClave, CambiosOrganismo, CambiosUnidad, CambiosUsuario, Credenciales,
    EstadoImportacion, Evento, Me, NuevaUnidad, NuevoOrganismo, NuevoToken, NuevoUsuario,
    Organismo, Token, Unidad, Usuario, VistaPrevia,
};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::{delete, get, patch, post, put};
use serde::de::DeserializeOwned;
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(auth::health))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/password", post(auth::cambiar_password))
        .route("/me", get(auth::me))
        .route("/openapi.json", get(auth::openapi))
        .route(
            "/organismos",
            get(organizacion::listar_organismos).post(organizacion::crear_organismo),
        )
        .route("/organismos/{id}", patch(organizacion::modificar_organismo))
        .route(
            "/unidades",
            get(organizacion::listar_unidades).post(organizacion::crear_unidad),
        )
        .route("/unidades/{id}", patch(organizacion::modificar_unidad))
        .route("/usuarios", get(usuarios::listar).post(usuarios::crear))
        .route(
            "/usuarios/{id}",
            get(usuarios::obtener).patch(usuarios::modificar),
        )
        .route("/usuarios/{id}/restablecer", post(usuarios::restablecer))
        .route("/usuarios/importacion", post(importacion::iniciar))
        .route(
            "/usuarios/importacion/vista-previa",
            post(importacion::vista_previa),
        )
        .route("/usuarios/importacion/{id}", get(importacion::estado))
        .route(
            "/usuarios/importacion/{id}/claves.csv",
            get(importacion::claves),
        )
        .route(
            "/expedientes",
            get(expedientes::buscar).post(expedientes::crear),
        )
        .route("/expedientes/exportacion.csv", get(expedientes::exportar))
        .route("/publico/expedientes", get(publico::consultar))
        .route(
            "/expedientes/{id}/caratula.pdf",
            get(expedientes::caratula_pdf),
        )
        .route(
            "/expedientes/{id}",
            get(expedientes::obtener).patch(expedientes::modificar),
        )
        .route(
            "/expedientes/por-numero/{numero}",
            get(expedientes::por_numero),
        )
        .route(
            "/expedientes/{id}/pases",
            get(expedientes::listar_pases).post(expedientes::enviar_pase),
        )
        .route(
            "/expedientes/{id}/anotaciones",
            get(anotaciones::listar).post(anotaciones::agregar),
        )
        .route(
            "/anotaciones/{id}",
            patch(anotaciones::editar).delete(anotaciones::eliminar),
        )
        .route("/anotaciones/{id}/revisiones", get(anotaciones::revisiones))
        .route("/escritos", post(escritos::emitir))
        .route("/escritos/recibidos", get(escritos::recibidos))
        .route("/escritos/enviados", get(escritos::enviados))
        .route("/escritos/{id}", get(escritos::ver))
        .route("/escritos/{id}/leido", post(escritos::leido))
        .route("/escritos/{id}/vincular", post(escritos::vincular))
        .route("/expedientes/{id}/circuito", get(expedientes::circuito))
        .route("/expedientes/{id}/historial", get(expedientes::historial))
        .route("/expedientes/{id}/archivar", post(expedientes::archivar))
        .route(
            "/expedientes/{id}/desarchivar",
            post(expedientes::desarchivar),
        )
        .route("/pases/{id}/recibir", post(expedientes::recibir))
        .route("/pases/{id}/rechazar", post(expedientes::rechazar))
        .route("/pases/{id}/anular", post(expedientes::anular))
        .route(
            "/expedientes/{id}/archivos",
            get(documentos::listar).post(documentos::subir),
        )
        .route(
            "/archivos/{id}",
            put(documentos::reemplazar).delete(documentos::desglosar),
        )
        .route("/archivos/{id}/versiones", get(documentos::versiones))
        .route("/archivos/{id}/contenido", get(documentos::contenido))
        .route("/bandeja", get(expedientes::bandeja))
        .route(
            "/tipos-tramite",
            get(organizacion::listar_tipos).post(organizacion::crear_tipo),
        )
        .route("/tipos-tramite/{id}", patch(organizacion::modificar_tipo))
        .route(
            "/feriados",
            get(organizacion::listar_feriados).post(organizacion::agregar_feriado),
        )
        .route("/feriados/{fecha}", delete(organizacion::quitar_feriado))
        .route("/tokens", get(tokens::listar).post(tokens::crear))
        .route("/tokens/{id}", delete(tokens::revocar))
        .route("/auditoria", get(auditoria::listar))
        .route("/estadisticas", get(registro::estadisticas))
        .route("/estadisticas/exportacion.csv", get(registro::exportar))
        .route("/seguimiento", get(seguimiento::listar))
        .route(
            "/seguimiento/{expediente_id}",
            put(seguimiento::seguir).delete(seguimiento::dejar),
        )
        .fallback(no_encontrado)
        .layer(axum::middleware::map_response(rechazos_en_json))
}

/// axum's own refusals of a path or a query it cannot read (an id beyond `i64`, a number that
/// is not one) are plain English text; the API answers API.md's JSON error, in Spanish.
async fn rechazos_en_json(r: Response) -> Response {
    let texto = r
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    if r.status() == axum::http::StatusCode::BAD_REQUEST && texto {
        return api_error(AppError::bad_request(
            "La dirección o la consulta tienen valores que no se pueden leer (un número fuera de \
             rango o que no es un número, una fecha mal escrita).",
        ));
    }
    r
}

#[derive(OpenApi)]
#[openapi(
    modifiers(&RespuestasComunes),
    info(
        title = "SIGEXP API",
        version = "1",
        description = "API JSON de SIGEXP (API.md)."
    ),
    paths(
        auth::health,
        auth::login,
        auth::logout,
        auth::cambiar_password,
        auth::me,
        auth::openapi,
        organizacion::listar_organismos,
        organizacion::crear_organismo,
        organizacion::modificar_organismo,
        organizacion::listar_unidades,
        organizacion::crear_unidad,
        organizacion::modificar_unidad,
        usuarios::listar,
        usuarios::crear,
        usuarios::obtener,
        usuarios::modificar,
        usuarios::restablecer,
        tokens::listar,
        tokens::crear,
        tokens::revocar,
        auditoria::listar,
        importacion::vista_previa,
        importacion::iniciar,
        importacion::estado,
        importacion::claves,
        expedientes::crear,
        expedientes::buscar,
        expedientes::exportar,
        publico::consultar,
        expedientes::caratula_pdf,
        expedientes::obtener,
        expedientes::por_numero,
        expedientes::modificar,
        expedientes::enviar_pase,
        expedientes::listar_pases,
        expedientes::recibir,
        expedientes::rechazar,
        expedientes::anular,
        expedientes::circuito,
        expedientes::historial,
        expedientes::archivar,
        expedientes::desarchivar,
        expedientes::bandeja,
        organizacion::listar_tipos,
        organizacion::crear_tipo,
        organizacion::modificar_tipo,
        organizacion::listar_feriados,
        organizacion::agregar_feriado,
        organizacion::quitar_feriado,
        documentos::subir,
        documentos::listar,
        documentos::versiones,
        documentos::contenido,
        documentos::reemplazar,
        documentos::desglosar,
        anotaciones::listar,
        anotaciones::agregar,
        anotaciones::editar,
        anotaciones::eliminar,
        anotaciones::revisiones,
        escritos::emitir,
        escritos::recibidos,
        escritos::enviados,
        escritos::ver,
        escritos::leido,
        escritos::vincular,
        registro::estadisticas,
        registro::exportar,
        seguimiento::listar,
        seguimiento::seguir,
        seguimiento::dejar,
    ),
    components(schemas(
        Me,
        Credenciales,
        CambioClave,
        auth::Logout,
        auth::Salud,
        AppError,
        crate::http::error::RespuestaDeError,
        Organismo,
        NuevoOrganismo,
        CambiosOrganismo,
        Unidad,
        NuevaUnidad,
        CambiosUnidad,
        Usuario,
        NuevoUsuario,
        CambiosUsuario,
        Token,
        NuevoToken,
        Evento,
        VistaPrevia,
        EstadoImportacion,
        app::model::Expediente,
        app::model::Iniciador,
        app::model::NuevoExpediente,
        app::model::CambiosExpediente,
        app::model::Pase,
        app::model::NuevoPase,
        app::model::Motivo,
        app::model::PasePendiente,
        app::model::Resultados,
        app::model::Seguimiento,
        app::model::Estadisticas,
        app::model::FilaOrganismo,
        app::model::FilaUnidad,
        app::model::Cifras,
        app::model::TipoTramite,
        app::model::NuevoTipoTramite,
        app::model::CambiosTipoTramite,
        app::model::Feriado,
        app::model::Bandeja,
        app::model::Parada,
        app::model::Documento,
        app::model::VersionDocumento,
        documentos::Subidos,
        app::model::Anotacion,
        app::model::NuevaAnotacion,
        app::model::CambioAnotacion,
        app::model::RevisionAnotacion,
        app::model::Escrito,
        app::model::ReciboEscrito,
        app::model::NuevoEscrito,
        app::model::DestinoEscrito,
        escritos::Vinculo,
        app::model::ConsultaPublica,
        app::model::LugarPublico,
        app::model::MovimientoPublico,
    ))
)]
pub struct ApiDoc;

/// The answers every operation may give besides its own (API.md "Errors"): 400 for a query,
/// path or body it cannot read, and 401 without a valid session or token, except on the
/// doors open to anyone.
struct RespuestasComunes;

/// The operations anyone may call, without a session.
const SIN_SESION: [&str; 3] = [
    "/api/v1/health",
    "/api/v1/auth/login",
    "/api/v1/publico/expedientes",
];

impl utoipa::Modify for RespuestasComunes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, ResponseBuilder, content::ContentBuilder};
        let respuesta = |descripcion: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(descripcion)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name(
                                "RespuestaDeError",
                            )))
                            .build(),
                    )
                    .build(),
            )
        };
        for (camino, item) in openapi.paths.paths.iter_mut() {
            let operaciones = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operacion in operaciones.into_iter().flatten() {
                let r = &mut operacion.responses.responses;
                r.entry("400".into()).or_insert_with(|| {
                    respuesta("La consulta, el camino o el cuerpo no se pueden leer.")
                });
                if !SIN_SESION.contains(&camino.as_str()) {
                    r.entry("401".into())
                        .or_insert_with(|| respuesta("Sin una sesión o un token válidos."));
                }
            }
        }
    }
}

/// The user of the request (session cookie or personal token): 401 without one, 403
/// `password_change_required` while their password is temporary. Every door takes this one
/// except the three that [`SesionConClaveTemporal`] opens.
pub struct Sesion(pub Actor);

/// The user of the request even while their password is temporary: only `GET /me`,
/// `POST /auth/password` and `POST /auth/logout` take it (API.md).
pub struct SesionConClaveTemporal(pub Actor);

/// The one door: `auth::exigir_actor` over the user the session layer found.
fn actor_de(parts: &Parts, permite_temporal: bool) -> Result<Actor, ApiError> {
    let actor = parts.extensions.get::<Actor>();
    Ok(app::domain::acceso::auth::exigir_actor(actor, permite_temporal)?.clone())
}

impl<S: Send + Sync> FromRequestParts<S> for Sesion {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        actor_de(parts, false).map(Sesion)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SesionConClaveTemporal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        actor_de(parts, true).map(SesionConClaveTemporal)
    }
}

async fn no_encontrado() -> Response {
    api_error(AppError::de("not_found").con_mensaje("No existe ese recurso de la API."))
}

/// Reads a JSON body once the checks that come before it (404, 403) have passed: 400 when it
/// is not JSON or has wrong types, never 500.
pub fn cuerpo<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|_| {
        ApiError(AppError::bad_request(
            "El cuerpo de la solicitud no es JSON válido o tiene tipos incorrectos.",
        ))
    })
}
