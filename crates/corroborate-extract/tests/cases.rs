//! Table-driven tests from `tests/cases/`:
//!
//! - `quantities.jsonl`: sentences with every count claim they hold (quote,
//!   interval, unit, qualifier); half or more written for this suite about
//!   wars and disasters that are not in the seeds. Every case must pass.
//! - `context.jsonl`: short passages (with an optional section heading) on
//!   other wars and disasters, with the full context of each claim. The
//!   suite reports per-field accuracy; it is the check that the context
//!   rules generalise beyond the development gold.

use corroborate_doc::{Document, Format, FormatHint};
use corroborate_extract::{extract, Claim};
use serde_json::Value;

fn cases(name: &str) -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("case is JSON")).collect()
}

fn run(text: &str) -> Vec<Claim> {
    let doc = Document::read("case.txt", text.as_bytes().to_vec(), FormatHint::Is(Format::Text)).expect("reads");
    extract(&doc)
}

fn num_eq(a: Option<f64>, b: &Value) -> bool {
    match (a, b.as_f64()) {
        (None, None) => b.is_null(),
        (Some(x), Some(y)) => (x - y).abs() <= 0.005 * x.abs().max(y.abs()),
        _ => false,
    }
}

type Paired<'a> = (Vec<(&'a Value, &'a Claim)>, Vec<&'a Value>, Vec<&'a Claim>);

/// Pairs expected claims with extracted ones by overlapping byte spans.
fn pair<'a>(text: &str, want: &'a [Value], got: &'a [Claim]) -> Paired<'a> {
    let mut pairs = Vec::new();
    let mut missed = Vec::new();
    let mut used = vec![false; got.len()];
    for w in want {
        let q = w["quote"].as_str().unwrap_or("");
        let Some(s) = text.find(q) else {
            missed.push(w);
            continue;
        };
        let e = s + q.len();
        match got.iter().enumerate().find(|(i, c)| !used[*i] && c.start < e && s < c.end) {
            Some((i, c)) => {
                used[i] = true;
                pairs.push((w, c));
            }
            None => missed.push(w),
        }
    }
    let extra = got.iter().enumerate().filter(|(i, _)| !used[*i]).map(|(_, c)| c).collect();
    (pairs, missed, extra)
}

#[test]
fn quantity_grammar_cases() {
    let all = cases("quantities.jsonl");
    let new = all.iter().filter(|c| c["origin"] == "new").count();
    assert!(all.len() >= 80 && new * 2 >= all.len(), "{} cases, {new} new", all.len());
    let mut failures = Vec::new();
    for case in &all {
        let text = case["text"].as_str().unwrap();
        let want = case["claims"].as_array().cloned().unwrap_or_default();
        let got = run(text);
        let (pairs, missed, extra) = pair(text, &want, &got);
        for w in missed {
            failures.push(format!("MISS {} in {text:?}", w["quote"]));
        }
        for c in extra {
            failures.push(format!("EXTRA {:?} in {text:?}", c.quote));
        }
        for (w, c) in pairs {
            let unit = serde_json::to_value(c.unit).unwrap();
            let qual = serde_json::to_value(c.qualifier).unwrap();
            if !num_eq(c.low, &w["low"]) || !num_eq(c.high, &w["high"]) || unit != w["unit"] || qual != w["qualifier"] {
                failures.push(format!(
                    "VALUE {:?}: got {:?}-{:?} {unit} {qual}, want {}-{} {} {} in {text:?}",
                    c.quote, c.low, c.high, w["low"], w["high"], w["unit"], w["qualifier"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures in {} cases:\n{}", failures.len(), all.len(), failures.join("\n"));
}

#[test]
fn context_cases_generalise() {
    let all = cases("context.jsonl");
    assert!(all.len() >= 40, "{} context cases", all.len());
    let fields = ["act", "place", "years", "stance"];
    let mut right = [0usize; 4];
    let mut total = 0usize;
    let mut wrong = Vec::new();
    let (mut detected, mut expected) = (0, 0);
    for case in &all {
        let body = case["text"].as_str().unwrap();
        let text = match case["heading"].as_str() {
            Some(h) => format!("{h}\n\n{body}\n"),
            None => format!("{body}\n"),
        };
        let want = case["claims"].as_array().cloned().unwrap_or_default();
        expected += want.len();
        let got = run(&text);
        let (pairs, _, _) = pair(&text, &want, &got);
        detected += pairs.len();
        for (w, c) in pairs {
            total += 1;
            let got_years = format!("{:?}-{:?}", c.year_start, c.year_end);
            let want_years = format!("{:?}-{:?}", w["year_start"].as_i64(), w["year_end"].as_i64());
            let stance = serde_json::to_value(c.stance).unwrap();
            let checks = [
                (Value::from(c.act) == w["act"], format!("{:?}", c.act), w["act"].to_string()),
                (
                    c.place.as_deref().map(str::to_lowercase) == w["place"].as_str().map(str::to_lowercase),
                    format!("{:?}", c.place),
                    w["place"].to_string(),
                ),
                (got_years == want_years, got_years.clone(), want_years.clone()),
                (stance == w["stance"], stance.to_string(), w["stance"].to_string()),
            ];
            for (k, (good, g, e)) in checks.into_iter().enumerate() {
                if good {
                    right[k] += 1;
                } else {
                    wrong.push(format!("{} {:?}: got {g}, want {e}", fields[k], c.quote));
                }
            }
        }
    }
    let acc: Vec<f64> = right.iter().map(|&r| r as f64 / total.max(1) as f64).collect();
    eprintln!(
        "context cases: detected {detected}/{expected}; act {:.3} place {:.3} years {:.3} stance {:.3}",
        acc[0], acc[1], acc[2], acc[3]
    );
    for w in &wrong {
        eprintln!("  {w}");
    }
    // Floors near today's figures: the check that the rules are English
    // rules, not the development gold's.
    assert!(detected * 10 >= expected * 9, "detected {detected} of {expected}");
    for (k, floor) in [(0, 0.80), (1, 0.80), (2, 0.85), (3, 0.85)] {
        assert!(acc[k] >= floor, "{} accuracy {:.3} < {floor}", fields[k], acc[k]);
    }
}

/// A source named in one clause speaks for that clause's figures only:
/// "2,000 …, while the ministry maintains that 9,000 …" gives the second
/// figure a source and leaves the first without one (issue 15: two voices
/// in one sentence are alternatives, not a list).
#[test]
fn a_source_speaks_for_its_own_clause() {
    let cases = [
        (
            "Early counts recorded only 2,000 deaths, while the ministry of Ruritania maintains that about 9,000 people were killed.\n",
            [("2,000", None), ("about 9,000", Some("the ministry of Ruritania"))],
        ),
        (
            "Local officials put the toll at 400 dead; the Red Crescent of Ruritania reported that 1,100 people died.\n",
            [("400", None), ("1,100", Some("the Red Crescent of Ruritania"))],
        ),
    ];
    for (text, want) in cases {
        let got = run(text);
        for (quote, source) in want {
            let c = got.iter().find(|c| c.quote == quote).unwrap_or_else(|| panic!("{quote} not found in {text:?}"));
            assert_eq!(c.source.as_deref(), source, "{quote} in {text:?}");
        }
    }
}
