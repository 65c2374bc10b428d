//! Where the shared test data is, for every test that reads it (the doc
//! crate's and, through `#[path]`, the CLI's): the seeds, the gold, the
//! scorer and the real corpora of the project's `shared` folder, which is
//! not part of the repository.
//!
//! The folder is `CORROBORATE_SHARED` where that is set, else `shared`
//! beside the repository (`../shared`). A test that needs it starts with
//! `if !has_shared() { return; }`: where the folder is missing the test
//! fails there, with one message naming what is missing and how to get it,
//! rather than deep inside on a missing file; `CORROBORATE_SKIP_SHARED=1`
//! turns that into a skip with a printed notice (never on CI, where a green
//! run must mean every test ran).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// What a shared folder holds whatever else it has: the seeds' gold.
const MARKER: &str = "gold/seeds.jsonl";

/// The shared folder: `CORROBORATE_SHARED`, or `shared` beside the
/// repository.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("CORROBORATE_SHARED") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

/// The one message for a missing shared folder.
fn missing(dir: &Path) -> String {
    format!(
        "the shared test data is missing: {} holds no {MARKER}. The tests that read the seeds, the gold, the scorer or \
         the real corpora need the project's `shared` folder: put it beside the repository (as ../shared) or set \
         CORROBORATE_SHARED=/path/to/shared; or set CORROBORATE_SKIP_SHARED=1 to skip these tests",
        dir.display()
    )
}

/// True where the shared folder is. Where it is missing: false, with a
/// SKIPPED notice on stderr, when `CORROBORATE_SKIP_SHARED=1` asks to skip
/// (and `CI` is not set); otherwise the calling test fails here with
/// [`missing`]'s message.
pub fn has_shared() -> bool {
    let dir = shared_dir();
    if dir.join(MARKER).is_file() {
        return true;
    }
    let skip = std::env::var("CORROBORATE_SKIP_SHARED").is_ok_and(|v| v == "1");
    if !skip || std::env::var_os("CI").is_some() {
        panic!("{}", missing(&dir));
    }
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    eprintln!("{test} SKIPPED: no shared test data at {} (CORROBORATE_SKIP_SHARED=1)", dir.display());
    false
}

/// The shared folder; a missing one fails with [`missing`]'s message.
pub fn shared() -> PathBuf {
    let dir = shared_dir();
    assert!(dir.join(MARKER).is_file(), "{}", missing(&dir));
    dir
}
