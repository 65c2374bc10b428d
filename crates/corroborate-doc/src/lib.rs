//! The document model of Corroborate.
//!
//! Everything downstream (claims, groups, the store, the views) points at
//! byte offsets in a document's **original bytes**, whatever its format.
//! This crate turns those bytes into a [`Document`]:
//!
//! ```text
//! bytes ──decode──▶ text ──reader──▶ clean text + OffsetMap + blocks ──structure──▶ Document
//!                                                                     (sections, paragraphs,
//!                                                                      sentences, citations)
//! ```
//!
//! - `offsets` holds the [`OffsetMap`]: every clean-text position maps
//!   back to the original byte range it came from. Invalid UTF-8 is decoded
//!   lossily, but offsets stay true to the original bytes.
//! - `read` holds one reader per [`Format`] (plain text, MediaWiki
//!   wikitext, HTML) and the content sniffer that picks one
//!   ([`FormatHint::Auto`]).
//! - `structure` cuts the reader's blocks into [`Section`]s, [`Paragraph`]s
//!   and [`Sentence`]s, and attaches [`Citation`] markers to the sentence
//!   they follow.
//!
//! - [`dump`] streams the revisions of MediaWiki XML dumps.
//!
//! The crate does no I/O: callers hand it bytes (or a reader). Its public
//! face is [`Document`] and the types of its fields, [`Span`], the
//! [`ReadError`] and the [`dump`] reader; the readers and the structure
//! builder are private (`cargo doc --document-private-items` shows them).

#![warn(missing_docs)]

pub mod dump;
mod generations;
mod offsets;
mod read;
mod structure;

pub use generations::{TextId, TextIds};
pub use offsets::{Cursor, OffsetMap};
pub use read::{Field, Format, FormatHint, MarkerKind, RefBody};
pub use structure::{Citation, Paragraph, Section, Sentence, SentenceCache};

pub(crate) use offsets::TextBuilder;

use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// A half-open byte range `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// This span as a `Range` for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Why bytes could not be read as a document.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The input has no bytes, or only white space.
    #[error("the file is empty")]
    Empty,
    /// The input looks like binary data, not text.
    #[error("the file looks binary (a NUL byte at offset {offset}), not text")]
    Binary {
        /// Where the first NUL byte is.
        offset: usize,
    },
}

/// A document: its original bytes and everything read from them.
#[derive(Debug, Clone)]
pub struct Document {
    /// Name the caller gave (the file name, for files).
    pub name: String,
    /// The original bytes, untouched.
    pub bytes: Vec<u8>,
    /// SHA-256 of the original bytes, lower-case hex, computed when first
    /// asked for ([`Document::hash`]): extracting a history's revisions
    /// to JSON Lines never needs it.
    hash: OnceLock<String>,
    /// The format the document was read as.
    pub format: Format,
    /// The clean text view: prose without markup, markers or apparatus.
    pub text: String,
    /// Maps clean-text positions back to `bytes`.
    pub map: OffsetMap,
    /// The document's title, where it has one.
    pub title: Option<String>,
    /// Section headings, in order, with their nesting.
    pub sections: Vec<Section>,
    /// Paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Citation markers and maintenance tags, in order.
    pub citations: Vec<Citation>,
    /// Labelled rows of infoboxes and tables (clean-text spans), in order.
    pub fields: Vec<Field>,
    /// The [`TextId`] of each paragraph's text, for a document read
    /// through a [`SentenceCache`] (empty otherwise): see
    /// [`Document::paragraph_text_id`].
    text_ids: Vec<TextId>,
}

impl Document {
    /// Reads `bytes` as a document called `name`, in the format `hint`
    /// names or, for [`FormatHint::Auto`], the one its content shows.
    pub fn read(name: &str, bytes: Vec<u8>, hint: FormatHint) -> Result<Document, ReadError> {
        Document::read_inner(name, Source::Bytes(bytes), hint, None)
    }

    /// [`Document::read`] for documents read one after another, such as the
    /// revisions of a page: paragraphs whose text the previous document
    /// had are not split into sentences again (see [`SentenceCache`]). The
    /// document is the one [`Document::read`] gives, byte for byte.
    pub fn read_cached(
        name: &str,
        bytes: Vec<u8>,
        hint: FormatHint,
        cache: &mut SentenceCache,
    ) -> Result<Document, ReadError> {
        Document::read_inner(name, Source::Bytes(bytes), hint, Some(cache))
    }

    /// [`Document::read_cached`] of a text already known to be UTF-8 (a
    /// dump revision's): its bytes are the text's, not checked again.
    pub fn read_cached_text(
        name: &str,
        text: String,
        hint: FormatHint,
        cache: &mut SentenceCache,
    ) -> Result<Document, ReadError> {
        Document::read_inner(name, Source::Text(text), hint, Some(cache))
    }

    fn read_inner(
        name: &str,
        source: Source,
        hint: FormatHint,
        mut cache: Option<&mut SentenceCache>,
    ) -> Result<Document, ReadError> {
        let raw = match &source {
            Source::Bytes(b) => b.as_slice(),
            Source::Text(t) => t.as_bytes(),
        };
        check_text(raw)?;
        // Nearly every input is valid UTF-8 without a byte order mark: its
        // text is its bytes, read in place (std's validation has a fast
        // path for ASCII runs; a `String` is not validated again). Anything
        // else is decoded lossily, with a map of its own composed into the
        // reading's.
        let utf8 = match &source {
            Source::Bytes(b) => std::str::from_utf8(b).ok(),
            Source::Text(t) => Some(t.as_str()),
        };
        let plain = utf8.filter(|s| !s.starts_with('\u{feff}'));
        let decoded_lossy;
        let (decoded, decode_map) = match plain {
            Some(s) => (s, None),
            None => {
                decoded_lossy = offsets::decode_lossy(raw);
                (decoded_lossy.0.as_str(), Some(&decoded_lossy.1))
            }
        };
        let format = match hint {
            FormatHint::Auto => read::sniff(name, decoded),
            FormatHint::Is(f) => f,
        };
        let mut reading = match (&mut cache, decode_map) {
            (Some(c), None) => read::read_cached(format, decoded, &mut c.chunks)?,
            _ => read::read(format, decoded)?,
        };
        if let Some(decode_map) = decode_map.filter(|_| decoded.as_bytes() != raw) {
            reading.map_through(decode_map);
        }
        let s = structure::build_cached(&mut reading, cache);
        let bytes = match source {
            Source::Bytes(b) => b,
            Source::Text(t) => t.into_bytes(),
        };
        Ok(Document {
            name: name.to_string(),
            bytes,
            hash: OnceLock::new(),
            format,
            text: reading.text,
            map: reading.map,
            title: s.title,
            sections: s.sections,
            paragraphs: s.paragraphs,
            sentences: s.sentences,
            citations: s.citations,
            fields: reading.fields,
            text_ids: s.text_ids,
        })
    }

    /// SHA-256 of the original bytes, lower-case hex.
    pub fn hash(&self) -> &str {
        self.hash.get_or_init(|| sha256_hex(&self.bytes))
    }

    /// The id of paragraph `p`'s text as read, for a document read through
    /// a [`SentenceCache`]: two paragraphs (of any documents) with the same
    /// id have the same clean text. `None` for a document read without a
    /// cache, or whose paragraphs no longer number as read. The ids describe
    /// the document as read: a caller editing its `text` or `paragraphs`
    /// afterwards must not rely on them.
    pub fn paragraph_text_id(&self, p: usize) -> Option<TextId> {
        if self.text_ids.len() != self.paragraphs.len() {
            return None;
        }
        self.text_ids.get(p).copied()
    }

    /// The original byte range a clean-text range came from.
    pub fn orig_span(&self, clean: Span) -> Span {
        self.map.map_span(clean)
    }

    /// The clean text of a span.
    pub fn clean(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The section a paragraph belongs to, and that section's ancestors,
    /// innermost first.
    pub fn section_path(&self, paragraph: usize) -> Vec<&Section> {
        let mut out = Vec::new();
        let mut cur = self.paragraphs.get(paragraph).and_then(|p| p.section);
        while let Some(i) = cur {
            let Some(s) = self.sections.get(i) else { break };
            out.push(s);
            cur = s.parent;
        }
        out
    }
}

/// What a document is read from: bytes, or a text known to be UTF-8.
enum Source {
    Bytes(Vec<u8>),
    Text(String),
}

/// Refuses empty and binary inputs with a clear reason.
fn check_text(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    // Text never holds NUL; binary formats nearly always do, early.
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(offset) = memchr::memchr(0, head) {
        return Err(ReadError::Binary { offset });
    }
    Ok(())
}

/// SHA-256 of `bytes`, lower-case hex: a document's [`Document::hash`]
/// (the ledger's `corroborate_store::sha256_hex`, which the binaries use).
fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(digest.len() * 2);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}
