//! Inputs the fuzz targets found crashing, kept so they never crash again.
//! They are mutated copies of the example corpus (Wikipedia, CC BY-SA 4.0).

use corroborate_doc::{Document, Format, FormatHint, Span};

fn check(name: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    let doc = Document::read(name, bytes, FormatHint::Is(Format::Wikitext)).expect("reads");
    for s in &doc.sentences {
        let o = doc.orig_span(Span::new(s.span.start, s.span.end));
        assert!(o.end <= n);
    }
}

/// The fallback stripper stepped inside a multi-byte "—" in a template.
#[test]
fn wikitext_fallback_multibyte() {
    check("wikitext-fallback-multibyte.wiki");
}

/// parse-wiki-text-2 panics on this page; the reader falls back instead.
#[test]
fn wikitext_parser_panic() {
    check("wikitext-parser-panic.wiki");
}
