//! What the domain builds on (server only): the database connection and its write turn, the
//! SeaORM entities, document storage, SQL helpers for lists and free-text matching.

pub mod almacen;
pub mod db;
pub mod entities;
pub mod pdf;
pub mod sql;
pub mod texto;
