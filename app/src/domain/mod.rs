//! The rules of SIGEXP (server only). Every door — server functions, the HTTP API, the CLI —
//! calls these functions; none re-implements a check.

pub mod almacen;
pub mod auditoria;
pub mod auth;
pub mod authz;
pub mod cuentas;
pub mod db;
pub mod demo;
pub mod documentos;
pub mod entities;
pub mod error;
pub mod eventos;
pub mod expedientes;
pub mod generador;
pub mod importacion;
pub mod intentos;
pub mod listas;
pub mod numeracion;
pub mod organismos;
pub mod pases;
pub mod passwords;
pub mod sesiones;
pub mod state;
pub mod tipos_tramite;
pub mod tokens;
pub mod unidades;
pub mod usuarios;

pub use error::DomainError;
pub use state::AppState;
