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
pub fn show(out: &mut impl Write, bytes: &[u8], claims: &[ClaimRow]) -> Result<()> {
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
    Ok(())
}
