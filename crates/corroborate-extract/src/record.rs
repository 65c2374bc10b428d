//! The owned record of a claim's fields (CLAIMS.md §2): what the store
//! keeps, what reconciliation compares and what exports print. It reads
//! back from the JSON it prints (the Python package groups and diffs claim
//! dicts through it).

use crate::{Claim, Qualifier, Stance, Unit};
use serde::{Deserialize, Serialize};

/// The fields of a claim (CLAIMS.md §2), as text and numbers, owned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimFields {
    /// First byte in the original.
    pub start: i64,
    /// One past the last byte.
    pub end: i64,
    /// The expression as written.
    pub quote: String,
    /// Lower bound.
    pub low: Option<f64>,
    /// Upper bound.
    pub high: Option<f64>,
    /// `count` or `percent`.
    pub unit: String,
    /// Qualifier.
    pub qualifier: String,
    /// Act.
    pub act: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// First year.
    pub year_start: Option<i64>,
    /// Last year.
    pub year_end: Option<i64>,
    /// Perpetrator.
    pub perpetrator: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Stance.
    pub stance: String,
}

impl From<&Claim> for ClaimFields {
    fn from(c: &Claim) -> Self {
        ClaimFields {
            start: c.start as i64,
            end: c.end as i64,
            quote: c.quote.clone(),
            low: c.low,
            high: c.high,
            unit: c.unit.as_str().to_string(),
            qualifier: c.qualifier.as_str().to_string(),
            act: c.act.map(str::to_string),
            subject: c.subject.clone(),
            place: c.place.clone(),
            year_start: c.year_start.map(i64::from),
            year_end: c.year_end.map(i64::from),
            perpetrator: c.perpetrator.clone(),
            source: c.source.clone(),
            stance: c.stance.as_str().to_string(),
        }
    }
}

impl Unit {
    /// The unit's name in CLAIMS.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
        }
    }
}

impl Qualifier {
    /// The qualifier's name in CLAIMS.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
        }
    }
}

impl Stance {
    /// The stance's name in CLAIMS.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Asserted => "asserted",
            Stance::Reported => "reported",
            Stance::Disputed => "disputed",
        }
    }
}
