//! `corroborate revisions`: which edit changed a figure, from a dump read
//! now or from the revisions stored in the ledger.

use crate::files;
use crate::reconcile::items_from;
use anyhow::Result;
use corroborate_reconcile::{diff, Item};
use corroborate_store::{ClaimFilter, Store};
use corroborate_web::items_of_rows;
use serde_json::json;
use std::io::Write;

/// One revision of a page, as the revision diff needs it.
pub struct PageRevision {
    /// The page's title.
    pub page: String,
    /// The revision id.
    pub rev: String,
    /// When it was saved, where known.
    pub timestamp: Option<String>,
    /// Who saved it, where known.
    pub contributor: Option<String>,
    /// Its claims.
    pub items: Vec<Item>,
}

/// Prints the claim changes from revision `old` to revision `new` of a page.
fn print_pair(out: &mut impl Write, old: &PageRevision, new: &PageRevision, jsonl: bool) -> Result<()> {
    for c in diff::diff(&old.items, &new.items) {
        if jsonl {
            let line = json!({
                "page": new.page, "old_rev": old.rev.parse::<u64>().ok(), "new_rev": new.rev.parse::<u64>().ok(),
                "timestamp": new.timestamp, "contributor": new.contributor,
                "kind": c.kind, "fields": c.fields, "old": c.old, "new": c.new,
            });
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        } else {
            let q = |x: &Option<Item>| x.as_ref().map_or("·".to_string(), |i| i.fields.quote.clone());
            writeln!(
                out,
                "{} rev {} → {} ({}, {}): {} {} → {}",
                new.page,
                old.rev,
                new.rev,
                new.timestamp.as_deref().unwrap_or("?"),
                new.contributor.as_deref().unwrap_or("?"),
                c.kind,
                q(&c.old),
                q(&c.new)
            )?;
        }
    }
    Ok(())
}

/// Prints the changes between consecutive revisions of each page, keeping
/// only the previous revision in memory.
fn print_page_diffs(out: &mut impl Write, revs: impl Iterator<Item = PageRevision>, jsonl: bool) -> Result<()> {
    let mut prev: Option<PageRevision> = None;
    for r in revs {
        if let Some(old) = prev.as_ref().filter(|p| p.page == r.page) {
            print_pair(out, old, &r, jsonl)?;
        }
        prev = Some(r);
    }
    Ok(())
}

/// Prints, for each page of a dump, the claim changes between consecutive
/// revisions, labelled with the revision ids; returns the exit code. An
/// empty revision is a revision with no claims (noted on stderr): its
/// predecessor's claims show as removed, its successor's as added.
pub fn print_revisions(
    out: &mut impl Write,
    dump: &std::path::Path,
    jsonl: bool,
    bar: &indicatif::ProgressBar,
) -> Result<i32> {
    let failed = std::cell::Cell::new(0);
    let revs = files::dump_revisions(dump)?.inspect(|_| bar.inc(1)).map_while(|rev| match rev {
        Ok(r) => Some(r),
        Err(e) => {
            bar.suspend(|| eprintln!("error: {}: {e}", dump.display()));
            failed.set(1);
            None
        }
    });
    // A revision that restores a recent text reuses its claims (see
    // `repeats`): the same as extracting it again, without the cost.
    // Any other revision goes through the extractor only for the
    // paragraphs it changed (see `corroborate_extract::incremental`).
    let mut incremental = crate::page_claims::PageClaims::new();
    let window = if incremental.is_from_scratch() { 0 } else { crate::repeats::WINDOW };
    let mut repeats: crate::repeats::Repeats<Vec<Item>> = crate::repeats::Repeats::new(window);
    let pages = revs.filter_map(|mut rev| {
        let items = if files::is_empty_revision(&rev) {
            bar.suspend(|| eprintln!("{}", files::empty_revision_note(&rev)));
            Vec::new()
        } else if let Some(items) = repeats.get(rev.page_id, &rev.text) {
            let name = format!("{}#{}", rev.title, rev.rev_id);
            items.iter().cloned().map(|i| Item { doc: name.clone(), ..i }).collect()
        } else {
            // The text is read without a copy, then kept for `repeats`
            // out of the document's bytes (a revision's text is UTF-8).
            let owned = corroborate_doc::dump::Revision { text: std::mem::take(&mut rev.text), ..rev.clone() };
            match incremental.read_owned(owned) {
                Ok(doc) => {
                    let items = items_from(&doc, &incremental.extract(&doc));
                    repeats.put(rev.page_id, doc.bytes, items.clone());
                    items
                }
                Err(e) => {
                    bar.suspend(|| eprintln!("error: {}", crate::output::error_message(&e)));
                    failed.set(1);
                    return None;
                }
            }
        };
        Some(PageRevision {
            page: rev.title,
            rev: rev.rev_id.to_string(),
            timestamp: Some(rev.timestamp),
            contributor: rev.contributor,
            items,
        })
    });
    print_page_diffs(out, pages, jsonl)?;
    Ok(failed.get())
}

/// Prints the revision diffs of the pages stored in the ledger, as
/// [`print_revisions`] prints them from the dump: every stored revision in
/// the order it was made (empty ones included), with who and when.
pub fn print_stored_revisions(out: &mut impl Write, store: &mut dyn Store, jsonl: bool) -> Result<()> {
    let mut items: std::collections::HashMap<String, Vec<Item>> = std::collections::HashMap::new();
    for item in items_of_rows(&store.claims(&ClaimFilter::default())?) {
        if item.doc.contains('#') {
            items.entry(item.doc.clone()).or_default().push(item);
        }
    }
    let revs = store.revisions()?.into_iter().map(|r| PageRevision {
        items: items.remove(&format!("{}#{}", r.page, r.rev_id)).unwrap_or_default(),
        page: r.page,
        rev: r.rev_id,
        timestamp: r.timestamp,
        contributor: r.contributor,
    });
    print_page_diffs(out, revs, jsonl)
}
