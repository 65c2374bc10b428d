//! MediaWiki XML dumps (pages-articles and pages-meta-history), streamed:
//! one [`Revision`] at a time, whatever the dump's size, with its page's
//! title, id and namespace. The caller hands in any `BufRead` (a file, a
//! bzip2, gzip or xz decoder); this module does no I/O of its own.
//!
//! Each revision's text is what MediaWiki stored, byte for byte, as
//! mediawiki-utilities' `mwxml` reads it: its UTF-8 length is the dump's
//! `<text bytes="N">` and its SHA-1 the dump's `<sha1>`. Three things make
//! that so:
//!
//! - the encoding (`encoding`): a UTF-16 dump is transcoded to UTF-8
//!   before the parser sees it;
//! - line ends: XML 1.0 §2.11 reads CR LF and a lone CR as LF, so a dump
//!   re-saved with CR LF line ends holds the same text. A revision's text
//!   is read straight from the stream (`text`: quick-xml would hand it
//!   over in an event per entity) and normalised run by run as quick-xml
//!   normalises its text events; other text and CDATA are taken through
//!   quick-xml's XML 1.0 line-end normalisation, on whole text events,
//!   which the parser gathers across buffer boundaries. Either way a CR LF
//!   split between two reads is still one line end, and a CR written as
//!   `&#13;` is a character, not a line end, and stays;
//! - the namespace (`namespaces`): dumps before export-0.5 have no `<ns>`,
//!   so a page's namespace comes from its title's prefix, matched against
//!   the dump's `<siteinfo><namespaces>` or MediaWiki's canonical names.
//!
//! An empty revision (a blanked page: `<text bytes="0" />`, or whitespace
//! only) is still a revision; [`Revision::is_empty`] tells it.

mod encoding;
mod namespaces;
mod text;

use encoding::Input;
use namespaces::Namespaces;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::BufRead;

/// True when `head`, the first bytes of a file (a few kilobytes), opens a
/// MediaWiki XML dump, in UTF-8 or UTF-16.
pub fn looks_like_dump(head: &[u8]) -> bool {
    encoding::head_text(head).contains("<mediawiki")
}

/// One revision of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The page's id.
    pub page_id: u64,
    /// The page's title.
    pub title: String,
    /// The page's namespace (0 for articles).
    pub ns: i64,
    /// The revision's id.
    pub rev_id: u64,
    /// The revision it was made from.
    pub parent_id: Option<u64>,
    /// When it was saved.
    pub timestamp: String,
    /// Who saved it (user name or IP address).
    pub contributor: Option<String>,
    /// The wikitext.
    pub text: String,
    /// The text's length in UTF-8 bytes as the dump states it
    /// (`<text bytes="N">`), where it does.
    pub bytes: Option<u64>,
    /// The text's SHA-1 as the dump states it (base 36 in current dumps,
    /// hexadecimal in some older ones), where it does.
    pub sha1: Option<String>,
}

impl Revision {
    /// True for a revision with no text: a blanked page, a `<text />`
    /// whose content was removed, or whitespace only. It is a real revision
    /// (it removed every claim of the one before) with nothing to extract.
    pub fn is_empty(&self) -> bool {
        self.text.bytes().all(|b| b.is_ascii_whitespace())
    }
}

/// Why a dump could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// The XML is malformed.
    #[error("malformed XML at byte {position}: {message}")]
    Xml {
        /// Where.
        position: u64,
        /// What the parser said.
        message: String,
    },
    /// The dump could not be read (its encoding, or the stream under it).
    #[error("cannot read the dump: {0}")]
    Io(#[from] std::io::Error),
    /// A revision's text is larger than the limit.
    #[error("revision {rev_id} of page {title:?} is over {limit} bytes")]
    TooLarge {
        /// The revision.
        rev_id: u64,
        /// The page.
        title: String,
        /// The limit.
        limit: usize,
    },
}

/// The most the reader sets aside for a revision's text before it
/// arrives: more than nearly every article's text, and little enough that
/// a dump claiming huge `<text bytes="…">` for every revision costs no
/// memory for the revisions a caller keeps.
const MAX_RESERVE: usize = 4 << 20;

/// Streams the revisions of a dump.
pub struct DumpReader<R: BufRead> {
    reader: Option<Reader<Input<R>>>,
    /// Why the input could not be opened, reported by the first `next`.
    failed: Option<std::io::Error>,
    buf: Vec<u8>,
    path: Vec<Vec<u8>>,
    /// The page's id, title and `<ns>` (absent before export-0.5).
    page: (u64, String, Option<i64>),
    rev: Revision,
    /// The namespaces the dump's `<siteinfo>` names.
    site: Namespaces,
    /// The `<namespace key="…">` being read.
    site_key: Option<i64>,
    site_name: String,
    /// The canonical names, loaded when a page without `<ns>` needs them.
    canonical: Option<Namespaces>,
    namespaces: Option<Vec<i64>>,
    max_text: usize,
    /// The length of the last revision's text.
    last_text: usize,
    /// A revision's `<text>` start tag was just read: its text is read
    /// straight from the stream ([`text`]) before the next event.
    text_next: bool,
    /// Scratch space for that.
    raw: Vec<u8>,
    /// Bytes read that way, which the parser's positions leave out.
    read_aside: u64,
    done: bool,
}

impl<R: BufRead> DumpReader<R> {
    /// A reader over `input`, keeping only pages of `namespaces` (all when
    /// `None`) and refusing revisions over `max_text` bytes.
    pub fn new(input: R, namespaces: Option<Vec<i64>>, max_text: usize) -> Self {
        let (reader, failed) = match Input::new(input) {
            Ok(i) => (Some(Reader::from_reader(i)), None),
            Err(e) => (None, Some(e)),
        };
        DumpReader {
            reader,
            failed,
            buf: Vec::new(),
            path: Vec::new(),
            page: (0, String::new(), None),
            rev: empty_revision(),
            site: Namespaces::default(),
            site_key: None,
            site_name: String::new(),
            canonical: None,
            namespaces,
            max_text,
            last_text: 0,
            text_next: false,
            raw: Vec::new(),
            read_aside: 0,
            done: false,
        }
    }

    fn append(&mut self, s: &str) -> Result<(), DumpError> {
        let n = self.path.len();
        let (parent, here) = match n {
            0 | 1 => return Ok(()),
            _ => (self.path[n - 2].as_slice(), self.path[n - 1].as_slice()),
        };
        match (parent, here) {
            (b"page", b"title") => self.page.1.push_str(s),
            (b"page", b"ns") => self.page.2 = Some(s.trim().parse().unwrap_or(0)),
            (b"namespaces", b"namespace") => self.site_name.push_str(s),
            (b"page", b"id") => self.page.0 = s.trim().parse().unwrap_or(0),
            (b"revision", b"id") => self.rev.rev_id = s.trim().parse().unwrap_or(0),
            (b"revision", b"parentid") => self.rev.parent_id = s.trim().parse().ok(),
            (b"revision", b"timestamp") => self.rev.timestamp.push_str(s),
            (b"revision", b"sha1") => self.rev.sha1.get_or_insert_with(String::new).push_str(s.trim()),
            (b"contributor", b"username") | (b"contributor", b"ip") => {
                self.rev.contributor.get_or_insert_with(String::new).push_str(s)
            }
            (b"revision", b"text") => {
                if self.rev.text.len() + s.len() > self.max_text {
                    return Err(DumpError::TooLarge {
                        rev_id: self.rev.rev_id,
                        title: self.page.1.clone(),
                        limit: self.max_text,
                    });
                }
                self.rev.text.push_str(s)
            }
            _ => {}
        }
        Ok(())
    }

    fn error(&self, e: impl std::fmt::Display) -> DumpError {
        let position = self.reader.as_ref().map_or(0, |r| r.buffer_position()) + self.read_aside;
        DumpError::Xml { position, message: e.to_string() }
    }

    /// Reads the text of the revision whose `<text>` start tag was just
    /// read, straight from the stream, up to the markup after it (see
    /// [`text`]).
    fn read_text(&mut self) -> Result<(), DumpError> {
        let Some(reader) = self.reader.as_mut() else { return Ok(()) };
        let read = text::read_runs(reader.get_mut(), &mut self.rev.text, &mut self.raw, self.max_text);
        match read {
            Ok(n) => {
                self.read_aside += n;
                Ok(())
            }
            Err(text::TextError::Io(e)) => Err(DumpError::Io(e)),
            Err(text::TextError::Malformed(why)) => Err(self.error(why)),
            Err(text::TextError::TooLarge) => {
                Err(DumpError::TooLarge { rev_id: self.rev.rev_id, title: self.page.1.clone(), limit: self.max_text })
            }
        }
    }

    /// Notes what an element's attributes say: a `<namespace key>` of the
    /// site, a `<text bytes>` of a revision.
    fn attributes(&mut self, e: &BytesStart) {
        let parent = self.path.last().map(Vec::as_slice);
        let want: &[u8] = match (parent, e.local_name().as_ref()) {
            (Some(b"namespaces"), b"namespace") => b"key",
            (Some(b"revision"), b"text") => b"bytes",
            _ => return,
        };
        let value = e
            .attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == want)
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok());
        if want == b"key" {
            self.site_key = value;
            self.site_name.clear();
        } else {
            self.rev.bytes = value.and_then(|v: i64| u64::try_from(v).ok());
            // Room for the text at once, not grown run by run: its size as
            // the dump states it, or else a little more than the last
            // revision's (the next revision of a page is about as long);
            // up to the limit, and never more than `MAX_RESERVE`.
            let stated = self.rev.bytes.and_then(|b| usize::try_from(b).ok());
            let room = stated.unwrap_or(self.last_text + self.last_text / 16);
            self.rev.text.reserve(room.min(self.max_text).min(MAX_RESERVE));
        }
    }

    /// The namespace of the current page: its `<ns>`, or else its title's
    /// prefix read against the site's names (or the canonical ones).
    fn page_namespace(&mut self) -> i64 {
        if let Some(ns) = self.page.2 {
            return ns;
        }
        if !self.site.is_empty() {
            return self.site.of_title(&self.page.1);
        }
        self.canonical.get_or_insert_with(Namespaces::canonical).of_title(&self.page.1)
    }

    /// Step of [`Iterator::next`]: what one XML event does to the reader's
    /// state, and the revision it completes if it completes one (kept only
    /// if its namespace is chosen).
    fn step(&mut self, event: Event<'_>) -> Result<Option<Revision>, DumpError> {
        match event {
            Event::Start(e) => {
                self.start(&e);
                Ok(None)
            }
            Event::Empty(e) => {
                self.attributes(&e);
                Ok(None)
            }
            Event::End(e) => {
                self.path.pop();
                Ok(self.end(e.local_name().as_ref()))
            }
            // Line ends normalised as XML 1.0 §2.11 says (see the
            // module doc).
            Event::Text(t) => match t.xml10_content() {
                Ok(s) => self.append(&s).map(|_| None),
                Err(e) => Err(self.error(e)),
            },
            Event::CData(t) => match t.xml10_content() {
                Ok(s) => self.append(&s).map(|_| None),
                Err(e) => Err(self.error(e)),
            },
            // Wikitext is full of entities (`&lt;ref&gt;`): a known one is
            // appended without an allocation.
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r);
                match entity(&name) {
                    Some(c) => self.append(c.encode_utf8(&mut [0; 4])),
                    None => self.append(&format!("&{name};")),
                }
                .map(|_| None)
            }
            Event::Eof => {
                self.done = true;
                if !self.path.is_empty() {
                    return Err(self.error("the dump ends inside an element"));
                }
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// Step of [`Self::step`]: an opening tag. A `<page>` or `<revision>`
    /// starts afresh; the element's attributes are read and it joins the
    /// path.
    fn start(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name().as_ref().to_vec();
        if name == b"page" {
            self.page = (0, String::new(), None);
        } else if name == b"revision" {
            self.rev = empty_revision();
        }
        self.attributes(e);
        self.text_next = name == b"text" && self.path.last().is_some_and(|p| p == b"revision");
        self.path.push(name);
    }

    /// Step of [`Self::step`]: a closing tag named `local`. A `</revision>`
    /// yields the revision, stamped with its page, if its namespace is
    /// chosen; a `</namespace>` records a site namespace name.
    fn end(&mut self, local: &[u8]) -> Option<Revision> {
        match local {
            b"revision" => {
                let ns = self.page_namespace();
                let keep = self.namespaces.as_ref().is_none_or(|k| k.contains(&ns));
                let mut rev = std::mem::replace(&mut self.rev, empty_revision());
                self.last_text = rev.text.len();
                rev.page_id = self.page.0;
                rev.title = self.page.1.clone();
                rev.ns = ns;
                keep.then_some(rev)
            }
            b"namespace" => {
                if let Some(key) = self.site_key.take() {
                    self.site.add(key, &self.site_name);
                }
                None
            }
            _ => None,
        }
    }
}

fn empty_revision() -> Revision {
    Revision {
        page_id: 0,
        title: String::new(),
        ns: 0,
        rev_id: 0,
        parent_id: None,
        timestamp: String::new(),
        contributor: None,
        text: String::new(),
        bytes: None,
        sha1: None,
    }
}

/// The character a named or numeric entity stands for.
fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

impl<R: BufRead> Iterator for DumpReader<R> {
    type Item = Result<Revision, DumpError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.failed.take() {
            self.done = true;
            return Some(Err(e.into()));
        }
        while !self.done {
            if std::mem::take(&mut self.text_next) {
                if let Err(e) = self.read_text() {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            // The event borrows the buffer, taken out of `self` while it is
            // stepped: no copy of each event (a revision's text comes in
            // one event per run between entities).
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let reader = self.reader.as_mut()?;
            let event = match reader.read_event_into(&mut buf) {
                Ok(e) => e,
                Err(quick_xml::Error::Io(e)) => {
                    // The stream or its encoding, not the XML.
                    self.done = true;
                    return Some(Err(DumpError::Io(std::io::Error::new(e.kind(), e.to_string()))));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.error(e)));
                }
            };
            let step = self.step(event);
            self.buf = buf;
            match step {
                Ok(Some(rev)) => return Some(Ok(rev)),
                Ok(None) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">
  <siteinfo><sitename>Test</sitename></siteinfo>
  <page><title>Alpha</title><ns>0</ns><id>7</id>
    <revision><id>100</id><timestamp>2020-01-01T00:00:00Z</timestamp><contributor><username>Ann</username><id>1</id></contributor><text bytes="20">At least 88 &amp; more &lt;ref&gt;</text></revision>
    <revision><id>101</id><parentid>100</parentid><timestamp>2021-01-01T00:00:00Z</timestamp><contributor><ip>10.0.0.1</ip></contributor><text bytes="0" /></revision>
  </page>
  <page><title>Talk:Alpha</title><ns>1</ns><id>8</id><revision><id>5</id><text>x</text></revision></page>
</mediawiki>"#;

    #[test]
    fn streams_revisions_of_chosen_namespaces() {
        let revs: Vec<Revision> =
            DumpReader::new(DUMP.as_bytes(), Some(vec![0]), 1 << 20).collect::<Result<_, _>>().unwrap();
        assert_eq!(revs.len(), 2);
        assert_eq!(revs[0].title, "Alpha");
        assert_eq!(revs[0].page_id, 7);
        assert_eq!(revs[0].text, "At least 88 & more <ref>");
        assert_eq!(revs[0].contributor.as_deref(), Some("Ann"));
        assert_eq!(revs[1].parent_id, Some(100));
        assert_eq!(revs[1].contributor.as_deref(), Some("10.0.0.1"));
        assert_eq!(revs[1].text, "");
    }

    fn read(input: impl BufRead, namespaces: Option<Vec<i64>>) -> Vec<Revision> {
        DumpReader::new(input, namespaces, 1 << 20).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn crlf_and_lone_cr_are_line_ends_wherever_the_reads_split_them() {
        let dump = "<mediawiki>\r\n<page><title>A</title><ns>0</ns><id>1</id>\r\n<revision><id>2</id><text bytes=\"15\">one\r\ntwo\rthree\r\n\r\n</text></revision></page></mediawiki>\r\n";
        for capacity in [1, 2, 3, 5, 8192] {
            let revs = read(std::io::BufReader::with_capacity(capacity, dump.as_bytes()), None);
            assert_eq!(revs[0].text, "one\ntwo\nthree\n\n", "buffer of {capacity}");
            assert_eq!(revs[0].bytes, Some(revs[0].text.len() as u64));
        }
    }

    #[test]
    fn a_cr_written_as_a_character_reference_stays() {
        let dump = "<mediawiki><page><title>A</title><ns>0</ns><revision><id>2</id><text>a&#13;\r\nb<![CDATA[c\r\nd]]></text></revision></page></mediawiki>";
        assert_eq!(read(dump.as_bytes(), None)[0].text, "a\r\nbc\nd");
    }

    #[test]
    fn a_utf16_dump_reads_as_its_utf8_twin() {
        let twin = read(DUMP.as_bytes(), None);
        for big_endian in [false, true] {
            for bom in [false, true] {
                let mut bytes = Vec::new();
                for u in bom.then_some(0xFEFF).into_iter().chain(DUMP.replace('\n', "\r\n").encode_utf16()) {
                    bytes.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
                }
                assert_eq!(
                    read(std::io::BufReader::with_capacity(3, &bytes[..]), None),
                    twin,
                    "big endian {big_endian}, BOM {bom}"
                );
            }
        }
        assert!(looks_like_dump(
            &"\u{FEFF}<mediawiki xmlns".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()
        ));
    }

    const NO_NS: &str = r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.4/">
  SITEINFO
  <page><title>Talk:Alpha</title><id>8</id><revision><id>5</id><text>x</text></revision></page>
  <page><title>Беседа:Alpha</title><id>9</id><revision><id>6</id><text>x</text></revision></page>
  <page><title>Star Wars: Episode I</title><id>10</id><revision><id>7</id><text>x</text></revision></page>
</mediawiki>"#;

    #[test]
    fn without_ns_the_namespace_comes_from_the_title_prefix() {
        let ns = |dump: &str| read(dump.as_bytes(), None).iter().map(|r| r.ns).collect::<Vec<_>>();
        assert_eq!(ns(&NO_NS.replace("SITEINFO", "")), [1, 0, 0], "canonical names without siteinfo");
        let bg = r#"<siteinfo><namespaces><namespace key="0" case="first-letter" /><namespace key="1">Беседа</namespace></namespaces></siteinfo>"#;
        assert_eq!(ns(&NO_NS.replace("SITEINFO", bg)), [0, 1, 0], "the site's names when it gives them");
        let kept = read(NO_NS.replace("SITEINFO", "").as_bytes(), Some(vec![0]));
        assert_eq!(kept.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["Беседа:Alpha", "Star Wars: Episode I"]);
    }

    #[test]
    fn sizes_hashes_and_empty_revisions_are_told() {
        let revs = read(DUMP.as_bytes(), None);
        assert_eq!(revs[0].bytes, Some(20));
        assert!(!revs[0].is_empty());
        assert_eq!((revs[1].bytes, revs[1].is_empty()), (Some(0), true));
        let dump = "<mediawiki><page><title>A</title><ns>0</ns><revision><id>2</id><text> \n\t</text><sha1>abc</sha1></revision></page></mediawiki>";
        let rev = &read(dump.as_bytes(), None)[0];
        assert!(rev.is_empty());
        assert_eq!(rev.sha1.as_deref(), Some("abc"));
    }

    /// A revision's text as quick-xml's events give it (text runs through
    /// its XML 1.0 line-end normalisation, references one by one): what
    /// the reader gave before it read texts straight from the stream.
    fn text_by_events(dump: &str) -> String {
        let mut reader = Reader::from_str(dump);
        let (mut inside, mut text) = (false, String::new());
        loop {
            match reader.read_event().expect("well formed") {
                Event::Start(e) if e.local_name().as_ref() == b"text" => inside = true,
                Event::End(e) if e.local_name().as_ref() == b"text" => inside = false,
                Event::Text(t) if inside => text.push_str(&t.xml10_content().expect("UTF-8")),
                Event::GeneralRef(r) if inside => {
                    let name = String::from_utf8_lossy(&r);
                    match entity(&name) {
                        Some(c) => text.push(c),
                        None => text.push_str(&format!("&{name};")),
                    }
                }
                Event::Eof => return text,
                _ => {}
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn texts_read_from_the_stream_are_the_events_texts(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "é", " ", "\n", "\r", "\r\n", "&amp;", "&lt;ref&gt;", "&quot;", "&#13;", "&#x41;", "&nbsp;", "&#xZZ;", "{{x}}"]),
                0..40,
            ),
            capacity in 1usize..48,
        ) {
            let text: String = pieces.concat();
            let dump = format!("<mediawiki><page><title>A</title><ns>0</ns><revision><id>1</id><text xml:space=\"preserve\">{text}</text></revision></page></mediawiki>");
            let revs = read(std::io::BufReader::with_capacity(capacity, dump.as_bytes()), None);
            proptest::prop_assert_eq!(&revs[0].text, &text_by_events(&dump));
        }
    }

    #[test]
    fn an_unreadable_encoding_is_an_error() {
        let bytes: Vec<u8> = [0xFF, 0xFE, b'<', 0, 0x00, 0xD8, b'a', 0].to_vec();
        assert!(matches!(DumpReader::new(&bytes[..], None, 1 << 20).next(), Some(Err(DumpError::Io(_)))));
    }

    #[test]
    fn truncated_and_oversized_dumps_are_errors() {
        let cut = &DUMP[..DUMP.len() / 2];
        assert!(DumpReader::new(cut.as_bytes(), None, 1 << 20).any(|r| r.is_err()));
        assert!(matches!(DumpReader::new(DUMP.as_bytes(), None, 5).next(), Some(Err(DumpError::TooLarge { .. }))));
    }
}
