//! Subjects that mean the same: "women and girls" ~ "women", "German POWs"
//! ~ "German prisoners of war", "cases of rape" ~ "rapes".
//!
//! A subject becomes a set of normalised words: lower case, filler words
//! dropped, synonyms and plurals folded (`data/subject_words.tsv`). Two
//! subjects are the same when, past the words that only name the outcome
//! ("killed", "wounded in action": the **generic** class), one set of
//! words holds the other, or their last words (the head nouns) agree —
//! unless they **clash**: they name different peoples ("Polish" against
//! "German", through the extractor's demonyms) or different roles
//! ("civilians" against "soldiers", the **role** class). A clash keeps two
//! counts apart even where one of them is otherwise generic.

use corroborate_extract::context::place::GAZETTEER;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

struct Words {
    drop: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    same: HashMap<&'static str, &'static str>,
    role: HashMap<&'static str, &'static str>,
    cut: HashSet<&'static str>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut w = Words {
        drop: HashSet::new(),
        generic: HashSet::new(),
        same: HashMap::new(),
        role: HashMap::new(),
        cut: HashSet::new(),
    };
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
            ["role", word, role, ..] => {
                w.role.insert(word, role);
            }
            ["cut", word, ..] => {
                w.cut.insert(word);
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
        // "dead, including soldiers", "people, most of them civilians": what
        // follows says what the count holds, not what it counts.
        .take_while(|s| !w.cut.iter().any(|c| s.eq_ignore_ascii_case(c)))
        // Where it happened is compared by the place rule ("people killed
        // in Beijing"); where people were taken stays ("deported to
        // Siberia").
        .scan("", |before, s| {
            let locative = matches!(*before, "in" | "at" | "near" | "around");
            *before = s;
            Some(if locative && s.starts_with(char::is_uppercase) && GAZETTEER.lookup(s).is_some() { "" } else { s })
        })
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
    let (mut ca, mut cb) = (core(wa), core(wb));
    if ca.is_empty() && cb.is_empty() {
        // Two outcomes alone ("deportees who died", "deportees who
        // perished"): compared as they stand.
        (ca, cb) = (wa.iter().map(String::as_str).collect(), wb.iter().map(String::as_str).collect());
    }
    if ca.is_empty() || cb.is_empty() || clash(wa, wb) {
        return false;
    }
    let (sa, sb): (BTreeSet<&str>, BTreeSet<&str>) = (ca.iter().copied().collect(), cb.iter().copied().collect());
    let role = |w: Option<&&str>| w.and_then(|w| WORDS.role.get(w)).copied();
    sa.is_subset(&sb)
        || sb.is_subset(&sa)
        || ca.last() == cb.last()
        || role(ca.last()).is_some_and(|r| role(cb.last()) == Some(r))
}

/// The words of a subject that say who or what was counted: all but the
/// generic ones ("Polish resistance wounded in action" → polish resistance).
fn core(words: &[String]) -> Vec<&str> {
    words.iter().map(String::as_str).filter(|w| !WORDS.generic.contains(w)).collect()
}

/// True when two subjects, normalised by [`words`], name different peoples
/// or different roles, so they never count the same thing.
pub fn clash(a: &[String], b: &[String]) -> bool {
    let peoples = |ws: &[String]| -> BTreeSet<&'static str> {
        ws.iter()
            .filter_map(|w| {
                let mut c = w.chars();
                let title: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
                corroborate_extract::context::demonym(&title)
            })
            .collect()
    };
    let roles = |ws: &[String]| -> BTreeSet<&'static str> {
        ws.iter().filter_map(|w| WORDS.role.get(w.as_str()).copied()).collect()
    };
    let disjoint = |x: BTreeSet<&str>, y: BTreeSet<&str>| !x.is_empty() && !y.is_empty() && x.is_disjoint(&y);
    disjoint(peoples(a), peoples(b)) || disjoint(roles(a), roles(b))
}

/// True when a subject, normalised by [`words`], only names the outcome
/// ("people killed", "deaths", "victims") or is missing: inside one event it
/// may stand for any population counted by the same act.
pub fn generic(words: Option<&[String]>) -> bool {
    words.is_none_or(|w| core(w).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_heads() {
        assert!(same(Some("women and girls"), Some("women")));
        assert!(same(Some("German POWs"), Some("German prisoners of war")));
        assert!(same(Some("cases of rape"), Some("rapes")));
        assert!(same(Some("civilian victims"), Some("civilian deaths")));
        // "victims" alone names only the outcome: the generic rule decides.
        assert!(!same(Some("civilian victims"), Some("victims")));
        assert!(!same(Some("Poles"), Some("Jews")));
        assert!(!same(Some("tanks"), Some("guns and mortars")));
        assert!(same(Some("residents"), Some("civilians")));
        assert!(same(Some("deportees who perished"), Some("deportees who died")));
        assert!(same(Some("Chechens and Ingush who died"), Some("Chechens deported")));
        // What a count holds is not what it counts; places have their own rule.
        assert!(generic(Some(&words("dead, including soldiers"))));
        assert!(generic(Some(&words("people killed in Beijing"))));
        assert!(generic(Some(&words("deaths (early estimate)"))));
    }

    #[test]
    fn peoples_and_roles_clash() {
        let c = |a: &str, b: &str| clash(&words(a), &words(b));
        assert!(c("Polish resistance wounded in action", "German forces wounded in action"));
        assert!(c("civilians killed", "soldiers killed"));
        assert!(c("civilian residents", "insurgents"));
        assert!(!c("Polish insurgents", "Polish resistance fighters"));
        assert!(!c("civilians", "people"));
        assert!(!same(Some("Polish resistance wounded in action"), Some("German forces wounded in action")));
        assert!(same(Some("Polish insurgents killed in action"), Some("Polish resistance killed")));
    }

    #[test]
    fn generic_subjects_name_only_the_outcome() {
        let g = |s: &str| generic(Some(&words(s)));
        assert!(g("people killed") && g("deaths") && g("victims") && g("the dead"));
        assert!(!g("civilians killed") && !g("soldiers"));
        assert!(generic(None));
    }
}
