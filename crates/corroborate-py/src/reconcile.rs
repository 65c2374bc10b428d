//! Grouping and revision diffs over claims that come from Python (claim
//! dicts, sent as JSON Lines), by corroborate-reconcile: the groups are
//! those `corroborate groups` finds, the diffs those `corroborate diff` and
//! `corroborate revisions` print.

use crate::document;
use corroborate_doc::{Document, FormatHint};
use corroborate_reconcile::{diff, report, ClaimFields, Item};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// The claims of JSON Lines as items. A claim's sentence is its
/// `sentence_start` (else its `start`); its sentence's text is the clean
/// text of that sentence in `docs` where its document is there, else its
/// `sentence` field, else empty.
fn items(jsonl: &str, docs: &HashMap<String, Document>) -> PyResult<Vec<Item>> {
    let mut out = Vec::new();
    for (n, line) in jsonl.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |e: String| PyValueError::new_err(format!("claim {}: {e}", n + 1));
        let v: Value = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let doc = v.get("doc").and_then(Value::as_str).ok_or_else(|| bad("a claim needs a `doc`".into()))?.to_string();
        let fields: ClaimFields = serde_json::from_value(v.clone()).map_err(|e| bad(e.to_string()))?;
        let sentence = v.get("sentence_start").and_then(Value::as_u64).map_or(usize::try_from(fields.start).unwrap_or(0), |s| s as usize);
        let from_doc = docs.get(&doc).and_then(|d| d.sentences.iter().find(|s| d.orig_span(s.span).start == sentence).map(|s| d.clean(s.span).to_string()));
        let sentence_text = from_doc.or_else(|| v.get("sentence").and_then(Value::as_str).map(str::to_string)).unwrap_or_default();
        out.push(Item { doc, fields, sentence, sentence_text });
    }
    Ok(out)
}

/// groups_json(claims, documents)
/// --
///
/// Groups claims (JSON Lines) in the context of their documents (name to
/// bytes, read as `corroborate groups` reads files) and returns one JSON
/// line per group, as `corroborate groups --format jsonl` prints them.
#[pyfunction]
pub(crate) fn groups_json(py: Python<'_>, claims: &str, documents: HashMap<String, Vec<u8>>) -> PyResult<String> {
    let claims = claims.to_string();
    py.detach(move || -> PyResult<String> {
        let mut docs = HashMap::new();
        let mut names: Vec<&String> = documents.keys().collect();
        names.sort();
        for name in names {
            let d = document::read(name, documents[name].clone(), FormatHint::Auto).map_err(document::error)?;
            docs.insert(name.clone(), d);
        }
        let items = items(&claims, &docs)?;
        // Documents in the order their claims first name them, as the
        // command line lists them.
        let mut order: Vec<(String, String)> = Vec::new();
        for i in &items {
            if let Some(d) = docs.get(&i.doc) {
                if !order.iter().any(|(n, _)| n == &i.doc) {
                    order.push((d.name.clone(), d.text.clone()));
                }
            }
        }
        let (gs, evs) = report::groups(&items, &order);
        let mut out = String::new();
        for g in &gs {
            out.push_str(&report::record(g, &items, &evs).to_string());
            out.push('\n');
        }
        Ok(out)
    })
}

/// diff_json(old, new)
/// --
///
/// The changes from the claims `old` to the claims `new` (JSON Lines, each
/// with its `sentence` text), one JSON line each, as
/// `corroborate diff --format jsonl` prints them.
#[pyfunction]
pub(crate) fn diff_json(py: Python<'_>, old: &str, new: &str) -> PyResult<String> {
    let none = HashMap::new();
    let (old, new) = (items(old, &none)?, items(new, &none)?);
    py.detach(move || {
        let mut out = String::new();
        for c in diff::diff(&old, &new) {
            // A change is strings, numbers and nulls: it always serializes.
            if let Ok(line) = serde_json::to_string(&c) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        Ok(out)
    })
}
