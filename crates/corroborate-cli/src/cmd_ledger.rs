//! The commands that read the ledger: `claims`, `docs`, `show`, `export`
//! and `report --db`.
//!
//! A document is referred to the same way everywhere: its name, its row id
//! or a hash prefix of at least 12 hex digits (the store resolves those),
//! and for a dump page also `Page#REV`, one revision, where `Page` alone is
//! its latest revision. [`resolve`] turns a reference into a [`Target`],
//! from which each command takes what it needs.

use crate::listing::{Dest, Listing, RowFormat};
use crate::output;
use anyhow::{Context, Result};
use corroborate_store::{ClaimFilter, DocumentRow, Page, RevisionRow, Store, StoreError};
use std::io::{IsTerminal, Write};

/// What a document reference names.
pub struct Target {
    /// The document (a page's document for a revision).
    pub doc: DocumentRow,
    /// The revision shown, for a dump page: the one named, else the latest.
    pub revision: Option<RevisionRow>,
    /// The bytes of what is shown.
    pub bytes: Vec<u8>,
    /// True when the reference named one revision (`Page#REV`).
    pub named_revision: bool,
}

impl Target {
    /// The shown version's name: `Page#REV` for a revision.
    pub fn name(&self) -> String {
        match &self.revision {
            Some(r) => format!("{}#{}", self.doc.name, r.rev_id),
            None => self.doc.name.clone(),
        }
    }

    /// The filter for the shown version's own claims.
    pub fn claims(&self) -> ClaimFilter {
        if self.named_revision {
            ClaimFilter { doc: Some(self.name()), ..Default::default() }
        } else {
            ClaimFilter { document_id: Some(self.doc.id), ..Default::default() }
        }
    }
}

/// Resolves a document reference (see the module's documentation).
pub fn resolve(store: &mut dyn Store, reference: &str) -> Result<Target> {
    match store.document(reference) {
        Ok((doc, bytes)) => {
            let revision = store.revision(doc.id, None)?.map(|(r, _)| r);
            Ok(Target { doc, revision, bytes, named_revision: false })
        }
        Err(e @ StoreError::NotFound(_)) => {
            let Some((page, rev)) = reference.rsplit_once('#') else { return Err(not_found_hint(store, reference, e)) };
            let (doc, _) = store.document(page).map_err(|e| not_found_hint(store, page, e))?;
            match store.revision(doc.id, Some(rev))? {
                Some((r, bytes)) => Ok(Target { doc, revision: Some(r), bytes, named_revision: true }),
                None => anyhow::bail!("{page:?} has no revision {rev:?} (`corroborate revisions --db …` lists them)"),
            }
        }
        Err(e) => Err(not_found_hint(store, reference, e)),
    }
}

/// A reference that found nothing, with what the user can do about it: a
/// short hex prefix that starts several hashes is ambiguous, one that
/// starts one hash is too short to trust.
fn not_found_hint(store: &mut dyn Store, reference: &str, e: StoreError) -> anyhow::Error {
    if !matches!(e, StoreError::NotFound(_)) {
        return e.into();
    }
    let hex = !reference.is_empty()
        && reference.len() < corroborate_store::MIN_HASH_PREFIX
        && reference.bytes().all(|b| b.is_ascii_hexdigit());
    let starts = if hex {
        let lower = reference.to_ascii_lowercase();
        store.documents().map(|docs| docs.iter().filter(|d| d.hash.starts_with(&lower)).count()).unwrap_or(0)
    } else {
        0
    };
    let digits = corroborate_store::MIN_HASH_PREFIX;
    match starts {
        0 => anyhow::anyhow!("document {reference:?} not found: give a name, a row id or at least {digits} hex digits of a hash (`corroborate docs` lists them)"),
        1 => anyhow::anyhow!("{reference:?} is too short a hash prefix to trust: give at least {digits} hex digits (`corroborate docs` lists them)"),
        n => anyhow::anyhow!("{reference:?} is ambiguous: {n} documents' hashes start with it; give at least {digits} hex digits (`corroborate docs` lists them)"),
    }
}

/// The acts `claims --act` accepts (CLAIMS.md §4): the store's one list.
pub fn acts() -> Vec<&'static str> {
    corroborate_store::validate::allowed("act")
}

/// Checks an `--act` value against the acts, naming them when it is not
/// one.
pub fn check_act(act: &str) -> Result<()> {
    let acts = acts();
    if !acts.iter().any(|a| a.eq_ignore_ascii_case(act)) {
        anyhow::bail!("{act:?} is not an act; the acts are {}", acts.join(", "));
    }
    Ok(())
}

/// `corroborate claims`: `filter` with its `doc` resolved as a document
/// reference. With `--limit` or `--offset` the ledger reads only that
/// page ([`Store::claims_page`]); without, every matching claim.
pub fn claims(store: &mut dyn Store, mut filter: ClaimFilter, offset: Option<usize>, listing: &Listing) -> Result<()> {
    if let Some(act) = &filter.act {
        check_act(act)?;
    }
    if let Some(reference) = filter.doc.take() {
        let t = resolve(store, &reference)?;
        let own = t.claims();
        filter.doc = own.doc;
        filter.document_id = own.document_id;
    }
    let rows = match (listing.dest.limit, offset) {
        (None, None) => store.claims(&filter)?,
        (limit, offset) => {
            let int = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
            let page = Page { offset: offset.map_or(0, int), limit: limit.map_or(i64::MAX, int) };
            store.claims_page(&filter, page)?.0
        }
    };
    let mut out = listing.dest.open()?;
    output::claims(&mut out, &rows, listing.format_or(RowFormat::Table))?;
    out.flush()?;
    Ok(())
}

/// `corroborate docs`.
pub fn docs(store: &mut dyn Store, listing: &Listing) -> Result<()> {
    let mut rows = store.documents()?;
    listing.dest.cut(&mut rows);
    let mut out = listing.dest.open()?;
    output::documents(&mut out, &rows, listing.format_or(RowFormat::Table))?;
    out.flush()?;
    Ok(())
}

/// `corroborate show`: the text with its claims marked (a table), or its
/// claims alone (JSON Lines, CSV).
pub fn show(store: &mut dyn Store, reference: &str, listing: &Listing) -> Result<()> {
    let t = resolve(store, reference)?;
    let mut claims = store.claims(&t.claims())?;
    listing.dest.cut(&mut claims);
    let mut out = listing.dest.open()?;
    match listing.format_or(RowFormat::Table) {
        RowFormat::Table => {
            let hash = if t.named_revision { corroborate_store::sha256_hex(&t.bytes) } else { t.doc.hash.clone() };
            output::show(&mut out, &t.doc, &t.name(), &hash, t.revision.as_ref(), &t.bytes, &claims)?;
        }
        f => output::claims(&mut out, &claims, f)?,
    }
    out.flush()?;
    Ok(())
}

/// An export format.
#[derive(Clone, Copy, clap::ValueEnum, PartialEq)]
pub enum ExportFormat {
    /// Comma-separated values, the sheet `import-reviews` reads back.
    Csv,
    /// One JSON object a line.
    Jsonl,
    /// Apache Parquet (binary: needs `-o` or a redirect).
    Parquet,
}

/// `corroborate export`: every claim, rejected ones included.
pub fn export(store: &mut dyn Store, format: ExportFormat, dest: &Dest) -> Result<()> {
    let mut rows = store.claims(&ClaimFilter { include_rejected: true, ..Default::default() })?;
    dest.cut(&mut rows);
    if format == ExportFormat::Parquet && dest.output.is_none() && std::io::stdout().is_terminal() {
        anyhow::bail!("Parquet is binary: name a file with -o, or redirect stdout");
    }
    let mut sink = dest.open()?;
    match format {
        ExportFormat::Parquet => crate::parquet_out::write(&mut sink, &rows)?,
        ExportFormat::Csv => output::claims(&mut sink, &rows, RowFormat::Csv)?,
        ExportFormat::Jsonl => output::claims(&mut sink, &rows, RowFormat::Jsonl)?,
    }
    sink.flush()?;
    Ok(())
}

/// `corroborate report --db`: the ledger's documents with their claims as
/// reviewed (corrected values, confirmed and rejected states), one
/// self-contained HTML file.
pub fn report(store: &mut dyn Store, output: &std::path::Path, title: &str) -> Result<i32> {
    use corroborate_web::report::{render, ReportDoc};
    let listed = store.documents()?;
    let bar = crate::progress::files(listed.len() as u64, true);
    let (mut docs, mut claims) = (Vec::new(), Vec::new());
    for d in listed {
        bar.inc(1);
        let t = resolve(store, &d.id.to_string())?;
        claims.extend(store.claims(&ClaimFilter { include_rejected: true, ..t.claims() })?);
        docs.push(ReportDoc { name: t.name(), title: t.doc.title.clone(), bytes: t.bytes });
    }
    bar.finish_and_clear();
    std::fs::write(output, render(title, &docs, &claims))
        .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("wrote {} ({} documents, {} claims)", output.display(), docs.len(), claims.len());
    Ok(0)
}

/// Why `import-reviews` refuses a row whose claim was reviewed after the
/// export, naming who reviewed it and when: the importing user's own
/// review made through the pages or the API is theirs, not "someone
/// else's".
pub fn stale_reason(store: &mut dyn Store, claim: i64, importer: &str) -> Result<String> {
    let stale = corroborate_store::sheet::STALE;
    let Some(last) = store.reviews(claim)?.pop() else { return Ok(format!("{stale}: export again")) };
    let who = if last.reviewer == importer { format!("by you ({importer})") } else { format!("by {}", last.reviewer) };
    Ok(format!("{stale} {who} (review #{}, {}): export again and redo the edit", last.id, last.created_at))
}
