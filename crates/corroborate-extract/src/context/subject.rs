//! Subject rules beyond the counted phrase: where the words right after
//! a figure stop short of who is counted, or name someone else.
//!
//! Grouping compares subjects, so a subject cut in half or read from the
//! wrong words keeps two sources' figures for one population apart (or
//! joins two populations). Each rule has its own test:
//!
//! - [`coordinated`]: [`super::act::noun_phrase`] stops at the first
//!   function word, which suits the act but cuts a coordinated population
//!   in half: "30,000 Karens and Mons" counts both peoples.
//! - [`carried`]: "(exile groups claim 20,000 perished)" names only the outcome;
//!   it is another estimate of the people the figure before it counted.
//! - [`next_label`] and [`inline_label`]: in a row of labelled figures
//!   ("River Flotilla: 1,250 Coastal Army: 9,800") the words after a
//!   figure label the next one, and its own label stands before it.
//! - [`named_a_figure`] and [`heading_act`]: "a figure of 1,300" names
//!   nothing it counts; its section heading or the title does ("Estimated
//!   Deaths at …").

use crate::acts::Strength;
use crate::exclude::plural_noun;
use crate::lexicon::is;
use crate::tokens::{Kind, Token};

/// The most words taken after "and".
const MAX_CONJUNCT: usize = 3;

/// The counted phrase `np` with a second conjunct of the same kind after
/// "and": peoples ("Karens and Mons", "Serbs and Roma"), plural
/// nouns ("men and boys") or outcomes ("killed and missing"). The conjunct is a run of capitalised words after
/// a capitalised phrase, of plural nouns after a plural one; it stops at a
/// function word, a participle ("deported") or punctuation.
pub(crate) fn coordinated(t: &[Token], np: (usize, usize), figures: &[usize]) -> (usize, usize) {
    let (Some(last), Some(and)) = (np.1.checked_sub(1).and_then(|k| t.get(k)), t.get(np.1)) else {
        return np;
    };
    if np.1 <= np.0 || !and.is("and") {
        return np;
    }
    let people = |x: &Token| x.capitalized() && x.text.chars().any(char::is_lowercase);
    let outcome = |x: &Token| {
        x.kind == Kind::Word && crate::context::act::lookup(&x.lower).is_some_and(|(_, s)| s == Strength::Event)
    };
    // "2,100 killed and missing": one count of two outcomes.
    if outcome(last) {
        return match t.get(np.1 + 1) {
            Some(x) if outcome(x) && !figures.contains(&(np.1 + 1)) => (np.0, np.1 + 2),
            _ => np,
        };
    }
    let fits: &dyn Fn(&Token) -> bool = if people(last) {
        &|x: &Token| people(x)
    } else if plural_noun(last) {
        &|x: &Token| !x.capitalized() && plural_noun(x)
    } else {
        return np;
    };
    let mut end = np.1 + 1;
    while let Some(x) = t.get(end) {
        let word = x.kind == Kind::Word && !is("function", &x.lower) && !x.lower.ends_with("ed");
        // "villages and thousands of people": another figure.
        if !word || !fits(x) || end - np.1 > MAX_CONJUNCT || figures.contains(&end) {
            break;
        }
        end += 1;
    }
    if end == np.1 + 1 {
        return np;
    }
    (np.0, end)
}

/// The subject of a figure whose subject only names the outcome as a verb
/// ("exile groups claim 20,000 perished", "20,000 died"), from the
/// figure before it in the paragraph (`before`: its subject and act) where
/// that one names who and counts the same kind of outcome: the figure is
/// another estimate of the same people ("Karens and Mons who
/// perished").
pub(crate) fn carried(subject: Option<&str>, act: Option<&str>, before: Option<(&str, &str)>) -> Option<String> {
    let verb = outcome_verb(subject?)?;
    // Only a death: "losses were 170,000 captured" counts losses, not the
    // people before.
    if !matches!(act, Some("killed" | "died")) {
        return None;
    }
    let (who, before_act) = before?;
    let deaths = |a: &str| matches!(a, "killed" | "died");
    let same_outcome = act == Some(before_act) || (act.is_some_and(deaths) && deaths(before_act));
    let names_who = who.split_whitespace().count() >= 2 || who.starts_with(char::is_uppercase);
    (same_outcome && names_who && outcome_verb(who).is_none() && !who.contains(" who "))
        .then(|| format!("{who} who {verb}"))
}

/// `subject` when it is one past-tense verb naming an act ("died",
/// "perished", "executed"): an outcome with nobody named.
fn outcome_verb(subject: &str) -> Option<&str> {
    let w = subject.trim();
    let one = !w.contains(char::is_whitespace) && w.ends_with("ed");
    (one && crate::acts::acts().lookup(&w.to_lowercase()).is_some()).then_some(w)
}

/// The most words a label opening a figure holds ("River Flotilla:").
const MAX_LABEL: usize = 4;

/// A run of capitalised words ending right before token `end` (at most
/// [`MAX_LABEL`]), after something other than a word: the start of a
/// label.
fn capitalised_run_before(t: &[Token], end: usize) -> Option<usize> {
    let name = |x: &Token| x.kind == Kind::Word && x.capitalized() && !is("function", &x.lower);
    let mut start = end;
    while start > 0 && end - start < MAX_LABEL && name(&t[start - 1]) {
        start -= 1;
    }
    let after_a_word = start.checked_sub(1).is_some_and(|k| t[k].kind == Kind::Word);
    (start < end && !after_a_word).then_some(start)
}

/// True when the counted phrase `np` is the label of the next figure in a
/// row of labelled figures ("River Flotilla: 1,250 Coastal Army: 9,800"
/// reads "Coastal Army" after 1,250): capitalised words right
/// before a colon.
pub(crate) fn next_label(t: &[Token], np: (usize, usize)) -> bool {
    np.1 > np.0 && t.get(np.1).is_some_and(|x| x.is_punct(&[':'])) && capitalised_run_before(t, np.1) == Some(np.0)
}

/// The label right before figure token `first` in a row of labelled
/// figures ("… at sea: River Flotilla: 1,250"): capitalised words and a
/// colon, after no word.
pub(crate) fn inline_label(t: &[Token], first: usize) -> Option<(usize, usize)> {
    let colon = first.checked_sub(1).filter(|&k| t[k].is_punct(&[':']))?;
    capitalised_run_before(t, colon).map(|start| (start, colon))
}

/// Words that name a figure as a figure ("a figure of 1,300", "an
/// estimate of 3,000"): what it counts is the topic of its section.
const FIGURE_WORDS: &[&str] = &["figure", "figures", "estimate", "estimates", "count", "tally", "toll"];

/// True when the figure at token `first` is named as a figure: "a figure
/// of 1,300", "an estimate of 3,000".
pub(crate) fn named_a_figure(t: &[Token], first: usize) -> bool {
    let word = |k: Option<usize>| k.and_then(|k| t.get(k)).filter(|x| x.kind == Kind::Word);
    word(first.checked_sub(1)).is_some_and(|x| x.is("of"))
        && word(first.checked_sub(2)).is_some_and(|x| FIGURE_WORDS.contains(&x.lower.as_ref()))
}

/// The act a heading or title names by an event word ("Estimated Deaths
/// at the Crossing", "Killings in the Valley"), with that word in lower
/// case (the figure's subject where it names none): the first one, in the
/// order of its words.
pub(crate) fn heading_act(heading: &str) -> Option<(&'static str, String)> {
    heading.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).find_map(|w| {
        let lower = w.to_lowercase();
        crate::context::act::lookup(&lower).filter(|(_, s)| *s == crate::acts::Strength::Event).map(|(a, _)| (a, lower))
    })
}

#[cfg(test)]
mod tests {
    use crate::quantity::find;
    use crate::tokens::tokenize;

    fn subject(s: &str) -> String {
        let t = tokenize(s, 0);
        let q = find(&t).into_iter().next().expect("a figure");
        let np = crate::context::act::noun_phrase(&t, &q);
        let figures: Vec<usize> = find(&t).into_iter().map(|q| q.first).collect();
        let (a, b) = super::coordinated(&t, np, &figures);
        if b <= a {
            return String::new();
        }
        s[t[a].span.start..t[b - 1].span.end].to_string()
    }

    #[test]
    fn two_peoples_are_one_subject() {
        assert_eq!(subject("Some 30,000 Karens and Mons were deported in 1950."), "Karens and Mons");
        assert_eq!(subject("The 2,400 Serbs and Roma deported to the camps."), "Serbs and Roma");
    }

    #[test]
    fn two_plural_nouns_are_one_subject() {
        assert_eq!(subject("They shot 340 men and boys at the quarry."), "men and boys");
    }

    #[test]
    fn an_outcome_verb_takes_the_people_of_the_figure_before() {
        let c = |s, a, b| super::carried(Some(s), Some(a), b);
        assert_eq!(
            c("perished", "died", Some(("Karens and Mons", "died"))).as_deref(),
            Some("Karens and Mons who perished")
        );
        assert_eq!(c("died", "died", Some(("Karen villagers", "killed"))).as_deref(), Some("Karen villagers who died"));
        // Another outcome, nobody named before, or a subject naming who.
        assert_eq!(c("died", "died", Some(("Karens", "deported"))), None);
        assert_eq!(c("died", "died", Some(("perished", "died"))), None);
        assert_eq!(c("died", "died", Some(("people", "died"))), None);
        assert_eq!(c("civilians", "died", Some(("Karens", "died"))), None);
        assert_eq!(c("died", "died", None), None);
        assert_eq!(c("captured", "detained", Some(("Karen soldiers", "detained"))), None);
    }

    #[test]
    fn a_heading_names_an_act_by_its_event_word() {
        let act = |h| super::heading_act(h).map(|(a, w)| format!("{a} {w}"));
        assert_eq!(act("Estimated Deaths at the Crossing").as_deref(), Some("died deaths"));
        assert_eq!(act("Deportations from the Valley").as_deref(), Some("deported deportations"));
        assert_eq!(super::heading_act("Aftermath and Legacy"), None);
    }

    #[test]
    fn a_figure_named_as_a_figure() {
        let named = |s: &str| {
            let t = tokenize(s, 0);
            let q = find(&t).into_iter().next().expect("a figure");
            super::named_a_figure(&t, q.first)
        };
        assert!(named("Reports gave a figure of 1,300 from the mission."));
        assert!(named("The first estimate of 900 was withdrawn."));
        assert!(!named("The population had fallen to about 40,000."));
    }

    #[test]
    fn a_row_of_labelled_figures() {
        let s = "(losses at sea: River Flotilla: 1,250 Coastal Army: 9,800";
        let t = tokenize(s, 0);
        let qs = find(&t);
        let text = |(a, b): (usize, usize)| s[t[a].span.start..t[b - 1].span.end].to_string();
        let np = crate::context::act::noun_phrase(&t, &qs[0]);
        assert!(super::next_label(&t, np));
        assert_eq!(super::inline_label(&t, qs[0].first).map(text).as_deref(), Some("River Flotilla"));
        assert_eq!(super::inline_label(&t, qs[1].first).map(text).as_deref(), Some("Coastal Army"));
        // A colon after prose opens no label.
        let s = "The report of Hanson: 400 dead.";
        let t = tokenize(s, 0);
        let q = &find(&t)[0];
        assert_eq!(super::inline_label(&t, q.first), None);
        let np = crate::context::act::noun_phrase(&t, q);
        assert!(!super::next_label(&t, np));
    }

    #[test]
    fn two_outcomes_are_one_subject() {
        assert_eq!(subject("Rebels: 2,100 killed and missing, 900 wounded"), "killed and missing");
        assert_eq!(subject("Rebels: 2,100 killed and 900 wounded"), "killed");
    }

    #[test]
    fn a_second_clause_is_not_a_conjunct() {
        assert_eq!(subject("Then 30,000 Karens and the army fought."), "Karens");
        assert_eq!(subject("About 900 civilians and Karens died."), "civilians");
        assert_eq!(subject("About 900 refugees and fled."), "refugees");
        assert_eq!(subject("About 40 hamlets and thousands of homes burned."), "hamlets");
    }
}
