//! Helpers shared by the CLI's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// `../shared` beside the repository: the seeds, the gold and the scorer.
pub fn shared() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(p.join("gold/seeds.jsonl").exists(), "../shared (seeds, gold, scorer) must sit beside the repository: {}", p.display());
    p
}

/// The seed documents.
pub fn seeds() -> PathBuf {
    shared().join("corpus/seeds")
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
