//! The quantity grammar (CLAIMS.md §3): finds quantity expressions in a
//! sentence's tokens and reads their interval, unit and qualifier.
//!
//! ```text
//! quantity := qualifier? core ("or more" | "or so")?
//! core     := "between" single "and" single | "from" single "to" single
//!           | single (dash | "to") single | single
//! single   := vague | fraction | number percent?
//! number   := digits magnitude* | number-words
//! ```
//!
//! Every table the grammar uses (number words, fractions, vague amounts,
//! qualifiers) is a data file under `data/`. Number words are read here
//! rather than with `text2num`: that crate converts whole strings to digits,
//! while the grammar needs each word's token and span (for the quote and its
//! byte offsets), "a dozen", fractions and magnitudes shared across a range. The grammar is a left-to-right
//! scan that tries each rule once per token: linear in the sentence.
//! Which quantities are *count claims* is decided afterwards, by
//! [`crate::exclude`].

use crate::lexicon::{WordKind, FRACTIONS, NUMBER_WORDS, QUALIFIERS, TRIGGERS, VAGUE};
use crate::tokens::{Kind, Token};
use serde::Serialize;

/// Whether a figure counts things or gives a share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A number of people, incidents or things.
    Count,
    /// A percentage (fractions are converted).
    Percent,
}

/// How the text bounds the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "1,219".
    Exact,
    /// "about 50,000".
    Approx,
    /// "at least 5,000".
    AtLeast,
    /// "up to 125,000".
    AtMost,
    /// "between 2,420 and 24,380".
    Range,
    /// "tens of thousands".
    Vague,
}

impl Qualifier {
    fn from_name(s: &str) -> Qualifier {
        match s {
            "approx" => Qualifier::Approx,
            "at_least" => Qualifier::AtLeast,
            "at_most" => Qualifier::AtMost,
            _ => Qualifier::Exact,
        }
    }
}

/// A quantity expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// First token (the qualifier's, where there is one).
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// First token of the figure itself (after the qualifier).
    pub core: usize,
    /// Lower bound; `None` where open.
    pub low: Option<f64>,
    /// Upper bound; `None` where open.
    pub high: Option<f64>,
    /// Count or percent.
    pub unit: Unit,
    /// How the figure is bounded.
    pub qualifier: Qualifier,
    /// What the core is made of, for the exclusion rules.
    pub shape: Shape,
}

/// The form of a quantity's figure, for the exclusion rules.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Shape {
    /// A single figure of bare digits: no separator, decimal or magnitude.
    pub plain_int: bool,
    /// Written in words ("two", "a dozen").
    pub words: bool,
    /// A range whose two ends are bare digits (a year range, maybe).
    pub plain_range: bool,
    /// The value of the first end (or the single figure).
    pub first_value: f64,
    /// The value of the second end of a range.
    pub second_value: f64,
    /// Digits written with a leading zero ("00485").
    pub leading_zero: bool,
    /// Vague amount ("thousands").
    pub vague: bool,
    /// A fraction ("a third").
    pub fraction: bool,
}

/// One figure: a number, a fraction or a vague amount.
#[derive(Debug, Clone, Copy)]
struct Single {
    end: usize,
    low: f64,
    high: f64,
    percent: bool,
    vague: bool,
    words: bool,
    plain_int: bool,
    leading_zero: bool,
    fraction: bool,
    /// The figure before any magnitude word ("35" of "35 thousand").
    mantissa: f64,
    /// The magnitude applied (1 when none).
    magnitude: f64,
    /// Written with a thousands separator.
    separated: bool,
}

fn word<'t>(t: &'t [Token], i: usize) -> Option<&'t str> {
    t.get(i).filter(|x| x.kind == Kind::Word).map(|x| x.lower.as_ref())
}

fn is_dash(t: &Token) -> bool {
    t.is_punct(&['-', '–', '—', '−', '‒'])
}

/// Finds every quantity expression in `t`, left to right, without overlaps.
pub fn find(t: &[Token]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let x = &t[i];
        let may_start = x.kind == Kind::Num || (x.kind == Kind::Word && TRIGGERS.contains(x.lower.as_ref()));
        if !may_start {
            i += 1;
            continue;
        }
        match quantity(t, i) {
            Some(q) => {
                i = q.end;
                out.push(q);
            }
            None => i += 1,
        }
    }
    join_bounds(t, &mut out);
    out
}

fn quantity(t: &[Token], i: usize) -> Option<Quantity> {
    // The longest qualifier phrase at `i` that a figure follows.
    for (words, name) in QUALIFIERS.iter() {
        if matches_words(t, i, words) {
            let j = i
                + words.len()
                + usize::from(
                    words.last().is_some_and(|w| abbreviated(w))
                        && t.get(i + words.len()).is_some_and(|x| x.is_punct(&['.'])),
                );
            if let Some(mut q) = core(t, j) {
                q.first = i;
                if matches!(q.qualifier, Qualifier::Exact) {
                    q.qualifier = Qualifier::from_name(name);
                    apply_qualifier(&mut q);
                }
                return Some(q);
            }
        }
    }
    let mut q = core(t, i)?;
    // "35,000+": a plus sign written tight after the figure.
    if q.qualifier == Qualifier::Exact && t.get(q.end).is_some_and(|x| x.is_punct(&['+']) && !x.space_before) {
        q.qualifier = Qualifier::AtLeast;
        q.end += 1;
        apply_qualifier(&mut q);
        return Some(q);
    }
    // "5,000 or more", "50 or so".
    if q.qualifier == Qualifier::Exact && word(t, q.end) == Some("or") {
        match word(t, q.end + 1) {
            Some("more") => {
                q.qualifier = Qualifier::AtLeast;
                q.end += 2;
            }
            Some("so") => {
                q.qualifier = Qualifier::Approx;
                q.end += 2;
            }
            _ => {}
        }
        apply_qualifier(&mut q);
    }
    Some(q)
}

/// A hedge distributes over a parallel list: in "about 13,000 from
/// military action and 25,000 from starvation" both figures are
/// approximate. The second figure must be bare, joined by "and", and
/// followed by the same word as the first.
pub(crate) fn distribute_hedges(t: &[Token], qs: &mut [Quantity]) {
    for i in 1..qs.len() {
        let (a, b) = (&qs[i - 1], &qs[i]);
        let joined = b.first > a.end && b.first - a.end <= 8 && t[b.first - 1].is("and");
        let parallel = match (t.get(a.end), t.get(b.end)) {
            (Some(x), Some(y)) => x.kind == Kind::Word && x.lower == y.lower,
            _ => false,
        };
        if a.qualifier == Qualifier::Approx
            && b.qualifier == Qualifier::Exact
            && b.first == b.core
            && joined
            && parallel
        {
            qs[i].qualifier = Qualifier::Approx;
        }
    }
}

/// The token after the longest qualifier phrase at `i` ("over", "more
/// than"), or `i` where none starts there.
fn after_qualifier(t: &[Token], i: usize) -> usize {
    QUALIFIERS.iter().find(|(words, _)| matches_words(t, i, words)).map_or(i, |(words, _)| i + words.len())
}

/// "more than 100,000 but fewer than 200,000", "far exceed 100,000 but
/// fall short of 200,000": a lower bound and an upper bound joined by
/// "but" or "and" (a verb or two may stand between) are one range.
fn join_bounds(t: &[Token], out: &mut Vec<Quantity>) {
    let mut i = 1;
    while i < out.len() {
        let (a, b) = (&out[i - 1], &out[i]);
        let between = &t[a.end..b.first];
        let joined = between.first().is_some_and(|x| x.is("but") || x.is("and"))
            && between.len() <= 3
            && between.iter().all(|x| x.kind == Kind::Word);
        let bounds = a.qualifier == Qualifier::AtLeast && b.qualifier == Qualifier::AtMost && a.unit == b.unit;
        if joined && bounds && a.low.zip(b.high).is_some_and(|(lo, hi)| lo < hi) {
            let b = out.remove(i);
            let a = &mut out[i - 1];
            a.end = b.end;
            a.high = b.high;
            a.qualifier = Qualifier::Range;
        } else {
            i += 1;
        }
    }
}

/// Abbreviated qualifiers ("ca.", "approx.") written with their dot.
fn abbreviated(w: &str) -> bool {
    matches!(w, "ca" | "c" | "approx")
}

fn matches_words(t: &[Token], i: usize, words: &[&str]) -> bool {
    let mut k = i;
    for w in words {
        let Some(x) = t.get(k) else { return false };
        if !x.is(w) {
            return false;
        }
        k += 1;
        // "ca." and "approx.": the dot belongs to the word.
        if abbreviated(w) && t.get(k).is_some_and(|d| d.is_punct(&['.'])) && k < i + words.len() {
            k += 1;
        }
    }
    true
}

fn apply_qualifier(q: &mut Quantity) {
    let v = q.low.or(q.high);
    match q.qualifier {
        Qualifier::AtLeast => {
            q.low = v;
            q.high = None;
        }
        Qualifier::AtMost => {
            q.high = q.high.or(v);
            q.low = None;
        }
        _ => {}
    }
}

fn core(t: &[Token], i: usize) -> Option<Quantity> {
    let make = |first: usize, a: Single, b: Option<Single>| -> Quantity {
        let shape = Shape {
            plain_int: b.is_none() && a.plain_int,
            words: a.words && b.is_none_or(|b| b.words),
            plain_range: b.is_some_and(|b| a.plain_int && b.plain_int),
            first_value: a.low,
            second_value: b.map_or(0.0, |b| b.high),
            leading_zero: a.leading_zero,
            vague: a.vague && b.is_none(),
            fraction: a.fraction,
        };
        match b {
            Some(b) => Quantity {
                first,
                core: first,
                end: b.end,
                low: Some(a.low),
                high: Some(b.high),
                unit: if a.percent || b.percent { Unit::Percent } else { Unit::Count },
                qualifier: Qualifier::Range,
                shape,
            },
            None => Quantity {
                first,
                core: first,
                end: a.end,
                low: Some(a.low),
                high: Some(a.high),
                unit: if a.percent { Unit::Percent } else { Unit::Count },
                qualifier: if a.vague { Qualifier::Vague } else { Qualifier::Exact },
                shape,
            },
        }
    };
    let w = word(t, i);
    // "between A and B", "from A to B".
    if let Some(kw @ ("between" | "from")) = w {
        let joiner = if kw == "between" { "and" } else { "to" };
        // "from over 40,000 to under 200,000": each end may carry its own
        // qualifier; the whole is still a range.
        if let Some(a) = single(t, after_qualifier(t, i + 1)) {
            if word(t, a.end) == Some(joiner) {
                if let Some(b) = single(t, after_qualifier(t, a.end + 1)) {
                    if let Some((a, b)) = range_ends(a, b) {
                        return Some(make(i, a, Some(b)));
                    }
                }
            }
        }
        return None;
    }
    let a = single(t, i)?;
    // "A–B", "A to B", "hundreds or even thousands".
    if let Some(sep) = t.get(a.end) {
        let dash = is_dash(sep);
        if dash || sep.is("to") {
            if let Some(b) = single(t, a.end + 1) {
                // A dash range is written tight or spaced evenly on both sides.
                let ok = !dash || (!a.words && !b.words) || (a.words && b.words && !sep.space_before);
                if ok && !(a.vague ^ b.vague) {
                    if let Some((a2, b2)) = range_ends(a, b) {
                        return Some(make(i, a2, Some(b2)));
                    }
                }
            }
        }
        if a.vague && sep.is("or") {
            let k = a.end + 1 + usize::from(word(t, a.end + 1) == Some("even"));
            if let Some(b) = single(t, k).filter(|b| b.vague && b.high > a.high) {
                let mut q = make(i, a, None);
                q.end = b.end;
                q.high = Some(b.high);
                return Some(q);
            }
        }
    }
    Some(make(i, a, None))
}

/// Checks a range's two ends and applies a shared magnitude ("between 10
/// and 35 thousand", "97-98,000"). `None` when they do not form a range.
fn range_ends(mut a: Single, b: Single) -> Option<(Single, Single)> {
    if a.percent != b.percent && a.percent {
        return None;
    }
    if b.magnitude > 1.0 && a.magnitude == 1.0 && !a.vague && a.mantissa < b.mantissa {
        a.low *= b.magnitude;
        a.high *= b.magnitude;
    } else if b.separated && a.plain_int && a.low < 1000.0 && b.low >= 1000.0 {
        let scaled = a.low * 1000.0;
        if scaled <= b.low && scaled * 2.0 >= b.low {
            a.low = scaled;
            a.high = scaled;
        }
    }
    if b.percent {
        a.percent = true;
    }
    // "1939–41", "1947-48": a span of years written short. Kept as a range
    // so that the exclusion rules can see it whole.
    let short_years =
        a.plain_int && b.plain_int && (1100.0..=2100.0).contains(&a.low) && b.low < 100.0 && b.low > a.low % 100.0;
    (a.low < b.high || short_years).then_some((a, b))
}

fn single(t: &[Token], i: usize) -> Option<Single> {
    if let Some(v) = vague(t, i) {
        return Some(v);
    }
    if let Some(f) = fraction(t, i) {
        return Some(f);
    }
    let mut n = number(t, i)?;
    // Percent: "20%", "2.3 percent", "20 per cent".
    if let Some(x) = t.get(n.end) {
        if x.is_punct(&['%']) && !x.space_before || x.is("percent") || x.is("pct") {
            n.end += 1;
            n.percent = true;
        } else if x.is("per") && t.get(n.end + 1).is_some_and(|y| y.is("cent")) {
            n.end += 2;
            n.percent = true;
        }
    }
    Some(n)
}

fn vague(t: &[Token], i: usize) -> Option<Single> {
    for (words, low, high) in VAGUE.iter() {
        if words.iter().enumerate().all(|(k, w)| t.get(i + k).is_some_and(|x| x.is(w))) {
            return Some(Single {
                end: i + words.len(),
                low: *low,
                high: *high,
                percent: false,
                vague: true,
                words: true,
                plain_int: false,
                leading_zero: false,
                fraction: false,
                mantissa: *low,
                magnitude: 1.0,
                separated: false,
            });
        }
    }
    None
}

fn fraction(t: &[Token], i: usize) -> Option<Single> {
    let w = word(t, i)?;
    let pct = |k: usize| word(t, k).and_then(|d| FRACTIONS.get(d).copied());
    // Skip a hyphen between the two words ("one-third", "two-thirds").
    let next = |k: usize| if t.get(k).is_some_and(|x| x.is_punct(&['-']) && !x.space_before) { k + 1 } else { k };
    let (end, value) = match w {
        "half" => (i + 1, 50.0),
        "a" | "an" | "one" => {
            let k = next(i + 1);
            let d = word(t, k)?;
            if d.ends_with('s') {
                return None;
            }
            (k + 1, pct(k)?)
        }
        _ => {
            let (n, kind) = NUMBER_WORDS.get(w).copied()?;
            if kind != WordKind::Unit || n < 2.0 {
                return None;
            }
            let k = next(i + 1);
            let d = word(t, k)?;
            if !d.ends_with('s') || d == "halves" {
                return None;
            }
            (k + 1, pct(k)? * n)
        }
    };
    Some(Single {
        end,
        low: value,
        high: value,
        percent: true,
        vague: false,
        words: true,
        plain_int: false,
        leading_zero: false,
        fraction: true,
        mantissa: value,
        magnitude: 1.0,
        separated: false,
    })
}

fn number(t: &[Token], i: usize) -> Option<Single> {
    let x = t.get(i)?;
    if x.kind == Kind::Num {
        return digits(t, i, x);
    }
    number_words(t, i)
}

/// A figure in digits, with the magnitude words after it ("2.5 million").
fn digits(t: &[Token], i: usize, x: &Token) -> Option<Single> {
    let v = x.value?;
    let mut end = i + 1;
    let mut mag = 1.0;
    while let Some((m, WordKind::Magnitude | WordKind::Hundred)) =
        word(t, end).and_then(|w| NUMBER_WORDS.get(w).copied())
    {
        mag *= m;
        end += 1;
    }
    Some(Single {
        end,
        low: v * mag,
        high: v * mag,
        percent: false,
        vague: false,
        words: false,
        plain_int: mag == 1.0 && !x.text.contains([',', '.']),
        leading_zero: x.text.len() > 1 && x.text.starts_with('0'),
        fraction: false,
        mantissa: v,
        magnitude: mag,
        separated: x.text.contains(','),
    })
}

/// The running sum of a number written in words.
#[derive(Default)]
struct Words {
    total: f64,
    current: f64,
    last: Option<WordKind>,
    mag: f64,
    mantissa: f64,
}

impl Words {
    /// Adds number word `k` (value `v`, kind `kind`); false when it cannot
    /// continue the number ("five six", "hundred" first). May step `k`
    /// over a hyphenated unit ("twenty-five").
    fn add(&mut self, t: &[Token], k: &mut usize, v: f64, kind: WordKind) -> bool {
        match kind {
            WordKind::Article => {
                let next = word(t, *k + 1).and_then(|w| NUMBER_WORDS.get(w));
                if self.last.is_some()
                    || !matches!(next, Some((_, WordKind::Hundred | WordKind::Magnitude | WordKind::Dozen)))
                {
                    return false;
                }
                self.current = 1.0;
            }
            WordKind::Unit | WordKind::Teen => {
                if matches!(self.last, Some(WordKind::Unit | WordKind::Teen)) {
                    return false;
                }
                self.current += v;
            }
            WordKind::Tens => {
                if matches!(self.last, Some(WordKind::Unit | WordKind::Teen | WordKind::Tens)) {
                    return false;
                }
                self.current += v;
                // "twenty-five"
                if t.get(*k + 1).is_some_and(|h| h.is_punct(&['-']) && !h.space_before) {
                    if let Some(&(u, WordKind::Unit)) = word(t, *k + 2).and_then(|w| NUMBER_WORDS.get(w)) {
                        self.current += u;
                        *k += 2;
                    }
                }
            }
            WordKind::Hundred => {
                if self.last.is_none() {
                    return false;
                }
                self.current = self.current.max(1.0) * v;
            }
            WordKind::Magnitude => {
                if self.last.is_none() {
                    return false;
                }
                self.mantissa = self.total + self.current.max(1.0);
                self.total += self.current.max(1.0) * v;
                self.mag = v;
                self.current = 0.0;
            }
            WordKind::Dozen => {
                self.current = self.current.max(1.0) * v;
            }
        }
        self.last = Some(kind);
        true
    }
}

/// Number words: "two million", "three hundred and fifty", "a dozen".
fn number_words(t: &[Token], i: usize) -> Option<Single> {
    let mut n = Words { mag: 1.0, ..Words::default() };
    let mut k = i;
    while let Some(w) = word(t, k) {
        let Some(&(v, kind)) = NUMBER_WORDS.get(w) else {
            if w == "and" && matches!(n.last, Some(WordKind::Hundred | WordKind::Magnitude)) {
                if let Some((_, WordKind::Unit | WordKind::Teen | WordKind::Tens)) =
                    word(t, k + 1).and_then(|w| NUMBER_WORDS.get(w))
                {
                    k += 1;
                    continue;
                }
            }
            break;
        };
        if !n.add(t, &mut k, v, kind) {
            break;
        }
        k += 1;
    }
    if k == i || n.last == Some(WordKind::Article) {
        return None;
    }
    let value = n.total + n.current;
    Some(Single {
        end: k,
        low: value,
        high: value,
        percent: false,
        vague: false,
        words: true,
        plain_int: false,
        leading_zero: false,
        fraction: false,
        mantissa: if n.mag > 1.0 { n.mantissa } else { value },
        magnitude: n.mag,
        separated: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn one(s: &str) -> (String, Option<f64>, Option<f64>, Unit, Qualifier) {
        let t = tokenize(s, 0);
        let q = find(&t);
        let q = q.first().unwrap_or_else(|| panic!("no quantity in {s:?}"));
        let text = s[t[q.first].span.start..t[q.end - 1].span.end].to_string();
        (text, q.low, q.high, q.unit, q.qualifier)
    }

    #[test]
    fn shapes() {
        use Qualifier::*;
        assert_eq!(
            one("over 5,000 thousand women"),
            ("over 5,000 thousand".into(), Some(5e6), None, Unit::Count, AtLeast)
        );
        assert_eq!(one("between 10 and 35 thousand prisoners").1, Some(10000.0));
        assert_eq!(one("(97-98,000) Kalmyk").1, Some(97000.0));
        assert_eq!(one("in which 44–3,000 Romanians").1, Some(44.0));
        assert_eq!(one("from tens of thousands to two million").2, Some(2e6));
        assert_eq!(one("hundreds or even thousands dying").2, Some(9999.0));
        assert_eq!(one("almost a third of the population").4, Approx);
        assert_eq!(one("at least one third of the").1.map(|v| v.round()), Some(33.0));
        assert_eq!(one("less than 30% survived").2, Some(30.0));
        assert_eq!(one("two-thirds of them").1.map(|v| v.round()), Some(67.0));
        assert_eq!(one("three hundred and fifty men").1, Some(350.0));
        assert_eq!(one("twenty-five men").1, Some(25.0));
        assert_eq!(one("a dozen men").1, Some(12.0));
        assert_eq!(one("ca. 120,000 in acts").0, "ca. 120,000");
        assert_eq!(one("2.3 percent of the").1, Some(2.3));
        assert_eq!(one("5,000 or more people").4, AtLeast);
    }

    #[test]
    fn bounds_on_both_ends_make_a_range() {
        use Qualifier::*;
        let r = one("estimates run from over 3,000 to under 9,000 dead");
        assert_eq!((r.1, r.2, r.4), (Some(3000.0), Some(9000.0), Range));
        let r = one("losses exceed 12,000 but fall short of 20,000 men");
        assert_eq!(
            (r.0.as_str(), r.1, r.2, r.4),
            ("exceed 12,000 but fall short of 20,000", Some(12000.0), Some(20000.0), Range)
        );
        let r = one("more than 600 and fewer than 900 were held");
        assert_eq!((r.1, r.2, r.4), (Some(600.0), Some(900.0), Range));
        // A tight plus sign is a lower bound.
        let r = one("Casualties 8,000+ reported");
        assert_eq!((r.0.as_str(), r.1, r.2, r.4), ("8,000+", Some(8000.0), None, AtLeast));
    }
}
