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

/// XML-escapes text.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The seed's rendered text as wikitext: its heading lines (short, no
/// closing punctuation, between blank lines) become `== … ==` headings.
pub fn as_wikitext(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let blank = |i: Option<&&str>| i.is_none_or(|l| l.trim().is_empty());
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim();
            let heading = !t.is_empty()
                && t.len() < 80
                && !t.ends_with(['.', ',', ';', ':', '"', ']'])
                && t.starts_with(char::is_uppercase)
                && (i == 0 || blank(lines.get(i - 1)))
                && blank(lines.get(i + 1));
            if heading { format!("== {t} ==") } else { l.to_string() }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A pages-meta-history dump with seed 002 as revision 1001 and seed 003
/// (the newer revision of the same article) as 1002, plus a talk page.
pub fn dump_xml() -> String {
    let old = as_wikitext(&std::fs::read_to_string(seeds().join("002_dce3863f02dd146e.txt")).unwrap());
    let new = as_wikitext(&std::fs::read_to_string(seeds().join("003_09a43a90a997e409.txt")).unwrap());
    format!(
        r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
  <siteinfo><sitename>Wikipedia</sitename></siteinfo>
  <page>
    <title>Soviet war crimes</title><ns>0</ns><id>42</id>
    <revision><id>1001</id><timestamp>2015-03-01T10:00:00Z</timestamp><contributor><username>Older</username><id>1</id></contributor><text bytes="{}">{}</text></revision>
    <revision><id>1002</id><parentid>1001</parentid><timestamp>2023-06-01T10:00:00Z</timestamp><contributor><username>Newer</username><id>2</id></contributor><text bytes="{}">{}</text></revision>
  </page>
  <page><title>Talk:Soviet war crimes</title><ns>1</ns><id>43</id><revision><id>7</id><text>At least 5 comments.</text></revision></page>
</mediawiki>
"#,
        old.len(),
        escape(&old),
        new.len(),
        escape(&new)
    )
}

