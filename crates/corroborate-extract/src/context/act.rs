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

/// Reads the act of `q` among the sentence's kept quantities `all`.
pub(crate) fn act(t: &[Token], q: &Quantity, all: &[Quantity], np: (usize, usize)) -> &'static str {
    let a = act_plain(t, q, all, np);
    if a == "died" {
        // "civilian deaths in the Battle of Berlin", "from violence".
        // The cause follows within the clause: "dying as the result of war
        // crimes", "deaths at the hands of the militia".
        let clause_end =
            t[np.1..].iter().position(|x| x.is_punct(&[',', ';', '(', ')', '.'])).map_or(t.len(), |p| np.1 + p);
        let hi = (np.1 + 8).min(clause_end).max(np.1);
        let violent = |k: usize| {
            let x = &t[k];
            x.kind == Kind::Word
                && (VIOLENCE.contains(&x.lower.as_ref())
                    || x.is("hands") && k >= 2 && t[k - 2].is("at") && t.get(k + 1).is_some_and(|n| n.is("of")))
        };
        if (np.0..hi).any(violent) {
            return "killed";
        }
    }
    a
}

fn act_plain(t: &[Token], q: &Quantity, all: &[Quantity], np: (usize, usize)) -> &'static str {
    // An event word anywhere in the phrase ("death sentences", "cases of
    // rape"), the first one; a person noun, the last one (the head).
    let in_np = |min: Strength| {
        if min == Strength::Event {
            (np.0..np.1).filter_map(|k| act_at(t, k)).find(|(_, s)| *s >= min).map(|(a, _)| a)
        } else {
            (np.0..np.1).rev().filter_map(|k| act_at(t, k)).find(|(_, s)| *s >= min).map(|(a, _)| a)
        }
    };
    if let Some(a) = in_np(Strength::Event) {
        let k = (np.0..np.1).find(|&k| act_at(t, k).is_some_and(|(_, s)| s == Strength::Event));
        return k.map_or(a, |k| if three_acts(t, k) { "other" } else { a });
    }
    // "X of the N …": a share of a whole; the whole's phrase and verb
    // tell what happened.
    let mut np = np;
    if t.get(q.end).is_some_and(|x| x.is("of")) {
        let k =
            q.end + 1 + usize::from(t.get(q.end + 1).is_some_and(|x| x.is("the") || x.is("all") || x.is_punct(&['('])));
        if let Some(whole) = all.iter().find(|o| o.first == k || o.first == k + 1) {
            let wnp = noun_phrase(t, whole);
            np = (wnp.0, wnp.1.max(whole.end));
        }
    }
    // A verb right after the phrase: "were deported", "died", "were
    // arbitrarily executed", "went missing".
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
            .is_some_and(|x| act_at(t, k + 2).is_some_and(|(_, s)| s == Strength::Event) && x.lower.ends_with("ed"))
    {
        k += 2;
    }
    let mut steps = 0;
    while let Some(x) = t.get(k) {
        if steps > 4 || x.kind != Kind::Word {
            break;
        }
        if let Some((a, Strength::Event)) = act_at(t, k) {
            return outcome(t, k, a);
        }
        let aux = matches!(
            x.lower.as_ref(),
            "were"
                | "was"
                | "had"
                | "have"
                | "has"
                | "been"
                | "being"
                | "be"
                | "are"
                | "is"
                | "later"
                | "also"
                | "then"
                | "reportedly"
                | "allegedly"
                | "subsequently"
                | "all"
                | "either"
        ) || x.lower.ends_with("ly");
        if !aux {
            break;
        }
        k += 1;
        steps += 1;
    }
    // "100,000 NKVD soldiers": a phrase whose head noun names forces
    // counts forces, whatever another clause says was done, unless an
    // event word governs it from earlier in its own clause ("killed 13
    // soldiers", "among the victims were 89 soldiers"). The figure's
    // clause starts after a ';', a subordinator, or an "and" that does not
    // join it to a list of figures (a guess at clause structure without a
    // parser).
    // A generic head ("192 men from the village were murdered") counts
    // people, not troops (`generic_head` in data/context_words.tsv).
    let head = np.1.checked_sub(1).filter(|&h| h >= np.0).map(|h| t[h].lower.as_ref());
    if head.is_some_and(|h| !is("generic_head", h) && lookup(h).is_some_and(|(a, _)| a == "forces")) {
        let bound = |k: usize| {
            let x = &t[k];
            x.is_punct(&[';'])
                || matches!(x.lower.as_ref(), "though" | "although" | "while" | "whereas" | "because" | "but")
                || x.is("and") && !all.iter().any(|o| o.end <= k && k - o.end <= 4)
        };
        let clause_start = (0..q.first).rev().find(|&k| bound(k)).map_or(0, |k| k + 1);
        let event = |k: usize| act_at(t, k).is_some_and(|(_, s)| s == Strength::Event);
        let event_before = (clause_start..q.first).any(event);
        // "soldiers and policemen were killed": a verb after a coordinated
        // noun, before the clause's punctuation.
        let clause_end = t[np.1..].iter().position(|x| x.kind != Kind::Word).map_or(t.len(), |p| np.1 + p);
        let event_after = (np.1..clause_end.min(np.1 + 6)).any(event);
        if !event_before && !event_after {
            return "forces";
        }
    }
    // The clause around the figure, bounded by the neighbouring figures.
    let lo = all.iter().filter(|o| o.end <= q.first).map(|o| o.end).max().unwrap_or(0);
    let hi = all.iter().filter(|o| o.first >= np.1).map(|o| o.first).min().unwrap_or(t.len());
    let around = |min: Strength, lo: usize, hi: usize| -> Option<&'static str> {
        let mut best: Option<(usize, &'static str)> = None;
        for k in (lo..q.first).chain(np.1..hi) {
            if t[k].is_punct(&[';']) {
                continue;
            }
            if let Some((a, s)) = act_at(t, k) {
                // "tortured by the security forces": the agent, not what
                // is counted.
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
    };
    let near_lo = lo.max(q.first.saturating_sub(10));
    let near_hi = hi.min(np.1 + 12);
    if let Some(a) = around(Strength::Event, near_lo, near_hi) {
        return a;
    }
    if let Some(a) = in_np(Strength::Person) {
        return a;
    }
    if let Some(a) = around(Strength::Person, near_lo, near_hi) {
        return a;
    }
    // Anywhere in the sentence.
    if let Some(a) = around(Strength::Event, 0, t.len()) {
        return a;
    }
    if let Some(a) = in_np(Strength::Weak) {
        return a;
    }
    "other"
}

#[cfg(test)]
mod tests {
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
