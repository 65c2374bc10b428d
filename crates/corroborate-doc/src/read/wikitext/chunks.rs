//! Reading the revisions of a page incrementally: wikitext cut at its
//! top-level paragraph breaks, each piece (a *chunk*) read on its own and
//! kept by its bytes, so that the next revision reads again only the
//! chunks an edit touched and takes the others back.
//!
//! # Why a chunk reads the same alone as in its page
//!
//! The reader is the parser (`parse-wiki-text-2`) and the [`Walker`]. The
//! parser's whole state is a stack of open nodes and the position it has
//! flushed text to: at a blank line where the stack is empty, nothing of
//! what came before reaches what comes after. So a cut is made only where
//! the page has a blank line (`"\n\n"`, a non-blank byte either side) and
//! the chunk before it is proved closed by its own parse:
//!
//! - the cut is outside comments (an unclosed `<!--` runs to the end of
//!   the page without a word from the parser, so [`split`] skips them);
//! - the line after the cut starts with prose (not a heading, a list, a
//!   table, a preformatted line or a divider, which the parser starts
//!   without a paragraph break when a blank line precedes them), and the
//!   byte before it is not white space (which the parser trims);
//! - the chunk's parse left nothing open at its end: it gave no warning of
//!   rewinding an unclosed node or of a tag whose `>` it did not find, and
//!   none at its very end (where the page's parse would have looked
//!   further). A piece left open (a reference running over a blank line)
//!   is read again together with the pieces after it, up to the first
//!   break where the run closes: the run is then one chunk, cut at breaks
//!   that satisfy all of the above. When no such break comes soon
//!   ([`MAX_RUN`]) the whole page is read as before.
//!
//! The walker's state at such a break is fixed: the clean text is empty
//! or ends in a paragraph break, nothing is pending, and nothing pushed
//! reaches past the break (checked again when chunks are joined). A chunk
//! walked on its own from that state pushes the same runs, blocks, markers
//! and fields, moved by where it starts; the walker's own end (closing the
//! last paragraph at the chunk's end) is what the page's paragraph break
//! does at the same byte.
//!
//! Two things are decided per parse, not per page, and may differ: the
//! parser's time budget (a page the whole parse gives up on within it may
//! be read in chunks that each finish) and its panics on odd input (a
//! chunk that panics makes the page be read whole; a whole page that
//! would panic while its chunks do not is read in chunks). Both concern
//! pathological pages only, where from scratch is itself at the mercy of
//! the machine's speed.
//!
//! Depth is guarded chunk by chunk: a chunk nesting deeper than
//! [`MAX_NESTING`] is never parsed, and the page's depth is put together
//! from its chunks' walks ([`Depth::then`]); a page too deep is stripped,
//! as read whole.
//!
//! The result is the [`Reading`] of the whole page, run for run; a test
//! compares both ways on real pages and edits of them, and the incremental
//! extraction property test reads every revision both ways.

use super::depth::Depth;
use super::{parse_guarded, Walker, MAX_NESTING};
use crate::generations::Generations;
use crate::read::{Marker, Reading, RefBody};
use crate::{Field, Span, TextBuilder};
use parse_wiki_text_2::WarningMessage;
use std::ops::Range;
use Refused::{TooDeep, Unreadable};

/// One chunk read on its own: offsets from the chunk's first byte.
#[derive(Debug)]
struct Chunk {
    reading: Reading,
    /// Its walk of nesting depth.
    depth: Depth,
    /// The builder's [`TextBuilder::cursors`] at the end.
    cursors: (usize, usize),
    /// The parse left something open at the chunk's end: it reads the same
    /// only as the last chunk of a page.
    open: bool,
}

/// The chunks of the previous revision and of the current one, by their
/// bytes.
#[derive(Debug, Default)]
pub(crate) struct ChunkCache {
    chunks: Generations<Chunk>,
    /// The sizes of the last page put together: the next revision's are
    /// about the same, so its parts are given room once, not grown.
    sizes: Sizes,
}

/// How long the parts of a page's reading are.
#[derive(Debug, Default, Clone, Copy)]
struct Sizes {
    text: usize,
    runs: usize,
    blocks: usize,
    markers: usize,
    fields: usize,
}

/// What reading a page in chunks gave.
pub(crate) enum Chunked {
    /// The page's reading, [`super::read_markup`]'s.
    Read(Reading),
    /// The page nests deeper than [`MAX_NESTING`]: the caller strips it,
    /// as [`super::read_markup`] would.
    TooDeep,
    /// The page cannot be cut safely: the caller reads it whole.
    Whole,
}

impl ChunkCache {
    /// Reads `src` as [`super::read_markup`] does, taking back the chunks
    /// the previous call read.
    pub(crate) fn read(&mut self, src: &str) -> Chunked {
        let result = self.read_chunks(src);
        self.chunks.next_document();
        result
    }

    fn read_chunks(&mut self, src: &str) -> Chunked {
        let pieces = split(src);
        if pieces.len() < 2 {
            return Chunked::Whole;
        }
        let mut join = Join::new(src.len(), self.sizes);
        // The page's walk of depth, chunk after chunk (the blank lines
        // between them open and close nothing).
        let mut depth = Depth::EMPTY;
        let last = pieces.len() - 1;
        let mut k = 0;
        while k <= last {
            // A piece its parse leaves open (a reference or a template
            // running over a blank line) is read together with the pieces
            // after it, up to the first break where the run closes.
            let start = pieces[k].start;
            let mut end = k;
            loop {
                let Some(text) = src.get(start..pieces[end].end) else { return Chunked::Whole };
                let chunk = match self.chunk(text) {
                    Ok(chunk) => chunk,
                    Err(TooDeep) => return Chunked::TooDeep,
                    Err(Unreadable) => return Chunked::Whole,
                };
                if !chunk.open || end == last {
                    depth = depth.then(chunk.depth);
                    if join.push(chunk, start).is_none() {
                        return Chunked::Whole;
                    }
                    break;
                }
                if end - k >= MAX_RUN {
                    return Chunked::Whole;
                }
                end += 1;
            }
            k = end + 1;
        }
        if depth.deepest() > MAX_NESTING {
            return Chunked::TooDeep;
        }
        self.sizes = join.sizes();
        Chunked::Read(join.finish())
    }

    /// The chunk of `text`: read by this revision already, taken back
    /// from the previous one, or read now. A text nesting too deep on its
    /// own is never parsed (nor is the page, which nests at least as
    /// deep); one the parser panics on makes the page be read whole.
    fn chunk(&mut self, text: &str) -> Result<&Chunk, Refused> {
        let made = self.chunks.get_or_try(text, |text| {
            let depth = Depth::of(text);
            if depth.deepest() > MAX_NESTING {
                return Err(TooDeep);
            }
            read_chunk(text, depth).ok_or(Unreadable)
        });
        made.map(|(chunk, _)| &*chunk)
    }
}

/// Why a chunk was not read.
enum Refused {
    /// It nests deeper than [`MAX_NESTING`].
    TooDeep,
    /// The parser panicked on it.
    Unreadable,
}

/// How many pieces after an open one are read with it, at most, before
/// the page is read whole instead: each try parses the run again, so a
/// page left open to its end costs this many parses of its tail, not one
/// per piece.
const MAX_RUN: usize = 8;

/// Reads one chunk, whose walk of depth is `depth`, with a parser and a
/// walker of its own.
fn read_chunk(text: &str, depth: Depth) -> Option<Chunk> {
    let out = parse_guarded(text)?;
    let open = out.warnings.iter().any(|w| {
        matches!(w.message, WarningMessage::MissingEndTagRewinding | WarningMessage::InvalidTagSyntax)
            || w.end >= text.len()
    });
    let mut w = Walker::new(text);
    w.nodes(&out.nodes);
    let (reading, cursors) = w.finish_with_cursors();
    Some(Chunk { reading, depth, cursors, open })
}

/// The page's reading, put together chunk after chunk.
struct Join {
    b: TextBuilder,
    orig_len: usize,
    blocks: Vec<crate::read::Block>,
    markers: Vec<Marker>,
    fields: Vec<Field>,
}

impl Join {
    /// A join with room for parts of about `room`'s sizes (an eighth more).
    fn new(orig_len: usize, room: Sizes) -> Join {
        let more = |n: usize| n + n / 8;
        Join {
            b: TextBuilder::with_capacity(orig_len, more(room.text), more(room.runs)),
            orig_len,
            blocks: Vec::with_capacity(more(room.blocks)),
            markers: Vec::with_capacity(more(room.markers)),
            fields: Vec::with_capacity(more(room.fields)),
        }
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            text: self.b.len(),
            runs: self.b.runs(),
            blocks: self.blocks.len(),
            markers: self.markers.len(),
            fields: self.fields.len(),
        }
    }

    /// Appends `chunk`, which starts at original byte `base`; `None` when
    /// the state before it is not the one it was read from.
    fn push(&mut self, chunk: &Chunk, base: usize) -> Option<()> {
        let (cursor, copied) = self.b.cursors();
        let text = self.b.text();
        if cursor > base || copied > base || !(text.is_empty() || text.ends_with("\n\n")) {
            return None;
        }
        let c = self.b.len();
        let r = &chunk.reading;
        self.b.append(&r.text, &r.map, base, chunk.cursors);
        let moved = |s: Span| Span::new(s.start + c, s.end + c);
        self.blocks.extend(r.blocks.iter().map(|b| crate::read::Block { kind: b.kind, span: moved(b.span) }));
        self.fields.extend(r.fields.iter().map(|f| Field { label: moved(f.label), value: moved(f.value) }));
        self.markers.extend(r.markers.iter().map(|m| Marker {
            kind: m.kind,
            orig: Span::new(m.orig.start + base, m.orig.end + base),
            at: m.at + c,
            label: m.label.clone(),
            body: m.body.as_ref().map(|body| RefBody {
                orig: Span::new(body.orig.start + base, body.orig.end + base),
                text: body.text.clone(),
                map: body.map.shifted(base, self.orig_len),
            }),
        }));
        Some(())
    }

    fn finish(self) -> Reading {
        let (text, map) = self.b.finish();
        Reading { text, map, blocks: self.blocks, markers: self.markers, fields: self.fields }
    }
}

/// Where `src` may be cut: the ranges of its chunks, in order, covering
/// everything but the blank lines between them (see the module docs).
pub(crate) fn split(src: &str) -> Vec<Range<usize>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut comments = memchr::memmem::find_iter(b, b"<!--").peekable();
    // The end of the last comment seen (usize::MAX for one never closed).
    let mut comment_end = 0;
    for i in memchr::memmem::find_iter(b, b"\n\n") {
        while let Some(&c) = comments.peek() {
            if c >= i {
                break;
            }
            comments.next();
            if c < comment_end {
                continue;
            }
            comment_end = memchr::memmem::find(&b[c + 4..], b"-->").map_or(usize::MAX, |e| c + 4 + e + 3);
        }
        if i < comment_end || i == 0 {
            continue;
        }
        let before = b[i - 1];
        let line = memchr::memrchr(b'\n', &b[..i]).map_or(0, |n| n + 1);
        if matches!(before, b'\n' | b'\r' | b' ' | b'\t') || !prose_line(b, line) || !prose_line(b, i + 2) {
            continue;
        }
        out.push(start..i);
        start = i + 2;
    }
    out.push(start..b.len());
    out
}

/// True when the line starting at `at` starts as prose does: not a
/// heading, a list item, a table's line, a preformatted line or a divider,
/// which the parser ends or starts apart from the paragraph break itself.
fn prose_line(b: &[u8], at: usize) -> bool {
    match b.get(at) {
        None => false,
        Some(b'{') => b.get(at + 1) != Some(&b'|'),
        Some(c) => !matches!(c, b'\n' | b'\r' | b' ' | b'\t' | b'=' | b'#' | b'*' | b':' | b';' | b'-' | b'|' | b'!'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(src: &str) -> Reading {
        super::super::read_markup(src)
    }

    fn same(a: &Reading, b: &Reading) {
        assert_eq!(a.text, b.text);
        assert_eq!(a.map, b.map);
        assert_eq!(a.markers, b.markers);
        assert_eq!(a.fields, b.fields);
        let blocks = |r: &Reading| r.blocks.iter().map(|b| (b.kind, b.span)).collect::<Vec<_>>();
        assert_eq!(blocks(a), blocks(b));
    }

    #[test]
    fn cuts_only_at_blank_lines_before_prose_outside_comments() {
        let src = "Lead 12.\n\nSecond.\n\n== H ==\nText\n\n<!-- a\n\nb -->\n\n* item\n\nLast.";
        let cut: Vec<&str> = split(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(cut, ["Lead 12.", "Second.\n\n== H ==\nText", "<!-- a\n\nb -->\n\n* item\n\nLast."]);
    }

    #[test]
    fn chunks_read_as_the_whole_page_and_are_taken_back() {
        let pages = [
            "{{Infobox war\n| casualties1 = 300 killed\n}}\nThe '''siege''' lasted.<ref name=a>Smith, p. 4.</ref>\n\nSome 1,200 people fled.<ref name=a/>\n\n== Aftermath ==\nAbout 40 stayed.\n\nA [[link|label]] and {{convert|5|km}}.\n",
            "Open {{template\n\nstill open}} here.\n\nNext 7 para.\n\nUnclosed <ref>body\n\nmore</ref> end.\n\nTail.",
            "A [http://x.org label\n\nB ''italic\n\nC <!-- never closed\n\nD 5 dead.",
            "Table next.\n\nMore 3 text.\n\n{|\n| 12 || 13\n|}\n\nAfter 4.\n\n  pre line\n\nPlain 9.",
        ];
        let mut cache = ChunkCache::default();
        let mut read = Vec::new();
        for src in pages {
            for _ in 0..2 {
                let got = cache.read(src);
                if let Chunked::Read(r) = &got {
                    same(r, &whole(src));
                }
                read.push(matches!(got, Chunked::Read(_)));
            }
        }
        // Markup left open across a break is read with the pieces after
        // it; every page is read in chunks, the second time from the cache.
        assert_eq!(read, [true; 8]);
        assert_eq!(cache.chunks.remembered(), 2);
    }

    #[test]
    fn a_page_whose_chunks_nest_too_deep_together_is_stripped() {
        // Each paragraph nests 150 deep (void tags open and never close),
        // the page 300: too deep for the parser, as read whole.
        let para = format!("Text{} with 4 words.", "<br>".repeat(150));
        let page = format!("{para}\n\n{para}\n\nLast 3.");
        assert!(super::super::nesting(&para) <= MAX_NESTING && super::super::nesting(&page) > MAX_NESTING);
        let mut cache = ChunkCache::default();
        for _ in 0..2 {
            assert!(matches!(cache.read(&page), Chunked::TooDeep));
        }
        let got = super::super::read_cached(&page, &mut ChunkCache::default());
        same(&got, &super::super::read(&page));
    }

    #[test]
    fn a_piece_open_over_many_breaks_makes_the_page_read_whole() {
        let open = |n: usize| {
            let mut src = String::from("Start <ref>a note\n\n");
            for i in 0..n {
                src.push_str(&format!("Piece {i} with 5 words.\n\n"));
            }
            src.push_str("end</ref> here.\n\nLast 3.");
            src
        };
        let mut cache = ChunkCache::default();
        let near = open(MAX_RUN - 1);
        let Chunked::Read(got) = cache.read(&near) else { panic!("a run closing within MAX_RUN pieces is one chunk") };
        same(&got, &whole(&near));
        assert!(matches!(cache.read(&open(MAX_RUN + 2)), Chunked::Whole));
    }
}
