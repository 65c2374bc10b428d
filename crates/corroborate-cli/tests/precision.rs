//! Detection precision on ordinary pages (issue 13, item 7) and on the
//! rendered pages of realdev (issue 14).
//!
//! `tests/data/judged_ordinary.jsonl` holds claims drawn at random (seed 13,
//! `tools/judged_sample.py`) from what `extract` reported on the articles
//! dump and the 70 wikitext pages of `../shared/corpus/real` before the
//! exclusion rules of `corroborate-extract/src/exclude/rules.rs`, each
//! judged by hand against CLAIMS.md §1. The test re-runs `extract` on the
//! same pages and matches the judged items by document and overlapping
//! byte span:
//!
//! - precision = judged "claim" items still reported / judged items still reported;
//! - retention = judged "claim" items still reported / all judged "claim" items.

mod common;

use common::{corroborate, has_shared, shared};
use serde_json::Value;
use std::collections::HashMap;

/// The judged sample.
fn judged() -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/judged_ordinary.jsonl");
    let text = std::fs::read_to_string(&path).expect("judged sample");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("judged line is JSON"))
        .collect()
}

/// Runs `extract` with `args` and returns its claims.
fn extract(args: &[&str]) -> Vec<Value> {
    let out = corroborate(args);
    assert!(out.status.success(), "extract failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("claim is JSON")).collect()
}

fn span(v: &Value) -> (u64, u64) {
    (v["start"].as_u64().expect("start"), v["end"].as_u64().expect("end"))
}

/// What this measurement reads: (precision, retention, reported judged
/// items, new unjudged claims).
fn measure() -> (f64, f64, usize, usize) {
    let real = shared().join("corpus/real");
    let dump = real.join("dumps/enwiki-articles-sample.xml.bz2");
    let wikitext = real.join("wikitext");
    let mut claims = extract(&["extract", "--format", "jsonl", dump.to_str().unwrap()]);
    claims.extend(extract(&["extract", "--format", "jsonl", "--input-format", "wikitext", wikitext.to_str().unwrap()]));
    let mut by_doc: HashMap<String, Vec<(u64, u64)>> = HashMap::new();
    for c in &claims {
        by_doc.entry(c["doc"].as_str().expect("doc").to_string()).or_default().push(span(c));
    }
    let judged = judged();
    let overlaps =
        |doc: &str, (s, e): (u64, u64)| by_doc.get(doc).is_some_and(|v| v.iter().any(|&(a, b)| a < e && s < b));
    let is_claim = |j: &Value| j["judgment"] == "claim";
    let reported: Vec<&Value> = judged.iter().filter(|j| overlaps(j["doc"].as_str().unwrap(), span(j))).collect();
    let kept_claims = reported.iter().filter(|j| is_claim(j)).count();
    let all_claims = judged.iter().filter(|j| is_claim(j)).count();
    // Claims on the judged documents that no judged item covers were never
    // drawn; count them for the record.
    let mut judged_by_doc: HashMap<&str, Vec<(u64, u64)>> = HashMap::new();
    for j in &judged {
        judged_by_doc.entry(j["doc"].as_str().unwrap()).or_default().push(span(j));
    }
    let unjudged = claims.len()
        - claims
            .iter()
            .filter(|c| {
                judged_by_doc.get(c["doc"].as_str().unwrap()).is_some_and(|v| {
                    v.iter().any(|&(a, b)| {
                        let (s, e) = span(c);
                        a < e && s < b
                    })
                })
            })
            .count();
    let precision = kept_claims as f64 / reported.len().max(1) as f64;
    let retention = kept_claims as f64 / all_claims.max(1) as f64;
    (precision, retention, reported.len(), unjudged)
}

#[test]
fn judged_sample_is_well_formed() {
    let judged = judged();
    assert!(judged.len() >= 240, "at least 240 judged claims, got {}", judged.len());
    for j in &judged {
        assert!(matches!(j["judgment"].as_str(), Some("claim" | "not_claim")), "bad judgment: {j}");
        assert!(j["why"].as_str().is_some_and(|w| !w.is_empty()), "a judgment says why: {j}");
        assert!(
            j["sentence"].as_str().is_some_and(|s| s.chars().count() <= 300),
            "sentence of at most 300 characters: {j}"
        );
        let (s, e) = span(j);
        assert!(s < e, "empty span: {j}");
    }
}

/// Precision on ordinary pages. Issue 13 asks for 0.90 with no true claims
/// dropped; the floors below are what the rules reach today (0.238
/// precision before them, 0.740 after the first table, 0.905 now with
/// retention 0.919 unchanged), so that no change can lower them.
/// The gap is in the report and the README: table cells that hold real
/// counts (seats, percentages of a population written without "%") and
/// counts of things whose noun alone cannot tell them from kinds and parts.
#[test]
fn precision_on_ordinary_pages() {
    if !has_shared() {
        return;
    }
    let (precision, retention, reported, unjudged) = measure();
    eprintln!("judged sample: precision {precision:.3} over {reported} reported judged items, retention {retention:.3}; {unjudged} claims not covered by the sample");
    assert!(precision >= 0.90, "precision on the judged sample fell to {precision:.3}");
    assert!(retention >= 0.91, "retention of judged claims fell to {retention:.3}");
}
