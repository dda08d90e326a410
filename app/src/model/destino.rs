//! Where the browser goes after logging in: only ever a path of our own origin.

/// `next` when it is a path of our own origin, else `/`. A path of ours starts with one `/`
/// (not `//` or `/\`, which browsers read as another host) and holds no backslash or control
/// character, neither as sent nor once percent-decoded (browsers drop a tab or a newline, so
/// `/\t/evil.example` is `//evil.example`; and a newline cannot go into a `Location` header).
pub fn destino_seguro(next: Option<&str>) -> String {
    match next {
        Some(n) if es_camino_propio(n) && es_camino_propio(&decodificar_porcentajes(n)) => {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn es_camino_propio(s: &str) -> bool {
    s.starts_with('/') && !s.starts_with("//") && !s.chars().any(|c| c == '\\' || c.is_control())
}

/// `%XX` sequences turned into their bytes; anything else kept as it is.
fn decodificar_porcentajes(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut salida = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                salida.push(b);
                i += 3;
            }
            (b, _) => {
                salida.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&salida).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solo_caminos_propios() {
        for bueno in [
            "/",
            "/expedientes",
            "/expedientes?q=agua&page=2",
            "/expedientes/12#documentos",
            "/buscar?q=a%2Fb",
            "/buscar?q=100%",
        ] {
            assert_eq!(destino_seguro(Some(bueno)), bueno, "{bueno:?}");
        }
        for malo in [
            "",
            "expedientes",
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n",
            "/\r\nSet-Cookie: x=1",
            "/a\u{7f}b",
            "/a\u{85}b",
            "/%09/evil.example",
            "/%0A",
            "/%5Cevil.example",
            "/%2F/evil.example",
            "/a\\b",
            "/%5c%5cevil.example",
        ] {
            assert_eq!(destino_seguro(Some(malo)), "/", "{malo:?}");
        }
        assert_eq!(destino_seguro(None), "/");
    }

    #[test]
    fn decodifica_porcentajes_y_deja_lo_demas() {
        assert_eq!(decodificar_porcentajes("/a%20b%2f%zz%4"), "/a b/%zz%4");
        assert_eq!(decodificar_porcentajes("/%C3%B1"), "/ñ");
    }
}
