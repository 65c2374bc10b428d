//! `corroborate extract --explain`: every figure gets a verdict, and the
//! claims it explains are exactly the claims `extract` prints.

mod common;
use common::{corroborate, corroborate_with_input, seeds};

#[test]
fn explained_claims_are_the_extracted_claims() {
    let seeds = seeds();
    let plain = corroborate(&["extract", "--format", "jsonl", seeds.to_str().unwrap()]);
    assert!(plain.status.success(), "{}", String::from_utf8_lossy(&plain.stderr));
    let explained = corroborate(&["extract", "--explain", "--format", "jsonl", seeds.to_str().unwrap()]);
    assert!(explained.status.success(), "{}", String::from_utf8_lossy(&explained.stderr));
    let mut claims = Vec::new();
    let mut excluded = 0;
    for line in String::from_utf8(explained.stdout).unwrap().lines() {
        let f: serde_json::Value = serde_json::from_str(line).expect("a figure is JSON");
        assert!(f["start"].as_u64() < f["end"].as_u64(), "{f}");
        match f["verdict"].as_str() {
            Some("claim") => {
                assert!(f["trace"].as_array().is_some_and(|t| !t.is_empty()), "a claim has a trace: {f}");
                claims.push(f["claim"].clone());
            }
            Some("excluded") => {
                excluded += 1;
                assert!(f["rule"].as_str().is_some_and(|r| !r.is_empty()), "{f}");
                assert!(f["why"].as_str().is_some_and(|r| !r.is_empty()), "{f}");
            }
            Some("not_a_figure") => {}
            v => panic!("unknown verdict {v:?}: {f}"),
        }
    }
    let want: Vec<serde_json::Value> =
        String::from_utf8(plain.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(claims.len(), want.len(), "as many claims explained as extracted");
    for (got, want) in claims.iter().zip(&want) {
        assert_eq!(got, want, "the explained claims are extract's, in its order");
    }
    assert!(excluded > 100, "the seeds' years, ages and durations are explained: {excluded}");
}

#[test]
fn text_names_the_rule_and_the_trace() {
    let text = "In 1952 the flood drove about 3,400 villagers from Kerrow. The ferry ran every 2 hours.\n";
    let out = corroborate_with_input(&["extract", "--explain", "-"], text);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = String::from_utf8(out.stdout).unwrap();
    let at = text.find("about 3,400").unwrap();
    assert!(s.contains(&format!("\"about 3,400\" [{at}..{}] CLAIM 3400..3400 Approx", at + 11)), "{s}");
    assert!(s.contains("years: the time expression nearest the figure in its sentence"), "{s}");
    assert!(s.contains("stance: the words of the figure's sentence"), "{s}");
    assert!(s.contains("\"1952\" [3..7] excluded by year_after_in:"), "{s}");
    assert!(s.contains("\"2\" [") && s.contains("excluded by"), "{s}");
}

#[test]
fn explain_has_no_csv_form() {
    let out = corroborate_with_input(&["extract", "--explain", "--format", "csv", "-"], "Some 300 died.\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no CSV form"));
}
