//! The HTML reader on real pages (read from `../shared`, never copied):
//!
//! - the 47 news pages of `corpus/real/news-html/`: the words the reader
//!   keeps against the words of Mozilla Readability's expected main content
//!   (lower-cased alphanumeric words, multiset overlap): coverage (share of
//!   the expected words kept) and precision (share of the kept words that
//!   are expected);
//! - the 6 Parsoid pages of `corpus/real/html/`: every clean character maps
//!   to source bytes outside any tag, and no `data-mw` JSON is read.

#[path = "support/shared.rs"]
mod shared;
#[path = "support/tag_ranges.rs"]
mod tag_ranges;

use corroborate_doc::{Document, FormatHint, Span};
use shared::{has_shared, shared};
use std::collections::HashMap;
use std::path::PathBuf;
use tag_ranges::tag_ranges;

fn real(dir: &str) -> PathBuf {
    shared().join("corpus/real").join(dir)
}

/// Lower-cased alphanumeric words; in scripts written without spaces
/// (Han, kana, Hangul, Thai) each character is a word, so that a reader's
/// spacing between inline elements does not change the count.
fn words(text: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    let mut add = |w: &str| *m.entry(w.to_lowercase()).or_insert(0) += 1;
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut rest = String::new();
        for c in w.chars() {
            if unspaced(c) {
                if !rest.is_empty() {
                    add(&rest);
                    rest.clear();
                }
                add(c.encode_utf8(&mut [0; 4]));
            } else {
                rest.push(c);
            }
        }
        if !rest.is_empty() {
            add(&rest);
        }
    }
    m
}

fn unspaced(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0E7F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
}

fn total(m: &HashMap<String, usize>) -> usize {
    m.values().sum()
}

fn overlap(a: &HashMap<String, usize>, b: &HashMap<String, usize>) -> usize {
    a.iter().map(|(w, &n)| n.min(b.get(w).copied().unwrap_or(0))).sum()
}

/// The text of an expected.html (Readability's serialised output: plain
/// markup, no scripts or styles), by an independent tag strip.
fn expected_text(html: &str) -> String {
    strip_tags(html)
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#160;", " ")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn news_pages_keep_the_main_content() {
    if !has_shared() {
        return;
    }
    let dir = real("news-html");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("news-html is readable")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".source.html").map(String::from))
        .collect();
    names.sort();
    assert_eq!(names.len(), 47, "47 news pages");
    let mut coverages = Vec::new();
    let mut precisions = Vec::new();
    let (mut kept_in, mut kept_all) = (0, 0);
    println!("{:<40} {:>8} {:>8} {:>9} {:>9}", "page", "expected", "kept", "coverage", "precision");
    for name in &names {
        let source = std::fs::read(dir.join(format!("{name}.source.html"))).expect("source reads");
        let expected = std::fs::read_to_string(dir.join(format!("{name}.expected.html"))).expect("expected reads");
        let doc =
            Document::read(name, source, FormatHint::Is(corroborate_doc::Format::Html)).expect("source reads as HTML");
        let want = words(&expected_text(&expected));
        let got = words(&doc.text);
        let common = overlap(&want, &got);
        let coverage = common as f64 / total(&want).max(1) as f64;
        let precision = common as f64 / total(&got).max(1) as f64;
        println!("{:<40} {:>8} {:>8} {:>9.3} {:>9.3}", name, total(&want), total(&got), coverage, precision);
        coverages.push(coverage);
        precisions.push(precision);
        kept_in += common;
        kept_all += total(&got);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let min_cov = coverages.iter().copied().fold(f64::INFINITY, f64::min);
    let med_cov = median(&mut coverages);
    let med_prec = median(&mut precisions);
    let overall_prec = kept_in as f64 / kept_all.max(1) as f64;
    println!(
        "coverage: median {med_cov:.3}, min {min_cov:.3}; precision: median {med_prec:.3}, overall {overall_prec:.3}"
    );
    assert!(med_cov >= 0.95, "median coverage {med_cov:.3} < 0.95");
    assert!(min_cov >= 0.80, "min coverage {min_cov:.3} < 0.80");
    assert!(overall_prec >= 0.80, "precision {overall_prec:.3} < 0.80");
}

#[test]
fn parsoid_pages_never_read_attributes() {
    if !has_shared() {
        return;
    }
    let dir = real("html");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("html is readable") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        n += 1;
        let bytes = std::fs::read(&path).expect("page reads");
        let name = path.file_name().and_then(|f| f.to_str()).unwrap_or("page").to_string();
        let doc = Document::read(&name, bytes, FormatHint::Auto).expect("page reads");
        assert!(doc.text.len() > 200, "{name}: text kept");
        let tags = tag_ranges(&doc.bytes);
        let inside = |o: usize| {
            let k = tags.partition_point(|&(s, _)| s <= o);
            k > 0 && o < tags[k - 1].1
        };
        let mut bad = 0;
        for (i, ch) in doc.text.char_indices() {
            if ch.is_whitespace() {
                continue;
            }
            let o = doc.orig_span(Span::new(i, i + ch.len_utf8()));
            if o.is_empty() {
                continue;
            }
            if inside(o.start) || inside(o.end - 1) {
                bad += 1;
                if bad < 5 {
                    eprintln!("{name}: clean byte {i} {ch:?} maps into a tag at {}..{}", o.start, o.end);
                }
            }
        }
        assert_eq!(bad, 0, "{name}: characters read from inside tags");
        for needle in ["\"parts\":", "\"template\":", "\"wt\":", "{\"name\":", "\"target\":"] {
            assert!(!doc.text.contains(needle), "{name}: data-mw JSON {needle} in the text");
        }
        // Wikipedia pages: infobox rows as fields, markers as citations.
        if name.contains("Infobox") || name == "United_States.html" {
            assert!(!doc.fields.is_empty(), "{name}: infobox fields");
        }
    }
    assert_eq!(n, 6, "6 Parsoid pages");
}

/// Prints the clean text of one news page (`HTML_PAGE=name`), for looking
/// at what the reader keeps: `cargo test --test real_html dump -- --ignored --nocapture`.
#[test]
#[ignore]
fn dump() {
    if !has_shared() {
        return;
    }
    let Ok(name) = std::env::var("HTML_PAGE") else { return };
    let path = real("news-html").join(format!("{name}.source.html"));
    let path = if path.exists() { path } else { real("html").join(&name) };
    let doc = Document::read(&name, std::fs::read(path).expect("page reads"), FormatHint::Auto).expect("reads");
    println!("{}", doc.text);
    if let Ok(exp) = std::fs::read_to_string(real("news-html").join(format!("{name}.expected.html"))) {
        println!("=== expected ===\n{}", expected_text(&exp));
    }
}
