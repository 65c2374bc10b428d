//! The suite without `../shared`: a test that needs the shared data fails
//! at its start with one message naming what is missing and how to get it,
//! or, under `CORROBORATE_SKIP_SHARED=1`, is skipped with a notice. This
//! test runs its own binary again (one test of it) with the shared folder
//! pointed elsewhere, so no environment is changed under other tests.

mod common;
use common::*;
use std::process::Command;

/// A test that needs the shared data, as every such test starts.
#[test]
fn needs_the_seeds() {
    if !has_shared() {
        return;
    }
    assert!(seeds().join("000_57338518f3dc0b18.txt").is_file());
}

/// Runs `needs_the_seeds` alone in a child with the shared folder missing.
fn without_shared(skip: bool) -> (bool, String) {
    let missing = temp_dir("no-shared").join("shared");
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "needs_the_seeds", "--nocapture", "--test-threads", "1"])
        .env("CORROBORATE_SHARED", &missing)
        .env_remove("CI")
        .env_remove("CORROBORATE_SKIP_SHARED");
    if skip {
        cmd.env("CORROBORATE_SKIP_SHARED", "1");
    }
    let out = cmd.output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn missing_shared_data_fails_with_one_message_or_is_skipped_when_asked() {
    let (ok, out) = without_shared(false);
    assert!(!ok, "{out}");
    assert!(out.contains("the shared test data is missing"), "{out}");
    assert!(out.contains("CORROBORATE_SHARED=") && out.contains("CORROBORATE_SKIP_SHARED=1"), "{out}");
    assert!(out.contains("gold/seeds.jsonl"), "names what is missing: {out}");
    let (ok, out) = without_shared(true);
    assert!(ok, "{out}");
    assert!(out.contains("needs_the_seeds SKIPPED"), "{out}");
}
