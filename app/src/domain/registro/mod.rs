//! The append-only record: hash-chained events (historial and audit) and the signed
//! checkpoints of their heads.

pub mod eventos;
pub mod puntos_de_control;
pub mod verificacion;
