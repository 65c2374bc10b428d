//! Cutting citation markers (`[12]`, `[a]`, `[note 3]`) and maintenance tags
//! (`[citation needed]`, `[dubious – discuss]`) out of prose, keeping each
//! as a [`Marker`] so it can be attached to the sentence it follows.

use super::Marker;
use crate::{Span, TextBuilder};
use regex::Regex;
use std::sync::LazyLock;

/// What a marker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkerKind {
    /// A footnote or reference marker.
    Reference,
    /// An editor's maintenance tag such as "citation needed".
    Maintenance,
}

/// Words that mark a bracketed lower-case phrase as a maintenance tag.
const MAINTENANCE_WORDS: &[&str] = &[
    "needed",
    "citation",
    "clarification",
    "dubious",
    "discuss",
    "verify",
    "verification",
    "when",
    "who",
    "whom",
    "which",
    "where",
    "specify",
    "sic",
    "original",
    "unreliable",
    "disputed",
    "failed",
    "vague",
    "page",
    "pages",
    "source",
    "sources",
    "better",
    "year",
    "date",
    "how",
    "why",
    "what",
    "inconsistent",
    "contradictory",
    "neutrality",
    "update",
    "unbalanced",
    "attribution",
    "weasel",
    "quantify",
    "examples",
    "irrelevant",
    "opinion",
    "fact",
];

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(?:(\d{1,4}|[a-z]|(?:notes?|nb|n) \d{1,3})|([a-z][a-z ,'’?–—-]{1,60}[a-z?]))\](?::\x{200A}?(?:p{1,2}\.\s?)?[0-9ivxlc]+(?:[–-][0-9ivxlc]+)?(?:,\s?[0-9]+(?:[–-][0-9]+)?)*\x{200A}?)?")
        .expect("marker pattern compiles")
});

/// Copies `s` (which sits at `orig_start` in the reader's input) into `b`,
/// turning line breaks and tabs into spaces and cutting markers out into
/// `markers`.
pub(crate) fn push_prose(b: &mut TextBuilder, markers: &mut Vec<Marker>, s: &str, orig_start: usize) {
    if !s.contains('[') {
        push_flat(b, s, orig_start);
        return;
    }
    let mut last = 0;
    for m in MARKER.captures_iter(s) {
        let Some(whole) = m.get(0) else { continue };
        let kind = if m.get(1).is_some() {
            MarkerKind::Reference
        } else if m
            .get(2)
            .is_some_and(|p| p.as_str().split(|c: char| !c.is_alphabetic()).any(|w| MAINTENANCE_WORDS.contains(&w)))
        {
            MarkerKind::Maintenance
        } else {
            continue;
        };
        push_flat(b, &s[last..whole.start()], orig_start + last);
        markers.push(Marker {
            kind,
            orig: Span::new(orig_start + whole.start(), orig_start + whole.end()),
            at: b.len(),
            label: m.get(1).or(m.get(2)).map_or("", |g| g.as_str()).to_string(),
            body: None,
        });
        last = whole.end();
        // "1955.[citation needed]This": keep the words apart.
        let next = s[last..].chars().next();
        if next.is_some_and(|c| c.is_alphanumeric()) && !b.text().ends_with(char::is_whitespace) {
            b.push_synthetic(" ", orig_start + last);
        }
    }
    push_flat(b, &s[last..], orig_start + last);
}

/// Copies `s`, replacing each line break or tab by a space.
pub(crate) fn push_flat(b: &mut TextBuilder, s: &str, orig_start: usize) {
    if !s.contains(['\n', '\r', '\t']) {
        b.push_copy(s, orig_start);
        return;
    }
    let mut last = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '\n' | '\r' | '\t') {
            b.push_copy(&s[last..i], orig_start + last);
            if !b.text().ends_with(' ') {
                b.push_replaced(" ", Span::new(orig_start + i, orig_start + i + 1));
            }
            last = i + 1;
        }
    }
    b.push_copy(&s[last..], orig_start + last);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_references_and_tags() {
        let src = "until 1955.[citation needed]This created[1][12] a case.[a]";
        let mut b = TextBuilder::new(src.len());
        let mut ms = Vec::new();
        push_prose(&mut b, &mut ms, src, 0);
        let (t, m) = b.finish();
        assert_eq!(t, "until 1955. This created a case.");
        assert_eq!(ms.len(), 4);
        assert_eq!(ms[0].kind, MarkerKind::Maintenance);
        assert_eq!(ms[1].label, "1");
        let i = t.find("created").unwrap();
        let s = m.map_span(Span::new(i, i + 7));
        assert_eq!(&src[s.range()], "created");
    }

    #[test]
    fn cuts_page_numbers_after_references() {
        let src = "were raped[53][54]:\u{200a}348–350\u{200a}[notes 2], though";
        let mut b = TextBuilder::new(src.len());
        let mut ms = Vec::new();
        push_prose(&mut b, &mut ms, src, 0);
        assert_eq!(b.text(), "were raped, though");
        assert_eq!(ms.len(), 3);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_maps_in_bounds(s in "[a-z0-9 \\[\\]:\u{200a}–.\n]{0,80}") {
            let mut b = TextBuilder::new(s.len());
            let mut ms = Vec::new();
            push_prose(&mut b, &mut ms, &s, 0);
            let (t, m) = b.finish();
            for c in 0..=t.len() {
                proptest::prop_assert!(m.map_start(c) <= s.len());
            }
        }
    }

    #[test]
    fn keeps_editorial_brackets() {
        let src = "they took [the] town";
        let mut b = TextBuilder::new(src.len());
        let mut ms = Vec::new();
        push_prose(&mut b, &mut ms, src, 0);
        assert_eq!(b.text(), src);
        assert!(ms.is_empty());
    }
}
