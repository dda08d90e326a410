//! Who is acting and what they may do: the actor, login and sessions, passwords, and the one
//! authorization module.

pub mod actor;
pub mod auth;
pub mod authz;
pub mod intentos;
pub mod passwords;
pub mod sesiones;

pub use actor::Actor;
