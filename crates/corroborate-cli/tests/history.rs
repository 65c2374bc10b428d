//! A real revision history (the first 2,000 revisions of "Anarchism", from
//! `../shared/corpus/real/dumps/`): `revisions --db` after `ingest` prints
//! exactly what `revisions DUMP` prints, and the ledger stays whole.

mod common;
use common::*;
use std::time::Instant;

#[test]
fn stored_revisions_equal_the_dump_on_a_real_history() {
    if !has_shared() {
        return;
    }
    let dump = anarchism_history_cut("history-cut", 2000);
    let t = Instant::now();
    let from_dump = corroborate(&["revisions", "--format", "jsonl", dump.to_str().unwrap()]);
    let dump_secs = t.elapsed().as_secs_f64();
    assert!(from_dump.status.success(), "{}", String::from_utf8_lossy(&from_dump.stderr));
    both("history", |db| {
        let out = corroborate(&["ingest", "--db", &db.url, dump.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let t = Instant::now();
        let from_db = corroborate(&["revisions", "--db", &db.url, "--format", "jsonl"]);
        let db_secs = t.elapsed().as_secs_f64();
        assert!(from_db.status.success(), "{}", String::from_utf8_lossy(&from_db.stderr));
        // Figures for the README, not a timed assertion.
        eprintln!(
            "revisions on 2,000 revisions: from the dump {dump_secs:.2} s, from the ledger {db_secs:.2} s ({})",
            db.url.split(':').next().unwrap_or("")
        );
        let (a, b) = (String::from_utf8_lossy(&from_dump.stdout), String::from_utf8_lossy(&from_db.stdout));
        assert!(a.lines().count() > 300, "{}", a.lines().count());
        if a != b {
            let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            panic!(
                "dump {} lines, ledger {} lines; first difference at line {first:?}",
                a.lines().count(),
                b.lines().count()
            );
        }
        let check = corroborate(&["check", "--db", &db.url]);
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    });
}

/// The dump commands extract a page's revisions incrementally (only the
/// paragraphs an edit changed go through the extractor): what they print
/// is what extraction from scratch prints, byte for byte, and the ledger
/// stores the same claims.
#[test]
fn incremental_extraction_prints_what_extraction_from_scratch_prints() {
    let dump = anarchism_history_cut("history-cut", 400);
    let run = |scratch: bool, args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_corroborate"));
        if scratch {
            cmd.env("CORROBORATE_FROM_SCRATCH", "1");
        }
        let out = cmd.args(args).arg(&dump).output().expect("corroborate runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    for args in [&["extract", "--format", "jsonl"][..], &["revisions", "--format", "jsonl"][..]] {
        let (inc, scratch) = (run(false, args), run(true, args));
        assert!(inc.len() > 10_000, "{args:?}: {} bytes", inc.len());
        assert!(inc == scratch, "{args:?}: incremental output differs from extraction from scratch");
    }
    let dir = temp_dir("history-incremental");
    let (inc_db, scratch_db) = (dir.join("inc.db"), dir.join("scratch.db"));
    for (db, scratch) in [(&inc_db, false), (&scratch_db, true)] {
        let _ = std::fs::remove_file(db);
        run(scratch, &["ingest", "--db", db.to_str().unwrap()]);
    }
    let export = |db: &std::path::Path| corroborate(&["export", "--db", db.to_str().unwrap(), "--format", "jsonl"]);
    let (a, b) = (export(&inc_db), export(&scratch_db));
    assert!(a.status.success() && a.stdout.len() > 10_000, "{}", String::from_utf8_lossy(&a.stderr));
    assert!(a.stdout == b.stdout, "the ledgers hold different claims");
}

/// A revert in a dump (revision 3 restores revision 1's text byte for
/// byte, after an edit and before a blanking): `extract` reuses the
/// earlier claims without reading the text again, under the revert's own
/// name and key, and prints what extraction from scratch prints.
#[test]
fn a_reverted_text_extracts_as_it_did_before_under_its_own_name() {
    let old = as_wikitext(&std::fs::read_to_string(seeds().join("002_dce3863f02dd146e.txt")).unwrap());
    let new = as_wikitext(&std::fs::read_to_string(seeds().join("003_09a43a90a997e409.txt")).unwrap());
    let rev = |id: u32, text: &str| {
        format!(
            "<revision><id>{id}</id><timestamp>2020-01-0{id}T10:00:00Z</timestamp><contributor><username>E{id}</username><id>{id}</id></contributor><text bytes=\"{}\">{}</text></revision>\n",
            text.len(),
            escape(text)
        )
    };
    let xml = format!(
        "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.11/\" version=\"0.11\">\n<page><title>Reverted page</title><ns>0</ns><id>5</id>\n{}{}{}{}{}</page>\n</mediawiki>\n",
        rev(1, &old),
        rev(2, &new),
        rev(3, &old),
        rev(4, ""),
        rev(5, &old)
    );
    let dump = temp_dir("history-revert").join("reverted.xml");
    std::fs::write(&dump, xml).unwrap();
    let run = |scratch: bool, format: &str| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_corroborate"));
        if scratch {
            cmd.env("CORROBORATE_FROM_SCRATCH", "1");
        }
        let out = cmd.args(["extract", "--format", format]).arg(&dump).output().expect("corroborate runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    for format in ["jsonl", "table"] {
        let (inc, scratch) = (run(false, format), run(true, format));
        assert_eq!(inc, scratch, "{format}: a revert extracts as from scratch");
    }
    let lines = run(false, "jsonl");
    let of = |rev: &str| -> Vec<String> {
        lines
            .lines()
            .filter(|l| l.contains(&format!("\"doc\":\"Reverted page#{rev}\"")))
            .map(|l| l.replace(&format!("Reverted page#{rev}"), "NAME"))
            .collect()
    };
    assert!(of("1").len() > 10, "{}", of("1").len());
    assert_eq!(of("3"), of("1"));
    assert_eq!(of("5"), of("1"));
}
