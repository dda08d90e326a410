//! The rules of SIGEXP (server only), grouped by what they are about. Every door — server
//! functions, the HTTP API, the CLI — calls these functions; none re-implements a check.
//! The domain imports nothing from axum or Leptos; the database, document storage and small
//! helpers it builds on are in [`crate::infra`], the app state in [`crate::estado`].

pub mod acceso;
pub mod cuentas;
pub mod documentos;
pub mod error;
pub mod escritos;
pub mod expedientes;
pub mod organizacion;
pub mod registro;

pub use error::DomainError;
