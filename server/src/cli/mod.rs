//! The subcommands of the `sigexp` binary, one file per command; `main.rs` only dispatches.
//! What they share (connecting, migrating, the first administrator) is in the crate root.

pub mod backup;
pub mod checkpoint;
pub mod demo;
pub mod generar;
pub mod serve;
pub mod verify;
pub mod verify_constancias;
pub mod verify_files;
