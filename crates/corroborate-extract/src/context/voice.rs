//! Whose voice a figure is in: its stance (CLAIMS.md §2), the source the
//! document names for it, and the perpetrator the text names.
//!
//! All three come from cue phrases in the claim's sentence: attribution
//! ("according to X", "X estimated", "X sources claim", "a study by X"),
//! hedges of estimation ("it is estimated", "estimates vary"), rejection
//! ("must be rejected", "propaganda", "a myth", "exaggerated"), records
//! ("official records", "archival data", "burial records", "a list
//! compiled by"), and agents ("by the
//! Red Army", "Soviet soldiers raped"). The cue lists are below: they are
//! English reporting and rejection vocabulary, not names from any text.
//!
//! A source speaks for the figures of its own clause: one named in
//! another clause or parenthesis does not ([`contrast_between`]), and one
//! named in the figure's own clause does ([`clause_source_span`]).

use crate::Stance;
use regex::Regex;
use std::sync::LazyLock;

static DISPUTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:must be rejected|(?:was|were|is|are|been) rejected|propaganda|exaggerat\w*|discredited|not credible|unfounded|fabricat\w*|dismissed as|implausible|debunked|inflated|overstated|grossly|untrue|cannot be true|has been refuted|refuted|no evidence|myths?)(?-u:\b)")
        .expect("compiles")
});

static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:according to|estimat\w*|claim\w*|reportedly|allegedly|alleged|reported that|reports that|report by|a report|(?:said|says|stated|states|wrote|writes|believes?|suggests?|argues?|contends?|asserts?|maintains?|calculated|calculates|concluded|concludes|announced|counted|presumed|thought|believed|put|puts|places?|gives?|lists?|indicates?|shows?) (?:that |the |a |an |about |some |around |at |as |it |to |\d)|(?:sources|records|archives|data|documents|figures|statistics|authorities|historians?|scholars|researchers) (?:list|show|indicate|suggest|put|give|record|say|claim)\w*|study|studies|by one|census|compiled by|(?:official|archival|burial|police|hospital) (?:records?|documents?|data|figures|lists?)|records (?:of|from)|an official document|is thought|are thought|is believed|are believed|is said|are said)(?-u:\b)")
        .expect("compiles")
});

static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:according to)\s+((?:the\s+)?[^,.;:()]{2,80}?)(?:,|\.|;|\s+(?:that|who|which|in \d|there|some|about|around|at least|over|more than|nearly|almost|between|from)(?-u:\b)|$)")
        .expect("compiles")
});

static SAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:(?:[A-Z][\p{L}.’'-]*|of|the|de|von|van|der|government|ministry|commission|committee|tribunal|court)\s+){0,5}?(?:[A-Z][\p{L}.’'-]+|sources|authorities|historians?|archives|estimates|scholars|researchers|records|data))\s+(?:estimated|estimates|estimate|claimed|claims|claim|wrote|writes|says|said|stated|states|believes|believe|argues|argue|contends|maintains|maintained|maintain|insists|insisted|reported|reports|indicates|indicate|announced|list|lists|put|puts|calculated|counted|gives|give)(?-u:\b)")
        .expect("compiles")
});

static BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:estimates?|study|studies|report|figures|census|survey|count|statistics)\s+(?i:by|of|from)\s+((?:the\s+)?(?:[A-Z][\p{L}.’'-]*\s*){1,6})")
        .expect("compiles")
});

static ACTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)by\s+((?:the\s+)?(?:[A-Z][\p{L}’'-]*\s+|(?:retreating|invading|occupying|local|regular|border|secret|state|security|military)\s+){0,4}(?i:army|armies|troops|soldiers|forces|police|NKVD|KGB|Gestapo|SS|militia|militias|units|battalions|regime|authorities|government|guards|partisans|servicemen|Wehrmacht|navy|submarines|bombers|Soviets|Germans|Russians|Poles|Bolsheviks|insurgents|rebels|squads))(?-u:\b)")
        .expect("compiles")
});

static AGENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:the\s+)?(?:[A-Z][\p{L}’'-]*\s+){0,3}(?:Army|army|troops|soldiers|forces|police|NKVD|KGB|SS|militia|units|battalions|regime|authorities|government|guards|partisans|servicemen|Soviets|Bolsheviks))\s+(?:\w+\s+)?(?:killed|murdered|executed|massacred|shot|raped|deported|arrested|captured|burned|destroyed|looted|expelled|forced|sank|gathered|rounded)(?-u:\b)")
        .expect("compiles")
});

/// The stance of the figures of a sentence.
pub fn stance(sentence: &str) -> Stance {
    if DISPUTED.is_match(sentence) {
        Stance::Disputed
    } else if REPORTED.is_match(sentence) {
        Stance::Reported
    } else {
        Stance::Asserted
    }
}

/// A captured phrase without surrounding space and closing punctuation, as
/// a byte range of the sentence.
fn tidy(m: regex::Match) -> Option<std::ops::Range<usize>> {
    let s = m.as_str();
    let lead = s.len() - s.trim_start().len();
    let t = s.trim().trim_end_matches(['.', ',', ';', ':']).trim_end();
    (t.len() > 1).then(|| m.start() + lead..m.start() + lead + t.len())
}

/// Where in the sentence the source of its figures is named.
pub fn source_span(sentence: &str) -> Option<std::ops::Range<usize>> {
    if let Some(c) = ACCORDING.captures(sentence) {
        return c.get(1).and_then(tidy);
    }
    if let Some(c) = BY.captures(sentence) {
        return c.get(1).and_then(tidy);
    }
    SAYS.captures(sentence).and_then(|c| c.get(1)).and_then(|m| {
        let r = tidy(m)?;
        // "It", "This", "They" are not sources.
        (!matches!(&sentence[r.clone()], "It" | "This" | "They" | "He" | "She" | "These" | "Estimates")).then_some(r)
    })
}

/// Clause contrasts that give each side its own voice: "10,000 counted by
/// some, while the government maintains that 300,000 …".
const CONTRASTS: &[&str] = &["; ", ", but ", " while ", " whereas "];

/// True when a contrast (", while", "; ", ", but") stands between the
/// figure at sentence offset `at` and the source named at `source`, or the
/// source stands inside a parenthesis the figure is not in: that source
/// speaks for the other clause, or for the figures of its own parenthesis
/// ("12,000 died (other sources claim 30,000)"), not for this figure. A
/// source outside speaks for a figure inside ("The census reported that
/// 840 people (100% of the population) …").
pub fn contrast_between(sentence: &str, at: usize, source: &std::ops::Range<usize>) -> bool {
    let (from, to) = if at < source.start { (at, source.start) } else { (source.end, at) };
    let Some(between) = sentence.get(from..to) else { return false };
    let (lowest, last) = depths(between);
    let enclosed = if at < source.start { last > 0 } else { lowest < 0 };
    enclosed || CONTRASTS.iter().any(|c| between.contains(c))
}

/// Where, inside the figure's own clause — the stretch of the sentence
/// around byte `at` between parentheses and semicolons — a source is named
/// that speaks for the figure: "other sources put the evacuees at
/// 9,400" inside "(according to the census; other sources put …)".
/// For a figure the sentence's first source does not speak for
/// ([`contrast_between`]).
pub fn clause_source_span(sentence: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let bounds = |c: char| matches!(c, '(' | ')' | ';');
    let start = sentence.get(..at)?.rfind(bounds).map_or(0, |i| i + 1);
    let end = sentence.get(at..)?.find(bounds).map_or(sentence.len(), |i| at + i);
    let clause = sentence.get(start..end)?;
    let r = source_span(clause)?;
    let r = start + r.start..start + r.end;
    (!contrast_between(sentence, at, &r)).then_some(r)
}

/// The lowest and the last parenthesis depth reached reading `text`, from
/// 0: a ")" closing before any "(" goes below 0, an unclosed "(" ends above.
fn depths(text: &str) -> (i32, i32) {
    let (mut depth, mut lowest) = (0i32, 0i32);
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        lowest = lowest.min(depth);
    }
    (lowest, depth)
}

/// The perpetrator the sentence names.
pub fn perpetrator(sentence: &str) -> Option<String> {
    ACTOR
        .captures(sentence)
        .or_else(|| AGENT.captures(sentence))
        .and_then(|c| c.get(1))
        .and_then(tidy)
        .map(|r| sentence[r].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(sentence: &str) -> Option<String> {
        source_span(sentence).map(|r| sentence[r].to_string())
    }

    #[test]
    fn a_source_named_in_the_figure_s_own_clause_speaks_for_it() {
        let s = "Of the (according to the census; Danish historians put the evacuees at 9,400) 7,100 evacuees, many returned.";
        let at = s.find("9,400").unwrap_or_default();
        let first = source_span(s).unwrap_or_default();
        assert!(contrast_between(s, at, &first), "the census speaks for the other clause");
        assert_eq!(clause_source_span(s, at).map(|r| &s[r]), Some("Danish historians"));
        let at = s.find("7,100").unwrap_or_default();
        assert_eq!(clause_source_span(s, at), None, "no source in the figure's own clause");
    }

    #[test]
    fn a_source_in_a_parenthesis_speaks_for_its_figures_only() {
        let s = "Deaths: 12,000–15,000 villagers (Polish sources claim 30,000 died)";
        let r = source_span(s).expect("a source");
        assert!(contrast_between(s, s.find("12,000").unwrap_or_default(), &r));
        assert!(!contrast_between(s, s.find("30,000").unwrap_or_default(), &r));
        let t = "Polish sources claim (in two reports) that 300 died.";
        let r = source_span(t).expect("a source");
        assert!(!contrast_between(t, t.find("300").unwrap_or_default(), &r));
        // A source outside speaks for a figure inside.
        let u = "Polish sources claim that 1,215 people (40% of the village) died.";
        let r = source_span(u).expect("a source");
        assert!(!contrast_between(u, u.find("40%").unwrap_or_default(), &r));
    }

    #[test]
    fn stances() {
        assert_eq!(stance("According to the ministry, 300 people died."), Stance::Reported);
        assert_eq!(stance("It is estimated that 5,000 died."), Stance::Reported);
        assert_eq!(stance("Some sources claimed 1,000 victims, but this must be rejected."), Stance::Disputed);
        assert_eq!(stance("Over 2,000 rapes were reported."), Stance::Asserted);
        assert_eq!(stance("The army killed 13 people."), Stance::Asserted);
    }

    #[test]
    fn sources_and_perpetrators() {
        assert_eq!(source("According to Carroll Quigley, at least one third died").as_deref(), Some("Carroll Quigley"));
        assert_eq!(
            source("Simon Sebag Montefiore estimated that 15 million").as_deref(),
            Some("Simon Sebag Montefiore")
        );
        // An institution named by its country: the source of what it maintains.
        assert_eq!(
            source("while the ministry of Ruritania maintains that about 2,000 people were killed").as_deref(),
            Some("the ministry of Ruritania")
        );
        assert_eq!(
            perpetrator("44 Romanians were killed by the Soviet Border Troops.").as_deref(),
            Some("the Soviet Border Troops")
        );
        assert_eq!(perpetrator("Soviet soldiers raped 75 nurses").as_deref(), Some("Soviet soldiers"));
    }
}
