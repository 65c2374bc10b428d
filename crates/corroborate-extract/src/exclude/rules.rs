//! Named exclusion rules for classes of non-claims found on ordinary and
//! rendered pages (CLAIMS.md §1): table cells, scores, identifiers,
//! coordinates, specifications, names with numbers and counts of things
//! that are not counted in the sense of §1.
//!
//! The guiding principle is that a claim needs something counted. Each rule
//! is an entry of [`RULES`], an ordered table: a name, the reason in words,
//! and a predicate over the sentence's tokens and the quantity. The first
//! rule that applies excludes the quantity; [`apply`] returns its name.
//! Word lists live in `data/exclusions.tsv`. No rule names a text, an event
//! or a figure.

use super::{counted_noun_after, plural_noun};
use crate::lexicon::{is, UNITS};
use crate::quantity::{Quantity, Unit};
use crate::tokens::{Kind, Token};

/// One named exclusion rule.
pub(crate) struct Rule {
    /// Short name, reported as the reason.
    pub(crate) name: &'static str,
    /// What class of non-claims it removes, and why (CLAIMS.md §1).
    pub(crate) why: &'static str,
    /// True when the rule excludes quantity `q` of sentence tokens `t`.
    pub(crate) apply: fn(&[Token], &Quantity) -> bool,
}

/// The rules, in the order they are tried.
pub(crate) static RULES: &[Rule] = &[
    Rule { name: "bare_table_cell", why: "a cell with no words: a rank, score, code or rate, unless a separated count or a percentage", apply: bare_table_cell },
    Rule { name: "era_range", why: "a span of years before or after an era mark (\"135–50 BC\")", apply: era_range },
    Rule { name: "identifier", why: "a number after an identifier or standard label (ISBN, ISO, Res.)", apply: identifier },
    Rule { name: "pipe_cell", why: "a cell of a table row left in the text (\"|| 14 ||\"), as for bare cells", apply: pipe_cell },
    Rule { name: "number_series", why: "a run of bare figures separated by commas: a data series, not counts", apply: number_series },
    Rule { name: "foreign_ordinal", why: "an ordinal written with a period in German or Scandinavian text (\"des 18.\")", apply: foreign_ordinal },
    Rule { name: "score_pair", why: "one side of a score or win–loss record (\"25–15\", \"(3–1)\") or a number chain (dates, file ids)", apply: score_pair },
    Rule { name: "hyphen_modifier", why: "a figure glued to a word it modifies (\"8-bit\", \"10-point\", \"636-type\")", apply: hyphen_modifier },
    Rule { name: "ranking", why: "a rank or position (\"world no. 3\", \"the top 50\")", apply: ranking },
    Rule { name: "ratio_base", why: "the base of a ratio (\"per 1,000\", \"per 100 females\", \"every 68\")", apply: ratio_base },
    Rule { name: "number_in_name", why: "a capitalised number word inside a name (\"Big Four\", \"World War Two\", \"Five Nations\")", apply: number_in_name },
    Rule { name: "signed_number", why: "a signed figure: a coordinate, a charge, a time gap (\"-129.00\", \"+2\")", apply: signed_number },
    Rule { name: "coordinate", why: "degrees, minutes and seconds, or decimal coordinates (\"51°03′\", \"52.23000\")", apply: coordinate },
    Rule { name: "measure_unit", why: "a measure the general unit list lacks (volts, hectares, knots, bits) or a conversion", apply: measure_unit },
    Rule { name: "glued_period", why: "a move, step or section number glued to text (\"4.Nc3\", \"A.1\")", apply: glued_period },
    Rule { name: "version_number", why: "a decimal after a name (\"Firefox 1.5\")", apply: version_number },
    Rule { name: "uncounted_head", why: "kinds, parts, properties, subdivisions or tallies of results (\"three types\", \"fourteen medals\")", apply: uncounted_head },
    Rule { name: "year_in_name", why: "a year opening a title (\"1907 Home Nations Championship\")", apply: year_in_name },
    Rule { name: "year_after_in", why: "an early year after \"in\" or \"since\" (\"in 1043\")", apply: year_after_in },
    Rule { name: "markup_attribute", why: "a markup attribute's value (width=\"19%\")", apply: markup_attribute },
    Rule { name: "spec_field", why: "a specification field of an infobox or data box (\"Tonnage: 25,484\", \"Decks: 5\")", apply: spec_field },
    Rule { name: "times_sign", why: "a specification list with multiplication signs (\"8 × 20 mm guns\")", apply: times_sign },
    Rule { name: "citation_bracket", why: "a citation or note number in brackets (\"[lower-alpha 1]\")", apply: citation_bracket },
    Rule { name: "street_address", why: "a house number (\"620 N. Michigan\", \"14 Elm Street\")", apply: street_address },
    Rule { name: "share_of_money", why: "a percentage of spending, costs or rates, not of people (\"spending peaked at 2%\")", apply: share_of_money },
    Rule { name: "age_turned", why: "an age reached (\"had just turned 15\")", apply: age_turned },
    Rule { name: "day_number", why: "a day, week or year number (\"on day 4\")", apply: day_number },
    Rule { name: "fraction_ordinal", why: "\"a third\" as an ordinal or a part of a place or period (\"a third religion\", \"the western half\", \"a two-thirds majority\")", apply: fraction_ordinal },
    Rule { name: "label_sequence", why: "one of a run of consecutive small integers (\"types 1, 2 and 3\", \"steps 4, 5 and 6\"): labels, not counts", apply: label_sequence },
    Rule { name: "glued_letter", why: "digits glued to a lone letter read as \"c\" for circa (\"c6\", \"c4\"): a square, grid or code, not an approximate figure", apply: glued_letter },
    Rule { name: "open_threshold", why: "\"one or more\", \"two or more\": a condition on a number, not a count (CLAIMS.md §1 thresholds)", apply: open_threshold },
    Rule { name: "division_into", why: "the number of parts something is divided into (\"divided into three groups\", \"split into two\")", apply: division_into },
    Rule { name: "proportion_base", why: "the base of a proportion (\"three of four\", \"9 out of 10\"): the whole a share is taken from", apply: proportion_base },
    Rule { name: "contest_tally", why: "a tally of wins or losses with nothing counted after it (\"winning three of those\", \"lost two\")", apply: contest_tally },
    Rule { name: "counterfactual", why: "a figure inside a counterfactual (\"might have won had they sent 10,000 troops\"): a hypothetical, not a claim", apply: counterfactual },
    Rule { name: "number_of_uncounted", why: "a value of \"the number of\" something uncounted (\"the number of instructions from 13 to 8\")", apply: number_of_uncounted },
    Rule { name: "flattened_exponent", why: "a power written with a superscript that the reader flattened (\"1000<sup>3</sup>\" reads \"1000 3\"): base and exponent, not counts", apply: flattened_exponent },
    Rule { name: "uncounted_phrase_head", why: "a longer noun phrase whose last noun is uncounted (\"three non-proprietary device class (CDC) protocols\")", apply: uncounted_phrase_head },
];

/// The name of the first rule that excludes `q`, if any.
pub(crate) fn apply(t: &[Token], q: &Quantity) -> Option<&'static str> {
    RULES.iter().find(|r| (r.apply)(t, q)).map(|r| r.name)
}

/// The `why` of the rule named `name` (empty for an unknown name).
pub(crate) fn why(name: &str) -> &'static str {
    RULES.iter().find(|r| r.name == name).map_or("", |r| r.why)
}

const DASHES: &[char] = &['-', '–', '—', '‐', '−'];

fn is_word(x: &Token) -> bool {
    x.kind == Kind::Word
}

fn prev<'t, 'a>(t: &'t [Token<'a>], i: usize) -> Option<&'t Token<'a>> {
    i.checked_sub(1).and_then(|k| t.get(k))
}

/// True when the figure is a single token (no qualifier, no magnitude).
fn single(q: &Quantity) -> bool {
    q.first == q.core && q.end == q.core + 1
}

/// The digits after the decimal point of a number token, if any.
fn decimals(x: &Token) -> usize {
    x.text.split_once('.').map_or(0, |(_, d)| d.chars().take_while(char::is_ascii_digit).count())
}

fn bare_table_cell(t: &[Token], q: &Quantity) -> bool {
    !t.iter().any(|x| is_word(x) && x.text.chars().count() >= 2) && small_cell(t, q)
}

/// True when a figure standing alone in a cell would not be a count: not
/// written with a thousands separator and not a percentage.
fn small_cell(t: &[Token], q: &Quantity) -> bool {
    let separated = t[q.core..q.end]
        .iter()
        .any(|x| x.kind == Kind::Num && x.text.contains(',') && x.value.is_some_and(|v| v >= 1000.0));
    !(separated || q.unit == Unit::Percent)
}

fn pipe_cell(t: &[Token], q: &Quantity) -> bool {
    let pipe = |x: Option<&Token>| x.is_some_and(|p| p.is_punct(&['|']));
    pipe(prev(t, q.first)) && (pipe(t.get(q.end)) || t.get(q.end).is_none()) && small_cell(t, q)
}

fn number_series(t: &[Token], q: &Quantity) -> bool {
    if !single(q) || t[q.core].kind != Kind::Num {
        return false;
    }
    // Count the bare figures joined to this one by commas on either side.
    let mut run = 1;
    let mut k = q.core;
    while k >= 2 && t[k - 1].is_punct(&[',']) && t[k - 2].kind == Kind::Num {
        run += 1;
        k -= 2;
    }
    let mut k = q.core;
    while t.get(k + 1).is_some_and(|c| c.is_punct(&[','])) && t.get(k + 2).is_some_and(|n| n.kind == Kind::Num) {
        run += 1;
        k += 2;
    }
    run >= 5
}

fn foreign_ordinal(t: &[Token], q: &Quantity) -> bool {
    single(q)
        && t.get(q.end).is_some_and(|d| d.is_punct(&['.']) && !d.space_before)
        && prev(t, q.first).is_some_and(|p| is_word(p) && is("ordinal_prev", &p.lower))
}

fn score_pair(t: &[Token], q: &Quantity) -> bool {
    // Scores, records, dates and file ids are bare digits on both sides.
    let num = |i: usize| t.get(i).is_some_and(|x| x.kind == Kind::Num && !x.space_before && !x.text.contains(','));
    let bare = single(q) && t[q.core].kind == Kind::Num && !t[q.core].text.contains(',');
    // "1 vs 2": a comparison of two figures.
    let vs = |x: Option<&Token>| x.is_some_and(|w| w.is("vs") || w.is("versus"));
    if single(q) && (vs(t.get(q.end)) || vs(prev(t, q.first))) {
        return true;
    }
    // "25–15": the other side is outside the quantity.
    if bare && t.get(q.end).is_some_and(|d| d.is_punct(DASHES) && !d.space_before) && num(q.end + 1) {
        return true;
    }
    if bare
        && !t[q.core].space_before
        && q.core >= 2
        && t[q.core - 1].is_punct(DASHES)
        && !t[q.core - 1].space_before
        && t[q.core - 2].kind == Kind::Num
    {
        return true;
    }
    // "Albers (3–1)": a short pair in parentheses after a name.
    if q.shape.plain_range && q.shape.second_value < 200.0 && q.first >= 2 {
        let open = t[q.first - 1].is_punct(&['(']);
        let name = t[q.first - 2].capitalized() && is_word(&t[q.first - 2]);
        let close = t.get(q.end).is_none_or(|c| c.is_punct(&[')']));
        if open && name && close {
            return true;
        }
    }
    false
}

fn hyphen_modifier(t: &[Token], q: &Quantity) -> bool {
    let Some(d) = t.get(q.end) else { return false };
    if !d.is_punct(&['-', '‐']) || d.space_before {
        return false;
    }
    match t.get(q.end + 1) {
        Some(w) if (is_word(w) || w.kind == Kind::Alnum) && !w.space_before => !is("compound_count", &w.lower),
        _ => false,
    }
}

fn identifier(t: &[Token], q: &Quantity) -> bool {
    let mut k = q.first;
    let mut steps = 0;
    while k > 0 && steps < 10 {
        let x = &t[k - 1];
        if is_word(x) || x.kind == Kind::Alnum {
            let w = x.lower.trim_end_matches(|c: char| c.is_ascii_digit());
            return is("id_label", w);
        }
        if !(x.kind == Kind::Num || x.is_punct(&['-', '–', '.', ':'])) {
            return false;
        }
        k -= 1;
        steps += 1;
    }
    false
}

fn ranking(t: &[Token], q: &Quantity) -> bool {
    let mut k = q.first;
    if prev(t, k).is_some_and(|p| p.is_punct(&['.'])) {
        k -= 1;
    }
    let Some(p) = prev(t, k).filter(|p| is_word(p)) else { return false };
    if is("rank_prev", &p.lower) && !counted_noun_after(t, q.end) {
        return true;
    }
    // "world no. 3", "ranked number 1".
    (p.is("no") || p.is("number")) && prev(t, k - 1).is_some_and(|w| w.is("world") || is("rank_prev", &w.lower))
}

fn ratio_base(t: &[Token], q: &Quantity) -> bool {
    prev(t, q.first).is_some_and(|p| p.is("per") || p.is("every"))
}

fn era_range(t: &[Token], q: &Quantity) -> bool {
    let era = |x: &Token| UNITS.get(x.text) == Some(&"era");
    t.get(q.end).is_some_and(|d| d.is_punct(DASHES))
        && t.get(q.end + 1).is_some_and(|n| n.kind == Kind::Num)
        && t.get(q.end + 2).is_some_and(era)
}

fn number_in_name(t: &[Token], q: &Quantity) -> bool {
    let c = &t[q.core];
    if !q.shape.words || !single(q) || !is_word(c) || !c.capitalized() || q.core == 0 {
        return false;
    }
    let before = &t[q.core - 1];
    let named_before = (is_word(before) && before.capitalized()) || before.kind == Kind::Num;
    let named_after = t.get(q.end).is_some_and(|a| is_word(a) && a.capitalized());
    named_before || named_after
}

fn signed_number(t: &[Token], q: &Quantity) -> bool {
    if q.first != q.core || q.core == 0 || t[q.core].space_before {
        return false;
    }
    let s = &t[q.core - 1];
    if !s.is_punct(&['+', '-', '−', '±']) {
        return false;
    }
    match prev(t, q.core - 1) {
        None => true,
        Some(b) => s.space_before || !matches!(b.kind, Kind::Num | Kind::Word | Kind::Alnum),
    }
}

fn coordinate(t: &[Token], q: &Quantity) -> bool {
    const MARKS: &[char] = &['°', '′', '″', 'º'];
    if t.get(q.end).is_some_and(|a| a.is_punct(MARKS)) {
        return true;
    }
    if !t[q.first].space_before && prev(t, q.first).is_some_and(|b| b.is_punct(MARKS)) {
        return true;
    }
    if prev(t, q.first).is_some_and(|b| b.text.ends_with(['°', 'º']) && b.kind != Kind::Punct) {
        return true;
    }
    let c = &t[q.core];
    if c.kind == Kind::Num && single(q) {
        // Decimal degrees: "52.23000", or a pair "52.23; 21.01083".
        if decimals(c) >= 3 && !c.text.contains(',') {
            return true;
        }
        if decimals(c) >= 1 {
            let pair_after =
                t.get(q.end).is_some_and(|s| s.is_punct(&[';'])) && t.get(q.end + 1).is_some_and(|n| decimals(n) >= 1);
            let pair_before =
                prev(t, q.first).is_some_and(|s| s.is_punct(&[';'])) && q.first >= 2 && decimals(&t[q.first - 2]) >= 1;
            return pair_after || pair_before;
        }
    }
    false
}

fn measure_word(x: &Token) -> bool {
    is_word(x)
        && (is("measure", &x.lower) || UNITS.get(x.lower.as_ref()).is_some_and(|c| *c != "duration" && *c != "era"))
}

fn measure_unit(t: &[Token], q: &Quantity) -> bool {
    if t.get(q.end).is_some_and(|a| is_word(a) && is("measure", &a.lower)) {
        return true;
    }
    // "13.5 in (34.3 cm)": a measure converted in parentheses.
    let converted = t.get(q.end).is_some_and(is_word)
        && t.get(q.end + 1).is_some_and(|p| p.is_punct(&['(']))
        && t.get(q.end + 2).is_some_and(|n| n.kind == Kind::Num)
        && t.get(q.end + 3).is_some_and(measure_word);
    // "684 ft 1 in": the smaller part of a compound measure.
    let compound = q.first == q.core
        && prev(t, q.first).is_some_and(measure_word)
        && q.first >= 2
        && t[q.first - 2].kind == Kind::Num;
    converted || compound
}

fn glued_period(t: &[Token], q: &Quantity) -> bool {
    let after = t.get(q.end).is_some_and(|d| d.is_punct(&['.']) && !d.space_before)
        && t.get(q.end + 1).is_some_and(|w| (is_word(w) || w.kind == Kind::Alnum) && !w.space_before);
    let before = q.first == q.core
        && q.core >= 2
        && !t[q.core].space_before
        && t[q.core - 1].is_punct(&['.'])
        && !t[q.core - 1].space_before
        && is_word(&t[q.core - 2])
        && t[q.core - 2].text.chars().count() == 1;
    after || before
}

fn version_number(t: &[Token], q: &Quantity) -> bool {
    let c = &t[q.core];
    single(q)
        && c.kind == Kind::Num
        && decimals(c) >= 1
        && prev(t, q.first).is_some_and(|p| is_word(p) && p.capitalized())
        && !counted_noun_after(t, q.end)
}

/// The head noun after the figure: the first plural noun within four words
/// (adjectives skipped), or the first word when "of" follows it ("five
/// pairs of").
fn head_after<'t, 'a>(t: &'t [Token<'a>], from: usize) -> Option<&'t Token<'a>> {
    let mut k = from;
    let mut words = 0;
    while let Some(x) = t.get(k) {
        if !is_word(x) || is("function", &x.lower) {
            return None;
        }
        if plural_noun(x) || t.get(k + 1).is_some_and(|n| n.is("of")) {
            return Some(x);
        }
        words += 1;
        if words >= 4 {
            return None;
        }
        k += 1;
    }
    None
}

fn uncounted_head(t: &[Token], q: &Quantity) -> bool {
    let mut from = q.end;
    // "67 percent of the species".
    if q.unit == Unit::Percent && t.get(from).is_some_and(|x| x.is("of")) {
        from += 1;
        if t.get(from).is_some_and(|x| x.is("the") || x.is("all")) {
            from += 1;
        }
    }
    match head_after(t, from) {
        Some(h) => {
            is("uncounted", &h.lower)
                || (from == q.end
                    && h.span.start != t.get(q.end).map_or(0, |x| x.span.start)
                    && UNITS.get(h.lower.as_ref()).is_some_and(|c| *c == "duration" || *c == "distance"))
        }
        None => false,
    }
}

fn year_in_name(t: &[Token], q: &Quantity) -> bool {
    let v = q.shape.first_value;
    let cap = |i: usize| t.get(i).is_some_and(|x| is_word(x) && x.capitalized());
    q.shape.plain_int && single(q) && (1000.0..=2100.0).contains(&v) && cap(q.end) && cap(q.end + 1)
}

fn year_after_in(t: &[Token], q: &Quantity) -> bool {
    let v = q.shape.first_value;
    q.shape.plain_int
        && single(q)
        && (500.0..=2100.0).contains(&v)
        && prev(t, q.first)
            .is_some_and(|p| p.is("in") || p.is("since") || p.is("until") || p.is("till") || p.is("circa"))
        && !counted_noun_after(t, q.end)
}

fn markup_attribute(t: &[Token], q: &Quantity) -> bool {
    const ATTRS: &[&str] =
        &["width", "height", "colspan", "rowspan", "size", "cellpadding", "cellspacing", "border", "scale", "upright"];
    t[q.first.saturating_sub(3)..q.first].iter().any(|x| is_word(x) && ATTRS.contains(&x.lower.as_ref()))
        && t[q.first.saturating_sub(2)..q.first].iter().any(|x| x.is_punct(&['=', '"']))
}

fn spec_field(t: &[Token], q: &Quantity) -> bool {
    // The nearest colon within a few tokens before the figure, with only
    // qualifiers' marks between.
    let lo = q.first.saturating_sub(4);
    let Some(colon) = (lo..q.first).rev().find(|&k| t[k].is_punct(&[':'])) else { return false };
    if t[colon + 1..q.first].iter().any(|x| x.kind == Kind::Num || is_word(x)) {
        return false;
    }
    let label = |k: usize| t.get(k).is_some_and(|x| is_word(x) && is("spec_label", &x.lower));
    colon >= 1 && (label(colon - 1) || (colon >= 2 && label(colon - 2) && is_word(&t[colon - 1])))
}

fn times_sign(t: &[Token], _q: &Quantity) -> bool {
    t.iter().any(|x| x.is_punct(&['×']))
}

fn citation_bracket(t: &[Token], q: &Quantity) -> bool {
    // "[note 3]", and a volume before its issue: "80, No. 1".
    let issue = t.get(q.end).is_some_and(|c| c.is_punct(&[',']))
        && t.get(q.end + 1).is_some_and(|n| n.text == "No" || n.text == "no");
    single(q) && (t.get(q.end).is_some_and(|c| c.is_punct(&[']'])) || issue)
}

fn street_address(t: &[Token], q: &Quantity) -> bool {
    // "620 N. Michigan": a compass letter with a period, or a street word
    // within three words.
    let compass = t.get(q.end).is_some_and(|w| matches!(w.text, "N" | "S" | "E" | "W" | "NE" | "NW" | "SE" | "SW"))
        && t.get(q.end + 1).is_some_and(|p| p.is_punct(&['.']));
    let street = t[q.end..].iter().take(3).any(|w| is_word(w) && w.capitalized() && is("street", &w.lower));
    single(q) && q.shape.plain_int && (compass || street)
}

fn share_of_money(t: &[Token], q: &Quantity) -> bool {
    q.unit == Unit::Percent
        && t[q.first.saturating_sub(20)..q.first].iter().any(|x| is_word(x) && is("money_share", &x.lower))
}

fn age_turned(t: &[Token], q: &Quantity) -> bool {
    prev(t, q.first).is_some_and(|p| p.is("turned") || p.is("turning")) && !counted_noun_after(t, q.end)
}

fn day_number(t: &[Token], q: &Quantity) -> bool {
    q.shape.plain_int
        && single(q)
        && prev(t, q.first)
            .is_some_and(|p| is_word(p) && !p.lower.ends_with('s') && UNITS.get(p.lower.as_ref()) == Some(&"duration"))
        && !counted_noun_after(t, q.end)
}

fn fraction_ordinal(t: &[Token], q: &Quantity) -> bool {
    if !q.shape.fraction {
        return false;
    }
    // "reduced by half": a change, not a share.
    if prev(t, q.first).is_some_and(|p| p.is("by")) {
        return true;
    }
    // "the western half of", "the first half".
    let mut k = q.first;
    while let Some(p) = prev(t, k) {
        if p.is("the") || p.is("a") {
            k -= 1;
            continue;
        }
        if is_word(p) && is("part_adj", &p.lower) {
            return true;
        }
        break;
    }
    // "a third religion", "a two-thirds majority": a singular noun follows.
    const VERBS: &[&str] = &[
        "were", "was", "are", "is", "had", "have", "has", "remained", "survived", "died", "perished", "fled", "lived",
        "live", "did", "do", "would", "could", "may", "might", "will", "came", "went",
    ];
    match t.get(q.end) {
        Some(a) if is_word(a) => {
            !a.is("of")
                && !is("function", &a.lower)
                && !plural_noun(a)
                && !a.lower.ends_with("ed")
                && !VERBS.contains(&a.lower.as_ref())
        }
        _ => false,
    }
}

/// A bare integer token's value, for figures and number words alike.
fn small_int(x: &Token) -> Option<f64> {
    let v = match x.kind {
        Kind::Num if !x.text.contains([',', '.']) => x.value,
        Kind::Word => crate::lexicon::NUMBER_WORDS.get(x.lower.as_ref()).map(|n| n.0),
        _ => None,
    }?;
    (v.fract() == 0.0 && v < 1000.0).then_some(v)
}

fn label_sequence(t: &[Token], q: &Quantity) -> bool {
    if !single(q) || t[q.core].kind != Kind::Num {
        return false;
    }
    let joins = |x: &Token| x.is_punct(&[',', '&']) || ["and", "or", "und", "et"].iter().any(|w| x.is(w));
    let num = |x: &Token| x.kind == Kind::Num && small_int(x).is_some();
    // The run of bare integers joined by commas or "and" around the figure.
    let mut lo = q.core;
    while lo >= 2 && joins(&t[lo - 1]) && num(&t[lo - 2]) {
        lo -= 2;
    }
    let mut hi = q.core;
    while t.get(hi + 1).is_some_and(joins) && t.get(hi + 2).is_some_and(num) {
        hi += 2;
    }
    let values: Vec<f64> = (lo..=hi).step_by(2).filter_map(|k| small_int(&t[k])).collect();
    values.len() >= 3 && values.windows(2).all(|w| w[1] == w[0] + 1.0)
}

fn glued_letter(t: &[Token], q: &Quantity) -> bool {
    q.first + 1 == q.core
        && (t[q.first].text == "c" || t[q.first].text == "ca")
        && !t[q.core].space_before
        && t[q.core].kind == Kind::Num
}

fn open_threshold(t: &[Token], q: &Quantity) -> bool {
    let or_more = t.get(q.core + 1).is_some_and(|o| o.is("or"))
        && t.get(q.core + 2).is_some_and(|m| m.is("more") || m.is("fewer") || m.is("less"));
    or_more && q.first == q.core && small_int(&t[q.core]).is_some_and(|v| v <= 3.0)
}

fn division_into(t: &[Token], q: &Quantity) -> bool {
    // Units that are counted where they are (troops "organized into
    // seventy brigades") stay: their noun names an act (data/acts.tsv).
    let acting = t[q.end..].iter().take(4).any(|x| is_word(x) && crate::context::act::lookup(&x.lower).is_some());
    prev(t, q.first).is_some_and(|p| p.is("into"))
        && q.first >= 2
        && is_word(&t[q.first - 2])
        && is("division_verb", &t[q.first - 2].lower)
        && !acting
}

fn proportion_base(t: &[Token], q: &Quantity) -> bool {
    let Some(of) = q.first.checked_sub(1) else { return false };
    if !t[of].is("of") || q.first != q.core {
        return false;
    }
    // "out of": the number stands before "out".
    let k = if of >= 1 && t[of - 1].is("out") { of - 1 } else { of };
    k >= 1 && small_int(&t[k - 1]).is_some()
}

fn contest_tally(t: &[Token], q: &Quantity) -> bool {
    let Some(p) = prev(t, q.first).filter(|p| is_word(p)) else { return false };
    // A share or a tally of seats or votes ("won 70", "won 82%") is a
    // claim: only a tally of contests the sentence names before it
    // ("five tournaments, winning three") is excluded.
    let contests = t[..q.first].iter().any(|x| is_word(x) && is("uncounted", &x.lower));
    if !is("win_verb", &p.lower) || q.unit == Unit::Percent || !contests {
        return false;
    }
    // Nothing counted after it: the sentence or clause ends, or "of those".
    match t.get(q.end) {
        None => true,
        Some(a) if a.kind == Kind::Punct => true,
        Some(a) if a.is("of") => {
            t.get(q.end + 1).is_some_and(|w| ["those", "these", "them", "which", "it"].iter().any(|x| w.is(x)))
        }
        _ => false,
    }
}

fn counterfactual(t: &[Token], q: &Quantity) -> bool {
    // "would have", "might have", "could have" before the figure, with
    // "had" or "if" between them and the figure or before them.
    let before = &t[..q.first];
    let Some(m) = before.windows(2).position(|w| is("modal", &w[0].lower) && w[1].is("have")) else { return false };
    let cond = |x: &Token| x.is("had") || x.is("if");
    before[m + 2..].iter().any(cond) || before[..m].iter().any(|x| x.is("if"))
}

fn number_of_uncounted(t: &[Token], q: &Quantity) -> bool {
    // "the number of <up to three adjectives> <uncounted noun>" within
    // eight tokens before the figure, and no counted noun of its own.
    let lo = q.first.saturating_sub(8);
    let Some(n) = (lo..q.first).find(|&k| t[k].is("number") && t.get(k + 1).is_some_and(|o| o.is("of"))) else {
        return false;
    };
    let noun = t[n + 2..q.first].iter().take(4).take_while(|x| is_word(x)).any(|x| is("uncounted", &x.lower));
    noun && !counted_noun_after(t, q.end)
}

fn flattened_exponent(t: &[Token], q: &Quantity) -> bool {
    let plain = |x: &Token| x.kind == Kind::Num && !x.text.contains([',', '.']);
    let exponent =
        |x: &Token| plain(x) && x.space_before && matches!(x.text, "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9");
    // What follows the exponent: nothing, punctuation or a list's "and"/"or".
    let closes = |k: usize| t.get(k).is_none_or(|x| x.kind == Kind::Punct || x.is("and") || x.is("or"));
    if !single(q) || !plain(&t[q.core]) {
        return false;
    }
    let base = t.get(q.end).is_some_and(exponent) && closes(q.end + 1);
    let power = exponent(&t[q.core]) && q.core >= 1 && plain(&t[q.core - 1]) && closes(q.end);
    base || power
}

fn uncounted_phrase_head(t: &[Token], q: &Quantity) -> bool {
    // The words after the figure up to a function word, a verb form or
    // punctuation other than a hyphen or a short parenthesis; their last
    // plural noun is the head.
    let mut k = q.end;
    let mut last = None;
    let mut words = 0;
    while let Some(x) = t.get(k) {
        if x.is_punct(&['(']) {
            match t[k..].iter().take(6).position(|y| y.is_punct(&[')'])) {
                Some(p) => {
                    k += p + 1;
                    continue;
                }
                None => break,
            }
        }
        if x.is_punct(&['-']) {
            k += 1;
            continue;
        }
        if !is_word(x) || is("function", &x.lower) || x.lower.ends_with("ed") || x.lower.ends_with("ing") {
            break;
        }
        if plural_noun(x) {
            last = Some(x);
        }
        words += 1;
        if words >= 8 {
            break;
        }
        k += 1;
    }
    last.is_some_and(|h| is("uncounted", &h.lower))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::find;
    use crate::tokens::tokenize;

    /// The name of the rule that excludes the quantity quoted `quote` in `s`.
    fn rule_for(s: &str, quote: &str) -> Option<&'static str> {
        let t = tokenize(s, 0);
        let q = find(&t)
            .into_iter()
            .find(|q| &s[t[q.first].span.start..t[q.end - 1].span.end] == quote)
            .unwrap_or_else(|| panic!("no quantity {quote:?} in {s:?}"));
        apply(&t, &q)
    }

    fn excluded_by(rule: &str, s: &str, quote: &str) {
        assert_eq!(rule_for(s, quote), Some(rule), "{quote:?} in {s:?}");
    }

    fn kept(s: &str, quote: &str) {
        assert_eq!(rule_for(s, quote), None, "{quote:?} in {s:?}");
    }

    #[test]
    fn every_rule_is_named_once() {
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn bare_table_cell() {
        excluded_by("bare_table_cell", "17", "17");
        excluded_by("bare_table_cell", "3.25", "3.25");
        kept("4,806", "4,806");
        kept("12.5%", "12.5%");
        kept("The village had 17 houses.", "17");
    }

    #[test]
    fn pipe_cell() {
        excluded_by("pipe_cell", "Index of progress | 14 || 187 |", "14");
        kept("Ward 3 || 12,400 |", "12,400");
    }

    #[test]
    fn number_series() {
        excluded_by("number_series", "Take the weights 61, 64, 59, 70, 66 and 72.", "59");
        kept("It cost 1,219 rapes, 359 attempted rapes and 111 murders.", "359");
    }

    #[test]
    fn foreign_ordinal() {
        excluded_by("foreign_ordinal", "Seit Ende des 17.", "17");
    }

    #[test]
    fn score_pair() {
        excluded_by("score_pair", "The home side won 31–12 after extra time.", "31");
        excluded_by("score_pair", "Lindqvist (2–4) took the loss.", "2–4");
        excluded_by("score_pair", "See releases/20110417-305.html for it.", "305");
        excluded_by("score_pair", "Birds can tell 3 vs 4 apart.", "4");
        kept("Estimates ran from 12,000 to 15,000-18,000 dead.", "from 12,000 to 15,000");
        kept("Some 40–55 prisoners escaped.", "Some 40–55");
    }

    #[test]
    fn hyphen_modifier() {
        excluded_by("hyphen_modifier", "It used a 16-bit bus.", "16");
        excluded_by("hyphen_modifier", "The party announced a 12-point plan.", "12");
        kept("A 400-strong column of prisoners left.", "400");
    }

    #[test]
    fn identifier() {
        excluded_by("identifier", "Reprinted as ISBN 0-312-20417-8 in paperback.", "20417");
        excluded_by("identifier", "The format follows ISO 8601 closely.", "8601");
        kept("It cost 300 people their homes.", "300");
    }

    #[test]
    fn ranking() {
        excluded_by("ranking", "She ended the season ranked world no. 7 again.", "7");
        excluded_by("ranking", "Only players in the top 20 qualify.", "20");
        kept("The top 20 officers were arrested.", "20");
    }

    #[test]
    fn ratio_base() {
        excluded_by("ratio_base", "There were 97 men per 100 women.", "100");
        excluded_by("ratio_base", "About 3 in every 40 households owned a car.", "40");
    }

    #[test]
    fn era_range() {
        excluded_by("era_range", "The kingdom flourished 320-240 BC in the hills.", "320");
    }

    #[test]
    fn number_in_name() {
        excluded_by("number_in_name", "After the Second World War the Big Three met.", "Three");
        excluded_by("number_in_name", "The 1975 Seven Nations Cup was held in June.", "Seven");
        kept("Three hundred villagers fled.", "Three hundred");
        kept("In the end, Five thousand Red Guards marched.", "Five thousand");
    }

    #[test]
    fn signed_number() {
        excluded_by("signed_number", "The ion has a charge of +3 in water.", "3");
        excluded_by("signed_number", "Bay of Fundy | -71.25", "71.25");
        kept("Some 20-30 men were held.", "Some 20-30");
    }

    #[test]
    fn coordinate() {
        excluded_by("coordinate", "Location 48°51′24″N 2°21′08″E", "51");
        excluded_by("coordinate", "Location 48.85667°N 2.35222°E / 48.85667; 2.35222", "48.85667");
        excluded_by("coordinate", "at 48.86; 2.35 on the map", "48.86");
        excluded_by("coordinate", "It melts above 60 °C in air.", "above 60");
        kept("In all 2.5 million people were displaced.", "2.5 million");
    }

    #[test]
    fn measure_unit() {
        excluded_by("measure_unit", "The line ran at 400 V from the plant.", "400");
        excluded_by("measure_unit", "The stone is 21.5 in (54.6 cm) tall.", "21.5");
        excluded_by("measure_unit", "It is 120 ft 6 in long.", "6");
        excluded_by("measure_unit", "The estate covered 40 ha of woodland.", "40");
    }

    #[test]
    fn glued_period() {
        excluded_by("glued_period", "The game went 1.e4 e5 2.Nf3 and so on.", "2");
        excluded_by("glued_period", "Under clause B.4 the rule lapsed.", "4");
    }

    #[test]
    fn version_number() {
        excluded_by("version_number", "Support arrived with Thunderbird 2.0 last year.", "2.0");
        kept("Some 2.0 million people voted.", "Some 2.0 million");
    }

    #[test]
    fn uncounted_head() {
        excluded_by("uncounted_head", "The alphabet has 26 distinct letters in all.", "26");
        kept("The army advanced with three mobile columns.", "three");
        excluded_by("uncounted_head", "The club won nine medals overall.", "nine");
        excluded_by("uncounted_head", "The park holds over 200 bird species.", "over 200");
        excluded_by("uncounted_head", "He spent two long years abroad.", "two");
        excluded_by("uncounted_head", "About 40 percent of the species are endemic.", "About 40 percent");
        kept("The raid killed 26 villagers.", "26");
    }

    #[test]
    fn year_in_name() {
        excluded_by("year_in_name", "1931 Grand National", "1931");
        kept("The camp held 1500 prisoners.", "1500");
    }

    #[test]
    fn year_after_in() {
        excluded_by("year_after_in", "The abbey was founded in 1066 by monks.", "1066");
        kept("He arrived in 1066 ships.", "1066");
    }

    #[test]
    fn markup_attribute() {
        excluded_by("markup_attribute", "width=\"25%\" | Name", "25%");
    }

    #[test]
    fn spec_field() {
        excluded_by("spec_field", "Displacement: 12,400 tons", "12,400");
        excluded_by("spec_field", "Yard number: 402", "402");
        excluded_by("spec_field", "Decks: 6", "6");
        kept("Strength: 12,000 soldiers", "12,000");
    }

    #[test]
    fn times_sign() {
        excluded_by("times_sign", "*4 × 40 mm guns *300 officers and crew", "300");
    }

    #[test]
    fn citation_bracket() {
        excluded_by("citation_bracket", "were killed.[note 3] Later", "3");
        excluded_by("citation_bracket", "Journal of Studies 42, No. 3.", "42");
    }

    #[test]
    fn street_address() {
        excluded_by("street_address", "The owner of 415 N. Erie sold it.", "415");
        excluded_by("street_address", "She lived at 27 Lindell Avenue then.", "27");
    }

    #[test]
    fn share_of_money() {
        excluded_by("share_of_money", "Public spending on health rose to 9% last year.", "9%");
        kept("About 9% of the villagers were deported.", "About 9%");
    }

    #[test]
    fn age_turned() {
        excluded_by("age_turned", "Two boys had just turned 16 that spring.", "16");
    }

    #[test]
    fn day_number() {
        excluded_by("day_number", "Positions on day 6 of the siege.", "6");
    }

    #[test]
    fn label_sequence() {
        excluded_by("label_sequence", "The couplings come in sizes 1, 2 and 3 only.", "3");
        excluded_by("label_sequence", "Repeat steps 7, 8, 9 until done.", "8");
        kept("Raiders killed 3, 12 and 40 villagers in the three hamlets.", "12");
    }

    #[test]
    fn glued_letter() {
        excluded_by("glued_letter", "White answered 14.c5 and won.", "c5");
        kept("The garrison held c. 600 men.", "c. 600");
    }

    #[test]
    fn open_threshold() {
        excluded_by("open_threshold", "The test compares two or more samples.", "two or more");
        kept("Then 400 or more prisoners died.", "400 or more");
    }

    #[test]
    fn division_into() {
        excluded_by("division_into", "The poems are divided into three groups by theme.", "three");
        kept("The crowd of 300 pushed into the square.", "300");
        kept("The 9,000 troops were organized into twelve battalions.", "twelve");
    }

    #[test]
    fn proportion_base() {
        excluded_by("proportion_base", "She reached the final in two of five tries.", "five");
        excluded_by("proportion_base", "Nine out of 10 dentists agree.", "10");
        kept("Of the 1,200 prisoners, 300 died.", "1,200");
    }

    #[test]
    fn contest_tally() {
        excluded_by("contest_tally", "The club entered six tournaments, winning two of them.", "two");
        excluded_by("contest_tally", "Of its nine matches that spring the side won four.", "four");
        kept("The party won 35 seats.", "35");
        kept("The Liberals won 221 seats and the Greens won 47.", "47");
        kept("The ruling party won 82% of the seats.", "82%");
    }

    #[test]
    fn counterfactual() {
        excluded_by("counterfactual", "The fort might have held had they sent 2,000 more men.", "2,000");
        excluded_by("counterfactual", "If the ferry had come, it would have carried 300 passengers.", "300");
        kept("The storm would later kill 300 people.", "300");
    }

    #[test]
    fn number_of_uncounted() {
        excluded_by("number_of_uncounted", "The reform cut the number of counties from 40 to 12.", "40");
        kept("The number of refugees rose to 40,000 people.", "40,000");
    }

    #[test]
    fn flattened_exponent() {
        excluded_by("flattened_exponent", "A kibibyte squared is (1024 2).", "1024");
        excluded_by("flattened_exponent", "The sides give 10 3, 10 6 and 10 9.", "3");
        kept("In 1946 3 million people were expelled.", "3 million");
        kept("It had 400 tanks, 3 armies and 12 divisions.", "3");
    }

    #[test]
    fn uncounted_phrase_head() {
        excluded_by("uncounted_phrase_head", "The body defines four open wireless (WLAN) protocols for this.", "four");
        kept("The army advanced with three mobile infantry columns.", "three");
    }

    #[test]
    fn fraction_ordinal() {
        excluded_by("fraction_ordinal", "It became a third language of the court.", "a third");
        excluded_by("fraction_ordinal", "The bill needed a two-thirds majority.", "two-thirds");
        excluded_by("fraction_ordinal", "The eastern half of the valley flooded.", "half");
        excluded_by("fraction_ordinal", "The plan aims at cutting by half the waiting lists.", "half");
        kept("A third of the inhabitants were deported.", "A third");
        kept("Nearly a quarter died on the way.", "Nearly a quarter");
    }
}
