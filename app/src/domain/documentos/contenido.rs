//! What a file is, decided by its bytes (never its name), what it may be called, and how many
//! pages a PDF has. Pure functions over bytes; the upload feeds them as the file streams in.

use std::io::Read;
use std::time::Instant;

/// Bytes kept from the start of a file to decide its type.
const CABECERA: usize = 64 * 1024;

/// The allowed types (DECISIONS.md): PDF, PNG, JPEG, ODF and OOXML office files, plain text.
pub const PDF: &str = "application/pdf";
pub const PNG: &str = "image/png";
pub const JPEG: &str = "image/jpeg";
pub const TEXTO: &str = "text/plain";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const ODF: &str = "application/vnd.oasis.opendocument.";

/// Types a browser may show inline (with `nosniff` and our CSP); anything else downloads.
pub fn se_muestra_en_linea(tipo: &str) -> bool {
    matches!(tipo, PDF | PNG | JPEG)
}

/// Watches a file as it streams in and decides its type at the end.
#[derive(Default)]
pub struct Detector {
    cabecera: Vec<u8>,
    /// Still possibly plain text: valid UTF-8 without control bytes (but tab, line breaks
    /// and form feed) so far.
    texto: bool,
    /// Bytes of an incomplete UTF-8 sequence carried to the next chunk.
    pendiente: Vec<u8>,
    iniciado: bool,
}

impl Detector {
    pub fn new() -> Self {
        Self {
            texto: true,
            ..Default::default()
        }
    }

    pub fn agregar(&mut self, trozo: &[u8]) {
        self.iniciado = true;
        if self.cabecera.len() < CABECERA {
            let falta = CABECERA - self.cabecera.len();
            self.cabecera
                .extend_from_slice(&trozo[..trozo.len().min(falta)]);
        }
        if self.texto {
            self.revisar_texto(trozo);
        }
    }

    fn revisar_texto(&mut self, trozo: &[u8]) {
        if trozo
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        {
            self.texto = false;
            return;
        }
        let mut datos = std::mem::take(&mut self.pendiente);
        datos.extend_from_slice(trozo);
        match std::str::from_utf8(&datos) {
            Ok(_) => {}
            // A sequence cut at the end of the chunk: keep it for the next one.
            Err(e) if e.error_len().is_none() => {
                self.pendiente = datos[e.valid_up_to()..].to_vec();
            }
            Err(_) => self.texto = false,
        }
    }

    /// The media type, or `None` when the content is not an allowed type.
    pub fn tipo(&self) -> Option<&'static str> {
        let c = &self.cabecera;
        if c.starts_with(b"%PDF-") {
            return Some(PDF);
        }
        if c.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(PNG);
        }
        if c.starts_with(b"\xff\xd8\xff") {
            return Some(JPEG);
        }
        if c.starts_with(b"PK\x03\x04") {
            return tipo_zip(c);
        }
        if self.iniciado && self.texto && self.pendiente.is_empty() && texto_inofensivo(c) {
            return Some(TEXTO);
        }
        None
    }
}

/// ODF keeps its type as the first entry (`mimetype`, stored); OOXML starts with its
/// content-types or package parts. Any other zip is refused.
fn tipo_zip(c: &[u8]) -> Option<&'static str> {
    if c.get(30..38) == Some(b"mimetype") {
        let resto = &c[38..c.len().min(38 + 80)];
        let texto = String::from_utf8_lossy(resto);
        for (sufijo, tipo) in [
            (
                "text-template",
                "application/vnd.oasis.opendocument.text-template",
            ),
            ("text", "application/vnd.oasis.opendocument.text"),
            (
                "spreadsheet",
                "application/vnd.oasis.opendocument.spreadsheet",
            ),
            (
                "presentation",
                "application/vnd.oasis.opendocument.presentation",
            ),
            ("graphics", "application/vnd.oasis.opendocument.graphics"),
        ] {
            if texto.starts_with(&format!("{ODF}{sufijo}")) {
                return Some(tipo);
            }
        }
        return None;
    }
    let nombre_largo = u16::from_le_bytes([*c.get(26)?, *c.get(27)?]) as usize;
    let primero = c.get(30..30 + nombre_largo)?;
    let ooxml = primero == b"[Content_Types].xml"
        || primero.starts_with(b"_rels/")
        || primero.starts_with(b"docProps/");
    if !ooxml {
        return None;
    }
    let contiene = |aguja: &[u8]| c.windows(aguja.len()).any(|w| w == aguja);
    if contiene(b"word/") {
        Some(DOCX)
    } else if contiene(b"xl/") {
        Some(XLSX)
    } else if contiene(b"ppt/") {
        Some(PPTX)
    } else {
        None
    }
}

/// Plain text that no browser would take for markup: whatever starts with `<` (HTML, SVG,
/// XML) is refused. (Control bytes anywhere were already checked chunk by chunk.)
fn texto_inofensivo(c: &[u8]) -> bool {
    let sin_bom = c.strip_prefix(b"\xef\xbb\xbf").unwrap_or(c);
    sin_bom.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'<')
}

/// The stored name: the last path component of the sent name, without control characters,
/// trimmed, at most 200 characters; "documento" when nothing is left.
pub fn nombre_saneado(enviado: &str) -> String {
    let ultimo = enviado
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() && !crate::model::es_invisible(*c))
        .collect::<String>();
    let recortado: String = ultimo.trim().chars().take(200).collect();
    let recortado = recortado.trim();
    if recortado.is_empty() || recortado == "." || recortado == ".." {
        "documento".to_owned()
    } else {
        recortado.to_owned()
    }
}

/// The name a document is stored and downloaded with: the sanitised name, with the extension
/// of the type its content showed, so a file named `.js` or `.exe` that is really text
/// downloads as text.
pub fn nombre_para(enviado: &str, tipo: &str) -> String {
    let nombre = nombre_saneado(enviado);
    let validas: &[&str] = match tipo {
        PDF => &["pdf"],
        PNG => &["png"],
        JPEG => &["jpg", "jpeg"],
        TEXTO => &["txt", "csv"],
        DOCX => &["docx"],
        XLSX => &["xlsx"],
        PPTX => &["pptx"],
        "application/vnd.oasis.opendocument.text" => &["odt"],
        "application/vnd.oasis.opendocument.text-template" => &["ott"],
        "application/vnd.oasis.opendocument.spreadsheet" => &["ods"],
        "application/vnd.oasis.opendocument.presentation" => &["odp"],
        "application/vnd.oasis.opendocument.graphics" => &["odg"],
        _ => &[],
    };
    let extension = nombre
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    match validas.first() {
        Some(primera) if !validas.contains(&extension.as_str()) => format!("{nombre}.{primera}"),
        _ => nombre,
    }
}

/// Counts the pages of a PDF read from `lector`, in bounded memory, giving up at `limite`
/// (then `None`, and the document takes one foja). Counts page objects (`/Type /Page`) once
/// per object number, so the revisions an incremental update appends (a digital signature
/// rewrites page 1) do not add pages; looks inside compressed object streams too; falls back
/// to the largest `/Count`.
pub fn paginas_pdf<R: Read>(mut lector: R, limite: Instant) -> Option<i32> {
    let mut contador = Contador::default();
    let mut buf = vec![0u8; 1024 * 1024];
    // What the next window must see again: a short tail, so a token cut in two is still
    // found, or an object stream still incomplete.
    let mut cola: Vec<u8> = Vec::new();
    loop {
        if Instant::now() > limite {
            return None;
        }
        let n = lector.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        let mut ventana = std::mem::take(&mut cola);
        let inicio_nuevo = ventana.len();
        ventana.extend_from_slice(&buf[..n]);
        contador.escanear(&ventana, inicio_nuevo);
        let incompleto = contador.flujos(&ventana, inicio_nuevo, limite)?;
        let corte = match incompleto {
            Some(desde) if ventana.len() - desde <= MAX_FLUJO as usize => desde,
            _ => ventana.len().saturating_sub(COLA),
        };
        cola = ventana[corte..].to_vec();
    }
    contador.resultado()
}

/// Enough context to see a whole token, and the object header before it, across two windows.
const COLA: usize = 4096;
/// A compressed object stream is kept across windows and inflated only up to this size.
const MAX_FLUJO: u64 = 16 * 1024 * 1024;
/// Distinct page objects remembered (a bound on memory for hostile files).
const MAX_OBJETOS: usize = 1_000_000;

#[derive(Default)]
struct Contador {
    /// Object numbers of the page objects seen.
    objetos: std::collections::HashSet<u64>,
    /// Page objects without a number of their own (inside object streams).
    sueltas: i64,
    max_count: i64,
}

impl Contador {
    /// Counts page tokens that end at or after `desde` (earlier ones were counted before).
    fn escanear(&mut self, datos: &[u8], desde: usize) {
        for pos in paginas_en(datos) {
            if pos + 5 < desde {
                continue;
            }
            match numero_de_objeto(datos, pos) {
                Some(n) if self.objetos.len() < MAX_OBJETOS => {
                    self.objetos.insert(n);
                }
                _ => self.sueltas += 1,
            }
        }
        self.max_count = self.max_count.max(max_count(datos));
    }

    /// Inflates the `/ObjStm` streams that end in the new part of this window and counts the
    /// pages in them (one that ended earlier was complete, and counted, in the previous one).
    /// Answers where an object stream still incomplete starts, to carry it to the next window.
    fn flujos(&mut self, datos: &[u8], nuevo: usize, limite: Instant) -> Option<Option<usize>> {
        let mut desde = 0;
        while let Some(pos) = buscar(&datos[desde..], b"/ObjStm") {
            let abs = desde + pos;
            desde = abs + 7;
            let Some(ini) = buscar(&datos[abs..], b"stream") else {
                return Some(Some(abs));
            };
            let mut ini = abs + ini + 6;
            if datos.get(ini) == Some(&b'\r') {
                ini += 1;
            }
            if datos.get(ini) == Some(&b'\n') {
                ini += 1;
            }
            let Some(fin) = buscar(&datos[ini..], b"endstream") else {
                return Some(Some(abs));
            };
            if ini + fin < nuevo {
                continue;
            }
            if Instant::now() > limite {
                return None;
            }
            let mut inflado = Vec::new();
            let decodificador = flate2::read::ZlibDecoder::new(&datos[ini..ini + fin]);
            if decodificador
                .take(MAX_FLUJO)
                .read_to_end(&mut inflado)
                .is_ok()
            {
                self.sueltas += paginas_en(&inflado).len() as i64;
                self.max_count = self.max_count.max(max_count(&inflado));
            }
        }
        Some(None)
    }

    fn resultado(&self) -> Option<i32> {
        let paginas = self.objetos.len() as i64 + self.sueltas;
        let n = if paginas > 0 { paginas } else { self.max_count };
        (n > 0).then(|| n.min(i64::from(i32::MAX)) as i32)
    }
}

/// The object number of the object a token at `pos` belongs to: the `N G obj` right before it.
fn numero_de_objeto(datos: &[u8], pos: usize) -> Option<u64> {
    let inicio = pos.saturating_sub(COLA);
    let antes = &datos[inicio..pos];
    let obj = antes.windows(3).rposition(|w| w == b"obj")?;
    // The dictionary must not have closed an earlier object in between.
    if buscar(&antes[obj..], b"endobj").is_some() {
        return None;
    }
    let cabecera = std::str::from_utf8(&antes[obj.saturating_sub(24)..obj]).ok()?;
    let mut partes = cabecera.split_ascii_whitespace().rev();
    let _generacion: u64 = partes.next()?.parse().ok()?;
    partes.next()?.parse().ok()
}

fn buscar(datos: &[u8], aguja: &[u8]) -> Option<usize> {
    datos.windows(aguja.len()).position(|w| w == aguja)
}

/// Where each `/Type /Page` token (not `/Pages`) starts.
fn paginas_en(datos: &[u8]) -> Vec<usize> {
    let mut salida = Vec::new();
    let mut i = 0;
    while let Some(pos) = buscar(&datos[i..], b"/Type") {
        let inicio = i + pos;
        i = inicio + 5;
        let mut j = i;
        while datos.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if datos.get(j..j + 5) == Some(b"/Page")
            && datos.get(j + 5).is_some_and(|b| !b.is_ascii_alphanumeric())
        {
            salida.push(j);
        }
    }
    salida
}

/// The largest `/Count N`.
fn max_count(datos: &[u8]) -> i64 {
    let mut maximo = 0;
    let mut i = 0;
    while let Some(pos) = buscar(&datos[i..], b"/Count") {
        let mut j = i + pos + 6;
        i = j;
        while datos.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        let digitos: String = datos[j..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .take(9)
            .map(|&b| b as char)
            .collect();
        if let Ok(n) = digitos.parse::<i64>() {
            maximo = maximo.max(n);
        }
    }
    maximo
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn tipo(bytes: &[u8]) -> Option<&'static str> {
        let mut d = Detector::new();
        // Fed in small chunks, as the network would.
        for trozo in bytes.chunks(3) {
            d.agregar(trozo);
        }
        d.tipo()
    }

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(tipo(b"%PDF-1.7\n..."), Some(PDF));
        assert_eq!(tipo(b"\x89PNG\r\n\x1a\n\0\0"), Some(PNG));
        assert_eq!(tipo(b"\xff\xd8\xff\xe0\0\x10JFIF"), Some(JPEG));
        assert_eq!(tipo("Informe de la Dirección\n".as_bytes()), Some(TEXTO));
    }

    #[test]
    fn executables_markup_and_binaries_are_refused() {
        assert_eq!(tipo(b"MZ\x90\0\x03\0\0\0"), None);
        assert_eq!(tipo(b"\x7fELF\x02\x01\x01\0"), None);
        assert_eq!(tipo(b"<!DOCTYPE html><script>alert(1)</script>"), None);
        assert_eq!(tipo(b"  <svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(tipo(b"\xef\xbb\xbf<html>"), None);
        assert_eq!(tipo(b"texto\x1b[31m"), None);
        assert_eq!(tipo(b"\xff\xfe no es utf-8"), None);
        assert_eq!(tipo(b""), None);
    }

    #[test]
    fn control_bytes_anywhere_make_it_binary() {
        let mut d = Detector::new();
        d.agregar(&vec![b'a'; 100 * 1024]);
        d.agregar(b"\x1b[2J");
        assert_eq!(d.tipo(), None);
    }

    #[test]
    fn utf8_cut_between_chunks_is_still_text() {
        let mut d = Detector::new();
        let texto = "ñandú".as_bytes();
        d.agregar(&texto[..1]);
        d.agregar(&texto[1..]);
        assert_eq!(d.tipo(), Some(TEXTO));
    }

    #[test]
    fn office_files_by_their_zip_entries() {
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 22]);
        odt.extend_from_slice(&8u16.to_le_bytes());
        odt.extend_from_slice(&[0, 0]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(tipo(&odt), Some("application/vnd.oasis.opendocument.text"));

        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(&[0; 22]);
        docx.extend_from_slice(&19u16.to_le_bytes());
        docx.extend_from_slice(&[0, 0]);
        docx.extend_from_slice(b"[Content_Types].xml....PK\x03\x04....word/document.xml");
        assert_eq!(tipo(&docx), Some(DOCX));

        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0; 22]);
        zip.extend_from_slice(&9u16.to_le_bytes());
        zip.extend_from_slice(&[0, 0]);
        zip.extend_from_slice(b"virus.exe");
        assert_eq!(tipo(&zip), None);
    }

    #[test]
    fn names_carry_the_extension_of_their_content() {
        assert_eq!(nombre_para("informe.PDF", PDF), "informe.PDF");
        assert_eq!(
            nombre_para("Resolución 12.pdf.js", TEXTO),
            "Resolución 12.pdf.js.txt"
        );
        assert_eq!(nombre_para("nota\u{202E}fdp.bat", TEXTO), "notafdp.bat.txt");
        assert_eq!(nombre_para("foto.jpeg", JPEG), "foto.jpeg");
        assert_eq!(nombre_para("foto.png", JPEG), "foto.png.jpg");
        assert_eq!(nombre_para("planilla", XLSX), "planilla.xlsx");
    }

    #[test]
    fn names_keep_only_their_last_component() {
        assert_eq!(nombre_saneado("../../etc/passwd"), "passwd");
        assert_eq!(nombre_saneado("C:\\Users\\ana\\nota.pdf"), "nota.pdf");
        assert_eq!(nombre_saneado("informe\u{0}\n.pdf"), "informe.pdf");
        assert_eq!(nombre_saneado("/"), "documento");
        assert_eq!(nombre_saneado(".."), "documento");
        assert_eq!(nombre_saneado("  acta ñ.pdf "), "acta ñ.pdf");
    }

    fn pdf(paginas: usize) -> Vec<u8> {
        let mut s = String::from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
        s.push_str(&format!(
            "2 0 obj << /Type /Pages /Count {paginas} /Kids [] >> endobj\n"
        ));
        for i in 0..paginas {
            s.push_str(&format!(
                "{} 0 obj << /Type/Page /Parent 2 0 R >> endobj\n",
                i + 3
            ));
        }
        s.push_str("%%EOF\n");
        s.into_bytes()
    }

    fn limite() -> Instant {
        Instant::now() + Duration::from_secs(5)
    }

    #[test]
    fn pdf_pages_are_counted_from_page_objects() {
        assert_eq!(paginas_pdf(&pdf(1)[..], limite()), Some(1));
        assert_eq!(paginas_pdf(&pdf(7)[..], limite()), Some(7));
    }

    #[test]
    fn pdf_pages_across_chunk_boundaries_are_counted_once() {
        // 30,000 pages make a file larger than one read chunk.
        let datos = pdf(30_000);
        assert!(datos.len() > 1024 * 1024);
        assert_eq!(paginas_pdf(&datos[..], limite()), Some(30_000));
    }

    #[test]
    fn pdf_pages_inside_compressed_object_streams() {
        use flate2::Compression;
        use flate2::write::ZlibEncoder;
        use std::io::Write;
        let mut objetos = ZlibEncoder::new(Vec::new(), Compression::default());
        objetos
            .write_all(b"<< /Type /Pages /Count 3 >> << /Type /Page >> << /Type /Page >> << /Type /Page >>")
            .expect("test data");
        let comprimido = objetos.finish().expect("test data");
        let mut datos =
            b"%PDF-1.7\n5 0 obj << /Type /ObjStm /N 4 /Filter /FlateDecode >>\nstream\n".to_vec();
        datos.extend_from_slice(&comprimido);
        datos.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        assert_eq!(paginas_pdf(&datos[..], limite()), Some(3));
    }

    #[test]
    fn an_incremental_update_does_not_add_pages() {
        // A signature appended later rewrites page 1 (object 3) and the page tree.
        let mut datos = pdf(2);
        datos.extend_from_slice(
            b"3 0 obj << /Type /Page /Parent 2 0 R /Annots [9 0 R] >> endobj\n\
              9 0 obj << /Type /Annot /Subtype /Widget /FT /Sig >> endobj\n%%EOF\n",
        );
        assert_eq!(paginas_pdf(&datos[..], limite()), Some(2));
    }

    #[test]
    fn an_object_stream_across_two_windows_is_counted() {
        use flate2::Compression;
        use flate2::write::ZlibEncoder;
        use std::io::Write;
        let mut objetos = ZlibEncoder::new(Vec::new(), Compression::default());
        objetos
            .write_all(b"<< /Type /Page >> << /Type /Page >>")
            .expect("test data");
        // Filler that compresses only to half (so the tokens are Huffman-coded, not stored)
        // makes the stream cross the 1 MiB window.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let relleno: Vec<u8> = (0..1_500_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b'a' + (x % 16) as u8
            })
            .collect();
        objetos.write_all(&relleno).expect("test data");
        let comprimido = objetos.finish().expect("test data");
        let mut datos = b"%PDF-1.7\n".to_vec();
        datos.resize(900_000, b' ');
        datos.extend_from_slice(b"5 0 obj << /Type /ObjStm /N 2 >>\nstream\n");
        datos.extend_from_slice(&comprimido);
        datos.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        assert_eq!(paginas_pdf(&datos[..], limite()), Some(2));
    }

    #[test]
    fn an_unreadable_pdf_has_no_page_count() {
        assert_eq!(paginas_pdf(&b"%PDF-1.4 garbage"[..], limite()), None);
        let pasado = Instant::now() - Duration::from_secs(1);
        assert_eq!(paginas_pdf(&pdf(3)[..], pasado), None);
    }
}

/// Properties of what reads an upload (issue #14): the name sent in a multipart part and the
/// PDF page counter, over any input.
#[cfg(test)]
mod propiedades {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;

    proptest! {
        #[test]
        fn el_nombre_saneado_es_un_nombre_corto_sin_caminos(s in "\\PC{0,300}|[./\\\\a-z\\x00-\\x1f]{0,40}") {
            let n = nombre_saneado(&s);
            prop_assert!(!n.is_empty() && n.chars().count() <= 200);
            prop_assert!(!n.contains(['/', '\\']));
            prop_assert!(!n.chars().any(|c| c.is_control()));
            prop_assert!(n != "." && n != "..");
            prop_assert_eq!(nombre_saneado(&n), n.clone());
        }

        #[test]
        fn el_contador_de_paginas_termina_con_cualquier_archivo(
            bytes in prop::collection::vec(any::<u8>(), 0..4096),
            con_cabecera: bool,
        ) {
            let mut datos = if con_cabecera { b"%PDF-1.7\n".to_vec() } else { Vec::new() };
            datos.extend(bytes);
            let limite = Instant::now() + Duration::from_secs(5);
            if let Some(n) = paginas_pdf(&datos[..], limite) {
                prop_assert!(n >= 1);
            }
        }

        #[test]
        fn las_paginas_de_un_pdf_se_cuentan_cortado_donde_sea(paginas in 1usize..60, basura in "[ a-z0-9<>/]{0,200}") {
            let mut s = String::from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
            s.push_str(&basura);
            s.push_str(&format!("\n2 0 obj << /Type /Pages /Count {paginas} /Kids [] >> endobj\n"));
            for i in 0..paginas {
                s.push_str(&format!("{} 0 obj << /Type /Page /Parent 2 0 R >> endobj\n", i + 3));
            }
            let limite = Instant::now() + Duration::from_secs(5);
            prop_assert_eq!(paginas_pdf(s.as_bytes(), limite), Some(paginas as i32));
        }
    }
}
