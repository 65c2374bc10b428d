//! Data files the grammar and the context rules read, embedded in the
//! binary and parsed once. Each file is a TSV with `#` comment lines that
//! say where its contents come from.

// FxHash: the keys are short words from our own data files, looked up
// millions of times; SipHash's protection against chosen keys buys nothing.
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// Rows of a TSV table: comment and blank lines skipped, cells trimmed.
pub(crate) fn rows(src: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    src.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split('\t').map(str::trim).collect())
}

/// A two-column table as a map from the first column to the second.
fn map2(src: &'static str) -> FxHashMap<&'static str, &'static str> {
    rows(src).filter(|r| r.len() >= 2).map(|r| (r[0], r[1])).collect()
}

/// The kind of a number word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordKind {
    Unit,
    Teen,
    Tens,
    Hundred,
    Magnitude,
    Dozen,
    Article,
}

/// Number words: value and kind.
pub(crate) static NUMBER_WORDS: LazyLock<FxHashMap<&'static str, (f64, WordKind)>> = LazyLock::new(|| {
    rows(include_str!("../data/number_words.tsv"))
        .filter(|r| r.len() >= 3)
        .filter_map(|r| {
            let kind = match r[2] {
                "unit" => WordKind::Unit,
                "teen" => WordKind::Teen,
                "tens" => WordKind::Tens,
                "hundred" => WordKind::Hundred,
                "magnitude" => WordKind::Magnitude,
                "dozen" => WordKind::Dozen,
                "article" => WordKind::Article,
                _ => return None,
            };
            Some((r[0], (r[1].parse().ok()?, kind)))
        })
        .collect()
});

/// Fraction denominators: percent per part.
pub(crate) static FRACTIONS: LazyLock<FxHashMap<&'static str, f64>> = LazyLock::new(|| {
    rows(include_str!("../data/fractions.tsv")).filter_map(|r| Some((r[0], r.get(1)?.parse().ok()?))).collect()
});

/// Vague amounts: phrase words, low, high. Longest first.
pub(crate) static VAGUE: LazyLock<Vec<(Vec<&'static str>, f64, f64)>> = LazyLock::new(|| {
    let mut v: Vec<_> = rows(include_str!("../data/vague.tsv"))
        .filter_map(|r| Some((r[0].split(' ').collect::<Vec<_>>(), r.get(1)?.parse().ok()?, r.get(2)?.parse().ok()?)))
        .collect();
    v.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
    v
});

/// Qualifier phrases (as word lists) and their qualifier name. Longest first.
pub(crate) static QUALIFIERS: LazyLock<Vec<(Vec<&'static str>, &'static str)>> = LazyLock::new(|| {
    let mut v: Vec<_> = rows(include_str!("../data/qualifiers.tsv"))
        .filter(|r| r.len() >= 2)
        .map(|r| (r[0].split(' ').map(|w| w.trim_end_matches('.')).collect::<Vec<_>>(), r[1]))
        .collect();
    v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    v
});

/// Every word that can start a quantity expression: number words,
/// fraction and vague words, first words of qualifiers, "between", "from".
/// The grammar tries a token only when it is one of these or a number.
pub(crate) static TRIGGERS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let mut s: FxHashSet<&'static str> = NUMBER_WORDS.keys().copied().collect();
    s.extend(FRACTIONS.keys().copied());
    s.extend(VAGUE.iter().filter_map(|(w, _, _)| w.first().copied()));
    s.extend(QUALIFIERS.iter().filter_map(|(w, _)| w.first().copied()));
    s.extend(["between", "from", "half"]);
    s
});

/// Words after a figure that make it a non-count, and their class.
pub(crate) static UNITS: LazyLock<FxHashMap<&'static str, &'static str>> =
    LazyLock::new(|| map2(include_str!("../data/units.tsv")));

/// Small word classes: class name to its set of words, from
/// `data/context_words.tsv` and the exclusion rules' `data/exclusions.tsv`.
pub(crate) static WORDS: LazyLock<FxHashMap<&'static str, FxHashSet<&'static str>>> = LazyLock::new(|| {
    let mut m: FxHashMap<&'static str, FxHashSet<&'static str>> = FxHashMap::default();
    let files = [include_str!("../data/context_words.tsv"), include_str!("../data/exclusions.tsv")];
    for r in files.into_iter().flat_map(rows).filter(|r| r.len() >= 2) {
        m.entry(r[0]).or_default().insert(r[1]);
    }
    m
});

/// True when `word` (lower case) is in the class `class` of a word-class file.
pub(crate) fn is(class: &str, word: &str) -> bool {
    WORDS.get(class).is_some_and(|s| s.contains(word))
}
