//! `corroborate extract`: files, folders, dumps or standard input in,
//! claims out, nothing stored.
//!
//! Files are read and extracted in parallel, [`CHUNK`] at a time, and
//! printed in name order; a dump streams revision by revision. The JSON
//! Lines output is what the shared scorer reads: it is one
//! `serde_json` line per claim, and nothing here may change its bytes.

use crate::files;
use crate::listing::{Listing, RowFormat};
use crate::output;
use crate::progress;
use anyhow::{Context, Result};
use corroborate_doc::{Document, FormatHint};
use corroborate_extract::incremental::{self, Placed};
use corroborate_extract::{extract, Claim};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

/// Files read and extracted at once: enough to keep every core busy,
/// few enough that memory stays bounded whatever the corpus size.
pub const CHUNK: usize = 32;

/// What a table prints of a document above its claims.
struct Head<'a> {
    name: &'a str,
    /// The document's original bytes: a table's claim keys hold their
    /// hash, computed only then.
    bytes: &'a [u8],
    format: corroborate_doc::Format,
}

/// What is printed so far, against `--limit`.
struct Printer<'a> {
    out: &'a mut dyn Write,
    format: RowFormat,
    csv_header: bool,
    left: usize,
    /// The JSON Lines of one document's claims, before they are written.
    buf: Vec<u8>,
}

impl Printer<'_> {
    /// Prints a document's claims (as many as the limit leaves); false
    /// once the limit is reached.
    fn document(&mut self, doc: &Document, claims: &[Claim]) -> Result<bool> {
        self.claims(&Head { name: &doc.name, bytes: &doc.bytes, format: doc.format }, claims)
    }

    /// Prints the claims of the document `head` names; false once
    /// `--limit` claims are printed.
    fn claims(&mut self, head: &Head, claims: &[Claim]) -> Result<bool> {
        let claims = &claims[..claims.len().min(self.left)];
        self.left -= claims.len();
        match self.format {
            RowFormat::Jsonl => {
                // Serialized into a buffer of its own, written at once:
                // serde_json writes a claim in a few dozen small pieces,
                // each a call through `dyn Write` when written straight out.
                self.buf.clear();
                for c in claims {
                    serde_json::to_writer(&mut self.buf, c)?;
                    self.buf.push(b'\n');
                }
                self.out.write_all(&self.buf)?;
            }
            RowFormat::Csv if !claims.is_empty() => {
                // One header row, over the first claim.
                let mut w = csv::WriterBuilder::new().has_headers(!self.csv_header).from_writer(&mut *self.out);
                for c in claims {
                    w.serialize(c)?;
                }
                w.flush()?;
                self.csv_header = true;
            }
            RowFormat::Csv => {}
            RowFormat::Table => write_table(self.out, head, claims)?,
        }
        Ok(self.left > 0)
    }

    /// [`Printer::claims`] of placed rows (incremental extraction of a
    /// dump): JSON Lines are written from each kept claim's serialization
    /// (the same bytes), other formats from the claims.
    fn placed(&mut self, head: &Head, rows: &[Placed]) -> Result<bool> {
        if self.format != RowFormat::Jsonl {
            let claims: Vec<Claim> = rows.iter().map(|r| r.claim(head.name)).collect();
            return self.claims(head, &claims);
        }
        let rows = &rows[..rows.len().min(self.left)];
        self.left -= rows.len();
        self.buf.clear();
        incremental::write_jsonl(rows, head.name, &mut self.buf)?;
        self.out.write_all(&self.buf)?;
        Ok(self.left > 0)
    }
}

/// A revision's claims, as the extraction of its dump gives them.
enum Rows {
    /// Extracted from scratch.
    Claims(Vec<Claim>),
    /// Extracted incrementally.
    Placed(Vec<Placed>),
}

/// `corroborate extract`; returns the exit code. `-` among the paths
/// reads standard input (its document is named `-`).
pub fn run(paths: &[PathBuf], hint: FormatHint, listing: &Listing) -> Result<i32> {
    use rayon::prelude::*;
    let format = listing.format_or(if std::io::stdout().is_terminal() { RowFormat::Table } else { RowFormat::Jsonl });
    let mut out = listing.dest.open()?;
    let mut p = Printer {
        out: &mut out,
        format,
        csv_header: false,
        left: listing.dest.limit.unwrap_or(usize::MAX),
        buf: Vec::new(),
    };
    if format == RowFormat::Table {
        output::claim_header(p.out, Some(output::CLAIM_KEY_DIGITS))?;
    }
    let (stdin, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| p.as_os_str() == "-");
    let mut failed = 0;
    if !stdin.is_empty() {
        let doc = read_stdin(hint)?;
        let claims = extract(&doc);
        if !p.document(&doc, &claims)? {
            p.out.flush()?;
            return Ok(0);
        }
    }
    let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
    let (all, unreadable) = if paths.is_empty() { (Vec::new(), 0) } else { files::collect(&paths)? };
    failed += unreadable as i32;
    let (dumps, plain): (Vec<files::Input>, Vec<files::Input>) = all.into_iter().partition(|f| files::is_dump(&f.path));
    let shown = progress::beside(&listing.dest);
    let bar = progress::files(plain.len() as u64, shown);
    for d in &dumps {
        let (f, more) = extract_dump(&mut p, &d.path, shown)?;
        failed += f;
        if !more {
            p.out.flush()?;
            return Ok(i32::from(failed > 0));
        }
    }
    for chunk in plain.chunks(CHUNK) {
        // Read and extract in parallel; print in order.
        let read: Vec<Result<(Document, Vec<Claim>)>> = chunk
            .par_iter()
            .map(|f| {
                let doc = files::read_document(f, hint)?;
                let claims = extract(&doc);
                Ok((doc, claims))
            })
            .collect();
        for r in read {
            bar.inc(1);
            match r {
                Ok((doc, claims)) => {
                    if !p.document(&doc, &claims)? {
                        bar.finish_and_clear();
                        p.out.flush()?;
                        return Ok(i32::from(failed > 0));
                    }
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("error: {}", output::error_message(&e)));
                    failed += 1;
                }
            }
        }
    }
    bar.finish_and_clear();
    p.out.flush()?;
    Ok(i32::from(failed > 0))
}

/// Standard input as one document named `-`.
pub(crate) fn read_stdin(hint: FormatHint) -> Result<Document> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(files::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    if bytes.len() as u64 > files::MAX_FILE_BYTES {
        anyhow::bail!("standard input is larger than {} bytes", files::MAX_FILE_BYTES);
    }
    Document::read("-", bytes, hint).context("standard input")
}

/// Extracts every revision of a dump, streaming; returns the failures and
/// whether the limit leaves room for more.
fn extract_dump(p: &mut Printer, path: &std::path::Path, shown: bool) -> Result<(i32, bool)> {
    let mut failed = 0;
    let bar = progress::revisions(&path.display().to_string(), shown);
    // Revisions of a page share most paragraphs: only the changed ones go
    // through the extractor (see `corroborate_extract::incremental`).
    let mut incremental = crate::page_claims::PageClaims::new();
    // A revision restoring a recent text (a revert) reuses its claims
    // without being read (see `repeats`): only the name they carry changes.
    let window = if incremental.is_from_scratch() { 0 } else { crate::repeats::WINDOW };
    let mut repeats: crate::repeats::Repeats<Vec<Placed>> = crate::repeats::Repeats::new(window);
    for rev in files::dump_revisions(path)? {
        bar.inc(1);
        // An empty revision: no text, no claims, not an error.
        if let Ok(r) = rev.as_ref() {
            if files::is_empty_revision(r) {
                bar.suspend(|| eprintln!("{}", files::empty_revision_note(r)));
                continue;
            }
            if let Some(rows) = repeats.get(r.page_id, &r.text) {
                let name = format!("{}#{}", r.title, r.rev_id);
                let head = Head { name: &name, bytes: r.text.as_bytes(), format: corroborate_doc::Format::Wikitext };
                if !p.placed(&head, rows)? {
                    bar.finish_and_clear();
                    return Ok((failed, false));
                }
                continue;
            }
        }
        let page = rev.as_ref().map_or(0, |r| r.page_id);
        let doc = match rev.map_err(anyhow::Error::from).and_then(|r| incremental.read_owned(r)) {
            Ok(d) => d,
            Err(e) => {
                bar.suspend(|| eprintln!("error: {}: {}", path.display(), output::error_message(&e)));
                failed += 1;
                continue;
            }
        };
        let rows = match incremental.extract_placed(&doc) {
            Some(rows) => Rows::Placed(rows),
            None => Rows::Claims(incremental.extract(&doc)),
        };
        let more = match &rows {
            Rows::Placed(rows) => p.placed(&Head { name: &doc.name, bytes: &doc.bytes, format: doc.format }, rows)?,
            Rows::Claims(claims) => p.document(&doc, claims)?,
        };
        if !more {
            bar.finish_and_clear();
            return Ok((failed, false));
        }
        // The text is kept as the document's bytes (the revision's text),
        // not copied before reading.
        if let (true, Rows::Placed(rows)) = (window > 0, rows) {
            repeats.put(page, doc.bytes, rows);
        }
    }
    bar.finish_and_clear();
    if std::env::var_os("CORROBORATE_HISTORY_STATS").is_some_and(|v| v == "1") {
        eprintln!("stats: {}", incremental.stats());
    }
    Ok((failed, true))
}

/// A document's claims as table rows under its name, each with its
/// [`output::claim_key`].
fn write_table(out: &mut dyn Write, doc: &Head, claims: &[Claim]) -> Result<()> {
    writeln!(out, "{} ({}, {} claims)", doc.name, doc.format.name(), claims.len())?;
    let hash = corroborate_store::sha256_hex(doc.bytes);
    for c in claims {
        let key = output::claim_key(&hash, c.start, c.end);
        output::claim_line(out, Some(&key), &corroborate_extract::ClaimFields::from(c))?;
    }
    Ok(())
}
