//! The one check of claim values that people give: reviews from the API
//! and the pages, and cells edited in a spreadsheet (`import-reviews`).
//! Both stores run `check_review` inside the transaction that records a
//! review, so no path can write a value that fails it; the callers run the
//! same functions first to tell people which field is wrong.
//!
//! The rules (CLAIMS.md §2–§4):
//!
//! | rule | fields |
//! |---|---|
//! | one of the acts of `corroborate-extract/data/acts.tsv` | `act` |
//! | one of the names in `data/claim_values.tsv` | `qualifier`, `unit`, `stance`, `claim` |
//! | a finite number, not negative | `low`, `high` |
//! | at most 100 | `low`, `high` of a `percent` claim |
//! | `low` ≤ `high` when both are given | `low`, `high` |
//! | a whole year from 1 to this year | `year_start`, `year_end` |
//! | `year_start` ≤ `year_end` when both are given | years |
//! | at most [`MAX_TEXT`] characters, no control characters | every text field and a review's note |
//!
//! Years: a count claim counts events that had happened when its document
//! was written, and nothing is written in the future, so a year after the
//! current one is a mistake. The lower bound is year 1 and not the
//! document's own span: documents about one war cite figures of earlier
//! ones (a page on 1944 quotes 1915), and a reviewer correcting a year the
//! extractor misread must be able to give any year the text names.
//!
//! Cross-field rules are checked only where a review touches one of their
//! fields: a claim the extractor stored with an inconsistency can still be
//! corrected one field at a time, and the correction of `low` or `high`
//! that settles it is checked against the other.

use crate::model::{apply_reviews, ClaimFields};
use corroborate_extract::acts::{acts, Acts};

/// Longest text a field or a note may hold, in characters.
pub const MAX_TEXT: usize = 1000;

/// A value refused, with the field it was given for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct Invalid {
    /// The field (`note` for a review's note).
    pub field: String,
    /// Why, in words.
    pub reason: String,
}

fn invalid(field: &str, reason: impl Into<String>) -> Invalid {
    Invalid { field: field.to_string(), reason: reason.into() }
}

/// The closed set of values of `field` (`act`, `qualifier`, `unit`,
/// `stance`, `claim`): the acts of the extractor's act file
/// (`corroborate-extract/data/acts.tsv`, the one list of CLAIMS.md's acts
/// the extractor, the validation, the CLI's filters and the pages share),
/// the others from `data/claim_values.tsv`. Empty for other fields.
pub fn allowed(field: &str) -> Vec<&'static str> {
    allowed_in(acts(), field)
}

/// [`allowed`], with the acts of `acts` (an act file given as text).
pub fn allowed_in<'a>(acts: &Acts<'a>, field: &str) -> Vec<&'a str> {
    if field == "act" {
        return acts.names();
    }
    include_str!("../data/claim_values.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(f, _)| *f == field)
        .map(|(_, v)| v.trim())
        .collect()
}

/// Fields whose values are text from the document.
const TEXT_FIELDS: &[&str] = &["subject", "place", "perpetrator", "source"];

/// The current year (UTC), from the system clock.
fn this_year() -> i64 {
    crate::model::now_rfc3339().get(..4).and_then(|y| y.parse().ok()).unwrap_or(i64::MAX)
}

/// Checks text: length and no control characters.
pub fn check_text(field: &str, v: &str) -> Result<(), Invalid> {
    if v.chars().count() > MAX_TEXT {
        return Err(invalid(field, format!("at most {MAX_TEXT} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(field, "no control characters"));
    }
    Ok(())
}

/// Checks that a review may change `field` (one of
/// [`crate::schema::REVIEWABLE`]): a validation error, never "not found".
pub fn check_field(field: &str) -> Result<(), Invalid> {
    if !crate::schema::REVIEWABLE.contains(&field) {
        return Err(invalid(
            field,
            format!("not a field a review can change (one of {})", crate::schema::REVIEWABLE.join(", ")),
        ));
    }
    Ok(())
}

/// Checks one value given to `field` on its own; `None` clears the field
/// (refused for the fields every claim has: unit, qualifier, stance).
pub fn check_value(field: &str, value: Option<&str>) -> Result<(), Invalid> {
    check_value_in(acts(), field, value)
}

/// [`check_value`], with the acts of `acts` (an act file given as text).
pub fn check_value_in(acts: &Acts<'_>, field: &str, value: Option<&str>) -> Result<(), Invalid> {
    check_field(field)?;
    let closed = allowed_in(acts, field);
    let Some(v) = value else {
        return match ["unit", "qualifier", "stance", "claim"].contains(&field) {
            true => Err(invalid(field, "cannot be empty")),
            false => Ok(()),
        };
    };
    if !closed.is_empty() {
        return match closed.contains(&v) {
            true => Ok(()),
            false => Err(invalid(field, format!("must be one of {}", closed.join(", ")))),
        };
    }
    match field {
        "low" | "high" => match v.trim().parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(()),
            Ok(x) if x.is_finite() => Err(invalid(field, "a count cannot be negative")),
            _ => Err(invalid(field, "must be a number")),
        },
        "year_start" | "year_end" => match v.trim().parse::<i64>() {
            Ok(y) if (1..=this_year()).contains(&y) => Ok(()),
            Ok(_) => Err(invalid(field, format!("must be a year from 1 to {}", this_year()))),
            Err(_) => Err(invalid(field, "must be a whole year")),
        },
        f if TEXT_FIELDS.contains(&f) => check_text(field, v),
        _ => Ok(()),
    }
}

/// Checks the rules between fields of a whole claim; `touched` limits them
/// to the rules that involve one of these fields (all when `None`).
pub(crate) fn check_fields(f: &ClaimFields, touched: Option<&[&str]>) -> Result<(), Invalid> {
    let involves = |a: &str, b: &str, c: &str| touched.is_none_or(|t| t.iter().any(|x| *x == a || *x == b || *x == c));
    if let (Some(lo), Some(hi)) = (f.low, f.high) {
        if lo > hi && involves("low", "high", "low") {
            let field =
                touched.and_then(|t| t.iter().find(|x| **x == "low" || **x == "high")).copied().unwrap_or("low");
            return Err(invalid(field, format!("low ({lo}) is above high ({hi})")));
        }
    }
    if f.unit == "percent" && involves("low", "high", "unit") {
        if let Some(x) = [f.low, f.high].into_iter().flatten().find(|x| *x > 100.0) {
            let field = if f.high == Some(x) { "high" } else { "low" };
            return Err(invalid(field, format!("{x} is more than 100 percent")));
        }
    }
    if let (Some(a), Some(b)) = (f.year_start, f.year_end) {
        if a > b && involves("year_start", "year_end", "year_start") {
            let field =
                touched.and_then(|t| t.iter().find(|x| x.starts_with("year_"))).copied().unwrap_or("year_start");
            return Err(invalid(field, format!("year_start ({a}) is after year_end ({b})")));
        }
    }
    Ok(())
}

/// Checks a review of a claim whose values are now `current`: the value on
/// its own, then the claim as the review would leave it.
pub(crate) fn check_review(
    current: &ClaimFields,
    field: &str,
    value: Option<&str>,
    note: Option<&str>,
) -> Result<(), Invalid> {
    check_value(field, value)?;
    if let Some(n) = note {
        check_text("note", n)?;
    }
    let mut after = current.clone();
    apply_reviews(&mut after, &[(field.to_string(), value.map(str::to_string))]);
    check_fields(&after, Some(&[field]))
}

/// Orders several changes of one claim (`(field, value)`) so that each,
/// applied in turn, passes `check_review`: raising both bounds above the
/// old `high` must move `high` first. Returns the changes unordered when
/// no order works (the first check then says why).
pub(crate) fn settle_order<T>(
    current: &ClaimFields,
    mut changes: Vec<T>,
    key: impl Fn(&T) -> (&str, Option<&str>),
) -> Vec<T> {
    let mut state = current.clone();
    let mut out = Vec::with_capacity(changes.len());
    while !changes.is_empty() {
        let Some(i) = changes.iter().position(|c| {
            let (f, v) = key(c);
            check_review(&state, f, v, None).is_ok()
        }) else {
            out.append(&mut changes);
            break;
        };
        let c = changes.remove(i);
        let (f, v) = key(&c);
        apply_reviews(&mut state, &[(f.to_string(), v.map(str::to_string))]);
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The acts are the extractor's: adding one touches its act file only.
    #[test]
    fn acts_are_the_extractor_s() {
        assert_eq!(allowed("act"), corroborate_extract::act_names());
        assert!(allowed("qualifier").contains(&"at_least"));
    }

    fn claim() -> ClaimFields {
        ClaimFields {
            start: 0,
            end: 3,
            quote: "121".into(),
            low: Some(121.0),
            high: None,
            unit: "count".into(),
            qualifier: "at_least".into(),
            act: Some("raped".into()),
            subject: None,
            place: None,
            year_start: Some(1944),
            year_end: Some(1945),
            perpetrator: None,
            source: None,
            stance: "asserted".into(),
        }
    }

    #[test]
    fn closed_sets_are_the_spec_s() {
        assert_eq!(allowed("act").len(), 14);
        assert!(check_value("act", Some("killed")).is_ok());
        for (f, v) in [
            ("act", "eaten"),
            ("act", "banana"),
            ("act", ""),
            ("act", "imprisoned"),
            ("qualifier", "roughly"),
            ("unit", "people"),
            ("stance", "maybe"),
        ] {
            let e = check_value(f, Some(v)).unwrap_err();
            assert_eq!(e.field, f, "{v}");
        }
        assert_eq!(check_value("qualifier", None).unwrap_err().field, "qualifier");
        assert!(check_value("act", None).is_ok());
        assert_eq!(check_value("password", Some("x")).unwrap_err().field, "password");
    }

    #[test]
    fn numbers_and_years() {
        assert!(check_value("low", Some("0")).is_ok());
        assert!(check_value("low", Some("-3")).is_err());
        assert!(check_value("high", Some("many")).is_err());
        assert!(check_value("high", Some("inf")).is_err());
        assert!(check_value("year_start", Some("1066")).is_ok());
        assert!(check_value("year_start", Some("0")).is_err());
        assert!(check_value("year_end", Some("99999")).is_err());
        assert!(check_value("year_end", Some("1944.5")).is_err());
    }

    #[test]
    fn text_is_bounded() {
        assert!(check_value("subject", Some(&"x".repeat(MAX_TEXT))).is_ok());
        assert_eq!(check_value("subject", Some(&"x".repeat(500_000))).unwrap_err().field, "subject");
        assert!(check_value("place", Some("Lviv\u{0}")).is_err());
        assert_eq!(
            check_review(&claim(), "place", Some("Lviv"), Some(&"n".repeat(MAX_TEXT + 1))).unwrap_err().field,
            "note"
        );
    }

    #[test]
    fn reviews_are_checked_against_the_claim() {
        let c = claim();
        assert!(check_review(&c, "high", Some("200"), None).is_ok());
        assert_eq!(check_review(&c, "high", Some("100"), None).unwrap_err().field, "high");
        assert_eq!(check_review(&c, "year_start", Some("1950"), None).unwrap_err().field, "year_start");
        assert_eq!(check_review(&c, "unit", Some("percent"), None).unwrap_err().field, "low");
        // An inconsistent claim can still be corrected elsewhere.
        let mut odd = c.clone();
        odd.high = Some(5.0);
        assert!(check_review(&odd, "place", Some("Lviv"), None).is_ok());
        assert!(check_review(&odd, "high", Some("300"), None).is_ok());
    }

    #[test]
    fn changes_are_put_in_an_order_that_passes() {
        let mut c = claim();
        c.high = Some(150.0);
        let changes = vec![("low", Some("500")), ("high", Some("900"))];
        let ordered = settle_order(&c, changes, |x| (x.0, x.1));
        assert_eq!(ordered.iter().map(|x| x.0).collect::<Vec<_>>(), ["high", "low"]);
        let changes = vec![("high", Some("50")), ("low", Some("10"))];
        let ordered = settle_order(&c, changes, |x| (x.0, x.1));
        assert_eq!(ordered.iter().map(|x| x.0).collect::<Vec<_>>(), ["low", "high"]);
    }
}
