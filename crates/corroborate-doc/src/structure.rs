//! From a reader's blocks to sections, paragraphs and sentences.
//!
//! Sections nest by heading level. Paragraphs belong to the innermost open
//! section. Sentences come from Wikimedia's `sentencex` (which keeps byte
//! offsets and knows abbreviations such as "Prof." and "Gen."), run on each
//! paragraph. Citation markers attach to the sentence they follow.
//!
//! Sentence splitting is a function of a paragraph's clean text alone, and
//! it is the dearest part of reading a page (about 40 % of reading a wiki
//! revision). A [`SentenceCache`] remembers, for the paragraphs of the
//! document read last, the boundaries `sentencex` gave, so that reading
//! the next revision of a page splits only the paragraphs whose text
//! changed. Texts are compared whole (a hash map finds them, equality
//! decides), so a cached split is always the split of the same text.

use crate::generations::{Generations, TextId};
use crate::read::{BlockKind, Marker, MarkerKind, Reading, RefBody};
use crate::Span;
use serde::Serialize;
use std::convert::Infallible;

/// Headings of sections that hold apparatus (references, links), not prose.
const APPARATUS_HEADINGS: &[&str] = &[
    "references",
    "notes",
    "footnotes",
    "citations",
    "sources",
    "bibliography",
    "further reading",
    "external links",
    "see also",
    "literature",
    "notes and references",
    "works cited",
];

/// A section heading and its place in the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading's text.
    pub heading: String,
    /// The heading's clean-text span.
    pub span: Span,
    /// 1 for top-level sections, deeper for subsections.
    pub level: u8,
    /// The enclosing section.
    pub parent: Option<usize>,
    /// True for references, external links and the like.
    pub apparatus: bool,
}

/// A paragraph of the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Its clean-text span.
    pub span: Span,
    /// The innermost section holding it.
    pub section: Option<usize>,
    /// True when it is apparatus (a reference entry, a hatnote, or inside
    /// an apparatus section): kept, but not a source of claims.
    pub apparatus: bool,
}

/// A sentence of the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Its clean-text span.
    pub span: Span,
    /// The paragraph holding it.
    pub paragraph: usize,
    /// Indexes of the citations that follow it.
    pub citations: Vec<usize>,
}

/// A citation marker or maintenance tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Reference or maintenance tag.
    pub kind: MarkerKind,
    /// Its bytes in the original.
    pub orig: Span,
    /// Its label as written.
    pub label: String,
    /// The sentence it follows.
    pub sentence: Option<usize>,
    /// A reference's body (wikitext `<ref>…</ref>`), where the reader kept
    /// one: its original span, clean text and map.
    pub body: Option<RefBody>,
}

/// The structure [`build_cached`] finds.
#[derive(Debug, Default)]
pub(crate) struct Structure {
    /// The title's text.
    pub(crate) title: Option<String>,
    /// Sections in order.
    pub(crate) sections: Vec<Section>,
    /// Paragraphs in order.
    pub(crate) paragraphs: Vec<Paragraph>,
    /// Sentences in order.
    pub(crate) sentences: Vec<Sentence>,
    /// Citations in order.
    pub(crate) citations: Vec<Citation>,
    /// The [`TextId`] of each paragraph's text, when read through a
    /// cache (empty otherwise).
    pub(crate) text_ids: Vec<TextId>,
}

/// Sentence boundaries (byte ranges in the paragraph's text) of the
/// paragraphs of the last document read, kept for the next one: splitting
/// depends on a paragraph's text alone, so reading the next revision of a
/// page splits only the paragraphs whose text changed (see
/// [`Document::read_cached`](crate::Document::read_cached)). Memory is that
/// of one document's paragraphs.
///
/// Each paragraph text it holds has a [`TextId`], which the document keeps
/// ([`Document::paragraph_text_id`](crate::Document::paragraph_text_id)):
/// what a consumer works out per paragraph text can be found again by that
/// number, the text hashed and compared once, here.
///
/// It keeps the wikitext chunks of the last document too: the pieces of
/// its markup between top-level paragraph breaks, each with its clean text
/// and offset map, so that the next revision parses only the chunks an
/// edit touched (`read::wikitext::ChunkCache`).
#[derive(Debug, Default)]
pub struct SentenceCache {
    /// The last document's wikitext chunks.
    pub(crate) chunks: crate::read::ChunkCache,
    /// The previous and the current document's paragraph texts.
    texts: Generations<Split>,
    /// Paragraphs split, and of those, found in the cache.
    seen: u64,
    hits: u64,
}

/// What the cache keeps of one paragraph text.
#[derive(Debug)]
struct Split {
    id: TextId,
    /// Its sentence boundaries, once split (an apparatus paragraph's text
    /// has an id but is not split).
    bounds: Option<Vec<(usize, usize)>>,
}

impl SentenceCache {
    /// A cache remembering nothing yet.
    pub fn new() -> SentenceCache {
        SentenceCache::default()
    }

    /// Paragraphs looked up so far, and how many of them were found.
    pub fn stats(&self) -> (u64, u64) {
        (self.seen, self.hits)
    }

    /// The id of a paragraph's text and its sentence boundaries, as
    /// `sentencex` gives them.
    fn boundaries(&mut self, text: &str) -> (TextId, &[(usize, usize)]) {
        let (entry, kept) = entry(&mut self.texts, text);
        self.seen += 1;
        self.hits += u64::from(kept && entry.bounds.is_some());
        (entry.id, entry.bounds.get_or_insert_with(|| split(text)))
    }

    /// Ends a document: its paragraphs become the ones remembered.
    fn next_document(&mut self) {
        self.texts.next_document();
    }
}

/// The entry of a paragraph's text in the current document (and whether
/// it was there already).
fn entry<'a>(texts: &'a mut Generations<Split>, text: &str) -> (&'a mut Split, bool) {
    let Ok(found) = texts.get_or_try(text, |_| Ok::<_, Infallible>(Split { id: TextId::fresh(), bounds: None }));
    found
}

/// `sentencex`'s sentence boundaries of a paragraph's text.
fn split(text: &str) -> Vec<(usize, usize)> {
    sentencex::get_sentence_boundaries("en", text).into_iter().map(|b| (b.start_byte, b.end_byte)).collect()
}

/// Cuts a reading into sections, paragraphs and sentences, splitting
/// sentences through `cache` where one is given: the result is the same,
/// paragraph for paragraph. The reading's markers become the citations:
/// their labels and bodies are moved there, not copied.
pub(crate) fn build_cached(r: &mut Reading, mut cache: Option<&mut SentenceCache>) -> Structure {
    let mut s = Structure::default();
    // Open sections, outermost first.
    let mut open: Vec<usize> = Vec::new();
    for block in &r.blocks {
        let text = r.text.get(block.span.range()).unwrap_or("").trim();
        match block.kind {
            BlockKind::Title => {
                if s.title.is_none() {
                    s.title = Some(text.to_string());
                }
            }
            BlockKind::Heading(level) => open_section(&mut s, &mut open, block.span, text, level),
            BlockKind::Paragraph | BlockKind::Apparatus => {
                let section = open.last().copied();
                let apparatus = block.kind == BlockKind::Apparatus || section.is_some_and(|i| s.sections[i].apparatus);
                s.paragraphs.push(Paragraph { span: block.span, section, apparatus });
                let p = s.paragraphs.len() - 1;
                if !apparatus {
                    push_sentences(r, &mut s, cache.as_deref_mut(), block.span, p);
                } else if let Some(c) = cache.as_deref_mut() {
                    s.text_ids.push(entry(&mut c.texts, text_of(r, block.span)).0.id);
                }
            }
        }
    }
    attach_citations(&mut r.markers, &mut s);
    if let Some(c) = cache {
        c.next_document();
    }
    s
}

/// Step of [`build_cached`]: a heading closes the open sections at its level
/// or deeper and opens its own, apparatus if its words say so or its parent
/// is.
fn open_section(s: &mut Structure, open: &mut Vec<usize>, span: Span, text: &str, level: u8) {
    while open.last().is_some_and(|&i| s.sections[i].level >= level) {
        open.pop();
    }
    let parent = open.last().copied();
    let lower = text.to_lowercase();
    let apparatus =
        APPARATUS_HEADINGS.contains(&lower.trim_end_matches(':')) || parent.is_some_and(|p| s.sections[p].apparatus);
    s.sections.push(Section { heading: text.to_string(), span, level, parent, apparatus });
    open.push(s.sections.len() - 1);
}

/// Step of [`build_cached`]: the sentences of paragraph `p` (spanning
/// `span`), as `sentencex` splits them (through `cache` if given), cut again
/// at citation markers that [`marker_breaks`] finds.
fn push_sentences(r: &Reading, s: &mut Structure, cache: Option<&mut SentenceCache>, span: Span, p: usize) {
    let breaks = marker_breaks(r, span);
    let text = text_of(r, span);
    let fresh;
    let bounds: &[(usize, usize)] = match cache {
        Some(c) => {
            let (id, bounds) = c.boundaries(text);
            s.text_ids.push(id);
            bounds
        }
        None => {
            fresh = split(text);
            &fresh
        }
    };
    for &(b_start, b_end) in bounds {
        let whole = Span::new(span.start + b_start, span.start + b_end);
        let mut from = whole.start;
        for &cut in breaks.iter().filter(|&&c| whole.start < c && c < whole.end) {
            let span = trim(r, Span::new(from, cut));
            if !span.is_empty() {
                s.sentences.push(Sentence { span, paragraph: p, citations: Vec::new() });
            }
            from = cut;
        }
        let span = trim(r, Span::new(from, whole.end));
        if !span.is_empty() {
            s.sentences.push(Sentence { span, paragraph: p, citations: Vec::new() });
        }
    }
}

/// Step of [`push_sentences`]: where a block's citation markers end a
/// sentence. A citation marker followed by a capitalised word ends a
/// sentence even where the text lacks a full stop. Markers are in text
/// order: look only at this block's.
fn marker_breaks(r: &Reading, span: Span) -> Vec<usize> {
    let lo = r.markers.partition_point(|m| m.at <= span.start);
    let hi = r.markers.partition_point(|m| m.at < span.end);
    r.markers[lo..hi]
        .iter()
        .filter(|m| {
            let after = &r.text[m.at..span.end];
            let before = r.text[span.start..m.at].chars().next_back();
            after.starts_with(' ')
                && after[1..].starts_with(|c: char| c.is_uppercase())
                && before.is_some_and(|c| c.is_alphanumeric())
        })
        .map(|m| m.at)
        .collect()
}

/// Step of [`build_cached`]: a marker follows the last sentence that starts
/// before it; every marker becomes a citation, taking its label and body.
fn attach_citations(markers: &mut [Marker], s: &mut Structure) {
    for m in markers {
        let k = s.sentences.partition_point(|x| x.span.start < m.at);
        let sentence = k.checked_sub(1).filter(|&k| m.at <= s.sentences[k].span.end + 1);
        if let Some(i) = sentence {
            s.sentences[i].citations.push(s.citations.len());
        }
        s.citations.push(Citation {
            kind: m.kind,
            orig: m.orig,
            label: std::mem::take(&mut m.label),
            sentence,
            body: m.body.take(),
        });
    }
}

fn text_of(r: &Reading, span: Span) -> &str {
    r.text.get(span.range()).unwrap_or("")
}

fn trim(r: &Reading, span: Span) -> Span {
    let t = text_of(r, span);
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    Span::new(span.start + lead, (span.end - trail).max(span.start + lead))
}

#[cfg(test)]
mod tests {
    use crate::{Document, FormatHint};

    fn sentences(text: &str) -> Vec<String> {
        let d = Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Auto).unwrap();
        d.sentences.iter().map(|s| d.clean(s.span).to_string()).collect()
    }

    #[test]
    fn abbreviations_and_decimals_do_not_split() {
        let got = sentences(
            "According to Prof. Tadeusz Piotrowski, nearly 1.5 million were deported. Gen. Korneyev protested (pp. 70–71). Another sentence follows.",
        );
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn citations_attach_to_the_sentence_they_follow() {
        let d = Document::read(
            "t.txt",
            b"First sentence here.[1] Second sentence here.[citation needed] Third.".to_vec(),
            FormatHint::Auto,
        )
        .unwrap();
        assert_eq!(d.citations.len(), 2);
        assert_eq!(d.citations[0].sentence, Some(0));
        assert_eq!(d.citations[1].sentence, Some(1));
    }

    #[test]
    fn a_sentence_cache_splits_only_changed_paragraphs_and_splits_them_the_same() {
        use crate::SentenceCache;
        let first = "Title here\n\nGen. Ivor Halden led 300 men. They left.\n\nAbout 40 stayed behind.\n";
        let second =
            "Title here\n\nGen. Ivor Halden led 300 men. They left.\n\nAbout 45 stayed. Prof. Amis counted them.\n";
        let mut cache = SentenceCache::new();
        for (text, hits) in [(first, 0), (second, 1), (second, 3), (first, 4)] {
            let cached =
                Document::read_cached("t.txt", text.as_bytes().to_vec(), FormatHint::Auto, &mut cache).unwrap();
            let plain = Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Auto).unwrap();
            assert_eq!(cached.sentences, plain.sentences, "{text:?}");
            assert_eq!(cached.paragraphs, plain.paragraphs);
            assert_eq!(cache.stats().1, hits, "{text:?}: {:?}", cache.stats());
        }
    }

    #[test]
    fn a_paragraph_text_keeps_its_id_while_the_cache_remembers_it() {
        use crate::SentenceCache;
        let read = |text: &str, cache: &mut SentenceCache| {
            Document::read_cached("t.txt", text.as_bytes().to_vec(), FormatHint::Auto, cache).unwrap()
        };
        let ids = |d: &Document| (0..d.paragraphs.len()).map(|p| d.paragraph_text_id(p)).collect::<Vec<_>>();
        let mut cache = SentenceCache::new();
        let a = read("Title here\n\nAbout 40 stayed.\n\nSome 12 left.\n\nReferences\n\nA source, p. 4.\n", &mut cache);
        let b = read("Title here\n\nAbout 45 stayed.\n\nSome 12 left.\n\nReferences\n\nA source, p. 4.\n", &mut cache);
        let (ia, ib) = (ids(&a), ids(&b));
        assert!(ia.iter().chain(&ib).all(Option::is_some), "{ia:?} {ib:?}");
        assert!(a.paragraphs.iter().any(|p| p.apparatus), "an apparatus paragraph has an id too");
        for p in 0..a.paragraphs.len() {
            let same = a.clean(a.paragraphs[p].span) == b.clean(b.paragraphs[p].span);
            assert_eq!(ia[p] == ib[p], same, "paragraph {p}");
        }
        let plain = Document::read("t.txt", b"Title here\n\nSome 12 left.\n".to_vec(), FormatHint::Auto).unwrap();
        assert_eq!(plain.paragraph_text_id(0), None, "read without a cache");
        let again = read("Title here\n\nSome 12 left.\n", &mut SentenceCache::new());
        let last = again.paragraph_text_id(again.paragraphs.len() - 1);
        assert!(last.is_some() && !ib.contains(&last), "another cache's ids never meet these");
    }

    #[test]
    fn apparatus_sections_are_marked() {
        let d = Document::read(
            "t.txt",
            b"Title here\n\nProse with 12 victims.\n\nExternal links\n\nA page about 300 things.\n".to_vec(),
            FormatHint::Auto,
        )
        .unwrap();
        assert!(d.paragraphs.last().unwrap().apparatus);
        assert!(!d.paragraphs[0].apparatus);
    }
}
