//! `corroborate groups`, `events`, `diff` and `versions`: reconciliation
//! over files (extracted on the fly), over claims in the exchange format
//! (CLAIMS.md §5, located in their documents) or over the ledger.

use crate::files;
use crate::output::{num, truncate};
use anyhow::{bail, Context as _, Result};
use corroborate_doc::{Document, FormatHint};
use corroborate_extract::extract;
use corroborate_reconcile::{diff, report, versions, ClaimFields, Item};
use corroborate_store::{ClaimFilter, Store};
use corroborate_web::items_of_rows;
use serde_json::json;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;

/// The items of one document, extracted now.
pub fn items_of(doc: &Document) -> Vec<Item> {
    items_from(doc, &extract(doc))
}

/// The items of one document from its claims, extracted already.
pub fn items_from(doc: &Document, claims: &[corroborate_extract::Claim]) -> Vec<Item> {
    claims
        .iter()
        .map(|c| Item {
            doc: c.doc.clone(),
            fields: ClaimFields::from(c),
            sentence: c.sentence_start,
            sentence_text: doc.clean(doc.sentences[c.sentence].span).to_string(),
        })
        .collect()
}

/// Claims to reconcile and the documents they come from (name, clean text).
pub struct Loaded {
    /// The claims.
    pub items: Vec<Item>,
    /// Their documents, for events and copies (empty for the ledger).
    pub docs: Vec<(String, String)>,
    /// 1 when some input could not be read.
    pub code: i32,
}

/// Items from files, or from the store when no path is given.
pub fn load(paths: &[PathBuf], store: Option<&mut dyn Store>) -> Result<Loaded> {
    let mut failed = 0;
    if paths.is_empty() {
        if let Some(s) = store {
            return Ok(Loaded { items: items_of_rows(&s.claims(&ClaimFilter::default())?), docs: Vec::new(), code: 0 });
        }
    }
    let mut items = Vec::new();
    let mut docs = Vec::new();
    let (all, unreadable) = files::collect(paths)?;
    failed += unreadable;
    for f in all {
        match files::read_document(&f, FormatHint::Auto) {
            Ok(doc) => {
                items.extend(items_of(&doc));
                docs.push((doc.name.clone(), doc.text.clone()));
            }
            Err(e) => {
                eprintln!("error: {}", crate::output::error_message(&e));
                failed += 1;
            }
        }
    }
    Ok(Loaded { items, docs, code: i32::from(failed > 0) })
}

/// Claims in the exchange format (CLAIMS.md §5: JSON Lines with `doc` and
/// either `start`/`end` or `quote` plus `context`), located in their
/// documents under `docs_dir`. A claim that cannot be located is reported
/// on stderr and left out (the code is then 1); a line that is not a claim
/// stops the run with its line number.
pub fn load_claims(file: &Path, docs_dir: &Path) -> Result<Loaded> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut documents: HashMap<String, Option<Document>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut items = Vec::new();
    let mut failed = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", file.display(), n + 1))?;
        let Some(name) = v.get("doc").and_then(Value::as_str) else {
            bail!("{}:{}: a claim needs a `doc`", file.display(), n + 1);
        };
        let doc = documents.entry(name.to_string()).or_insert_with(|| {
            order.push(name.to_string());
            match files::read_document(
                &files::Input { path: docs_dir.join(name), name: name.to_string() },
                FormatHint::Auto,
            ) {
                Ok(d) => Some(d),
                Err(e) => {
                    eprintln!("error: {}", crate::output::error_message(&e));
                    None
                }
            }
        });
        let Some(doc) = doc.as_ref() else {
            failed = true;
            continue;
        };
        match item_of_exchange(&v, doc) {
            Ok(item) => items.push(item),
            Err(e) => {
                eprintln!("error: {}:{}: {}", file.display(), n + 1, crate::output::error_message(&e));
                failed = true;
            }
        }
    }
    let docs = order
        .iter()
        .filter_map(|n| documents.get(n).and_then(Option::as_ref))
        .map(|d| (d.name.clone(), d.text.clone()))
        .collect();
    Ok(Loaded { items, docs, code: i32::from(failed) })
}

/// Where an exchange-format claim sits in its document's original bytes:
/// its own `start`/`end`, or its `context` found exactly once and its
/// `quote` inside that.
fn locate(v: &Value, bytes: &[u8]) -> Result<(usize, usize)> {
    if let (Some(s), Some(e)) = (v.get("start").and_then(Value::as_u64), v.get("end").and_then(Value::as_u64)) {
        let (s, e) = (usize::try_from(s)?, usize::try_from(e)?);
        if s >= e || e > bytes.len() {
            bail!("span {s}..{e} is outside the document ({} bytes)", bytes.len());
        }
        return Ok((s, e));
    }
    let (Some(context), Some(quote)) =
        (v.get("context").and_then(Value::as_str), v.get("quote").and_then(Value::as_str))
    else {
        bail!("a claim needs `start` and `end`, or `quote` and `context`");
    };
    let find = |hay: &[u8], needle: &[u8], from: usize| -> Option<usize> {
        if needle.is_empty() || hay.len() < needle.len() {
            return None;
        }
        (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
    };
    let first =
        find(bytes, context.as_bytes(), 0).with_context(|| format!("context not in the document: {context:?}"))?;
    if find(bytes, context.as_bytes(), first + 1).is_some() {
        bail!("context found more than once in the document: {context:?}");
    }
    let inner =
        find(context.as_bytes(), quote.as_bytes(), 0).with_context(|| format!("quote {quote:?} not in its context"))?;
    Ok((first + inner, first + inner + quote.len()))
}

/// An exchange-format claim as an item, with its sentence from the document.
fn item_of_exchange(v: &Value, doc: &Document) -> Result<Item> {
    let (start, end) = locate(v, &doc.bytes)?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let int = |k: &str| v.get(k).and_then(Value::as_i64);
    let sentence = doc
        .sentences
        .iter()
        .map(|s| (s, doc.orig_span(s.span)))
        .find(|(_, o)| o.start <= start && start < o.end.max(o.start + 1))
        .or_else(|| doc.sentences.iter().map(|s| (s, doc.orig_span(s.span))).rfind(|(_, o)| o.start <= start));
    let (sentence, sentence_text) = match sentence {
        Some((s, o)) => (o.start, doc.clean(s.span).to_string()),
        None => (start, String::new()),
    };
    let quote = text("quote").unwrap_or_else(|| String::from_utf8_lossy(&doc.bytes[start..end]).into_owned());
    Ok(Item {
        doc: doc.name.clone(),
        fields: ClaimFields {
            start: i64::try_from(start)?,
            end: i64::try_from(end)?,
            quote,
            low: v.get("low").and_then(Value::as_f64),
            high: v.get("high").and_then(Value::as_f64),
            unit: text("unit").unwrap_or_else(|| "count".into()),
            qualifier: text("qualifier").unwrap_or_else(|| "exact".into()),
            act: text("act"),
            subject: text("subject"),
            place: text("place"),
            year_start: int("year_start"),
            year_end: int("year_end"),
            perpetrator: text("perpetrator"),
            source: text("source"),
            stance: text("stance").unwrap_or_else(|| "asserted".into()),
        },
        sentence,
        sentence_text,
    })
}

/// Prints events: their names, places, years, documents and claim counts.
pub fn print_events(out: &mut impl Write, loaded: &Loaded, jsonl: bool) -> Result<()> {
    let (_, evs) = report::context(&loaded.docs);
    for e in &evs {
        let claims = loaded.items.iter().filter(|i| e.docs.contains(&i.doc)).count();
        if jsonl {
            let line = json!({"id": e.id, "name": e.name, "place": e.place, "years": e.years, "docs": e.docs, "claims": claims});
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        } else {
            let years =
                e.years.map_or(String::new(), |(a, b)| if a == b { format!(" · {a}") } else { format!(" · {a}–{b}") });
            writeln!(
                out,
                "event {} · {}{}{} · {} documents, {} claims",
                e.id,
                e.name,
                e.place.as_deref().map_or(String::new(), |p| format!(" · {p}")),
                years,
                e.docs.len(),
                claims
            )?;
            for d in &e.docs {
                writeln!(out, "    {d}")?;
            }
        }
    }
    Ok(())
}

/// Prints groups.
pub fn groups(out: &mut impl Write, loaded: &Loaded, conflicts_only: bool, jsonl: bool) -> Result<()> {
    let items = &loaded.items;
    let (gs, evs) = report::groups(items, &loaded.docs);
    for g in &gs {
        let conflict = !g.conflicts.is_empty();
        if conflicts_only && !conflict {
            continue;
        }
        if jsonl {
            serde_json::to_writer(&mut *out, &report::record(g, items, &evs))?;
            writeln!(out)?;
        } else if g.members.len() > 1 || conflict {
            let (kinds, explanation) = report::explain(g);
            let first = &items[g.members[0]];
            writeln!(
                out,
                "group {} · {} · {} · {} · {} claims from {} independent source{}{}",
                g.id,
                first.fields.act.as_deref().unwrap_or("?"),
                first.fields.subject.as_deref().unwrap_or("?"),
                first.fields.place.as_deref().unwrap_or("?"),
                g.members.len(),
                g.sources,
                if g.sources == 1 { "" } else { "s" },
                if conflict { format!(" · CONFLICT {}", kinds.join(", ")) } else { String::new() }
            )?;
            for &i in &g.members {
                let c = &items[i];
                writeln!(
                    out,
                    "    {:<28} {:>10} {:>10} {:<9} {:<9} {}",
                    truncate(&c.fields.quote, 28),
                    num(c.fields.low),
                    num(c.fields.high),
                    c.fields.qualifier,
                    c.fields.stance,
                    c.doc
                )?;
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
        let q = |x: &Option<Item>| {
            x.as_ref()
                .map_or(String::new(), |i| format!("{} ({}, {})", i.fields.quote, i.fields.qualifier, i.fields.stance))
        };
        match c.kind {
            "changed" | "reattributed" => {
                writeln!(out, "~ {} [{}] {} → {}", c.kind, c.fields.join(", "), q(&c.old), q(&c.new))?
            }
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
