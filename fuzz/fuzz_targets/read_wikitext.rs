//! Any bytes read as wikitext: never a panic; the offset map stays monotonic and
//! inside the original bytes; every claim's span lies inside them too.
#![no_main]
use corroborate_doc::{Document, Format, FormatHint, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::read("fuzz", data.to_vec(), FormatHint::Is(Format::Wikitext)) else { return };
    let mut last = 0;
    for c in (0..=doc.text.len()).step_by(7) {
        let o = doc.map.map_start(c);
        assert!(o >= last && o <= data.len());
        last = o;
    }
    for s in &doc.sentences {
        let o = doc.orig_span(s.span);
        assert!(o.start <= o.end && o.end <= data.len());
    }
    for c in corroborate_extract::extract(&doc) {
        assert!(c.start <= c.end && c.end <= data.len());
        let _ = doc.orig_span(Span::new(c.clean.start, c.clean.end));
    }
});
