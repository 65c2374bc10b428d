//! Incremental extraction across the revisions of one page.
//!
//! Consecutive revisions of a wiki page share almost all their text: an
//! edit changes one paragraph, and the extractor would read the other
//! hundred again for nothing. [`Incremental`] remembers, for each paragraph
//! of the previous revision, the claims found in it, under a key holding
//! everything those claims depend on; a paragraph of the next revision with
//! the same key takes them back instead of going through the extractor.
//!
//! # What a paragraph's claims depend on
//!
//! `extract_paragraph` (in `lib.rs`) reads, for paragraph `p`:
//!
//! - its clean text and its sentences (their spans, relative to the
//!   paragraph: sentence splitting also depends on citation markers);
//! - its section headings, innermost first, and the heading of the place
//!   section standing in for a lost parent (`context::place_parents`);
//! - the labelled rows ([`Frame`] rows) whose values touch it, with their
//!   spans relative to the paragraph, their labels and their values;
//! - the clean text just before it: `context::place::locative` looks at
//!   the word before a place, which for a place opening the paragraph is the
//!   last word of whatever precedes it (the last two words are kept);
//! - the side's label a column of infobox rows above it hands down
//!   (`context::inherited_side_label`: "German forces:" over "7,000 MIA");
//! - the names the document introduces as places anywhere
//!   (`context::ParagraphPlaces`: "the town of X" in one paragraph makes X
//!   a place in every other) that its text contains: a known name is found
//!   in a paragraph by substring search, so one the text lacks changes
//!   nothing there (an edit introducing a name invalidates only the
//!   paragraphs holding it);
//! - document-wide state, the same for every paragraph: the format, the
//!   title, the frame's place, years and violence.
//!
//! The per-paragraph parts make the key of a paragraph; the document-wide
//! ones are compared once per revision, and when they change nothing is
//! reused, except that the paragraphs last read under the state before are
//! kept too: a revision restoring that state (a vandal's edit of the frame,
//! reverted) takes them back. Keys are compared whole (a hash map with fast
//! hashing finds them, equality decides), so a reused paragraph is one whose
//! inputs are equal byte for byte, never one whose hash collides.
//!
//! # What is reused, and what is recomputed
//!
//! Claims are kept relative to their paragraph: clean-text spans from the
//! paragraph's start, sentence indexes from its first sentence. On reuse
//! they are moved to the paragraph's new position, and their original byte
//! offsets (the claim's and its sentence's) are mapped again through the
//! new revision's offset map, exactly as the extractor maps them: the
//! markup around an unchanged paragraph may have moved or changed, its
//! offsets are never shifted by guesswork. The output is the output of
//! [`crate::extract_in_frame`] on the same document, claim for claim.
//!
//! What depends on a paragraph's text alone (its place mentions,
//! [`context::place::mentions`], whether it is a short row, the known
//! names it holds) is kept per distinct text, under the text's
//! [`TextId`]: a number no other text gets, which a document read through a
//! `SentenceCache` carries for each paragraph
//! ([`Document::paragraph_text_id`]; the cache compared the text whole to
//! give it), and which [`TextIds`] gives otherwise. The text enters its
//! paragraph's key as that id, so the key is short and still equal only for
//! equal texts.
//!
//! # Placed claims and their JSON
//!
//! [`Incremental::extract_placed`] gives a revision's claims as
//! [`Placed`] rows: a shared, immutable [`Kept`] claim (everything but the
//! offsets and the document's name) and the offsets it has in this
//! revision. A reused claim costs a reference count, not a copy of its
//! strings, and its JSON line is serialized once for all the revisions
//! sharing it: [`write_jsonl`] writes the `serde_json` serialization of the
//! [`Claim`], byte for byte, by writing the offsets and the name around
//! the kept claim's serialized fields (every field between `end` and
//! `sentence_start`, in the order `Claim` declares them).
//!
//! Only the previous revision (and the last one read under the state
//! before) is remembered, so memory stays that of two revisions whatever
//! the history's length.

use crate::context::place::{self, Mention};
use crate::context::{self, ParagraphPlaces};
use crate::{extract_paragraph, Claim, Frame, Shared};
use corroborate_doc::{Cursor, Document, Span, TextId, TextIds};
use hashbrown::{DefaultHashBuilder, HashTable};
use rustc_hash::FxHashMap;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A claim kept from the paragraph it was found in, shared by every
/// revision that reuses it: its fields, the offsets and name aside (they
/// are the [`Placed`] row's), and its JSON serialization between them,
/// made on first use.
#[derive(Debug)]
pub struct Kept {
    /// The claim with an empty `doc`, zero offsets, its `clean` span
    /// relative to its paragraph's clean start and its `sentence` relative
    /// to its paragraph's first sentence.
    claim: Claim,
    /// The claim's serialized fields from `,"quote":` to the last before
    /// `,"sentence_start":` (`None` if the serialization does not have the
    /// expected shape: the line is then serialized whole).
    json: OnceLock<Option<Box<[u8]>>>,
}

/// What opens and closes the serialization of a [`Kept`] claim (empty
/// name, zero offsets): the fields [`Placed`] writes itself.
const JSON_OPEN: &[u8] = br#"{"doc":"","start":0,"end":0"#;
const JSON_CLOSE: &[u8] = br#","sentence_start":0,"sentence_end":0}"#;

impl Kept {
    /// The serialized fields between `end` and `sentence_start`.
    fn json_middle(&self) -> Option<&[u8]> {
        self.json
            .get_or_init(|| {
                let whole = serde_json::to_vec(&self.claim).ok()?;
                let middle = whole.strip_prefix(JSON_OPEN)?.strip_suffix(JSON_CLOSE)?;
                Some(middle.into())
            })
            .as_deref()
    }
}

/// One claim of a revision: a [`Kept`] claim at its offsets in the
/// revision (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct Placed {
    kept: Arc<Kept>,
    /// Byte offsets of the figure in the document's original bytes.
    pub start: usize,
    /// End of the figure (exclusive).
    pub end: usize,
    /// Byte offsets of the sentence in the document's original bytes.
    pub sentence_start: usize,
    /// End of the sentence (exclusive).
    pub sentence_end: usize,
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// The figure's span in the document's clean text.
    pub clean: Span,
}

impl Placed {
    /// A claim just found in the paragraph starting at clean offset
    /// `para` whose first sentence is `first`.
    fn from_claim(c: Claim, para: usize, first: usize) -> Placed {
        let (start, end, sentence_start, sentence_end, sentence, clean) =
            (c.start, c.end, c.sentence_start, c.sentence_end, c.sentence, c.clean);
        // A claim lies inside its paragraph; wrapping arithmetic keeps a
        // claim exact on reuse even if one did not (it wraps back in
        // `PlaceAgain::place`) instead of panicking.
        let claim = Claim {
            doc: String::new(),
            start: 0,
            end: 0,
            sentence_start: 0,
            sentence_end: 0,
            clean: Span::new(clean.start.wrapping_sub(para), clean.end.wrapping_sub(para)),
            sentence: sentence.wrapping_sub(first),
            ..c
        };
        let kept = Arc::new(Kept { claim, json: OnceLock::new() });
        Placed { kept, start, end, sentence_start, sentence_end, sentence, clean }
    }

    /// The claim of the document named `doc`.
    pub fn claim(&self, doc: &str) -> Claim {
        Claim {
            doc: doc.to_string(),
            start: self.start,
            end: self.end,
            sentence_start: self.sentence_start,
            sentence_end: self.sentence_end,
            sentence: self.sentence,
            clean: self.clean,
            ..self.kept.claim.clone()
        }
    }
}

/// Appends the JSON Lines of `rows`, claims of the document named `doc`:
/// for each, the `serde_json` serialization of [`Placed::claim`] and a
/// newline, byte for byte.
pub fn write_jsonl(rows: &[Placed], doc: &str, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let mut name = Vec::with_capacity(doc.len() + 2);
    serde_json::to_writer(&mut name, doc)?;
    let mut num = itoa::Buffer::new();
    for r in rows {
        let Some(middle) = r.kept.json_middle() else {
            serde_json::to_writer(&mut *out, &r.claim(doc))?;
            out.push(b'\n');
            continue;
        };
        out.extend_from_slice(br#"{"doc":"#);
        out.extend_from_slice(&name);
        out.extend_from_slice(br#","start":"#);
        out.extend_from_slice(num.format(r.start).as_bytes());
        out.extend_from_slice(br#","end":"#);
        out.extend_from_slice(num.format(r.end).as_bytes());
        out.extend_from_slice(middle);
        out.extend_from_slice(br#","sentence_start":"#);
        out.extend_from_slice(num.format(r.sentence_start).as_bytes());
        out.extend_from_slice(br#","sentence_end":"#);
        out.extend_from_slice(num.format(r.sentence_end).as_bytes());
        out.extend_from_slice(b"}\n");
    }
    Ok(())
}

/// Counts of what [`Incremental`] reused, for benchmarks and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Paragraphs with sentences seen.
    pub paragraphs: u64,
    /// Of those, paragraphs whose claims were reused.
    pub reused: u64,
}

/// What depends on a paragraph's text alone, found once while the text
/// stays in the page.
#[derive(Debug, Clone)]
struct Text {
    /// Its place mentions ([`place::mentions`]), offsets in the text.
    mentions: Vec<Mention>,
    /// Those of its mentions naming a place the text introduces
    /// (`place::introduced`), in order: the document's introduced names
    /// are the same read from these as from all mentions, which only the
    /// paragraphs going through the extractor need.
    intro: Vec<Mention>,
}

/// A paragraph text of the previous revision (or this one): what every
/// revision reads of it, beside the rest, which only a revision extracting
/// a paragraph reads (so that the rest stays out of the processor's cache
/// otherwise).
#[derive(Debug, Clone)]
struct Slot {
    own: Own,
    text: Text,
}

/// What every revision reads of a paragraph's text.
#[derive(Debug, Clone, Copy)]
struct Own {
    /// Its id: keys hold it in place of the text (equal ids are equal
    /// texts; ids are never given twice, so a key of a text forgotten and
    /// seen again misses, never matches wrongly).
    id: TextId,
    /// Whether it is a short row (`context::is_short_row`).
    short_row: bool,
    /// Whether it introduces a place ([`Text::intro`] is not empty).
    introduces: bool,
}

/// Extracts the revisions of one page after another, reusing the claims
/// of paragraphs that did not change (see the [module docs](self)).
///
/// Feeding it revisions of different pages is correct too (a page's title
/// is part of every key), only slower.
#[derive(Debug, Default)]
pub struct Incremental {
    /// The previous revision's document-wide state.
    doc_state: Vec<u8>,
    /// The document-wide state before the last change of it, and the
    /// paragraphs of the last revision read under it: a revision going
    /// back to that state (a vandal's change of the title or the frame's
    /// years, reverted) takes its paragraphs back.
    prev_state: Vec<u8>,
    prev_claims: HashTable<Keyed>,
    /// The names the last revision introduced as places, and for each
    /// paragraph text of the last revision (by its [`TextId`]) the indexes
    /// of those it holds (forgotten when the names change).
    known: Vec<String>,
    holds: FxHashMap<TextId, Vec<usize>>,
    /// The automaton of `known`, once a revision needed it (forgotten
    /// with `holds`).
    automaton: Option<Arc<place::Known>>,
    /// The previous revision's paragraphs: key → claims, each kept
    /// relative to its paragraph (see [`Kept`]).
    claims: HashTable<Keyed>,
    /// Hashes the keys (seeded per process): each key is hashed once a
    /// revision, its hash kept with it.
    hasher: DefaultHashBuilder,
    /// The previous revision's paragraph texts (by id), each with what
    /// depends on it alone.
    texts: FxHashMap<TextId, Slot>,
    /// Ids of the texts of documents read without a cache.
    ids: TextIds,
    stats: Stats,
}

impl Incremental {
    /// A new extractor remembering nothing.
    pub fn new() -> Incremental {
        Incremental::default()
    }

    /// What has been reused so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Every count claim of `doc`, as [`crate::extract`] finds them.
    pub fn extract(&mut self, doc: &Document) -> Vec<Claim> {
        self.extract_in_frame(doc, &context::frame::frame(doc))
    }

    /// [`Incremental::extract`] for a caller that has read the frame
    /// already; equal to [`crate::extract_in_frame`].
    pub fn extract_in_frame(&mut self, doc: &Document, frame: &Frame) -> Vec<Claim> {
        self.extract_placed(doc, frame).iter().map(|p| p.claim(&doc.name)).collect()
    }

    /// The claims of [`Incremental::extract_in_frame`] as [`Placed`] rows:
    /// `placed.claim(&doc.name)` is each claim.
    pub fn extract_placed(&mut self, doc: &Document, frame: &Frame) -> Vec<Placed> {
        let texts = self.own_texts(doc);
        let mut known = Vec::new();
        for t in texts.iter().filter(|t| t.introduces) {
            place::introduced(&self.text(t.id).intro, &mut known);
        }
        let ids: Vec<TextId> = texts.iter().map(|t| t.id).collect();
        let short: Vec<bool> = texts.iter().map(|t| t.short_row).collect();
        let holds = self.own_holds(&ids, doc, &known);
        let state = doc_state(doc, frame);
        let mut old = std::mem::take(&mut self.claims);
        if state != self.doc_state {
            let (back_state, back) = (std::mem::take(&mut self.prev_state), std::mem::take(&mut self.prev_claims));
            self.prev_state = std::mem::replace(&mut self.doc_state, state);
            self.prev_claims = std::mem::take(&mut old);
            if back_state == self.doc_state {
                old = back;
            }
        }
        let place_parents = context::place_parents(doc);
        let paragraphs = paragraph_sentences(doc);
        // The keys first, written one after another into one buffer; a
        // paragraph whose key the previous revision lacks may go through
        // the extractor (one whose key an earlier paragraph of this
        // revision has takes that paragraph's claims instead).
        let (mut keys, mut spans, mut hashes) =
            (Vec::new(), Vec::with_capacity(paragraphs.len()), Vec::with_capacity(paragraphs.len()));
        let mut key = Vec::new();
        let mut may_extract = vec![false; doc.paragraphs.len()];
        for (p, sentences) in &paragraphs {
            let text = Para { id: ids[*p], short: &short, known: &self.known, holds: &holds[*p] };
            paragraph_key(&mut key, doc, frame, &place_parents, text, *p, sentences.clone());
            let from = keys.len();
            keys.extend_from_slice(&key);
            spans.push(from..keys.len());
            let hash = self.hasher.hash_one(key.as_slice());
            hashes.push(hash);
            if old.find(hash, Keyed::is(hash, &key)).is_none() {
                may_extract[*p] = true;
            }
        }
        // The places of the paragraphs, only if one goes through the
        // extractor: their own mentions in full, the introducing ones
        // elsewhere (the document's introduced names are the same).
        let mut para_places = may_extract.contains(&true).then(|| {
            let own = texts
                .iter()
                .zip(&may_extract)
                .map(|(t, &full)| {
                    let t = self.text(t.id);
                    if full {
                        t.mentions.clone()
                    } else {
                        t.intro.clone()
                    }
                })
                .collect();
            let automaton = self.automaton.get_or_insert_with(|| Arc::new(place::Known::new(known.clone())));
            ParagraphPlaces::from_mentions_known(own, automaton.clone())
        });
        debug_assert!(para_places.as_ref().is_none_or(|pp| pp.known() == known.as_slice()));
        let shared = Shared { frame, place_parents: &place_parents };
        let mut fresh: HashTable<Keyed> = HashTable::with_capacity(old.len().max(doc.paragraphs.len()));
        let mut out = Vec::new();
        // Reused claims come in text order: their offsets are mapped by
        // cursors moving forward through the offset map.
        let mut again = PlaceAgain { doc, claims: doc.map.cursor(), sentences: doc.map.cursor() };
        // The claims of the paragraph being extracted: `extract_paragraph`
        // looks back only at claims of the same paragraph.
        let mut found = Vec::new();
        for (((p, sentences), span), hash) in paragraphs.into_iter().zip(spans).zip(hashes) {
            self.stats.paragraphs += 1;
            let key = &keys[span];
            let para = doc.paragraphs[p].span.start;
            let first = sentences.start;
            if let Some(k) = fresh.find(hash, Keyed::is(hash, key)) {
                self.stats.reused += 1;
                out.extend(k.kept.iter().map(|k| again.place(k, para, first)));
                continue;
            }
            // A reused key takes back the previous revision's allocation.
            if let Ok(entry) = old.find_entry(hash, Keyed::is(hash, key)) {
                let (k, _) = entry.remove();
                self.stats.reused += 1;
                out.extend(k.kept.iter().map(|k| again.place(k, para, first)));
                fresh.insert_unique(hash, k, |k| k.hash);
                continue;
            }
            // Built above whenever a key was new; every mention in full
            // otherwise (never reached).
            let places = para_places.get_or_insert_with(|| {
                ParagraphPlaces::from_mentions(texts.iter().map(|t| self.text(t.id).mentions.clone()).collect())
            });
            found.clear();
            extract_paragraph(doc, &shared, places, p, sentences, &mut found, None);
            let from = out.len();
            out.extend(found.drain(..).map(|c| Placed::from_claim(c, para, first)));
            let kept = out[from..].iter().map(|p| p.kept.clone()).collect();
            fresh.insert_unique(hash, Keyed { hash, key: key.to_vec(), kept }, |k| k.hash);
        }
        self.claims = fresh;
        out
    }

    /// For every paragraph of `doc`, what depends on its text alone: the
    /// previous revision's where the text is the same.
    fn own_texts(&mut self, doc: &Document) -> Vec<Own> {
        let mut old = std::mem::take(&mut self.texts);
        let mut fresh: FxHashMap<TextId, Slot> = FxHashMap::default();
        fresh.reserve(doc.paragraphs.len());
        let mut own = Vec::with_capacity(doc.paragraphs.len());
        for (i, p) in doc.paragraphs.iter().enumerate() {
            let text = doc.clean(p.span);
            let id = doc.paragraph_text_id(i).unwrap_or_else(|| self.ids.id(text));
            if let Some(t) = fresh.get(&id) {
                own.push(t.own);
                continue;
            }
            let slot = old.remove(&id).unwrap_or_else(|| {
                let mentions = place::mentions(text);
                let mut names = Vec::new();
                place::introduced(&mentions, &mut names);
                let intro: Vec<Mention> = mentions.iter().filter(|m| names.contains(&m.name)).cloned().collect();
                let own = Own { id, short_row: context::is_short_row(text), introduces: !intro.is_empty() };
                Slot { own, text: Text { mentions, intro } }
            });
            own.push(slot.own);
            fresh.insert(id, slot);
        }
        self.ids.next_document();
        self.texts = fresh;
        own
    }

    /// What depends on the text `id` of this revision alone (found by
    /// [`Incremental::own_texts`]).
    fn text(&self, id: TextId) -> &Text {
        static NONE: Text = Text { mentions: Vec::new(), intro: Vec::new() };
        self.texts.get(&id).map_or(&NONE, |s| &s.text)
    }

    /// For every paragraph of `doc` (its text's id in `ids`), the indexes
    /// of the names of `known` its text contains, in order; the previous
    /// revision's where the text and the names are the same.
    fn own_holds(&mut self, ids: &[TextId], doc: &Document, known: &[String]) -> Vec<Vec<usize>> {
        let mut old = std::mem::take(&mut self.holds);
        if known != self.known.as_slice() {
            self.known = known.to_vec();
            self.automaton = None;
            old.clear();
        }
        if known.is_empty() {
            return vec![Vec::new(); ids.len()];
        }
        let mut fresh: FxHashMap<TextId, Vec<usize>> = FxHashMap::default();
        fresh.reserve(ids.len());
        let mut own = Vec::with_capacity(ids.len());
        for (p, &id) in doc.paragraphs.iter().zip(ids) {
            let hs = match fresh.get(&id) {
                Some(hs) => hs.clone(),
                None => {
                    let hs = old.remove(&id).unwrap_or_else(|| {
                        let text = doc.clean(p.span);
                        (0..known.len()).filter(|&i| text.contains(known[i].as_str())).collect()
                    });
                    fresh.insert(id, hs.clone());
                    hs
                }
            };
            own.push(hs);
        }
        self.holds = fresh;
        own
    }
}

/// What the key of one paragraph takes from its text's cache entry.
struct Para<'a> {
    /// Its text's id ([`Own::id`]).
    id: TextId,
    /// Whether each paragraph of the document is a short row.
    short: &'a [bool],
    /// The names the document introduces as places, and the indexes of
    /// those the paragraph holds.
    known: &'a [String],
    holds: &'a [usize],
}

/// A paragraph's claims under its key, with the key's hash.
#[derive(Debug)]
struct Keyed {
    hash: u64,
    key: Vec<u8>,
    /// The claims, each kept relative to its paragraph (see [`Kept`]).
    kept: Vec<Arc<Kept>>,
}

impl Keyed {
    /// Whether an entry is `key`'s (hashed to `hash`): keys are compared
    /// whole, the hash first.
    fn is(hash: u64, key: &[u8]) -> impl Fn(&Keyed) -> bool + '_ {
        move |k| k.hash == hash && k.key == key
    }
}

/// Moves kept claims to their paragraphs' places in `doc`, in text order.
struct PlaceAgain<'a> {
    doc: &'a Document,
    /// Cursors of `doc`'s offset map for the claims' spans and their
    /// sentences' (two: a sentence starts before its claims).
    claims: Cursor<'a>,
    sentences: Cursor<'a>,
}

impl PlaceAgain<'_> {
    /// A kept claim moved to its paragraph's place: clean span and
    /// sentence index shifted, original offsets mapped again (as
    /// `doc.orig_span` maps them).
    fn place(&mut self, kept: &Arc<Kept>, para: usize, first: usize) -> Placed {
        let rel = &kept.claim;
        let clean = Span::new(rel.clean.start.wrapping_add(para), rel.clean.end.wrapping_add(para));
        let sentence = rel.sentence.wrapping_add(first);
        let orig = self.claims.map_span(clean);
        let sentence_orig = self.sentences.map_span(self.doc.sentences[sentence].span);
        Placed {
            kept: kept.clone(),
            start: orig.start,
            end: orig.end,
            sentence_start: sentence_orig.start,
            sentence_end: sentence_orig.end,
            sentence,
            clean,
        }
    }
}

/// The paragraphs of `doc` that hold sentences, each with the range of
/// its sentences' indexes, in document order (sentences are in paragraph
/// order, each paragraph's contiguous).
pub(crate) fn paragraph_sentences(doc: &Document) -> Vec<(usize, Range<usize>)> {
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        match out.last_mut() {
            Some((p, r)) if *p == s.paragraph => r.end = si + 1,
            _ => out.push((s.paragraph, si..si + 1)),
        }
    }
    out
}

/// Appends length-prefixed fields to a key.
struct KeyWriter(Vec<u8>);

impl KeyWriter {
    fn bytes(&mut self, b: &[u8]) {
        self.num(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }

    fn num(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn opt_num(&mut self, n: Option<i32>) {
        match n {
            Some(n) => {
                self.0.push(1);
                self.num(n as i64 as u64);
            }
            None => self.0.push(0),
        }
    }
}

/// The document-wide state every paragraph's claims depend on (the names
/// introduced as places are not: each paragraph's key holds those it
/// contains).
fn doc_state(doc: &Document, frame: &Frame) -> Vec<u8> {
    let mut k = KeyWriter(Vec::new());
    k.str(doc.format.name());
    k.opt_str(doc.title.as_deref());
    k.opt_str(frame.title.as_deref());
    k.opt_str(frame.place.as_deref());
    k.opt_num(frame.year_start);
    k.opt_num(frame.year_end);
    k.0.push(u8::from(frame.violent));
    k.0
}

/// The key of paragraph `p` (sentences `sentences`), written into `into`
/// (cleared first): everything its claims depend on besides the
/// document-wide state.
fn paragraph_key(
    into: &mut Vec<u8>,
    doc: &Document,
    frame: &Frame,
    place_parents: &[Option<usize>],
    text: Para,
    p: usize,
    sentences: Range<usize>,
) {
    let span = doc.paragraphs[p].span;
    into.clear();
    let mut k = KeyWriter(std::mem::take(into));
    // The text, by its id: equal ids are equal texts.
    k.num(text.id.get());
    // Sentences, relative to the paragraph.
    k.num(sentences.len() as u64);
    for s in &doc.sentences[sentences] {
        k.num(s.span.start.wrapping_sub(span.start) as u64);
        k.num(s.span.end.wrapping_sub(span.start) as u64);
    }
    // Section headings, innermost first, then the place parent's.
    let path = doc.section_path(p);
    k.num(path.len() as u64);
    for s in path {
        k.str(&s.heading);
    }
    let parent = doc.paragraphs[p].section.and_then(|cur| place_parents.get(cur).copied().flatten());
    k.opt_str(parent.and_then(|i| doc.sections.get(i)).map(|s| s.heading.as_str()));
    // Labelled rows touching the paragraph, in the frame's order.
    for r in frame.rows.iter().filter(|r| r.value.start <= span.end && span.start <= r.value.end) {
        k.0.push(1);
        k.num(r.value.start.wrapping_sub(span.start) as u64);
        k.num(r.value.end.wrapping_sub(span.start) as u64);
        k.str(doc.clean(r.label));
        k.str(doc.clean(r.value));
    }
    k.0.push(0);
    // The text before the paragraph, from the start of its last two words.
    k.str(tail_words(doc.text.get(..span.start).unwrap_or("")));
    // The side's label the paragraphs above hand down to its rows.
    k.opt_str(context::inherited_side_label_given(doc, p, |k| text.short.get(k).copied().unwrap_or(false)));
    // The names the document introduces as places that the paragraph
    // holds, in order: `place::add_known` finds a known name in a
    // paragraph's text by substring search, so a name the text does not
    // contain adds nothing to its places.
    for name in text.holds.iter().filter_map(|&i| text.known.get(i)) {
        k.0.push(1);
        k.str(name);
    }
    k.0.push(0);
    *into = k.0;
}

/// The end of `text` from the start of its second-to-last word (words
/// split at white space), white space after it included.
fn tail_words(text: &str) -> &str {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == 2 {
                    return &text[i + c.len_utf8()..];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_doc::FormatHint;

    fn doc(text: &str) -> Document {
        Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Auto).expect("reads")
    }

    #[test]
    fn tail_words_keeps_the_last_two_words_and_what_follows() {
        assert_eq!(tail_words("one two three\n\n"), "two three\n\n");
        assert_eq!(tail_words("three"), "three");
        assert_eq!(tail_words(""), "");
        assert_eq!(tail_words("a  b "), "a  b ");
        assert_eq!(tail_words("x a  b "), "a  b ");
    }

    /// `write_jsonl` against `serde_json` on the same claims.
    fn assert_jsonl_as_serde(rows: &[Placed], name: &str) {
        let mut got = Vec::new();
        write_jsonl(rows, name, &mut got).expect("writes");
        let mut want = Vec::new();
        for r in rows {
            serde_json::to_writer(&mut want, &r.claim(name)).expect("serializes");
            want.push(b'\n');
        }
        assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
    }

    #[test]
    fn placed_rows_write_the_json_lines_serde_json_writes() {
        let a = doc("Raid on Tervel\n\nAbout 300 \"villagers\" were killed in Tervel in 1994.\n\nSome 1.5 million fled; 40 houses\\ burned.\n");
        let b = doc("Raid on Tervel\n\nA new line.\n\nAbout 300 \"villagers\" were killed in Tervel in 1994.\n\nSome 1.5 million fled; 40 houses\\ burned.\n");
        let mut inc = Incremental::new();
        let rows = inc.extract_placed(&a, &context::frame::frame(&a));
        assert!(rows.len() >= 2, "{rows:?}");
        for name in ["Raid on Tervel#12", "odd \"name\" \\ \u{1} \u{e9} \u{2028}"] {
            assert_jsonl_as_serde(&rows, name);
        }
        // Reused rows (their JSON made once) at new offsets.
        let again = inc.extract_placed(&b, &context::frame::frame(&b));
        assert!(inc.stats().reused > 0, "{:?}", inc.stats());
        assert_jsonl_as_serde(&again, "Raid on Tervel#13");
        // Every field set, strings needing escapes, numbers of every form.
        let c = rows[0].claim("x");
        let odd = Claim {
            quote: "3\"0\\0\n\t\u{7f}".into(),
            low: Some(1e21),
            high: Some(0.1),
            subject: Some("\u{e9}l\u{e8}ves \u{1f}".into()),
            place: Some("</script>".into()),
            year_start: Some(-44),
            year_end: Some(2001),
            perpetrator: Some(String::new()),
            source: Some("\u{2028}".into()),
            ..c
        };
        let placed = Placed::from_claim(odd, 0, 0);
        assert_jsonl_as_serde(&[placed.clone(), placed], "n");
    }

    #[test]
    fn an_unchanged_paragraph_is_reused_and_the_result_is_the_same() {
        let a = doc(
            "Title of the page\n\nAbout 300 people were killed in Vukovar in 1991.\n\nSome 40 houses were destroyed.\n",
        );
        let b = doc("Title of the page\n\nA new paragraph says 12 were injured.\n\nAbout 300 people were killed in Vukovar in 1991.\n\nSome 40 houses were destroyed.\n");
        let mut inc = Incremental::new();
        assert_eq!(inc.extract(&a), crate::extract(&a));
        assert_eq!(inc.extract(&b), crate::extract(&b));
        // The paragraph right after the new one has new text before it
        // (see `tail_words`): only the last is reused.
        assert_eq!(inc.stats().reused, 1, "{:?}", inc.stats());
    }

    #[test]
    fn a_name_introduced_as_a_place_elsewhere_invalidates_the_paragraphs_holding_it() {
        let a = doc("Siege of Poltava\n\nWithin Velmirovo, 300 were killed.\n\nSome 40 houses burned in 1991.\n\nThe events were recorded in 1992.\n");
        let b = doc("Siege of Poltava\n\nWithin Velmirovo, 300 were killed.\n\nSome 40 houses burned in 1991.\n\nTroops entered the town of Velmirovo at dawn.\n");
        let (fa, fb) = (context::frame::frame(&a), context::frame::frame(&b));
        assert_eq!(doc_state(&a, &fa), doc_state(&b, &fb), "{fa:?} {fb:?}");
        let mut inc = Incremental::new();
        let got_a = inc.extract(&a);
        let before = inc.stats().reused;
        let got_b = inc.extract(&b);
        assert_eq!(got_a, crate::extract(&a));
        assert_eq!(got_b, crate::extract(&b));
        assert_ne!(got_a[0].place, got_b[0].place, "the name is a place in b only");
        // The houses' paragraph lacks the name: it is reused; the first is not.
        assert!(inc.stats().reused > before, "{:?}", inc.stats());
    }

    #[test]
    fn a_reverted_change_of_the_document_wide_state_takes_the_paragraphs_back() {
        let a = doc("Siege of Korvath\n\nAbout 300 people were killed in 1991.\n\nSome 40 houses were destroyed.\n");
        let b = doc("Korvath is great\n\nAbout 300 people were killed in 1991.\n\nSome 40 houses were destroyed.\n");
        let c = doc("Siege of Korvath\n\nAbout 300 people were killed in 1991.\n\nSome 45 houses were destroyed.\n");
        assert_ne!(a.title, b.title, "the title is document-wide state");
        let mut inc = Incremental::new();
        for d in [&a, &b] {
            assert_eq!(inc.extract(d), crate::extract(d));
        }
        let before = inc.stats().reused;
        assert_eq!(inc.extract(&c), crate::extract(&c));
        assert!(inc.stats().reused > before, "the first paragraph comes back from before the title changed");
    }

    #[test]
    fn the_word_before_a_paragraph_is_part_of_its_key() {
        // A place opening a paragraph is locative when the text before the
        // paragraph ends in "in": it then wins as the paragraph's topic.
        let a = doc("Title page\n\nParish records survive. The figures below were gathered from the books kept by priests\n\nKharkiv troops fought in Poltava. Some 300 died.\n");
        let b = doc("Title page\n\nParish records survive. The figures below were gathered from the books kept in\n\nKharkiv troops fought in Poltava. Some 300 died.\n");
        let last = |d: &Document| d.section_path(d.paragraphs.len() - 1).len();
        assert_eq!((last(&a), last(&b)), (0, 0), "no heading: only the word before differs");
        let mut inc = Incremental::new();
        let (got_a, got_b) = (inc.extract(&a), inc.extract(&b));
        assert_eq!(got_a, crate::extract(&a));
        assert_eq!(got_b, crate::extract(&b));
        assert_eq!(got_a[0].place.as_deref(), Some("Poltava"));
        assert_eq!(got_b[0].place.as_deref(), Some("Kharkiv"));
    }

    #[test]
    fn the_side_label_above_a_column_is_part_of_its_key() {
        let page = |side: &str| {
            doc(&format!("Battle of Korvath\n\nCasualties and losses\n{side}:\n1,200 KIA\n\n300 WIA\n150 POW\n"))
        };
        let (a, b) = (page("Velmar militia"), page("Dunmark forces"));
        let mut inc = Incremental::new();
        let (got_a, got_b) = (inc.extract(&a), inc.extract(&b));
        assert_eq!(got_a, crate::extract(&a));
        assert_eq!(got_b, crate::extract(&b));
        let wia = |c: &[Claim]| c.iter().find(|c| c.quote == "300").and_then(|c| c.subject.clone());
        assert_eq!(wia(&got_b).as_deref(), Some("Dunmark forces WIA"), "{got_b:?}");
    }
}
