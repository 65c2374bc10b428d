//! `corroborate extract` on Wikipedia's Parsoid HTML (`../shared/corpus/real/html`):
//! no claim comes from inside a tag (a `data-mw` template parameter, an
//! attribute value, a comment), and every claim's bytes are its quote.

mod common;
use common::*;

// The doc crate's independent scan of tag and comment ranges.
#[path = "../../corroborate-doc/tests/support/tag_ranges.rs"]
mod tag_ranges;
use tag_ranges::tag_ranges;

#[test]
fn no_claim_on_parsoid_pages_comes_from_an_attribute() {
    if !has_shared() {
        return;
    }
    let dir = shared().join("corpus/real/html");
    let out = corroborate(&["extract", "--format", "jsonl", dir.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut claims = 0;
    let mut pages = std::collections::HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let c: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let doc = c["doc"].as_str().expect("doc").to_string();
        let (bytes, tags) = pages.entry(doc.clone()).or_insert_with(|| {
            let b = std::fs::read(dir.join(&doc)).expect("page reads");
            let t = tag_ranges(&b);
            (b, t)
        });
        let start = c["start"].as_u64().expect("start") as usize;
        let end = c["end"].as_u64().expect("end") as usize;
        for o in [start, end - 1] {
            let k = tags.partition_point(|&(s, _)| s <= o);
            assert!(!(k > 0 && o < tags[k - 1].1), "{doc}: claim {} at {start}..{end} is inside a tag", c["quote"]);
        }
        assert!(std::str::from_utf8(&bytes[start..end]).is_ok(), "{doc}: claim bytes are text");
        claims += 1;
    }
    eprintln!("{claims} claims on {} pages", pages.len());
    assert!(claims > 100, "claims read: {claims}");
}
