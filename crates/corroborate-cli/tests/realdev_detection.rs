//! On every page of realdev, `extract` reports no coordinate, no ship or
//! unit specification, no flag label's years and no citation number as a
//! claim (issue 14). Each class is recognised by the quote's shape and the
//! bytes around it, never by a page's words.

mod common;

use common::{corroborate, has_shared, shared};
use serde_json::Value;

/// The line of `text` around byte range `s..e`: (before on the line, after on the line).
fn line_around(text: &str, s: usize, e: usize) -> (&str, &str) {
    let start = text[..s].rfind('\n').map_or(0, |k| k + 1);
    let end = text[e..].find('\n').map_or(text.len(), |k| e + k);
    (&text[start..s], &text[e..end])
}

/// Labels of specification fields in infoboxes and data boxes.
const SPEC_LABELS: &[&str] = &[
    "Tonnage",
    "Displacement",
    "Length",
    "Beam",
    "Height",
    "Draught",
    "Draft",
    "Decks",
    "Installed power",
    "Propulsion",
    "Speed",
    "Range",
    "Capacity",
    "Cost",
    "Yard number",
    "Size",
    "Armament",
    "Complement",
];

/// Why the claim at `s..e` of `text` is of a forbidden class, if it is.
fn forbidden(text: &str, s: usize, e: usize, quote: &str) -> Option<&'static str> {
    let (before, after) = line_around(text, s, e);
    // Coordinates: degree marks around the figure, or decimal degrees.
    if after.starts_with(['°', '′', '″']) || before.ends_with(['°', '′', '″']) {
        return Some("coordinate");
    }
    let decimals = quote.rsplit_once('.').map_or(0, |(_, d)| d.chars().take_while(char::is_ascii_digit).count());
    if decimals >= 3 && !quote.contains(',') && !quote.contains(' ') {
        return Some("coordinate");
    }
    // Specifications: a specification label opens the line, or the line
    // lists items with multiplication signs.
    let head = before.trim_start_matches(['-', '*', '•', ' ', '\t']);
    if SPEC_LABELS.iter().any(|l| head.starts_with(&format!("{l}:"))) || before.contains('×') || after.contains('×') {
        return Some("specification");
    }
    // A flag label's years: "(1861–1946)" right after a name.
    let years = quote.split(['–', '-']).collect::<Vec<_>>();
    if years.len() == 2
        && years.iter().all(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
        && before.ends_with('(')
        && after.starts_with(')')
    {
        return Some("flag label years");
    }
    // Citation numbers: "[12]", "[lower-alpha 1]".
    if after.starts_with(']') && before.rfind('[').is_some_and(|k| !before[k..].contains(' ') || before[k..].len() < 16)
    {
        return Some("citation number");
    }
    None
}

#[test]
fn realdev_has_no_coordinates_specifications_flag_years_or_citations() {
    if !has_shared() {
        return;
    }
    let dir = shared().join("corpus/realdev");
    let out = corroborate(&["extract", "--format", "jsonl", dir.to_str().unwrap()]);
    assert!(out.status.success(), "extract failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut bad = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let c: Value = serde_json::from_str(line).expect("claim is JSON");
        let doc = c["doc"].as_str().expect("doc");
        let text = std::fs::read_to_string(dir.join(doc)).expect("realdev page is UTF-8 text");
        let (s, e) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        if let Some(why) = forbidden(&text, s, e, c["quote"].as_str().unwrap_or("")) {
            bad.push(format!("{doc}@{s}: {:?} ({why})", c["quote"]));
        }
    }
    assert!(bad.is_empty(), "claims of forbidden classes on realdev:\n{}", bad.join("\n"));
}

#[test]
fn the_shape_checks_recognise_each_class() {
    let t = "Location 48°51′24″N\nDecks: 6\n*4 × 40 mm guns *300 crew\nKingdom of Ruritania (1801–1899) 400 killed\nkilled.[note 4]\n";
    let at = |q: &str| t.find(q).unwrap();
    let check = |q: &str, from: usize| forbidden(t, at(q) + from, at(q) + from + q.len() - from, &q[from..]);
    assert_eq!(check("51", 0), Some("coordinate"));
    assert_eq!(check("Decks: 6", 7), Some("specification"));
    assert_eq!(check("300", 0), Some("specification"));
    assert_eq!(check("1801–1899", 0), Some("flag label years"));
    assert_eq!(check("note 4", 5), Some("citation number"));
    assert_eq!(check("400", 0), None);
}
