//! The offset map: from every position of a document's clean text back to
//! the byte range of its original bytes that produced it.
//!
//! A reader builds the clean text piece by piece with a [`TextBuilder`].
//! Each piece is one *run*:
//!
//! - an **exact** run copies original bytes verbatim, so clean byte `c`
//!   maps to original byte `orig_start + (c - clean_start)`;
//! - a **replaced** run stands for a whole original range it does not copy
//!   byte for byte (a decoded `&amp;`, a U+FFFD for an invalid byte, a
//!   space inserted where a tag was): any position inside it maps to the
//!   whole original range;
//! - a **synthetic** run is a replaced run over an empty original range
//!   (a paragraph break the reader inserted).
//!
//! Runs are pushed in document order, so the map is monotonic: a later
//! clean position never maps before an earlier one. Property tests in this
//! module and in `tests/` check that for every reader.

use crate::Span;

/// One piece of clean text and the original bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    clean_start: usize,
    clean_end: usize,
    orig_start: usize,
    orig_end: usize,
    /// Clean and original bytes are identical, position by position.
    exact: bool,
}

/// Maps byte positions of a clean text back to the original bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    runs: Vec<Run>,
    orig_len: usize,
}

impl OffsetMap {
    /// Original byte where the clean text starting at `clean` begins.
    pub fn map_start(&self, clean: usize) -> usize {
        self.start_in(self.runs.partition_point(|r| r.clean_end <= clean), clean)
    }

    /// Original byte where the clean text ending at `clean` ends.
    pub fn map_end(&self, clean: usize) -> usize {
        self.end_in(self.runs.partition_point(|r| r.clean_end < clean), clean)
    }

    /// The original byte range a clean range came from.
    pub fn map_span(&self, clean: Span) -> Span {
        if clean.start >= clean.end {
            let at = self.map_start(clean.start);
            return Span::new(at, at);
        }
        let start = self.map_start(clean.start);
        let end = self.map_end(clean.end).max(start);
        Span::new(start, end)
    }

    /// A [`Cursor`] for mapping many spans in text order.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor { map: self, start: 0, end: 0 }
    }

    /// [`OffsetMap::map_start`], given `i`: the first run ending after
    /// `clean`.
    fn start_in(&self, i: usize, clean: usize) -> usize {
        // The run holding `clean` is the last one starting at or before it
        // with a non-empty clean range that contains it.
        match self.runs.get(i) {
            Some(r) if r.clean_start <= clean => {
                if r.exact {
                    r.orig_start + (clean - r.clean_start)
                } else {
                    r.orig_start
                }
            }
            // Between runs (never happens with a builder) or past the end.
            Some(r) => r.orig_start,
            None => self.runs.last().map_or(0, |r| r.orig_end),
        }
    }

    /// [`OffsetMap::map_end`], given `i`: the first run ending at or after
    /// `clean` (the run holding the byte just before `clean`).
    fn end_in(&self, i: usize, clean: usize) -> usize {
        match self.runs.get(i) {
            Some(r) if r.clean_start < clean => {
                if r.exact {
                    r.orig_start + (clean - r.clean_start)
                } else {
                    r.orig_end
                }
            }
            Some(r) => r.orig_start,
            None => self.runs.last().map_or(0, |r| r.orig_end),
        }
    }

    /// This map with every original offset moved by `orig_base`, for an
    /// original `orig_len` bytes long: the map of a piece read on its own,
    /// once the piece stands at `orig_base` of a longer original.
    pub(crate) fn shifted(&self, orig_base: usize, orig_len: usize) -> OffsetMap {
        let runs = self
            .runs
            .iter()
            .map(|r| Run { orig_start: r.orig_start + orig_base, orig_end: r.orig_end + orig_base, ..*r })
            .collect();
        OffsetMap { runs, orig_len }
    }

    /// The map from this map's clean text to the original bytes of `inner`,
    /// when this map's "original" is itself the clean text of `inner`
    /// (a reader working on lossily decoded text).
    pub(crate) fn compose(&self, inner: &OffsetMap) -> OffsetMap {
        let mut b = TextBuilder::new(inner.orig_len);
        for r in &self.runs {
            if r.exact {
                // Split the run where `inner` changes runs, so each piece
                // stays exact wherever `inner` is exact.
                let mut c = r.clean_start;
                let mut o = r.orig_start;
                while o < r.orig_end {
                    let k = inner.runs.partition_point(|x| x.clean_end <= o);
                    let Some(ir) = inner.runs.get(k) else { break };
                    let piece_end = ir.clean_end.min(r.orig_end);
                    let len = piece_end - o;
                    if ir.exact {
                        let s = ir.orig_start + (o - ir.clean_start);
                        b.runs_push(c, c + len, s, s + len, true);
                    } else {
                        b.runs_push(c, c + len, ir.orig_start, ir.orig_end, false);
                    }
                    c += len;
                    o = piece_end;
                }
            } else {
                let s = inner.map_span(Span::new(r.orig_start, r.orig_end));
                b.runs_push(r.clean_start, r.clean_end, s.start, s.end, false);
            }
        }
        OffsetMap { runs: b.runs, orig_len: inner.orig_len }
    }
}

/// Maps spans as [`OffsetMap::map_span`] does, faster when they come in
/// text order (a revision's reused claims): each search starts from the
/// run the previous one found and gallops forward, so a span near the last
/// costs a few comparisons instead of a binary search of the whole map. A
/// span before the last is found by binary search, with the same result.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    map: &'a OffsetMap,
    /// The run indexes the last start and end searches found.
    start: usize,
    end: usize,
}

impl Cursor<'_> {
    /// The original byte range a clean range came from: equal to
    /// [`OffsetMap::map_span`].
    pub fn map_span(&mut self, clean: Span) -> Span {
        let runs = &self.map.runs;
        self.start = partition_from(runs, self.start, |r| r.clean_end <= clean.start);
        let start = self.map.start_in(self.start, clean.start);
        if clean.start >= clean.end {
            return Span::new(start, start);
        }
        self.end = partition_from(runs, self.end, |r| r.clean_end < clean.end);
        Span::new(start, self.map.end_in(self.end, clean.end).max(start))
    }
}

/// `runs.partition_point(pred)`, searched from `hint`: forward by galloping
/// when the point is at or after it, by binary search before it.
fn partition_from(runs: &[Run], hint: usize, pred: impl Fn(&Run) -> bool) -> usize {
    let hint = hint.min(runs.len());
    if hint > 0 && !pred(&runs[hint - 1]) {
        return runs[..hint].partition_point(pred);
    }
    // Every run before `lo` satisfies `pred`.
    let (mut lo, mut step) = (hint, 1);
    loop {
        let probe = lo + step - 1;
        match runs.get(probe) {
            Some(r) if pred(r) => {
                lo = probe + 1;
                step *= 2;
            }
            Some(_) => return lo + runs[lo..probe].partition_point(pred),
            None => return lo + runs[lo..].partition_point(pred),
        }
    }
}

/// Builds a clean text and its [`OffsetMap`] together, in document order.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    runs: Vec<Run>,
    orig_len: usize,
    /// The furthest original byte consumed so far; keeps the map monotonic.
    orig_cursor: usize,
    /// The end of the furthest original range copied verbatim.
    copied_end: usize,
}

impl TextBuilder {
    /// A builder for a document whose original is `orig_len` bytes long.
    pub(crate) fn new(orig_len: usize) -> TextBuilder {
        TextBuilder::with_capacity(orig_len, 0, 0)
    }

    /// A builder with room for `text` bytes of clean text in `runs` runs.
    pub(crate) fn with_capacity(orig_len: usize, text: usize, runs: usize) -> TextBuilder {
        let (text, runs) = (String::with_capacity(text), Vec::with_capacity(runs));
        TextBuilder { text, runs, orig_len, orig_cursor: 0, copied_end: 0 }
    }

    /// How many runs the map has so far.
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// The clean text built so far.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Length of the clean text built so far.
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    /// True when nothing has been pushed yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Copies `s`, which is exactly the original bytes at `orig_start`.
    /// Bytes already copied are skipped: each original byte is copied at
    /// most once, which keeps the map monotonic whatever a parser reports.
    pub(crate) fn push_copy(&mut self, s: &str, orig_start: usize) {
        let mut s = s;
        let mut orig_start = orig_start;
        if orig_start < self.copied_end {
            let mut skip = (self.copied_end - orig_start).min(s.len());
            while !s.is_char_boundary(skip) {
                skip += 1;
            }
            s = &s[skip..];
            orig_start += skip;
        }
        if s.is_empty() {
            return;
        }
        let c = self.text.len();
        self.text.push_str(s);
        let (os, oe) = self.clamp(orig_start, orig_start + s.len());
        let exact = oe - os == s.len();
        self.copied_end = self.copied_end.max(oe);
        self.runs_push(c, self.text.len(), os, oe, exact);
    }

    /// Pushes `s` as the rendering of the original range `orig`.
    pub(crate) fn push_replaced(&mut self, s: &str, orig: Span) {
        if s.is_empty() {
            return;
        }
        let c = self.text.len();
        self.text.push_str(s);
        let (os, oe) = self.clamp(orig.start, orig.end);
        self.runs_push(c, self.text.len(), os, oe, false);
    }

    /// Pushes text that stands for no original bytes (a break the reader
    /// inserted), anchored at original byte `at`.
    pub(crate) fn push_synthetic(&mut self, s: &str, at: usize) {
        self.push_replaced(s, Span::new(at, at));
    }

    /// Pushes a single space unless the text is empty or already ends in
    /// white space.
    pub(crate) fn ensure_space(&mut self, at: usize) {
        if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
            self.push_synthetic(" ", at);
        }
    }

    /// Ends the current paragraph: makes the text end in a blank line.
    pub(crate) fn paragraph_break(&mut self, at: usize) {
        if self.text.is_empty() {
            return;
        }
        let trailing = self.text.len() - self.text.trim_end_matches([' ', '\t']).len();
        if trailing > 0 && self.runs.last().is_some_and(|r| !r.exact && r.orig_start == r.orig_end) {
            // Drop a synthetic trailing space: the break replaces it.
            let cut = self.text.len() - trailing;
            self.truncate_synthetic(cut);
        }
        if self.text.ends_with("\n\n") {
            return;
        }
        let nl = if self.text.ends_with('\n') { "\n" } else { "\n\n" };
        self.push_synthetic(nl, at);
    }

    fn truncate_synthetic(&mut self, cut: usize) {
        while let Some(r) = self.runs.last_mut() {
            if r.clean_start >= cut {
                self.runs.pop();
            } else {
                r.clean_end = r.clean_end.min(cut);
                break;
            }
        }
        self.text.truncate(cut);
    }

    /// The furthest original byte consumed and the end of the furthest
    /// range copied verbatim: what [`TextBuilder::append`] needs to go on
    /// after a piece built on its own.
    pub(crate) fn cursors(&self) -> (usize, usize) {
        (self.orig_cursor, self.copied_end)
    }

    /// Appends a piece built by a builder of its own over the original
    /// bytes from `orig_base` on (its text, its map and its final
    /// [`TextBuilder::cursors`]), as if its pushes had been made here.
    ///
    /// That holds when nothing pushed here so far reached past
    /// `orig_base`, which the caller checks with [`TextBuilder::cursors`]:
    /// every clamp of the piece's pushes then gave what it gives here, and
    /// its first run joins the last one here as `runs_push` would have.
    pub(crate) fn append(&mut self, text: &str, map: &OffsetMap, orig_base: usize, cursors: (usize, usize)) {
        let c = self.text.len();
        for r in &map.runs {
            self.runs_push(
                r.clean_start + c,
                r.clean_end + c,
                r.orig_start + orig_base,
                r.orig_end + orig_base,
                r.exact,
            );
        }
        self.text.push_str(text);
        self.orig_cursor = self.orig_cursor.max(cursors.0 + orig_base);
        self.copied_end = self.copied_end.max(cursors.1 + orig_base);
    }

    /// Finishes the text and its map.
    pub(crate) fn finish(self) -> (String, OffsetMap) {
        (self.text, OffsetMap { runs: self.runs, orig_len: self.orig_len })
    }

    fn clamp(&mut self, start: usize, end: usize) -> (usize, usize) {
        let s = start.max(self.orig_cursor).min(self.orig_len);
        let e = end.max(s).min(self.orig_len);
        self.orig_cursor = s;
        (s, e)
    }

    fn runs_push(&mut self, cs: usize, ce: usize, os: usize, oe: usize, exact: bool) {
        if let Some(last) = self.runs.last_mut() {
            if exact && last.exact && last.clean_end == cs && last.orig_end == os {
                last.clean_end = ce;
                last.orig_end = oe;
                return;
            }
        }
        self.runs.push(Run { clean_start: cs, clean_end: ce, orig_start: os, orig_end: oe, exact });
    }
}

/// Decodes bytes as UTF-8, replacing each invalid sequence by U+FFFD, and
/// returns the text with a map back to the bytes. A leading byte-order mark
/// is dropped (and mapped).
pub(crate) fn decode_lossy(bytes: &[u8]) -> (String, OffsetMap) {
    let mut b = TextBuilder::new(bytes.len());
    let mut pos = 0;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").map_or(bytes, |rest| {
        pos = 3;
        rest
    });
    for chunk in body.utf8_chunks() {
        b.push_copy(chunk.valid(), pos);
        pos += chunk.valid().len();
        let bad = chunk.invalid();
        if !bad.is_empty() {
            b.push_replaced("\u{FFFD}", Span::new(pos, pos + bad.len()));
            pos += bad.len();
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_verbatim_copy_maps_each_byte() {
        let mut b = TextBuilder::new(10);
        b.push_copy("0123456789", 0);
        let (_, m) = b.finish();
        assert_eq!(m.map_span(Span::new(2, 5)), Span::new(2, 5));
        assert_eq!(m.map_span(Span::new(0, 10)), Span::new(0, 10));
    }

    #[test]
    fn replaced_runs_map_to_whole_range() {
        // "a&amp;b" -> "a&b"
        let mut b = TextBuilder::new(7);
        b.push_copy("a", 0);
        b.push_replaced("&", Span::new(1, 6));
        b.push_copy("b", 6);
        let (t, m) = b.finish();
        assert_eq!(t, "a&b");
        assert_eq!(m.map_span(Span::new(1, 2)), Span::new(1, 6));
        assert_eq!(m.map_span(Span::new(0, 3)), Span::new(0, 7));
        assert_eq!(m.map_span(Span::new(2, 3)), Span::new(6, 7));
    }

    #[test]
    fn invalid_utf8_keeps_true_offsets() {
        let bytes = b"ab\xFF\xFEcd 12";
        let (t, m) = decode_lossy(bytes);
        assert_eq!(t, "ab\u{FFFD}\u{FFFD}cd 12");
        let i = t.find("12").unwrap();
        let s = m.map_span(Span::new(i, i + 2));
        assert_eq!(&bytes[s.start..s.end], b"12");
    }

    #[test]
    fn compose_goes_through_both_maps() {
        let bytes = b"x\xFFy [1] 42";
        let (decoded, inner) = decode_lossy(bytes);
        // A reader that drops "[1] ".
        let mut b = TextBuilder::new(decoded.len());
        let cut = decoded.find("[1] ").unwrap();
        b.push_copy(&decoded[..cut], 0);
        b.push_copy(&decoded[cut + 4..], cut + 4);
        let (clean, outer) = b.finish();
        let m = outer.compose(&inner);
        let i = clean.find("42").unwrap();
        let s = m.map_span(Span::new(i, i + 2));
        assert_eq!(&bytes[s.start..s.end], b"42");
    }

    proptest! {
        #[test]
        fn decode_map_is_monotonic_and_in_bounds(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let (t, m) = decode_lossy(&bytes);
            let mut last = 0;
            for c in 0..=t.len() {
                let o = m.map_start(c);
                prop_assert!(o >= last);
                prop_assert!(o <= bytes.len());
                last = o;
            }
            for (i, ch) in t.char_indices() {
                let s = m.map_span(Span::new(i, i + ch.len_utf8()));
                prop_assert!(s.end <= bytes.len());
                if ch != '\u{FFFD}' {
                    let mut buf = [0u8; 4];
                    prop_assert_eq!(&bytes[s.start..s.end], ch.encode_utf8(&mut buf).as_bytes());
                }
            }
        }

        #[test]
        fn a_cursor_maps_every_span_as_map_span_does(
            pieces in proptest::collection::vec((0u8..3, 0usize..6, 0usize..4), 0..60),
            spans in proptest::collection::vec((0usize..300, 0usize..40), 0..40),
            sorted in any::<bool>(),
        ) {
            // Copied, replaced and synthetic runs of random lengths, with
            // skipped original bytes between them.
            let mut b = TextBuilder::new(1000);
            let mut orig = 0;
            for (kind, len, gap) in pieces {
                orig += gap;
                let text = "x".repeat(len.max(1));
                match kind {
                    0 => b.push_copy(&text, orig),
                    1 => b.push_replaced(&text, Span::new(orig, orig + len)),
                    _ => b.push_synthetic(" ", orig),
                }
                orig += len;
            }
            let (t, m) = b.finish();
            let mut spans: Vec<Span> = spans.into_iter().map(|(s, l)| Span::new(s, s + l)).collect();
            if sorted {
                spans.sort();
            }
            let mut cursor = m.cursor();
            for s in spans {
                let s = Span::new(s.start.min(t.len() + 2), s.end.min(t.len() + 2));
                prop_assert_eq!(cursor.map_span(s), m.map_span(s), "{:?}", s);
            }
        }
    }
}
