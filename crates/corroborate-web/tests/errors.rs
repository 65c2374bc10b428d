//! The error paths, in process: the router is called with
//! `tower::ServiceExt::oneshot` (no socket, no server), over a SQLite
//! ledger in a temporary folder with one reader and their token.
//!
//! - Under `/api/` every refusal is the JSON error, whoever made it: a
//!   handler, a path that does not parse, a query value, a body; on the
//!   pages it is a page.
//! - An empty or unreadable number or yes/no value is a 422 that names the
//!   parameter, under `/api/` and on the pages.
//! - A 500 tells the client only "internal error, see the server log"
//!   and a request id, never the ledger's own words.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use corroborate_store::accounts::{hash_password, new_token, token_hash, Role};
use corroborate_web::{router, AppState, Shared};
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::PathBuf;
use tower::ServiceExt;

/// A ledger with a reader and a reviewer and their tokens, removed on drop.
struct Ledger {
    dir: PathBuf,
    db: String,
    token: String,
    reviewer_token: String,
}

impl Ledger {
    fn new(name: &str) -> Ledger {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("corroborate-web-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("ledger.db").to_str().unwrap().to_string();
        let mut store = corroborate_store::open(&db).unwrap();
        let user = store.add_user("rita", Role::Reader, &hash_password("rita-passphrase-long").unwrap()).unwrap();
        let token = new_token();
        store.add_token(user, &token_hash(&token)).unwrap();
        let reviewer = store.add_user("ana", Role::Reviewer, &hash_password("ana-passphrase-long").unwrap()).unwrap();
        let reviewer_token = new_token();
        store.add_token(reviewer, &token_hash(&reviewer_token)).unwrap();
        Ledger { dir, db, token, reviewer_token }
    }

    fn state(&self) -> Shared {
        AppState::open(&self.db, 1, false).unwrap()
    }
}

impl Drop for Ledger {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Status, content type and body of one request.
async fn call(state: &Shared, method: Method, uri: &str, token: &str, body: &str) -> (StatusCode, String, String) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = router(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let ctype = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, ctype, String::from_utf8_lossy(&bytes).into_owned())
}

async fn get(state: &Shared, uri: &str, token: &str) -> (StatusCode, String, String) {
    call(state, Method::GET, uri, token, "").await
}

/// The JSON error of an API answer.
fn error(ctype: &str, body: &str) -> Value {
    assert!(ctype.starts_with("application/json"), "not JSON ({ctype}): {body}");
    let v: Value = serde_json::from_str(body).unwrap();
    assert!(v["error"].is_string(), "no error text: {body}");
    v
}

#[tokio::test]
async fn empty_and_bad_values_are_named_422s() {
    let l = Ledger::new("values");
    let s = l.state();
    for (uri, field) in [
        ("/api/v1/claims?page=", "page"),
        ("/api/v1/claims?per_page=", "per_page"),
        ("/api/v1/claims?year=", "year"),
        ("/api/v1/claims?min=", "min"),
        ("/api/v1/claims?include_rejected=", "include_rejected"),
        ("/api/v1/claims?page=x", "page"),
        ("/api/v1/claims?page=0", "page"),
        ("/api/v1/claims?per_page=501", "per_page"),
        // One past the `maximum` the OpenAPI document declares.
        ("/api/v1/claims?page=9223372036854775808", "page"),
        ("/api/v1/groups?page=18446744073709551616", "page"),
        ("/api/v1/claims?min=NaN", "min"),
        ("/api/v1/documents?page=", "page"),
        ("/api/v1/groups?conflicts_only=", "conflicts_only"),
        ("/api/v1/groups?conflicts_only=maybe", "conflicts_only"),
        ("/api/v1/conflicts?per_page=", "per_page"),
        ("/api/v1/export?year=", "year"),
        ("/api/v1/export?format=xlsx", "format"),
    ] {
        let (status, ctype, body) = get(&s, uri, &l.token).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {body}");
        assert_eq!(error(&ctype, &body)["field"], field, "{uri}: {body}");
    }
    // The pages: a 422 page that names the parameter.
    for (uri, field) in
        [("/claims?page=", "page"), ("/claims?year=19x4", "year"), ("/groups?conflicts_only=", "conflicts_only")]
    {
        let (status, ctype, body) = get(&s, uri, &l.token).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert!(ctype.starts_with("text/html") && body.contains(&format!("{field}: ")), "{uri}: {body}");
    }
    // The claims form sends its empty boxes: there they mean no filter.
    assert_eq!(get(&s, "/claims?act=&year=&min=", &l.token).await.0, StatusCode::OK);
    assert_eq!(get(&s, "/api/v1/claims?page=1&per_page=5&act=", &l.token).await.0, StatusCode::OK);
}

#[tokio::test]
async fn extractor_rejections_are_json_under_api() {
    let l = Ledger::new("rejections");
    let s = l.state();
    for (method, uri, body, status) in [
        (Method::GET, "/api/v1/claims/abc", "", StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/claims/99999999999999999999", "", StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/groups/-1", "", StatusCode::BAD_REQUEST),
        (Method::GET, "/api/v1/nothing", "", StatusCode::NOT_FOUND),
        (Method::DELETE, "/api/v1/claims", "", StatusCode::METHOD_NOT_ALLOWED),
        (Method::POST, "/api/v1/claims/1/reviews", "{not json", StatusCode::FORBIDDEN),
    ] {
        let (got, ctype, text) = call(&s, method.clone(), uri, &l.token, body).await;
        assert_eq!(got, status, "{method} {uri}: {text}");
        error(&ctype, &text);
    }
    // A path value that does not parse names its parameter, as a query
    // value does (a 400: the request cannot be read at all).
    for (method, uri, field) in [
        (Method::GET, "/api/v1/claims/abc", "id"),
        (Method::GET, "/api/v1/claims/1.5/reviews", "id"),
        (Method::GET, "/api/v1/claims/99999999999999999999", "id"),
        (Method::POST, "/api/v1/claims/x/reviews", "id"),
        (Method::GET, "/api/v1/groups/-1", "id"),
        (Method::GET, "/api/v1/groups/%20", "id"),
        (Method::GET, "/api/v1/documents/%FF%FE", "name"),
        (Method::GET, "/api/v1/documents/%C3%28/claims", "name"),
    ] {
        let (got, ctype, text) = call(&s, method.clone(), uri, &l.token, r#"{"action":"confirm"}"#).await;
        assert_eq!(got, StatusCode::BAD_REQUEST, "{method} {uri}: {text}");
        let v = error(&ctype, &text);
        assert_eq!(v["field"], field, "{method} {uri}: {text}");
        assert!(v["error"].as_str().is_some_and(|e| e.starts_with(&format!("{field}: "))), "{uri}: {text}");
    }
    // On the pages, the same rejections are pages.
    for (uri, status, words) in [
        ("/claims/abc", StatusCode::BAD_REQUEST, "Cannot parse"),
        ("/groups/-1", StatusCode::BAD_REQUEST, "Cannot parse"),
        ("/nothing", StatusCode::NOT_FOUND, "not found"),
    ] {
        let (got, ctype, text) = get(&s, uri, &l.token).await;
        assert_eq!(got, status, "{uri}: {text}");
        assert!(ctype.starts_with("text/html") && text.contains("<h1>") && text.contains(words), "{uri}: {text}");
    }
    // No token: JSON too.
    let (status, ctype, text) = get(&s, "/api/v1/claims", "not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    error(&ctype, &text);
}

/// A review body is one of the OpenAPI document's two shapes, a verdict or
/// a correction, or it is refused before the ledger is asked: unknown keys
/// and wrong types are 400s, a verdict with a field or value and text past
/// its bounds (as sent, before trimming) are 422s naming the field. (The
/// ledger here has no claims: a body that passes is a 404.)
#[tokio::test]
async fn review_bodies_are_the_documented_shapes() {
    let l = Ledger::new("reviews");
    let s = l.state();
    let long = "n".repeat(1001);
    let padded = format!(" {} ", "n".repeat(999));
    let control = "a\\u0007b";
    for (body, status, field) in [
        (r#"{"action":"confirm"}"#.to_string(), StatusCode::NOT_FOUND, None),
        (r#"{"action":"correct","field":"place","value":null,"note":null}"#.into(), StatusCode::NOT_FOUND, None),
        (r#"{"action":"confirm","feild":"act"}"#.into(), StatusCode::BAD_REQUEST, None),
        (r#"{"action":"confirm","note":5}"#.into(), StatusCode::BAD_REQUEST, None),
        (r#"{"action":"confirm","field":"act"}"#.into(), StatusCode::UNPROCESSABLE_ENTITY, Some("field")),
        (r#"{"action":"reject","value":""}"#.into(), StatusCode::UNPROCESSABLE_ENTITY, Some("value")),
        (r#"{"action":"correct","field":null}"#.into(), StatusCode::UNPROCESSABLE_ENTITY, Some("field")),
        (format!(r#"{{"action":"confirm","note":"{long}"}}"#), StatusCode::UNPROCESSABLE_ENTITY, Some("note")),
        (format!(r#"{{"action":"confirm","note":"{padded}"}}"#), StatusCode::UNPROCESSABLE_ENTITY, Some("note")),
        (
            format!(r#"{{"action":"correct","field":"source","value":"{control}"}}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("source"),
        ),
    ] {
        let (got, ctype, text) = call(&s, Method::POST, "/api/v1/claims/1/reviews", &l.reviewer_token, &body).await;
        assert_eq!(got, status, "{body}: {text}");
        let v = error(&ctype, &text);
        assert_eq!(v["field"].as_str(), field, "{body}: {text}");
    }
}

#[tokio::test]
async fn a_500_says_only_see_the_server_log() {
    let l = Ledger::new("internal");
    let s = l.state();
    assert_eq!(get(&s, "/api/v1/claims", &l.token).await.0, StatusCode::OK);
    // Break the ledger under the running state: its claims table goes.
    let conn = rusqlite::Connection::open(&l.db).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE reviews; DROP TABLE claims;").unwrap();
    let (status, ctype, body) = get(&s, "/api/v1/claims", &l.token).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    let v = error(&ctype, &body);
    let text = v["error"].as_str().unwrap();
    let id = v["request_id"].as_str().expect("a request id");
    assert_eq!(text, format!("internal error, see the server log (request id {id})"));
    assert!(id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    for leak in ["ledger", "SQLite", "sqlite", "claims", "table"] {
        assert!(!body.contains(leak), "the 500 says {leak:?}: {body}");
    }
    // A page says the same, in HTML.
    let (status, ctype, body) = get(&s, "/claims", &l.token).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        ctype.starts_with("text/html") && body.contains("internal error, see the server log (request id "),
        "{body}"
    );
    assert!(!body.contains("no such table") && !body.contains("SQLite"), "{body}");
}
