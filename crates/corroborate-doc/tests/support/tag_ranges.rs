//! A scan of HTML source for the byte ranges inside tags and comments,
//! written apart from the reader (a quote-aware walk over the bytes), so
//! the tests that use it check the reader against something it does not
//! share. Included by `real_html.rs` here and by the CLI's
//! `parsoid_claims.rs` (`#[path]`).

/// Byte ranges of the source that are inside a tag (`<…>`, comments
/// included), found by an independent quote-aware scan.
pub fn tag_ranges(src: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        if src[i] != b'<' {
            i += 1;
            continue;
        }
        let start = i;
        if src[i..].starts_with(b"<!--") {
            let end = find(src, i + 4, b"-->").map_or(src.len(), |e| e + 3);
            out.push((start, end));
            i = end;
            continue;
        }
        let next = src.get(i + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
            i += 1;
            continue;
        }
        let mut quote = None;
        i += 1;
        while i < src.len() {
            let c = src[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' => break,
                None => {}
            }
            i += 1;
        }
        out.push((start, (i + 1).min(src.len())));
        i += 1;
    }
    out
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}
