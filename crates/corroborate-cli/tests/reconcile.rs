//! Groups, conflicts, revision diffs and versions on the seeds.

mod common;
use common::*;
use serde_json::Value;

fn jsonl(args: &[&str]) -> Vec<Value> {
    let out = corroborate(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn conflict_recall_on_the_gold() {
    let groups = corroborate(&["groups", "--format", "jsonl", seeds().to_str().unwrap()]);
    assert!(groups.status.success());
    let path = temp_dir("groups").join("groups.jsonl");
    std::fs::write(&path, &groups.stdout).unwrap();
    let conflicts = shared().join("gold/conflicts.jsonl");
    let r = score_seeds(&["--groups", path.to_str().unwrap(), "--conflicts", conflicts.to_str().unwrap()]);
    let recall = r["conflict_recall"].as_f64().unwrap();
    eprintln!("{r}");
    // Pinned at 0.84 until issue 15 (reconciliation across real sources)
    // lands: the gold gained three conflicts (13 now). Issue 15's acceptance
    // replaces this bar.
    assert!(recall >= 0.84, "conflict recall {recall} < 0.84");
}

/// A claim as (document prefix, quote, a piece of its sentence).
type Key = (&'static str, &'static str, &'static str);

/// Conflicts in the seeds that the gold does not list, checked by hand.
const ALLOWED: &[(Key, Key)] = &[
    // Katyn: the older revision says the NKVD massacred "thousands" of
    // Polish officers (CLAIMS.md: 1,000–9,999); the newer one "over 20,000".
    // The revision raised the figure past what "thousands" can mean.
    (("002", "thousands", "Katyn"), ("003", "over 20,000", "Katyn")),
];

/// The gold conflicts as keys, from the gold claims' quotes and contexts.
fn gold_pairs() -> Vec<((String, String, String), (String, String, String))> {
    let gold: Vec<Value> = std::fs::read_to_string(shared().join("gold/seeds.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |id: &str| {
        let g = gold.iter().find(|g| g["id"] == id).unwrap();
        (g["doc"].as_str().unwrap()[..3].to_string(), g["quote"].as_str().unwrap().to_string(), g["context"].as_str().unwrap().to_string())
    };
    std::fs::read_to_string(shared().join("gold/conflicts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|c| (key(c["a"].as_str().unwrap()), key(c["b"].as_str().unwrap())))
        .collect()
}

fn holds(claims: &[Value], doc: &str, quote: &str, piece: &str) -> bool {
    claims.iter().any(|c| {
        c["doc"].as_str().unwrap().starts_with(doc)
            && c["quote"] == quote
            && (c["sentence_text"].as_str().unwrap().contains(piece) || piece.contains(c["sentence_text"].as_str().unwrap()))
    })
}

#[test]
fn flagged_groups_hold_real_conflicts() {
    let groups = jsonl(&["groups", "--conflicts-only", "--format", "jsonl", seeds().to_str().unwrap()]);
    let gold = gold_pairs();
    let mut real = 0;
    let mut unexplained = Vec::new();
    for g in &groups {
        let claims = g["claims"].as_array().unwrap();
        let gold_hit = gold.iter().any(|(a, b)| holds(claims, &a.0, &a.1, &a.2) && holds(claims, &b.0, &b.1, &b.2));
        let allowed = ALLOWED.iter().any(|(a, b)| holds(claims, a.0, a.1, a.2) && holds(claims, b.0, b.1, b.2));
        if gold_hit || allowed {
            real += 1;
        } else {
            unexplained.push(g["explanation"].as_str().unwrap().to_string());
        }
    }
    assert!(!groups.is_empty());
    let precision = real as f64 / groups.len() as f64;
    assert!(precision >= 0.8, "{real} of {} flagged groups hold a real conflict; unexplained: {unexplained:#?}", groups.len());
}

#[test]
fn diff_of_the_two_revisions() {
    let seeds = seeds();
    let changes = jsonl(&[
        "diff",
        "--format",
        "jsonl",
        seeds.join("002_dce3863f02dd146e.txt").to_str().unwrap(),
        seeds.join("003_09a43a90a997e409.txt").to_str().unwrap(),
    ]);
    let changed = |old: &str, new: &str| {
        changes.iter().any(|c| c["kind"] == "changed" && c["old"]["quote"] == old && c["new"]["quote"] == new)
    };
    assert!(changed("around 1000", "between 30 and 166"), "Treuenbrietzen");
    assert!(changed("63.1%", "58.0%") && changed("7.4%", "19.4%"), "Polish deportation shares");
    assert!(changed("at least 125,000", "up to 125,000"), "Berlin qualifier flip");
    assert!(changes.iter().any(|c| c["kind"] == "removed" && c["old"]["quote"] == "at least 88"));
    for c in changes.iter().filter(|c| c["kind"] == "changed") {
        let same = c["old"]["low"] == c["new"]["low"] && c["old"]["high"] == c["new"]["high"] && c["old"]["qualifier"] == c["new"]["qualifier"];
        assert!(!same, "an unchanged figure reported as changed: {c}");
    }
}

#[test]
fn versions_are_found_and_the_essay_stands_alone() {
    let pairs = jsonl(&["versions", "--format", "jsonl", seeds().to_str().unwrap()]);
    let mut found: Vec<(String, String)> =
        pairs.iter().map(|p| (p["a"].as_str().unwrap()[..3].to_string(), p["b"].as_str().unwrap()[..3].to_string())).collect();
    found.sort();
    assert_eq!(found, vec![("000".into(), "001".into()), ("002".into(), "003".into())]);
}

#[test]
fn groups_read_the_ledger_too() {
    let db = temp_dir("groups-db").join("ledger.db");
    let out = corroborate(&["ingest", "--db", db.to_str().unwrap(), seeds().to_str().unwrap()]);
    assert!(out.status.success());
    let groups = jsonl(&["groups", "--db", db.to_str().unwrap(), "--conflicts-only", "--format", "jsonl"]);
    assert!(groups.iter().any(|g| g["kinds"].as_array().unwrap().iter().any(|k| k == "digit_drop")));
}
