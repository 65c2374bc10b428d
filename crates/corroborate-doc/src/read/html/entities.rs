//! Copying raw HTML text into the clean text: character references are
//! decoded as replaced runs (so `&amp;` maps to its five bytes), white
//! space runs fold into one space, and citation markers are cut out by
//! `push_prose`.
//!
//! Hand-written rather than taken from the tokenizer: `html5gum` decodes
//! references but does not say which source bytes each decoded character
//! came from. Named references outside the table below stay as written.

use super::super::markers::push_prose;
use super::super::Marker;
use crate::{Span, TextBuilder};

/// Named character references decoded.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("ndash", "–"),
    ("mdash", "—"),
    ("minus", "−"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("times", "×"),
    ("deg", "°"),
    ("percnt", "%"),
    ("thinsp", " "),
    ("ensp", " "),
    ("emsp", " "),
    ("shy", ""),
    ("zwnj", ""),
    ("zwj", ""),
    ("lrm", ""),
    ("rlm", ""),
    ("middot", "·"),
    ("bull", "•"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("euro", "€"),
    ("pound", "£"),
    ("cent", "¢"),
    ("yen", "¥"),
    ("sect", "§"),
    ("para", "¶"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("prime", "′"),
    ("Prime", "″"),
    ("sbquo", "‚"),
    ("bdquo", "„"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("iacute", "í"),
    ("oacute", "ó"),
    ("uacute", "ú"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("auml", "ä"),
    ("szlig", "ß"),
    ("ccedil", "ç"),
    ("ntilde", "ñ"),
    ("Eacute", "É"),
    ("Ouml", "Ö"),
    ("Uuml", "Ü"),
    ("Auml", "Ä"),
];

/// Decodes one reference's name (`amp`, `#8211`, `#x2013`).
pub(crate) fn decode_entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(h) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(h, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = char::from_u32(code).filter(|&c| c != '\0')?;
        return Some(if c == '\u{a0}' { ' '.to_string() } else { c.to_string() });
    }
    ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
}

/// The text of a raw run with its references decoded (for measuring).
pub(crate) fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut k = 0;
    while let Some(amp) = raw[k..].find('&').map(|a| k + a) {
        out.push_str(&raw[k..amp]);
        let semi = raw[amp..].find(';').filter(|&e| e <= 10).map(|e| amp + e);
        match semi.and_then(|e| Some((e, decode_entity(&raw[amp + 1..e])?))) {
            Some((e, s)) => {
                out.push_str(&s);
                k = e + 1;
            }
            None => {
                out.push('&');
                k = amp + 1;
            }
        }
    }
    out.push_str(&raw[k..]);
    out
}

/// Copies the source text between `from` and `to`, decoding references
/// and folding runs of white space into one space.
pub(crate) fn push_text(b: &mut TextBuilder, markers: &mut Vec<Marker>, src: &str, from: usize, to: usize) {
    let s = &src[from..to];
    let mut last = 0;
    let mut k = 0;
    while let Some(amp) = s[k..].find('&').map(|a| k + a) {
        let semi = s[amp..].find(';').filter(|&e| e <= 10).map(|e| amp + e);
        let decoded = semi.and_then(|e| decode_entity(&s[amp + 1..e]));
        match (semi, decoded) {
            (Some(e), Some(ch)) => {
                push_ws(b, markers, &s[last..amp], from + last);
                let rendered = if !ch.is_empty() && ch.trim().is_empty() { " ".to_string() } else { ch };
                if !(rendered == " " && (b.is_empty() || b.text().ends_with(char::is_whitespace))) {
                    b.push_replaced(&rendered, Span::new(from + amp, from + e + 1));
                }
                last = e + 1;
                k = e + 1;
            }
            _ => k = amp + 1,
        }
    }
    push_ws(b, markers, &s[last..], from + last);
}

/// Copies text, collapsing white space runs (HTML renders them as one).
fn push_ws(b: &mut TextBuilder, markers: &mut Vec<Marker>, s: &str, off: usize) {
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_whitespace() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            push_prose(b, markers, &s[start..i], off + start);
            if !b.is_empty() && !b.text().ends_with(char::is_whitespace) {
                if &s[i..end] == " " {
                    b.push_copy(" ", off + i);
                } else {
                    b.push_replaced(" ", Span::new(off + i, off + end));
                }
            }
            start = end;
        }
    }
    push_prose(b, markers, &s[start..], off + start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_references_as_replaced_runs() {
        let src = "a&amp;b&#8211;c&nbsp; d &unknown; e";
        let mut b = TextBuilder::new(src.len());
        let mut m = Vec::new();
        push_text(&mut b, &mut m, src, 0, src.len());
        let (t, map) = b.finish();
        assert_eq!(t, "a&b–c d &unknown; e");
        let i = t.find('&').unwrap();
        assert_eq!(&src[map.map_span(Span::new(i, i + 1)).range()], "&amp;");
        assert_eq!(decode("x&lt;y"), "x<y");
    }
}
