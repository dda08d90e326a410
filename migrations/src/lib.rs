//! Database schema for SIGEXP, one migration per change. Never edit a migration that has landed:
//! add a new one.

pub use sea_orm_migration::prelude::*;

pub mod busqueda;

mod m20261125_000001_inicial;
mod m20261125_000002_tokens;
mod m20261125_000003_expedientes;
mod m20261125_000004_custodia_y_puntos;
mod m20261130_000005_documentos;
mod m20261201_000006_importaciones;
mod m20261201_000007_vencimiento_de_tokens;
mod m20261202_000008_anotaciones;
mod m20261202_000009_escritos;
mod m20261203_000010_busqueda;
mod m20261203_000011_plazos;
mod m20261203_000012_seguimiento;
mod m20261203_000013_registro;
mod m20261204_000014_vocabulario;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_inicial::Migration),
            Box::new(m20261125_000002_tokens::Migration),
            Box::new(m20261125_000003_expedientes::Migration),
            Box::new(m20261125_000004_custodia_y_puntos::Migration),
            Box::new(m20261130_000005_documentos::Migration),
            Box::new(m20261201_000006_importaciones::Migration),
            Box::new(m20261201_000007_vencimiento_de_tokens::Migration),
            Box::new(m20261202_000008_anotaciones::Migration),
            Box::new(m20261202_000009_escritos::Migration),
            Box::new(m20261203_000010_busqueda::Migration),
            Box::new(m20261203_000011_plazos::Migration),
            Box::new(m20261203_000012_seguimiento::Migration),
            Box::new(m20261203_000013_registro::Migration),
            Box::new(m20261204_000014_vocabulario::Migration),
        ]
    }
}
