//! Subjects that mean the same: "women and girls" ~ "women", "German POWs"
//! ~ "German prisoners of war", "cases of rape" ~ "rapes".
//!
//! A subject becomes a set of normalised words: lower case, filler words
//! dropped, synonyms and plurals folded (`data/subject_words.tsv`). Two
//! subjects are the same when one set holds the other, or when their last
//! words (the head nouns) agree.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

struct Words {
    drop: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    same: HashMap<&'static str, &'static str>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut w = Words { drop: HashSet::new(), generic: HashSet::new(), same: HashMap::new() };
    for line in
        include_str!("../data/subject_words.tsv").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        match cells.as_slice() {
            ["drop", word, ..] => {
                w.drop.insert(word);
            }
            ["generic", word, ..] => {
                w.generic.insert(word);
            }
            ["same", word, canonical, ..] => {
                w.same.insert(word, canonical);
            }
            _ => {}
        }
    }
    w
});

/// The normalised words of a subject, in order.
pub fn words(subject: &str) -> Vec<String> {
    let w = &*WORDS;
    subject
        .split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .filter(|s| !w.drop.contains(s.as_str()))
        .filter_map(|s| match w.same.get(s.as_str()) {
            Some(&"-") => None,
            Some(c) => Some(c.to_string()),
            None => Some(
                s.strip_suffix('s').filter(|r| r.len() > 3 && !s.ends_with("ss")).map_or(s.clone(), str::to_string),
            ),
        })
        .collect()
}

/// True when two subjects count the same thing. A missing subject, or one
/// of filler words only ("people"), says too little to match anything.
pub fn same(a: Option<&str>, b: Option<&str>) -> bool {
    same_words(a.map(words).as_deref(), b.map(words).as_deref())
}

/// [`same`] on subjects already normalised by [`words`].
pub fn same_words(a: Option<&[String]>, b: Option<&[String]>) -> bool {
    let (Some(wa), Some(wb)) = (a, b) else { return false };
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let (sa, sb): (BTreeSet<&String>, BTreeSet<&String>) = (wa.iter().collect(), wb.iter().collect());
    sa.is_subset(&sb) || sb.is_subset(&sa) || wa.last() == wb.last()
}

/// True when a subject, normalised by [`words`], only names the outcome
/// ("people killed", "deaths", "victims") or is missing: inside one event it
/// may stand for any population counted by the same act.
pub fn generic(words: Option<&[String]>) -> bool {
    words.is_none_or(|w| w.iter().all(|x| WORDS.generic.contains(x.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_heads() {
        assert!(same(Some("women and girls"), Some("women")));
        assert!(same(Some("German POWs"), Some("German prisoners of war")));
        assert!(same(Some("cases of rape"), Some("rapes")));
        assert!(same(Some("civilian victims"), Some("victims")));
        assert!(!same(Some("Poles"), Some("Jews")));
        assert!(!same(Some("tanks"), Some("guns and mortars")));
        assert!(same(Some("residents"), Some("civilians")));
        assert!(same(Some("deportees who perished"), Some("deportees who died")));
    }

    #[test]
    fn generic_subjects_name_only_the_outcome() {
        let g = |s: &str| generic(Some(&words(s)));
        assert!(g("people killed") && g("deaths") && g("victims") && g("the dead"));
        assert!(!g("civilians killed") && !g("soldiers"));
        assert!(generic(None));
    }
}
