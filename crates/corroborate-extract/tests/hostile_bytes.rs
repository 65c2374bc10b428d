//! Invalid UTF-8 in every position of a document: never a panic, and every
//! claim's span still slices its figure out of the original bytes.

use corroborate_doc::{Document, Format, FormatHint};
use corroborate_extract::extract;

#[test]
fn invalid_utf8_in_every_position() {
    let base = b"In 1944, at least 1,219 rapes were reported in Serbia [1]. Some 300 villagers fled.";
    for format in [Format::Text, Format::Wikitext, Format::Html] {
        for i in 0..=base.len() {
            for bad in [&b"\xFF"[..], b"\xC3", b"\xE2\x82", b"\xF0\x9F"] {
                let mut bytes = base[..i].to_vec();
                bytes.extend_from_slice(bad);
                bytes.extend_from_slice(&base[i..]);
                let Ok(doc) = Document::read("x", bytes.clone(), FormatHint::Is(format)) else { continue };
                for c in extract(&doc) {
                    assert!(c.start < c.end && c.end <= bytes.len());
                    let slice = String::from_utf8_lossy(&bytes[c.start..c.end]);
                    let digits: String = c.quote.chars().filter(char::is_ascii_digit).collect();
                    let got: String = slice.chars().filter(char::is_ascii_digit).collect();
                    assert_eq!(got, digits, "{format:?} bad byte at {i}: {slice:?} vs {:?}", c.quote);
                }
            }
        }
    }
}
