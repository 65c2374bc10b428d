//! A real revision history (the first 2,000 revisions of "Anarchism", from
//! `../shared/corpus/real/dumps/`): `revisions --db` after `ingest` prints
//! exactly what `revisions DUMP` prints, and the ledger stays whole.

mod common;
use common::*;
use std::io::{BufRead, Write};
use std::time::Instant;

/// The history's first `n` revisions as a dump of their own.
fn history_cut(n: usize) -> std::path::PathBuf {
    // A folder per cut: tests run in parallel, and `temp_dir` empties it.
    let path = temp_dir(&format!("history-cut-{n}")).join(format!("anarchism-{n}.xml"));
    let src = shared().join("corpus/real/dumps/anarchism-full-history.xml.lzma");
    let stream = liblzma::stream::Stream::new_lzma_decoder(u64::MAX).unwrap();
    let xz = liblzma::read::XzDecoder::new_stream(std::fs::File::open(&src).unwrap(), stream);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut seen = 0;
    for line in std::io::BufReader::new(xz).lines() {
        let line = line.unwrap();
        writeln!(out, "{line}").unwrap();
        if line.contains("</revision>") {
            seen += 1;
            if seen == n {
                writeln!(out, "  </page>\n</mediawiki>").unwrap();
                break;
            }
        }
    }
    out.flush().unwrap();
    path
}

#[test]
fn stored_revisions_equal_the_dump_on_a_real_history() {
    if !has_shared() {
        return;
    }
    let dump = history_cut(2000);
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
    let dump = history_cut(400);
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
