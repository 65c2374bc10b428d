//! A dump's character encoding, so that the XML parser always reads UTF-8.
//!
//! MediaWiki writes UTF-8, but a dump may have been re-saved as UTF-16
//! (valid XML: XML 1.0 §4.3.3 requires every parser to read both). The
//! encoding is told by the first bytes (XML 1.0 Appendix F): a byte-order
//! mark `FF FE` / `FE FF`, or, without one, the zero bytes of an ASCII
//! character (`<`, space, line end) encoded as UTF-16 (`3C 00` little
//! endian, `00 3C` big endian): UTF-8 XML never holds a NUL byte, so two
//! zeros in the first four bytes cannot be UTF-8. UTF-16 input is transcoded
//! to UTF-8 as it streams. Revision offsets are into each revision's text,
//! which is UTF-8 whatever the dump's encoding, so transcoding the dump
//! moves no claim's bytes.

use encoding_rs::{Decoder, DecoderResult, Encoding, UTF_16BE, UTF_16LE};
use std::io::{self, BufRead, Chain, Cursor, Read};

/// The UTF-16 encoding the first bytes announce, or `None` for UTF-8.
pub(crate) fn sniff(head: &[u8]) -> Option<&'static Encoding> {
    match head {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some(UTF_16LE),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some(UTF_16BE),
        _ => None,
    }
}

/// The first bytes of a file as text, whatever its encoding (for sniffing
/// what kind of file it is; an incomplete last character is dropped).
pub(crate) fn head_text(head: &[u8]) -> String {
    match sniff(head) {
        Some(enc) => enc
            .decode_without_bom_handling(head)
            .0
            .trim_start_matches('\u{FEFF}')
            .trim_end_matches('\u{FFFD}')
            .to_string(),
        None => String::from_utf8_lossy(head).into_owned(),
    }
}

/// The bytes read to sniff, then the rest of the input.
type Rest<R> = Chain<Cursor<Vec<u8>>, R>;

/// A dump's bytes as UTF-8.
pub(crate) enum Input<R: BufRead> {
    /// UTF-8 already: passed through.
    Utf8(Rest<R>),
    /// UTF-16, transcoded.
    Utf16(Transcoder<Rest<R>>),
}

impl<R: BufRead> Input<R> {
    /// Reads the first bytes of `input` to tell its encoding.
    pub(crate) fn new(mut input: R) -> io::Result<Input<R>> {
        let mut head = Vec::with_capacity(4);
        while head.len() < 4 {
            let mut byte = [0u8; 4];
            let want = 4 - head.len();
            match input.read(&mut byte[..want]) {
                Ok(0) => break,
                Ok(n) => head.extend_from_slice(&byte[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let encoding = sniff(&head);
        let rest = Cursor::new(head).chain(input);
        Ok(match encoding {
            Some(enc) => Input::Utf16(Transcoder::new(rest, enc)),
            None => Input::Utf8(rest),
        })
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Utf8(r) => r.read(buf),
            Input::Utf16(r) => r.read(buf),
        }
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Input::Utf8(r) => r.fill_buf(),
            Input::Utf16(r) => r.fill_buf(),
        }
    }

    fn consume(&mut self, n: usize) {
        match self {
            Input::Utf8(r) => r.consume(n),
            Input::Utf16(r) => r.consume(n),
        }
    }
}

/// Bytes decoded at once.
const CHUNK: usize = 64 * 1024;

/// A streaming transcoder to UTF-8 that refuses malformed input.
///
/// Hand-written over `encoding_rs` rather than taken from `encoding_rs_io`
/// because that crate replaces malformed sequences (an unpaired surrogate,
/// an odd last byte) with U+FFFD silently: the revision's text would then
/// differ from what MediaWiki stored with no word said. Here they are an
/// error naming the byte.
pub(crate) struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    input: Box<[u8]>,
    in_start: usize,
    in_end: usize,
    /// Input bytes decoded so far (for error messages).
    decoded: u64,
    eof: bool,
    finished: bool,
    output: Box<[u8]>,
    out_start: usize,
    out_end: usize,
}

impl<R: Read> Transcoder<R> {
    pub(crate) fn new(inner: R, encoding: &'static Encoding) -> Self {
        Transcoder {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            input: vec![0; CHUNK].into_boxed_slice(),
            in_start: 0,
            in_end: 0,
            decoded: 0,
            eof: false,
            finished: false,
            // Room for every character `CHUNK` input bytes can make.
            output: vec![0; CHUNK * 3 / 2 + 16].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
        }
    }
}

impl<R: Read> BufRead for Transcoder<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.out_start == self.out_end && !self.finished {
            if self.in_start == self.in_end && !self.eof {
                self.in_start = 0;
                self.in_end = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                self.eof = self.in_end == 0;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.decoded += read as u64;
            self.out_start = 0;
            self.out_end = written;
            match result {
                DecoderResult::Malformed(bad, after) => {
                    let at = self.decoded - u64::from(bad) - u64::from(after);
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("malformed {} at byte {at} of the dump", self.decoder.encoding().name()),
                    ));
                }
                DecoderResult::InputEmpty => self.finished = self.eof,
                DecoderResult::OutputFull => {}
            }
        }
        Ok(&self.output[self.out_start..self.out_end])
    }

    fn consume(&mut self, n: usize) {
        self.out_start = (self.out_start + n).min(self.out_end);
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte at a time: every character and
    /// every UTF-16 code unit is split across reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.is_empty()) {
                (Some((b, rest)), false) => {
                    buf[0] = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for u in bom.then_some(0xFEFF).into_iter().chain(s.encode_utf16()) {
            out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    fn read_all(bytes: &[u8]) -> io::Result<String> {
        let mut s = String::new();
        Input::new(io::BufReader::with_capacity(1, Trickle(bytes)))?.read_to_string(&mut s)?;
        Ok(s)
    }

    const TEXT: &str = "<mediawiki>Беседа 😀 at least 30\r\n</mediawiki>";

    #[test]
    fn utf16_is_read_with_or_without_a_byte_order_mark_in_either_byte_order() {
        for be in [false, true] {
            for bom in [false, true] {
                assert_eq!(read_all(&utf16(TEXT, be, bom)).unwrap(), TEXT, "big endian {be}, BOM {bom}");
            }
        }
        assert_eq!(
            read_all(&utf16("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", false, false)).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"
        );
    }

    #[test]
    fn utf8_passes_through_untouched() {
        assert_eq!(read_all(TEXT.as_bytes()).unwrap(), TEXT);
        assert_eq!(read_all(b"<a").unwrap(), "<a");
        assert_eq!(read_all(b"").unwrap(), "");
    }

    #[test]
    fn malformed_utf16_is_an_error_not_a_replacement_character() {
        let mut lone = utf16("<a>x", false, true);
        lone.extend_from_slice(&0xD800u16.to_le_bytes());
        lone.extend_from_slice(&utf16("y</a>", false, false));
        let e = read_all(&lone).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("malformed UTF-16LE at byte 10"), "{e}");
        let mut odd = utf16("<a/>", true, true);
        odd.push(0x41);
        assert!(read_all(&odd).is_err());
    }

    #[test]
    fn the_head_reads_as_text_whatever_the_encoding() {
        assert!(head_text(&utf16("<mediawiki xmlns", false, true)[..25]).starts_with("<mediawiki"));
        assert!(head_text(b"<mediawiki xmlns").starts_with("<mediawiki"));
    }
}
