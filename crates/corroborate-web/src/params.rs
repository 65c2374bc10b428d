//! Reading what clients send: query strings and forms, into the ledger's
//! filters and reviews. Every field arrives as text so that an empty form
//! field means "no filter" and a bad one gets a message that names it.

use crate::error::WebError;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, RawPathParams};
use axum::http::request::Parts;
use corroborate_store::validate::{check_field, check_text, check_value};
use corroborate_store::{ClaimFilter, NewReview};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Largest page size.
pub const MAX_PER_PAGE: usize = 500;
/// Page size when none is asked for.
pub const PER_PAGE: usize = 50;
/// Largest page number: the largest the ledger's SQL offsets can carry
/// (`i64`), and the `maximum` the OpenAPI document declares for `page`.
pub const MAX_PAGE: u64 = i64::MAX as u64;

/// Parses a query string or a URL-encoded form body.
pub fn parse<T: DeserializeOwned>(input: &[u8]) -> Result<T, WebError> {
    serde_urlencoded::from_bytes(input)
        .map_err(|e| WebError::BadRequest(format!("cannot read the request's parameters: {e}")))
}

/// Parses an optional query string; none means every field's default.
pub fn query<T: DeserializeOwned + Default>(q: &Option<String>) -> Result<T, WebError> {
    q.as_deref().map_or(Ok(T::default()), |q| parse(q.as_bytes()))
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// What an empty number or yes/no value (`page=`) means.
///
/// The API refuses it: a client that sends `page=` has a bug, and reading
/// it as "the first page" would hide it. The pages' filter form sends its
/// empty boxes (`year=&min=`), so there an empty filter means no filter;
/// paging and flags, which the pages' own links never send empty, are
/// refused there too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// Empty is refused (422, naming the parameter).
    Refused,
    /// Empty is the same as absent.
    Absent,
}

/// A parameter's text: `None` when absent (or empty and `blank` allows
/// it), an error naming it when empty and refused.
fn given(v: &Option<String>, name: &str, what: &str, blank: Blank) -> Result<Option<String>, WebError> {
    match (v, opt(v)) {
        (Some(_), None) if blank == Blank::Refused => {
            Err(invalid(name, &format!("is empty; give {what} or leave it out")))
        }
        (_, v) => Ok(v),
    }
}

/// A yes/no parameter: `true`, `1`, `on` or `yes` for yes; `false`, `0`,
/// `off`, `no` or absence for no; anything else (and an empty value) is
/// refused with a 422 that names it.
pub fn flag(v: &Option<String>, name: &str) -> Result<bool, WebError> {
    match given(v, name, "true or false", Blank::Refused)?.as_deref() {
        None | Some("false" | "0" | "off" | "no") => Ok(false),
        Some("true" | "1" | "on" | "yes") => Ok(true),
        Some(other) => Err(invalid(name, &format!("is true or false, not {other:?}"))),
    }
}

fn number<T: std::str::FromStr>(
    v: &Option<String>,
    name: &str,
    what: &str,
    blank: Blank,
) -> Result<Option<T>, WebError> {
    given(v, name, what, blank)?
        .map(|s| s.parse::<T>().map_err(|_| invalid(name, &format!("must be {what}, not {s:?}"))))
        .transpose()
}

/// A route's path parameter (`{id}`, `{name}`), read as axum's [`Path`]
/// reads it, except that a value that does not parse (`/claims/abc`, an id
/// past 64 bits, bytes that are not UTF-8) is a 400 whose error names the
/// parameter, as a refused query value names its own.
#[derive(Debug)]
pub struct PathParam<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParam<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(PathParam(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                // A single value's error does not carry its key: the route's
                // parameter names do (when they are UTF-8 at all).
                let names: Vec<String> = RawPathParams::from_request_parts(parts, state)
                    .await
                    .map(|p| p.iter().map(|(k, _)| k.to_string()).collect())
                    .unwrap_or_default();
                Err(unreadable_path(e.into_kind(), &names))
            }
            // A route without parameters asked for one: the server's bug.
            Err(e) => Err(WebError::Internal(e.body_text())),
        }
    }
}

/// The error for a path parameter that did not parse, naming it.
fn unreadable_path(kind: ErrorKind, names: &[String]) -> WebError {
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| "path".to_string());
    let (field, reason) = match kind {
        ErrorKind::ParseError { value, expected_type } => (name(0), cannot_read(&value, expected_type)),
        ErrorKind::ParseErrorAtIndex { index, value, expected_type } => {
            (name(index), cannot_read(&value, expected_type))
        }
        ErrorKind::ParseErrorAtKey { key, value, expected_type } => (key, cannot_read(&value, expected_type)),
        ErrorKind::DeserializeError { key, value, message } => (key, format!("cannot read {value:?}: {message}")),
        ErrorKind::InvalidUtf8InPathParam { key } => (key, "is not UTF-8 once percent-decoded".to_string()),
        // Wrong parameter count or type: the route and its handler disagree.
        other => return WebError::Internal(other.to_string()),
    };
    WebError::Unreadable { field, reason }
}

/// Why `value` is not an `expected_type` (a Rust type name), in words.
fn cannot_read(value: &str, expected_type: &str) -> String {
    let what = match expected_type {
        "i64" => "a whole number from -9223372036854775808 to 9223372036854775807",
        "u64" | "usize" => "a whole number from 0 to 18446744073709551615",
        other => other,
    };
    format!("must be {what}, not {value:?}")
}

/// The filters and paging of a claims listing.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ClaimQuery {
    /// Act.
    pub act: Option<String>,
    /// Place (and the places inside it).
    pub place: Option<String>,
    /// A year the claim's years include.
    pub year: Option<String>,
    /// Document name.
    pub doc: Option<String>,
    /// Source (substring).
    pub source: Option<String>,
    /// Smallest figure.
    pub min: Option<String>,
    /// Include rejected claims (`true`).
    pub include_rejected: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Page size.
    pub per_page: Option<String>,
    /// Export format (`csv` or `jsonl`).
    pub format: Option<String>,
}

impl ClaimQuery {
    /// The ledger filter it asks for; `blank` says what an empty `year`
    /// or `min` means.
    pub fn filter(&self, blank: Blank) -> Result<ClaimFilter, WebError> {
        let min = number::<f64>(&self.min, "min", "a number", blank)?;
        if min.is_some_and(|m| !m.is_finite()) {
            return Err(invalid("min", "must be a finite number"));
        }
        Ok(ClaimFilter {
            id: None,
            document_id: None,
            act: opt(&self.act),
            place: opt(&self.place),
            year: number(&self.year, "year", "a whole year", blank)?,
            doc: opt(&self.doc),
            source: opt(&self.source),
            min,
            include_rejected: flag(&self.include_rejected, "include_rejected")?,
        })
    }

    /// The page it asks for.
    pub fn paging(&self) -> Result<Paging, WebError> {
        Paging::new(&self.page, &self.per_page)
    }

    /// The filters as a query string (paging and format left out), for
    /// links to other pages and downloads of the same listing.
    pub fn filters_query(&self) -> String {
        let pairs: Vec<(&str, String)> = [
            ("act", &self.act),
            ("place", &self.place),
            ("year", &self.year),
            ("doc", &self.doc),
            ("source", &self.source),
            ("min", &self.min),
            ("include_rejected", &self.include_rejected),
        ]
        .into_iter()
        .filter_map(|(k, v)| opt(v).map(|v| (k, v)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// A page of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Page number, from 1.
    pub page: usize,
    /// Items per page.
    pub per_page: usize,
}

impl Paging {
    /// Reads `page` and `per_page`.
    pub fn new(page: &Option<String>, per_page: &Option<String>) -> Result<Paging, WebError> {
        let page = number::<u64>(page, "page", "a page number from 1", Blank::Refused)?.unwrap_or(1);
        let per_page = number::<usize>(per_page, "per_page", "a number", Blank::Refused)?.unwrap_or(PER_PAGE);
        if page == 0 {
            return Err(invalid("page", "starts at 1"));
        }
        // Past the declared maximum the answer would be an empty page
        // claiming a number no client can send back as an SQL offset.
        let page = usize::try_from(page)
            .ok()
            .filter(|_| page <= MAX_PAGE)
            .ok_or_else(|| invalid("page", &format!("is 1 to {MAX_PAGE}")))?;
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(invalid("per_page", &format!("is 1 to {MAX_PER_PAGE}")));
        }
        Ok(Paging { page, per_page })
    }

    /// This page's slice of `items`.
    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = (self.page - 1).saturating_mul(self.per_page).min(items.len());
        let end = start.saturating_add(self.per_page).min(items.len());
        &items[start..end]
    }

    /// This page as the ledger reads it: rows skipped, rows at most.
    pub fn store_page(&self) -> corroborate_store::Page {
        let int = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        corroborate_store::Page {
            offset: int(self.page.saturating_sub(1).saturating_mul(self.per_page)),
            limit: int(self.per_page),
        }
    }

    /// True when there is a page after this one.
    pub fn has_next(&self, total: usize) -> bool {
        self.page.saturating_mul(self.per_page) < total
    }
}

/// Paging of a listing without filters.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// Page number.
    pub page: Option<String>,
    /// Page size.
    pub per_page: Option<String>,
    /// Only groups with a conflict (`true`), for group listings.
    pub conflicts_only: Option<String>,
}

/// Two documents to compare.
#[derive(Debug, Default, Deserialize)]
pub struct DiffQuery {
    /// The older.
    pub a: Option<String>,
    /// The newer.
    pub b: Option<String>,
}

/// A review, from a form or a JSON body.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ReviewInput {
    /// `confirm`, `reject` or `correct`.
    pub action: String,
    /// The field a correction changes.
    pub field: Option<String>,
    /// Its new value; empty clears it.
    pub value: Option<String>,
    /// Why.
    pub note: Option<String>,
    /// The session's CSRF token (forms).
    pub csrf: Option<String>,
}

impl ReviewInput {
    /// The review it asks to record, checked.
    pub fn to_review(&self, claim_id: i64, reviewer: &str) -> Result<NewReview, WebError> {
        let note = opt(&self.note);
        if let Some(n) = &note {
            check_text("note", n)?;
        }
        let (field, value) = match self.action.as_str() {
            "confirm" => ("claim".to_string(), Some("confirmed".to_string())),
            "reject" => ("claim".to_string(), Some("rejected".to_string())),
            "correct" => {
                let field = opt(&self.field).ok_or_else(|| invalid("field", "a correction names a field"))?;
                if field == "claim" {
                    return Err(invalid("field", "confirm or reject the claim instead"));
                }
                (field, opt(&self.value))
            }
            other => return Err(invalid("action", &format!("must be confirm, reject or correct, not {other:?}"))),
        };
        // The value on its own here; against the claim's other values in
        // the ledger, which checks every review it records.
        check_value(&field, value.as_deref())?;
        Ok(NewReview { claim_id, reviewer: reviewer.to_string(), field, new_value: value, note })
    }
}

/// A review sent to the API as JSON: exactly the OpenAPI document's
/// `ReviewInput`, a verdict (`confirm`, `reject`: a note at most) or a
/// correction (`correct`: a field, a value, a note).
///
/// Stricter than the form's [`ReviewInput`] where JSON can say more: a
/// key the document does not list is refused (a typo such as `feild`
/// would otherwise turn a correction into nothing), a verdict carrying a
/// field or a value is refused rather than silently dropping them, and
/// the note and value are checked as sent, before trimming, so that the
/// document's `maxLength` and "no control characters" hold of the bytes
/// the client sent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// `confirm`, `reject` or `correct`.
    pub action: String,
    /// For a correction: the field it changes.
    pub field: Option<String>,
    /// For a correction: the new value; empty or null clears the field.
    pub value: Option<String>,
    /// Why.
    pub note: Option<String>,
}

impl ReviewBody {
    /// The review it asks to record, checked.
    pub fn into_review(self, claim_id: i64, reviewer: &str) -> Result<NewReview, WebError> {
        if let Some(n) = &self.note {
            check_text("note", n)?;
        }
        if matches!(self.action.as_str(), "confirm" | "reject") {
            for (name, v) in [("field", &self.field), ("value", &self.value)] {
                if v.is_some() {
                    return Err(invalid(name, &format!("{} takes no {name}; only a correction does", self.action)));
                }
            }
        }
        if let (Some(f), Some(v)) = (&self.field, &self.value) {
            check_field(f)?;
            check_text(f, v)?;
        }
        let input =
            ReviewInput { action: self.action, field: self.field, value: self.value, note: self.note, csrf: None };
        input.to_review(claim_id, reviewer)
    }
}

fn invalid(field: &str, reason: &str) -> WebError {
    WebError::Invalid { field: field.into(), reason: reason.into() }
}

/// The sign-in form.
#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    /// User name.
    pub name: String,
    /// Password.
    pub password: String,
    /// The form's token (equal to the sign-in cookie).
    pub csrf: String,
    /// Where to go next.
    pub next: Option<String>,
}

/// A form that carries only the CSRF token.
#[derive(Debug, Default, Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: Option<String>,
}

/// A local path to go to after signing in; anything else goes home (`/`).
///
/// Accepted: a path that starts with a single `/` and holds only visible
/// ASCII (URLs on this site are percent-encoded) and no backslash. That
/// refuses `//host` and `/\\host` (other sites to a browser), a tab or
/// newline that a browser drops to make `//host` (`/\t/host`), CR LF that
/// would split the `Location` header, and any text a header cannot carry.
pub fn safe_next(next: Option<&str>) -> String {
    let local = |n: &str| {
        n.starts_with('/')
            && !n[1..].starts_with('/')
            && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
            && !n.starts_with("/login")
    };
    match next {
        Some(n) if local(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_mean_no_filter_and_bad_ones_are_named() {
        let q: ClaimQuery = parse(b"act=killed&year=&min=&page=2").unwrap();
        let f = q.filter(Blank::Absent).unwrap();
        assert_eq!((f.act.as_deref(), f.year, f.min), (Some("killed"), None, None));
        assert_eq!(q.paging().unwrap(), Paging { page: 2, per_page: PER_PAGE });
        assert_eq!(q.filters_query(), "act=killed");
        let q: ClaimQuery = parse(b"year=19x4").unwrap();
        assert!(matches!(q.filter(Blank::Absent), Err(WebError::Invalid { field, .. }) if field == "year"));
        let q: ClaimQuery = parse(b"min=inf").unwrap();
        assert!(q.filter(Blank::Absent).is_err());
        assert!(Paging::new(&Some("0".into()), &None).is_err());
        assert!(Paging::new(&None, &Some("501".into())).is_err());
    }

    #[test]
    fn page_numbers_stop_at_the_declared_maximum() {
        let page = |p: &str| Paging::new(&Some(p.into()), &None);
        assert_eq!(page(&MAX_PAGE.to_string()).map(|p| p.page as u64).ok(), Some(MAX_PAGE));
        for over in [(MAX_PAGE + 1).to_string(), u64::MAX.to_string(), "99999999999999999999".into()] {
            assert_eq!(refused(page(&over)).as_deref(), Some("page"), "{over}");
        }
    }

    /// The field a refusal names, or `None` when the value is accepted.
    fn refused(r: Result<impl Sized, WebError>) -> Option<String> {
        match r {
            Ok(_) => None,
            Err(WebError::Invalid { field, .. }) => Some(field),
            Err(e) => Some(format!("not a 422: {e}")),
        }
    }

    #[test]
    fn empty_numbers_and_flags_are_refused_by_name() {
        let empty = Some(String::new());
        let blank = Some("  ".to_string());
        assert_eq!(refused(Paging::new(&empty, &None)).as_deref(), Some("page"));
        assert_eq!(refused(Paging::new(&None, &blank)).as_deref(), Some("per_page"));
        assert_eq!(refused(flag(&empty, "conflicts_only")).as_deref(), Some("conflicts_only"));
        let q: ClaimQuery = parse(b"year=&act=killed").unwrap();
        assert_eq!(refused(q.filter(Blank::Refused)).as_deref(), Some("year"));
        assert_eq!(refused(q.filter(Blank::Absent)), None);
        let q: ClaimQuery = parse(b"min=").unwrap();
        assert_eq!(refused(q.filter(Blank::Refused)).as_deref(), Some("min"));
        let q: ClaimQuery = parse(b"include_rejected=").unwrap();
        assert_eq!(refused(q.filter(Blank::Absent)).as_deref(), Some("include_rejected"));
        for (page, per_page, field) in
            [("x", "1", "page"), ("1.5", "1", "page"), ("0", "1", "page"), ("1", "-1", "per_page")]
        {
            assert_eq!(
                refused(Paging::new(&Some(page.into()), &Some(per_page.into()))).as_deref(),
                Some(field),
                "{page} {per_page}"
            );
        }
        assert_eq!(refused(flag(&Some("maybe".into()), "conflicts_only")).as_deref(), Some("conflicts_only"));
    }

    #[test]
    fn unreadable_path_values_name_their_parameter() {
        let names = ["id".to_string()];
        let e = unreadable_path(ErrorKind::ParseError { value: "abc".into(), expected_type: "i64" }, &names);
        assert!(
            matches!(&e, WebError::Unreadable { field, reason } if field == "id" && reason.contains("\"abc\"")),
            "{e}"
        );
        let e = unreadable_path(ErrorKind::InvalidUtf8InPathParam { key: "name".into() }, &[]);
        assert!(matches!(&e, WebError::Unreadable { field, .. } if field == "name"), "{e}");
        let e = unreadable_path(
            ErrorKind::ParseErrorAtIndex { index: 1, value: "x".into(), expected_type: "u32" },
            &["a".into(), "b".into()],
        );
        assert!(matches!(&e, WebError::Unreadable { field, .. } if field == "b"), "{e}");
        let e = unreadable_path(ErrorKind::WrongNumberOfParameters { got: 2, expected: 1 }, &names);
        assert!(matches!(e, WebError::Internal(_)));
    }

    #[test]
    fn paging_slices_stably() {
        let items: Vec<u32> = (0..7).collect();
        let p = Paging { page: 2, per_page: 3 };
        assert_eq!(p.slice(&items), &[3, 4, 5]);
        assert!(p.has_next(7));
        assert_eq!(Paging { page: 9, per_page: 3 }.slice(&items), &[] as &[u32]);
    }

    #[test]
    fn reviews_are_checked() {
        let r = |a: &str, f: Option<&str>, v: Option<&str>| ReviewInput {
            action: a.into(),
            field: f.map(Into::into),
            value: v.map(Into::into),
            ..Default::default()
        };
        assert_eq!(r("confirm", None, None).to_review(1, "ana").unwrap().new_value.as_deref(), Some("confirmed"));
        let c = r("correct", Some("place"), Some("Belgrade")).to_review(1, "ana").unwrap();
        assert_eq!((c.field.as_str(), c.new_value.as_deref()), ("place", Some("Belgrade")));
        assert!(r("correct", Some("low"), Some("many")).to_review(1, "ana").is_err());
        for (f, v) in [("act", "banana"), ("low", "-4"), ("year_start", "99999"), ("subject", &"s".repeat(500_000))] {
            assert!(
                matches!(r("correct", Some(f), Some(v)).to_review(1, "ana"), Err(WebError::Invalid { field, .. }) if field == f),
                "{f}"
            );
        }
        assert!(
            matches!(r("erase", None, None).to_review(1, "ana"), Err(WebError::Invalid { field, .. }) if field == "action")
        );
        assert!(flag(&Some("maybe".into()), "x").is_err());
        assert_eq!((flag(&Some("true".into()), "x").unwrap(), flag(&None, "x").unwrap()), (true, false));
        assert!(r("correct", Some("password"), Some("x")).to_review(1, "ana").is_err());
        assert!(r("correct", None, None).to_review(1, "ana").is_err());
        assert!(r("delete", None, None).to_review(1, "ana").is_err());
    }

    #[test]
    fn json_reviews_are_exactly_the_documented_shapes() {
        let review = |body: &str| {
            serde_json::from_str::<ReviewBody>(body)
                .map_err(|e| WebError::BadRequest(e.to_string()))
                .and_then(|b| b.into_review(7, "ana"))
        };
        assert!(review(r#"{"action":"reject","note":null}"#).is_ok());
        assert!(review(r#"{"action":"correct","field":"place","value":null,"note":"wrong town"}"#).is_ok());
        // Keys the document does not list, or of the wrong type: unreadable.
        for body in [r#"{"action":"confirm","feild":"x"}"#, r#"{"action":"confirm","csrf":"x"}"#, r#"{"action":7}"#] {
            assert!(matches!(review(body), Err(WebError::BadRequest(_))), "{body}");
        }
        for (body, field) in [
            (r#"{"action":"confirm","field":"act"}"#, "field"),
            (r#"{"action":"reject","value":""}"#, "value"),
            (r#"{"action":"correct","field":null}"#, "field"),
            (r#"{"action":"confirm","note":"\t"}"#, "note"),
            (r#"{"action":"correct","field":"subject","value":"a\u0085"}"#, "subject"),
        ] {
            assert_eq!(refused(review(body)).as_deref(), Some(field), "{body}");
        }
        // maxLength counts what was sent, spaces included.
        let padded =
            format!(r#"{{"action":"confirm","note":" {} "}}"#, "n".repeat(corroborate_store::validate::MAX_TEXT - 1));
        assert_eq!(refused(review(&padded)).as_deref(), Some("note"));
        let full = format!(r#"{{"action":"confirm","note":"{}"}}"#, "n".repeat(corroborate_store::validate::MAX_TEXT));
        assert_eq!(refused(review(&full)), None);
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/docs/a")), "/docs/a");
        assert_eq!(safe_next(Some("/claims?act=killed&page=2")), "/claims?act=killed&page=2");
        assert_eq!(safe_next(None), "/");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/login?next=/x",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/x\r\nX-Injected: 1",
            "/docs/a b",
            "/d\u{e9}j\u{e0}",
            "",
            "docs",
            "/\u{7f}",
            "\\\\evil",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
    }
}
