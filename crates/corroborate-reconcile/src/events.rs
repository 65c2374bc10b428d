//! Events: which documents are about the same thing that happened.
//!
//! Claims are compared inside an event before they are compared across the
//! corpus: two pages about one siege word its death toll differently, and
//! only knowing that both are about the siege lets "civilians who died in
//! the blockade" meet "Soviet civilian deaths".
//!
//! A document is described by the **names** it uses (capitalised words
//! past the first of a sentence, lower-cased, weighted by TF-IDF across the
//! documents at hand, the title line counted three times): documents about
//! one event share rare names (the town, the operation, the commander),
//! documents about different events share only common ones, which IDF
//! discounts. Documents join by average-linkage clustering on the cosine of
//! these vectors ([`SAME_EVENT`]); copies and revisions found by
//! [`crate::versions`] are always in one event. The clustering is
//! deterministic: the best pair merges first, ties by input order.
//!
//! An event is named by the names its documents weigh most, placed at the
//! gazetteer place its documents mention most, and spans the years its
//! documents mention most often.

use crate::versions::Related;
use corroborate_extract::context::place::{mentions, GAZETTEER};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Average cosine similarity of name vectors from which two clusters of
/// documents are about one event. Measured on pages about 14 events: pages
/// of one event share 0.12–0.6, pages of different events mostly below 0.1.
pub(crate) const SAME_EVENT: f64 = 0.12;

/// Bytes of each document read for names: the opening says what a page is about.
const READ: usize = 20_000;

/// Capitalised words that tie nothing together.
const COMMON: &[&str] = &[
    "the",
    "this",
    "that",
    "these",
    "those",
    "there",
    "from",
    "with",
    "after",
    "before",
    "during",
    "according",
    "however",
    "wikipedia",
    "jump",
    "content",
    "article",
    "revision",
    "retrieved",
    "world",
    "war",
    "his",
    "her",
    "their",
    "also",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// An event: documents about one thing that happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Its number, from 1.
    pub id: usize,
    /// The names its documents weigh most ("Rotterdam blitz luftwaffe").
    pub name: String,
    /// The gazetteer place its documents mention most.
    pub place: Option<String>,
    /// The first and last of the years its documents mention most.
    pub years: Option<(i32, i32)>,
    /// Its documents, in input order.
    pub docs: Vec<String>,
}

/// The lower-cased names of a text (see the module doc).
fn names(text: &str) -> Vec<String> {
    let text = &text[..floor_boundary(text, READ)];
    let mut out = Vec::new();
    let title = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .filter(|w| w.chars().count() > 2 && w.chars().next().is_some_and(char::is_uppercase))
            .map(str::to_lowercase)
            .filter(|w| !COMMON.contains(&w.as_str()))
            .collect()
    };
    for _ in 0..3 {
        out.extend(words(title));
    }
    for sentence in text.split(['.', '!', '?', '\n']) {
        // The first word of a sentence is capitalised anyway.
        let rest = sentence.trim_start().split_once(' ').map_or("", |(_, r)| r);
        out.extend(words(rest));
    }
    out
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Unit TF-IDF vectors of the documents' names.
fn vectors(texts: &[&str]) -> Vec<HashMap<String, f64>> {
    let tf: Vec<HashMap<String, usize>> = texts
        .iter()
        .map(|t| {
            let mut m = HashMap::new();
            for w in names(t) {
                *m.entry(w).or_insert(0) += 1;
            }
            m
        })
        .collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for m in &tf {
        for w in m.keys() {
            *df.entry(w.as_str()).or_insert(0) += 1;
        }
    }
    let n = texts.len() as f64;
    tf.iter()
        .map(|m| {
            let mut v: HashMap<String, f64> = m
                .iter()
                .map(|(w, &c)| (w.clone(), (1.0 + (c as f64).ln()) * ((n + 1.0) / df[w.as_str()] as f64).ln()))
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.values_mut().for_each(|x| *x /= norm);
            }
            v
        })
        .collect()
}

fn cosine(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    a.iter().map(|(w, x)| x * b.get(w).copied().unwrap_or(0.0)).sum()
}

/// The events of `docs` (name, clean text); `related` are their copies and
/// revisions, which always share an event.
pub(crate) fn events(docs: &[(String, String)], related: &[Related]) -> Vec<Event> {
    let texts: Vec<&str> = docs.iter().map(|(_, t)| t.as_str()).collect();
    let vecs = vectors(&texts);
    let index: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, (n, _))| (n.as_str(), i)).collect();
    let n = docs.len();
    let mut sim = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let s = cosine(&vecs[i], &vecs[j]);
            sim[i][j] = s;
            sim[j][i] = s;
        }
    }
    for r in related {
        if let (Some(&i), Some(&j)) = (index.get(r.a.as_str()), index.get(r.b.as_str())) {
            sim[i][j] = 1.0;
            sim[j][i] = 1.0;
        }
    }
    // Average linkage, best pair first.
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for x in 0..clusters.len() {
            for y in x + 1..clusters.len() {
                let total: f64 = clusters[x]
                    .iter()
                    .flat_map(|&i| clusters[y].iter().map(move |&j| (i, j)))
                    .map(|(i, j)| sim[i][j])
                    .sum();
                let s = total / (clusters[x].len() * clusters[y].len()) as f64;
                if s >= SAME_EVENT && best.is_none_or(|(b, _, _)| s > b) {
                    best = Some((s, x, y));
                }
            }
        }
        let Some((_, x, y)) = best else { break };
        let moved = clusters.remove(y);
        clusters[x].extend(moved);
        clusters[x].sort_unstable();
    }
    clusters.sort_by_key(|c| c[0]);
    clusters.iter().enumerate().map(|(k, c)| describe(k + 1, c, docs, &vecs)).collect()
}

fn describe(id: usize, members: &[usize], docs: &[(String, String)], vecs: &[HashMap<String, f64>]) -> Event {
    let mut weight: BTreeMap<&str, f64> = BTreeMap::new();
    for &i in members {
        for (w, x) in &vecs[i] {
            *weight.entry(w.as_str()).or_insert(0.0) += x;
        }
    }
    let mut top: Vec<(&str, f64)> = weight.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let name = top.iter().take(3).map(|(w, _)| capitalise(w)).collect::<Vec<_>>().join(" ");
    let mut places: BTreeMap<usize, usize> = BTreeMap::new();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for &i in members {
        let text = &docs[i].1[..floor_boundary(&docs[i].1, READ)];
        for m in mentions(text) {
            if let Some(p) = m.place {
                *places.entry(p).or_insert(0) += 1;
            }
        }
        for y in year_mentions(text) {
            *years.entry(y).or_insert(0) += 1;
        }
    }
    let place = places
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&p, _)| GAZETTEER.places[p].name.to_string());
    // The years mentioned at least half as often as the most mentioned one.
    let most = years.values().copied().max().unwrap_or(0);
    let common: Vec<i32> = years.iter().filter(|(_, &c)| most > 0 && c * 2 >= most).map(|(&y, _)| y).collect();
    let years = common.first().zip(common.last()).map(|(&a, &b)| (a, b));
    Event { id, name, place, years, docs: members.iter().map(|&i| docs[i].0.clone()).collect() }
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Four-digit years from 1000 to 2099 standing alone in a text.
pub(crate) fn year_mentions(text: &str) -> impl Iterator<Item = i32> + '_ {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .filter(|y| (1000..2100).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, text: &str) -> (String, String) {
        (name.into(), text.into())
    }

    #[test]
    fn pages_about_one_event_share_it() {
        let docs = vec![
            doc("a", "Siege of Korvath\n\nThe Siege of Korvath by the Velmar Army lasted from 1712 to 1713. Korvath fell. The Velmar Army took Korvath."),
            doc("b", "Fall of Korvath\n\nIn 1713 the Velmar Army entered Korvath after a long siege. Korvath burned."),
            doc("c", "Battle of Ostrelin\n\nAt Ostrelin the Dunmark Fleet sank in 1802. Ostrelin mourned the Dunmark Fleet."),
        ];
        let ev = events(&docs, &[]);
        assert_eq!(ev.len(), 2, "{ev:#?}");
        assert_eq!(ev[0].docs, vec!["a", "b"]);
        assert!(ev[0].name.contains("Korvath"), "{}", ev[0].name);
        assert_eq!(ev[1].docs, vec!["c"]);
        assert_eq!(ev[1].years, Some((1802, 1802)));
    }

    #[test]
    fn copies_always_share_an_event() {
        let docs = vec![doc("a", "Alpha Beta"), doc("b", "Gamma Delta")];
        let related = vec![Related { a: "a".into(), b: "b".into(), similarity: 0.5 }];
        assert_eq!(events(&docs, &related).len(), 1);
    }
}
