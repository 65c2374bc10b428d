//! Hostile input: each gets a clear message and a non-zero exit where it
//! fails, never a crash or a hang, and other files in the same run still
//! ingest.

mod common;
use common::*;
use std::io::Write;

fn no_crash(out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("overflowed"), "crash: {err}");
    assert!(matches!(out.status.code(), Some(0 | 1)), "exit {:?}: {err}", out.status.code());
}

#[test]
fn deep_nesting_is_read_without_overflow() {
    let d = temp_dir("hostile-nesting");
    std::fs::write(
        d.join("templates.wiki"),
        format!("{}x{} At least 12 people died.", "{{".repeat(200_000), "}}".repeat(200_000)),
    )
    .unwrap();
    std::fs::write(d.join("links.wiki"), format!("{}x{}", "[[a|".repeat(50_000), "]]".repeat(50_000))).unwrap();
    std::fs::write(
        d.join("tags.html"),
        format!("{}About 5 people were killed.{}", "<div>".repeat(200_000), "</div>".repeat(200_000)),
    )
    .unwrap();
    let out = corroborate(&["extract", "--format", "jsonl", d.to_str().unwrap()]);
    no_crash(&out);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"quote\":\"At least 12\""), "{text}");
}

#[test]
fn a_hundred_megabyte_single_line() {
    let d = temp_dir("hostile-line");
    let sentence = "At least 12 people were killed. ";
    let n = 100 * 1024 * 1024 / sentence.len() + 1;
    std::fs::write(d.join("line.txt"), sentence.repeat(n)).unwrap();
    let out = corroborate(&["extract", "--format", "jsonl", d.join("line.txt").to_str().unwrap()]);
    no_crash(&out);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), n);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_compression_bomb_is_refused_and_others_still_ingest() {
    let d = temp_dir("hostile-bomb");
    let bomb = d.join("bomb.xml.gz");
    let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&bomb).unwrap(), flate2::Compression::best());
    // The bytes lie between elements: inside a revision's text the
    // revision's size limit (64 MiB) would refuse them first.
    e.write_all(b"<mediawiki><page><title>x</title><ns>0</ns><id>1</id><revision><id>1</id>").unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..300 {
        e.write_all(&spaces).unwrap();
    }
    e.write_all(b"<text>A</text></revision></page></mediawiki>").unwrap();
    e.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);
    std::fs::write(d.join("good.txt"), b"Some 300 villagers were deported.").unwrap();
    std::fs::write(d.join("nul.txt"), b"About 5 people\0 were killed.").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    let db = d.join("ledger.db");
    let out = corroborate(&["ingest", "--db", db.to_str().unwrap(), d.to_str().unwrap()]);
    no_crash(&out);
    assert_eq!(out.status.code(), Some(1), "failures give a non-zero exit");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("compression bomb"), "{err}");
    assert!(err.contains("looks binary"), "{err}");
    assert!(err.contains("empty"), "{err}");
    let mut store = corroborate_store::open(db.to_str().unwrap()).unwrap();
    let c = store.counts().unwrap();
    assert!(c.documents >= 1 && c.claims >= 1, "the good file still ingests: {c:?}");
    assert!(store.check().unwrap().problems.is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_directories_do_not_hang() {
    let d = temp_dir("hostile-links");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::os::unix::fs::symlink(&d, d.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(d.join("sub/self"), d.join("sub/self")).unwrap();
    std::fs::write(d.join("sub/ok.txt"), b"Nearly 900 civilians died.").unwrap();
    let out = corroborate(&["extract", "--format", "jsonl", d.to_str().unwrap()]);
    no_crash(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nearly 900"));
    let out = corroborate(&["extract", d.join("sub/self").to_str().unwrap()]);
    no_crash(&out);
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn a_file_that_changes_while_it_is_read() {
    use sha2::{Digest, Sha256};
    let dir = temp_dir("changing");
    std::fs::copy(examples().join("000_57338518f3dc0b18.txt"), dir.join("steady.txt")).unwrap();
    let moving = dir.join("moving.txt");
    std::fs::write(&moving, "At first 10 people were killed.\n").unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (moving, stop) = (moving.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // Rewrite, truncate and append, as an editor or a sync tool might.
                let mut f = std::fs::File::create(&moving).unwrap();
                for k in 0..200 {
                    writeln!(f, "In village {k} of round {i}, {} people were killed in 1944.", 100 + k + i).unwrap();
                }
                drop(f);
                let mut f = std::fs::OpenOptions::new().append(true).open(&moving).unwrap();
                writeln!(f, "Later {} more died.", i).unwrap();
                i += 1;
            }
        })
    };
    let db = dir.join("ledger.db");
    for _ in 0..8 {
        let out = corroborate(&[
            "ingest",
            "--db",
            db.to_str().unwrap(),
            dir.join("steady.txt").to_str().unwrap(),
            moving.to_str().unwrap(),
        ]);
        no_crash(&out);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    // Whatever was caught mid-change was stored whole: its hash is its
    // bytes' hash, and every claim's span slices its quote.
    let mut store = corroborate_store::open(db.to_str().unwrap()).unwrap();
    assert!(store.check().unwrap().problems.is_empty());
    let docs = store.documents().unwrap();
    assert!(docs.iter().any(|d| d.name == "steady.txt"));
    for d in docs {
        let (row, bytes) = store.document(&d.hash).unwrap();
        let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, row.hash);
        for c in
            store.claims(&corroborate_store::ClaimFilter { document_id: Some(row.id), ..Default::default() }).unwrap()
        {
            assert_eq!(&bytes[c.fields.start as usize..c.fields.end as usize], c.fields.quote.as_bytes());
        }
    }
}
