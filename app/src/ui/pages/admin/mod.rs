//! Administración (ADMINISTRADOR only): organismos, unidades, usuarios, tipos de trámite,
//! feriados and the audit. The
//! server refuses every call of another perfil; these pages only spare them the trip.

mod auditoria;
mod edicion;
mod feriados;
mod importar;
mod organismos;
mod tipos;
mod unidades;
mod usuario;
mod usuarios;

pub use auditoria::Auditoria;
pub use edicion::{OrganismoEdicion, UnidadEdicion};
pub use feriados::Feriados;
pub use importar::Importar;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
pub use organismos::Organismos;
pub use tipos::Tipos;
pub use unidades::Unidades;
pub use usuario::UsuarioDetalle;
pub use usuarios::Usuarios;

/// The tabs of the administration section.
#[component]
pub fn Administracion() -> impl IntoView {
    view! {
        <h1>"Administración"</h1>
        <nav class="pestanas" aria-label="Administración">
            <ul>
                <li><A href="/admin/organismos">"Organismos"</A></li>
                <li><A href="/admin/unidades">"Unidades"</A></li>
                <li><A href="/admin/usuarios">"Usuarios"</A></li>
                <li><A href="/admin/tipos">"Tipos de trámite"</A></li>
                <li><A href="/admin/feriados">"Feriados"</A></li>
                <li><A href="/admin/importar">"Importar usuarios"</A></li>
                <li><A href="/admin/auditoria">"Auditoría"</A></li>
            </ul>
        </nav>
        <Outlet />
    }
}
