//! Any text through the time-expression grammar and the place finder:
//! never a panic, spans on character boundaries, years in order.
#![no_main]
use corroborate_extract::context::{place, years};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for y in years::find(&text) {
        assert!(text.is_char_boundary(y.start) && text.is_char_boundary(y.end));
        if let (Some(a), Some(b)) = (y.from, y.to) {
            assert!(a <= b);
        }
    }
    for m in place::mentions(&text) {
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
    }
});
