//! `corroborate extract --explain`: why each figure did or did not come
//! out as a claim.
//!
//! The extractor does the work ([`corroborate_extract::explain()`]); this
//! module only prints it, one document at a time in name order (files,
//! standard input, every revision of a dump): as text for people, or as
//! one JSON line per figure with `--format jsonl`. `--limit` counts
//! figures.

use crate::files;
use crate::listing::{Listing, RowFormat};
use crate::output;
use anyhow::Result;
use corroborate_doc::{Document, FormatHint};
use corroborate_extract::explain::{Explanation, Verdict};
use std::io::Write;
use std::path::PathBuf;

/// `corroborate extract --explain`; returns the exit code.
pub fn run(paths: &[PathBuf], hint: FormatHint, listing: &Listing) -> Result<i32> {
    let jsonl = match listing.format_or(RowFormat::Table) {
        RowFormat::Jsonl => true,
        RowFormat::Table => false,
        RowFormat::Csv => anyhow::bail!("`extract --explain` has no CSV form: use --format jsonl (or table)"),
    };
    let mut out = listing.dest.open()?;
    let mut left = listing.dest.limit.unwrap_or(usize::MAX);
    let mut failed = 0;
    let mut show = |doc: &Document, out: &mut dyn Write| -> Result<bool> {
        let e = corroborate_extract::explain(doc);
        if jsonl {
            print_jsonl(out, doc, &e, &mut left)
        } else {
            print_text(out, doc, &e, &mut left)
        }
    };
    for path in paths {
        if path.as_os_str() == "-" {
            let doc = crate::cmd_extract::read_stdin(hint)?;
            if !show(&doc, &mut out)? {
                return finish(out, failed);
            }
            continue;
        }
        let (all, unreadable) = files::collect(std::slice::from_ref(path))?;
        failed += unreadable;
        for f in all {
            let docs: Box<dyn Iterator<Item = Result<Document>>> = if files::is_dump(&f.path) {
                let revs = files::dump_revisions(&f.path)?;
                Box::new(
                    revs.filter(|r| r.as_ref().map_or(true, |r| !files::is_empty_revision(r)))
                        .map(|r| r.map_err(anyhow::Error::from).and_then(|r| files::revision_document(&r))),
                )
            } else {
                Box::new(std::iter::once(files::read_document(&f, hint)))
            };
            for doc in docs {
                match doc {
                    Ok(doc) => {
                        if !show(&doc, &mut out)? {
                            return finish(out, failed);
                        }
                    }
                    Err(e) => {
                        eprintln!("error: {}", output::error_message(&e));
                        failed += 1;
                    }
                }
            }
        }
    }
    finish(out, failed)
}

fn finish(mut out: Box<dyn Write + Send>, failed: usize) -> Result<i32> {
    out.flush()?;
    Ok(i32::from(failed > 0))
}

/// What a verdict says in a line of text.
fn verdict_text(e: &Explanation, v: &Verdict) -> String {
    match v {
        Verdict::Claim { claim, .. } => {
            let c = &e.claims[*claim];
            let bound = |x: Option<f64>| x.map_or("?".to_string(), |v| v.to_string());
            format!(
                "CLAIM {}..{} {:?} act={} subject={} place={} years={}..{} stance={:?}",
                bound(c.low),
                bound(c.high),
                c.qualifier,
                c.act.unwrap_or("-"),
                c.subject.as_deref().unwrap_or("-"),
                c.place.as_deref().unwrap_or("-"),
                c.year_start.map_or("?".into(), |y| y.to_string()),
                c.year_end.map_or("?".into(), |y| y.to_string()),
                c.stance,
            )
        }
        Verdict::Excluded { rule, why } => format!("excluded by {rule}: {why}"),
        Verdict::NotAFigure => "not read as a figure (ordinal, decade or digits glued to letters)".into(),
    }
}

/// Prints an explanation as text: each sentence with a figure, then one
/// line per figure and, under a claim, the rules that decided its fields.
fn print_text(out: &mut dyn Write, doc: &Document, e: &Explanation, left: &mut usize) -> Result<bool> {
    writeln!(out, "{} ({}, {} claims)", doc.name, doc.format.name(), e.claims.len())?;
    for s in &e.sentences {
        let text: String = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(out, "  sentence {} [{}..{}]: {}", s.sentence, s.start, s.end, text)?;
        for f in &s.figures {
            if *left == 0 {
                return Ok(false);
            }
            *left -= 1;
            writeln!(out, "    {:?} [{}..{}] {}", f.quote, f.start, f.end, verdict_text(e, &f.verdict))?;
            if let Verdict::Claim { trace, .. } = &f.verdict {
                for step in trace {
                    writeln!(out, "        {step}")?;
                }
            }
        }
    }
    Ok(true)
}

/// Prints an explanation as JSON Lines: one object per figure, with its
/// document, sentence and verdict, and the claim itself where it is one.
fn print_jsonl(out: &mut dyn Write, doc: &Document, e: &Explanation, left: &mut usize) -> Result<bool> {
    for s in &e.sentences {
        for f in &s.figures {
            if *left == 0 {
                return Ok(false);
            }
            *left -= 1;
            let mut v = serde_json::json!({
                "doc": doc.name,
                "sentence": s.sentence,
                "sentence_start": s.start,
                "sentence_end": s.end,
            });
            let fig = serde_json::to_value(f)?;
            if let (Some(o), serde_json::Value::Object(fo)) = (v.as_object_mut(), fig) {
                o.extend(fo);
                if let Verdict::Claim { claim, .. } = &f.verdict {
                    o.insert("claim".into(), serde_json::to_value(&e.claims[*claim])?);
                }
            }
            serde_json::to_writer(&mut *out, &v)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(true)
}
