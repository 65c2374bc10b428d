//! Printing claims and documents: tables for people, JSON Lines and CSV
//! for programs.

use crate::listing::RowFormat;
use anyhow::Result;
use corroborate_store::{ClaimRow, DocumentRow};
use std::io::Write;

/// Formats a bound for a table ("·" where open).
pub fn num(v: Option<f64>) -> String {
    match v {
        None => "·".into(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.2}"),
    }
}

pub use corroborate_web::{truncate, years};

/// A path cut to its last `n` characters ("…/seeds/000.txt"): a path's
/// end is what tells two files apart.
pub fn truncate_start(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    let tail: String = s.chars().skip(count - (n - 1)).collect();
    format!("…{tail}")
}

/// The header row over [`claim_line`]s; `id_width` is the width of the
/// rows' id column (a ledger claim's row id, the id a review names, or an
/// extracted claim's [`claim_key`]), `None` for none.
pub fn claim_header(out: &mut dyn Write, id_width: Option<usize>) -> Result<()> {
    let id = id_width.map_or(String::new(), |w| format!("{:>w$} ", "id"));
    writeln!(
        out,
        "  {id}{:>7}..{:<7} {:<28} {:>10} {:>10} {:<9} {:<10} {:<18} {:<10} stance",
        "start", "end", "quote", "low", "high", "qualifier", "act", "place", "years"
    )?;
    Ok(())
}

/// Width of a ledger claim's row id in a table.
pub const LEDGER_ID_WIDTH: usize = 7;

/// Hex digits of a [`claim_key`].
pub const CLAIM_KEY_DIGITS: usize = 12;

/// The id `extract` gives a claim without a ledger: the first
/// [`CLAIM_KEY_DIGITS`] hex digits of the SHA-256 of the document's content
/// hash and the claim's byte span (`HASH:START-END`). It depends only on
/// the document's bytes and where the claim sits in them, so it is the same
/// on every run, whatever the file is called or what else is extracted
/// beside it; two claims of one document never share a span.
pub fn claim_key(doc_hash: &str, start: usize, end: usize) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{doc_hash}:{start}-{end}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..CLAIM_KEY_DIGITS].to_string()
}

/// One table line of a claim's fields, with its id (right-aligned to the
/// header's width) where it has one.
pub fn claim_line(out: &mut dyn Write, id: Option<&str>, f: &corroborate_extract::ClaimFields) -> Result<()> {
    let id = id.map_or(String::new(), |id| format!("{id:>LEDGER_ID_WIDTH$} "));
    writeln!(
        out,
        "  {id}{:>7}..{:<7} {:<28} {:>10} {:>10} {:<9} {:<10} {:<18} {:<10} {}",
        f.start,
        f.end,
        truncate(&f.quote, 28),
        num(f.low),
        num(f.high),
        f.qualifier,
        f.act.as_deref().unwrap_or("·"),
        truncate(f.place.as_deref().unwrap_or("·"), 18),
        years(f.year_start, f.year_end),
        f.stance,
    )?;
    Ok(())
}

/// Prints stored claims in a format: a table (a header row, each
/// document's name over its claims, each claim with its id), JSON Lines
/// or CSV.
pub fn claims(out: &mut dyn Write, rows: &[ClaimRow], format: RowFormat) -> Result<()> {
    match format {
        RowFormat::Jsonl => {
            for c in rows {
                serde_json::to_writer(&mut *out, c)?;
                out.write_all(b"\n")?;
            }
        }
        RowFormat::Csv => corroborate_store::sheet::write(out, rows)?,
        RowFormat::Table => {
            claim_header(out, Some(LEDGER_ID_WIDTH))?;
            let mut doc = "";
            for c in rows {
                if c.doc != doc {
                    doc = &c.doc;
                    writeln!(out, "{doc}")?;
                }
                claim_line(out, Some(&c.id.to_string()), &c.fields)?;
            }
            writeln!(out, "{} claims", rows.len())?;
        }
    }
    Ok(())
}

/// The columns of the document list, in every format.
const DOCUMENT_COLUMNS: [&str; 9] =
    ["id", "name", "origin", "format", "bytes", "claims", "hash", "ingested_at", "title"];

/// Prints the document list: a table (a header row), JSON Lines or CSV,
/// each document with its row id, origin and full hash.
pub fn documents(out: &mut dyn Write, rows: &[DocumentRow], format: RowFormat) -> Result<()> {
    let cells = |d: &DocumentRow| -> [String; 9] {
        [
            d.id.to_string(),
            d.name.clone(),
            d.origin.clone(),
            d.format.clone(),
            d.size.to_string(),
            d.claims.to_string(),
            d.hash.clone(),
            d.ingested_at.clone(),
            d.title.clone().unwrap_or_default(),
        ]
    };
    match format {
        RowFormat::Jsonl => {
            for d in rows {
                serde_json::to_writer(&mut *out, d)?;
                out.write_all(b"\n")?;
            }
        }
        RowFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(DOCUMENT_COLUMNS)?;
            for d in rows {
                w.write_record(cells(d))?;
            }
            w.flush()?;
        }
        RowFormat::Table => {
            writeln!(
                out,
                "{:>5} {:<40} {:<9} {:>9} {:>7}  {:<12} {:<30} title",
                "id", "name", "format", "bytes", "claims", "hash", "origin"
            )?;
            for d in rows {
                writeln!(
                    out,
                    "{:>5} {:<40} {:<9} {:>9} {:>7}  {:<12} {:<30} {}",
                    d.id,
                    truncate(&d.name, 40),
                    d.format,
                    d.size,
                    d.claims,
                    &d.hash[..12.min(d.hash.len())],
                    truncate_start(&d.origin, 30),
                    d.title.as_deref().unwrap_or("")
                )?;
            }
        }
    }
    Ok(())
}

/// A stored revision, as the header of `show` names it: its id, who saved
/// it and when.
pub fn revision_label(r: &corroborate_store::RevisionRow) -> String {
    format!(
        "revision {} by {}, {}",
        r.rev_id,
        r.contributor.as_deref().unwrap_or("(unknown)"),
        r.timestamp.as_deref().unwrap_or("(no date)")
    )
}

/// Prints a document's original text with each claim marked
/// `⟦quote⟧{act}`.
/// `name` and `hash` are the shown version's: a page's document shows a
/// revision (`revision`), its latest or the one its reference named.
pub fn show(
    out: &mut dyn Write,
    doc: &DocumentRow,
    name: &str,
    hash: &str,
    revision: Option<&corroborate_store::RevisionRow>,
    bytes: &[u8],
    claims: &[ClaimRow],
) -> Result<()> {
    let hash = &hash[..hash.len().min(12)];
    writeln!(
        out,
        "document: {name} (id {}, {}, {} bytes, hash {hash}, {} claims)",
        doc.id,
        doc.format,
        bytes.len(),
        claims.len()
    )?;
    writeln!(out, "origin: {}", doc.origin)?;
    if let Some(r) = revision {
        writeln!(out, "{}", revision_label(r))?;
    }
    if let Some(t) = &doc.title {
        writeln!(out, "title: {t}")?;
    }
    let frame = doc.frame.describe();
    writeln!(
        out,
        "frame: {}\n",
        if frame.is_empty() { "(none: the document names no single place and span of years)" } else { &frame }
    )?;
    let mut pos = 0usize;
    let mut sorted: Vec<&ClaimRow> = claims.iter().collect();
    sorted.sort_by_key(|c| c.fields.start);
    for c in sorted {
        let (s, e) = (c.fields.start as usize, c.fields.end as usize);
        if s < pos || e > bytes.len() || s > e {
            continue;
        }
        out.write_all(String::from_utf8_lossy(&bytes[pos..s]).as_bytes())?;
        write!(out, "⟦{}⟧{{{}}}", String::from_utf8_lossy(&bytes[s..e]), c.fields.act.as_deref().unwrap_or("?"))?;
        pos = e;
    }
    out.write_all(String::from_utf8_lossy(&bytes[pos..]).as_bytes())?;
    if !bytes.ends_with(b"\n") {
        writeln!(out)?;
    }
    Ok(())
}

/// True when an error is a write to a pipe whose reader has gone, however
/// it was wrapped (plain I/O, JSON or CSV writers).
pub fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
        || e.downcast_ref::<serde_json::Error>().is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
        || e.downcast_ref::<csv::Error>()
            .is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe))
}

/// A message with the passwords of any URLs in it replaced by `***`
/// (`postgres://ana:secret@host/db` → `postgres://ana:***@host/db`).
pub fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let authority_end = tail.find(|c: char| c == '/' || c.is_whitespace()).unwrap_or(tail.len());
        let authority = &tail[..authority_end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at => {
                out.push_str(&authority[..colon + 1]);
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        rest = &tail[authority_end..];
    }
    out.push_str(rest);
    out
}

/// An error and its causes as one line, each said once, passwords in URLs
/// redacted. Libraries often put a cause's text in their own message and
/// also return the cause as the error's source (`thiserror`'s `#[from]`
/// with `"SQLite: {0}"`, an I/O error wrapped as `"{0}"`), so anyhow's
/// `{:#}` would print "X: X"; a cause whose text the line already holds is
/// left out.
pub fn error_message(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    redact(&line)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_claim_key_depends_on_the_bytes_and_the_span_only() {
        let hash = "ab".repeat(32);
        let k = super::claim_key(&hash, 2727, 2732);
        assert_eq!(k.len(), super::CLAIM_KEY_DIGITS);
        assert!(k.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(k, super::claim_key(&hash, 2727, 2732));
        assert_ne!(k, super::claim_key(&hash, 2727, 2733));
        assert_ne!(k, super::claim_key(&"cd".repeat(32), 2727, 2732));
    }

    #[test]
    fn an_error_that_repeats_its_source_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::AddrInUse, "Address already in use (os error 98)");
        #[derive(Debug, thiserror::Error)]
        #[error("{0}")]
        struct Wrapped(#[from] std::io::Error);
        let e = anyhow::Error::from(Wrapped(io)).context("cannot listen on 127.0.0.1:8080");
        assert_eq!(super::error_message(&e), "cannot listen on 127.0.0.1:8080: Address already in use (os error 98)");
        let plain = anyhow::anyhow!("no such file").context("cannot read a.txt");
        assert_eq!(super::error_message(&plain), "cannot read a.txt: no such file");
    }

    #[test]
    fn passwords_in_urls_are_redacted() {
        assert_eq!(
            super::redact("cannot open postgres://ana:s3cret@127.0.0.1:5432/db: refused"),
            "cannot open postgres://ana:***@127.0.0.1:5432/db: refused"
        );
        assert_eq!(super::redact("no url here"), "no url here");
        assert_eq!(super::redact("http://host:80/x"), "http://host:80/x");
    }
}
