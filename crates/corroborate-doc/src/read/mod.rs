//! Readers: one per input format, each turning decoded text into clean
//! text, an [`OffsetMap`] and a list of [`Block`]s, plus the citation
//! [`Marker`]s it cut out of the prose.
//!
//! [`sniff`] picks a reader from the content by weighing evidence for each
//! format (a table of weighted signals; the file name only breaks ties);
//! callers can override it with [`FormatHint::Is`].

mod html;
mod markers;
mod text;
mod wikitext;

use crate::{OffsetMap, ReadError, Span};
use serde::Serialize;

pub use markers::MarkerKind;
pub(crate) use wikitext::ChunkCache;

/// An input format Corroborate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, including Wikipedia's rendered article text.
    Text,
    /// MediaWiki wikitext.
    Wikitext,
    /// An HTML web page.
    Html,
}

impl Format {
    /// The format's name as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Wikitext => "wikitext",
            Format::Html => "html",
        }
    }

    /// The format [`Format::name`] spells `name`, as a ledger stores it.
    pub fn from_name(name: &str) -> Option<Format> {
        [Format::Text, Format::Wikitext, Format::Html].into_iter().find(|f| f.name() == name)
    }

    /// True when the format marks heading levels (wikitext `==`, HTML
    /// `<h2>`), so sections nest. Plain text loses them: every heading
    /// stands at one level and nesting has to be guessed by the reader of
    /// the sections.
    pub fn nests_headings(self) -> bool {
        !matches!(self, Format::Text)
    }
}

/// Which reader to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatHint {
    /// Sniff the content.
    #[default]
    Auto,
    /// Use this format's reader whatever the content looks like.
    Is(Format),
}

/// What a block of clean text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// The document's title.
    Title,
    /// A section heading, level 1 (outermost) and deeper.
    Heading(u8),
    /// A paragraph of prose (or a list item, a table cell).
    Paragraph,
    /// A reference list entry or similar apparatus: kept, not extracted.
    Apparatus,
}

/// A block of the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    /// What the block is.
    pub(crate) kind: BlockKind,
    /// Where it is in the clean text.
    pub(crate) span: Span,
}

/// A citation marker or maintenance tag a reader cut out of the prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    /// Reference or maintenance tag.
    pub(crate) kind: MarkerKind,
    /// Its bytes in the original.
    pub(crate) orig: Span,
    /// The clean-text position it stood at.
    pub(crate) at: usize,
    /// Its label (`12`, `citation needed`, a `<ref>`'s name).
    pub(crate) label: String,
    /// A `<ref>…</ref>`'s body; `None` for markers without one (`[12]`,
    /// `<ref name="x" />`, maintenance tags).
    pub(crate) body: Option<RefBody>,
}

/// The body of a reference (`<ref>…</ref>` in wikitext): kept beside the
/// prose, never spliced into it, so the prose's clean text stays monotonic
/// in the original bytes. Its own clean text and map let a later step find
/// claims in a reference and mark them as coming from one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefBody {
    /// The body's bytes in the original (between `<ref …>` and `</ref>`).
    pub orig: Span,
    /// The body's clean text (citation templates read by title and quote).
    pub text: String,
    /// Maps the body's clean text to the original bytes.
    #[serde(skip)]
    pub map: OffsetMap,
}

/// A labelled row of an infobox or a table ("Casualties and losses" |
/// "6,824 killed"): the label says what the value's figures count, where
/// and when. Readers put both label and value in the clean text, the value
/// as a [`Paragraph`](crate::Paragraph) of its own, and record the pair here so
/// the extractor can take a figure's act, subject and side from its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The label's clean-text span.
    pub label: Span,
    /// The value's clean-text span.
    pub value: Span,
}

/// What a reader produces.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reading {
    /// The clean text.
    pub(crate) text: String,
    /// Its map back to the reader's input.
    pub(crate) map: OffsetMap,
    /// Blocks in order; they do not overlap.
    pub(crate) blocks: Vec<Block>,
    /// Markers in order.
    pub(crate) markers: Vec<Marker>,
    /// Labelled rows (infoboxes, tables) in order; empty where the reader
    /// finds none.
    pub(crate) fields: Vec<Field>,
}

impl Reading {
    /// Maps the reading back one step further, through `map` (the reading
    /// was made of text that `map` maps to the bytes before it): the clean
    /// text's map and every marker's spans.
    pub(crate) fn map_through(&mut self, map: &OffsetMap) {
        self.map = self.map.compose(map);
        for m in &mut self.markers {
            m.orig = map.map_span(m.orig);
            if let Some(body) = &mut m.body {
                body.orig = map.map_span(body.orig);
                body.map = body.map.compose(map);
            }
        }
    }
}

/// [`read`] for the revisions of one page, one after another: wikitext
/// reads again only what the previous revision did not have
/// ([`ChunkCache`]); the reading is [`read`]'s.
pub(crate) fn read_cached(format: Format, src: &str, chunks: &mut ChunkCache) -> Result<Reading, ReadError> {
    Ok(match format {
        Format::Wikitext => wikitext::read_cached(src, chunks),
        _ => return read(format, src),
    })
}

/// Reads decoded text in the given format.
pub(crate) fn read(format: Format, src: &str) -> Result<Reading, ReadError> {
    Ok(match format {
        Format::Text => text::read(src),
        Format::Wikitext => wikitext::read(src),
        Format::Html => html::read(src),
    })
}

/// One piece of evidence for a format: how often a pattern occurs in the
/// head of the document, weighted and capped so that no single signal (a
/// page of a thousand links, one stray `<br />`) decides alone.
struct Signal {
    /// The format it speaks for.
    format: Format,
    /// Points per occurrence.
    weight: u32,
    /// Occurrences counted at most.
    cap: u32,
    /// Counts occurrences in the head (`lower` is its ASCII lower case).
    count: fn(head: &str, lower: &str) -> u32,
}

fn occurrences(hay: &str, pat: &str) -> u32 {
    u32::try_from(hay.matches(pat).count()).unwrap_or(u32::MAX)
}

/// Lines that satisfy `pred`, counted over the head.
fn lines_where(head: &str, pred: fn(&str) -> bool) -> u32 {
    u32::try_from(head.lines().filter(|l| pred(l.trim_end())).count()).unwrap_or(u32::MAX)
}

/// The evidence table, one named signal a row. Wikitext speaks through its
/// own markup (links, templates, bold quotes, `==` heading lines, `<ref>`,
/// table lines); HTML through document structure (a doctype,
/// `<html>`/`<head>`/`<body>`, paragraphs closed with `</p>`, `<div>`s,
/// attributes, anchors). Tags wikitext allows too (`<br />`, `<sup>`,
/// `<small>`) are no evidence either way.
const SIGNALS: &[(&str, Signal)] = &[
    (
        "doctype",
        Signal {
            format: Format::Html,
            weight: 100,
            cap: 1,
            count: |_, l| u32::from(l.trim_start().starts_with("<!doctype html")),
        },
    ),
    ("html element", Signal { format: Format::Html, weight: 40, cap: 1, count: |_, l| u32::from(l.contains("<html")) }),
    (
        "head, body elements",
        Signal {
            format: Format::Html,
            weight: 30,
            cap: 2,
            count: |_, l| u32::from(l.contains("<head")) + u32::from(l.contains("<body")),
        },
    ),
    ("closed paragraphs", Signal { format: Format::Html, weight: 3, cap: 10, count: |_, l| occurrences(l, "</p>") }),
    ("divs", Signal { format: Format::Html, weight: 3, cap: 10, count: |_, l| occurrences(l, "<div") }),
    (
        "class, id attributes",
        Signal {
            format: Format::Html,
            weight: 1,
            cap: 10,
            count: |_, l| occurrences(l, " class=") + occurrences(l, " id="),
        },
    ),
    ("anchors", Signal { format: Format::Html, weight: 2, cap: 10, count: |_, l| occurrences(l, "<a href=") }),
    ("wiki links", Signal { format: Format::Wikitext, weight: 2, cap: 20, count: |h, _| occurrences(h, "[[") }),
    ("templates", Signal { format: Format::Wikitext, weight: 2, cap: 20, count: |h, _| occurrences(h, "{{") }),
    ("bold quotes", Signal { format: Format::Wikitext, weight: 1, cap: 5, count: |h, _| occurrences(h, "'''") }),
    (
        "heading lines",
        Signal {
            format: Format::Wikitext,
            weight: 3,
            cap: 10,
            count: |h, _| lines_where(h, |t| t.len() > 4 && t.starts_with("==") && t.ends_with("==")),
        },
    ),
    (
        "title line",
        Signal {
            format: Format::Wikitext,
            weight: 3,
            cap: 1,
            count: |h, _| lines_where(h, |t| t.len() > 4 && t.starts_with("= ") && t.ends_with(" =")),
        },
    ),
    (
        "redirect",
        Signal {
            format: Format::Wikitext,
            weight: 10,
            cap: 1,
            count: |_, l| u32::from(l.trim_start().starts_with("#redirect")),
        },
    ),
    ("ref tags", Signal { format: Format::Wikitext, weight: 2, cap: 5, count: |_, l| occurrences(l, "<ref") }),
    (
        "table lines",
        Signal {
            format: Format::Wikitext,
            weight: 2,
            cap: 5,
            count: |h, _| lines_where(h, |t| t.starts_with("{|") || t.starts_with("|}") || t.starts_with("|-")),
        },
    ),
];

/// Points a format needs before it beats plain text.
pub(crate) const SNIFF_THRESHOLD: u32 = 3;

/// How much of the document the sniffer reads.
const SNIFF_HEAD: usize = 64 * 1024;

/// The evidence for HTML and for wikitext in `src`'s head, as points.
fn evidence(src: &str) -> (u32, u32) {
    let mut end = src.len().min(SNIFF_HEAD);
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    let head = &src[..end];
    let lower = head.to_ascii_lowercase();
    let (mut html, mut wiki) = (0u32, 0u32);
    for (_name, s) in SIGNALS {
        let points = s.weight.saturating_mul((s.count)(head, &lower).min(s.cap));
        match s.format {
            Format::Html => html = html.saturating_add(points),
            Format::Wikitext => wiki = wiki.saturating_add(points),
            Format::Text => {}
        }
    }
    (html, wiki)
}

/// Picks a format from the content by weighing the evidence for each (a
/// small table of weighted, capped signals): the format with more points
/// wins if it has at least `SNIFF_THRESHOLD` of them; with no evidence
/// either way, the name's extension decides, and plain text is the default.
pub(crate) fn sniff(name: &str, src: &str) -> Format {
    let (html, wiki) = evidence(src);
    if html >= SNIFF_THRESHOLD && html > wiki {
        return Format::Html;
    }
    if wiki >= SNIFF_THRESHOLD && wiki >= html {
        return Format::Wikitext;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => Format::Html,
        "wiki" | "wikitext" | "mediawiki" => Format::Wikitext,
        _ => Format::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_reads_back_from_its_name() {
        for f in [Format::Text, Format::Wikitext, Format::Html] {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("pdf"), None);
    }

    #[test]
    fn sniffs_each_format() {
        assert_eq!(sniff("a.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>"), Format::Html);
        assert_eq!(sniff("a.txt", "= Title =\n\nSome '''bold''' text.[[Link|label]]"), Format::Wikitext);
        assert_eq!(sniff("a.txt", "Just prose. 1,219 rapes[1] were reported."), Format::Text);
        assert_eq!(sniff("a.wiki", "Just prose."), Format::Wikitext);
    }
    #[test]
    fn line_breaks_are_no_evidence_of_html() {
        let wiki = "{{Infobox club\n| ground = Stark's Park<br />Kirkcaldy\n| capacity = 8,473<br />(seated)\n}}\n'''Raith Rovers''' is a [[football]] club.<br />\n== History ==\nFounded in 1883.<ref>Book</ref>\n";
        assert_eq!(sniff("a.txt", wiki), Format::Wikitext);
        assert_eq!(
            sniff("a.txt", "<div class=\"x\"><p>One.</p><p>Two.</p><div><p>Three.</p></div></div>"),
            Format::Html
        );
    }

    #[test]
    fn a_redirect_is_wikitext_and_a_stray_ref_is_not() {
        assert_eq!(sniff("a.txt", "#REDIRECT [[Toronto]]"), Format::Wikitext);
        assert_eq!(sniff("a.txt", "Rendered prose that quotes one <ref>tag</ref> by accident."), Format::Text);
    }

    #[test]
    fn a_document_shell_outweighs_wikitext_inside_it() {
        let parsoid = "<!DOCTYPE html><html><head></head><body><p data-mw='{\"wt\":\"{{Infobox}} [[x]] {{y}} [[z]]\"}'>Text</p></body></html>";
        assert_eq!(sniff("a.txt", parsoid), Format::Html);
    }
}
