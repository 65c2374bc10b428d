//! The HTTP API and pages, through a real `corroborate serve` on loopback:
//! every endpoint, sign-in and its refusals (401, 403, 404, 413), and the
//! safety headers.

mod common;
use common::*;
use serde_json::Value;

const OLD: &str = "002_dce3863f02dd146e.txt";
const NEW: &str = "003_09a43a90a997e409.txt";

fn start(name: &str, db: &TestDb) -> (Ledger, Server) {
    let _ = name;
    let l = ledger(&db.url, &[&examples()]);
    let s = Server::start(&l.db);
    (l, s)
}

fn get(s: &Server, token: Option<&str>, path: &str) -> (u16, ureq::Response) {
    let mut req = http().get(&format!("{}{path}", s.url));
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    send(req, None)
}

fn json(s: &Server, token: &str, path: &str) -> Value {
    let (code, res) = get(s, Some(token), path);
    assert_eq!(code, 200, "{path}");
    res.into_json().unwrap()
}

fn post_review(s: &Server, token: &str, claim: i64, body: &str) -> (u16, Value) {
    let req = http()
        .post(&format!("{}/api/v1/claims/{claim}/reviews", s.url))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "application/json");
    let (code, res) = send(req, Some(body.as_bytes()));
    (code, res.into_json().unwrap_or(Value::Null))
}

const API_GETS: &[&str] = &[
    "/api/v1/openapi.json",
    "/api/v1/documents",
    "/api/v1/documents/002_dce3863f02dd146e.txt",
    "/api/v1/documents/002_dce3863f02dd146e.txt/claims",
    "/api/v1/claims",
    "/api/v1/claims/1",
    "/api/v1/claims/1/reviews",
    "/api/v1/claims/1/life",
    "/api/v1/groups",
    "/api/v1/groups/1",
    "/api/v1/conflicts",
    "/api/v1/diff?a=002_dce3863f02dd146e.txt&b=003_09a43a90a997e409.txt",
    "/api/v1/export?format=csv",
];

#[test]
fn every_route_needs_a_user_but_login_and_health() {
    let db = sqlite("api-auth");
    let (_l, s) = start("auth", &db);
    for path in API_GETS {
        let (code, res) = get(&s, None, path);
        assert_eq!(code, 401, "{path}");
        assert_eq!(res.header("WWW-Authenticate"), Some("Bearer"));
        let body: Value = res.into_json().unwrap();
        assert!(body["error"].as_str().unwrap().contains("sign in"));
        let (code, _) = get(&s, Some("cbt_not-a-token"), path);
        assert_eq!(code, 401, "{path} with a wrong token");
    }
    for page in
        ["/docs", "/docs/002_dce3863f02dd146e.txt", "/claims", "/claims/1", "/groups", "/groups/1", "/events", "/diff"]
    {
        let (code, res) = get(&s, None, page);
        assert_eq!(code, 303, "{page}");
        assert!(res.header("Location").unwrap().starts_with("/login?next="), "{page}");
    }
    let (code, res) = get(&s, None, "/healthz");
    assert_eq!((code, res.into_string().unwrap().as_str()), (200, "ok"));
    let (code, res) = get(&s, None, "/login");
    assert_eq!(code, 200);
    assert!(res.header("Set-Cookie").unwrap().contains("HttpOnly; SameSite=Strict"));
}

#[test]
fn every_endpoint_answers_with_paging_and_404s() {
    let db = sqlite("api-read");
    let (l, s) = start("read", &db);
    let t = l.reader_token.as_str();
    for path in API_GETS {
        let (code, _) = get(&s, Some(t), path);
        assert_eq!(code, 200, "{path}");
    }
    // The OpenAPI document lists exactly the routes served.
    let spec = json(&s, t, "/api/v1/openapi.json");
    let mut documented: Vec<&str> = spec["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    documented.sort();
    let mut served: Vec<String> = API_GETS
        .iter()
        .map(|p| {
            let p = p.trim_start_matches("/api/v1").split('?').next().unwrap();
            p.replace("002_dce3863f02dd146e.txt", "{name}").replace("/1", "/{id}")
        })
        .collect();
    served.sort();
    assert_eq!(documented, served);

    // Documents, paginated in a stable order.
    let all = json(&s, t, "/api/v1/documents");
    assert_eq!(all["total"], 4);
    let p1 = json(&s, t, "/api/v1/documents?per_page=3");
    let p2 = json(&s, t, "/api/v1/documents?per_page=3&page=2");
    assert_eq!((p1["has_next"].as_bool(), p2["has_next"].as_bool()), (Some(true), Some(false)));
    let names: Vec<&str> = p1["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["items"].as_array().unwrap())
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    let all_names: Vec<&str> = all["items"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, all_names);

    // A document's text and claims; every claim's bytes are its quote.
    let d = json(&s, t, &format!("/api/v1/documents/{OLD}"));
    let text = d["text"].as_str().unwrap().as_bytes();
    let claims = json(&s, t, &format!("/api/v1/documents/{OLD}/claims?per_page=500"));
    assert!(claims["total"].as_u64().unwrap() > 10);
    for c in claims["items"].as_array().unwrap() {
        let (a, b) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[a..b], c["quote"].as_str().unwrap().as_bytes());
    }

    // Filters, the same as `corroborate claims`.
    let raped = json(&s, t, "/api/v1/claims?act=raped&per_page=500");
    assert!(raped["total"].as_u64().unwrap() > 0);
    assert_eq!(raped["total_exact"], true, "a count under its bound is exact");
    assert!(raped["items"].as_array().unwrap().iter().all(|c| c["act"] == "raped"));
    let cli = corroborate(&["claims", "--db", &l.db, "--act", "raped", "--format", "jsonl"]);
    assert_eq!(String::from_utf8_lossy(&cli.stdout).lines().count() as u64, raped["total"].as_u64().unwrap());

    // Groups and conflicts, and the diff of two revisions.
    let conflicts = json(&s, t, "/api/v1/conflicts");
    assert!(conflicts["total"].as_u64().unwrap() >= 3);
    let first = &conflicts["items"][0];
    assert!(!first["conflicts"][0]["explanation"].as_str().unwrap().is_empty());
    let g = json(&s, t, &format!("/api/v1/groups/{}", first["id"]));
    assert_eq!(g["claims"], first["claims"]);
    let diff = json(&s, t, &format!("/api/v1/diff?a={OLD}&b={NEW}"));
    assert!(diff["items"].as_array().unwrap().iter().any(|c| c["kind"] == "changed"));

    // Exports, with the filters.
    let (_, res) = get(&s, Some(t), "/api/v1/export?format=csv&act=raped");
    assert!(res.header("Content-Disposition").unwrap().contains("claims.csv"));
    let csv = res.into_string().unwrap();
    assert!(csv.starts_with("id,doc,start,end,quote"));
    assert!(csv.lines().count() as u64 > raped["total"].as_u64().unwrap());
    let (_, res) = get(&s, Some(t), "/api/v1/export?format=jsonl");
    assert!(res.into_string().unwrap().lines().all(|l| serde_json::from_str::<Value>(l).is_ok()));

    // 404s and 400s.
    for path in [
        "/api/v1/documents/nope.txt",
        "/api/v1/documents/nope.txt/claims",
        "/api/v1/claims/999999",
        "/api/v1/claims/999999/reviews",
        "/api/v1/groups/999999",
        "/api/v1/nothing",
        "/api/v1/diff?a=nope&b=nope",
    ] {
        let (code, res) = get(&s, Some(t), path);
        assert_eq!(code, 404, "{path}");
        assert!(res.into_json::<Value>().unwrap()["error"].is_string());
    }
    // A value refused is a 422 naming its parameter; a request that
    // cannot be read at all is a 400.
    for (path, field) in [
        ("/api/v1/claims?year=19x4", "year"),
        ("/api/v1/claims?per_page=0", "per_page"),
        ("/api/v1/claims?page=", "page"),
        ("/api/v1/claims?min=NaN", "min"),
        ("/api/v1/export?format=xlsx", "format"),
    ] {
        let (code, res) = get(&s, Some(t), path);
        assert_eq!(code, 422, "{path}");
        assert_eq!(res.into_json::<Value>().unwrap()["field"], field, "{path}");
    }
    for path in ["/api/v1/diff", "/api/v1/claims/abc"] {
        let (code, _) = get(&s, Some(t), path);
        assert_eq!(code, 400, "{path}");
    }
}

#[test]
fn reviews_need_a_reviewer_and_are_logged() {
    both("api-review", |db| {
        let (l, s) = start("review", db);
        let claim = json(&s, &l.reader_token, "/api/v1/claims?per_page=1")["items"][0]["id"].as_i64().unwrap();
        let fix = r#"{"action":"correct","field":"place","value":"Belgrade","note":"the heading names the city"}"#;
        // A reader is refused; nothing is recorded.
        let (code, body) = post_review(&s, &l.reader_token, claim, fix);
        assert_eq!(code, 403, "{body}");
        assert!(body["error"].as_str().unwrap().contains("reader"));
        // A reviewer's correction is applied and logged with their name.
        let (code, body) = post_review(&s, &l.reviewer_token, claim, fix);
        assert_eq!(code, 201, "{body}");
        assert_eq!(body["claim"]["place"], "Belgrade");
        assert_eq!(body["claim"]["review_state"], "corrected");
        let (code, _) = post_review(&s, &l.reviewer_token, claim, r#"{"action":"confirm"}"#);
        assert_eq!(code, 201);
        let log = json(&s, &l.reader_token, &format!("/api/v1/claims/{claim}/reviews"))["items"].clone();
        assert_eq!(log.as_array().unwrap().len(), 2);
        assert_eq!(
            (log[0]["reviewer"].as_str(), log[0]["field"].as_str(), log[0]["new_value"].as_str()),
            (Some("ana"), Some("place"), Some("Belgrade"))
        );
        assert_eq!(log[0]["note"], "the heading names the city");
        // Bad reviews.
        for (bad, want) in [
            (r#"{"action":"correct","field":"password","value":"x"}"#, 422),
            (r#"{"action":"correct","field":"low","value":"many"}"#, 422),
            (r#"{"action":"erase"}"#, 422),
            ("not json", 400),
        ] {
            let (code, body) = post_review(&s, &l.reviewer_token, claim, bad);
            assert_eq!(code, want, "{bad}");
            assert!(body["error"].is_string(), "{bad}: {body}");
        }
        let (code, _) = post_review(&s, &l.reviewer_token, 999_999, r#"{"action":"confirm"}"#);
        assert_eq!(code, 404);
        // A body past the limit is refused before it is read.
        assert_eq!(oversized_post(&s, &l.reviewer_token, claim), 413);
        assert_eq!(
            json(&s, &l.reader_token, &format!("/api/v1/claims/{claim}/reviews"))["items"].as_array().unwrap().len(),
            2
        );
    });
}

/// Announces a 2 MiB review body and reads the answer before sending it
/// (the server answers at once and closes, so a client still writing would
/// see a broken pipe).
fn oversized_post(s: &Server, token: &str, claim: i64) -> u16 {
    use std::io::{Read, Write};
    let addr = s.url.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/v1/claims/{claim}/reviews HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        2 << 20
    );
    conn.write_all(head.as_bytes()).unwrap();
    let _ = conn.write_all(&[b' '; 4096]);
    let mut answer = [0u8; 64];
    let n = conn.read(&mut answer).unwrap();
    let line = String::from_utf8_lossy(&answer[..n]).to_string();
    line.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no status in {line:?}"))
}

/// Signs in through the form; returns the session cookie and CSRF token.
fn sign_in(s: &Server, name: &str, password: &str) -> (u16, Option<String>) {
    let (_, res) = get(s, None, "/login");
    let login_cookie = res.header("Set-Cookie").unwrap().split(';').next().unwrap().to_string();
    let page = res.into_string().unwrap();
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let form = format!("name={name}&password={password}&csrf={csrf}&next=%2Fclaims");
    let req = http()
        .post(&format!("{}/login", s.url))
        .set("Cookie", &login_cookie)
        .set("Content-Type", "application/x-www-form-urlencoded");
    let (code, res) = send(req, Some(form.as_bytes()));
    let session = res
        .header("Set-Cookie")
        .map(|c| c.split(';').next().unwrap().to_string())
        .filter(|c| c.starts_with("corroborate_session="));
    (code, session)
}

#[test]
fn sessions_and_csrf() {
    let db = sqlite("api-session");
    let (_l, s) = start("session", &db);
    assert_eq!(sign_in(&s, "ana", "wrong").0, 401);
    assert_eq!(sign_in(&s, "nobody", "x").0, 401);
    let (code, cookie) = sign_in(&s, "ana", "ana-passphrase");
    assert_eq!(code, 303);
    let cookie = cookie.expect("a session cookie");
    // The sign-in form refuses a token that is not its cookie's.
    let req = http()
        .post(&format!("{}/login", s.url))
        .set("Cookie", "corroborate_login=aa")
        .set("Content-Type", "application/x-www-form-urlencoded");
    assert_eq!(send(req, Some(b"name=ana&password=ana-passphrase&csrf=bb")).0, 403);
    // Signed in: pages render; forms without the session's token are refused.
    let (code, res) = send(http().get(&format!("{}/claims/1", s.url)).set("Cookie", &cookie), None);
    assert_eq!(code, 200);
    let page = res.into_string().unwrap();
    let csrf = page.split("name=\"csrf-token\" content=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let form = |token: &str| format!("action=correct&field=place&value=Belgrade&csrf={token}");
    let post = || {
        http()
            .post(&format!("{}/claims/1/review", s.url))
            .set("Cookie", &cookie)
            .set("Content-Type", "application/x-www-form-urlencoded")
    };
    assert_eq!(send(post(), Some(form("forged").as_bytes())).0, 403);
    let (code, res) = send(post(), Some(form(&csrf).as_bytes()));
    assert_eq!((code, res.header("Location")), (303, Some("/claims/1")));
    // The API with a session cookie needs the token as a header.
    let api = || {
        http()
            .post(&format!("{}/api/v1/claims/1/reviews", s.url))
            .set("Cookie", &cookie)
            .set("Content-Type", "application/json")
    };
    assert_eq!(send(api(), Some(br#"{"action":"confirm"}"#)).0, 403);
    assert_eq!(send(api().set("X-CSRF-Token", &csrf), Some(br#"{"action":"confirm"}"#)).0, 201);
    // Signing out ends the session.
    let out = http()
        .post(&format!("{}/logout", s.url))
        .set("Cookie", &cookie)
        .set("Content-Type", "application/x-www-form-urlencoded");
    assert_eq!(send(out, Some(format!("csrf={csrf}").as_bytes())).0, 303);
    assert_eq!(send(http().get(&format!("{}/claims/1", s.url)).set("Cookie", &cookie), None).0, 303);
}

#[test]
fn responses_carry_the_safety_headers() {
    let db = sqlite("api-headers");
    let (l, s) = start("headers", &db);
    for path in ["/login", "/docs", "/api/v1/documents", "/nothing"] {
        let (_, res) = get(&s, Some(&l.reader_token), path);
        let csp = res.header("Content-Security-Policy").unwrap_or_default();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{path}: {csp}");
        assert_eq!(res.header("X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(res.header("X-Frame-Options"), Some("DENY"));
        assert_eq!(res.header("Cache-Control"), Some("no-store"));
    }
    let (code, _) = get(&s, Some(&l.reader_token), "/nothing");
    assert_eq!(code, 404);
}

#[test]
fn pages_render_for_signed_in_users() {
    let db = sqlite("pages");
    let (l, s) = start("pages", &db);
    let page = |token: &str, path: &str| {
        let (code, res) = get(&s, Some(token), path);
        assert_eq!(code, 200, "{path}");
        assert!(res.header("Content-Type").unwrap().starts_with("text/html"));
        res.into_string().unwrap()
    };
    let t = l.reader_token.as_str();
    let docs = page(t, "/docs");
    assert_eq!(docs.matches("href=\"/docs/0").count(), 4);
    let claims = page(t, "/claims?act=raped&year=");
    assert!(claims.contains("href=\"/api/v1/export?format=csv&amp;act=raped\""), "downloads keep the filters");
    assert!(claims.contains("<td>raped</td>") || claims.contains(">raped</span>"));
    let diff = page(t, &format!("/diff?a={OLD}&b={NEW}"));
    assert!(diff.contains("<tr class=\"changed\">"));
    let groups = page(t, "/groups?conflicts_only=true");
    let first = groups.split("href=\"/groups/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let group = page(t, &format!("/groups/{first}"));
    assert!(group.contains("<svg") && group.contains("Conflict: "));
    // Issue 15: the events page lists every document in one event, with
    // the claims its documents hold.
    let events = page(t, "/events");
    assert!(events.contains("<h1>Events</h1>"));
    assert_eq!(events.matches("href=\"/docs/0").count(), 4, "every document in exactly one event");
    assert!(page(t, "/claims/1").contains("readers can read claims but not review them"));
    assert!(page(&l.reviewer_token, "/claims/1").contains("action=\"/claims/1/review\""));
    let (code, _) = get(&s, Some(t), "/claims/999999");
    assert_eq!(code, 404);
}

/// A reference opens exactly the document it names, or none: a file named
/// `2` is that file (not whichever hash starts with "2"); `%`, `_` and one
/// hex digit open nothing; two files of one name are ambiguous and both
/// are listed; a hash works from 12 hex digits. Every path that resolves a
/// document: `show`, `/docs/{x}`, `/api/v1/documents/{x}` (and its
/// claims), and the diff.
#[test]
fn document_references_never_open_the_wrong_document() {
    let dir = temp_dir("refs");
    for (sub, name, text) in [
        ("a", "2", "Exactly 17 houses burned."),
        ("a", "report.txt", "At least 88 people died."),
        ("b", "report.txt", "Around 1000 people died."),
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join(name), text).unwrap();
    }
    let db = sqlite("refs");
    let l = ledger(&db.url, &[&dir, &examples()]);
    let show = |r: &str| corroborate(&["show", "--db", &l.db, r]);
    let two = show("2");
    assert!(two.status.success() && String::from_utf8_lossy(&two.stdout).contains("houses burned"));
    for bad in ["%", "_", "0", "a", "2%", "00"] {
        let out = show(bad);
        assert!(!out.status.success(), "{bad:?} opened a document");
        // A short hex prefix says whether it starts several hashes
        // (ambiguous) or one (too short); anything else is not found.
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            ["not found", "is ambiguous", "too short a hash prefix"].iter().any(|m| err.contains(m)),
            "{bad:?}: {err}"
        );
    }
    let amb = show("report.txt");
    let msg = String::from_utf8_lossy(&amb.stderr);
    assert!(
        !amb.status.success() && msg.contains("more than one document") && msg.matches("report.txt (id").count() == 2,
        "{msg}"
    );
    let hash = corroborate_store::sha256_hex(b"Around 1000 people died.");
    for r in [&hash[..], &hash[..12]] {
        let out = show(r);
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("1000"), "{r}");
    }
    assert!(!show(&hash[..11]).status.success());

    let s = Server::start(&l.db);
    let t = l.reader_token.as_str();
    for bad in ["%25", "_", "0", "a"] {
        for path in
            [format!("/docs/{bad}"), format!("/api/v1/documents/{bad}"), format!("/api/v1/documents/{bad}/claims")]
        {
            assert_eq!(get(&s, Some(t), &path).0, 404, "{path}");
        }
    }
    let (code, res) = get(&s, Some(t), "/api/v1/documents/report.txt");
    assert_eq!(code, 400);
    let body: Value = res.into_json().unwrap();
    assert!(body.to_string().contains("more than one document"), "{body}");
    assert_eq!(get(&s, Some(t), "/api/v1/diff?a=report.txt&b=2").0, 400);
    assert_eq!(get(&s, Some(t), &format!("/api/v1/diff?a={}&b=2", &hash[..12])).0, 200);
    let doc = json(&s, t, &format!("/api/v1/documents/{}", &hash[..12]));
    assert!(doc.to_string().contains("1000"), "{doc}");
    assert_eq!(get(&s, Some(t), "/docs/2").0, 200);
}
