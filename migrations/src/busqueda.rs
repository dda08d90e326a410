//! The text the word search reads, as it is stored and as queries are compared with it. It lives
//! with the migrations because the full-text indexes (`m20261203_000010_busqueda`) and the
//! rewriting of the rows stored before them depend on it.
//!
//! Lower-case ASCII letters and digits in words separated by one space: accents are folded
//! (`á` → `a`, `ñ` → `n`) and every other character separates words. SQLite's FTS5 tokenizer and
//! PostgreSQL's `simple` parser then both read exactly these words, so both indexes hold the
//! same words and return the same hits.

/// What the word search looks in for one expediente: number, extracto, iniciador and DNI/CUIT
/// (as stored, digits only). A CUIT is also written in its three parts, so that
/// "20-12345678-6" and "12345678" find it as well as "20123456786".
pub fn de_expediente(
    numero: &str,
    extracto: &str,
    iniciador: &str,
    documento: Option<&str>,
) -> String {
    let documento = documento.unwrap_or_default();
    let partes = match (documento.len(), documento.is_ascii()) {
        (11, true) => format!(
            "{} {} {}",
            &documento[..2],
            &documento[2..10],
            &documento[10..]
        ),
        _ => String::new(),
    };
    [numero, extracto, iniciador, documento, &partes]
        .into_iter()
        .flat_map(palabras)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The normalised words of `s`, in order.
pub fn palabras(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| plegar(c).is_none())
        .filter(|p| !p.is_empty())
        .map(|p| p.chars().filter_map(plegar).collect())
}

/// A letter or digit folded to lower-case ASCII, or `None` for a separator. Letters outside
/// Spanish and its neighbours' accents separate words too: the search is for Spanish text.
fn plegar(c: char) -> Option<char> {
    let c = c.to_lowercase().next().unwrap_or(c);
    Some(match c {
        'a'..='z' | '0'..='9' => c,
        'á' | 'à' | 'ä' | 'â' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pliega_acentos_y_separa_en_la_puntuacion() {
        assert_eq!(
            de_expediente(
                "EX-2024-00001234- -SCZ-MSA",
                "Licitación N° 12/2024:  Muñoz",
                "PÉREZ, Iñaki",
                Some("20123456786")
            ),
            "ex 2024 00001234 scz msa licitacion n 12 2024 munoz perez inaki 20123456786 20 12345678 6"
        );
        assert_eq!(palabras("  ¡¿…!?  ").count(), 0);
        assert_eq!(
            palabras("3.5 a@b.c").collect::<Vec<_>>(),
            ["3", "5", "a", "b", "c"]
        );
    }
}
