//! MediaWiki wikitext. `parse-wiki-text-2` gives every node byte offsets;
//! we walk its tree, copying text nodes, rendering links by their label,
//! dropping templates, comments and files, and turning `<ref>` tags into
//! citation markers. The parser runs with a time budget: on pathological
//! pages it gives up and [`strip`] takes over, a linear scanner that keeps
//! offsets the same way.

use super::markers::{push_flat, push_prose, MarkerKind};
use super::{Block, BlockKind, Marker, Reading};
use crate::{Span, TextBuilder};
use parse_wiki_text_2::{Configuration, Node};
use std::sync::LazyLock;
use std::time::Duration;

/// How long the parser may spend on one page before the fallback runs.
const PARSE_BUDGET: Duration = Duration::from_secs(2);

/// Deepest nesting of templates, links or tags handed to the parser: its
/// tree (and the tree's drop) recurse, so a hostile page nested 100,000
/// deep would overflow the stack. Deeper pages go to the linear fallback.
const MAX_NESTING: usize = 200;

/// Tags whose content is not prose.
const SKIP_TAGS: &[&str] = &[
    "references", "math", "gallery", "timeline", "score", "syntaxhighlight", "source", "graph",
    "mapframe", "maplink", "templatedata", "imagemap", "chem", "ce", "hiero", "noinclude",
];

static CONFIG: LazyLock<Configuration> = LazyLock::new(Configuration::default);

/// The deepest nesting of `{{ }}`, `[[ ]]` and tags in `src`, in one pass.
fn nesting(src: &str) -> usize {
    let b = src.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < b.len() {
        match (b[i], b[i + 1]) {
            (b'{', b'{') | (b'[', b'[') => {
                depth += 1;
                max = max.max(depth);
                i += 2;
            }
            (b'}', b'}') | (b']', b']') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            (b'<', c) if c.is_ascii_alphabetic() => {
                depth += 1;
                max = max.max(depth);
                i += 1;
            }
            (b'<', b'/') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            _ => i += 1,
        }
    }
    max
}

thread_local! {
    /// True while this thread runs the parser: its panics are expected.
    static IN_PARSER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs the parser, turning its panics (it has some on odd input; found by
/// fuzzing) into `None` so that the fallback reads the page instead. A
/// panic hook, installed once, stays silent for panics inside the parser
/// and passes every other panic to the hook that was there before.
fn parse_guarded(src: &str) -> Option<parse_wiki_text_2::Output<'_>> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_PARSER.with(|p| p.get()) {
                previous(info);
            }
        }));
    });
    IN_PARSER.with(|p| p.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| CONFIG.parse_with_timeout(src, PARSE_BUDGET)));
    IN_PARSER.with(|p| p.set(false));
    result.ok()?.ok()
}

pub(crate) fn read(src: &str) -> Reading {
    if nesting(src) > MAX_NESTING {
        return strip(src);
    }
    match parse_guarded(src) {
        Some(out) => {
            let mut w = Walker::new(src);
            w.nodes(&out.nodes);
            w.finish()
        }
        None => strip(src),
    }
}

struct Walker<'s> {
    src: &'s str,
    b: TextBuilder,
    blocks: Vec<Block>,
    markers: Vec<Marker>,
    /// Where the current paragraph starts in the clean text.
    para_start: usize,
}

impl<'s> Walker<'s> {
    fn new(src: &'s str) -> Self {
        Walker { src, b: TextBuilder::new(src.len()), blocks: Vec::new(), markers: Vec::new(), para_start: 0 }
    }

    fn finish(mut self) -> Reading {
        self.end_paragraph(self.src.len());
        let (text, map) = self.b.finish();
        Reading { text, map, blocks: self.blocks, markers: self.markers, fields: Vec::new() }
    }

    fn end_paragraph(&mut self, at: usize) {
        let start = self.para_start;
        let text = &self.b.text()[start.min(self.b.len())..];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        let span = Span::new(start + lead, self.b.len() - trail);
        if span.end > span.start {
            self.blocks.push(Block { kind: BlockKind::Paragraph, span });
        }
        self.b.paragraph_break(at);
        self.para_start = self.b.len();
    }

    fn block(&mut self, kind: BlockKind, nodes: &[Node], at: usize, end: usize) {
        self.end_paragraph(at);
        let start = self.b.len();
        self.nodes(nodes);
        let text = &self.b.text()[start..];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        let span = Span::new(start + lead, self.b.len() - trail);
        // Markers inside a heading are not citations of prose.
        self.markers.retain(|m| m.at < start);
        if span.end > span.start {
            self.blocks.push(Block { kind, span });
        }
        self.b.paragraph_break(end);
        self.para_start = self.b.len();
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for n in nodes {
            self.node(n);
        }
    }

    fn node(&mut self, n: &Node) {
        match n {
            Node::Text { value, start, .. } => push_prose(&mut self.b, &mut self.markers, value, *start),
            Node::CharacterEntity { character, start, end } => {
                let mut buf = [0u8; 4];
                let s: &str = if *character == '\u{a0}' { " " } else { character.encode_utf8(&mut buf) };
                self.b.push_replaced(s, Span::new(*start, *end));
            }
            Node::Heading { level, nodes, start, end } => {
                let kind = if *level == 1 { BlockKind::Title } else { BlockKind::Heading(level - 1) };
                self.block(kind, nodes, *start, *end);
            }
            Node::ParagraphBreak { start, .. } | Node::HorizontalDivider { start, .. } => self.end_paragraph(*start),
            Node::Link { text, target, start, .. } => {
                if text.is_empty() {
                    // [[Target]]: the target is the label; it starts after "[[".
                    push_flat(&mut self.b, target, start + 2);
                } else {
                    self.nodes(text);
                }
            }
            Node::ExternalLink { nodes, .. } => {
                // "[url label]": the label is everything after the URL.
                if let Some(Node::Text { value, start, .. }) = nodes.first() {
                    if let Some(sp) = value.find(' ') {
                        push_flat(&mut self.b, &value[sp + 1..], start + sp + 1);
                    }
                    self.nodes(&nodes[1..]);
                }
            }
            Node::Tag { name, nodes, start, end } => {
                let name = name.to_ascii_lowercase();
                if name == "ref" {
                    self.marker(*start, *end, MarkerKind::Reference);
                } else if !SKIP_TAGS.contains(&name.as_str()) {
                    self.nodes(nodes);
                }
            }
            Node::StartTag { name, start, end } => {
                let name = name.to_ascii_lowercase();
                if name == "ref" {
                    // <ref name="x" /> reuses an earlier reference.
                    self.marker(*start, *end, MarkerKind::Reference);
                } else if name == "br" {
                    self.b.ensure_space(*start);
                }
            }
            Node::Template { name, start, end, .. } => {
                let name = template_name(name);
                if is_maintenance_template(&name) {
                    self.marker(*start, *end, MarkerKind::Maintenance);
                }
            }
            Node::Preformatted { nodes, .. } => self.nodes(nodes),
            Node::UnorderedList { items, .. } | Node::OrderedList { items, .. } => {
                for item in items {
                    self.end_paragraph(item.start);
                    self.nodes(&item.nodes);
                    self.end_paragraph(item.end);
                }
            }
            Node::DefinitionList { items, .. } => {
                for item in items {
                    self.end_paragraph(item.start);
                    self.nodes(&item.nodes);
                    self.end_paragraph(item.end);
                }
            }
            Node::Table { captions, rows, .. } => {
                for c in captions {
                    self.end_paragraph(c.start);
                    self.nodes(&c.content);
                    self.end_paragraph(c.end);
                }
                for row in rows {
                    for cell in &row.cells {
                        self.end_paragraph(cell.start);
                        self.nodes(&cell.content);
                        self.end_paragraph(cell.end);
                    }
                }
            }
            // Markup without prose of its own.
            Node::Bold { .. }
            | Node::Italic { .. }
            | Node::BoldItalic { .. }
            | Node::Comment { .. }
            | Node::Category { .. }
            | Node::Image { .. }
            | Node::MagicWord { .. }
            | Node::Parameter { .. }
            | Node::Redirect { .. }
            | Node::EndTag { .. } => {}
        }
    }

    fn marker(&mut self, start: usize, end: usize, kind: MarkerKind) {
        let label = self.src.get(start..end).unwrap_or("").chars().take(80).collect();
        self.markers.push(Marker { kind, orig: Span::new(start, end), at: self.b.len(), label });
    }
}

fn template_name(name: &[Node]) -> String {
    let mut s = String::new();
    for n in name {
        if let Node::Text { value, .. } = n {
            s.push_str(value);
        }
    }
    s.trim().to_ascii_lowercase()
}

fn is_maintenance_template(name: &str) -> bool {
    const NAMES: &[&str] = &["citation needed", "cn", "fact", "dubious", "clarify", "when", "who", "which", "by whom", "according to whom", "verify source", "failed verification", "page needed", "better source needed", "vague", "disputed inline"];
    NAMES.contains(&name)
}

/// The fallback: a linear scanner that drops templates, comments, refs and
/// tags, renders links by their label and headings as headings, and keeps
/// offsets exactly as the tree walker does.
pub(crate) fn strip(src: &str) -> Reading {
    let mut b = TextBuilder::new(src.len());
    let mut blocks = Vec::new();
    let mut markers = Vec::new();
    let mut pos = 0;
    for raw in src.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let t = line.trim();
        let start = b.len();
        if t.is_empty() {
            b.paragraph_break(pos);
        } else if t.len() > 2 && t.starts_with('=') && t.ends_with('=') {
            let level = t.chars().take_while(|&c| c == '=').count();
            let inner = t.trim_matches('=').trim();
            let off = pos + line.find(inner).unwrap_or(0);
            b.paragraph_break(pos);
            let s = b.len();
            strip_inline(&mut b, &mut markers, inner, off);
            let kind = if level <= 1 { BlockKind::Title } else { BlockKind::Heading((level - 1).min(6) as u8) };
            blocks.push(Block { kind, span: Span::new(s, b.len()) });
            b.paragraph_break(pos + line.len());
        } else {
            let lead = line.len() - line.trim_start_matches(['*', '#', ':', ';', ' ']).len();
            b.paragraph_break(pos);
            let s = b.len();
            strip_inline(&mut b, &mut markers, &line[lead..], pos + lead);
            if b.len() > s {
                blocks.push(Block { kind: BlockKind::Paragraph, span: Span::new(s, b.len()) });
            }
            b.paragraph_break(pos + line.len());
        }
        let _ = start;
        pos += raw.len();
    }
    let (text, map) = b.finish();
    Reading { text, map, blocks, markers, fields: Vec::new() }
}

/// Inline markup of one line: `{{…}}` (nested), `<!--…-->`, `<ref>…</ref>`,
/// other tags, `[[target|label]]`, `[url label]`, `''`/`'''`.
fn strip_inline(b: &mut TextBuilder, markers: &mut Vec<Marker>, s: &str, off: usize) {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut copy_from = 0;
    let mut depth = 0usize;
    let flush = |b: &mut TextBuilder, from: usize, to: usize| {
        if to > from {
            push_flat(b, &s[from..to], off + from);
        }
    };
    while i < bytes.len() {
        let rest = &s[i..];
        if rest.starts_with("{{") {
            if depth == 0 {
                flush(b, copy_from, i);
            }
            depth += 1;
            i += 2;
            copy_from = i;
        } else if depth > 0 {
            if rest.starts_with("}}") {
                depth -= 1;
                i += 2;
            } else {
                // Whole characters: "{{x—y}}" must not stop inside "—".
                i += rest.chars().next().map_or(1, char::len_utf8);
            }
            copy_from = i;
        } else if rest.starts_with("<!--") {
            flush(b, copy_from, i);
            i = rest.find("-->").map_or(bytes.len(), |e| i + e + 3);
            copy_from = i;
        } else if rest.starts_with("<ref") {
            flush(b, copy_from, i);
            let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let end = if rest[..tag_end].ends_with("/>") {
                i + tag_end
            } else {
                rest.find("</ref>").map_or(i + tag_end, |e| i + e + 6)
            };
            markers.push(Marker {
                kind: MarkerKind::Reference,
                orig: Span::new(off + i, off + end),
                at: b.len(),
                label: s[i..end].chars().take(80).collect(),
            });
            i = end;
            copy_from = i;
        } else if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            flush(b, copy_from, i);
            i = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            copy_from = i;
        } else if rest.starts_with("[[") {
            flush(b, copy_from, i);
            let close = rest.find("]]").map_or(rest.len(), |e| e);
            let inner = &rest[2..close.max(2)];
            let label_off = inner.rfind('|').map_or(2, |p| 2 + p + 1);
            let lower = inner.to_ascii_lowercase();
            if !(lower.starts_with("file:") || lower.starts_with("image:") || lower.starts_with("category:")) {
                flush(b, i + label_off, i + close);
            }
            i = (i + close + 2).min(bytes.len());
            copy_from = i;
        } else if rest.starts_with("''") {
            flush(b, copy_from, i);
            i += rest.bytes().take_while(|&c| c == b'\'').count();
            copy_from = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if depth == 0 {
        flush(b, copy_from, bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "= Title =\n\nIntro with '''bold''' and a [[Target|label]].<ref>Cite 1</ref> More {{cn}} text.\n\n== Section ==\nThere were 1,219 rapes in [[Serbia]].\n";

    fn check(r: &Reading) {
        let i = r.text.find("1,219").unwrap();
        assert_eq!(&SAMPLE[r.map.map_span(Span::new(i, i + 5)).range()], "1,219");
        let i = r.text.find("Serbia").unwrap();
        assert_eq!(&SAMPLE[r.map.map_span(Span::new(i, i + 6)).range()], "Serbia");
        assert!(r.text.contains("Intro with bold and a label."));
        assert!(!r.text.contains("Cite 1"));
        assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Title));
        assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Heading(1)));
    }

    #[test]
    fn parser_path_keeps_offsets() {
        let r = read(SAMPLE);
        check(&r);
        assert!(r.markers.iter().any(|m| m.kind == MarkerKind::Reference));
    }

    #[test]
    fn hostile_nesting_takes_the_fallback() {
        let deep = format!("{}x{} There were 12 victims.", "{{".repeat(100_000), "}}".repeat(100_000));
        let r = read(&deep);
        assert!(r.text.contains("There were 12 victims."));
    }

    /// Found by the read_wikitext fuzz target: the fallback stepped one byte
    /// at a time inside a template and stopped inside a multi-byte "—".
    #[test]
    fn fallback_steps_over_multibyte_characters_in_templates() {
        let src = format!("{}Soviet Union — troops entered, 12 died.", "{{".repeat(201));
        let r = read(&src);
        assert!(r.text.is_empty() || r.text.is_char_boundary(r.text.len()));
        let r = strip("Text {{a — b}} and 40 tanks.");
        assert!(r.text.contains("and 40 tanks."));
    }

    #[test]
    fn fallback_path_keeps_offsets() {
        check(&strip(SAMPLE));
    }
}
