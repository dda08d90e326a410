//! The one place PDFs are made (DECISIONS.md, "PDF generation"): A4 pages of left-aligned text
//! in DejaVu Sans (embedded as a subset, with a ToUnicode map so the text can be searched and
//! copied), written with `pdf-writer`. The font's licence is `app/fuentes/LICENSE-DejaVu.txt`.
//! Spanish needs no shaping: each character is one glyph; kerning and ligatures are ignored.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use std::io::Write;

const FUENTE: &[u8] = include_bytes!("../../fuentes/DejaVuSans.ttf");

/// A4 in points, and its margins.
const ANCHO: f32 = 595.28;
const ALTO: f32 = 841.89;
const MARGEN: f32 = 56.7;

/// One block of a document, laid out one after the other from the top of the first page.
#[derive(Debug, Clone)]
pub enum Bloque {
    /// A line of large text (the document's heading).
    Titulo(String),
    /// A paragraph of body text, wrapped to the page's width.
    Parrafo(String),
    /// A paragraph in small text (data lines, hashes).
    Chico(String),
    /// Vertical space.
    Espacio,
    /// A QR code: its modules row by row (`true` is dark), `ancho` per row, drawn as squares.
    Qr { modulos: Vec<bool>, ancho: usize },
}

/// What goes on a page: a line of text (size, baseline, text) or a QR (its top and modules).
enum Trazo {
    Texto(f32, f32, String),
    Qr(f32, Vec<bool>, usize),
}

/// The side of a QR on the page, in points.
const LADO_QR: f32 = 142.0;

/// What the font tells about itself: units per em, the glyph of each character, each glyph's
/// advance, and the metrics the PDF's font descriptor needs.
struct Fuente {
    unidades: f32,
    glifos: BTreeMap<char, u16>,
    avances: Vec<u16>,
    caja: [i16; 4],
    ascenso: i16,
    descenso: i16,
    altura_mayusculas: i16,
}

fn u16_en(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(i)?, *d.get(i + 1)?]))
}

fn i16_en(d: &[u8], i: usize) -> Option<i16> {
    u16_en(d, i).map(|v| v as i16)
}

fn u32_en(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(i)?,
        *d.get(i + 1)?,
        *d.get(i + 2)?,
        *d.get(i + 3)?,
    ]))
}

/// The offset of a table of the font (`head`, `cmap`, …).
fn tabla(d: &[u8], etiqueta: &[u8; 4]) -> Option<usize> {
    let n = usize::from(u16_en(d, 4)?);
    (0..n).find_map(|k| {
        let e = 12 + 16 * k;
        (d.get(e..e + 4)? == etiqueta).then(|| u32_en(d, e + 8).map(|o| o as usize))?
    })
}

impl Fuente {
    /// Reads the five tables it needs; `None` when the font is not a TrueType font with a
    /// Unicode BMP `cmap` (format 4), which the bundled one is.
    fn leer(d: &[u8]) -> Option<Fuente> {
        let head = tabla(d, b"head")?;
        let hhea = tabla(d, b"hhea")?;
        let hmtx = tabla(d, b"hmtx")?;
        let os2 = tabla(d, b"OS/2")?;
        let cmap = tabla(d, b"cmap")?;
        let metricas = usize::from(u16_en(d, hhea + 34)?);
        let avances = (0..metricas)
            .map(|g| u16_en(d, hmtx + 4 * g))
            .collect::<Option<Vec<u16>>>()?;
        // The (3, 1) subtable: Windows, Unicode BMP.
        let subtablas = usize::from(u16_en(d, cmap + 2)?);
        let sub = (0..subtablas).find_map(|k| {
            let e = cmap + 4 + 8 * k;
            (u16_en(d, e)? == 3 && u16_en(d, e + 2)? == 1)
                .then(|| u32_en(d, e + 4).map(|o| cmap + o as usize))?
        })?;
        if u16_en(d, sub)? != 4 {
            return None;
        }
        let segmentos = usize::from(u16_en(d, sub + 6)? / 2);
        let fines = sub + 14;
        let inicios = fines + 2 * segmentos + 2;
        let deltas = inicios + 2 * segmentos;
        let rangos = deltas + 2 * segmentos;
        let mut glifos = BTreeMap::new();
        for s in 0..segmentos {
            let fin = u16_en(d, fines + 2 * s)?;
            let inicio = u16_en(d, inicios + 2 * s)?;
            let delta = u16_en(d, deltas + 2 * s)?;
            let rango = u16_en(d, rangos + 2 * s)?;
            if inicio == 0xFFFF {
                continue;
            }
            for c in inicio..=fin {
                let g = if rango == 0 {
                    c.wrapping_add(delta)
                } else {
                    let i = rangos + 2 * s + usize::from(rango) + 2 * usize::from(c - inicio);
                    match u16_en(d, i)? {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                };
                if let (Some(ch), true) = (char::from_u32(u32::from(c)), g != 0) {
                    glifos.insert(ch, g);
                }
            }
        }
        Some(Fuente {
            unidades: f32::from(u16_en(d, head + 18)?),
            caja: [
                i16_en(d, head + 36)?,
                i16_en(d, head + 38)?,
                i16_en(d, head + 40)?,
                i16_en(d, head + 42)?,
            ],
            ascenso: i16_en(d, hhea + 4)?,
            descenso: i16_en(d, hhea + 6)?,
            altura_mayusculas: i16_en(d, os2 + 88).unwrap_or(1493),
            glifos,
            avances,
        })
    }

    /// The glyph of a character; a character the font lacks shows as `?`.
    fn glifo(&self, c: char) -> u16 {
        self.glifos
            .get(&c)
            .or_else(|| self.glifos.get(&'?'))
            .copied()
            .unwrap_or(0)
    }

    fn avance(&self, g: u16) -> f32 {
        let i = usize::from(g).min(self.avances.len().saturating_sub(1));
        f32::from(self.avances.get(i).copied().unwrap_or(0))
    }

    /// Width of a text at `tamano` points.
    fn ancho(&self, texto: &str, tamano: f32) -> f32 {
        texto
            .chars()
            .map(|c| self.avance(self.glifo(c)))
            .sum::<f32>()
            * tamano
            / self.unidades
    }

    fn en_milesimas(&self, v: i16) -> f32 {
        f32::from(v) * 1000.0 / self.unidades
    }
}

/// The lines of a paragraph at `tamano` points within `ancho`: words as they fit, a word
/// longer than a line cut by characters, the paragraph's own line breaks kept.
fn renglones(f: &Fuente, texto: &str, tamano: f32, ancho: f32) -> Vec<String> {
    let mut lineas = Vec::new();
    for linea in texto.split('\n') {
        let mut actual = String::new();
        for palabra in linea.split(' ').filter(|p| !p.is_empty()) {
            let con = if actual.is_empty() {
                palabra.to_owned()
            } else {
                format!("{actual} {palabra}")
            };
            if f.ancho(&con, tamano) <= ancho {
                actual = con;
                continue;
            }
            if !actual.is_empty() {
                lineas.push(std::mem::take(&mut actual));
            }
            // A word wider than the line goes by characters.
            for c in palabra.chars() {
                actual.push(c);
                if f.ancho(&actual, tamano) > ancho {
                    actual.pop();
                    lineas.push(std::mem::take(&mut actual));
                    actual.push(c);
                }
            }
        }
        lineas.push(actual);
    }
    lineas
}

fn comprimir(datos: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = z.write_all(datos);
    z.finish().unwrap_or_default()
}

/// A PDF of `bloques` on as many A4 pages as they need, titled `titulo` in its metadata.
pub fn documento(titulo: &str, bloques: &[Bloque]) -> Vec<u8> {
    let Some(f) = Fuente::leer(FUENTE) else {
        // The bundled font is read by a unit test; this cannot happen in a build that passed.
        return Vec::new();
    };
    let util = ANCHO - 2.0 * MARGEN;
    let mut paginas: Vec<Vec<Trazo>> = vec![Vec::new()];
    let mut y = ALTO - MARGEN;
    for b in bloques {
        let (tamano, texto) = match b {
            Bloque::Titulo(t) => (16.0, t.as_str()),
            Bloque::Parrafo(t) => (11.0, t.as_str()),
            Bloque::Chico(t) => (8.5, t.as_str()),
            Bloque::Espacio => {
                y -= 10.0;
                continue;
            }
            Bloque::Qr { modulos, ancho } => {
                if y - LADO_QR < MARGEN {
                    paginas.push(Vec::new());
                    y = ALTO - MARGEN;
                }
                if let Some(p) = paginas.last_mut() {
                    p.push(Trazo::Qr(y, modulos.clone(), *ancho));
                }
                y -= LADO_QR + 10.0;
                continue;
            }
        };
        let interlinea = tamano * 1.35;
        for linea in renglones(&f, texto, tamano, util) {
            if y - interlinea < MARGEN {
                paginas.push(Vec::new());
                y = ALTO - MARGEN;
            }
            y -= interlinea;
            if let Some(p) = paginas.last_mut() {
                p.push(Trazo::Texto(tamano, y, linea));
            }
        }
        y -= tamano * 0.5;
    }

    let mut remapeo = subsetter::GlyphRemapper::new();
    let mut caracteres: BTreeMap<u16, char> = BTreeMap::new();
    let mut siguiente = 1;
    let mut nueva = || {
        siguiente += 1;
        Ref::new(siguiente)
    };
    let (catalogo, arbol, info) = (Ref::new(1), nueva(), nueva());
    let (tipo0, cid, descriptor, archivo, mapa) = (nueva(), nueva(), nueva(), nueva(), nueva());
    let mut pdf = Pdf::new();
    let mut hojas = Vec::new();
    let total = paginas.len();
    for (n, lineas) in paginas.iter().enumerate() {
        let (hoja, contenido) = (nueva(), nueva());
        let mut c = Content::new();
        let mut escribir = |tamano: f32, x: f32, y: f32, texto: &str| {
            let mut bytes = Vec::with_capacity(texto.len() * 2);
            for ch in texto.chars() {
                let g = remapeo.remap(f.glifo(ch));
                caracteres.entry(g).or_insert(ch);
                bytes.extend_from_slice(&g.to_be_bytes());
            }
            c.begin_text();
            c.set_font(Name(b"F1"), tamano);
            c.next_line(x, y);
            c.show(Str(&bytes));
            c.end_text();
        };
        let mut cuadros = Vec::new();
        for t in lineas {
            match t {
                Trazo::Texto(tamano, y, texto) => escribir(*tamano, MARGEN, *y, texto),
                Trazo::Qr(arriba, modulos, ancho) => cuadros.push((*arriba, modulos, *ancho)),
            }
        }
        let pie = format!("Página {} de {total}", n + 1);
        escribir(8.0, ANCHO - MARGEN - f.ancho(&pie, 8.0), MARGEN / 2.0, &pie);
        for (arriba, modulos, ancho) in cuadros {
            // A quiet zone of 4 modules around it, as QR readers expect.
            let paso = LADO_QR / (ancho + 8) as f32;
            c.set_fill_gray(0.0);
            for (i, _) in modulos.iter().enumerate().filter(|(_, oscuro)| **oscuro) {
                let (fila, col) = (i / ancho.max(1), i % ancho.max(1));
                c.rect(
                    MARGEN + (col + 4) as f32 * paso,
                    arriba - (fila + 5) as f32 * paso,
                    paso,
                    paso,
                );
            }
            c.fill_nonzero();
        }
        pdf.stream(contenido, &comprimir(&c.finish()))
            .filter(Filter::FlateDecode);
        let mut p = pdf.page(hoja);
        p.media_box(Rect::new(0.0, 0.0, ANCHO, ALTO))
            .parent(arbol)
            .contents(contenido);
        p.resources().fonts().pair(Name(b"F1"), tipo0);
        p.finish();
        hojas.push(hoja);
    }
    pdf.pages(arbol)
        .kids(hojas.iter().copied())
        .count(hojas.len() as i32);
    pdf.catalog(catalogo).pages(arbol);
    pdf.document_info(info)
        .title(TextStr(titulo))
        .producer(TextStr("SIGEXP"));

    let nombre = Name(b"SGXPAA+DejaVuSans");
    pdf.type0_font(tipo0)
        .base_font(nombre)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(mapa);
    let anchos: Vec<f32> = remapeo
        .remapped_gids()
        .map(|viejo| f.avance(viejo) * 1000.0 / f.unidades)
        .collect();
    let mut cf = pdf.cid_font(cid);
    cf.subtype(CidFontType::Type2)
        .base_font(nombre)
        .system_info(SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        })
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cf.widths().consecutive(0, anchos);
    cf.finish();
    let [x0, y0, x1, y1] = f.caja;
    pdf.font_descriptor(descriptor)
        .name(nombre)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            f.en_milesimas(x0),
            f.en_milesimas(y0),
            f.en_milesimas(x1),
            f.en_milesimas(y1),
        ))
        .italic_angle(0.0)
        .ascent(f.en_milesimas(f.ascenso))
        .descent(f.en_milesimas(f.descenso))
        .cap_height(f.en_milesimas(f.altura_mayusculas))
        .stem_v(80.0)
        .font_file2(archivo);
    let subconjunto = subsetter::subset(FUENTE, 0, &remapeo).unwrap_or_default();
    pdf.stream(archivo, &comprimir(&subconjunto))
        .filter(Filter::FlateDecode);
    let mut cmap = pdf_writer::types::UnicodeCmap::new(
        Name(b"SIGEXP-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (g, ch) in &caracteres {
        cmap.pair(*g, *ch);
    }
    pdf.cmap(mapa, &cmap.finish());
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_fuente_tiene_cada_letra_del_castellano() {
        let f = Fuente::leer(FUENTE).expect("the bundled font reads");
        for c in "aábcdeéfghiíjklmnñoópqrstuúüvwxyzAÁBCDEÉFGHIÍJKLMNÑOÓPQRSTUÚÜVWXYZ0123456789¿?¡!«»–—“”‘’ºª€$%&()[].,;:-_/@#"
            .chars()
        {
            assert!(f.glifos.contains_key(&c), "{c} has no glyph");
        }
        assert!(f.ancho("WWW", 10.0) > f.ancho("iii", 10.0));
    }

    #[test]
    fn los_renglones_caben_y_no_pierden_palabras() {
        let f = Fuente::leer(FUENTE).expect("font");
        let texto = "Se convoca a las mesas de entrada de toda la provincia a la reunión del lunes \
                     en la sede del Ministerio, con el informe de cada una.";
        let lineas = renglones(&f, texto, 11.0, 200.0);
        assert!(lineas.len() > 2);
        assert!(lineas.iter().all(|l| f.ancho(l, 11.0) <= 200.0));
        assert_eq!(
            lineas.join(" "),
            texto.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let hash = "a".repeat(64);
        assert!(
            renglones(&f, &hash, 11.0, 100.0).len() > 1,
            "a long word is cut"
        );
    }

    #[test]
    fn el_documento_es_un_pdf_con_sus_paginas() {
        let largo = "Párrafo de prueba con eñes y acentos. ".repeat(400);
        let pdf = documento(
            "Prueba",
            &[
                Bloque::Titulo("NO-2026-00000001- -SANTACRUZ-MSA".into()),
                Bloque::Parrafo(largo),
                Bloque::Espacio,
                Bloque::Chico("SHA-256: ".to_owned() + &"f".repeat(64)),
            ],
        );
        assert!(pdf.starts_with(b"%PDF-"));
        let texto = String::from_utf8_lossy(&pdf);
        assert!(
            texto.contains("/Count 4") || texto.contains("/Count 5"),
            "several pages"
        );
        assert!(texto.contains("/ToUnicode"));
        assert!(texto.contains("SGXPAA+DejaVuSans"));
    }
}
