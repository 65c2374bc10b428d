//! What a security review found in the server and the ledger (issue 16),
//! each through a real `corroborate serve` on loopback or the binary:
//! formula cells in exports, the redirect after sign-in, review values,
//! JSON errors under `/api/`, sign-in back-off, account and token
//! lifecycle, and loopback-only serving.

mod common;
use common::*;
use serde_json::Value;
use std::time::Duration;

fn get(s: &Server, token: Option<&str>, cookie: Option<&str>, path: &str) -> (u16, ureq::Response) {
    let mut req = http().get(&format!("{}{path}", s.url));
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    if let Some(c) = cookie {
        req = req.set("Cookie", c);
    }
    send(req, None)
}

fn post_review(s: &Server, token: &str, claim: i64, ctype: &str, body: &str) -> (u16, ureq::Response) {
    let req = http()
        .post(&format!("{}/api/v1/claims/{claim}/reviews", s.url))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", ctype);
    send(req, Some(body.as_bytes()))
}

/// Signs in through the form with `next`; returns the status, the
/// `Location` and the session cookie.
fn sign_in(s: &Server, name: &str, password: &str, next: &str) -> (u16, Option<String>, Option<String>) {
    let (_, res) = get(s, None, None, "/login");
    let login_cookie = res.header("Set-Cookie").unwrap().split(';').next().unwrap().to_string();
    let page = res.into_string().unwrap();
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let form = format!("name={name}&password={password}&csrf={csrf}&next={next}");
    let req = http()
        .post(&format!("{}/login", s.url))
        .set("Cookie", &login_cookie)
        .set("Content-Type", "application/x-www-form-urlencoded");
    let (code, res) = send(req, Some(form.as_bytes()));
    let location = res.header("Location").map(str::to_string);
    let session = res
        .header("Set-Cookie")
        .map(|c| c.split(';').next().unwrap().to_string())
        .filter(|c| c.starts_with("corroborate_session="));
    (code, location, session)
}

fn is_json(res: &ureq::Response) -> bool {
    res.header("Content-Type").is_some_and(|c| c.starts_with("application/json"))
}

/// A claim with a finite `low` above 10, for the bounds checks.
fn claim_with_low(s: &Server, token: &str) -> (i64, f64) {
    let (_, res) = get(s, Some(token), None, "/api/v1/claims?per_page=500");
    let body: Value = res.into_json().unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| Some((c["id"].as_i64()?, c["low"].as_f64().filter(|l| *l > 10.0)?)))
        .expect("a claim with a low bound")
}

#[test]
fn review_values_are_checked_once_for_every_path() {
    both("web-validate", |db| {
        let l = ledger(&db.url, &[&examples()]);
        let s = Server::start(&l.db);
        let t = l.reviewer_token.as_str();
        let (claim, low) = claim_with_low(&s, t);
        let long = "x".repeat(500_000);
        let cases = [
            ("act", r#"{"action":"correct","field":"act","value":"banana"}"#.to_string()),
            ("act", r#"{"action":"correct","field":"act","value":"eaten"}"#.to_string()),
            ("low", r#"{"action":"correct","field":"low","value":"-5"}"#.to_string()),
            ("high", format!(r#"{{"action":"correct","field":"high","value":"{}"}}"#, low - 1.0)),
            ("year_start", r#"{"action":"correct","field":"year_start","value":"99999"}"#.to_string()),
            ("qualifier", r#"{"action":"correct","field":"qualifier","value":"roughly"}"#.to_string()),
            ("subject", format!(r#"{{"action":"correct","field":"subject","value":"{long}"}}"#)),
            ("note", format!(r#"{{"action":"confirm","note":"{}"}}"#, "n".repeat(1001))),
            ("action", r#"{"action":"erase"}"#.to_string()),
        ];
        for (field, body) in &cases {
            let (code, res) = post_review(&s, t, claim, "application/json", body);
            assert_eq!(code, 422, "{field}");
            let v: Value = res.into_json().unwrap();
            assert_eq!(v["field"], *field, "{v}");
        }
        // JSON only as application/json.
        let (code, res) = post_review(&s, t, claim, "text/plain", r#"{"action":"confirm"}"#);
        assert_eq!(code, 415);
        assert!(is_json(&res));
        // Nothing was recorded.
        let (_, res) = get(&s, Some(t), None, &format!("/api/v1/claims/{claim}/reviews"));
        assert_eq!(res.into_json::<Value>().unwrap()["items"].as_array().unwrap().len(), 0);
        // A valid correction still passes; a year range that ends before it
        // starts does not.
        let (code, _) = post_review(
            &s,
            t,
            claim,
            "application/json; charset=utf-8",
            &format!(r#"{{"action":"correct","field":"high","value":"{}"}}"#, low + 1.0),
        );
        assert_eq!(code, 201);
        let year = |field: &str, y: &str| {
            post_review(
                &s,
                t,
                claim,
                "application/json",
                &format!(r#"{{"action":"correct","field":"{field}","value":"{y}"}}"#),
            )
            .0
        };
        assert_eq!((year("year_start", "1400"), year("year_end", "1500"), year("year_start", "1600")), (201, 201, 422));
        drop(s);

        // The same check on the spreadsheet path.
        let out = corroborate(&["export", "--db", &l.db, "--format", "csv"]);
        let text = String::from_utf8(out.stdout).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        let mut rows: Vec<Vec<String>> =
            r.records().take(3).map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
        rows[0][col("act")] = "banana".into();
        rows[1][col("low")] = "-3".into();
        rows[2][col("year_start")] = "99999".into();
        let dir = temp_dir(&format!("web-validate-sheet-{}", db.url.len()));
        let sheet = dir.join("bad.csv");
        let mut w = csv::Writer::from_path(&sheet).unwrap();
        w.write_record(&header).unwrap();
        for row in &rows {
            w.write_record(row).unwrap();
        }
        w.flush().unwrap();
        let out = corroborate(&["import-reviews", "--db", &l.db, "--as", "ana", sheet.to_str().unwrap()]);
        let report = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(out.status.code(), Some(1), "{report}");
        for field in ["act: must be one of", "low: a count cannot be negative", "year_start: must be a year"] {
            assert!(report.contains(field), "{field}: {report}");
        }
        assert!(report.contains("0 reviews recorded"), "{report}");
    });
}

#[test]
fn exports_neutralise_formulas_and_import_restores_them() {
    let db = sqlite("web-formula");
    let l = ledger(&db.url, &[&examples()]);
    let s = Server::start(&l.db);
    let t = l.reviewer_token.as_str();
    let (claim, _) = claim_with_low(&s, t);
    let hostile = r#"=HYPERLINK(\"http://evil.example\",\"x\")"#;
    let (code, _) = post_review(
        &s,
        t,
        claim,
        "application/json",
        &format!(r#"{{"action":"correct","field":"subject","value":"{hostile}"}}"#),
    );
    assert_eq!(code, 201);
    let (_, res) = get(&s, Some(t), None, "/api/v1/export?format=csv");
    let csv_text = res.into_string().unwrap();
    drop(s);
    for rec in csv::Reader::from_reader(csv_text.as_bytes()).records() {
        for cell in rec.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula cell {cell:?}");
        }
    }
    assert!(csv_text.contains("'=HYPERLINK"));
    // The CLI's export, unedited, imports as no change at all.
    let out = corroborate(&["export", "--db", &l.db, "--format", "csv"]);
    let dir = temp_dir("web-formula-sheet");
    let sheet = dir.join("claims.csv");
    std::fs::write(&sheet, &out.stdout).unwrap();
    let out = corroborate(&["import-reviews", "--db", &l.db, "--as", "ana", sheet.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success() && report.contains("0 reviews recorded"), "{report}");
}

#[test]
fn api_errors_are_json() {
    let db = sqlite("web-json-errors");
    let l = ledger(&db.url, &[&examples()]);
    let s = Server::start(&l.db);
    let t = l.reader_token.as_str();
    for (path, code) in [
        ("/api/v1/claims/abc", 400),
        ("/api/v1/groups/-1", 400),
        ("/api/v1/groups?conflicts_only=maybe", 422),
        ("/api/v1/claims?include_rejected=2", 422),
        ("/api/v1/claims?include_rejected=", 422),
    ] {
        let (got, res) = get(&s, Some(t), None, path);
        assert_eq!(got, code, "{path}");
        assert!(is_json(&res), "{path}: {:?}", res.header("Content-Type"));
        assert!(res.into_json::<Value>().unwrap()["error"].is_string(), "{path}");
    }
    // A body past the limit: 413, as JSON.
    use std::io::{Read, Write};
    let addr = s.url.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/v1/claims/1/reviews HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        l.reviewer_token,
        2 << 20
    );
    conn.write_all(head.as_bytes()).unwrap();
    let mut answer = vec![0u8; 4096];
    let n = conn.read(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]).to_lowercase();
    assert!(answer.starts_with("http/1.1 413"), "{answer}");
    assert!(answer.contains("content-type: application/json"), "{answer}");
}

#[test]
fn next_after_sign_in_stays_on_this_site() {
    let db = sqlite("web-next");
    let l = ledger(&db.url, &[&examples()]);
    let s = Server::start(&l.db);
    for (next, want) in [
        ("%2Fclaims%3Fact%3Dkilled", "/claims?act=killed"),
        ("%2F%09%2Fevil.example%2F", "/"),
        ("%2Fx%0D%0AX%3A1", "/"),
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("https%3A%2F%2Fevil.example", "/"),
    ] {
        let (code, location, session) = sign_in(&s, "rita", "rita-passphrase", next);
        assert_eq!((code, location.as_deref()), (303, Some(want)), "{next}");
        assert!(session.is_some());
    }
    let _ = l;
}

#[test]
fn sign_in_backs_off_per_account_and_per_address() {
    let db = sqlite("web-backoff");
    let l = ledger(&db.url, &[&examples()]);
    let s = Server::start(&l.db);
    // Per account: after the free failures, even the right password waits
    // (the lock doubles with each failure made while unlocked).
    for _ in 0..12 {
        let code = sign_in(&s, "ana", "not her password", "%2F").0;
        assert!(code == 401 || code == 429, "{code}");
    }
    let (_, res) = {
        let (_, res) = get(&s, None, None, "/login");
        let login_cookie = res.header("Set-Cookie").unwrap().split(';').next().unwrap().to_string();
        let page = res.into_string().unwrap();
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let req = http()
            .post(&format!("{}/login", s.url))
            .set("Cookie", &login_cookie)
            .set("Content-Type", "application/x-www-form-urlencoded");
        send(req, Some(format!("name=ana&password=ana-passphrase&csrf={csrf}").as_bytes()))
    };
    assert_eq!(res.status(), 429);
    assert!(res.header("Retry-After").is_some_and(|r| r.parse::<u64>().is_ok_and(|s| s >= 1)));
    // Another account from the same address still signs in...
    assert_eq!(sign_in(&s, "rita", "rita-passphrase", "%2F").0, 303);
    // ...until the address has failed too often, over any names.
    for i in 0..30 {
        let code = sign_in(&s, &format!("nobody{i}"), "guess guess guess", "%2F").0;
        assert!(code == 401 || code == 429, "{code}");
    }
    assert_eq!(sign_in(&s, "rita", "rita-passphrase", "%2F").0, 429);
    let _ = l;
}

#[test]
fn disabled_users_and_revoked_tokens_stop_working() {
    let db = sqlite("web-lifecycle");
    let l = ledger(&db.url, &[&examples()]);
    let s = Server::start(&l.db);
    let (code, _, session) = sign_in(&s, "rita", "rita-passphrase", "%2Fdocs");
    assert_eq!(code, 303);
    let cookie = session.unwrap();
    assert_eq!(get(&s, None, Some(&cookie), "/docs").0, 200);
    assert_eq!(get(&s, Some(&l.reader_token), None, "/api/v1/documents").0, 200);
    assert_eq!(get(&s, Some(&l.reviewer_token), None, "/api/v1/documents").0, 200);
    let out = corroborate(&["user", "disable", "--db", &l.db, "rita"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = String::from_utf8(corroborate(&["token", "list", "--db", &l.db]).stdout).unwrap();
    let ana_token = list.lines().find(|l| l.contains(" ana ")).unwrap().split_whitespace().next().unwrap().to_string();
    assert!(corroborate(&["token", "revoke", "--db", &l.db, &ana_token]).status.success());
    // The server checks sessions and tokens against the ledger every 5 s.
    std::thread::sleep(Duration::from_secs(6));
    assert_eq!(get(&s, None, Some(&cookie), "/docs").0, 303, "a disabled user's session lives on");
    assert_eq!(get(&s, Some(&l.reader_token), None, "/api/v1/documents").0, 401, "a disabled user's token works");
    assert_eq!(get(&s, Some(&l.reviewer_token), None, "/api/v1/documents").0, 401, "a revoked token works");
    assert_eq!(sign_in(&s, "rita", "rita-passphrase", "%2F").0, 401, "a disabled user signs in");
}

#[test]
fn serve_stays_on_loopback_unless_public() {
    let db = sqlite("web-public");
    let l = ledger(&db.url, &[&examples()]);
    let out = corroborate(&["serve", "--db", &l.db, "--addr", "0.0.0.0:0"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("--public") && err.contains("TLS"), "{err}");
    // With --public (here still on loopback) cookies are Secure.
    let s = Server::start_with(&l.db, &["--public"]);
    let (_, res) = get(&s, None, None, "/login");
    assert!(res.header("Set-Cookie").unwrap().contains("; Secure"));
    let plain = Server::start(&l.db);
    let (_, res) = get(&plain, None, None, "/login");
    assert!(!res.header("Set-Cookie").unwrap().contains("Secure"));
}

#[test]
fn serve_on_a_port_in_use_names_it_and_suggests_another() {
    let db = sqlite("web-port-in-use");
    ok_ingest(&db.url);
    // Hold a loopback port for the length of the test.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let out = corroborate(&["serve", "--db", &db.url, "--addr", &addr]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains(&format!("port {port} is already in use")), "{err}");
    assert!(err.contains(&format!("--addr 127.0.0.1:{}", port + 1)) && err.contains("--addr 127.0.0.1:0"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    drop(held);
}

fn ok_ingest(db: &str) {
    let out = corroborate(&["ingest", "--db", db, examples().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
