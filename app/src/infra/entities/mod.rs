//! SeaORM entities, one per table, mirroring the migrations. Behaviour lives in `domain/`,
//! not here.

pub mod anotacion;
pub mod anotacion_revision;
pub mod api_token;
pub mod documento;
pub mod documento_version;
pub mod escrito;
pub mod escrito_destino;
pub mod escrito_numerador;
pub mod evento;
pub mod evento_cabeza;
pub mod expediente;
pub mod expediente_organismo;
pub mod importacion;
pub mod lista_difusion;
pub mod lista_difusion_destino;
pub mod login_fallo;
pub mod numerador;
pub mod organismo;
pub mod pase;
pub mod punto_control;
pub mod sesion;
pub mod tipo_tramite;
pub mod unidad;
pub mod usuario;
pub mod usuario_acceso;
