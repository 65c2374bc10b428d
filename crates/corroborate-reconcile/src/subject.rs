//! Subjects that mean the same: "women and girls" ~ "women", "German POWs"
//! ~ "German prisoners of war", "cases of rape" ~ "rapes".
//!
//! A subject becomes a set of normalised words: lower case, filler words
//! dropped, synonyms and plurals folded (`data/subject_words.tsv`). Two
//! subjects are the same when, past the words that only name the outcome
//! ("killed", "wounded in action": the **generic** class), one set of
//! words holds the other, or their last words (the head nouns) agree —
//! unless they **clash**: they name different peoples ("Polish" against
//! "German", through the extractor's demonyms), different roles
//! ("civilians" against "soldiers", the **role** class), different kinds
//! ("heavy" against "medium" bombers), things against people (the
//! **materiel** class), or different parts of a toll ("victims buried at the
//! memorial" against all victims, the **part** class), a people as a whole
//! against a kind of person among it ("Peruvians captured" against "Peruvian
//! POWs", the **narrow** class and combatant roles), or a mix of three
//! peoples or more against one of them. A clash keeps two counts apart
//! even where one of them is otherwise generic.
//!
//! A people's adjective and its plural are one people when subjects are
//! compared ("Peruvian deaths" ~ "Peruvians killed"); a people's adjective in a
//! state's name ("British India") and an acronym after "of" ("soldiers of
//! UNAMIR") say nothing of who was counted.

use corroborate_extract::context::place::GAZETTEER;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

struct Words {
    drop: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    same: HashMap<&'static str, &'static str>,
    role: HashMap<&'static str, &'static str>,
    cut: HashSet<&'static str>,
    tail: HashSet<&'static str>,
    estimate: HashSet<&'static str>,
    agent: HashSet<&'static str>,
    kind: HashMap<&'static str, &'static str>,
    part: HashMap<&'static str, &'static str>,
    near: HashSet<&'static str>,
    materiel: HashSet<&'static str>,
    narrow: HashSet<&'static str>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut w = Words {
        drop: HashSet::new(),
        generic: HashSet::new(),
        same: HashMap::new(),
        role: HashMap::new(),
        cut: HashSet::new(),
        tail: HashSet::new(),
        estimate: HashSet::new(),
        agent: HashSet::new(),
        kind: HashMap::new(),
        part: HashMap::new(),
        near: HashSet::new(),
        materiel: HashSet::new(),
        narrow: HashSet::new(),
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
            ["tail", word, ..] => {
                w.tail.insert(word);
            }
            ["estimate", word, ..] => {
                w.estimate.insert(word);
            }
            ["materiel", word, ..] => {
                w.materiel.insert(word);
            }
            ["narrow", word, ..] => {
                w.narrow.insert(word);
            }
            ["agent", word, ..] => {
                w.agent.insert(word);
            }
            ["kind", word, kind, ..] => {
                w.kind.insert(word, kind);
            }
            ["part", word, part, rest @ ..] => {
                w.part.insert(word, part);
                if rest.first() == Some(&"near") {
                    w.near.insert(word);
                }
            }
            _ => {}
        }
    }
    w
});

/// The normalised words of a subject, in order.
///
/// Four cuts leave the words that say who was counted:
/// - a parenthesis on the estimate ("massacre victims (scholarly range)",
///   an **estimate** word inside) says nothing of who;
/// - after a **cut** word the subject says what the count holds ("dead,
///   including soldiers");
/// - once the outcome is named ("killed", "deportees": the generic class),
///   a **tail** word starts what it says of the estimate ("deaths counted
///   by the census", "people killed, per the ministry");
///   where, when and by whom stay, since they make a part of a toll
///   ("deaths in camps");
/// - place names and years are left to their own rules ("victims of the
///   1921 Tulsa massacre").
pub(crate) fn words(subject: &str) -> Vec<String> {
    let w = &*WORDS;
    let subject = without_estimate_notes(subject);
    let mut outcome = false;
    let mut before = String::new();
    let mut agent = false;
    let mut out = Vec::new();
    let tokens: Vec<&str> = subject.split(|c: char| !c.is_alphanumeric()).filter(|s| !s.is_empty()).collect();
    let place_at =
        |k: usize| tokens.get(k).is_some_and(|s| s.starts_with(char::is_uppercase) && GAZETTEER.lookup(s).is_some());
    for (k, &s) in tokens.iter().enumerate() {
        let lower = s.to_lowercase();
        if w.cut.contains(lower.as_str()) || (outcome && w.tail.contains(lower.as_str())) {
            break;
        }
        // Where people were taken stays ("deported to Siberia").
        let whither = matches!(before.as_str(), "to" | "into" | "from");
        if outcome && w.agent.contains(lower.as_str()) {
            agent = true;
        }
        before.clone_from(&lower);
        // A people's adjective naming a state or its part ("British
        // India", "Soviet Armenia") is the place's, not who was counted.
        let state =
            s.starts_with(char::is_uppercase) && corroborate_extract::context::demonym(s).is_some() && place_at(k + 1);
        let place = !whither && (place_at(k) || state);
        if place || s.chars().all(|c| c.is_ascii_digit()) || w.drop.contains(lower.as_str()) {
            continue;
        }
        let word = match w.same.get(lower.as_str()) {
            Some(&"-") => continue,
            Some(c) => c.to_string(),
            None => lower
                .strip_suffix('s')
                .filter(|r| r.len() > 3 && !lower.ends_with("ss"))
                .map_or(lower.clone(), str::to_string),
        };
        outcome |= w.generic.contains(word.as_str());
        // "soldiers of UNAMIR", "members of the NKVD": the body they belong
        // to is not who they are.
        let of = |j: Option<usize>| j.and_then(|j| tokens.get(j)).is_some_and(|t| t.eq_ignore_ascii_case("of"));
        let of_before =
            of(k.checked_sub(1)) || (k >= 2 && tokens[k - 1].eq_ignore_ascii_case("the") && of(k.checked_sub(2)));
        let acronym = s.len() >= 3 && s.chars().all(|c| c.is_ascii_uppercase());
        if agent || (of_before && acronym) {
            // Who did it is not who was counted: kept, apart from peoples
            // and roles ("Greek casualties at the hands of the garrison").
            // A body named by its own name ("the Rebel Army", "the RCA"),
            // not by a people's adjective, is marked as named.
            let named = s.starts_with(char::is_uppercase) && corroborate_extract::context::demonym(s).is_none();
            out.push(format!("{}{word}", if named { NAMED_AGENT } else { AGENT }));
        } else {
            out.push(word);
        }
    }
    out
}

/// Marks the words of a subject that name who did the act, not who was
/// counted ("killed by the Partisans").
const AGENT: &str = "by:";

/// Marks, within [`AGENT`] words, a body named by its own name.
const NAMED_AGENT: &str = "by:^";

/// A subject without its parentheses about the estimate.
fn without_estimate_notes(subject: &str) -> String {
    let mut out = String::with_capacity(subject.len());
    let mut rest = subject;
    while let Some(open) = rest.find('(') {
        let close = rest[open..].find(')').map_or(rest.len(), |c| open + c + 1);
        let note = &rest[open..close];
        out.push_str(&rest[..open]);
        let about_estimate =
            note.split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.estimate.contains(w.to_lowercase().as_str()));
        if !about_estimate {
            out.push_str(note);
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// [`same_words`] on subjects as written (the tests' shorthand).
#[cfg(test)]
fn same(a: Option<&str>, b: Option<&str>) -> bool {
    same_words(a.map(words).as_deref(), b.map(words).as_deref())
}

/// True when two subjects, normalised by [`words`], count the same thing
/// (none, or filler words only, matches nothing).
pub(crate) fn same_words(a: Option<&[String]>, b: Option<&[String]>) -> bool {
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
    // A people's adjective and its plural name one people ("Peruvian" ~ "Peruvians").
    fn canon(w: &str) -> &str {
        people(w).unwrap_or(w)
    }
    let (sa, sb): (BTreeSet<&str>, BTreeSet<&str>) =
        (ca.iter().map(|w| canon(w)).collect(), cb.iter().map(|w| canon(w)).collect());
    let role = |w: Option<&&str>| w.and_then(|w| WORDS.role.get(w)).copied();
    sa.is_subset(&sb)
        || sb.is_subset(&sa)
        || head(wa).map(canon) == head(wb).map(canon)
        || role(ca.last()).is_some_and(|r| role(cb.last()) == Some(r))
}

/// True when one subject's words who (past the outcome) hold the
/// other's: "Soviet POWs" and "Soviet POWs who died", not "Soviet POWs"
/// and "interned journalists". Two outcomes alone hold each other.
pub(crate) fn nested(a: Option<&[String]>, b: Option<&[String]>) -> bool {
    let (Some(wa), Some(wb)) = (a, b) else { return false };
    let (sa, sb) = (who(wa), who(wb));
    sa.is_subset(&sb) || sb.is_subset(&sa)
}

/// The words of a subject naming who was counted: those before its outcome
/// ("women and girls who suffered …" → woman, girl), or, when it starts
/// with the outcome ("deaths of civilians"), all but outcome words; never
/// who did it.
fn who(words: &[String]) -> BTreeSet<&str> {
    let agent = |w: &&String| w.starts_with(AGENT);
    let before = words.iter().position(|w| WORDS.generic.contains(w.as_str())).unwrap_or(words.len());
    let front: BTreeSet<&str> = words[..before].iter().filter(|w| !agent(w)).map(String::as_str).collect();
    if !front.is_empty() {
        return front;
    }
    core(words).into_iter().filter(|w| !w.starts_with(AGENT)).collect()
}

/// The head noun of a subject: its last word naming who before the outcome
/// ("Italian POWs who died in British custody" → prisoner; "women abused
/// by soldiers" → woman), agents left out.
fn head(words: &[String]) -> Option<&str> {
    let before = words.iter().position(|w| WORDS.generic.contains(w.as_str())).unwrap_or(words.len());
    let who = |w: &&String| !WORDS.generic.contains(w.as_str()) && !w.starts_with(AGENT);
    words[..before].iter().rfind(who).or_else(|| words.iter().rfind(who)).map(String::as_str)
}

/// The words of a subject that say who or what was counted: all but the
/// generic ones ("Polish resistance wounded in action" → polish resistance).
fn core(words: &[String]) -> Vec<&str> {
    words.iter().map(String::as_str).filter(|w| !WORDS.generic.contains(w)).collect()
}

/// True when two subjects, normalised by [`words`], name different peoples
/// or different roles, so they never count the same thing.
pub(crate) fn clash(a: &[String], b: &[String]) -> bool {
    let peoples = |ws: &[String]| -> BTreeSet<&'static str> { ws.iter().filter_map(|w| people(w)).collect() };
    let disjoint = |x: BTreeSet<&str>, y: BTreeSet<&str>| !x.is_empty() && !y.is_empty() && x.is_disjoint(&y);
    let things = |ws: &[String]| ws.iter().any(|w| WORDS.materiel.contains(w.as_str()));
    // A list of three peoples or more counts a mix, not any one of them
    // ("other victims (Greeks, Serbs, Albanians and Turks)" against "Turks").
    let mix = |x: &BTreeSet<&str>, y: &BTreeSet<&str>| x.len() >= 3 && y.len() == 1;
    let (pa, pb) = (peoples(a), peoples(b));
    mix(&pa, &pb)
        || mix(&pb, &pa)
        || disjoint(pa, pb)
        || disjoint(tags(a, &WORDS.role), tags(b, &WORDS.role))
        || (!a.is_empty() && !b.is_empty() && things(a) != things(b))
        || disjoint(tags(a, &WORDS.kind), tags(b, &WORDS.kind))
        || parts(a) != parts(b)
        || kind_of_people(a, b)
        || kind_of_people(b, a)
}

/// The country whose people a normalised word names ("german" → Germany).
fn people(word: &str) -> Option<&'static str> {
    let mut c = word.chars();
    let title: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
    corroborate_extract::context::demonym(&title)
}

/// True when `a` counts a people as a whole ("Peruvians captured") and `b` a
/// kind of person among them ("Peruvian POWs", "Peruvian railway officials"): a
/// combatant role or a **narrow** word (`data/subject_words.tsv`) makes a
/// part. Civilians do not: a people's dead in a massacre are its civilians.
fn kind_of_people(a: &[String], b: &[String]) -> bool {
    let (wa, wb) = (who(a), who(b));
    let narrow = |w: &&str| WORDS.role.get(w) == Some(&"combatant") || WORDS.narrow.contains(w);
    !wa.is_empty() && wa.iter().all(|w| people(w).is_some()) && wb.iter().any(narrow)
}

/// The values a word class gives the words of a subject (its roles, kinds
/// or parts).
fn tags<'w>(
    words: impl IntoIterator<Item = &'w String>,
    class: &HashMap<&str, &'static str>,
) -> BTreeSet<&'static str> {
    words.into_iter().filter_map(|w| class.get(w.as_str()).copied()).collect()
}

/// The parts of a toll a subject names ("victims buried at the memorial",
/// "bodies identified"): a count of some of the dead is not the count of
/// all of them, so subjects naming different parts (or one none) clash.
pub(crate) fn parts(words: &[String]) -> BTreeSet<&'static str> {
    tags(words, &WORDS.part)
}

/// The parts of a toll named by words beside a figure (the `near` parts:
/// where and how the dead were found, not the outcomes a table lists).
pub(crate) fn near_parts(words: &[String]) -> BTreeSet<&'static str> {
    tags(words.iter().filter(|w| WORDS.near.contains(w.as_str())), &WORDS.part)
}

/// True when a subject, normalised by [`words`], names a toll — an outcome
/// and who suffered it in two words or more ("Polish deaths in Galicia") —
/// rather than a unit or a thing ("rifle divisions").
pub(crate) fn specific(words: Option<&[String]>) -> bool {
    words.is_some_and(|w| core(w).len() >= 2 && w.iter().any(|x| WORDS.generic.contains(x.as_str())))
}

/// True when a subject, normalised by [`words`], only names the outcome
/// ("people killed", "deaths", "victims"), perhaps with the body, named by
/// its own name, that caused it ("deaths caused by the Rebel Army"), or is
/// missing: inside one event it may stand for any population counted by
/// the same act. A body named by what it is ("people killed by destruction
/// battalions") makes a part of the toll.
pub(crate) fn generic(words: Option<&[String]>) -> bool {
    words.is_none_or(|w| {
        let core = core(w);
        core.is_empty()
            || (core.iter().all(|x| x.starts_with(AGENT)) && core.iter().any(|x| x.starts_with(NAMED_AGENT)))
    })
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
        // A people's adjective in a state's name is the place's.
        assert!(!c("civilians within British India", "Indian civilians"));
        assert_eq!(words("civilians within British India"), ["civilian"]);
        // A list of three peoples or more is a mix, not one of them.
        assert!(c("other victims (Greeks, Serbs, Albanians and Turks)", "Turkish casualties"));
        assert!(!c("Greeks and Turks killed", "Turkish casualties"));
        // A kind of person among a people is some of them.
        assert!(c("Peruvians captured", "Peruvian POWs"));
        assert!(c("Peruvian railway workers", "Peruvians"));
        assert!(!c("Peruvian civilian deaths", "Peruvians killed"), "a people's dead are its civilians");
        // Deaths of one cause are some of the dead.
        assert!(c("civilians dying as the result of famine", "civilians"));
        // A people's adjective and its plural name one people.
        assert!(same(Some("Peruvians killed"), Some("total Peruvian casualties")));
        // The body a unit belongs to is not who they are.
        assert!(same(Some("armed Peruvian peacekeepers present"), Some("lightly armed soldiers of the UNAMIR")));
        assert!(!same(Some("Polish resistance wounded in action"), Some("German forces wounded in action")));
        assert!(same(Some("Polish insurgents killed in action"), Some("Polish resistance killed")));
    }

    #[test]
    fn what_is_said_of_the_estimate_is_left_out() {
        let g = |s: &str| generic(Some(&words(s)));
        // tail: per whom, how counted
        assert!(g("deaths counted by the census"));
        assert!(g("people killed, per the ministry of Ruritania"));
        assert!(g("people killed according to the commission"));
        // estimate notes in parentheses; other parentheses say who
        assert!(g("massacre victims (a scholarly range)"));
        assert!(!g("people (marchers) killed"));
        // places and years have their own rules
        assert!(g("victims of the 1995 Belgrade massacre"));
        // where people were taken stays
        assert_eq!(words("people deported to Siberia"), ["deported", "to", "siberia"]);
        // where, when and by whom the act was done stay
        assert!(!g("civilians killed during the fighting"));
        assert!(!g("people killed by destruction battalions"));
    }

    #[test]
    fn a_part_of_a_toll_clashes_with_the_toll() {
        let c = |a: &str, b: &str| clash(&words(a), &words(b));
        assert!(c("victims buried at the memorial cemetery", "victims"));
        assert!(c("bodies identified", "bodies"));
        assert!(c("civilian deaths in camps", "civilian deaths"));
        assert!(c("victims within the city walls", "victims"));
        assert!(!c("graves of victims at the cemetery", "victims buried at the cemetery"));
        assert!(same(Some("graves of victims"), Some("Ruritanian victims buried at the cemetery")));
    }

    #[test]
    fn head_nouns_name_who_before_the_outcome() {
        assert_eq!(head(&words("Italian POWs who died in British custody")), Some("prisoner"));
        assert_eq!(head(&words("women abused by occupying soldiers")), Some("woman"));
        assert!(same(Some("Italian Army POWs"), Some("Italian POWs who died in British custody")));
        assert!(same(Some("women abused by soldiers"), Some("women and girls who suffered sexual violence")));
    }

    #[test]
    fn who_did_it_is_not_who_was_counted() {
        let c = |a: &str, b: &str| clash(&words(a), &words(b));
        // the agent's people and role are not the counted's
        assert!(!c("Serbian casualties at the hands of Croats", "Serbian civilians"));
        assert!(c("Serbian casualties at the hands of Croats", "Croats killed"));
        assert!(!c("Croats killed by the Partisans", "Croat civilians"));
        // kinds, things against people, the missing against the dead
        assert!(c("heavy bombers", "medium bombers"));
        assert!(!c("heavy bombers", "bombers"));
        assert!(c("tanks", "casualties"));
        assert!(c("insurgents killed and missing", "insurgents killed in action"));
        assert!(generic(Some(&words("genocide victims"))));
    }

    #[test]
    fn generic_subjects_name_only_the_outcome() {
        let g = |s: &str| generic(Some(&words(s)));
        assert!(g("people killed") && g("deaths") && g("victims") && g("the dead"));
        assert!(!g("civilians killed") && !g("soldiers"));
        assert!(generic(None));
        // Who caused it, named by its own name, leaves the outcome generic;
        // a body named by what it is, or by a people, makes a part.
        assert!(g("deaths caused by the Rebel Army's raids") && g("people killed by the RCA"));
        assert!(!g("people killed by destruction squads") && !g("deaths inflicted by German troops"));
    }

    #[test]
    fn nested_subjects_hold_one_another_past_the_outcome() {
        let w = |s: &str| Some(words(s));
        assert!(nested(w("women and girls who suffered abuse").as_deref(), w("women abused by soldiers").as_deref()));
        assert!(nested(w("deaths").as_deref(), w("people killed").as_deref()));
        assert!(!nested(w("Italian POWs who died").as_deref(), w("interned journalists who died").as_deref()));
    }

    #[test]
    fn a_place_narrowed_by_itself_or_alone_is_a_part() {
        assert!(clash(&words("people killed in the square itself"), &words("people killed")));
        assert!(clash(&words("deaths in the capital alone"), &words("deaths")));
        assert!(!clash(&words("people killed in the square"), &words("people killed")));
    }
}
