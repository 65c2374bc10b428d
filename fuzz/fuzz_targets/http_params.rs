//! Whatever a client sends through the server's request readers: query
//! strings and forms (claims filters, paging, reviews, sign-in), JSON
//! review bodies, cookies and the sign-in redirect. Never a panic; a
//! review that is accepted names a field a review may change; the
//! redirect after sign-in never leaves the site.
#![no_main]
use corroborate_web::params::{parse, safe_next, ClaimQuery, LoginForm, ReviewInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(q) = parse::<ClaimQuery>(data) {
        let _ = q.filter();
        if let Ok(p) = q.paging() {
            assert!(p.page >= 1 && p.per_page >= 1);
            let items = [0u8; 7];
            assert!(p.slice(&items).len() <= p.per_page);
        }
        let again: Result<ClaimQuery, _> = parse(q.filters_query().as_bytes());
        assert!(again.is_ok());
    }
    let check = |r: ReviewInput| {
        if let Ok(review) = r.to_review(1, "fuzz") {
            assert!(corroborate_web::params::REVIEWABLE.contains(&review.field.as_str()));
        }
    };
    if let Ok(r) = parse::<ReviewInput>(data) {
        check(r);
    }
    if let Ok(r) = serde_json::from_slice::<ReviewInput>(data) {
        check(r);
    }
    let _ = parse::<LoginForm>(data);
    let text = String::from_utf8_lossy(data);
    let next = safe_next(Some(&text));
    assert!(next.starts_with('/') && !next.starts_with("//") && !next.contains('\\'));
    if let Ok(v) = http::HeaderValue::from_bytes(data) {
        let mut h = http::HeaderMap::new();
        h.insert(http::header::COOKIE, v);
        let _ = corroborate_web::auth::cookie(&h, "corroborate_session");
    }
});
