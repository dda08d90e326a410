//! One component per page.

pub mod admin;
mod cambiar_clave;
mod inicio;
mod login;
mod no_encontrado;
mod salir;
mod tokens;

pub use cambiar_clave::CambiarClave;
pub use inicio::Inicio;
pub use login::Login;
pub use no_encontrado::NoEncontrado;
pub use salir::Salir;
pub use tokens::Tokens;
