//! The claims of two versions of a document, aligned: added, removed and
//! changed (value, qualifier, source, stance), with the sentences on both
//! sides.
//!
//! Alignment runs in two passes. First, claims with the same figure in
//! similar sentences are paired and are unchanged. Then the rest pair by
//! what they count (the grouping rules alone, `same_thing_profiled`) and, among those, by the
//! most similar sentence. A pair whose figure (value or qualifier) differs
//! is `changed`; one whose figure is the same but whose source or stance
//! differs is `reattributed`, so an unchanged figure is never reported as
//! changed. What is left is `added` or `removed`.

use crate::group::{same_thing_profiled, Profile};
use crate::Item;
use serde::Serialize;
use std::collections::HashSet;

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `added`, `removed`, `changed` or `reattributed`.
    pub kind: &'static str,
    /// What changed: `value`, `qualifier`, `source`, `stance`.
    pub fields: Vec<&'static str>,
    /// The claim in the old version.
    pub old: Option<Item>,
    /// The claim in the new version.
    pub new: Option<Item>,
}

fn word_set(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).map(str::to_lowercase).collect()
}

fn sentence_similarity(x: &HashSet<String>, y: &HashSet<String>) -> f64 {
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    x.intersection(y).count() as f64 / x.union(y).count() as f64
}

fn changed_fields(a: &Item, b: &Item) -> Vec<&'static str> {
    let mut f = Vec::new();
    if a.fields.low != b.fields.low || a.fields.high != b.fields.high {
        f.push("value");
    }
    if a.fields.qualifier != b.fields.qualifier {
        f.push("qualifier");
    }
    if a.fields.source != b.fields.source {
        f.push("source");
    }
    if a.fields.stance != b.fields.stance {
        f.push("stance");
    }
    f
}

/// Aligns `old` and `new` claims (each in document order).
pub fn diff(old: &[Item], new: &[Item]) -> Vec<Change> {
    let mut used_old = vec![false; old.len()];
    let mut used_new = vec![false; new.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    // Sentence words and rule profiles, once per claim.
    let (old_words, new_words): (Vec<_>, Vec<_>) = (
        old.iter().map(|a| word_set(&a.sentence_text)).collect(),
        new.iter().map(|b| word_set(&b.sentence_text)).collect(),
    );
    let (old_prof, new_prof): (Vec<_>, Vec<_>) =
        (old.iter().map(Profile::of).collect(), new.iter().map(Profile::of).collect());
    // Pass 1: same figure, similar sentence.
    for (i, a) in old.iter().enumerate() {
        let best = new
            .iter()
            .enumerate()
            .filter(|(j, b)| {
                !used_new[*j]
                    && a.fields.low == b.fields.low
                    && a.fields.high == b.fields.high
                    && a.fields.unit == b.fields.unit
            })
            .map(|(j, _)| (j, sentence_similarity(&old_words[i], &new_words[j])))
            .filter(|(_, s)| *s >= 0.3)
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((j, _)) = best {
            used_old[i] = true;
            used_new[j] = true;
            pairs.push((i, j));
        }
    }
    // Pass 2: same thing counted, the most similar sentences first (so a
    // figure early in the text does not take another's counterpart).
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for i in (0..old.len()).filter(|&i| !used_old[i] && old[i].fields.place.is_some()) {
        for j in (0..new.len()).filter(|&j| !used_new[j]) {
            if same_thing_profiled(&old_prof[i], &new_prof[j]) {
                candidates.push((sentence_similarity(&old_words[i], &new_words[j]), i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        if !used_old[i] && !used_new[j] {
            used_old[i] = true;
            used_new[j] = true;
            pairs.push((i, j));
        }
    }
    let mut out: Vec<Change> = Vec::new();
    for (i, j) in pairs {
        let f = changed_fields(&old[i], &new[j]);
        if f.is_empty() {
            continue;
        }
        let kind = if f.contains(&"value") || f.contains(&"qualifier") { "changed" } else { "reattributed" };
        out.push(Change { kind, fields: f, old: Some(old[i].clone()), new: Some(new[j].clone()) });
    }
    out.extend(old.iter().zip(&used_old).filter(|(_, u)| !**u).map(|(a, _)| Change {
        kind: "removed",
        fields: vec![],
        old: Some(a.clone()),
        new: None,
    }));
    out.extend(new.iter().zip(&used_new).filter(|(_, u)| !**u).map(|(b, _)| Change {
        kind: "added",
        fields: vec![],
        old: None,
        new: Some(b.clone()),
    }));
    out.sort_by_key(|c| c.old.as_ref().or(c.new.as_ref()).map_or(0, |x| x.fields.start));
    out
}
