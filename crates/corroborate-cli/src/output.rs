//! Printing claims and documents: tables for people, JSON Lines and CSV
//! for programs.

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

pub use corroborate_web::views::{truncate, years};

/// One table line of a claim's fields.
#[allow(clippy::too_many_arguments)]
pub fn claim_line(
    out: &mut impl Write,
    start: i64,
    end: i64,
    quote: &str,
    low: Option<f64>,
    high: Option<f64>,
    qualifier: &str,
    act: Option<&str>,
    place: Option<&str>,
    years_: String,
    stance: &str,
) -> Result<()> {
    writeln!(
        out,
        "  {start:>7}..{end:<7} {:<28} {:>10} {:>10} {qualifier:<9} {:<10} {:<18} {years_:<10} {stance}",
        truncate(quote, 28),
        num(low),
        num(high),
        act.unwrap_or("·"),
        truncate(place.unwrap_or("·"), 18),
    )?;
    Ok(())
}

/// Prints stored claims in a format.
pub fn claims(out: &mut impl Write, rows: &[ClaimRow], format: &str) -> Result<()> {
    match format {
        "jsonl" => {
            for c in rows {
                serde_json::to_writer(&mut *out, c)?;
                out.write_all(b"\n")?;
            }
        }
        "csv" => corroborate_store::sheet::write(out, rows)?,
        _ => {
            let mut doc = "";
            for c in rows {
                if c.doc != doc {
                    doc = &c.doc;
                    writeln!(out, "{doc}")?;
                }
                let x = &c.fields;
                claim_line(out, x.start, x.end, &x.quote, x.low, x.high, &x.qualifier, x.act.as_deref(), x.place.as_deref(), years(x.year_start, x.year_end), &x.stance)?;
            }
            writeln!(out, "{} claims", rows.len())?;
        }
    }
    Ok(())
}

/// Prints the document list.
pub fn documents(out: &mut impl Write, rows: &[DocumentRow]) -> Result<()> {
    writeln!(out, "{:<40} {:<9} {:>9} {:>7}  {:<12} title", "name", "format", "bytes", "claims", "hash")?;
    for d in rows {
        writeln!(
            out,
            "{:<40} {:<9} {:>9} {:>7}  {:<12} {}",
            truncate(&d.name, 40),
            d.format,
            d.size,
            d.claims,
            &d.hash[..12.min(d.hash.len())],
            d.title.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

/// Prints a document's original text with each claim marked
/// `⟦quote⟧{act}`.
pub fn show(out: &mut impl Write, doc: &corroborate_store::DocumentRow, bytes: &[u8], claims: &[ClaimRow]) -> Result<()> {
    let hash = &doc.hash[..doc.hash.len().min(12)];
    writeln!(out, "document: {} (id {}, {}, {} bytes, hash {hash}, {} claims)", doc.name, doc.id, doc.format, bytes.len(), claims.len())?;
    if let Some(t) = &doc.title {
        writeln!(out, "title: {t}")?;
    }
    let frame = doc.frame.describe();
    writeln!(out, "frame: {}\n", if frame.is_empty() { "(none: the document names no single place and span of years)" } else { &frame })?;
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
        || e.downcast_ref::<csv::Error>().is_some_and(|c| matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe))
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

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_in_urls_are_redacted() {
        assert_eq!(super::redact("cannot open postgres://ana:s3cret@127.0.0.1:5432/db: refused"), "cannot open postgres://ana:***@127.0.0.1:5432/db: refused");
        assert_eq!(super::redact("no url here"), "no url here");
        assert_eq!(super::redact("http://host:80/x"), "http://host:80/x");
    }
}
