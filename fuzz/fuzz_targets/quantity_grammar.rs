//! Any text through the tokenizer, the quantity grammar and the exclusion
//! rules: never a panic, and every quantity covers whole tokens.
#![no_main]
use corroborate_extract::{exclude, quantity, tokens};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let toks = tokens::tokenize(&text, 0);
    for q in quantity::find(&toks) {
        assert!(q.first <= q.core && q.core < q.end && q.end <= toks.len());
        let _ = exclude::reason(&toks, &q, true);
    }
});
