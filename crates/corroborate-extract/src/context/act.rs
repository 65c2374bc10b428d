//! The act (CLAIMS.md §4) and the counted noun phrase of a claim.
//!
//! The counted noun phrase is the run of content words right after the
//! figure ("1,219 rapes", "359 attempted rapes", "cases of rape"). The act
//! comes from, in order: an event word in that phrase ("rapes", "deaths",
//! "death sentences"); the nearest event word in the clause around the
//! figure, verbs and nominalisations alike ("were deported", "killed 13",
//! "the deportation of"); a noun in the phrase that implies an act
//! ("refugees", "tanks", "POWs"); the same around the figure; and `other`.

pub(crate) use crate::acts::Strength;
use crate::lexicon::is;
use crate::quantity::Quantity;
use crate::tokens::{Kind, Token};

/// The act a word names, if any (the lexicon of `data/acts.tsv`).
pub(crate) fn lookup(word: &str) -> Option<(&'static str, Strength)> {
    crate::acts::acts().lookup(word)
}

/// The act of token `k`, with two-word idioms resolved: "death sentences"
/// is a conviction, "taken prisoner" a detention, "sent to" a deportation.
fn act_at(t: &[Token], k: usize) -> Option<(&'static str, Strength)> {
    let x = &t[k];
    if x.kind != Kind::Word {
        return None;
    }
    // "rape victims", "murder cases": the act is the modifier's.
    if matches!(x.lower.as_ref(), "victims" | "cases" | "survivors") && k > 0 {
        if let Some(hit @ (_, Strength::Event)) = lookup(&t[k - 1].lower) {
            return Some(hit);
        }
    }
    let next = t.get(k + 1).map(|n| n.lower.as_ref()).unwrap_or("");
    match (x.lower.as_ref(), next) {
        ("death", "sentence" | "sentences" | "penalty") => return None,
        ("death", "toll") => return Some(("died", Strength::Event)),
        ("taken", "prisoner" | "prisoners" | "captive") => return Some(("detained", Strength::Event)),
        ("sent", "to") if t.get(k + 2).is_some_and(|y| y.kind == Kind::Word) => {
            return Some(("deported", Strength::Event))
        }
        ("went", "missing") => return Some(("missing", Strength::Event)),
        // "15,000 POW": an infobox row's abbreviation right after its
        // figure names the act as a verb would.
        ("pow", _) if k > 0 && t[k - 1].kind == Kind::Num => return Some(("detained", Strength::Event)),
        _ => {}
    }
    lookup(&x.lower)
}

/// The act of event word `k` (act `a`), or the killing it ended in:
/// "were arrested and executed" counts people killed in the end.
fn outcome(t: &[Token], k: usize, a: &'static str) -> &'static str {
    if three_acts(t, k) {
        return "other";
    }
    let then_killed = t.get(k + 1).is_some_and(|x| x.is("and"))
        && t.get(k + 2).is_some_and(|_| act_at(t, k + 2) == Some(("killed", Strength::Event)));
    if then_killed {
        "killed"
    } else {
        a
    }
}

/// True when the event word at `k` stands in a list of three acts or more
/// ("killed, captured or missing"): the figure counts them together, as
/// armies' casualties do (CLAIMS.md §4). Two acts ("killed and missing")
/// keep the first.
fn three_acts(t: &[Token], k: usize) -> bool {
    let event = |j: usize| act_at(t, j).filter(|(_, s)| *s == Strength::Event).map(|(a, _)| a);
    let joiner = |j: usize| t[j].is_punct(&[',']) || t[j].is("or") || t[j].is("and");
    // Walk to the list's first word, then read it to its end.
    let mut first = k;
    while first >= 2 && joiner(first - 1) && event(first - 2).is_some() {
        first -= 2;
    }
    let mut acts: Vec<&str> = Vec::new();
    let mut j = first;
    while let Some(a) = (j < t.len()).then(|| event(j)).flatten() {
        if !acts.contains(&a) {
            acts.push(a);
        }
        j += 1;
        // ", or" / ", and" join as one.
        let mut step = 0;
        while j < t.len() && joiner(j) && step < 2 {
            j += 1;
            step += 1;
        }
        if step == 0 {
            break;
        }
    }
    acts.len() >= 3
}

/// The counted noun phrase after a figure: token range `[start, end)`.
pub(crate) fn noun_phrase(t: &[Token], q: &Quantity) -> (usize, usize) {
    let mut k = q.end;
    // "around 1000 (mostly male) civilians": skip a short parenthesis.
    if t.get(k).is_some_and(|x| x.is_punct(&['('])) {
        if let Some(p) = t[k..].iter().take(8).position(|x| x.is_punct(&[')'])) {
            k += p + 1;
        }
    }
    // "474,967 of the 2,652,672 …", "600 of them": the figure is a part of
    // what follows; "of whom", "of which" look back. "thousands of
    // Lithuanians": the phrase is after "of".
    if t.get(k).is_some_and(|x| x.is("of"))
        && t.get(k + 1).is_some_and(|n| {
            n.kind == Kind::Word && !is("function", &n.lower) && !matches!(n.lower.as_ref(), "them" | "whom" | "us")
        })
    {
        k += 1;
    }
    let start = k;
    let mut words = 0;
    while let Some(x) = t.get(k) {
        let joined_hyphen = x.is_punct(&['-'])
            && !x.space_before
            && t.get(k + 1).is_some_and(|n| !n.space_before && n.kind == Kind::Word);
        if joined_hyphen {
            k += 1;
            continue;
        }
        if x.kind != Kind::Word {
            break;
        }
        if x.is("of") {
            let n = t.get(k + 1);
            if words > 0 && n.is_some_and(|n| n.kind == Kind::Word && !is("function", &n.lower)) {
                k += 1;
                continue;
            }
            break;
        }
        if is("function", &x.lower) || x.is("who") || x.is("were") {
            break;
        }
        // A participle after a plural noun starts a clause: "people deported".
        if words > 0
            && x.lower.ends_with("ed")
            && t.get(k - 1).is_some_and(|p| p.kind == Kind::Word && crate::exclude::plural_noun(p))
        {
            break;
        }
        words += 1;
        k += 1;
        if words >= 6 {
            break;
        }
    }
    (start, k)
}

/// Words that make a death a killing when they stand in its clause.
const VIOLENCE: &[&str] = &[
    "violence",
    "violent",
    "crimes",
    "crime",
    "battle",
    "fighting",
    "combat",
    "bombing",
    "bombings",
    "shelling",
    "executions",
    "massacre",
    "massacres",
    "atrocities",
    "military",
    "murders",
    "killings",
];

/// What the act rules read: the sentence's tokens, the figure, the
/// sentence's kept figures and the counted phrase.
pub(crate) struct Scene<'a> {
    t: &'a [Token<'a>],
    q: &'a Quantity,
    all: &'a [Quantity],
    /// The counted noun phrase, as [`noun_phrase`] reads it.
    np: (usize, usize),
    /// The phrase of the whole when the figure is a share of one ("X of
    /// the N …": the whole's phrase and verb tell what happened), else `np`.
    whole: (usize, usize),
    /// The clause around the figure, bounded by the neighbouring figures
    /// and at most 10 tokens before and 12 after the phrase.
    near: (usize, usize),
}

impl<'a> Scene<'a> {
    fn new(t: &'a [Token<'a>], q: &'a Quantity, all: &'a [Quantity], np: (usize, usize)) -> Self {
        let mut whole = np;
        if t.get(q.end).is_some_and(|x| x.is("of")) {
            let k = q.end
                + 1
                + usize::from(t.get(q.end + 1).is_some_and(|x| x.is("the") || x.is("all") || x.is_punct(&['('])));
            if let Some(w) = all.iter().find(|o| o.first == k || o.first == k + 1) {
                let wnp = noun_phrase(t, w);
                whole = (wnp.0, wnp.1.max(w.end));
            }
        }
        let lo = all.iter().filter(|o| o.end <= q.first).map(|o| o.end).max().unwrap_or(0);
        let hi = all.iter().filter(|o| o.first >= whole.1).map(|o| o.first).min().unwrap_or(t.len());
        let near = (lo.max(q.first.saturating_sub(10)), hi.min(whole.1 + 12));
        Scene { t, q, all, np, whole, near }
    }

    /// An act word of the counted phrase at least as strong as `min`: for
    /// an event, the first one ("death sentences", "cases of rape"); for a
    /// noun, the last one (the head).
    fn in_phrase(&self, min: Strength) -> Option<&'static str> {
        let hit = |k: usize| act_at(self.t, k).filter(|(_, s)| *s >= min).map(|(a, _)| a);
        match min {
            Strength::Event => (self.np.0..self.np.1).find_map(hit),
            _ => (self.np.0..self.np.1).rev().find_map(hit),
        }
    }

    /// The act word nearest the figure in tokens `lo..hi` around it, at
    /// least as strong as `min`; a noun after "by" is the agent, not what
    /// is counted ("tortured by the security forces").
    fn around(&self, min: Strength, lo: usize, hi: usize) -> Option<&'static str> {
        let (t, q, np) = (self.t, self.q, self.whole);
        let mut best: Option<(usize, &'static str)> = None;
        for k in (lo..q.first).chain(np.1..hi) {
            if t[k].is_punct(&[';']) {
                continue;
            }
            if let Some((a, s)) = act_at(t, k) {
                let agent = s < Strength::Event && t[k.saturating_sub(3)..k].iter().any(|x| x.is("by"));
                if s >= min && !agent {
                    let d = if k < q.first { q.first - k } else { k - np.1 + 1 };
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, outcome(t, k, a)));
                    }
                }
            }
        }
        best.map(|(_, a)| a)
    }
}

/// A named step of the act cascade.
pub(crate) struct Rule {
    /// The line `extract --explain` prints for it: the rule's name and
    /// what it reads.
    pub(crate) note: &'static str,
    /// The act, when this rule decides it.
    pub(crate) apply: fn(&Scene<'_>) -> Option<&'static str>,
}

macro_rules! rule {
    ($name:ident, $why:literal) => {
        Rule { note: concat!("act: ", stringify!($name), ": ", $why), apply: $name }
    };
}

/// The act cascade, in the order the rules are tried; the first that
/// names an act decides. None: `other` ([`NO_ACT`]).
#[rustfmt::skip]
pub(crate) static RULES: &[Rule] = &[
    rule!(event_in_phrase, "an event word in the counted phrase (\"1,219 rapes\"); `other` for a list of three acts or more"),
    rule!(verb_after_phrase, "a verb right after the counted phrase (\"were deported\", \"went missing\")"),
    rule!(forces_head, "the phrase's head names forces and no event word governs it (\"100,000 NKVD soldiers\")"),
    rule!(event_near, "the event word nearest the figure in its clause (\"killed 13\", \"the deportation of\")"),
    rule!(person_in_phrase, "a noun of the counted phrase that implies an act (\"refugees\", \"tanks\")"),
    rule!(person_near, "such a noun nearest the figure in its clause"),
    rule!(parts_in_parenthesis, "inside a parenthesis that breaks down a counted phrase (\"12 tanks (8 Shermans and 4 Cromwells)\"), the act that phrase implies"),
    rule!(event_in_sentence, "the event word nearest the figure anywhere in its sentence"),
    rule!(weak_in_phrase, "a generic noun of the counted phrase (\"men\", \"units\")"),
];

/// The trace line when no rule names an act.
pub(crate) const NO_ACT: &str = "act: no act word around the figure (data/acts.tsv): other";
/// The trace line when a violent cause turns a death into a killing.
pub(crate) const VIOLENT_DEATH: &str =
    "act: violent_death: deaths whose clause names a violent cause (\"deaths at the hands of\"): killed";

/// Reads the act of `q` among the sentence's kept quantities `all`, with
/// the trace line of the rule that decided it.
pub(crate) fn act(t: &[Token], q: &Quantity, all: &[Quantity], np: (usize, usize)) -> (&'static str, &'static str) {
    let scene = Scene::new(t, q, all, np);
    let Some((a, note)) = RULES.iter().find_map(|r| (r.apply)(&scene).map(|a| (a, r.note))) else {
        return ("other", NO_ACT);
    };
    if a == "died" && violent_death(t, np) {
        return ("killed", VIOLENT_DEATH);
    }
    (a, note)
}

/// "civilian deaths in the Battle of Berlin", "from violence": the cause
/// follows within the clause ("dying as the result of war crimes", "deaths
/// at the hands of the militia").
fn violent_death(t: &[Token], np: (usize, usize)) -> bool {
    let clause_end =
        t[np.1..].iter().position(|x| x.is_punct(&[',', ';', '(', ')', '.'])).map_or(t.len(), |p| np.1 + p);
    let hi = (np.1 + 8).min(clause_end).max(np.1);
    let violent = |k: usize| {
        let x = &t[k];
        x.kind == Kind::Word
            && (VIOLENCE.contains(&x.lower.as_ref())
                || x.is("hands") && k >= 2 && t[k - 2].is("at") && t.get(k + 1).is_some_and(|n| n.is("of")))
    };
    (np.0..hi).any(violent)
}

fn event_in_phrase(s: &Scene<'_>) -> Option<&'static str> {
    let a = s.in_phrase(Strength::Event)?;
    let k = (s.np.0..s.np.1).find(|&k| act_at(s.t, k).is_some_and(|(_, st)| st == Strength::Event));
    Some(k.map_or(a, |k| if three_acts(s.t, k) { "other" } else { a }))
}

/// Words between a counted phrase and its verb ("were", "later",
/// "reportedly"; any "-ly" adverb too).
const AUXILIARIES: &[&str] = &[
    "were",
    "was",
    "had",
    "have",
    "has",
    "been",
    "being",
    "be",
    "are",
    "is",
    "later",
    "also",
    "then",
    "reportedly",
    "allegedly",
    "subsequently",
    "all",
    "either",
];

fn verb_after_phrase(s: &Scene<'_>) -> Option<&'static str> {
    let (t, np) = (s.t, s.whole);
    let mut k = np.1;
    // "600 of them were killed", "12 of whom were sentenced".
    if np.0 == np.1
        && t.get(k).is_some_and(|x| x.is("of"))
        && t.get(k + 1).is_some_and(|x| matches!(x.lower.as_ref(), "them" | "whom" | "which" | "those" | "these"))
    {
        k += 2;
    }
    // "Chechens and Ingush deported": the verb after a coordinated noun.
    if np.1 > np.0
        && t.get(k).is_some_and(|x| x.is("and") || x.is("or"))
        && t.get(k + 1).is_some_and(|x| x.kind == Kind::Word && x.capitalized())
        && t.get(k + 2)
            .is_some_and(|x| act_at(t, k + 2).is_some_and(|(_, st)| st == Strength::Event) && x.lower.ends_with("ed"))
    {
        k += 2;
    }
    let mut steps = 0;
    while let Some(x) = t.get(k) {
        if steps > 4 || x.kind != Kind::Word {
            break;
        }
        if let Some((a, Strength::Event)) = act_at(t, k) {
            return Some(outcome(t, k, a));
        }
        if !AUXILIARIES.contains(&x.lower.as_ref()) && !x.lower.ends_with("ly") {
            break;
        }
        k += 1;
        steps += 1;
    }
    None
}

/// "100,000 NKVD soldiers": a phrase whose head noun names forces counts
/// forces, whatever another clause says was done, unless an event word
/// governs it from earlier in its own clause ("killed 13 soldiers", "among
/// the victims were 89 soldiers") or follows a coordinated noun ("soldiers
/// and policemen were killed"). The figure's clause starts after a ';', a
/// subordinator, or an "and" that does not join it to a list of figures (a
/// guess at clause structure without a parser). A generic head ("192 men
/// from the village were murdered") counts people, not troops
/// (`generic_head` in data/context_words.tsv).
fn forces_head(s: &Scene<'_>) -> Option<&'static str> {
    let (t, q, all, np) = (s.t, s.q, s.all, s.whole);
    let head = np.1.checked_sub(1).filter(|&h| h >= np.0).map(|h| t[h].lower.as_ref());
    if !head.is_some_and(|h| !is("generic_head", h) && lookup(h).is_some_and(|(a, _)| a == "forces")) {
        return None;
    }
    let bound = |k: usize| {
        let x = &t[k];
        x.is_punct(&[';'])
            || matches!(x.lower.as_ref(), "though" | "although" | "while" | "whereas" | "because" | "but")
            || x.is("and") && !all.iter().any(|o| o.end <= k && k - o.end <= 4)
    };
    let clause_start = (0..q.first).rev().find(|&k| bound(k)).map_or(0, |k| k + 1);
    let event = |k: usize| act_at(t, k).is_some_and(|(_, st)| st == Strength::Event);
    let event_before = (clause_start..q.first).any(event);
    let clause_end = t[np.1..].iter().position(|x| x.kind != Kind::Word).map_or(t.len(), |p| np.1 + p);
    let event_after = (np.1..clause_end.min(np.1 + 6)).any(event);
    (!event_before && !event_after).then_some("forces")
}

fn event_near(s: &Scene<'_>) -> Option<&'static str> {
    s.around(Strength::Event, s.near.0, s.near.1)
}

fn person_in_phrase(s: &Scene<'_>) -> Option<&'static str> {
    s.in_phrase(Strength::Person)
}

fn person_near(s: &Scene<'_>) -> Option<&'static str> {
    s.around(Strength::Person, s.near.0, s.near.1)
}

/// "12 tanks (8 T-34s and 4 KV-1s)": figures inside a parenthesis right
/// after another figure's counted phrase are parts of that count, and
/// count what its phrase counts, whatever their own unknown nouns.
fn parts_in_parenthesis(s: &Scene<'_>) -> Option<&'static str> {
    let t = s.t;
    let mut depth = 0usize;
    let open = (0..s.q.first).rev().find(|&k| {
        if t[k].is_punct(&[')']) {
            depth += 1;
        } else if t[k].is_punct(&['(']) {
            if depth == 0 {
                return true;
            }
            depth -= 1;
        }
        false
    })?;
    let whole = s.all.iter().find(|o| o.end <= open && noun_phrase(t, o).1 == open)?;
    let (lo, hi) = noun_phrase(t, whole);
    (lo..hi).rev().find_map(|k| act_at(t, k).filter(|(_, st)| *st >= Strength::Person).map(|(a, _)| a))
}

fn event_in_sentence(s: &Scene<'_>) -> Option<&'static str> {
    s.around(Strength::Event, 0, s.t.len())
}

fn weak_in_phrase(s: &Scene<'_>) -> Option<&'static str> {
    s.in_phrase(Strength::Weak)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::find;
    use crate::tokens::tokenize;

    /// The act of the figure quoted `quote` in `s`, and the name of the
    /// rule that decided it.
    fn decide(s: &str, quote: &str) -> (&'static str, &'static str) {
        let t = tokenize(s, 0);
        let all = find(&t);
        let q = all
            .iter()
            .find(|q| &s[t[q.first].span.start..t[q.end - 1].span.end] == quote)
            .unwrap_or_else(|| panic!("no quantity {quote:?} in {s:?}"));
        let (a, note) = act(&t, q, &all, noun_phrase(&t, q));
        let name = RULES.iter().find(|r| r.note == note).map(name);
        (a, name.unwrap_or(if note == VIOLENT_DEATH { "violent_death" } else { "none" }))
    }

    /// A rule's name: the second field of its note.
    fn name(r: &Rule) -> &'static str {
        r.note.split(": ").nth(1).expect("a note is \"field: name: why\"")
    }

    #[test]
    fn every_rule_is_named_once() {
        let mut names: Vec<_> = RULES.iter().map(name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn event_in_phrase() {
        assert_eq!(decide("The tribunal recorded 412 rapes in the district.", "412"), ("raped", "event_in_phrase"));
        // Three acts counted together are no one act.
        assert_eq!(decide("The brigade lost 900 killed, wounded or captured.", "900"), ("other", "event_in_phrase"));
    }

    #[test]
    fn verb_after_phrase() {
        assert_eq!(
            decide("About 3,000 villagers were later deported.", "About 3,000"),
            ("deported", "verb_after_phrase")
        );
        assert_eq!(decide("Of the crew, 14 of them were executed.", "14"), ("killed", "verb_after_phrase"));
    }

    #[test]
    fn forces_head() {
        assert_eq!(decide("The division fielded 12,000 soldiers.", "12,000"), ("forces", "forces_head"));
        // An event word earlier in its clause governs the soldiers.
        assert_ne!(decide("The shelling killed 40 soldiers.", "40").1, "forces_head");
    }

    #[test]
    fn event_near() {
        assert_eq!(decide("Militias killed 56 in the raid.", "56"), ("killed", "event_near"));
    }

    #[test]
    fn person_in_phrase() {
        assert_eq!(decide("The town sheltered 8,000 refugees.", "8,000"), ("displaced", "person_in_phrase"));
    }

    #[test]
    fn person_near() {
        assert_eq!(decide("Among the refugees were 300 from the coast.", "300"), ("displaced", "person_near"));
    }

    #[test]
    fn parts_in_parenthesis() {
        let s = "Losses: 12 tanks (8 Shermans and 4 Cromwells, with their crews) and 300 killed.";
        assert_eq!(decide(s, "4"), ("materiel", "parts_in_parenthesis"));
        let s = "Losses: 40 casualties (25 were killed) were reported.";
        assert_eq!(decide(s, "25").1, "verb_after_phrase", "a part's own verb comes first");
    }

    #[test]
    fn event_in_sentence() {
        // The event word stands before the neighbouring figure, outside
        // this figure's clause.
        let s = "Troops massacred the people of 3 hamlets and 70 farms.";
        assert_eq!(decide(s, "70"), ("killed", "event_in_sentence"));
    }

    #[test]
    fn weak_in_phrase() {
        assert_eq!(decide("The depot listed 45 units.", "45"), ("materiel", "weak_in_phrase"));
    }

    #[test]
    fn violent_death_and_no_act() {
        assert_eq!(decide("There were 75 deaths at the hands of the militia.", "75"), ("killed", "violent_death"));
        assert_eq!(decide("The report lists 19 bridges.", "19"), ("other", "none"));
    }

    #[test]
    fn acts_set_in_code_are_lexicon_names() {
        // Acts the context rules assign by name rather than by lexicon
        // lookup (violent frames, designations, losses, row labels).
        let names = crate::acts::acts().names();
        for a in ["killed", "died", "deported", "detained", "displaced", "injured", "missing", "materiel", "destroyed"]
        {
            assert!(names.contains(&a), "{a} is not in data/acts.tsv");
        }
        assert!(names.contains(&"forces") && names.contains(&"other"));
    }
}
