//! Conflicts: pairs of claims in one group that cannot both be true, of the
//! kinds listed on [`Conflict`].

use crate::sources::Families;
use crate::Item;
use serde::Serialize;

/// A conflicting pair: two claims of one group that cannot both be true.
///
/// | kind | when |
/// |---|---|
/// | `disjoint` | their intervals do not overlap (`approx` widened by 10 %) |
/// | `magnitude` | disjoint, and ten times or more apart |
/// | `qualifier` | "at least N" against "up to N" for the same N |
/// | `digit_drop` | one figure is the other with a digit lost or added (1,219 / 121) |
/// | `internal` | any of these, inside one document |
/// | `revision` | any of these, between two revisions or copies of one document: the text changed its figure |
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// Index of the first claim.
    pub a: usize,
    /// Index of the second claim.
    pub b: usize,
    /// Kinds, as in the table above.
    pub kinds: Vec<&'static str>,
    /// One line a person can read.
    pub explanation: String,
}

fn digits(v: Option<f64>) -> Option<String> {
    v.filter(|x| x.fract() == 0.0 && *x >= 10.0).map(|x| format!("{x:.0}"))
}

/// True when `long` is `short` with one digit inserted.
fn one_digit_more(long: &str, short: &str) -> bool {
    long.len() == short.len() + 1 && (0..long.len()).any(|i| long[..i] == short[..i] && long[i + 1..] == short[i..])
}

/// Single figures only: a range's two ends are not copies of each other.
fn digit_drop(a: &Item, b: &Item) -> bool {
    let single = |i: &Item| {
        if matches!(i.fields.qualifier.as_str(), "range" | "vague") {
            None
        } else {
            digits(i.fields.low.or(i.fields.high))
        }
    };
    match (single(a), single(b)) {
        (Some(x), Some(y)) => one_digit_more(&x, &y) || one_digit_more(&y, &x),
        _ => false,
    }
}

/// How many times apart two figures are to be "orders of magnitude apart".
pub(crate) const MAGNITUDE: f64 = 10.0;

/// How many times apart two claims' intervals are, when they do not meet
/// (0 when the lower one ends at zero: no ratio to speak of).
pub(crate) fn apart(a: &Item, b: &Item) -> Option<f64> {
    ratio_apart(a.interval(), b.interval())
}

/// How many times apart two intervals are, when they do not meet.
fn ratio_apart(ia: (f64, f64), ib: (f64, f64)) -> Option<f64> {
    if ia.1 >= ib.0 && ib.1 >= ia.0 {
        return None;
    }
    let (lo, hi) = if ia.1 < ib.0 { (ia.1, ib.0) } else { (ib.1, ia.0) };
    Some(if lo > 0.0 { hi / lo } else { 0.0 })
}

/// How many times apart the figures two claims name are, when they do not
/// meet: a bound counts as its figure ("up to 90,000" names 90,000, not
/// every figure below it), so "up to 90,000 deaths" and "several hundred"
/// are orders of magnitude apart though their intervals meet. For telling
/// two things counted apart, never for flagging a conflict.
pub(crate) fn named_apart(a: &Item, b: &Item) -> Option<f64> {
    ratio_apart(a.named(), b.named())
}

/// The conflicts among a group's `members`, knowing which documents are
/// copies or revisions of one another.
pub(crate) fn find_in(members: &[usize], items: &[Item], families: &Families) -> Vec<Conflict> {
    let mut out = Vec::new();
    for (k, &i) in members.iter().enumerate() {
        for &j in &members[k + 1..] {
            let (a, b) = (&items[i], &items[j]);
            let mut kinds = Vec::new();
            if let Some(apart) = apart(a, b) {
                kinds.push(if apart >= MAGNITUDE { "magnitude" } else { "disjoint" });
            }
            let opposite = |x: &Item, y: &Item| x.fields.qualifier == "at_least" && y.fields.qualifier == "at_most";
            if (opposite(a, b) || opposite(b, a)) && {
                let (p, q) =
                    (a.fields.low.or(a.fields.high).unwrap_or(0.0), b.fields.low.or(b.fields.high).unwrap_or(0.0));
                (p - q).abs() <= 0.01 * p.max(q)
            } {
                kinds.push("qualifier");
            }
            if digit_drop(a, b) {
                kinds.push("digit_drop");
            }
            if kinds.is_empty() {
                continue;
            }
            if a.doc == b.doc {
                kinds.push("internal");
            } else if families.related(&a.doc, &b.doc) {
                kinds.push("revision");
            }
            let what = [a.fields.act.as_deref(), a.fields.subject.as_deref(), a.fields.place.as_deref()]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let why = match kinds[0] {
                "magnitude" => "are orders of magnitude apart",
                "disjoint" => "do not overlap",
                "qualifier" => "bound the same figure from opposite sides",
                _ => "differ by one digit, as if one was copied wrongly",
            };
            let where_ = if a.doc == b.doc { format!("both in {}", a.doc) } else { format!("{} vs {}", a.doc, b.doc) };
            out.push(Conflict {
                a: i,
                b: j,
                kinds,
                explanation: format!("{what}: \"{}\" and \"{}\" {why} ({where_})", a.fields.quote, b.fields.quote),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_drops() {
        assert!(one_digit_more("1219", "121"));
        assert!(one_digit_more("1204", "124"));
        assert!(!one_digit_more("1219", "1219"));
        assert!(!one_digit_more("160", "18"));
    }
}
