//! The check every reader target runs: any bytes read in `format` never
//! panic; the offset map stays monotonic and inside the original bytes;
//! every sentence and claim maps inside them too.
use corroborate_doc::{Document, Format, FormatHint};

pub fn check(data: &[u8], format: Format) {
    let Ok(doc) = Document::read("fuzz", data.to_vec(), FormatHint::Is(format)) else { return };
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
    }
}
