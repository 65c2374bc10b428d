//! Any bytes read as text (see `reader_check.rs`).
#![no_main]
#[path = "reader_check.rs"]
mod reader_check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reader_check::check(data, corroborate_doc::Format::Text));
