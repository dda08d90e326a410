//! Server functions (`#[server]`), grouped by area. Each is a public POST endpoint under
//! `/sfn`: it authenticates and authorises through `domain/` first, exactly like the HTTP API.

pub mod admin;
pub mod auth;
pub mod escritos;
pub mod expedientes;

#[cfg(feature = "ssr")]
mod servidor;
#[cfg(feature = "ssr")]
pub use servidor::{IpCliente, aviso_pendiente, pide_html};
