//! Extraction of count claims from a [`Document`].
//!
//! ```text
//! Document ──sentences──▶ tokens ──quantity grammar──▶ quantities
//!          ──exclusions──▶ count claims ──context──▶ Claim (CLAIMS.md §2)
//! ```
//!
//! - [`tokens`] splits a sentence into tokens that keep their byte spans.
//! - [`quantity`] is the grammar of CLAIMS.md §3, driven by the tables in
//!   `data/` (number words, fractions, vague amounts, qualifiers).
//! - [`exclude`] drops what CLAIMS.md §1 says is not a count claim.
//! - [`context`] reads the act, subject, place, years, perpetrator, source
//!   and stance of each claim from its sentence, paragraph and section.
//!
//! Spans are found on the clean text and mapped to the original bytes
//! through the document's offset map; a number is never searched for again
//! in the text. The crate does no I/O.

#![warn(missing_docs)]

pub mod acts;
pub mod context;
pub mod exclude;
pub mod explain;
pub mod incremental;
mod lexicon;
pub mod quantity;
pub mod record;
pub mod tokens;

pub use context::frame::{frame, Frame};
use corroborate_doc::{Document, Span};
pub use explain::{explain, Explanation};
pub use quantity::{Qualifier, Unit};
pub use record::ClaimFields;
use serde::Serialize;

/// The acts the extractor can give a claim, as `data/acts.tsv` declares
/// them: the closed set the store's validation and the CLI's filters use
/// too ([`acts`] has their words and page colours).
pub fn act_names() -> Vec<&'static str> {
    acts::acts().names()
}

/// Version of the extractor, stored with every claim.
pub const EXTRACTOR_VERSION: &str = concat!("corroborate-extract ", env!("CARGO_PKG_VERSION"));

/// Whose voice a figure is in (CLAIMS.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The document states it in its own voice.
    Asserted,
    /// The document presents it as someone's figure or estimate.
    Reported,
    /// The document rejects or doubts it.
    Disputed,
}

/// A count claim: one quantity expression and what the text says of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// The document's name.
    pub doc: String,
    /// First byte of the quantity expression in the original bytes.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The expression as the clean text has it.
    pub quote: String,
    /// Lower bound; `None` where open.
    pub low: Option<f64>,
    /// Upper bound; `None` where open.
    pub high: Option<f64>,
    /// Count or percent.
    pub unit: Unit,
    /// How the text bounds the figure.
    pub qualifier: Qualifier,
    /// What happened to what is counted (CLAIMS.md §4).
    pub act: Option<&'static str>,
    /// Who or what is counted.
    pub subject: Option<String>,
    /// The most specific place the claim is about.
    pub place: Option<String>,
    /// First year of the counted events.
    pub year_start: Option<i32>,
    /// Last year of the counted events.
    pub year_end: Option<i32>,
    /// Who did it.
    pub perpetrator: Option<String>,
    /// Who the document says the figure comes from.
    pub source: Option<String>,
    /// Whose voice the figure is in.
    pub stance: Stance,
    /// The sentence holding the claim, as original byte offsets.
    pub sentence_start: usize,
    /// One past the sentence's last original byte.
    pub sentence_end: usize,
    /// The sentence's index in the document.
    #[serde(skip)]
    pub sentence: usize,
    /// The clean-text span of the expression.
    #[serde(skip)]
    pub clean: Span,
}

/// Extracts every count claim of a document, in document order.
pub fn extract(doc: &Document) -> Vec<Claim> {
    extract_in_frame(doc, &context::frame::frame(doc))
}

/// [`extract`] for a caller that has already read the document's
/// [`Frame`] (the ledger stores it beside the claims): the frame is read
/// once, not twice.
pub fn extract_in_frame(doc: &Document, frame: &Frame) -> Vec<Claim> {
    run(doc, frame, None)
}

/// The extraction loop. With `explain`, it also records, per sentence,
/// every figure the quantity grammar read and what became of it, and the
/// claims carry the trace of the rules that decided their fields; without
/// it nothing is recorded or allocated for that.
pub(crate) fn run(doc: &Document, frame: &Frame, mut explain: Option<&mut explain::Recorder>) -> Vec<Claim> {
    let mut out = Vec::new();
    // Places of each paragraph, found once for all its sentences.
    let mut para_places = context::ParagraphPlaces::new(doc);
    let place_parents = context::place_parents(doc);
    let shared = Shared { frame, place_parents: &place_parents };
    for (p, sentences) in incremental::paragraph_sentences(doc) {
        extract_paragraph(doc, &shared, &mut para_places, p, sentences, &mut out, explain.as_deref_mut());
    }
    out
}

/// What every paragraph of one document reads besides its own text.
pub(crate) struct Shared<'a> {
    /// The document's frame.
    pub(crate) frame: &'a Frame,
    /// The document's `context::place_parents`.
    pub(crate) place_parents: &'a [Option<usize>],
}

/// Extracts the claims of paragraph `p`, whose sentences are the indexes
/// `sentences`, appending them to `out` in document order. What a
/// paragraph's claims depend on beyond its own text is listed in
/// [`incremental`]: keep the two in step.
pub(crate) fn extract_paragraph(
    doc: &Document,
    shared: &Shared,
    para_places: &mut context::ParagraphPlaces,
    p: usize,
    sentences: std::ops::Range<usize>,
    out: &mut Vec<Claim>,
    mut explain: Option<&mut explain::Recorder>,
) {
    let first = sentences.start;
    for si in sentences {
        let sentence = &doc.sentences[si];
        let starts_paragraph = si == first;
        let text = doc.clean(sentence.span);
        let toks = tokens::tokenize(text, sentence.span.start);
        let found = quantity::find(&toks);
        let mut kept: Vec<_> = match explain.as_deref_mut() {
            None => found.into_iter().filter(|q| exclude::reason(&toks, q, starts_paragraph).is_none()).collect(),
            Some(rec) => rec.sentence(doc, si, &toks, found, starts_paragraph),
        };
        quantity::distribute_hedges(&toks, &mut kept);
        if kept.is_empty() {
            continue;
        }
        let sentence_orig = doc.orig_span(sentence.span);
        let places = para_places.of(doc, p);
        let mut ctx = context::SentenceContext::new(doc, si, &toks, places, shared.place_parents, shared.frame);
        if explain.is_some() {
            ctx = ctx.explaining();
        }
        for q in &kept {
            let clean = Span::new(toks[q.first].span.start, toks[q.end - 1].span.end);
            let orig = doc.orig_span(clean);
            let mut c = ctx.read(q, &kept);
            let before = out.last().filter(|c: &&Claim| doc.sentences[c.sentence].paragraph == p);
            // "(exile groups claim 20,000 perished)": another estimate of the
            // people the figure before it counted.
            let who_before = before.and_then(|b| b.subject.as_deref().zip(b.act));
            if let Some(s) = context::subject::carried(c.subject.as_deref(), c.act, who_before) {
                c.subject = Some(s);
            }
            if c.elliptic {
                if let Some(b) = before {
                    c.act = b.act;
                    if explain.is_some() {
                        c.trace.push("act: names nothing it counts: the act of the figure before it in the paragraph");
                    }
                } else if let Some((a, word)) = c.heading_act.take() {
                    c.act = Some(a);
                    c.subject = c.subject.take().or(Some(word));
                    if explain.is_some() {
                        c.trace.push(
                            "act: names nothing it counts, first in its paragraph: the act its heading or title names",
                        );
                    }
                }
            }
            if let Some(rec) = explain.as_deref_mut() {
                rec.claim(si, q.core, out.len(), std::mem::take(&mut c.trace));
            }
            out.push(Claim {
                doc: doc.name.clone(),
                start: orig.start,
                end: orig.end,
                quote: doc.clean(clean).to_string(),
                low: q.low,
                high: q.high,
                unit: q.unit,
                qualifier: q.qualifier,
                act: c.act,
                subject: c.subject,
                place: c.place,
                year_start: c.years.and_then(|y| y.0),
                year_end: c.years.and_then(|y| y.1),
                perpetrator: c.perpetrator,
                source: c.source,
                stance: c.stance,
                sentence_start: sentence_orig.start,
                sentence_end: sentence_orig.end,
                sentence: si,
                clean,
            });
        }
    }
}
