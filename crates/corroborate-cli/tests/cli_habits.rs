//! Habits of a command-line tool people live in: a mistyped ledger is an
//! error, not a new empty file; a closed pipe ends quietly; passwords in
//! URLs never reach a message.

mod common;
use common::*;
use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn reading_a_missing_ledger_is_an_error_and_creates_nothing() {
    let dir = temp_dir("missing-ledger");
    let db = dir.join("nosuch.db");
    for cmd in [&["claims"][..], &["docs"], &["show", "x"], &["check"], &["export", "--format", "csv"], &["revisions"]]
    {
        let mut args = cmd.to_vec();
        args.extend(["--db", db.to_str().unwrap()]);
        let out = corroborate(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("there is no ledger") && err.contains("corroborate ingest"), "{args:?}: {err}");
        assert!(!db.exists(), "{args:?} created {}", db.display());
    }
}

/// Reads one line of a command's output, closes the pipe, and returns the
/// exit code and what it said on stderr.
fn head_one(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    let _ = stdout.read(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    (status.code(), err)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    if !has_shared() {
        return;
    }
    let db = sqlite("pipe");
    let out = corroborate(&["ingest", "--db", &db.url, seeds().to_str().unwrap()]);
    assert!(out.status.success());
    let (old, new) = (seeds().join("002_dce3863f02dd146e.txt"), seeds().join("003_09a43a90a997e409.txt"));
    let (old, new) = (old.to_string_lossy().into_owned(), new.to_string_lossy().into_owned());
    for args in [
        vec!["claims", "--db", &db.url, "--format", "jsonl"],
        vec!["export", "--db", &db.url, "--format", "jsonl"],
        vec!["extract", "--format", "jsonl", seeds().to_str().unwrap()],
        vec!["groups", "--db", &db.url, "--format", "jsonl"],
        vec!["docs", "--db", &db.url],
        vec!["diff", &old, &new],
    ] {
        let (code, err) = head_one(&args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

#[test]
fn passwords_in_ledger_urls_are_never_printed() {
    let out = corroborate(&["docs", "--db", "postgres://ana:s3cret-pw@127.0.0.1:1/nosuch"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("s3cret-pw") && err.contains("ana:***@"), "{err}");
}
