//! Types both sides share (server and browser): DTOs, enums and value types with `parse()`.
//! Everything here compiles to WASM, so the browser validates with the same rules as the server.

mod error;
mod perfil;
mod usuario;
mod validacion;

pub use error::AppError;
pub use perfil::Perfil;
pub use usuario::{CambioClave, Credenciales, Me};
pub use validacion::{Email, PasswordNueva};
