//! Who is acting and what they may do: the actor, login and sessions, passwords, and the one
//! authorization module.

pub mod actor;
pub mod auth;
pub mod authz;
pub mod intentos;
pub mod passwords;
pub mod sesiones;

pub use actor::Actor;

/// The `tracing` target of authentication and authorization records (logins and their refusals,
/// logouts, password changes, refused requests: ASVS 16.3), so an installation can route them
/// to their own file or collector (`SIGEXP_LOG`, docs/operations.md).
pub const REGISTRO_DE_SEGURIDAD: &str = "sigexp::seguridad";
