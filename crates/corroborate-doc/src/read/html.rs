//! HTML web articles. A small offset-keeping scanner: text nodes are copied
//! with their byte offsets, entities are decoded as replaced runs, and
//! boilerplate elements (scripts, styles, navigation, headers, footers,
//! asides, forms) are dropped with everything inside them. Where the page
//! marks its article (`<article>`, `<main>`, `role="main"`), only that is
//! read.
//!
//! Written by hand rather than with a readability port such as
//! `dom_smoothie`: those rebuild a new DOM and lose the byte offsets of the
//! text they keep, and provenance needs every clean byte to point back into
//! the HTML.

use super::markers::push_prose;
use super::{Block, BlockKind, Reading};
use crate::{Span, TextBuilder};

/// Elements dropped with their content.
const DROP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
    "button", "select", "iframe", "menu", "head", "figure", "object", "canvas", "math",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p", "div", "section", "article", "main", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "tr", "td", "th", "caption", "pre", "hr", "br", "figcaption", "address", "body",
];

/// Named entities decoded; others stay as written.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"), ("lt", "<"), ("gt", ">"), ("quot", "\""), ("apos", "'"), ("nbsp", " "),
    ("ndash", "–"), ("mdash", "—"), ("minus", "−"), ("hellip", "…"), ("lsquo", "‘"),
    ("rsquo", "’"), ("ldquo", "“"), ("rdquo", "”"), ("laquo", "«"), ("raquo", "»"),
    ("times", "×"), ("deg", "°"), ("percnt", "%"), ("thinsp", " "), ("ensp", " "), ("emsp", " "),
];

struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
    end: usize,
}

fn parse_tag(src: &str, at: usize) -> Option<Tag<'_>> {
    let rest = &src[at + 1..];
    let closing = rest.starts_with('/');
    let body = if closing { &rest[1..] } else { rest };
    let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(body.len());
    if name_len == 0 {
        return None;
    }
    let gt = rest.find('>')?;
    let inner = &rest[..gt];
    let skip = usize::from(closing) + name_len;
    let attrs = inner.get(skip..).unwrap_or("");
    Some(Tag {
        name: body[..name_len].to_ascii_lowercase(),
        closing,
        self_closing: inner.ends_with('/'),
        attrs,
        end: at + 1 + gt + 1,
    })
}

pub(crate) fn read(src: &str) -> Reading {
    // Prefer the marked article when the page has one.
    let lower = src.to_ascii_lowercase();
    let scope = ["<article", "<main", "role=\"main\""]
        .iter()
        .find_map(|m| lower.find(m).map(|i| lower[..=i].rfind('<').unwrap_or(i)));
    let mut r = scan(src, scope.unwrap_or(0));
    if scope.is_some() && r.blocks.iter().all(|b| b.kind != BlockKind::Paragraph) {
        r = scan(src, 0);
    }
    r
}

fn scan(src: &str, from: usize) -> Reading {
    let mut b = TextBuilder::new(src.len());
    let mut blocks = Vec::new();
    let mut markers = Vec::new();
    let mut title: Option<Span> = None;
    let mut heading: Option<(u8, usize)> = None;
    let mut para_start = 0;
    let mut i = from;
    let mut text_from = from;
    let mut in_title = false;
    // Depth inside the scoped element (articles nest rarely; count the tag).
    let mut scope: Option<(String, usize)> = None;

    let close_para = |b: &mut TextBuilder, blocks: &mut Vec<Block>, para_start: &mut usize, at: usize| {
        let t = &b.text()[*para_start..];
        let lead = t.len() - t.trim_start().len();
        let trail = t.len() - t.trim_end().len();
        let span = Span::new(*para_start + lead, b.len() - trail);
        if span.end > span.start {
            blocks.push(Block { kind: BlockKind::Paragraph, span });
        }
        b.paragraph_break(at);
        *para_start = b.len();
    };

    while i < src.len() {
        let Some(lt) = src[i..].find('<').map(|k| i + k) else { break };
        push_text(&mut b, &mut markers, src, text_from, lt);
        i = lt;
        if src[i..].starts_with("<!--") {
            i = src[i..].find("-->").map_or(src.len(), |e| i + e + 3);
            text_from = i;
            continue;
        }
        if src[i..].starts_with("<!") || src[i..].starts_with("<?") {
            i = src[i..].find('>').map_or(src.len(), |e| i + e + 1);
            text_from = i;
            continue;
        }
        let Some(tag) = parse_tag(src, i) else {
            // A bare '<' in text.
            push_text(&mut b, &mut markers, src, i, i + 1);
            i += 1;
            text_from = i;
            continue;
        };
        i = tag.end;
        text_from = i;
        if scope.is_none() && from > 0 {
            scope = Some((tag.name.clone(), 0));
        }
        if let Some((name, depth)) = scope.as_mut() {
            if *name == tag.name && !tag.self_closing {
                if tag.closing {
                    if *depth <= 1 {
                        break;
                    }
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
            }
        }
        let name = tag.name.as_str();
        if name == "title" && !tag.closing {
            in_title = true;
            title = Some(Span::new(b.len(), b.len()));
            continue;
        }
        if name == "title" && tag.closing {
            in_title = false;
            if let Some(t) = title.as_mut() {
                t.end = b.len();
            }
            b.paragraph_break(i);
            para_start = b.len();
            continue;
        }
        if DROP.contains(&name) && !tag.closing && !tag.self_closing && (!in_title || name != "head") {
            // Skip to the matching close tag, counting nested ones.
            let mut depth = 1;
            let mut j = i;
            while depth > 0 {
                let Some(k) = src[j..].find('<').map(|k| j + k) else { j = src.len(); break };
                match parse_tag(src, k) {
                    Some(t) if t.name == name => {
                        depth += if t.closing { -1 } else if t.self_closing { 0 } else { 1 };
                        j = t.end;
                    }
                    Some(t) => j = t.end,
                    None => j = k + 1,
                }
            }
            // <head> holds the <title>: read it, drop the rest.
            if name == "head" {
                let head = &src[i..j];
                if let Some(ts) = head.to_ascii_lowercase().find("<title") {
                    if let Some(t) = parse_tag(src, i + ts) {
                        if let Some(te) = src[t.end..j].to_ascii_lowercase().find("</title").map(|e| t.end + e) {
                            let s = b.len();
                            push_text(&mut b, &mut markers, src, t.end, te);
                            title = Some(Span::new(s, b.len()));
                            b.paragraph_break(te);
                            para_start = b.len();
                        }
                    }
                }
            }
            i = j;
            text_from = j;
            continue;
        }
        if let Some(level) = name.strip_prefix('h').and_then(|d| d.parse::<u8>().ok()).filter(|l| (1..=6).contains(l)) {
            if tag.closing {
                if let Some((lv, s)) = heading.take() {
                    let t = &b.text()[s..];
                    let lead = t.len() - t.trim_start().len();
                    let span = Span::new(s + lead, b.len() - (t.len() - t.trim_end().len()));
                    if span.end > span.start {
                        let kind = if lv == 1 { BlockKind::Title } else { BlockKind::Heading(lv - 1) };
                        blocks.push(Block { kind, span });
                    }
                    b.paragraph_break(i);
                    para_start = b.len();
                }
            } else {
                close_para(&mut b, &mut blocks, &mut para_start, lt);
                heading = Some((level, b.len()));
            }
            continue;
        }
        if name == "sup" && !tag.closing && tag.attrs.contains("reference") {
            // A rendered footnote marker: its text is "[12]", cut by push_prose.
            continue;
        }
        if BLOCK.contains(&name) && heading.is_none() {
            if name == "br" {
                b.ensure_space(lt);
            } else {
                close_para(&mut b, &mut blocks, &mut para_start, lt);
            }
        } else if !tag.closing && matches!(name, "td" | "th") {
            b.ensure_space(lt);
        }
    }
    if text_from < src.len() && scope.is_none() {
        push_text(&mut b, &mut markers, src, text_from, src.len());
    }
    close_para(&mut b, &mut blocks, &mut para_start, src.len());
    if let Some(t) = title.filter(|t| t.end > t.start) {
        if !blocks.iter().any(|bl| bl.kind == BlockKind::Title) {
            blocks.insert(0, Block { kind: BlockKind::Title, span: t });
            blocks.sort_by_key(|bl| bl.span.start);
        }
    }
    let (text, map) = b.finish();
    Reading { text, map, blocks, markers, fields: Vec::new() }
}

/// Copies the text between `from` and `to`, decoding entities and folding
/// runs of white space into one space.
fn push_text(b: &mut TextBuilder, markers: &mut Vec<super::Marker>, src: &str, from: usize, to: usize) {
    let s = &src[from..to];
    let mut last = 0;
    let mut k = 0;
    while let Some(amp) = s[k..].find('&').map(|a| k + a) {
        let semi = s[amp..].find(';').filter(|&e| e <= 10).map(|e| amp + e);
        let decoded = semi.and_then(|e| decode_entity(&s[amp + 1..e]));
        match (semi, decoded) {
            (Some(e), Some(ch)) => {
                push_ws(b, markers, &s[last..amp], from + last);
                let rendered = if ch.trim().is_empty() { " ".to_string() } else { ch };
                if !(rendered == " " && b.text().ends_with(char::is_whitespace)) {
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
fn push_ws(b: &mut TextBuilder, markers: &mut Vec<super::Marker>, s: &str, off: usize) {
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

fn decode_entity(name: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html><html><head><title>Siege</title><script>var x = 5000;</script></head>\
<body><nav><a href=\"/\">Home 12</a></nav><article><h1>The siege</h1>\
<p>Some 38,000 civilians&nbsp;were killed<sup class=\"reference\">[3]</sup> in the city &amp; around it.</p>\
<h2>Aftermath</h2><p>About &lt;b&gt; 13,000 died.</p></article><footer>(c) 2020</footer></body></html>";

    #[test]
    fn reads_article_and_keeps_offsets() {
        let r = read(PAGE);
        assert!(r.text.contains("Some 38,000 civilians were killed in the city & around it."), "{}", r.text);
        assert!(!r.text.contains("5000"));
        assert!(!r.text.contains("Home"));
        assert!(!r.text.contains("2020"));
        let i = r.text.find("38,000").unwrap();
        assert_eq!(&PAGE[r.map.map_span(Span::new(i, i + 6)).range()], "38,000");
        let i = r.text.find('&').unwrap();
        assert_eq!(&PAGE[r.map.map_span(Span::new(i, i + 1)).range()], "&amp;");
        assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Title));
        assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Heading(1)));
        assert_eq!(r.markers.len(), 1);
    }
}
