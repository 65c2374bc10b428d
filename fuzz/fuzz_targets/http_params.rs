//! Whatever a client sends through the server's request readers: query
//! strings and forms (claims filters, paging, reviews, sign-in), the API's
//! JSON review bodies, cookies and the sign-in redirect. Never a panic; a
//! review that is accepted names a field a review may change; the
//! redirect after sign-in never leaves the site.
#![no_main]
use corroborate_web::fuzz::{parse, safe_next, Blank, ClaimQuery, LoginForm, ReviewBody, ReviewInput, REVIEWABLE};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(q) = parse::<ClaimQuery>(data) {
        let _ = q.filter(Blank::Refused);
        let _ = q.filter(Blank::Absent);
        if let Ok(p) = q.paging() {
            assert!(p.page >= 1 && p.per_page >= 1);
            let items = [0u8; 7];
            assert!(p.slice(&items).len() <= p.per_page);
        }
        let again: Result<ClaimQuery, _> = parse(q.filters_query().as_bytes());
        assert!(again.is_ok());
    }
    if let Ok(r) = parse::<ReviewInput>(data) {
        if let Ok(review) = r.to_review(1, "fuzz") {
            assert!(REVIEWABLE.contains(&review.field.as_str()));
        }
    }
    if let Ok(r) = serde_json::from_slice::<ReviewBody>(data) {
        if let Ok(review) = r.into_review(1, "fuzz") {
            assert!(REVIEWABLE.contains(&review.field.as_str()));
        }
    }
    let _ = parse::<LoginForm>(data);
    let text = String::from_utf8_lossy(data);
    let next = safe_next(Some(&text));
    assert!(next.starts_with('/') && !next.starts_with("//") && !next.contains('\\'));
    if let Ok(v) = http::HeaderValue::from_bytes(data) {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::COOKIE, v);
        let _ = corroborate_web::fuzz::cookie(&h, "corroborate_session");
    }
});
