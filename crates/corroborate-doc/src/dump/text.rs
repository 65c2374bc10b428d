//! A revision's text read straight from the stream.
//!
//! A history dump is almost all revision text, and wikitext is full of
//! entities (`&lt;ref&gt;`, `&quot;`): quick-xml hands each entity and each
//! run between two of them over as an event of its own, some fourteen
//! million events for one long article's history. So once the reader has
//! read a revision's `<text>` start tag, [`read_runs`] reads the text
//! itself from the stream under the parser, up to the first `<` (in a
//! dump, the end tag), and decodes it as quick-xml's events would have:
//!
//! - a reference (`&` up to the next `;`) is the character it names
//!   ([`super::entity`]), or stays as written when it names none; an `&`
//!   that another `&`, a `<` or the end of the input comes before a `;`
//!   is an error, as it is for quick-xml;
//! - each run between references has its line ends normalised as XML 1.0
//!   §2.11 says (CR LF and a lone CR read as LF), run by run, so a CR
//!   written as `&#13;` stays a character;
//! - runs must be UTF-8.
//!
//! The `<` is left in the stream: the parser goes on from there, with the
//! end tag (or, in a text that holds markup, whatever markup comes, read
//! as before). Text is decoded as it streams, cut only after a line end
//! outside any reference, so memory stays bounded by the limit.

use memchr::{memchr, memchr2, memrchr};
use std::io::{self, BufRead};

/// Decoded text is appended once this much is pending.
const FLUSH: usize = 1 << 20;

/// Why a text could not be read.
#[derive(Debug)]
pub(super) enum TextError {
    /// The stream under the parser failed.
    Io(io::Error),
    /// The text is malformed (a dangling `&`, invalid UTF-8).
    Malformed(&'static str),
    /// The text is longer than the limit.
    TooLarge,
}

/// Reads from `input` up to (not including) the next `<` or the end of
/// the input, appending the decoded text to `out` while it stays within
/// `max` bytes; returns how many bytes of `input` were read. `raw` is
/// scratch space, kept between calls.
pub(super) fn read_runs<R: BufRead>(
    input: &mut R,
    out: &mut String,
    raw: &mut Vec<u8>,
    max: usize,
) -> Result<u64, TextError> {
    raw.clear();
    let mut read = 0u64;
    loop {
        let available = match input.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(TextError::Io(e)),
        };
        if available.is_empty() {
            break;
        }
        let (take, markup) = match memchr(b'<', available) {
            Some(i) => (i, true),
            None => (available.len(), false),
        };
        if markup && raw.is_empty() {
            // The whole text is in the stream's buffer: decoded from there,
            // not copied aside first.
            decode(&available[..take], out)?;
            input.consume(take);
            read += take as u64;
            break;
        }
        raw.extend_from_slice(&available[..take]);
        input.consume(take);
        read += take as u64;
        if markup {
            break;
        }
        if raw.len() >= FLUSH {
            let cut = safe_cut(raw);
            decode(&raw[..cut], out)?;
            raw.drain(..cut);
            if out.len() > max || raw.len() > max.saturating_add(FLUSH) {
                return Err(TextError::TooLarge);
            }
        }
    }
    decode(raw, out)?;
    if out.len() > max {
        return Err(TextError::TooLarge);
    }
    Ok(read)
}

/// Where pending text may be decoded up to: after its last line end that
/// no open reference precedes (0 when there is none).
fn safe_cut(raw: &[u8]) -> usize {
    let Some(line) = memrchr(b'\n', raw) else { return 0 };
    let cut = line + 1;
    match memrchr(b'&', &raw[..cut]) {
        Some(amp) if memchr(b';', &raw[amp..cut]).is_none() => amp,
        _ => cut,
    }
}

/// Appends the text `raw` holds (no markup in it) to `out`.
fn decode(raw: &[u8], out: &mut String) -> Result<(), TextError> {
    let mut pos = 0;
    while let Some(i) = memchr(b'&', &raw[pos..]) {
        run(&raw[pos..pos + i], out)?;
        let name_start = pos + i + 1;
        let end = memchr2(b';', b'&', &raw[name_start..])
            .filter(|&j| raw[name_start + j] == b';')
            .ok_or(TextError::Malformed("an '&' that opens no reference"))?;
        let name = String::from_utf8_lossy(&raw[name_start..name_start + end]);
        match super::entity(&name) {
            Some(c) => out.push(c),
            None => {
                out.push('&');
                out.push_str(&name);
                out.push(';');
            }
        }
        pos = name_start + end + 1;
    }
    run(&raw[pos..], out)
}

/// Appends one run between references, its line ends normalised.
fn run(bytes: &[u8], out: &mut String) -> Result<(), TextError> {
    // simdutf8 validates several times faster than std on long texts (and
    // gives the same answer): every byte of a history goes through here.
    let text = simdutf8::basic::from_utf8(bytes).map_err(|_| TextError::Malformed("a revision's text is not UTF-8"))?;
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(src: &str, capacity: usize) -> (Result<String, String>, usize) {
        let mut input = io::BufReader::with_capacity(capacity, src.as_bytes());
        let mut out = String::new();
        let got = read_runs(&mut input, &mut out, &mut Vec::new(), 1 << 20);
        let rest = input.fill_buf().map_or(0, |b| b.len());
        (got.map(|_| out).map_err(|e| format!("{e:?}")), rest)
    }

    #[test]
    fn references_and_line_ends_decode_as_the_parser_does() {
        for capacity in [1, 2, 3, 7, 64] {
            let (got, rest) = runs("a &amp; b&lt;ref&gt;\r\nc\rd&#13;\n&#x41;&unknown; e</text>", capacity);
            assert_eq!(got.as_deref(), Ok("a & b<ref>\nc\nd\r\nA&unknown; e"), "capacity {capacity}");
            assert!(rest > 0, "the '<' stays in the stream");
        }
    }

    #[test]
    fn a_dangling_ampersand_and_invalid_utf8_are_errors() {
        assert!(runs("a & b</text>", 8).0.is_err());
        assert!(runs("a &amp b &lt;</text>", 8).0.is_err());
        let mut input = io::BufReader::new(&b"a \xff b</text>"[..]);
        assert!(read_runs(&mut input, &mut String::new(), &mut Vec::new(), 100).is_err());
    }

    #[test]
    fn a_cut_falls_after_a_line_end_outside_references() {
        assert_eq!(safe_cut(b"one\ntwo"), 4);
        assert_eq!(safe_cut(b"one &amp\n two\nthree"), 4);
        assert_eq!(safe_cut(b"no line end"), 0);
    }

    #[test]
    fn text_over_the_limit_is_refused() {
        let mut input = io::BufReader::new(&b"0123456789</text>"[..]);
        assert!(matches!(read_runs(&mut input, &mut String::new(), &mut Vec::new(), 5), Err(TextError::TooLarge)));
    }
}
