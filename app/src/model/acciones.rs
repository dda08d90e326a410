//! What the user may do, as the server decided it (`domain::authz`): the screens show these
//! actions and compare no perfil themselves.

use serde::{Deserialize, Serialize};

/// The actions on one expediente, given its state and who holds it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccionesExpediente {
    /// Edit extracto and iniciador.
    pub editar: bool,
    /// Send a pase.
    pub enviar: bool,
    /// Withdraw the pending pase.
    pub anular: bool,
    /// Receive the pending pase.
    pub recibir: bool,
    /// Reject the pending pase.
    pub rechazar: bool,
    /// Archive it (in trámite) or unarchive it (archived).
    pub archivar: bool,
    /// Attach, replace or remove documents.
    pub documentos: bool,
    /// Write annotations.
    pub anotar: bool,
}

/// The entries of the navigation that depend on the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccionesMenu {
    /// The unidad's inbox.
    pub bandeja: bool,
    /// The expediente search.
    pub expedientes: bool,
    /// Start an expediente.
    pub iniciar: bool,
    /// Comunicaciones: the escritos of the user's unidad, or writing them.
    pub comunicaciones: bool,
    /// The administration screens.
    pub administrar: bool,
}
