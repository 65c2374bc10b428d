//! A command line people can live in (issue 17): dump revisions
//! addressable as `Page#REV` and `Page`; the same `--format`, `-o`,
//! `--limit` and `--db`/`CORROBORATE_DB` on every listing command; tables
//! with a header row and the claim id; `extract -`; `report --db` with the
//! reviews; completions, manual pages and examples in every help;
//! messages that name the fix and say things once.

mod common;
use common::*;
use std::process::{Command, Output};

/// Runs the binary and insists it succeeded; returns stdout.
fn ok(args: &[&str]) -> String {
    let out = corroborate(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs the binary with `CORROBORATE_DB` set.
fn with_db_env(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(args)
        .env("CORROBORATE_DB", db)
        .output()
        .expect("corroborate runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A ledger holding the test dump (one page, revisions 1001 and 1002).
fn dump_ledger(db: &TestDb, name: &str) -> String {
    let dir = temp_dir(name);
    let dump = dir.join("history.xml");
    std::fs::write(&dump, dump_xml()).unwrap();
    let out = corroborate(&["ingest", "--db", &db.url, dump.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn dump_revisions_are_addressable_as_page_and_page_hash_rev_with_who_and_when() {
    if !has_shared() {
        return;
    }
    both("living_revisions", |db| {
        let backend = if db.url.starts_with("postgres") { "pg" } else { "sqlite" };
        let said = dump_ledger(db, &format!("living-dump-{backend}"));
        // Ingest counts what a dump holds, not "0/0 files".
        assert!(said.contains("(1 page, 2 revisions)"), "{said}");
        assert!(!said.contains('\r'), "no progress bar when stderr is not a terminal: {said:?}");

        let old = ok(&["show", "--db", &db.url, "Soviet war crimes#1001"]);
        assert!(old.starts_with("document: Soviet war crimes#1001 "), "{}", &old[..200]);
        assert!(old.contains("revision 1001 by Older, 2015-03-01T10:00:00Z"), "{}", &old[..300]);
        assert!(old.contains("⟦around 1000⟧"), "the old revision's own text and claims");

        let latest = ok(&["show", "--db", &db.url, "Soviet war crimes"]);
        assert!(latest.contains("revision 1002 by Newer, 2023-06-01T10:00:00Z"), "{}", &latest[..300]);

        // `--doc Page` is the latest revision's claims; `Page#REV` one
        // revision's.
        let rows: Vec<serde_json::Value> =
            ok(&["claims", "--db", &db.url, "--doc", "Soviet war crimes", "--format", "jsonl"])
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r["doc"] == "Soviet war crimes#1002"), "{:?}", rows[0]["doc"]);
        let old_rows = ok(&["claims", "--db", &db.url, "--doc", "Soviet war crimes#1001", "--format", "jsonl"]);
        assert!(old_rows.lines().all(|l| l.contains("\"doc\":\"Soviet war crimes#1001\"")));

        // The same with the claims of `show` in JSON Lines.
        let shown = ok(&["show", "--db", &db.url, "Soviet war crimes#1001", "--format", "jsonl"]);
        assert_eq!(shown, old_rows);

        let out = corroborate(&["show", "--db", &db.url, "Soviet war crimes#999"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("has no revision \"999\""), "{}", stderr(&out));

        // Who and when in `revisions --db` (read through CORROBORATE_DB).
        let out = with_db_env(&db.url, &["revisions"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("rev 1001 → 1002 (2023-06-01T10:00:00Z, Newer)"), "{text}");
        let one = ok(&["revisions", "--db", &db.url, "--format", "jsonl", "--limit", "1"]);
        assert_eq!(one.lines().count(), 1);
        let all = ok(&["revisions", "--db", &db.url, "--format", "jsonl"]);
        assert!(all.lines().count() > 1 && all.starts_with(&one), "--limit 1 is the first change");
    });
}

#[test]
fn every_listing_takes_format_output_and_limit() {
    if !has_shared() {
        return;
    }
    let db = sqlite("living-flags");
    ok(&["ingest", "--db", &db.url, seeds().to_str().unwrap()]);
    let dir = temp_dir("living-flags-out");
    let seed = seeds().join("002_dce3863f02dd146e.txt");
    let seed = seed.to_str().unwrap();
    let listings: Vec<Vec<&str>> = vec![
        vec!["claims", "--db", &db.url],
        vec!["docs", "--db", &db.url],
        vec!["show", "--db", &db.url, "002_dce3863f02dd146e.txt"],
        vec!["export", "--db", &db.url],
        vec!["extract", seed],
    ];
    for base in &listings {
        for format in ["jsonl", "csv"] {
            let mut args = base.clone();
            args.extend(["--format", format, "--limit", "2"]);
            let out = ok(&args);
            let records = if format == "jsonl" {
                out.lines().count()
            } else {
                csv::Reader::from_reader(out.as_bytes()).records().count()
            };
            assert_eq!(records, 2, "{args:?}: {out}");
        }
        // -o writes the file and nothing to stdout.
        let file = dir.join(format!("{}.out", base[0]));
        let mut args = base.clone();
        args.extend(["--format", "jsonl", "-o", file.to_str().unwrap()]);
        assert_eq!(ok(&args), "", "{args:?}");
        assert!(std::fs::read_to_string(&file).unwrap().lines().count() > 2, "{args:?}");
    }

    // Tables have a header row, and claims carry the id a review names.
    let table = ok(&["claims", "--db", &db.url, "--limit", "3"]);
    let header = table.lines().next().unwrap();
    for col in ["id", "start", "quote", "low", "high", "qualifier", "act", "place", "years", "stance"] {
        assert!(header.split_whitespace().any(|w| w.contains(col)), "{col} missing from {header}");
    }
    let first: serde_json::Value =
        serde_json::from_str(ok(&["claims", "--db", &db.url, "--format", "jsonl", "--limit", "1"]).trim()).unwrap();
    let id = first["id"].as_i64().unwrap().to_string();
    assert!(table.lines().nth(2).unwrap().split_whitespace().next() == Some(id.as_str()), "{table}");
    assert!(ok(&["docs", "--db", &db.url]).lines().next().unwrap().contains("origin"));
    assert!(ok(&["extract", "--format", "table", seed]).lines().next().unwrap().contains("qualifier"));

    // The streaming listings stop after --limit records.
    let examples_dir = examples();
    let ex = examples_dir.to_str().unwrap();
    let old = seeds().join("002_dce3863f02dd146e.txt");
    let new = seeds().join("003_09a43a90a997e409.txt");
    for args in [
        vec!["groups", ex, "--limit", "1", "--format", "jsonl"],
        vec!["events", ex, "--limit", "1", "--format", "jsonl"],
        vec!["versions", ex, "--limit", "1", "--format", "jsonl"],
        vec!["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--limit", "1", "--format", "jsonl"],
    ] {
        let out = corroborate(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "{args:?}");
    }
    let out = ok(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--limit", "2"]);
    assert_eq!(out.lines().filter(|l| !l.starts_with(' ')).count(), 2, "a change keeps its indented sentences: {out}");

    // A nested listing has no CSV form, and says which it has.
    let out = corroborate(&["groups", ex, "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format jsonl"), "{}", stderr(&out));
}

#[test]
fn groups_reads_the_ledger_named_by_corroborate_db() {
    if !has_shared() {
        return;
    }
    let db = sqlite("living-groups-env");
    ok(&["ingest", "--db", &db.url, seeds().to_str().unwrap()]);
    let dir = temp_dir("living-groups-cwd");
    let out = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(["groups", "--format", "jsonl"])
        .env("CORROBORATE_DB", &db.url)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 10);
    assert!(!dir.join("corroborate.db").exists());
}

#[test]
fn extract_dash_reads_standard_input() {
    if !has_shared() {
        return;
    }
    let path = seeds().join("001_c7fdbfa4e6b90d88.txt");
    let from_file = ok(&["extract", "--format", "jsonl", path.to_str().unwrap()]);
    let out = corroborate_with_input(&["extract", "--format", "jsonl", "-"], &std::fs::read_to_string(&path).unwrap());
    assert!(out.status.success(), "{}", stderr(&out));
    let from_stdin = String::from_utf8(out.stdout).unwrap();
    assert!(!from_stdin.is_empty());
    assert_eq!(from_stdin.replace("\"doc\":\"-\"", "\"doc\":\"001_c7fdbfa4e6b90d88.txt\""), from_file);
}

#[test]
fn report_from_the_ledger_shows_the_reviews() {
    let dir = temp_dir("living-report");
    let db = dir.join("ledger.db");
    let db = db.to_str().unwrap();
    ledger(db, &[&examples()]);
    let sheet = ok(&["export", "--db", db, "--format", "csv"]);
    let mut r = csv::Reader::from_reader(sheet.as_bytes());
    let header = r.headers().unwrap().clone();
    let place = header.iter().position(|h| h == "place").unwrap();
    let mut rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let mut first: Vec<String> = rows[0].iter().map(str::to_string).collect();
    first[place] = "Reviewedplace Junction".into();
    rows[0] = csv::StringRecord::from(first);
    let edited = dir.join("edited.csv");
    let mut w = csv::Writer::from_path(&edited).unwrap();
    w.write_record(&header).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    ok(&["import-reviews", "--db", db, "--as", "ana", edited.to_str().unwrap()]);
    let html = dir.join("report.html");
    let out = corroborate(&["report", "--db", db, "-o", html.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Reviewedplace Junction"), "the reviewed value reaches the report");
    assert!(page.contains("corrected"), "with its review state");
}

#[test]
fn completions_and_manual_pages_come_from_the_command_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let script = ok(&["completions", shell]);
        assert!(
            script.contains("corroborate") && script.contains("import-reviews") && script.contains("limit"),
            "{shell}"
        );
    }
    let page = ok(&["man"]);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{}", &page[..80]);
    assert!(page.contains("extract"));
    let dir = temp_dir("living-man");
    ok(&["man", "--dir", dir.to_str().unwrap()]);
    let sub = std::fs::read_to_string(dir.join("corroborate-claims.1")).unwrap();
    assert!(sub.contains("limit"), "the claims page lists its flags");
}

#[test]
fn every_help_shows_an_example() {
    assert!(ok(&["--help"]).contains("Examples:\n  corroborate extract"));
    let help = ok(&["help"]);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() > 15, "{commands:?}");
    for c in commands {
        let text = ok(&[c, "--help"]);
        assert!(
            text.contains("Example") && text.contains(&format!("corroborate {c}")),
            "{c} --help shows no example:\n{text}"
        );
    }
}

#[test]
fn a_bad_act_lists_the_acts() {
    let db = sqlite("living-act");
    ok(&["ingest", "--db", &db.url, examples().to_str().unwrap()]);
    let out = corroborate(&["claims", "--db", &db.url, "--act", "bogus"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("\"bogus\" is not an act")
            && err.contains("killed")
            && err.contains("materiel")
            && err.contains("other"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    // Case does not matter for a real act.
    ok(&["claims", "--db", &db.url, "--act", "Killed"]);
}

#[test]
fn a_short_hash_prefix_is_ambiguous_or_too_short_never_not_found() {
    let db = sqlite("living-prefix");
    let corpus = numbered_corpus("living-prefix-docs", 40);
    ok(&["ingest", "--db", &db.url, corpus.to_str().unwrap()]);
    let hashes: Vec<String> = ok(&["docs", "--db", &db.url, "--format", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["hash"].as_str().unwrap().to_string())
        .collect();
    // A letter (not a row id) that starts several hashes, and a longer
    // prefix that starts one.
    let shared = ('a'..='f')
        .find(|c| hashes.iter().filter(|h| h.starts_with(*c)).count() > 1)
        .expect("40 hashes share a first letter");
    let out = corroborate(&["show", "--db", &db.url, &shared.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is ambiguous") && stderr(&out).contains("12 hex digits"), "{}", stderr(&out));
    let one = &hashes.iter().find(|h| h.starts_with(|c: char| c.is_ascii_alphabetic())).unwrap()[..10];
    let out = corroborate(&["show", "--db", &db.url, one]);
    assert!(stderr(&out).contains("too short"), "{}", stderr(&out));
    // Twelve digits open it.
    let twelve = hashes.iter().find(|h| h.starts_with(one)).unwrap();
    ok(&["show", "--db", &db.url, &twelve[..12]]);
}

#[test]
fn an_error_is_said_once() {
    let db = sqlite("living-once");
    ok(&["ingest", "--db", &db.url, examples().to_str().unwrap()]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = corroborate(&["serve", "--db", &db.url, "--addr", &addr]);
    assert_ne!(out.status.code(), Some(0));
    let err = stderr(&out);
    let line = err.lines().find(|l| l.starts_with("error:")).unwrap_or_else(|| panic!("{err}"));
    // Every part of the message appears once.
    let parts: Vec<&str> = line.trim_start_matches("error: ").split(": ").collect();
    for p in &parts {
        assert_eq!(line.matches(p).count(), 1, "{p:?} repeated in {line}");
    }
}

#[test]
fn the_dump_generator_runs_from_any_folder() {
    let dir = temp_dir("living-gen-dump");
    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/gen_dump.py");
    let out =
        Command::new("python3").arg(&script).args(["1", "dump.xml"]).current_dir(&dir).output().expect("python3 runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let xml = std::fs::read_to_string(dir.join("dump.xml")).unwrap();
    assert!(xml.matches("<revision>").count() > 5);
}
