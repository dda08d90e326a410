use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user's profile (DOMAIN.md, "Profiles and permissions"). Every user has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Perfil {
    Administrador,
    MesaDeEntrada,
    Oficina,
    Carga,
    Consulta,
    Autoridad,
}

impl Perfil {
    pub const TODOS: [Perfil; 6] = [
        Perfil::Administrador,
        Perfil::MesaDeEntrada,
        Perfil::Oficina,
        Perfil::Carga,
        Perfil::Consulta,
        Perfil::Autoridad,
    ];

    /// The stored and wire form, e.g. `MESA_DE_ENTRADA`.
    pub fn codigo(self) -> &'static str {
        match self {
            Perfil::Administrador => "ADMINISTRADOR",
            Perfil::MesaDeEntrada => "MESA_DE_ENTRADA",
            Perfil::Oficina => "OFICINA",
            Perfil::Carga => "CARGA",
            Perfil::Consulta => "CONSULTA",
            Perfil::Autoridad => "AUTORIDAD",
        }
    }

    /// The label people read.
    pub fn etiqueta(self) -> &'static str {
        match self {
            Perfil::Administrador => "Administrador",
            Perfil::MesaDeEntrada => "Mesa de entrada",
            Perfil::Oficina => "Oficina",
            Perfil::Carga => "Carga",
            Perfil::Consulta => "Consulta",
            Perfil::Autoridad => "Autoridad",
        }
    }

    /// ADMINISTRADOR and AUTORIDAD work across the province and belong to no unidad.
    pub fn requiere_unidad(self) -> bool {
        !matches!(self, Perfil::Administrador | Perfil::Autoridad)
    }
}

impl fmt::Display for Perfil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.codigo())
    }
}

impl FromStr for Perfil {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Perfil::TODOS
            .into_iter()
            .find(|p| p.codigo().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("Perfil desconocido: {s}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codigo_y_parse_son_inversos() {
        for p in Perfil::TODOS {
            assert_eq!(p.codigo().parse::<Perfil>(), Ok(p));
            assert_eq!(
                serde_json::to_string(&p).expect("serialises"),
                format!("\"{}\"", p.codigo())
            );
        }
        assert!("JEFE".parse::<Perfil>().is_err());
    }
}
