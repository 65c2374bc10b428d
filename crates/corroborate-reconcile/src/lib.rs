//! Reconciliation: which claims count the same thing, where they cannot all
//! be true, and how documents relate (revisions and copies).
//!
//! - [`group`] puts claims about the same thing into groups by explicit
//!   rules (same act and unit; places equal or one inside the other; years
//!   that overlap; subjects that mean the same), and `conflict` finds
//!   the pairs inside a group that cannot both hold (each a [`Conflict`]).
//! - [`diff`] aligns the claims of two versions of a document.
//! - `events` finds which documents are about one [`Event`], and `sources`
//!   which are copies or revisions of one another (one independent source).
//! - [`versions`] finds documents that are versions or copies of one
//!   another by MinHash over word shingles.
//! - [`report`] gives grouping its context from the documents and writes
//!   each group's record.
//!
//! The crate does no I/O: callers hand it [`Item`]s, built from freshly
//! extracted claims or from the store. Its public face is what the other
//! crates use; the rules themselves (`conflict`, `events`, `sources`, the
//! grouping weights) are private: `cargo doc --document-private-items`
//! shows them.

#![warn(missing_docs)]

mod conflict;
pub mod diff;
mod events;
pub mod group;
pub mod report;
mod sources;
mod subject;
pub mod versions;

pub use conflict::Conflict;
pub use corroborate_extract::ClaimFields;
pub use events::Event;
use serde::Serialize;

/// One claim as reconciliation sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Document name.
    pub doc: String,
    /// The claim's fields.
    #[serde(flatten)]
    pub fields: ClaimFields,
    /// Where its sentence starts in its document (identifies the sentence).
    pub sentence: usize,
    /// The sentence's text.
    pub sentence_text: String,
}

/// How far an exact figure is widened each way (CLAIMS.md §6: ±0.5 %).
pub(crate) const EXACT_TOLERANCE: f64 = 0.005;

impl Item {
    /// The interval the claim allows (CLAIMS.md §6): `approx` widened by
    /// 10 %, `exact` by [`EXACT_TOLERANCE`] (9,343 and 9,400 agree), and a
    /// round figure ("17,000") by half its rounding unit, since a writer who
    /// rounds does not claim the last digits.
    pub(crate) fn interval(&self) -> (f64, f64) {
        let f = &self.fields;
        let lo = f.low.unwrap_or(0.0);
        let hi = f.high.unwrap_or(f64::INFINITY);
        if f.qualifier == "approx" {
            return (lo * 0.9, hi * 1.1);
        }
        if f.qualifier != "exact" {
            return (lo, hi);
        }
        // A round figure does not claim its last digits.
        let mut round = 0.0;
        if lo == hi && lo >= 100.0 && lo.fract() == 0.0 {
            let mut unit = 1.0;
            while lo % (unit * 10.0) == 0.0 {
                unit *= 10.0;
            }
            if unit >= 100.0 {
                round = unit / 2.0;
            }
        }
        (lo - round.max(lo * EXACT_TOLERANCE), hi + round.max(hi * EXACT_TOLERANCE))
    }

    /// The figures the claim names, lowest to highest: its interval, but a
    /// bound ("up to 30,000", "at least 40") only its one figure.
    pub(crate) fn named(&self) -> (f64, f64) {
        let (lo, hi) = self.interval();
        match (self.fields.low, self.fields.high) {
            (None, Some(_)) => (hi, hi),
            (Some(_), None) => (lo, lo),
            _ if !hi.is_finite() => (lo, lo),
            _ if lo <= 0.0 && self.fields.qualifier == "at_most" => (hi, hi),
            _ => (lo, hi),
        }
    }

    /// A single figure standing for the claim (for estimates and charts).
    pub(crate) fn point(&self) -> Option<f64> {
        match (self.fields.low, self.fields.high) {
            (Some(a), Some(b)) => Some((a * b).sqrt().max(a.min(b))),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(low: f64, high: f64, qualifier: &str) -> Item {
        Item {
            doc: "a".into(),
            fields: ClaimFields {
                start: 0,
                end: 1,
                quote: "1".into(),
                low: Some(low),
                high: Some(high),
                unit: "count".into(),
                qualifier: qualifier.into(),
                act: Some("killed".into()),
                subject: None,
                place: None,
                year_start: None,
                year_end: None,
                perpetrator: None,
                source: None,
                stance: "asserted".into(),
            },
            sentence: 0,
            sentence_text: String::new(),
        }
    }

    #[test]
    fn intervals_widen_as_claims_md_says() {
        // exact ±0.5 %: 9,343 and 9,400 meet
        let (a, b) = (item(9343.0, 9343.0, "exact").interval(), item(9400.0, 9400.0, "exact").interval());
        assert!(a.1 >= b.0, "{a:?} {b:?}");
        // a round figure by half its unit; approx by 10 %
        assert_eq!(item(17000.0, 17000.0, "exact").interval(), (16500.0, 17500.0));
        let (lo, hi) = item(1000.0, 1000.0, "approx").interval();
        assert!((lo - 900.0).abs() < 1e-9 && (hi - 1100.0).abs() < 1e-9);
        // bounds are not widened
        assert_eq!(item(88.0, f64::INFINITY, "at_least").interval(), (88.0, f64::INFINITY));
    }
}
