//! End to end in real headless Chromium (Debian's chromium and
//! chromium-driver, which `.ci/run` installs), against `corroborate serve`
//! on loopback: sign in, read seed 002 with its claims marked, open a
//! claim's fields, correct its place, see the history; a reader is
//! refused; a document holding `<script>` and `<img onerror>` renders
//! inert. Screenshots land in `target/screenshots/`.
//!
//! The layout is asserted, not only pictured: the main pages (documents,
//! a document, claims, a group, the report) at 420 px and 1400 px wide
//! (DevTools' device metrics) neither widen the page past the window nor
//! squeeze the text into a column too narrow to read, and at 1400 px the
//! claims table fits its box. Every group's chart keeps its text labels
//! apart and inside the SVG, clear of the bars. The report, in print media
//! (DevTools' media emulation), prints each mark's number and the numbered
//! table of their fields, and each mark links to its claim's row.
//!
//! The WebDriver client is the few W3C calls below over `ureq` (already a
//! test dependency): the tests are synchronous, and an async client would
//! bring a runtime and a TLS stack for a loopback connection.

mod common;
use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session, ended on drop.
struct Browser {
    driver: Child,
    base: String,
    session: String,
}

impl Browser {
    fn start() -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
            // A green run must mean the whole suite ran: skipping is asked for.
            assert!(
                std::env::var("CI").is_err() && std::env::var("CORROBORATE_SKIP_BROWSER").is_ok(),
                "chromium and chromium-driver are missing: run the suite with `bash .ci/run` (it installs them), or set CORROBORATE_SKIP_BROWSER=1 to skip the browser test"
            );
            eprintln!("chromium or chromedriver missing: browser test SKIPPED (CORROBORATE_SKIP_BROWSER is set)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = temp_dir("browser-profile");
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                     format!("--user-data-dir={}", profile.display())],
        }}}});
        let mut b = Browser { driver, base, session: String::new() };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("a session").to_string();
        Some(b)
    }

    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = if path == "/session" {
            format!("{}/session", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let req = ureq::request(method, &url).timeout(Duration::from_secs(60));
        let res = match body {
            Some(b) => req.send_json(b),
            None => req.call(),
        };
        match res {
            Ok(r) => Ok(r.into_json::<Value>().map_err(|e| e.to_string())?["value"].clone()),
            Err(ureq::Error::Status(code, r)) => {
                Err(format!("WebDriver {method} {path}: {code} {}", r.into_string().unwrap_or_default()))
            }
            Err(e) => Err(format!("WebDriver {method} {path}: {e}")),
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Retries `f` while the page is still loading (no such or stale
    /// element), for up to ten seconds.
    fn settle<T>(&self, what: &str, f: impl Fn() -> Result<T, String>) -> T {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match f() {
                Ok(v) => return v,
                Err(e) if Instant::now() > deadline => panic!("{what}: {e}\n{}", self.call("GET", "/source", None)),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    fn try_find(&self, css: &str) -> Result<String, String> {
        let v = self.try_call("POST", "/element", Some(json!({"using": "css selector", "value": css})))?;
        v[ELEMENT].as_str().map(str::to_string).ok_or_else(|| format!("no element {css}: {v}"))
    }

    /// Waits until the page's address ends with `suffix`.
    fn wait_url(&self, suffix: &str) {
        self.settle(&format!("address ending {suffix}"), || {
            let u = self.url();
            if u.ends_with(suffix) {
                Ok(())
            } else {
                Err(u)
            }
        })
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_string()
    }

    fn find(&self, css: &str) -> String {
        self.settle(css, || self.try_find(css))
    }

    fn count(&self, css: &str) -> usize {
        self.call("POST", "/elements", Some(json!({"using": "css selector", "value": css})))
            .as_array()
            .map_or(0, Vec::len)
    }

    fn click(&self, css: &str) {
        self.settle(css, || self.try_call("POST", &format!("/element/{}/click", self.try_find(css)?), Some(json!({}))));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/value"), Some(json!({ "text": text })));
    }

    fn text(&self, css: &str) -> String {
        let v = self.settle(css, || self.try_call("GET", &format!("/element/{}/text", self.try_find(css)?), None));
        v.as_str().unwrap_or_default().to_string()
    }

    fn attr(&self, css: &str, name: &str) -> Option<String> {
        let v = self
            .settle(css, || self.try_call("GET", &format!("/element/{}/attribute/{name}", self.try_find(css)?), None));
        v.as_str().map(str::to_string)
    }

    fn script(&self, script: &str) -> Value {
        self.call("POST", "/execute/async", Some(json!({ "script": script, "args": [] })))
    }

    /// A DevTools command, through chromedriver.
    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })))
    }

    /// Makes the viewport `width` CSS pixels wide (and 900 high).
    fn width(&self, width: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// `screen` or `print`.
    fn media(&self, media: &str) {
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": media }));
    }

    /// Runs a synchronous script and returns its value.
    fn eval(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD.decode(png.as_str().unwrap()).unwrap();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn sign_in(&self, server: &Server, name: &str, password: &str) {
        self.go(&format!("{}/docs", server.url));
        assert!(self.url().contains("/login?next="), "not sent to sign in: {}", self.url());
        self.type_into("input[name=name]", name);
        self.type_into("input[name=password]", password);
        self.click("form.login button");
        self.wait_url("/docs");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = ureq::delete(&format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The layout's problems on the page shown: the page wider than the
/// window; at `narrow` widths, a main column (or document text) under
/// 300 px; at wide ones, a claims table wider than its box.
const LAYOUT: &str = r#"
const narrow = arguments[0];
const out = [];
const page = document.documentElement.scrollWidth, win = window.innerWidth;
if (page > win + 1) out.push(`page ${page} px wide in a ${win} px window`);
for (const sel of ['main', '.doctext', 'table.fields']) {
  for (const e of document.querySelectorAll(sel)) {
    const w = e.getBoundingClientRect().width;
    if (narrow && e.offsetParent !== null && w < 300) out.push(`${sel} only ${w} px wide`);
  }
}
if (!narrow) {
  for (const t of document.querySelectorAll('table.claims')) {
    const box = t.parentElement.getBoundingClientRect(), r = t.getBoundingClientRect();
    if (r.right > box.right + 1 || t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
      out.push(`claims table ${r.width} px in a ${box.width} px box`);
  }
}
return out;
"#;

/// The chart's problems: text labels that overlap each other, stick out
/// of the SVG, or cross the plot (its grid lines, bars and dots); and how
/// many labels were cut to fit.
const CHART: &str = r#"
const svg = document.querySelector('svg.chart');
if (!svg) return [['no chart'], 0];
const s = svg.getBoundingClientRect();
const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent.trim(), t.getBoundingClientRect()]);
const marks = [...svg.querySelectorAll('line, circle, path')].map(e => e.getBoundingClientRect());
const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
const out = [];
texts.forEach(([t, r], i) => {
  if (r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5) out.push(`${t} outside the chart`);
  texts.slice(i + 1).forEach(([u, q]) => { if (hit(r, q)) out.push(`${t} overlaps ${u}`); });
});
svg.querySelectorAll('text:not(.tick):not(.note)').forEach(l => {
  const r = l.getBoundingClientRect();
  if (marks.some(m => hit(r, m))) out.push(`${l.textContent.trim()} crosses the plot`);
});
return [out, [...svg.querySelectorAll('text.label')].filter(l => l.textContent.includes('…')).length];
"#;

/// A document with a long name of wide letters whose figures group with
/// [`HOSTILE`]'s: its chart labels must be cut to fit.
const LONG_NAME: &str =
    "WMWMWMWMWMWMWMWMWMWMWMWM-Commission-of-Inquiry-into-the-Upper-Valley-Killings-Final-Report.txt";
const LONG_TEXT: &str = "Reports from the valley said that 300 civilians were killed in 1944.\n\n\
Later counts gave between 450 and 1,200 deaths in the same villages.\n";

const HOSTILE: &str = "Reports from the valley <script>window.pwned = 1; document.title = 'pwned'</script> said that 300 civilians were killed in 1944.\n\n\
<img src=x onerror=\"window.pwned = 2; document.title = 'pwned'\"> Later counts gave 450 deaths in the same villages.\n";

#[test]
fn read_review_and_refuse_in_chromium() {
    let dir = temp_dir("browser");
    let seed = examples().join("002_dce3863f02dd146e.txt");
    let newer = seed.with_file_name("003_09a43a90a997e409.txt");
    let hostile = dir.join("hostile.txt");
    std::fs::write(&hostile, HOSTILE).unwrap();
    let long = dir.join(LONG_NAME);
    std::fs::write(&long, LONG_TEXT).unwrap();
    let db = dir.join("ledger.db");
    let l = ledger(db.to_str().unwrap(), &[&seed, &newer, &hostile, &long]);
    let server = Server::start(&l.db);
    let Some(b) = Browser::start() else { return };

    // Sign in as a reviewer and open seed 002: its claims are marked.
    b.sign_in(&server, "ana", "ana-passphrase");
    b.click("a[href='/docs/002_dce3863f02dd146e.txt']");
    assert!(b.count(".doctext a.claim") > 10);
    // Click a marked figure: its card opens with the fields read from it.
    let id = b.attr(".doctext a.claim", "data-claim").unwrap();
    assert!(b.attr(&format!("#card-{id}"), "hidden").is_some(), "the card starts hidden");
    b.click(&format!("#claim-{id}"));
    assert!(b.attr(&format!("#card-{id}"), "hidden").is_none(), "the card opens on click");
    let card = b.text(&format!("#card-{id}"));
    for field in ["quote", "qualifier", "act", "place", "years", "stance"] {
        assert!(card.contains(field), "card lacks {field}: {card}");
    }
    assert!(
        card.contains("Cited: [") || card.contains("No citation marker follows"),
        "card lacks its citation: {card}"
    );
    b.screenshot("document.png");

    // Correct its place and see the change in the history.
    b.click(&format!("#card-{id} a.review-link"));
    b.wait_url(&format!("/claims/{id}"));
    b.click("#correct select[name=field] option[value=place]");
    b.type_into("#correct input[name=value]", "Test Valley");
    b.type_into("#correct input[name=note]", "checked against the heading");
    b.click("#correct button");
    b.settle("the corrected place", || match b.text("td.f-place").as_str() {
        "Test Valley" => Ok(()),
        other => Err(other.to_string()),
    });
    let history = b.text("table.history");
    assert!(history.contains("ana") && history.contains("place") && history.contains("Test Valley"), "{history}");

    // A conflict group: its chart and its explanation.
    b.go(&format!("{}/groups?conflicts_only=true", server.url));
    b.click("table.groups tr.conflict a");
    b.find("svg.chart");
    assert_eq!(b.count("svg.chart"), 1);
    assert!(!b.text("ul.conflicts").is_empty());
    b.screenshot("group.png");

    // The hostile document renders inert: its tags are text.
    b.go(&format!("{}/docs/hostile.txt", server.url));
    let doc = b.text(".doctext");
    assert!(doc.contains("<script>") && doc.contains("<img src=x onerror="), "{doc}");
    let inert = b.script("const done = arguments[0]; setTimeout(() => done([window.pwned === undefined, document.title, document.querySelectorAll('.doctext script, .doctext img').length]), 300);");
    assert_eq!(inert, json!([true, "hostile.txt · Corroborate", 0]));
    b.screenshot("hostile.png");

    // A reader sees no review form, and a review sent anyway is refused.
    b.click("form.signout button");
    b.wait_url("/login");
    b.sign_in(&server, "rita", "rita-passphrase");
    b.go(&format!("{}/claims/{id}", server.url));
    b.find("table.fields");
    assert_eq!(b.count("form.review"), 0);
    assert!(b.text("p.readonly").contains("readers"));
    let tried = b.script(&format!(
        "const done = arguments[0]; const csrf = document.querySelector('meta[name=csrf-token]').content;
         const form = new URLSearchParams({{action: 'correct', field: 'place', value: 'Elsewhere', csrf}});
         Promise.all([
           fetch('/claims/{id}/review', {{method: 'POST', body: form, redirect: 'manual'}}).then(r => r.status),
           fetch('/api/v1/claims/{id}/reviews', {{method: 'POST', headers: {{'Content-Type': 'application/json', 'X-CSRF-Token': csrf}}, body: JSON.stringify({{action: 'reject'}})}}).then(r => r.status),
         ]).then(done);"
    ));
    assert_eq!(tried, json!([403, 403]));
    b.go(&format!("{}/claims/{id}", server.url));
    assert_eq!(b.text("td.f-place"), "Test Valley");
    assert_eq!(b.count("table.history tbody tr"), 1);

    // Every group's chart: labels apart, inside, clear of the plot; the
    // longest labels are cut.
    b.go(&format!("{}/groups", server.url));
    b.find("table.groups");
    let groups: Vec<String> = serde_json::from_value(
        b.eval("return [...document.querySelectorAll('table.groups td:first-child a')].map(a => a.href);"),
    )
    .unwrap();
    assert!(groups.len() > 1, "{groups:?}");
    let (mut cut, mut longest) = (0, (0usize, groups[0].clone()));
    for g in &groups {
        b.go(g);
        b.find("svg.chart");
        let v = b.eval(CHART);
        let problems: Vec<String> = serde_json::from_value(v[0].clone()).unwrap();
        assert!(problems.is_empty(), "{g}: {problems:?}");
        cut += v[1].as_u64().unwrap_or(0);
        let label = b.eval("return Math.max(...[...document.querySelectorAll('svg.chart text.label title')].map(t => t.textContent.length));");
        if label.as_u64().unwrap_or(0) as usize > longest.0 {
            longest = (label.as_u64().unwrap_or(0) as usize, g.clone());
        }
    }
    assert!(cut > 0, "no chart label needed cutting: the long-named document grouped with nothing");

    // The report, written by `corroborate report` from the same ledger.
    let report = dir.join("report.html");
    let out = corroborate(&["report", "--db", &l.db, "-o", report.to_str().unwrap()]);
    assert!(out.status.success(), "report: {}", String::from_utf8_lossy(&out.stderr));
    let report_url = format!("file://{}", report.display());

    // The main pages at a phone's width and a desktop's: asserted, and
    // pictured.
    let pages = [
        ("documents", format!("{}/docs", server.url)),
        ("document", format!("{}/docs/002_dce3863f02dd146e.txt", server.url)),
        ("claims", format!("{}/claims", server.url)),
        ("group", longest.1.clone()),
        ("report", report_url.clone()),
    ];
    for width in [420, 1400] {
        b.width(width);
        for (name, url) in &pages {
            b.go(url);
            b.find("main");
            let problems: Vec<String> = serde_json::from_value(b.call(
                "POST",
                "/execute/sync",
                Some(json!({ "script": LAYOUT, "args": [width < 800] })),
            ))
            .unwrap();
            b.screenshot(&format!("{name}-{width}.png"));
            assert!(problems.is_empty(), "{name} at {width} px: {problems:?}");
        }
    }
    b.width(1400);

    // On paper: each mark prints its number, the numbered table of fields
    // is there, and each mark links to its claim's row (which links back).
    b.go(&report_url);
    b.find("a.claim[data-n]");
    let mark = r#"
const m = document.querySelector('a.claim[data-n]');
const row = document.querySelector(m.getAttribute('href'));
const t = document.querySelector('table.footnotes');
return [m.getAttribute('href'), m.id, m.dataset.n, getComputedStyle(m, '::after').content,
        row ? row.id : null, row ? row.querySelector('a').getAttribute('href') : null, row ? row.textContent : '',
        t ? getComputedStyle(t).display : 'none', t ? t.querySelectorAll('tbody tr').length : 0,
        document.querySelectorAll('a.claim').length];
"#;
    b.media("print");
    let v = b.eval(mark);
    b.screenshot("report-print.png");
    let (href, id, n) = (v[0].as_str().unwrap(), v[1].as_str().unwrap(), v[2].as_str().unwrap());
    assert!(href.starts_with("#fn-") && href != format!("#{id}"), "the mark links to {href}, not its claim");
    assert_eq!(v[3], json!(format!("\"[{n}]\"")), "the mark's number does not print");
    assert_eq!(v[5], json!(format!("#{id}")), "the claim's row does not lead back to its mark");
    let row = v[6].as_str().unwrap();
    assert!(
        row.starts_with(n) && (row.contains("asserted") || row.contains("reported") || row.contains("disputed")),
        "{row}"
    );
    assert_eq!(v[7], json!("table"));
    assert_eq!(v[8], v[9], "every mark has its numbered row");
    b.media("screen");
    assert_eq!(b.eval(mark)[3], json!("none"), "numbers print on paper only");
    // The pages' header is not printed.
    b.go(&format!("{}/claims", server.url));
    b.find("header.top");
    b.media("print");
    assert_eq!(b.eval("return getComputedStyle(document.querySelector('header.top')).display;"), json!("none"));
    b.media("screen");
}
