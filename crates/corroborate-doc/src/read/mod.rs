//! Readers: one per input format, each turning decoded text into clean
//! text, an [`OffsetMap`] and a list of [`Block`]s, plus the citation
//! [`Marker`]s it cut out of the prose.
//!
//! [`sniff`] picks a reader from the content (the file name only breaks
//! ties); callers can override it with [`FormatHint::Is`].

mod html;
mod markers;
mod text;
mod wikitext;

use crate::{OffsetMap, ReadError, Span};
use serde::Serialize;

pub use markers::MarkerKind;

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
pub enum BlockKind {
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
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Where it is in the clean text.
    pub span: Span,
}

/// A citation marker or maintenance tag a reader cut out of the prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Reference or maintenance tag.
    pub kind: MarkerKind,
    /// Its bytes in the original.
    pub orig: Span,
    /// The clean-text position it stood at.
    pub at: usize,
    /// Its label (`12`, `citation needed`, a `<ref>`'s name).
    pub label: String,
}

/// A labelled row of an infobox or a table ("Casualties and losses" |
/// "6,824 killed"): the label says what the value's figures count, where
/// and when. Readers put both label and value in the clean text, the value
/// as a [`BlockKind::Paragraph`] of its own, and record the pair here so
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
pub struct Reading {
    /// The clean text.
    pub text: String,
    /// Its map back to the reader's input.
    pub map: OffsetMap,
    /// Blocks in order; they do not overlap.
    pub blocks: Vec<Block>,
    /// Markers in order.
    pub markers: Vec<Marker>,
    /// Labelled rows (infoboxes, tables) in order; empty where the reader
    /// finds none.
    pub fields: Vec<Field>,
}

/// Reads decoded text in the given format.
pub fn read(format: Format, src: &str) -> Result<Reading, ReadError> {
    Ok(match format {
        Format::Text => text::read(src),
        Format::Wikitext => wikitext::read(src),
        Format::Html => html::read(src),
    })
}

/// Picks a format from the content, using the name's extension only when
/// the content is ambiguous.
pub fn sniff(name: &str, src: &str) -> Format {
    let head: &str = {
        let mut end = src.len().min(16 * 1024);
        while !src.is_char_boundary(end) {
            end -= 1;
        }
        &src[..end]
    };
    let lower = head.trim_start().to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body") {
        return Format::Html;
    }
    let tags = lower.matches("</p>").count() + lower.matches("<div").count() + lower.matches("<br").count();
    if tags >= 3 {
        return Format::Html;
    }
    // Wikitext signals: headings made of '=', links, templates, bold, refs.
    let mut score = 0;
    for line in head.lines().take(400) {
        let t = line.trim_end();
        if t.len() > 2 && t.starts_with('=') && t.ends_with('=') {
            score += 3;
        }
    }
    score += 2 * head.matches("[[").count().min(10);
    score += 2 * head.matches("{{").count().min(10);
    score += head.matches("'''").count().min(5);
    score += 3 * head.matches("<ref").count().min(5);
    if score >= 3 {
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
    fn sniffs_each_format() {
        assert_eq!(sniff("a.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>"), Format::Html);
        assert_eq!(sniff("a.txt", "= Title =\n\nSome '''bold''' text.[[Link|label]]"), Format::Wikitext);
        assert_eq!(sniff("a.txt", "Just prose. 1,219 rapes[1] were reported."), Format::Text);
        assert_eq!(sniff("a.wiki", "Just prose."), Format::Wikitext);
    }
}
