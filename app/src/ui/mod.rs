//! Pages and components.

pub mod componentes;
pub mod marco;
pub mod pages;
