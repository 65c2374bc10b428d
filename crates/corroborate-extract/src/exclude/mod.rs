//! Which quantity expressions are *not* count claims (CLAIMS.md §1):
//! years, dates, ages, durations, distances, designations, page numbers,
//! list enumerators, rates, prison terms and shares of non-people.
//!
//! Each rule looks only at the quantity's shape and the words around it,
//! through the word classes of `data/units.tsv`,
//! `data/context_words.tsv` and `data/exclusions.tsv`; none names a
//! particular text. The classes of non-claims found on ordinary and
//! rendered pages (table cells, scores, identifiers, coordinates,
//! specifications, names with numbers, counts of kinds and parts) are the
//! named rules of `rules`, tried first; the older checks below follow.

mod rules;

use crate::lexicon::{is, UNITS};
use crate::quantity::{Quantity, Unit};
use crate::tokens::{Kind, Token};

/// Why a quantity is not a count claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A year or a span of years.
    Year,
    /// A day of a month.
    Date,
    /// A duration, distance, measure, time of day, sum of money or era.
    Unit(&'static str),
    /// A rate or per-victim frequency.
    Rate,
    /// An age.
    Age,
    /// Part of a name or designation ("Order 00485", "T-34").
    Designation,
    /// A page, footnote or reference number.
    Reference,
    /// A list enumerator ("1.").
    Enumerator,
    /// A share of something other than people or things affected.
    Share,
    /// A lone "one" or a bare number word with nothing counted.
    Uncounted,
    /// Excluded by the named rule of the rule table.
    Rule(&'static str),
}

impl Reason {
    /// A short name for the reason: the rule table's name for
    /// [`Reason::Rule`], the check's name otherwise.
    pub fn name(&self) -> &'static str {
        match self {
            Reason::Year => "year",
            Reason::Date => "date",
            Reason::Unit(class) => class,
            Reason::Rate => "rate",
            Reason::Age => "age",
            Reason::Designation => "designation",
            Reason::Reference => "reference",
            Reason::Enumerator => "enumerator",
            Reason::Share => "share",
            Reason::Uncounted => "uncounted",
            Reason::Rule(name) => name,
        }
    }

    /// Why such a figure is not a count claim, in words (CLAIMS.md §1).
    pub fn why(&self) -> &'static str {
        match self {
            Reason::Year => "a year or a span of years",
            Reason::Date => "a day of a month",
            Reason::Unit(_) => "a duration, distance, measure, time of day, sum of money or era (data/units.tsv)",
            Reason::Rate => "a rate or a per-victim frequency",
            Reason::Age => "an age",
            Reason::Designation => "part of a name or designation (\"T-34\", \"Order 00485\")",
            Reason::Reference => "a page, footnote or reference number",
            Reason::Enumerator => "a list enumerator (\"1.\")",
            Reason::Share => "a share of something other than people or things affected",
            Reason::Uncounted => "a lone \"one\" or a bare number word with nothing counted",
            Reason::Rule(name) => rules::why(name),
        }
    }
}

/// The years a bare four-digit figure can be.
fn year_like(v: f64) -> bool {
    (1100.0..=2100.0).contains(&v) && v.fract() == 0.0
}

fn is_month(t: &Token) -> bool {
    t.kind == Kind::Word && t.capitalized() && is("month", t.lower.trim_end_matches('.'))
}

/// A word that can head a counted noun phrase: not a function word, and
/// plural in form ("civilians", "Poles", "people", "troops").
pub(crate) fn plural_noun(t: &Token) -> bool {
    if t.kind != Kind::Word || is("function", &t.lower) {
        return false;
    }
    let w = t.lower.as_ref();
    const IRREGULAR: &[&str] = &[
        "people",
        "men",
        "women",
        "children",
        "police",
        "personnel",
        "troops",
        "cattle",
        "livestock",
        "infantry",
        "staff",
        "clergy",
        "militia",
        "folk",
        "youth",
        "dead",
        "wounded",
        "missing",
        "injured",
    ];
    IRREGULAR.contains(&w)
        || (w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("ous")
            && !w.ends_with("us")
            && !w.ends_with("is"))
}

/// True when a counted noun follows token `k` within a few words
/// (skipping adjectives and a parenthesis): "1000 (mostly male) civilians".
fn counted_noun_after(t: &[Token], mut k: usize) -> bool {
    let mut words = 0;
    while let Some(x) = t.get(k) {
        if x.is_punct(&['(']) {
            // Skip a short parenthesis.
            match t[k..].iter().take(8).position(|y| y.is_punct(&[')'])) {
                Some(p) => {
                    k += p + 1;
                    continue;
                }
                None => return false,
            }
        }
        if x.kind != Kind::Word || is("function", &x.lower) {
            return false;
        }
        if plural_noun(x) {
            return true;
        }
        words += 1;
        if words >= 4 {
            return false;
        }
        k += 1;
    }
    false
}

fn prev_word<'t, 'a>(t: &'t [Token<'a>], i: usize) -> Option<&'t Token<'a>> {
    i.checked_sub(1).and_then(|k| t.get(k)).filter(|x| x.kind == Kind::Word)
}

/// A check of the older cascade: the quantity, its tokens and whether its
/// sentence opens a paragraph.
type Check = fn(&[Token], &Quantity, bool) -> Option<Reason>;

/// The older checks, in the order they are tried after the rule table;
/// each is named after the class of non-claims it removes.
const CHECKS: &[Check] =
    &[enumerator, glued, page_reference, year, day, unit_after, rate, age, name_designation, share, uncounted];

/// Decides whether quantity `q` of tokens `t` is excluded, and why.
/// `starts_paragraph` says the sentence is its paragraph's first.
pub fn reason(t: &[Token], q: &Quantity, starts_paragraph: bool) -> Option<Reason> {
    if let Some(name) = rules::apply(t, q) {
        return Some(Reason::Rule(name));
    }
    CHECKS.iter().find_map(|check| check(t, q, starts_paragraph))
}

/// The older check `enumerator`: a list enumerator ("1.", "(2)").
fn enumerator(t: &[Token], q: &Quantity, starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    let before = q.first.checked_sub(1).and_then(|k| t.get(k));
    let after = t.get(q.end);
    // List enumerators: "1." or "2)" opening a paragraph.
    if starts_paragraph && q.first == 0 && s.plain_int && after.is_some_and(|a| a.is_punct(&['.', ')'])) {
        return Some(Reason::Enumerator);
    }
    // Enumerators inside a sentence: "composed of: 1. 4 Guards…, 2. …",
    // and "(1)", "(2)".
    if s.plain_int && s.first_value < 100.0 && q.first == q.core {
        let opens_item = before.is_none_or(|b| b.is_punct(&[':', ',', ';']) || b.is("and"));
        if opens_item && after.is_some_and(|a| a.is_punct(&['.'])) && t.get(q.end + 1).is_none_or(|n| n.space_before) {
            return Some(Reason::Enumerator);
        }
        if before.is_some_and(|b| b.is_punct(&['('])) && after.is_some_and(|a| a.is_punct(&[')'])) {
            return Some(Reason::Enumerator);
        }
    }
    None
}

/// The older check `glued`: a figure glued to a designation, a currency sign, "=" or "#".
fn glued(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    let before = q.first.checked_sub(1).and_then(|k| t.get(k));
    let after = t.get(q.end);
    let core_tok = &t[q.core];
    // Designations glued to letters or slashes: "T-34", "PPSh-41", "T-34/85", "3:1".
    if let Some(b) = before {
        if !core_tok.space_before
            && (b.kind == Kind::Word || b.kind == Kind::Alnum || b.is_punct(&['/', ':']))
            && !label_glued_to_value(b, s)
        {
            return Some(Reason::Designation);
        }
        if b.is_punct(&['-']) && !b.space_before && !core_tok.space_before {
            if let Some(bb) = q.first.checked_sub(2).and_then(|k| t.get(k)) {
                if matches!(bb.kind, Kind::Word | Kind::Alnum) && !is_number_word(bb) {
                    return Some(Reason::Designation);
                }
            }
        }
        if b.is_punct(&['$', '£', '€', '¥']) {
            return Some(Reason::Unit("money"));
        }
        // "x = 1": an equation or a line of code, not a count.
        if b.is_punct(&['=']) {
            return Some(Reason::Designation);
        }
        if b.is_punct(&['#', '№']) {
            return Some(Reason::Reference);
        }
    }
    if let Some(a) = after {
        if a.is_punct(&['/', ':']) && !a.space_before && t.get(q.end + 1).is_some_and(|n| n.kind == Kind::Num) {
            return Some(Reason::Designation);
        }
    }
    if s.leading_zero {
        return Some(Reason::Designation);
    }
    None
}

/// True when word `b` glued to a figure of shape `s` is an infobox or table
/// row's label that a reader ran into its value ("Deaths4,500–6,000",
/// "Fatalities4,500"): a label naming an act (the `row_*` classes of
/// `data/context_words.tsv`) before a figure written with thousands
/// separators, which no designation is ("T-34", "PPSh-41" are bare digits).
fn label_glued_to_value(b: &Token, s: &crate::quantity::Shape) -> bool {
    b.kind == Kind::Word
        && !s.plain_int
        && !s.plain_range
        && !s.leading_zero
        && !s.words
        && crate::context::frame::row_act(b.text).is_some()
}

/// The older check `page_reference`: a page or reference number ("p. 5", "No. 270").
fn page_reference(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let before = q.first.checked_sub(1).and_then(|k| t.get(k));
    // Page and reference numbers: "p. 5", "pp. 70–71", "No. 270".
    let mut k = q.first;
    if before.is_some_and(|b| b.is_punct(&['.'])) {
        k -= 1;
    }
    if let Some(p) = prev_word(t, k) {
        if is("ref_prev", &p.lower) && (p.lower.len() <= 3 || k == q.first) {
            let sentence_word = p.lower == "no" && !p.capitalized() && k == q.first;
            if !sentence_word {
                return Some(Reason::Reference);
            }
        }
    }
    None
}

/// The older check `year`: a year or a span of years.
fn year(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    let before = q.first.checked_sub(1).and_then(|k| t.get(k));
    // Years and spans of years.
    if s.plain_range && year_like(s.first_value) {
        let second = s.second_value;
        if year_like(second) || (second < 100.0 && second > s.first_value % 100.0) {
            return Some(Reason::Year);
        }
    }
    if s.plain_int && year_like(s.first_value) && q.first == q.core {
        let signal = before.is_some_and(|b| {
            (b.kind == Kind::Word && is("year_prev", &b.lower)) || is_month(b) || b.is_punct(&['(', ','])
        });
        let counted = counted_noun_after(t, q.end);
        if signal || !counted {
            return Some(Reason::Year);
        }
    }
    if s.plain_int && year_like(s.first_value) && !counted_noun_after(t, q.end) {
        return Some(Reason::Year);
    }
    None
}

/// The older check `day`: a day of a month ("14 June", "May 1").
fn day(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    // Days of months: "14 June", "May 1", "19–20 January".
    if s.first_value <= 31.0 && (s.plain_int || s.plain_range) && day_of_month(t, q) {
        return Some(Reason::Date);
    }
    None
}

/// The older check `unit_after`: a unit after the figure (data/units.tsv).
fn unit_after(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    // Units after the figure (skipping a hyphen: "six-day-old", "20-year").
    let mut u = q.end;
    if t.get(u).is_some_and(|x| x.is_punct(&['-']) && !x.space_before) {
        u += 1;
    }
    if let Some(x) = t.get(u).filter(|x| x.kind == Kind::Word) {
        let key = if x.text.len() <= 3 && x.text.chars().all(char::is_uppercase) { x.text } else { x.lower.as_ref() };
        if let Some(class) = UNITS.get(key).or_else(|| UNITS.get(x.lower.as_ref())) {
            // "years" after a figure can still count people: "1,000 years" cannot.
            return Some(match *class {
                "rate" => Reason::Rate,
                "era" => Reason::Year,
                c => Reason::Unit(c),
            });
        }
        // "thousands of kilometers".
        if x.is("of") && s.vague {
            if let Some(y) = t.get(u + 1).filter(|y| y.kind == Kind::Word) {
                if let Some(class) = UNITS.get(y.lower.as_ref()) {
                    return Some(Reason::Unit(class));
                }
            }
        }
    }
    None
}

/// The older check `rate`: a rate or a per-victim frequency.
fn rate(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    // Rates: "10 girls each day", "three times a week".
    for k in q.end..(q.end + 4).min(t.len()) {
        if t[k].is("each") || t[k].is("every") || t[k].is("per") || t[k].is("daily") || t[k].is("nightly") {
            return Some(Reason::Rate);
        }
        // "100 bodies a day".
        if (t[k].is("a") || t[k].is("an"))
            && t.get(k + 1).is_some_and(|n| UNITS.get(n.lower.as_ref()) == Some(&"duration"))
        {
            return Some(Reason::Rate);
        }
        if t[k].kind != Kind::Word {
            break;
        }
    }
    // Perpetrators per victim: "raped by as many as 12 soldiers".
    if let Some(p) = prev_word(t, q.first) {
        if p.is("by") && q.first >= 2 && matches!(t[q.first - 2].lower.as_ref(), "raped" | "assaulted" | "violated") {
            return Some(Reason::Rate);
        }
    }
    None
}

/// The older check `age`: an age or an age group.
fn age(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    // Age groups: "all age groups from ten to seventy".
    if t[q.first.saturating_sub(3)..q.first].iter().any(|x| matches!(x.lower.as_ref(), "age" | "ages" | "aged")) {
        return Some(Reason::Age);
    }
    // Ages: "aged 8", "as young as 8", "children under 16".
    if let Some(p) = prev_word(t, q.first) {
        if is("age_prev", &p.lower) {
            return Some(Reason::Age);
        }
        if q.first != q.core
            && s.first_value < 120.0
            && (s.plain_int || s.words)
            && is("person", &p.lower)
            && !counted_noun_after(t, q.end)
        {
            return Some(Reason::Age);
        }
    }
    None
}

/// The older check `name_designation`: a bare figure after a name word or naming a formation.
fn name_designation(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    let after = t.get(q.end);
    // Designations: a bare figure after a capitalised name word ("Order
    // 227", "Regiment 200"), with no counted noun after it.
    if s.plain_int && q.first == q.core && q.first > 0 {
        if let Some(p) = prev_word(t, q.first) {
            // "72 of the 80 inhabitants": a part of a larger whole.
            let part_of_whole = after.is_some_and(|a| a.is("of"))
                && t[q.end + 1..]
                    .iter()
                    .take(2)
                    .any(|x| x.kind == Kind::Num && x.value.is_some_and(|w| w > s.first_value));
            if p.capitalized() && !is_month(p) && !counted_noun_after(t, q.end) && !part_of_whole {
                return Some(Reason::Designation);
            }
        }
    }
    if s.plain_int && names_formation(t, q) {
        return Some(Reason::Designation);
    }
    None
}

/// The older check `share`: a share of something other than people.
fn share(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    // Shares of influence, production, oil: the word follows the figure
    // ("90 percent influence") or leads the clause ("influence … 50 percent").
    if q.unit == Unit::Percent {
        if t[q.first.saturating_sub(10)..q.first]
            .iter()
            .any(|x| x.kind == Kind::Word && is("share_of", &x.lower) && x.lower != "time")
        {
            return Some(Reason::Share);
        }
        for x in t[q.end..].iter().take(4) {
            if x.kind == Kind::Word && is("share_of", &x.lower) {
                return Some(Reason::Share);
            }
            if x.kind != Kind::Word && !x.is_punct(&['\'', '’']) {
                break;
            }
        }
    }
    None
}

/// The older check `uncounted`: a bare number word that counts nothing.
fn uncounted(t: &[Token], q: &Quantity, _starts_paragraph: bool) -> Option<Reason> {
    let s = &q.shape;
    let before = q.first.checked_sub(1).and_then(|k| t.get(k));
    let after = t.get(q.end);
    // Bare number words must count something: "one of the", "the two".
    let of_whom = after.is_some_and(|a| a.is("of")) && t.get(q.end + 1).is_some_and(|x| x.is("whom"));
    if s.words && q.low == Some(1.0) && q.high.is_none_or(|h| h == 1.0) && !of_whom {
        return Some(Reason::Uncounted);
    }
    if s.words && !s.vague && !s.fraction && q.first == q.core && q.low == q.high {
        let of_whom = of_whom
            || after.is_some_and(|a| a.is("of"))
                && t.get(q.end + 1).is_some_and(|x| matches!(x.lower.as_ref(), "them" | "those" | "these" | "us"));
        // "the three powers": a definite article makes it a reference back.
        if before.is_some_and(|b| b.is("the")) {
            return Some(Reason::Uncounted);
        }
        let noun = counted_noun_after(t, q.end) || of_whom;
        let verb = after.is_some_and(|a| {
            matches!(
                a.lower.as_ref(),
                "were"
                    | "was"
                    | "are"
                    | "is"
                    | "had"
                    | "have"
                    | "has"
                    | "died"
                    | "survived"
                    | "managed"
                    | "remained"
                    | "escaped"
                    | "perished"
                    | "returned"
            )
        });
        if !noun && !verb {
            return Some(Reason::Uncounted);
        }
    }
    None
}

/// A day number next to a month, directly or through a list of days:
/// "14 June", "May 1", "April 21 or 22", "10 and 11 February".
fn day_of_month(t: &[Token], q: &Quantity) -> bool {
    let connector =
        |x: &Token| x.is("or") || x.is("and") || x.is("to") || x.is("through") || x.is_punct(&[',', '-', '–']);
    let day = |x: &Token| x.kind == Kind::Num && x.value.is_some_and(|v| v <= 31.0 && v.fract() == 0.0);
    // Forward: (connector day)* month.
    let mut k = q.end;
    loop {
        match t.get(k) {
            Some(x) if is_month(x) => return true,
            Some(x) if connector(x) && t.get(k + 1).is_some_and(day) => k += 2,
            _ => break,
        }
    }
    // Backward: month (day connector)*.
    let mut k = q.first;
    while k > 0 {
        let x = &t[k - 1];
        if is_month(x) {
            return true;
        }
        if connector(x) && k >= 2 && day(&t[k - 2]) {
            k -= 2;
        } else {
            return false;
        }
    }
    false
}

/// A figure that names a formation rather than counting: "737 Regiment",
/// "4 Guards Mechanized Corps", "13, 14 and 15 mechanized and 36 Tank
/// Brigade" (a singular formation noun within a few words).
fn names_formation(t: &[Token], q: &Quantity) -> bool {
    let mut words = 0;
    for x in t[q.end..].iter().take(10) {
        if x.kind == Kind::Num || x.is_punct(&[',']) || x.is("and") || x.is_punct(&['-']) {
            continue;
        }
        if x.kind != Kind::Word || is("function", &x.lower) {
            return false;
        }
        if is("formation", &x.lower) || (x.text == "Corps") {
            return true;
        }
        if plural_noun(x) && !x.capitalized() {
            return false;
        }
        words += 1;
        if words >= 4 {
            return false;
        }
    }
    false
}

fn is_number_word(t: &Token) -> bool {
    crate::lexicon::NUMBER_WORDS.contains_key(t.lower.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::find;
    use crate::tokens::tokenize;

    fn kept(s: &str) -> Vec<String> {
        let t = tokenize(s, 0);
        find(&t)
            .into_iter()
            .filter(|q| reason(&t, q, true).is_none())
            .map(|q| s[t[q.first].span.start..t[q.end - 1].span.end].to_string())
            .collect()
    }

    #[test]
    fn excludes_non_counts() {
        assert!(kept("In 1944 the army advanced 18 miles in three days.").is_empty());
        assert!(kept("On 14 June 1941 and October 20, 1944 nothing.").is_empty());
        assert!(kept("The T-34/85 and PPSh-41 of the 4th Guards under Order 00485.").is_empty());
        assert!(kept("Girls as young as 8 years old were raped up to 15 times.").is_empty());
        assert!(kept("He got eight years in prison (pp. 70–71) in 1939–41.").is_empty());
        assert!(kept("It had 90 percent influence and one of the guards.").is_empty());
    }

    #[test]
    fn a_row_label_run_into_its_value_is_no_designation() {
        assert_eq!(kept("Fatalities4,500–6,000 Karens"), vec!["4,500–6,000"]);
        assert_eq!(kept("Deaths12,400 villagers"), vec!["12,400"]);
        // A bare figure glued to a word is still a designation.
        assert!(kept("Deaths12 and the SU-100 guns").is_empty());
    }

    #[test]
    fn keeps_counts() {
        assert_eq!(kept("more than 2000 Poles were captured"), vec!["more than 2000"]);
        assert_eq!(kept("a total of 1000 Japanese civilians"), vec!["1000"]);
        assert_eq!(kept("around 1000 (mostly male) civilians"), vec!["around 1000"]);
        assert_eq!(kept("of whom five were women"), vec!["five"]);
        assert_eq!(
            kept("over 5,000 women and over 2,500 children under 16, 439 Jews"),
            vec!["over 5,000", "over 2,500", "439"]
        );
    }
}
