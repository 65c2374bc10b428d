//! The subject an estimate names before its figure: "Greek casualties at
//! the hands of the garrison are estimated at 1,500–2,500", "local sources
//! put the deportees at 48,000", "the dead numbered 4,100".
//!
//! A figure with no counted phrase after it ([`super::act::noun_phrase`]
//! empty) may still say what it counts, in the verb frame before it. Each
//! frame is a verb right before the figure (with "at" for the estimating
//! verbs); the subject is the noun phrase the frame names: after the verb
//! for "put the deportees at", before it (back to the clause's start) for
//! "are estimated at" and "numbered".

use crate::tokens::{Kind, Token};

/// Verbs that set a figure on what comes between them and "at" ("put the
/// deportees at 48,000").
const PUT: &[&str] = &["put", "puts", "placed", "places", "place", "estimate", "estimates", "estimated"];

/// Verbs (past participles) of a passive estimate ("are estimated at").
const PASSIVE: &[&str] = &["estimated", "put", "placed", "reckoned", "assessed", "calculated"];

/// Verbs that give their subject's size right before the figure ("the dead
/// numbered 4,100").
/// ("reached" is left out: "the number of those who … reached 50,000"
/// names its subject far back, past other nouns.)
const SIZE: &[&str] = &["numbered", "totalled", "totaled", "totalling", "totaling"];

/// Verbs that set a span on their subject, the figure after "between" or
/// "from" ("estimates of the number of deaths range between 2 and 3
/// million", "the toll varies from 900 to 1,400").
const SPAN: &[&str] = &["range", "ranges", "ranged", "varies", "vary", "varied"];

/// Words that open a span's two ends.
const SPAN_OPEN: &[&str] = &["between", "from"];

/// Words that say a subject is a count of what follows them ("the total
/// number of casualties"): left out of the subject.
const COUNT_OF: &[&str] = &["number", "total", "count"];

/// Words that name an estimate, not what it counts ("estimates vary").
const ESTIMATES: &[&str] = &["estimates", "estimate", "figures", "figure", "numbers", "counts", "tolls"];

/// Auxiliaries between a subject and its passive verb.
const AUXILIARIES: &[&str] = &["is", "are", "was", "were", "been", "be", "has", "have", "had", "being", "variously"];

/// Words the subject never crosses going back.
const STOP: &[&str] = &["that", "which", "who", "while", "whereas", "although", "though", "but", "and"];

/// Prepositions that open a clause with a time or place ("by spring",
/// "in the end").
const LEADING: &[&str] = &["by", "in", "during", "after", "before", "on", "until", "since", "within", "from", "of"];

/// Words that open a noun phrase and are left out of it.
const ARTICLES: &[&str] = &["the", "a", "an", "these", "those", "such"];

/// The longest subject read back from the verb, in tokens.
const MAX_WORDS: usize = 8;

/// The tokens `[start, end)` of the subject the verb frame right before
/// figure token `first` names, if any.
pub(crate) fn subject(t: &[Token], first: usize) -> Option<(usize, usize)> {
    let word = |k: usize| t.get(k).filter(|x| x.kind == Kind::Word).map(|x| x.lower.as_ref());
    let before = first.checked_sub(1)?;
    if word(before) == Some("at") {
        let verb = before.checked_sub(1)?;
        // "put the deportees at": the subject sits between verb and "at".
        if let Some(v) = (before.saturating_sub(6)..before).rev().find(|&k| word(k).is_some_and(|w| PUT.contains(&w))) {
            let passive = v + 1 == before;
            if !passive {
                let phrase = (v + 1, before);
                return (t[phrase.0..phrase.1].iter().all(|x| x.kind == Kind::Word)).then_some(phrase);
            }
        }
        // "casualties … are estimated at": the subject ends before the
        // auxiliaries.
        if word(verb).is_some_and(|w| PASSIVE.contains(&w)) {
            let mut end = verb;
            while end > 0 && word(end - 1).is_some_and(|w| AUXILIARIES.contains(&w)) {
                end -= 1;
            }
            return (end < verb).then(|| back(t, end)).flatten();
        }
        return None;
    }
    // "range between 12,000 and 15,000" (the span's word inside the
    // figure) or "range between 12,000 (…) and 15,000" (outside it).
    let open = [before, first].into_iter().find(|&k| word(k).is_some_and(|w| SPAN_OPEN.contains(&w)));
    if let Some(open) = open {
        let verb = open.checked_sub(1)?;
        return word(verb)
            .is_some_and(|w| SPAN.contains(&w))
            .then(|| back(t, verb).and_then(|p| counted(t, p)))
            .flatten();
    }
    word(before).is_some_and(|w| SIZE.contains(&w)).then(|| back(t, before)).flatten()
}

/// The subject of the second end of a span whose ends stand apart ("range
/// between 2.2 million (…) and 3 million"): figure token `first` after
/// "and" or "to" takes the subject of the figure `firsts` holds before it
/// that opens the span ("between", "from"), where no figure stands between
/// the two.
pub(crate) fn second_end_subject(t: &[Token], first: usize, firsts: &[usize]) -> Option<(usize, usize)> {
    let before = first.checked_sub(1)?;
    if !(t[before].is("and") || t[before].is("to")) {
        return None;
    }
    let opener = firsts.iter().copied().filter(|&f| f < first).max()?;
    let opened = opener.checked_sub(1).is_some_and(|k| SPAN_OPEN.iter().any(|w| t[k].is(w)));
    opened.then(|| subject(t, opener)).flatten()
}

/// What `phrase` counts: the words after its last "number of" ("estimates
/// of the total number of casualties within the province" count casualties
/// within the province); none when it names only estimates ("estimates
/// vary from 5,000 to 200,000").
fn counted(t: &[Token], phrase: (usize, usize)) -> Option<(usize, usize)> {
    let of = (phrase.0 + 1..phrase.1.saturating_sub(1))
        .rev()
        .find(|&k| t[k].is("of") && COUNT_OF.contains(&t[k - 1].lower.as_ref()));
    let phrase = of.map_or(phrase, |k| (k + 1, phrase.1));
    let only_estimates = (phrase.0..phrase.1).all(|k| ESTIMATES.contains(&t[k].lower.as_ref()));
    (!only_estimates).then_some(phrase)
}

/// The noun phrase ending right before token `end`, read back to the
/// clause's start (punctuation or a [`STOP`] word), at most [`MAX_WORDS`].
fn back(t: &[Token], end: usize) -> Option<(usize, usize)> {
    let mut start = end;
    while start > 0 && end - start < MAX_WORDS {
        let x = &t[start - 1];
        if x.kind != Kind::Word || STOP.contains(&x.lower.as_ref()) {
            break;
        }
        start -= 1;
    }
    // "By spring the refugees": a time or place before the subject is not
    // the subject; it starts at the article after it.
    if t.get(start).is_some_and(|x| LEADING.contains(&x.lower.as_ref())) {
        start = (start + 1..end).find(|&k| ARTICLES.contains(&t[k].lower.as_ref()))?;
    }
    while start < end && ARTICLES.contains(&t[start].lower.as_ref()) {
        start += 1;
    }
    (start < end).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::find;
    use crate::tokens::tokenize;

    fn subject_of(s: &str) -> Option<String> {
        let t = tokenize(s, 0);
        let q = find(&t).into_iter().next().expect("a figure");
        subject(&t, q.first).map(|(a, b)| s[t[a].span.start..t[b - 1].span.end].to_string())
    }

    #[test]
    fn a_passive_estimate_names_what_comes_before() {
        let s = "Greek casualties at the hands of the garrison are estimated at 1,500-2,500 in the valley.";
        assert_eq!(subject_of(s).as_deref(), Some("Greek casualties at the hands of the garrison"));
        assert_eq!(subject_of("In the end, the losses were put at 700.").as_deref(), Some("losses"));
    }

    #[test]
    fn put_names_what_comes_between() {
        let s = "Local sources put the deportees at 48,000.";
        assert_eq!(subject_of(s).as_deref(), Some("the deportees"));
    }

    #[test]
    fn a_span_verb_names_its_subject() {
        let s = "Estimates of the total number of deaths in the valley range between 12,000 and 15,000.";
        assert_eq!(subject_of(s).as_deref(), Some("deaths in the valley"));
        assert_eq!(subject_of("The toll of the flood varies from 900 to 1,400.").as_deref(), Some("toll of the flood"));
        assert_eq!(subject_of("Prices ranged widely, from 9 to 12 a week.").as_deref(), None);
        let s = "Estimates of the number of flood victims range from 900 to 1,400.";
        assert_eq!(subject_of(s).as_deref(), Some("flood victims"));
        assert_eq!(subject_of("Some 900 died, though estimates vary from 900 to 1,400.").as_deref(), None);
    }

    #[test]
    fn the_second_end_of_a_span_takes_the_first_ends_subject() {
        let s = "The number of refugees ranges between 12,000 (a census) [note] and 15,000 (aid groups).";
        let t = tokenize(s, 0);
        let firsts: Vec<usize> = find(&t).into_iter().map(|q| q.first).collect();
        let got = second_end_subject(&t, firsts[1], &firsts).map(|(a, b)| &s[t[a].span.start..t[b - 1].span.end]);
        assert_eq!(got, Some("refugees"));
        let s = "Some 12,000 fled and 15,000 stayed.";
        let t = tokenize(s, 0);
        let firsts: Vec<usize> = find(&t).into_iter().map(|q| q.first).collect();
        assert_eq!(second_end_subject(&t, firsts[1], &firsts), None);
    }

    #[test]
    fn a_size_verb_names_its_subject() {
        assert_eq!(subject_of("By spring the refugees numbered 4,100.").as_deref(), Some("refugees"));
        assert_eq!(subject_of("The convoy carried 4,100 refugees.").as_deref(), None);
        assert_eq!(subject_of("The number of those sent to camps in the north reached 9,000.").as_deref(), None);
    }
}
