//! Value types parsed once at the edge ("parse, don't validate"). The same parsers run in the
//! browser (as you type) and on the server (authoritative).

/// A normalised e-mail address (trimmed, lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match Self::problema(raw) {
            Some(m) => Err(m),
            None => Ok(Email(raw.trim().to_lowercase())),
        }
    }

    /// What is wrong with an address, if anything: [`Email::parse`] without the lower-casing,
    /// which changes none of the checks (what the browser runs as the user types, without
    /// Unicode's case tables).
    pub fn problema(raw: &str) -> Option<&'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Some("Ingresá el correo electrónico.");
        }
        if s.len() > 254 {
            return Some("El correo electrónico es demasiado largo.");
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Some("El correo electrónico no es válido.");
        };
        let valido = !local.is_empty()
            && !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        (!valido).then_some("El correo electrónico no es válido.")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Common passwords refused by the policy (DECISIONS.md: a bundled list).
const COMUNES: &str = include_str!("passwords_comunes.txt");

/// A new password that satisfies the policy: at least 12 characters, not the user's e-mail,
/// not among common passwords.
#[derive(Debug, Clone)]
pub struct PasswordNueva(String);

impl PasswordNueva {
    pub const MINIMO: usize = 12;

    pub fn parse(raw: &str, email: &str) -> Result<Self, &'static str> {
        if raw.chars().count() < Self::MINIMO {
            return Err("La contraseña debe tener al menos 12 caracteres.");
        }
        if raw.chars().count() > 256 {
            return Err("La contraseña es demasiado larga (máximo 256 caracteres).");
        }
        let baja = raw.to_lowercase();
        let email = email.trim().to_lowercase();
        let local = email.split('@').next().unwrap_or_default();
        if baja == email || (!local.is_empty() && baja == local) {
            return Err("La contraseña no puede ser tu correo electrónico.");
        }
        if COMUNES.lines().any(|c| c.trim() == baja) {
            return Err("Esa contraseña es demasiado común; elegí otra.");
        }
        Ok(PasswordNueva(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_se_normaliza() {
        assert_eq!(
            Email::parse("  Ana.Perez@SantaCruz.gob.ar ").map(|e| e.0),
            Ok("ana.perez@santacruz.gob.ar".to_owned())
        );
    }

    #[test]
    fn el_navegador_y_el_servidor_juzgan_igual_un_correo() {
        for raw in [
            "",
            "  ",
            "ana@",
            "@x.gob.ar",
            "ana@.gob.ar",
            "ana@gob.ar.",
            "a@b@c",
            "ana perez@x.ar",
            "ÁNA@SANTACRUZ.GOB.AR",
            " Ana.Perez@SantaCruz.gob.ar ",
            "ana@x\u{7}.ar",
        ] {
            assert_eq!(Email::problema(raw), Email::parse(raw).err(), "{raw:?}");
        }
        assert_eq!(
            Email::problema(&format!("{}@x.ar", "a".repeat(260))),
            Some("El correo electrónico es demasiado largo.")
        );
    }

    #[test]
    fn codigo_solo_ascii() {
        assert_eq!(Codigo::parse(" msa ").map(|c| c.0), Ok("MSA".to_owned()));
        assert!(Codigo::parse("ñandú").is_err());
    }

    #[test]
    fn email_invalido_se_rechaza() {
        for malo in ["", "sin-arroba", "@dominio", "a@", "a b@c.d", "a@b@c"] {
            assert!(Email::parse(malo).is_err(), "{malo}");
        }
    }

    #[test]
    fn password_corta_se_rechaza() {
        assert!(PasswordNueva::parse("corta", "a@b.c").is_err());
    }

    #[test]
    fn password_igual_al_correo_se_rechaza() {
        assert!(PasswordNueva::parse("ana.perez@santacruz.ar", "Ana.Perez@santacruz.ar").is_err());
    }

    #[test]
    fn password_comun_se_rechaza() {
        assert!(PasswordNueva::parse("password1234", "a@b.c").is_err());
        assert!(PasswordNueva::parse("Qwertyuiop123", "a@b.c").is_err());
    }

    #[test]
    fn password_buena_se_acepta() {
        assert!(PasswordNueva::parse("caballo correcto batería", "a@b.c").is_ok());
    }
}

/// An organismo or unidad code: 2–12 characters `[A-Z0-9]` (API.md); typed lower case is
/// accepted and upper-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codigo(String);

impl Codigo {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        // Only A–Z and digits pass, so ASCII upper-casing is enough (and needs no Unicode
        // tables in the browser).
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err("Ingresá el código.");
        }
        if !(2..=12).contains(&s.chars().count()) {
            return Err("El código debe tener entre 2 y 12 caracteres.");
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return Err("El código solo puede tener letras A–Z y números, sin espacios.");
        }
        Ok(Codigo(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A required name (nombre, apellido, organismo or unidad name): trimmed, 1–`max` characters.
pub fn texto_requerido(raw: &str, max: usize, vacio: &'static str) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(vacio.to_owned());
    }
    if s.chars().count() > max {
        return Err(format!("Puede tener hasta {max} caracteres."));
    }
    if s.chars().any(char::is_control) {
        return Err("No puede tener caracteres de control.".to_owned());
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests_codigo {
    use super::*;

    #[test]
    fn codigo_se_normaliza_y_valida() {
        assert_eq!(Codigo::parse(" msa ").map(|c| c.0), Ok("MSA".to_owned()));
        assert!(Codigo::parse("M").is_err());
        assert!(Codigo::parse("MUY-LARGO").is_err());
        assert!(Codigo::parse("ABCDEFGHIJKLM").is_err());
        assert!(Codigo::parse("ÁREA").is_err());
        assert!(Codigo::parse("ME1").is_ok());
    }

    #[test]
    fn texto_requerido_recorta_y_limita() {
        assert_eq!(texto_requerido("  Ana ", 10, "x"), Ok("Ana".to_owned()));
        assert!(texto_requerido("   ", 10, "vacío").is_err());
        assert!(texto_requerido("abcdefghijk", 10, "x").is_err());
    }
}

/// Longest search text accepted, in characters.
pub const MAX_CARACTERES_BUSQUEDA: usize = 200;
/// Most words in a search text: every word is one more `LIKE` over every row.
pub const MAX_PALABRAS_BUSQUEDA: usize = 10;

/// The words of a search text (`q` of every door that searches), or the Spanish message when it
/// is longer than [`MAX_CARACTERES_BUSQUEDA`] or has more than [`MAX_PALABRAS_BUSQUEDA`] words.
pub fn palabras_de_busqueda(q: Option<&str>) -> Result<Vec<&str>, &'static str> {
    let q = q.unwrap_or_default();
    if q.chars().count() > MAX_CARACTERES_BUSQUEDA {
        return Err("La búsqueda puede tener hasta 200 caracteres.");
    }
    let palabras: Vec<&str> = q.split_whitespace().collect();
    if palabras.len() > MAX_PALABRAS_BUSQUEDA {
        return Err("La búsqueda puede tener hasta 10 palabras.");
    }
    Ok(palabras)
}

/// The subject line of an expediente: 10–1000 characters (DOMAIN.md).
pub fn extracto(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let n = s.chars().count();
    if n < 10 {
        return Err("El extracto debe tener al menos 10 caracteres.".to_owned());
    }
    if n > 1000 {
        return Err("El extracto puede tener hasta 1000 caracteres.".to_owned());
    }
    Ok(s.to_owned())
}

/// A DNI (7–8 digits) or a CUIT/CUIL (11 digits with a valid check digit), with or without
/// dots and dashes; answers the digits.
pub fn documento(raw: &str) -> Result<String, &'static str> {
    let digitos: String = raw
        .chars()
        .filter(|c| !matches!(c, '.' | '-' | ' '))
        .collect();
    if !digitos.chars().all(|c| c.is_ascii_digit()) {
        return Err("El DNI o CUIT solo puede tener números, puntos y guiones.");
    }
    match digitos.len() {
        7 | 8 => Ok(digitos),
        11 => {
            let d: Vec<u32> = digitos.chars().filter_map(|c| c.to_digit(10)).collect();
            let pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
            let suma: u32 = d.iter().zip(pesos).map(|(a, b)| a * b).sum();
            let verificador = match 11 - suma % 11 {
                11 => 0,
                10 => return Err("El CUIT no es válido (dígito verificador)."),
                v => v,
            };
            if d[10] == verificador {
                Ok(digitos)
            } else {
                Err("El CUIT no es válido (dígito verificador).")
            }
        }
        _ => Err("Ingresá un DNI de 7 u 8 dígitos o un CUIT de 11."),
    }
}

#[cfg(test)]
mod tests_expediente {
    use super::*;

    #[test]
    fn extracto_entre_10_y_1000() {
        assert!(extracto("corto").is_err());
        assert!(extracto(&"x".repeat(1001)).is_err());
        assert_eq!(
            extracto("  Solicitud de licencia  "),
            Ok("Solicitud de licencia".into())
        );
    }

    #[test]
    fn cuit_con_digito_verificador() {
        assert_eq!(documento("20-12345678-6"), Ok("20123456786".into()));
        assert!(documento("20-12345678-5").is_err());
        assert_eq!(documento("30.500.010.91-2").map(|d| d.len()), Ok(11));
        assert_eq!(documento("12.345.678"), Ok("12345678".into()));
        assert!(documento("12a45678").is_err());
        assert!(documento("123").is_err());
    }

    #[test]
    fn la_busqueda_tiene_limites() {
        assert_eq!(palabras_de_busqueda(None), Ok(vec![]));
        assert_eq!(palabras_de_busqueda(Some("  a  b ")), Ok(vec!["a", "b"]));
        let diez = ["p"; 10].join(" ");
        assert_eq!(palabras_de_busqueda(Some(&diez)).map(|p| p.len()), Ok(10));
        assert!(palabras_de_busqueda(Some(&format!("{diez} p"))).is_err());
        assert!(palabras_de_busqueda(Some(&"x".repeat(200))).is_ok());
        assert!(palabras_de_busqueda(Some(&"x".repeat(201))).is_err());
    }
}

/// Properties of the parsers of people's input (issue #14): DNI/CUIT and search text.
#[cfg(test)]
mod propiedades {
    use super::*;
    use proptest::prelude::*;

    /// A CUIT with its right check digit, when the prefix has one (a remainder of 1 has none).
    fn cuit(prefijo: [u32; 10]) -> Option<String> {
        let pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        let suma: u32 = prefijo.iter().zip(pesos).map(|(a, b)| a * b).sum();
        let verificador = match 11 - suma % 11 {
            11 => 0,
            10 => return None,
            v => v,
        };
        Some(
            prefijo
                .iter()
                .chain([&verificador])
                .map(|d| char::from_digit(*d, 10).expect("a digit"))
                .collect(),
        )
    }

    proptest! {
        #[test]
        fn documento_es_total_y_solo_devuelve_digitos(s in "\\PC{0,40}") {
            if let Ok(d) = documento(&s) {
                prop_assert!(d.chars().all(|c| c.is_ascii_digit()));
                prop_assert!(matches!(d.len(), 7 | 8 | 11));
                prop_assert_eq!(documento(&d), Ok(d.clone()));
            }
        }

        #[test]
        fn un_cuit_valido_se_acepta_con_puntos_guiones_o_espacios(
            prefijo in prop::array::uniform10(0u32..10),
            separador in prop::sample::select(vec!["", "-", ".", " "]),
        ) {
            if let Some(c) = cuit(prefijo) {
                let escrito = format!("{}{separador}{}{separador}{}", &c[..2], &c[2..10], &c[10..]);
                prop_assert_eq!(documento(&escrito), Ok(c.clone()));
                // Any other check digit is refused.
                let otro = (c.as_bytes()[10] - b'0' + 1) % 10;
                let mal = format!("{}{otro}", &c[..10]);
                prop_assert!(documento(&mal).is_err());
            }
        }

        #[test]
        fn la_busqueda_respeta_sus_limites(q in "\\PC{0,260}") {
            match palabras_de_busqueda(Some(&q)) {
                Ok(palabras) => {
                    prop_assert!(q.chars().count() <= MAX_CARACTERES_BUSQUEDA);
                    prop_assert!(palabras.len() <= MAX_PALABRAS_BUSQUEDA);
                    prop_assert!(palabras.iter().all(|p| !p.is_empty() && !p.chars().any(char::is_whitespace)));
                }
                Err(m) => prop_assert!(
                    q.chars().count() > MAX_CARACTERES_BUSQUEDA
                        || q.split_whitespace().count() > MAX_PALABRAS_BUSQUEDA,
                    "{}", m
                ),
            }
        }
    }
}
