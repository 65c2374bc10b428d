//! `corroborate revisions --db … --life | --page PAGE | --claim ID`: the life
//! of each claim of a dump page as the ledger stores it (first seen,
//! changed, removed, with who and when), read without the dump.

use anyhow::{bail, Result};
use corroborate_store::{ClaimLife, LifeRevision, Store};
use std::io::Write;

/// Which lives to print.
pub enum Which {
    /// Every stored page's.
    All,
    /// One page's, by a document reference (name, id or hash).
    Page(String),
    /// The one holding this claim (any of its claims' row ids).
    Claim(i64),
}

impl Which {
    /// What `--claim`, `--page` and `--life` ask for (in that order), or
    /// `None` for the changes between revisions.
    pub fn from_flags(life: bool, page: Option<String>, claim: Option<i64>) -> Option<Which> {
        match (claim, page) {
            (Some(id), _) => Some(Which::Claim(id)),
            (None, Some(p)) => Some(Which::Page(p)),
            (None, None) => life.then_some(Which::All),
        }
    }
}

/// "rev 1002 by Newer at 2023-06-01T10:00:00Z".
fn revision(r: &LifeRevision) -> String {
    format!(
        "rev {} by {} at {}",
        r.rev_id,
        r.contributor.as_deref().unwrap_or("?"),
        r.timestamp.as_deref().unwrap_or("?")
    )
}

/// A life on one line: "PAGE: claim N "quote": first seen in rev …; changed
/// value "1,219" → "121" in rev …; removed in rev …".
pub fn line(l: &ClaimLife) -> String {
    let mut parts = vec![format!("first seen in {}", revision(&l.first))];
    for c in &l.changes {
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                format!("{} {:?} → {:?}", f.field, f.old.as_deref().unwrap_or("·"), f.new.as_deref().unwrap_or("·"))
            })
            .collect();
        parts.push(format!("{} {} in {}", c.kind, fields.join(", "), revision(&c.revision)));
    }
    match &l.removed {
        Some(r) => parts.push(format!("removed in {}", revision(r))),
        None => parts.push(format!("in the latest revision as claim {}", l.latest_claim)),
    }
    format!("{}: claim {} {:?}: {}", l.page, l.id, l.quote, parts.join("; "))
}

/// The lives `which` asks for.
fn lives(store: &mut dyn Store, which: &Which) -> Result<Vec<ClaimLife>> {
    Ok(match which {
        Which::Claim(id) => match store.claim_life(*id)? {
            Some(l) => vec![l],
            None => bail!("claim {id} has no life in the ledger: it is not a claim of a stored dump revision"),
        },
        Which::Page(reference) => {
            let (doc, _) = store.document(reference)?;
            let found = store.page_lives(doc.id)?;
            if found.is_empty() && store.revision(doc.id, None)?.is_none() {
                bail!("{reference:?} is not a dump page: it has no revisions");
            }
            found
        }
        Which::All => {
            let mut all = Vec::new();
            for d in store.documents()? {
                all.extend(store.page_lives(d.id)?);
            }
            all
        }
    })
}

/// Prints the lives `which` asks for: one line each, or one JSON object
/// each (a [`ClaimLife`]).
pub fn print_lives(out: &mut impl Write, store: &mut dyn Store, which: &Which, jsonl: bool) -> Result<()> {
    for l in lives(store, which)? {
        if jsonl {
            serde_json::to_writer(&mut *out, &l)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", line(&l))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_store::{FieldChange, LifeChange};

    fn rev(id: &str, who: &str) -> LifeRevision {
        LifeRevision {
            rev_id: id.into(),
            timestamp: Some("2020-01-01T00:00:00Z".into()),
            contributor: Some(who.into()),
        }
    }

    #[test]
    fn a_life_reads_as_one_line() {
        let l = ClaimLife {
            id: 7,
            document_id: 1,
            page: "Kerrow flood".into(),
            quote: "1,219".into(),
            first: rev("11", "Ada"),
            changes: vec![LifeChange {
                revision: rev("12", "Bo"),
                kind: "changed".into(),
                old_claim: 7,
                claim: 9,
                fields: vec![FieldChange { field: "value".into(), old: Some("1,219".into()), new: Some("121".into()) }],
            }],
            removed: Some(rev("13", "Cy")),
            latest_claim: 9,
            revisions: 2,
        };
        assert_eq!(
            line(&l),
            "Kerrow flood: claim 7 \"1,219\": first seen in rev 11 by Ada at 2020-01-01T00:00:00Z; changed value \"1,219\" → \"121\" in rev 12 by Bo at 2020-01-01T00:00:00Z; removed in rev 13 by Cy at 2020-01-01T00:00:00Z"
        );
    }
}
