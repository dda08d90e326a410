//! One component per page.

pub mod admin;
mod bandeja;
mod busqueda;
mod cambiar_clave;
mod caratula;
mod comunicaciones;
mod consulta;
mod documentos;
mod expediente;
mod iniciar;
mod inicio;
mod login;
mod no_encontrado;
mod rapida;
mod registro;
mod salir;
mod seguimiento;
mod tokens;

pub use bandeja::BandejaPagina;
pub use busqueda::BusquedaPagina;
pub use cambiar_clave::CambiarClave;
pub use caratula::CaratulaPagina;
pub use comunicaciones::{
    BorradoresPagina, EnviadosPagina, EscritoPagina, ListasPagina, RecibidosPagina, RedactarPagina,
};
pub use consulta::ConsultaPublicaPagina;
pub use expediente::ExpedientePagina;
pub use iniciar::IniciarPagina;
pub use inicio::Inicio;
pub use login::Login;
pub use no_encontrado::NoEncontrado;
pub use rapida::ConsultaRapida;
pub use registro::RegistroPagina;
pub use salir::Salir;
pub use seguimiento::SeguimientoPagina;
pub use tokens::Tokens;
