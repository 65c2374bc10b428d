//! A real revision history (the first 2,000 revisions of "Anarchism", from
//! `../shared/corpus/real/dumps/`): `revisions --db` after `ingest` prints
//! exactly what `revisions DUMP` prints, and the ledger stays whole.

mod common;
use common::*;
use std::io::{BufRead, Write};
use std::time::Instant;

/// The history's first `n` revisions as a dump of their own.
fn history_cut(n: usize) -> std::path::PathBuf {
    let path = temp_dir("history").join(format!("anarchism-{n}.xml"));
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
