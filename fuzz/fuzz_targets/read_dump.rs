//! Any bytes read as a MediaWiki XML dump: revisions or a clear error,
//! never a panic.
#![no_main]
use corroborate_doc::dump::DumpReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for rev in DumpReader::new(data, None, 1 << 16).take(64) {
        if rev.is_err() {
            break;
        }
    }
});
