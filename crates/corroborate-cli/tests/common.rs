//! Helpers shared by the CLI's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

// The shared test data (seeds, gold, scorer, real corpora): one helper for
// the doc crate's tests and these. A test that reads it starts with
// `if !has_shared() { return; }`.
#[path = "../../corroborate-doc/tests/support/shared.rs"]
mod shared_data;
#[allow(unused_imports)]
pub use shared_data::{has_shared, shared};

/// The seed documents.
pub fn seeds() -> PathBuf {
    shared().join("corpus/seeds")
}

/// The bundled example corpus (seeds 000–003).
pub fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

/// Writes `n` distinct documents (an example text plus a unique line) to a
/// fresh folder.
pub fn numbered_corpus(name: &str, n: usize) -> PathBuf {
    let dir = temp_dir(name);
    let seed = std::fs::read(examples().join("003_09a43a90a997e409.txt")).unwrap();
    for i in 0..n {
        let mut b = seed.clone();
        b.extend_from_slice(format!("\n\nDocument {i}: at least {} people were killed.\n", i + 1).as_bytes());
        std::fs::write(dir.join(format!("doc{i:04}.txt")), b).unwrap();
    }
    dir
}

/// Runs the built `corroborate` binary.
pub fn corroborate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corroborate")).args(args).output().expect("corroborate runs")
}

/// A fresh temporary folder under `target/`.
pub fn temp_dir(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).expect("temp dir");
    p
}

/// Extracts the seeds and scores them with the shared scorer; returns its
/// JSON result.
pub fn score_seeds(extra: &[&str]) -> serde_json::Value {
    let out = corroborate(&["extract", "--format", "jsonl", seeds().to_str().unwrap()]);
    assert!(out.status.success(), "extract failed: {}", String::from_utf8_lossy(&out.stderr));
    let dir = temp_dir(&format!("score-{}", std::process::id()));
    let pred = dir.join("pred.jsonl");
    std::fs::write(&pred, &out.stdout).unwrap();
    let shared = shared();
    let mut args = vec![
        shared.join("score/score.py").to_string_lossy().into_owned(),
        pred.to_string_lossy().into_owned(),
        shared.join("gold/seeds.jsonl").to_string_lossy().into_owned(),
        "--docs".into(),
        seeds().to_string_lossy().into_owned(),
        "--json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let s = Command::new("python3").args(&args).output().expect("python3 runs the scorer");
    assert!(s.status.success(), "scorer failed: {}", String::from_utf8_lossy(&s.stderr));
    serde_json::from_slice(&s.stdout).expect("scorer prints JSON")
}

/// XML-escapes text.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The seed's rendered text as wikitext: its heading lines (short, no
/// closing punctuation, between blank lines) become `== … ==` headings.
pub fn as_wikitext(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let blank = |i: Option<&&str>| i.is_none_or(|l| l.trim().is_empty());
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim();
            let heading = !t.is_empty()
                && t.len() < 80
                && !t.ends_with(['.', ',', ';', ':', '"', ']'])
                && t.starts_with(char::is_uppercase)
                && (i == 0 || blank(lines.get(i - 1)))
                && blank(lines.get(i + 1));
            if heading {
                format!("== {t} ==")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A pages-meta-history dump with seed 002 as revision 1001 and seed 003
/// (the newer revision of the same article) as 1002, plus a talk page.
pub fn dump_xml() -> String {
    let old = as_wikitext(&std::fs::read_to_string(seeds().join("002_dce3863f02dd146e.txt")).unwrap());
    let new = as_wikitext(&std::fs::read_to_string(seeds().join("003_09a43a90a997e409.txt")).unwrap());
    format!(
        r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
  <siteinfo><sitename>Wikipedia</sitename></siteinfo>
  <page>
    <title>Soviet war crimes</title><ns>0</ns><id>42</id>
    <revision><id>1001</id><timestamp>2015-03-01T10:00:00Z</timestamp><contributor><username>Older</username><id>1</id></contributor><text bytes="{}">{}</text></revision>
    <revision><id>1002</id><parentid>1001</parentid><timestamp>2023-06-01T10:00:00Z</timestamp><contributor><username>Newer</username><id>2</id></contributor><text bytes="{}">{}</text></revision>
  </page>
  <page><title>Talk:Soviet war crimes</title><ns>1</ns><id>43</id><revision><id>7</id><text>At least 5 comments.</text></revision></page>
</mediawiki>
"#,
        old.len(),
        escape(&old),
        new.len(),
        escape(&new)
    )
}

/// A database for one test: a SQLite file, or a fresh PostgreSQL database.
pub struct TestDb {
    /// Its URL or path, for `--db`.
    pub url: String,
    pg_admin: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg_admin {
            if let Ok(mut c) = postgres::Client::connect(admin, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// A SQLite file for one test.
pub fn sqlite(name: &str) -> TestDb {
    let dir = temp_dir(&format!("ledger-{name}"));
    TestDb { url: dir.join("ledger.db").to_string_lossy().into_owned(), pg_admin: None }
}

/// A fresh PostgreSQL database for one test, where `CORROBORATE_TEST_PG`
/// names a server; a missing server fails unless CORROBORATE_SKIP_PG asks
/// to skip (never on CI).
pub fn pg(name: &str) -> Option<TestDb> {
    let Ok(admin) = std::env::var("CORROBORATE_TEST_PG") else {
        // A green run must mean the whole suite ran: skipping is asked for.
        assert!(
            std::env::var("CI").is_err() && std::env::var("CORROBORATE_SKIP_PG").is_ok(),
            "PostgreSQL is not available (CORROBORATE_TEST_PG is not set): run the suite with `bash .ci/run` (it installs and starts a server), or set CORROBORATE_SKIP_PG=1 to skip the PostgreSQL half"
        );
        eprintln!("CORROBORATE_TEST_PG is not set: PostgreSQL half of {name} SKIPPED (CORROBORATE_SKIP_PG is set)");
        return None;
    };
    let safe: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let db = format!("cb_test_{safe}_{}", std::process::id());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to the test server");
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
    let (base, _) = admin.rsplit_once('/').expect("URL ends with /dbname");
    Some(TestDb { url: format!("{base}/{db}"), pg_admin: Some((admin.clone(), db)) })
}

/// Runs `f` against SQLite, then PostgreSQL where there is one.
pub fn both(name: &str, f: impl Fn(&TestDb)) {
    f(&sqlite(name));
    if let Some(db) = pg(name) {
        f(&db);
    }
}

/// Runs `corroborate` with `stdin` as its standard input.
pub fn corroborate_with_input(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("corroborate runs");
    // A command may refuse before it reads its input (a name taken, a
    // missing ledger): the pipe is then closed, and only its answer counts.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

/// A ledger with documents and two users: `ana` (reviewer) and `rita`
/// (reader), passwords `ana-passphrase` and `rita-passphrase`, each with an API token.
pub struct Ledger {
    /// `--db` value.
    pub db: String,
    /// Ana's token.
    pub reviewer_token: String,
    /// Rita's token.
    pub reader_token: String,
}

/// Ingests `paths` into `db` and adds the two users.
pub fn ledger(db: &str, paths: &[&std::path::Path]) -> Ledger {
    let mut args = vec!["ingest", "--db", db];
    let ps: Vec<String> = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    args.extend(ps.iter().map(String::as_str));
    let out = corroborate(&args);
    assert!(out.status.success(), "ingest: {}", String::from_utf8_lossy(&out.stderr));
    let mut tokens = Vec::new();
    for (name, role) in [("ana", "reviewer"), ("rita", "reader")] {
        let out =
            corroborate_with_input(&["user", "add", "--db", db, name, "--role", role], &format!("{name}-passphrase\n"));
        assert!(out.status.success(), "user add: {}", String::from_utf8_lossy(&out.stderr));
        let out = corroborate(&["token", "create", "--db", db, name]);
        assert!(out.status.success());
        tokens.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
    }
    Ledger { db: db.to_string(), reviewer_token: tokens.remove(0), reader_token: tokens.remove(0) }
}

/// A `corroborate serve` process on a free loopback port, killed on drop.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    child: std::process::Child,
}

impl Server {
    /// Starts the server over `db` and waits until it listens.
    pub fn start(db: &str) -> Server {
        Server::start_with(db, &[])
    }

    /// Starts the server over `db` with more arguments.
    pub fn start_with(db: &str, more: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
            .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
            .args(more)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url =
            line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("serve printed {line:?}")).to_string();
        Server { url, child }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server at once (SIGKILL) and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An HTTP client that never follows redirects.
pub fn http() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).timeout(std::time::Duration::from_secs(30)).build()
}

/// Sends a request; returns the status, headers and body whatever the status.
pub fn send(req: ureq::Request, body: Option<&[u8]>) -> (u16, ureq::Response) {
    let res = match body {
        Some(b) => req.send_bytes(b),
        None => req.call(),
    };
    match res {
        Ok(r) => (r.status(), r),
        Err(ureq::Error::Status(code, r)) => (code, r),
        Err(e) => panic!("request failed: {e}"),
    }
}

/// The first `n` revisions of the real history of "Anarchism" in
/// ../shared, as a plain XML dump in a temp folder of its own (`tag`, since
/// tests run in parallel and `temp_dir` empties its folder).
pub fn anarchism_history_cut(tag: &str, n: usize) -> PathBuf {
    use std::io::{BufRead, Write};
    let path = temp_dir(&format!("{tag}-{n}")).join(format!("anarchism-{n}.xml"));
    let src = shared().join("corpus/real/dumps/anarchism-full-history.xml.lzma");
    let stream = liblzma::stream::Stream::new_lzma_decoder(u64::MAX).unwrap();
    let xz = liblzma::read::XzDecoder::new_stream(std::fs::File::open(&src).unwrap(), stream);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut seen = 0;
    for line in std::io::BufReader::new(xz).lines() {
        let line = line.unwrap();
        writeln!(out, "{line}").unwrap();
        seen += usize::from(line.contains("</revision>"));
        if seen == n {
            writeln!(out, "  </page>\n</mediawiki>").unwrap();
            break;
        }
    }
    out.flush().unwrap();
    path
}
