//! One component per page.

mod cambiar_clave;
mod inicio;
mod login;
mod no_encontrado;
mod salir;

pub use cambiar_clave::CambiarClave;
pub use inicio::Inicio;
pub use login::Login;
pub use no_encontrado::NoEncontrado;
pub use salir::Salir;
