//! MediaWiki XML dumps (pages-articles and pages-meta-history), streamed:
//! one [`Revision`] at a time, whatever the dump's size, with its page's
//! title, id and namespace. The caller hands in any `BufRead` (a file, a
//! bzip2 or gzip decoder); this module does no I/O of its own.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::BufRead;

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

/// Streams the revisions of a dump.
pub struct DumpReader<R: BufRead> {
    reader: Reader<R>,
    buf: Vec<u8>,
    path: Vec<Vec<u8>>,
    page: (u64, String, i64),
    rev: Revision,
    namespaces: Option<Vec<i64>>,
    max_text: usize,
    done: bool,
}

impl<R: BufRead> DumpReader<R> {
    /// A reader over `input`, keeping only pages of `namespaces` (all when
    /// `None`) and refusing revisions over `max_text` bytes.
    pub fn new(input: R, namespaces: Option<Vec<i64>>, max_text: usize) -> Self {
        let reader = Reader::from_reader(input);
        DumpReader {
            reader,
            buf: Vec::new(),
            path: Vec::new(),
            page: (0, String::new(), 0),
            rev: empty_revision(),
            namespaces,
            max_text,
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
            (b"page", b"ns") => self.page.2 = s.trim().parse().unwrap_or(0),
            (b"page", b"id") => self.page.0 = s.trim().parse().unwrap_or(0),
            (b"revision", b"id") => self.rev.rev_id = s.trim().parse().unwrap_or(0),
            (b"revision", b"parentid") => self.rev.parent_id = s.trim().parse().ok(),
            (b"revision", b"timestamp") => self.rev.timestamp.push_str(s),
            (b"contributor", b"username") | (b"contributor", b"ip") => {
                self.rev.contributor.get_or_insert_with(String::new).push_str(s)
            }
            (b"revision", b"text") => {
                if self.rev.text.len() + s.len() > self.max_text {
                    return Err(DumpError::TooLarge { rev_id: self.rev.rev_id, title: self.page.1.clone(), limit: self.max_text });
                }
                self.rev.text.push_str(s)
            }
            _ => {}
        }
        Ok(())
    }

    fn error(&self, e: impl std::fmt::Display) -> DumpError {
        DumpError::Xml { position: self.reader.buffer_position(), message: e.to_string() }
    }
}

fn empty_revision() -> Revision {
    Revision { page_id: 0, title: String::new(), ns: 0, rev_id: 0, parent_id: None, timestamp: String::new(), contributor: None, text: String::new() }
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
        while !self.done {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(e) => e.into_owned(),
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.error(e)));
                }
            };
            let step = match event {
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_vec();
                    if name == b"page" {
                        self.page = (0, String::new(), 0);
                    } else if name == b"revision" {
                        self.rev = empty_revision();
                    }
                    self.path.push(name);
                    Ok(None)
                }
                Event::End(e) => {
                    self.path.pop();
                    if e.local_name().as_ref() == b"revision" {
                        let keep = self.namespaces.as_ref().is_none_or(|ns| ns.contains(&self.page.2));
                        let mut rev = std::mem::replace(&mut self.rev, empty_revision());
                        rev.page_id = self.page.0;
                        rev.title = self.page.1.clone();
                        rev.ns = self.page.2;
                        Ok(keep.then_some(rev))
                    } else {
                        Ok(None)
                    }
                }
                Event::Text(t) => match t.decode() {
                    Ok(s) => self.append(&s).map(|_| None),
                    Err(e) => Err(self.error(e)),
                },
                Event::CData(t) => {
                    let s = String::from_utf8_lossy(&t).into_owned();
                    self.append(&s).map(|_| None)
                }
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let s = entity(&name).map_or_else(|| format!("&{name};"), |c| c.to_string());
                    self.append(&s).map(|_| None)
                }
                Event::Eof => {
                    self.done = true;
                    if !self.path.is_empty() {
                        return Some(Err(self.error("the dump ends inside an element")));
                    }
                    Ok(None)
                }
                _ => Ok(None),
            };
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
        let revs: Vec<Revision> = DumpReader::new(DUMP.as_bytes(), Some(vec![0]), 1 << 20).collect::<Result<_, _>>().unwrap();
        assert_eq!(revs.len(), 2);
        assert_eq!(revs[0].title, "Alpha");
        assert_eq!(revs[0].page_id, 7);
        assert_eq!(revs[0].text, "At least 88 & more <ref>");
        assert_eq!(revs[0].contributor.as_deref(), Some("Ann"));
        assert_eq!(revs[1].parent_id, Some(100));
        assert_eq!(revs[1].contributor.as_deref(), Some("10.0.0.1"));
        assert_eq!(revs[1].text, "");
    }

    #[test]
    fn truncated_and_oversized_dumps_are_errors() {
        let cut = &DUMP[..DUMP.len() / 2];
        assert!(DumpReader::new(cut.as_bytes(), None, 1 << 20).any(|r| r.is_err()));
        assert!(matches!(DumpReader::new(DUMP.as_bytes(), None, 5).next(), Some(Err(DumpError::TooLarge { .. }))));
    }
}
