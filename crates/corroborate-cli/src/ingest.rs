//! `corroborate ingest`: documents into the ledger, in batches, one
//! transaction per batch.

use crate::files;
use crate::page_claims::PageClaims;
use anyhow::Result;
use corroborate_doc::{Document, FormatHint};
use corroborate_extract::context::place::GAZETTEER;
use corroborate_extract::{extract_in_frame, Claim, EXTRACTOR_VERSION};
use corroborate_store::{
    ClaimFields, IngestStats, NewCitation, NewClaim, NewDocument, NewPage, NewRevision, NewSentence, Store,
};
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Documents per transaction.
const BATCH_DOCS: usize = 64;

/// A place and every place containing it.
fn place_path(place: Option<&str>) -> Vec<String> {
    let Some(p) = place else { return Vec::new() };
    let mut out = vec![p.to_string()];
    if let Some(i) = GAZETTEER.lookup(p) {
        let canonical = GAZETTEER.places[i].name;
        if canonical != p {
            out.push(canonical.to_string());
        }
        out.extend(GAZETTEER.ancestors(i).into_iter().map(str::to_string));
    }
    out
}

/// A document and its claims as the store takes them.
pub fn new_document(doc: Document, origin: &Path) -> NewDocument {
    let frame = corroborate_extract::frame(&doc);
    let claims = extract_in_frame(&doc, &frame);
    stored(doc, origin, &frame, &claims)
}

/// A revision and its claims as the store takes them, extracted by
/// `incremental` (which read the page's previous revisions): equal to
/// [`new_document`].
fn new_revision_document(doc: Document, origin: &Path, incremental: &mut PageClaims) -> NewDocument {
    let frame = corroborate_extract::frame(&doc);
    let claims = incremental.extract_in_frame(&doc, &frame);
    stored(doc, origin, &frame, &claims)
}

/// A document, its frame and its claims as the store takes them.
fn stored(doc: Document, origin: &Path, frame: &corroborate_extract::Frame, claims: &[Claim]) -> NewDocument {
    let sentences = doc
        .sentences
        .iter()
        .map(|s| {
            let o = doc.orig_span(s.span);
            NewSentence { start: o.start as i64, end: o.end as i64, text: doc.clean(s.span).to_string() }
        })
        .collect();
    let citations = doc
        .citations
        .iter()
        .map(|c| NewCitation {
            sentence: c.sentence.map(|s| s as i64),
            start: c.orig.start as i64,
            end: c.orig.end as i64,
            kind: serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            label: c.label.clone(),
        })
        .collect();
    let claims = claims
        .iter()
        .map(|c| NewClaim {
            fields: ClaimFields::from(c),
            sentence: c.sentence as i64,
            place_path: place_path(c.place.as_deref()),
            extractor: EXTRACTOR_VERSION.to_string(),
        })
        .collect();
    NewDocument {
        name: doc.name.clone(),
        origin: origin.display().to_string(),
        format: doc.format.name().to_string(),
        hash: doc.hash().to_string(),
        title: doc.title.clone(),
        sentences,
        citations,
        claims,
        frame: frame.into(),
        bytes: doc.bytes,
    }
}

/// A revision with no text: stored as it is, with nothing read from it.
fn empty_revision_document(r: &corroborate_doc::dump::Revision, origin: &str) -> NewDocument {
    let bytes = r.text.as_bytes().to_vec();
    NewDocument {
        name: format!("{}#{}", r.title, r.rev_id),
        origin: origin.to_string(),
        format: corroborate_doc::Format::Wikitext.name().to_string(),
        hash: corroborate_store::sha256_hex(&bytes),
        title: None,
        sentences: Vec::new(),
        citations: Vec::new(),
        claims: Vec::new(),
        frame: Default::default(),
        bytes,
    }
}

/// Reads a page's pending revisions (one run of consecutive revisions per
/// core, each read in order by one incremental extractor: only the
/// paragraphs a revision changed go through the extractor) and stores
/// them; a revision that cannot be read is reported and counted in
/// `failed`.
fn flush_revisions(
    store: &mut dyn Store,
    page: &NewPage,
    pending: &mut Vec<corroborate_doc::dump::Revision>,
    total: &mut IngestStats,
    failed: &mut u64,
    bar: &ProgressBar,
) -> Result<()> {
    use rayon::prelude::*;
    let run = pending.len().div_ceil(rayon::current_num_threads().max(1)).max(1);
    let read: Vec<Result<NewRevision>> = pending
        .par_chunks(run)
        .flat_map_iter(|chunk| {
            let mut incremental = PageClaims::new();
            chunk
                .iter()
                .map(|r| {
                    let doc = if files::is_empty_revision(r) {
                        // A blanked page is a revision too: stored with no
                        // text and no claims, so that `revisions` shows the
                        // blanking.
                        empty_revision_document(r, &page.origin)
                    } else {
                        let doc = incremental.read(r)?;
                        new_revision_document(doc, Path::new(&page.origin), &mut incremental)
                    };
                    Ok(NewRevision {
                        rev_id: r.rev_id.to_string(),
                        parent: r.parent_id.map(|p| p.to_string()),
                        timestamp: r.timestamp.clone(),
                        contributor: r.contributor.clone(),
                        doc,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut revs = Vec::with_capacity(read.len());
    for (r, rev) in pending.iter().zip(read) {
        match rev {
            Ok(rev) => {
                if files::is_empty_revision(r) {
                    bar.suspend(|| eprintln!("{}", files::empty_revision_note(r)));
                }
                revs.push(rev)
            }
            Err(e) => {
                bar.suspend(|| eprintln!("error: {}", crate::output::error_message(&e)));
                *failed += 1;
            }
        }
    }
    total.merge(store.ingest_revisions(page, &revs)?);
    pending.clear();
    Ok(())
}

/// Ingests a MediaWiki dump: each page a document, each revision a
/// revision of it. Revisions are buffered up to `batch_bytes` of text, then
/// extracted in parallel and written in one transaction, so memory stays
/// bounded whatever the dump's size. `bar` counts the revisions read;
/// `pages` the pages.
fn run_dump(
    store: &mut dyn Store,
    path: &Path,
    batch_bytes: usize,
    total: &mut IngestStats,
    bar: &ProgressBar,
    pages: &mut u64,
) -> Result<u64> {
    let mut failed: u64 = 0;
    let mut page: Option<(u64, NewPage)> = None;
    let mut pending: Vec<corroborate_doc::dump::Revision> = Vec::new();
    let mut pending_bytes = 0;
    for rev in files::dump_revisions(path)? {
        let rev = match rev {
            Ok(r) => r,
            Err(e) => {
                bar.suspend(|| eprintln!("error: {}: {e}", path.display()));
                failed += 1;
                break;
            }
        };
        let same_page = page.as_ref().is_some_and(|(id, _)| *id == rev.page_id);
        if !same_page || pending_bytes + rev.text.len() > batch_bytes {
            if let Some((_, p)) = &page {
                if !pending.is_empty() {
                    flush_revisions(store, p, &mut pending, total, &mut failed, bar)?;
                }
            }
            pending_bytes = 0;
        }
        bar.inc(1);
        if !same_page {
            *pages += 1;
            page = Some((
                rev.page_id,
                NewPage {
                    title: rev.title.clone(),
                    origin: path.display().to_string(),
                    key: format!("mediawiki-page:{}:{}", rev.page_id, rev.title),
                },
            ));
        }
        pending_bytes += rev.text.len();
        pending.push(rev);
        bar.set_message(format!(
            "in {pages} pages, {:.1} MB, {} claims (dump {})",
            total.bytes as f64 / 1e6,
            total.claims,
            path.display()
        ));
    }
    if let Some((_, p)) = &page {
        if !pending.is_empty() {
            flush_revisions(store, p, &mut pending, total, &mut failed, bar)?;
        }
    }
    Ok(failed)
}

/// Ingests `paths` into `store`, holding at most `batch_mb` megabytes of
/// documents at a time; returns the exit code.
pub fn run(store: &mut dyn Store, paths: &[PathBuf], hint: FormatHint, batch_mb: usize) -> Result<i32> {
    let batch_limit = batch_mb.max(1) << 20;
    let (all, unreadable) = files::collect(paths)?;
    let (dumps, files): (Vec<files::Input>, Vec<files::Input>) = all.into_iter().partition(|f| files::is_dump(&f.path));
    let dumps: Vec<PathBuf> = dumps.into_iter().map(|d| d.path).collect();
    let started = Instant::now();
    let mut total = IngestStats::default();
    let mut failed = unreadable as u64;
    let (mut pages, mut revisions) = (0, 0);
    for d in &dumps {
        let bar = crate::progress::revisions(&d.display().to_string(), true);
        failed += run_dump(store, d, batch_limit, &mut total, &bar, &mut pages)?;
        revisions += bar.position();
        bar.finish_and_clear();
    }
    let bar = crate::progress::files(files.len() as u64, true);
    let mut batch: Vec<NewDocument> = Vec::new();
    let mut batch_bytes = 0;
    let flush = |store: &mut dyn Store, batch: &mut Vec<NewDocument>, total: &mut IngestStats| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        total.merge(store.ingest(batch)?);
        batch.clear();
        Ok(())
    };
    use rayon::prelude::*;
    for chunk in files.chunks(crate::CHUNK) {
        // Read (and hash) in parallel; skip what the ledger holds; extract
        // the rest in parallel; write in order.
        let read: Vec<(&PathBuf, Result<Document>)> =
            chunk.par_iter().map(|f| (&f.path, files::read_document(f, hint))).collect();
        let mut todo = Vec::new();
        for (f, doc) in read {
            bar.inc(1);
            match doc {
                Err(e) => {
                    bar.suspend(|| eprintln!("error: {}", crate::output::error_message(&e)));
                    failed += 1;
                }
                Ok(doc)
                    if store.has_hash(doc.hash())?
                        || batch.iter().any(|d| d.hash == doc.hash())
                        || todo.iter().any(|(_, d): &(&PathBuf, Document)| d.hash() == doc.hash()) =>
                {
                    total.skipped += 1;
                }
                Ok(doc) => todo.push((f, doc)),
            }
        }
        let extracted: Vec<NewDocument> = todo.into_par_iter().map(|(f, doc)| new_document(doc, f)).collect();
        for nd in extracted {
            batch_bytes += nd.bytes.len();
            batch.push(nd);
            if batch.len() >= BATCH_DOCS || batch_bytes >= batch_limit {
                flush(store, &mut batch, &mut total)?;
                batch_bytes = 0;
            }
        }
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{:.1} MB, {} claims, {:.1} MB/s",
            total.bytes as f64 / 1e6,
            total.claims,
            total.bytes as f64 / 1e6 / secs
        ));
    }
    flush(store, &mut batch, &mut total)?;
    bar.finish_and_clear();
    summary(files.len(), dumps.len(), (pages, revisions), &total, failed, started.elapsed().as_secs_f64().max(1e-3));
    Ok(if failed > 0 { 1 } else { 0 })
}

/// The line `ingest` ends with: what was read, added, skipped and failed,
/// and how fast.
fn summary(files: usize, dumps: usize, (pages, revisions): (u64, u64), total: &IngestStats, failed: u64, secs: f64) {
    let dumps_read = if dumps == 0 {
        String::new()
    } else {
        format!(
            " ({pages} page{}, {revisions} revision{})",
            if pages == 1 { "" } else { "s" },
            if revisions == 1 { "" } else { "s" }
        )
    };
    eprintln!(
        "ingested {} files and {} dumps{dumps_read}: {} added ({:.2} MB, {} claims), {} already present, {} failed in {:.1} s ({:.2} MB/s, {:.0} claims/s)",
        files,
        dumps,
        total.added,
        total.bytes as f64 / 1e6,
        total.claims,
        total.skipped,
        failed,
        secs,
        total.bytes as f64 / 1e6 / secs,
        total.claims as f64 / secs
    );
}
