//! The place cascade (CLAIMS.md §2.1): where a claim's place comes from,
//! as an ordered table of named rules, read outward from the figure.
//!
//! A figure in an infobox row takes its row's place (else the frame's) and
//! nothing else; any other figure takes the first of: its sentence, an
//! earlier sentence of its paragraph, its section headings, the document's
//! frame, a demonym next to it. The three levels outside the sentence are
//! the same for every figure of a sentence, so the first of them that
//! names a place is found once per sentence (the context's
//! `fallback_place`) and each of those rules reads it. `extract --explain`
//! prints the deciding rule's name.

use super::{place, SentenceContext};
use crate::quantity::Quantity;

/// What the place rules read about one figure.
pub(super) struct Ask<'q> {
    pub(super) q: &'q Quantity,
    /// The counted phrase (tokens).
    pub(super) np: (usize, usize),
    /// The figure's start and end in the sentence's clean text.
    pub(super) fig: (usize, usize),
    /// The figure's own stretch of the sentence (clean-text offsets;
    /// `usize::MAX` for its end when no figure follows).
    pub(super) seg: (usize, usize),
    /// Forces and materiel: counted where they were sent.
    pub(super) sent: bool,
}

/// A named step of the place cascade.
pub(super) struct Rule {
    /// The line `extract --explain` prints for it: the rule's name and
    /// what it reads.
    pub(super) note: &'static str,
    /// `Some(place)` when the rule decides (`Some(None)`: decided that
    /// there is none), `None` to pass to the next rule.
    apply: fn(&SentenceContext<'_>, &Ask<'_>) -> Option<Option<String>>,
}

macro_rules! rule {
    ($name:ident, $why:literal) => {
        Rule { note: concat!("place: ", stringify!($name), ": ", $why), apply: $name }
    };
}

/// The cascade, in the order the rules are tried.
#[rustfmt::skip]
pub(super) static RULES: &[Rule] = &[
    rule!(infobox_row, "the figure's infobox row, else the document's frame"),
    rule!(total_of_parts, "a total after figures of several places counts them all"),
    rule!(sentence, "the figure's sentence"),
    rule!(paragraph, "an earlier sentence of the paragraph"),
    rule!(heading, "a section heading or the title"),
    rule!(frame, "the document's frame (infobox or lead)"),
    rule!(demonym, "a demonym next to the figure"),
];

/// The trace line when no rule finds a place.
pub(super) const NONE_FOUND: &str = "place: none found";

/// The place of the figure `ask`, with the trace line of the rule that
/// decided it.
pub(super) fn place(cx: &SentenceContext<'_>, ask: &Ask<'_>) -> (Option<String>, &'static str) {
    RULES.iter().find_map(|r| (r.apply)(cx, ask).map(|p| (p, r.note))).unwrap_or((None, NONE_FOUND))
}

fn infobox_row(cx: &SentenceContext<'_>, ask: &Ask<'_>) -> Option<Option<String>> {
    let t = cx.toks;
    let abs = t[ask.q.first].span.start;
    let r = cx.frame.rows.iter().find(|f| f.value.start <= abs && abs < f.value.end)?;
    let value = cx.doc.clean(r.value);
    let rel = |x: usize| (x + cx.base).saturating_sub(r.value.start).min(value.len());
    let fig = (abs - r.value.start, t[ask.q.end - 1].span.end - r.value.start);
    let seg = (rel(ask.seg.0), rel(ask.seg.1.min(usize::MAX - cx.base)));
    Some(place::pick(value, &place::mentions(value), fig, seg, ask.sent).or_else(|| cx.frame.place.clone()))
}

/// Words before a total that may stand between it and its `total` word
/// ("for a total of", "in total some").
const TOTAL_WORDS_BEFORE: usize = 4;

/// "3,000 in A and 2,000 in B, for a total of 5,000": a figure a
/// `total` word (data/context_words.tsv) stands just before, after figures
/// of two places or more (a figure before each place) that neither holds
/// the other, and with no place after it, counts them all: its place is
/// theirs, joined ("A and B").
fn total_of_parts(cx: &SentenceContext<'_>, ask: &Ask<'_>) -> Option<Option<String>> {
    let text = cx.text();
    let before = text.get(..ask.fig.0)?;
    let total = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(TOTAL_WORDS_BEFORE)
        .any(|w| crate::lexicon::is("total", &w.to_lowercase()));
    if !total || cx.places.iter().any(|m| m.start >= ask.fig.1) {
        return None;
    }
    let mut parts: Vec<&place::Mention> = Vec::new();
    for m in cx.places.iter().filter(|m| m.end <= ask.fig.0 && !m.weak && !m.destination) {
        if !parts.iter().any(|p| p.name == m.name) {
            parts.push(m);
        }
    }
    // Each place is a part's: a figure stands between it and the place
    // before it ("3,000 in A and 2,000 in B"), not a list of places
    // ("in A, B and C, out of a total of …").
    let figured = parts.iter().enumerate().all(|(i, m)| {
        let from = if i == 0 { 0 } else { parts[i - 1].end };
        text.get(from..m.start).is_some_and(|t| t.contains(|c: char| c.is_ascii_digit()))
    });
    let g = &*place::GAZETTEER;
    let nested = parts.iter().any(|a| {
        parts.iter().any(|b| a.name != b.name && matches!((a.place, b.place), (Some(x), Some(y)) if g.contains(x, y)))
    });
    if parts.len() < 2 || nested || !figured {
        return None;
    }
    let names: Vec<&str> = parts.iter().map(|m| m.name.as_str()).collect();
    let (last, rest) = names.split_last()?;
    Some(Some(format!("{} and {last}", rest.join(", "))))
}

fn sentence(cx: &SentenceContext<'_>, ask: &Ask<'_>) -> Option<Option<String>> {
    let text = cx.text();
    place::pick(text, &cx.places, ask.fig, ask.seg, ask.sent).map(|p| Some(cx.heading_spelling(p)))
}

/// The sentence's place from outside it when `level` gave it.
fn outside(cx: &SentenceContext<'_>, level: &str) -> Option<Option<String>> {
    let (p, from) = cx.fallback_place.get_or_init(|| cx.find_fallback_place()).as_ref()?;
    (*from == level).then(|| Some(cx.heading_spelling(p.clone())))
}

fn paragraph(cx: &SentenceContext<'_>, _: &Ask<'_>) -> Option<Option<String>> {
    outside(cx, "paragraph")
}

fn heading(cx: &SentenceContext<'_>, _: &Ask<'_>) -> Option<Option<String>> {
    outside(cx, "heading")
}

fn frame(cx: &SentenceContext<'_>, _: &Ask<'_>) -> Option<Option<String>> {
    outside(cx, "frame")
}

fn demonym(cx: &SentenceContext<'_>, ask: &Ask<'_>) -> Option<Option<String>> {
    cx.demonym_place(ask.q, ask.np).map(|p| Some(cx.heading_spelling(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The place and the deciding rule of each claim of `text`.
    fn places(text: &str) -> Vec<(String, Option<String>, &'static str)> {
        use corroborate_doc::{Document, Format, FormatHint};
        let doc = Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Is(Format::Text)).expect("reads");
        let e = crate::explain(&doc);
        let mut out = Vec::new();
        for f in e.sentences.iter().flat_map(|s| &s.figures) {
            if let crate::explain::Verdict::Claim { claim, trace } = &f.verdict {
                let rule = trace.iter().find_map(|n| RULES.iter().find(|r| r.note == *n)).map_or("none", name);
                out.push((f.quote.clone(), e.claims[*claim].place.clone(), rule));
            }
        }
        out
    }

    fn decided(text: &str, quote: &str) -> (Option<String>, &'static str) {
        let all = places(text);
        all.iter()
            .find(|(q, _, _)| q == quote)
            .map(|(_, p, r)| (p.clone(), *r))
            .unwrap_or_else(|| panic!("no claim {quote:?} in {all:?}"))
    }

    /// A rule's name: the second field of its note.
    fn name(r: &Rule) -> &'static str {
        r.note.split(": ").nth(1).expect("a note is \"field: name: why\"")
    }

    #[test]
    fn every_rule_is_named_once() {
        let mut names: Vec<_> = RULES.iter().map(name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn sentence() {
        let text = "In 1950 the floods in Manitoba drove 4,100 farmers from their land.\n";
        assert_eq!(decided(text, "4,100"), (Some("Manitoba".into()), "sentence"));
    }

    #[test]
    fn paragraph() {
        let text = "In Bolivia the floods came early. Relief teams counted 2,300 families without homes.\n";
        assert_eq!(decided(text, "2,300"), (Some("Bolivia".into()), "paragraph"));
    }

    #[test]
    fn a_settlement_s_lead_makes_it_the_paragraph_s_place() {
        let text =
            "Varno (Hungarian: Várnó) is a village in Slovakia. In 1943 all 96 men from the village were shot.\n";
        assert_eq!(decided(text, "96"), (Some("Varno".into()), "paragraph"));
    }

    #[test]
    fn heading() {
        let text = "Floods\n\nPeru\n\nRelief teams counted 1,700 families without homes.\n";
        assert_eq!(decided(text, "1,700").1, "heading");
    }

    #[test]
    fn frame() {
        let text = "The Kerrow famine struck Ireland in the summer of 1847.\n\nRelief workers counted 3,200 orphans.\n";
        assert_eq!(decided(text, "3,200"), (Some("Ireland".into()), "frame"));
    }

    #[test]
    fn infobox_row() {
        let text = "Siege of Tarnbridge\nDate3 March – 9 April 1871\nLocationLiège, Belgium\nCasualties and losses\n2,100 killed\n\nThe siege of Tarnbridge was fought in 1871 in Belgium.\n";
        assert_eq!(decided(text, "2,100").1, "infobox_row");
    }

    #[test]
    fn total_of_parts() {
        let text = "The raids killed 3,000 in Normandy and 2,000 in Brittany, for a total of 5,000 dead.\n";
        assert_eq!(decided(text, "5,000"), (Some("Normandy and Brittany".into()), "total_of_parts"));
        assert_eq!(decided(text, "3,000").1, "sentence");
        let nested = "The raids killed 3,000 in Rouen and 2,000 elsewhere in France, a total of 5,000.\n";
        assert_ne!(decided(nested, "5,000").1, "total_of_parts", "places in one chain: the sentence rule");
        let list = "Camps in Norway, Denmark and Finland held 900 of a total of 5,000 prisoners.\n";
        assert_ne!(decided(list, "5,000").1, "total_of_parts", "a list of places, not of parts");
    }

    #[test]
    fn demonym_and_none() {
        let text = "Relief teams counted 900 Peruvian families without homes. They counted 80 tents.\n";
        assert_eq!(decided(text, "900"), (Some("Peru".into()), "demonym"));
        assert_eq!(decided(text, "80"), (None, "none"));
    }
}
