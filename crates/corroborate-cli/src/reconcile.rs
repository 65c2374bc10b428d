//! `corroborate groups`, `diff` and `versions`: reconciliation over files
//! (extracted on the fly) or over the ledger.

use crate::files;
use crate::output::{num, truncate};
use anyhow::Result;
use corroborate_doc::{Document, FormatHint};
use corroborate_extract::extract;
use corroborate_reconcile::{diff, group, versions, ClaimFields, Item};
use corroborate_store::{ClaimFilter, Store};
use corroborate_web::state::items_of_rows;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

/// The items of one document, extracted now.
pub fn items_of(doc: &Document) -> Vec<Item> {
    extract(doc)
        .iter()
        .map(|c| Item {
            doc: c.doc.clone(),
            fields: ClaimFields::from(c),
            sentence: c.sentence_start,
            sentence_text: doc.clean(doc.sentences[c.sentence].span).to_string(),
        })
        .collect()
}

/// Items from files, or from the store when no path is given.
pub fn load(paths: &[PathBuf], store: Option<&mut dyn Store>) -> Result<(Vec<Item>, i32)> {
    let mut failed = 0;
    if paths.is_empty() {
        if let Some(s) = store {
            return Ok((items_of_rows(&s.claims(&ClaimFilter::default())?), 0));
        }
    }
    let mut items = Vec::new();
    let (all, unreadable) = files::collect(paths)?;
    failed += unreadable;
    for f in all {
        match files::read_document(&f, FormatHint::Auto) {
            Ok(doc) => items.extend(items_of(&doc)),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    Ok((items, i32::from(failed > 0)))
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Prints groups.
pub fn groups(out: &mut impl Write, items: &[Item], conflicts_only: bool, jsonl: bool) -> Result<()> {
    let gs = group::group(items);
    for g in &gs {
        let conflict = !g.conflicts.is_empty();
        if conflicts_only && !conflict {
            continue;
        }
        let mut kinds: Vec<&str> = g.conflicts.iter().flat_map(|c| c.kinds.iter().copied()).collect();
        kinds.sort();
        kinds.dedup();
        let explanation = if conflict {
            g.conflicts.iter().map(|c| c.explanation.as_str()).collect::<Vec<_>>().join("; ")
        } else if g.members.len() > 1 {
            format!("{} claims agree", g.members.len())
        } else {
            "one claim".to_string()
        };
        if jsonl {
            let claims: Vec<_> = g.members.iter().map(|&i| &items[i]).collect();
            let line = json!({
                "id": g.id, "claims": claims, "conflict": conflict, "kinds": kinds,
                "low": finite(g.union.0), "high": finite(g.union.1), "best": g.best, "basis": g.basis,
                "explanation": explanation,
            });
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        } else if g.members.len() > 1 || conflict {
            let first = &items[g.members[0]];
            writeln!(
                out,
                "group {} · {} · {} · {}{}",
                g.id,
                first.fields.act.as_deref().unwrap_or("?"),
                first.fields.subject.as_deref().unwrap_or("?"),
                first.fields.place.as_deref().unwrap_or("?"),
                if conflict { format!(" · CONFLICT {}", kinds.join(", ")) } else { String::new() }
            )?;
            for &i in &g.members {
                let c = &items[i];
                writeln!(out, "    {:<28} {:>10} {:>10} {:<9} {:<9} {}", truncate(&c.fields.quote, 28), num(c.fields.low), num(c.fields.high), c.fields.qualifier, c.fields.stance, c.doc)?;
            }
            if conflict {
                writeln!(out, "    {explanation}")?;
            }
        }
    }
    Ok(())
}

/// Prints the diff of two documents' claims.
pub fn print_diff(out: &mut impl Write, old: &[Item], new: &[Item], jsonl: bool) -> Result<()> {
    for c in diff::diff(old, new) {
        if jsonl {
            serde_json::to_writer(&mut *out, &c)?;
            writeln!(out)?;
            continue;
        }
        let q = |x: &Option<Item>| x.as_ref().map_or(String::new(), |i| format!("{} ({}, {})", i.fields.quote, i.fields.qualifier, i.fields.stance));
        match c.kind {
            "changed" | "reattributed" => writeln!(out, "~ {} [{}] {} → {}", c.kind, c.fields.join(", "), q(&c.old), q(&c.new))?,
            "removed" => writeln!(out, "- {}", q(&c.old))?,
            _ => writeln!(out, "+ {}", q(&c.new))?,
        }
        for (mark, side) in [("<", &c.old), (">", &c.new)] {
            if let Some(i) = side {
                writeln!(out, "    {mark} {}", truncate(&i.sentence_text, 160))?;
            }
        }
    }
    Ok(())
}

/// Prints documents that are versions or copies of one another.
pub fn print_versions(out: &mut impl Write, docs: &[(String, String)], jsonl: bool) -> Result<()> {
    for r in versions::related(docs, versions::THRESHOLD) {
        if jsonl {
            serde_json::to_writer(&mut *out, &r)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{} ~ {}  (similarity {:.2})", r.a, r.b, r.similarity)?;
        }
    }
    Ok(())
}
