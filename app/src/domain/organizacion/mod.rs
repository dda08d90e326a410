//! The organisation of the province: organismos, their unidades (mesas de entradas and
//! oficinas), the catalogue of tipos de trámite and the calendar of días hábiles.

pub mod calendario;
pub mod organismos;
pub mod tipos_tramite;
pub mod unidades;
