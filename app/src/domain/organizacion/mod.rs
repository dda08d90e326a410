//! The organisation of the province: organismos, their unidades (mesas de entradas and
//! oficinas) and the catalogue of tipos de trámite.

pub mod organismos;
pub mod tipos_tramite;
pub mod unidades;
