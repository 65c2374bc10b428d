//! Why a figure did or did not come out as a claim (`corroborate extract
//! --explain`).
//!
//! [`explain`] runs the same extraction loop as [`crate::extract`] with
//! a `Recorder` attached: for every sentence it keeps each figure the
//! quantity grammar read and the first exclusion that removed it (the
//! rule table's name and reason, [`crate::exclude::Reason`]), plus the
//! digit tokens the grammar did not read as a figure at all ("4th",
//! "1990s"). The claims it returns are byte-identical to `extract`'s; each
//! kept figure points at its claim together with the trace of the context
//! rules that decided its act, place, years and stance. Extraction proper
//! passes no recorder and pays nothing for any of this.

use crate::exclude;
use crate::quantity::Quantity;
use crate::tokens::{Kind, Token};
use crate::Claim;
use corroborate_doc::{Document, Span};
use serde::Serialize;

/// What became of one figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// It is a claim: `claim` indexes [`Explanation::claims`]; `trace`
    /// names the rules that decided its fields, in the order they fired.
    Claim {
        /// Index of the claim in [`Explanation::claims`].
        claim: usize,
        /// The context rules that decided act, place, years and stance.
        trace: Vec<&'static str>,
    },
    /// An exclusion removed it.
    Excluded {
        /// The exclusion's name (a rule of the table in `exclude::rules`,
        /// or one of the older checks).
        rule: &'static str,
        /// What the exclusion removes, in words.
        why: &'static str,
    },
    /// Digits the quantity grammar did not read as a figure (an ordinal
    /// "4th", a decade "1990s", digits glued to letters).
    NotAFigure,
}

/// One figure (or number-like token) of a sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// First byte in the document's original bytes.
    pub start: usize,
    /// One past its last original byte.
    pub end: usize,
    /// The expression as the clean text has it.
    pub quote: String,
    /// What became of it.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The figures of one sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceFigures {
    /// The sentence's index in the document.
    pub sentence: usize,
    /// The sentence's original byte range.
    pub start: usize,
    /// One past the sentence's last original byte.
    pub end: usize,
    /// The sentence's clean text.
    pub text: String,
    /// Its figures, in text order.
    pub figures: Vec<Figure>,
}

/// A document's claims and, for every sentence with a number in it, what
/// became of each figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The claims, exactly as [`crate::extract`] returns them.
    pub claims: Vec<Claim>,
    /// Sentences holding at least one figure or digit token, in order.
    pub sentences: Vec<SentenceFigures>,
}

/// Extracts `doc`'s claims and explains every figure of every sentence.
pub fn explain(doc: &Document) -> Explanation {
    let mut rec = Recorder::default();
    let claims = crate::run(doc, &crate::context::frame::frame(doc), Some(&mut rec));
    Explanation { claims, sentences: rec.sentences }
}

/// What the extraction loop reports to while explaining.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    sentences: Vec<SentenceFigures>,
    /// Core token index of each figure of the last sentence, parallel to
    /// its `figures`.
    cores: Vec<Option<usize>>,
}

impl Recorder {
    /// Records sentence `si`'s figures `found` (tokens `toks`) and their
    /// exclusions; returns the figures kept, as extraction keeps them.
    pub(crate) fn sentence(
        &mut self,
        doc: &Document,
        si: usize,
        toks: &[Token],
        found: Vec<Quantity>,
        starts_paragraph: bool,
    ) -> Vec<Quantity> {
        // (first token, end token, figure, core token while it waits for its claim)
        let mut figures: Vec<(usize, usize, Figure, Option<usize>)> = Vec::new();
        let mut kept = Vec::new();
        let figure = |first: usize, end: usize, verdict: Verdict| {
            let clean = Span::new(toks[first].span.start, toks[end - 1].span.end);
            let orig = doc.orig_span(clean);
            Figure { start: orig.start, end: orig.end, quote: doc.clean(clean).to_string(), verdict }
        };
        for q in found {
            match exclude::reason(toks, &q, starts_paragraph) {
                Some(r) => {
                    let verdict = Verdict::Excluded { rule: r.name(), why: r.why() };
                    figures.push((q.first, q.end, figure(q.first, q.end, verdict), None));
                }
                None => {
                    // The verdict is replaced by the claim when it is made.
                    let pending = Verdict::Claim { claim: usize::MAX, trace: Vec::new() };
                    figures.push((q.first, q.end, figure(q.first, q.end, pending), Some(q.core)));
                    kept.push(q);
                }
            }
        }
        // Digit tokens outside every figure.
        for (k, x) in toks.iter().enumerate() {
            let digits = matches!(x.kind, Kind::Num | Kind::Alnum) && x.text.chars().any(|c| c.is_ascii_digit());
            let covered = figures.iter().any(|&(first, end, _, _)| first <= k && k < end);
            if digits && !covered {
                figures.push((k, k + 1, figure(k, k + 1, Verdict::NotAFigure), None));
            }
        }
        figures.sort_by_key(|&(first, end, _, _)| (first, end));
        self.cores = figures.iter().map(|(_, _, _, c)| *c).collect();
        if !figures.is_empty() {
            let span = doc.sentences[si].span;
            let orig = doc.orig_span(span);
            self.sentences.push(SentenceFigures {
                sentence: si,
                start: orig.start,
                end: orig.end,
                text: doc.clean(span).to_string(),
                figures: figures.into_iter().map(|(_, _, f, _)| f).collect(),
            });
        }
        kept
    }

    /// Records that the kept figure of sentence `si` whose core token is
    /// `core` became claim number `claim`, decided by `trace`.
    pub(crate) fn claim(&mut self, si: usize, core: usize, claim: usize, trace: Vec<&'static str>) {
        let Some(s) = self.sentences.last_mut().filter(|s| s.sentence == si) else { return };
        if let Some(i) = self.cores.iter().position(|&c| c == Some(core)) {
            s.figures[i].verdict = Verdict::Claim { claim, trace };
            self.cores[i] = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_doc::FormatHint;

    fn doc(text: &str) -> Document {
        Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Auto).expect("reads")
    }

    #[test]
    fn claims_are_extracts_and_every_figure_has_a_verdict() {
        let d = doc("In 1944 about 1,200 villagers were deported from Lidvaan. He spent 3 days there in his 4th year.");
        let e = explain(&d);
        assert_eq!(e.claims, crate::extract(&d));
        let all: Vec<_> = e.sentences.iter().flat_map(|s| &s.figures).collect();
        let quotes: Vec<_> = all.iter().map(|f| f.quote.as_str()).collect();
        assert_eq!(quotes, ["1944", "about 1,200", "3", "4th"]);
        assert!(matches!(all[0].verdict, Verdict::Excluded { rule: "year_after_in", .. }), "{all:?}");
        match &all[1].verdict {
            Verdict::Claim { claim: 0, trace } => {
                assert!(trace.iter().any(|t| t.starts_with("act:")), "{trace:?}");
                assert!(trace.iter().any(|t| t.starts_with("years:")), "{trace:?}");
                assert!(trace.iter().any(|t| t.starts_with("stance:")), "{trace:?}");
            }
            v => panic!("not a claim: {v:?}"),
        }
        assert!(matches!(all[2].verdict, Verdict::Excluded { rule: "duration", .. }));
        assert_eq!(all[3].verdict, Verdict::NotAFigure);
        // Spans are original bytes.
        assert_eq!(&d.bytes[all[1].start..all[1].end], b"about 1,200");
    }
}
