//! Groups: claims from any documents that count the same thing.
//!
//! Two claims may share a group when no rule below forbids it and their
//! score (the table further down) reaches `THRESHOLD`; groups merge by
//! complete linkage, so that no chain of near-misses merges different
//! things. `compatible` and `same_thing_profiled` (used by [`crate::diff`]) apply
//! the rules alone, strictly.
//!
//! - **Same act and unit.** A count of rapes is not a count of deaths; a
//!   percentage is not a count. Inside one event `killed` ~ `died`.
//! - **Not the same sentence.** Figures in one sentence are a list of
//!   different things ("140 rapes, 32 attempted rapes").
//! - **Places equal or one inside the other** (Belgrade ⊂ Serbia ⊂
//!   Yugoslavia, through the gazetteer); a claim without a place can join.
//! - **Years that overlap**; a claim without years can join. Where both
//!   give years that do not overlap, only claims whose place and subject
//!   words are the same may still group: year extraction errs, identical
//!   places and subjects rarely do.
//! - **Subjects that mean the same** (`subject::same_words`) as at least
//!   one member's: "about 1,000 victims" joins "between 30 and 166
//!   civilian victims" even beside "around 1000 civilians".
//! - **Inside one document, the same context**: an author listing figures
//!   in his own voice, sentence after sentence, is counting different
//!   things (the tanks of five units). Two figures of one text count the
//!   same thing when their sentences share a name ("the 4th Guards
//!   Mechanized Corps … 160 tanks" and "Zhdanov's 4th Corps … 180 tanks"),
//!   or when they stand near each other in different voices ("the official
//!   estimate is 30–166" beside "some sources claimed about 1,000").
//! - **No place swallows a continent's worth**: "Europe" or a wide region
//!   does not contain a country for grouping; a Europe-wide total and a
//!   Serbian count are different things.
//!
//! Knowing which documents are about one event (`events`) and
//! which are copies of one another (`sources`), given in a
//! [`Context`], the rules score a pair rather than merely pass it:
//!
//! | feature | weight | what it rewards |
//! |---|---|---|
//! | `subject` | `W_SUBJECT` | subjects that mean the same (1), or one that only names the outcome ("people killed", "deaths") beside a specific one inside one event (`GENERIC_SUBJECT`) |
//! | `act` | `W_ACT` | the same act (1); `killed` ~ `died`, both counting deaths (`RELATED_ACT`) |
//! | `place` | `W_PLACE` | the same place, or none in one text (1), one inside the other or, inside one event, several places named together beside none (`NESTED_PLACE`), or, inside one event, a place missing on one side (`MISSING_PLACE`) |
//! | `years` | `W_YEARS` | years that overlap (1), or missing on one side (`MISSING_YEARS`) |
//! | `event` | `W_EVENT` | both documents about one event |
//!
//! The rules are data: the named entries of `FORBID` (one sentence, one
//! list; units differ; subjects clash; parts differ; one text, other
//! things) and of `FEATURES` (act, place, years, event, whose missing value
//! also forbids), each tested on its own.
//!
//! A pair a rule above forbids scores nothing; the others group when their
//! score reaches `THRESHOLD`. Inside one event, an act that differs only
//! as `killed` from `died`, a generic subject and a missing place are
//! allowed (each at a lower feature value); across events they are not.
//! Clustering is complete linkage, agglomerative and deterministic: the
//! pair of groups whose weakest link is strongest merges first (ties by
//! input order), and never when any pair between them is forbidden or
//! below the threshold — no chains.

use crate::conflict::{self, Conflict};
use crate::sources::{Families, FamilyId};
use crate::subject;
use crate::Item;
use corroborate_extract::context::place::GAZETTEER;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A group of claims that count the same thing.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Its number, from 1.
    pub id: usize,
    /// Indexes of its claims in the input.
    pub members: Vec<usize>,
    /// The union of the members' intervals.
    pub union: (f64, f64),
    /// Their intersection, where they have one.
    pub intersection: Option<(f64, f64)>,
    /// A best estimate and its basis.
    pub best: Option<f64>,
    /// How `best` was reached.
    pub basis: String,
    /// Conflicting pairs.
    pub conflicts: Vec<Conflict>,
    /// How many independent sources its claims come from: copies and
    /// revisions of one document count once.
    pub sources: usize,
    /// The event its claims are about, where they share one.
    pub event: Option<usize>,
}

/// What is known about the documents: their events and their families of
/// copies and revisions. The default knows nothing (every document its own
/// source, no events).
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Event number of each document.
    pub(crate) event_of: HashMap<String, usize>,
    /// The gazetteer place of each event that has one (by event number).
    pub(crate) event_place: HashMap<usize, usize>,
    /// Copies and revisions.
    pub(crate) families: Families,
}

impl Context {
    fn same_event(&self, a: &str, b: &str) -> bool {
        a == b || matches!((self.event_of.get(a), self.event_of.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// Whether claim `a`'s place, unknown to the gazetteer, is a site of the
    /// city its event happened in, where claim `b` is placed: a square, a
    /// village, a memorial of one city's event lies in that city ("killed in
    /// the square" ~ "killed in the city"). Only a city: a site of an event
    /// placed in a whole country may be any of its places.
    fn site_of_event_city(&self, a: &Profile, b: &Profile) -> bool {
        let Some(event) = self.event_of.get(&a.item.doc) else { return false };
        a.item.fields.place.is_some()
            && a.place.is_none()
            && self.same_event(&a.item.doc, &b.item.doc)
            && b.place.is_some_and(|p| self.event_place.get(event) == Some(&p) && GAZETTEER.places[p].kind == "city")
    }
}

/// Weight of the subject feature.
pub(crate) const W_SUBJECT: f64 = 0.4;
/// Weight of the act feature.
pub(crate) const W_ACT: f64 = 0.15;
/// Weight of the place feature.
pub(crate) const W_PLACE: f64 = 0.15;
/// Weight of the years feature.
pub(crate) const W_YEARS: f64 = 0.1;
/// Weight of the same-event feature.
pub(crate) const W_EVENT: f64 = 0.2;
/// Subject value of a generic subject ("people killed") beside a specific one.
pub(crate) const GENERIC_SUBJECT: f64 = 0.6;
/// Frame score a generic subject needs beside it: the same act, the same
/// place, years that overlap or are missing on one side, one event
/// (0.15 + 0.15 + 0.06 + 0.2). Looser, "deaths" met every count of deaths
/// of an event on the seeds.
pub(crate) const GENERIC_FRAME: f64 = 0.56;
/// Act value of `killed` against `died`.
pub(crate) const RELATED_ACT: f64 = 0.7;
/// Place value of one place inside the other.
pub(crate) const NESTED_PLACE: f64 = 0.7;
/// Place value of a place missing on one side (inside one event only).
pub(crate) const MISSING_PLACE: f64 = 0.4;
/// Years value of years missing on one side.
pub(crate) const MISSING_YEARS: f64 = 0.6;
/// Share of words two sentences (and the words around the two figures)
/// must have in common for claims of two copies or revisions of one text
/// to be the same claim carried over.
pub(crate) const ALIGNED: f64 = 0.5;
/// Words on each side of a figure compared by [`aligned`].
const WINDOW: usize = 6;
/// Words of the label or clause before a subject-less figure that
/// [`Profile::who`] reads.
const LABEL_WORDS: usize = 12;
/// Score from which two claims group.
pub(crate) const THRESHOLD: f64 = 0.6;

/// What the rules compare of one claim, worked out once per claim rather
/// than once per pair: its place in the gazetteer, its subject's words and
/// (when first needed) the names in its sentence.
pub(crate) struct Profile<'a> {
    item: &'a Item,
    place: Option<usize>,
    subject: Option<Vec<String>>,
    names: std::cell::OnceCell<Vec<String>>,
    parts: std::cell::OnceCell<BTreeSet<&'static str>>,
    words: std::cell::OnceCell<(BTreeSet<String>, BTreeSet<String>)>,
    /// The words of the label before a subject-less figure ([`Profile::who`]).
    label: std::cell::OnceCell<Option<Vec<String>>>,
}

impl<'a> Profile<'a> {
    /// The profile of a claim.
    pub(crate) fn of(item: &'a Item) -> Profile<'a> {
        Profile {
            item,
            place: item.fields.place.as_deref().and_then(|p| GAZETTEER.lookup(p)),
            subject: item.fields.subject.as_deref().map(subject::words),
            names: std::cell::OnceCell::new(),
            parts: std::cell::OnceCell::new(),
            words: std::cell::OnceCell::new(),
            label: std::cell::OnceCell::new(),
        }
    }

    /// Who the claim counts, for telling counts apart: its subject's words,
    /// or, where the extractor read no subject, those of the label or
    /// clause just before its figure ("Local militia: 4,200",
    /// "Greek casualties at the hands of the garrison are estimated at
    /// 1,500–2,500"). Only clashes read it: a subject-less claim still
    /// matches no subject.
    fn who(&self) -> Option<&[String]> {
        if self.subject.is_some() {
            return self.subject.as_deref();
        }
        self.label
            .get_or_init(|| {
                let text = &self.item.sentence_text;
                let at = usize::try_from(self.item.fields.start).ok()?.checked_sub(self.item.sentence)?;
                let before = text.get(..at)?.trim_end().trim_end_matches([':', '=']);
                let clause = before.rsplit(['.', ';', ':', '|', '\n', '(', ')']).next()?;
                let tail: Vec<&str> = clause.split_whitespace().collect();
                let words = subject::words(&tail[tail.len().saturating_sub(LABEL_WORDS)..].join(" "));
                (!words.is_empty()).then_some(words)
            })
            .as_deref()
    }

    /// The words of the sentence, and those next to the figure (digits and
    /// case left out).
    fn words(&self) -> &(BTreeSet<String>, BTreeSet<String>) {
        self.words.get_or_init(|| {
            let text = &self.item.sentence_text;
            let split = |s: &str| -> Vec<String> {
                s.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
            };
            let offset = |o: i64| usize::try_from(o).ok().and_then(|o| o.checked_sub(self.item.sentence));
            let (at, end) = (offset(self.item.fields.start), offset(self.item.fields.end));
            let sentence: BTreeSet<String> = split(text).into_iter().collect();
            let window = match (at.and_then(|a| text.get(..a)), end.and_then(|e| text.get(e..))) {
                (Some(before), Some(after)) => {
                    let (b, a) = (split(before), split(after));
                    b[b.len().saturating_sub(WINDOW)..].iter().chain(a.iter().take(WINDOW)).cloned().collect()
                }
                _ => sentence.clone(),
            };
            (sentence, window)
        })
    }

    /// The parts of a toll this claim counts ([`subject::parts`]): its
    /// subject's, or, where the subject names only the outcome, those named
    /// next to its figure ("the dead inside the camp numbered 3,000", read
    /// with no subject). Worked out once per claim.
    fn parts(&self) -> &BTreeSet<&'static str> {
        self.parts.get_or_init(|| match self.subject.as_deref() {
            Some(s) if !subject::generic(Some(s)) => subject::parts(s),
            _ => {
                let near: Vec<String> = self.words().1.iter().flat_map(|w| subject::words(w)).collect();
                subject::near_parts(&near)
            }
        })
    }

    /// True when its subject only names the outcome, or is missing
    /// ([`subject::generic`]).
    fn generic(&self) -> bool {
        subject::generic(self.subject.as_deref())
    }

    fn names(&self) -> &[String] {
        self.names.get_or_init(|| names(&self.item.sentence_text))
    }
}

fn places_fit(a: &Profile, b: &Profile, event: bool) -> bool {
    let (pa, pb) = match (a.item.fields.place.as_deref(), b.item.fields.place.as_deref()) {
        (None, None) => return true,
        (Some(x), Some(y)) => (x, y),
        // A claim without a place says too little to sit beside one with.
        _ => return false,
    };
    if pa.eq_ignore_ascii_case(pb) {
        return true;
    }
    let wide = |i: usize| {
        let p = &GAZETTEER.places[i];
        p.kind == "continent" || (p.kind == "region" && p.members.len() >= 3 && !event)
    };
    match (a.place, b.place) {
        (Some(x), Some(y)) => x == y || (holds(x, y) && !wide(x)) || (holds(y, x) && !wide(y)),
        _ => false,
    }
}

/// True when one claim's place lies inside the other's, and is not it.
fn place_within(a: &Profile, b: &Profile) -> bool {
    matches!((a.place, b.place), (Some(x), Some(y)) if x != y && (holds(x, y) || holds(y, x)))
}

/// True when place `outer` holds place `inner`: the gazetteer says so, or
/// every member of a historical entity or region `inner` lies in `outer`
/// (a former republic whose successors are all in one region).
fn holds(outer: usize, inner: usize) -> bool {
    let members = &GAZETTEER.places[inner].members;
    GAZETTEER.contains(outer, inner) || (!members.is_empty() && members.iter().all(|&m| GAZETTEER.contains(outer, m)))
}

/// Capitalised words too common to tie two sentences together.
const GENERIC: &[&str] = &[
    "World",
    "War",
    "The",
    "This",
    "That",
    "These",
    "Some",
    "Many",
    "According",
    "However",
    "After",
    "Before",
    "During",
    "Allied",
    "Allies",
    "Red",
    "Army",
    "Armed",
    "Forces",
    "Government",
    "State",
];

/// Capitalised words inside a sentence (not its first word, not demonyms
/// or months): the names that tie two figures to one unit or event.
pub(crate) fn names(sentence: &str) -> Vec<String> {
    const MONTHS: &[&str] = &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    // Places are compared by their own rule; blank them out here.
    let mut text = sentence.to_string();
    for m in corroborate_extract::context::place::mentions(sentence) {
        text.replace_range(m.start..m.end, &" ".repeat(m.end - m.start));
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.len() > 2)
        .filter(|w| {
            !MONTHS.contains(w)
                && !GENERIC.contains(w)
                && corroborate_extract::context::demonym(w).is_none()
                && GAZETTEER.lookup(w).is_none()
        })
        .map(str::to_string)
        .collect::<Vec<_>>()
}

/// Whether two claims may count one thing as their texts place them:
/// claims of different documents may; figures of one text only where the
/// text sets them side by side as alternatives or restates one.
fn same_context(a: &Profile, b: &Profile) -> bool {
    let (x, y) = (a.item, b.item);
    if x.doc != y.doc {
        return true;
    }
    // A text that gives, in its own voice, two figures orders of magnitude
    // apart counts two things (a toll and the aircraft lost, a country's
    // graves and one grave), not two estimates of one.
    let own = |i: &Item| i.fields.source.is_none() && !voiced(i);
    if own(x) && own(y) && conflict::apart(x, y).is_some_and(|r| r >= conflict::MAGNITUDE) {
        return false;
    }
    // A text that gives, in its own voice, a figure for a whole span of
    // years and another for a year inside it counts the span and a part of
    // it ("85,000 in 1941", "580,000 from 1941 to 1944").
    if own(x) && own(y) && !intervals_meet(x, y) && years_within(x, y) {
        return false;
    }
    // A text that gives, in any voice, a toll for a place and another for
    // a place inside it, both naming only the outcome and with no common
    // interval, counts the whole and a part ("four million died in the
    // federation", "1.3 million casualties within one of its republics").
    if !intervals_meet(x, y) && a.generic() && b.generic() && place_within(a, b) {
        return false;
    }
    // Figures the sentence offers as alternatives ("12,000 or 15,000–20,000").
    if x.sentence == y.sentence && offered_as_alternatives(x, y) {
        return true;
    }
    // Estimates in different voices, or reported ones, are alternatives:
    // near each other anywhere, far apart only about one place (a long
    // survey reports figures for many places and populations).
    let near = x.sentence.abs_diff(y.sentence) < NEAR;
    if (voices_differ(x, y) || voiced(x) || voiced(y)) && (near || same_place(x, y)) {
        return true;
    }
    let (na, nb) = (a.names(), b.names());
    if nb.iter().any(|n| na.contains(n)) {
        return true;
    }
    // The same toll of one place, named alike in several words: the text
    // counts it twice (in the lead and the body, by two estimates). A
    // one-word population ("civilians") is how a survey names many, and a
    // list of units ("rifle divisions") counts different units.
    if same_place(x, y) && a.subject.is_some() && a.subject == b.subject && subject::specific(a.subject.as_deref()) {
        return true;
    }
    // A text restating its own figure (in the lead, the infobox, the body),
    // unless each sentence names something of its own.
    (intervals_meet(x, y) || restated_otherwise(a, b)) && (na.is_empty() || nb.is_empty())
}

/// How far apart (as a ratio) a text's restatement of its own total may be.
const RESTATED: f64 = 1.5;

/// A text restating its total with another figure and in other words: one
/// subject names who ("52,000 Danes"), the other only the outcome ("up to
/// 45,000 deaths"), both figures precise (not "thousands") and at most
/// [`RESTATED`] apart. Its two figures are then a conflict inside the text,
/// not two counts. The same words beside two near figures are a list
/// ("12 trucks", "9 trucks").
fn restated_otherwise(a: &Profile, b: &Profile) -> bool {
    let (x, y) = (a.item, b.item);
    a.generic() != b.generic()
        && x.fields.qualifier != "vague"
        && y.fields.qualifier != "vague"
        && conflict::apart(x, y).is_some_and(|r| r <= RESTATED)
}

/// Two figures of one text in different voices (stance or source):
/// alternatives rather than a list.
fn voices_differ(x: &Item, y: &Item) -> bool {
    x.fields.stance != y.fields.stance || x.fields.source != y.fields.source
}

/// Bytes between two sentences of one document that still count as "near".
const NEAR: usize = 600;

/// A figure the text reports or disputes rather than asserts.
fn voiced(x: &Item) -> bool {
    x.fields.stance == "reported" || x.fields.stance == "disputed"
}

/// Both claims name one place, spelled alike.
fn same_place(x: &Item, y: &Item) -> bool {
    matches!((&x.fields.place, &y.fields.place), (Some(p), Some(q)) if p.eq_ignore_ascii_case(q))
}

fn intervals_meet(x: &Item, y: &Item) -> bool {
    let ((a, b), (c, d)) = (x.interval(), y.interval());
    a <= d && c <= b
}

/// True when two claims are one claim carried from a text into its copy or
/// next revision: their documents are one family ([`crate::sources`]), and
/// their sentences and the words around their figures are mostly the same.
/// Such a pair is the same thing whatever the two readings of its subject,
/// place or years (a revision may reword them); only act and unit must fit.
fn aligned(a: &Profile, b: &Profile, ctx: &Context) -> bool {
    fn jaccard(x: &BTreeSet<String>, y: &BTreeSet<String>) -> f64 {
        let union = x.union(y).count();
        if union == 0 {
            return 0.0;
        }
        x.intersection(y).count() as f64 / union as f64
    }
    if !ctx.families.related(&a.item.doc, &b.item.doc) {
        return false;
    }
    if let (Some(p), Some(q)) = (a.subject.as_deref(), b.subject.as_deref()) {
        if subject::clash(p, q) {
            return false;
        }
    }
    let ((sa, wa), (sb, wb)) = (a.words(), b.words());
    jaccard(sa, sb) >= ALIGNED && jaccard(wa, wb) >= ALIGNED
}

fn years_overlap(a: &Item, b: &Item) -> Option<bool> {
    let ra = (a.fields.year_start.or(a.fields.year_end)?, a.fields.year_end.or(a.fields.year_start)?);
    let rb = (b.fields.year_start.or(b.fields.year_end)?, b.fields.year_end.or(b.fields.year_start)?);
    Some(ra.0 <= rb.1 && rb.0 <= ra.1)
}

/// True when one claim's years lie inside the other's and are fewer.
fn years_within(a: &Item, b: &Item) -> bool {
    let span =
        |i: &Item| Some((i.fields.year_start.or(i.fields.year_end)?, i.fields.year_end.or(i.fields.year_start)?));
    let (Some(ra), Some(rb)) = (span(a), span(b)) else { return false };
    let inside = |p: (i64, i64), q: (i64, i64)| q.0 <= p.0 && p.1 <= q.1 && p != q;
    inside(ra, rb) || inside(rb, ra)
}

/// Whether two claims whose years do not overlap may still count one
/// thing: year extraction errs, identical places and subjects rarely do;
/// but a running tally (the identified, the buried) grows from one year to
/// the next, and each year's figure is its own.
fn years_may_differ(a: &Profile, b: &Profile) -> bool {
    same_place(a.item, b.item) && a.subject.is_some() && a.subject == b.subject && a.parts().is_empty()
}

/// True when two claims may count the same thing: every rule holds.
#[cfg(test)]
fn compatible(a: &Item, b: &Item) -> bool {
    let (pa, pb) = (Profile::of(a), Profile::of(b));
    fits(&pa, &pb) && same_subject(&pa, &pb)
}

/// True when two claims in different documents (versions of one text, say)
/// count the same thing: act, unit, place, years and subject agree.
pub(crate) fn same_thing_profiled(a: &Profile, b: &Profile) -> bool {
    same_frame(a, b) && same_subject(a, b)
}

fn same_subject(a: &Profile, b: &Profile) -> bool {
    subject::same_words(a.subject.as_deref(), b.subject.as_deref())
}

/// The rules other than the subject's.
#[cfg(test)]
fn fits(a: &Profile, b: &Profile) -> bool {
    !(a.item.doc == b.item.doc && a.item.sentence == b.item.sentence) && same_frame(a, b) && same_context(a, b)
}

/// Act, unit, place and years agree.
fn same_frame(a: &Profile, b: &Profile) -> bool {
    let (x, y) = (a.item, b.item);
    if x.fields.act.is_none() || x.fields.act != y.fields.act || x.fields.unit != y.fields.unit {
        return false;
    }
    if !places_fit(a, b, false) {
        return false;
    }
    match years_overlap(x, y) {
        Some(false) => years_may_differ(a, b),
        _ => true,
    }
}

/// Groups `items` knowing nothing of their documents.
pub fn group(items: &[Item]) -> Vec<Group> {
    group_in(items, &Context::default())
}

/// A rule that keeps two claims apart, whatever else they share: one
/// named entry of [`FORBID`], tested on its own.
struct Rule {
    /// What a trace or a test calls it.
    name: &'static str,
    /// Why it holds.
    #[allow(dead_code)]
    why: &'static str,
    /// True when the rule keeps `a` and `b` apart.
    forbids: fn(&Profile, &Profile) -> bool,
}

/// The rules that forbid a pair outright, in the order they are tried.
/// Act, place and years forbid too, where their feature has no value
/// ([`FEATURES`]).
const FORBID: &[Rule] = &[
    Rule {
        name: "one sentence, one list",
        why: "figures of one sentence in one voice count different things (\"140 rapes, 32 attempted rapes\")",
        forbids: one_sentence_list,
    },
    Rule {
        name: "units differ",
        why: "a count is not a percentage",
        forbids: |a, b| a.item.fields.unit != b.item.fields.unit,
    },
    Rule {
        name: "subjects clash",
        why: "different peoples, roles, kinds, or things against people never count one thing",
        forbids: |a, b| matches!((a.who(), b.who()), (Some(p), Some(q)) if subject::clash(p, q)),
    },
    Rule {
        name: "parts differ",
        why: "a part of a toll (the buried, the dead of the camps) is not the toll",
        forbids: |a, b| a.parts() != b.parts(),
    },
    Rule {
        name: "one text, other things",
        why: "figures of one document count one thing only in the contexts of [`same_context`]",
        forbids: |a, b| !same_context(a, b),
    },
];

/// The name of the first rule of [`FORBID`] that keeps `a` and `b` apart.
fn forbidden_by(a: &Profile, b: &Profile) -> Option<&'static str> {
    FORBID.iter().find(|r| (r.forbids)(a, b)).map(|r| r.name)
}

/// One sentence lists different things, unless it sets one voice against
/// another about the same subject ("12,000–15,000 died (local sources
/// claim 30,000)"), or gives estimates of one named population in the very
/// same words ("at least 40 people (marchers) killed, possibly as many as
/// 400").
fn one_sentence_list(a: &Profile, b: &Profile) -> bool {
    let (x, y) = (a.item, b.item);
    let other_voice = x.fields.stance != y.fields.stance || x.fields.source != y.fields.source;
    let fitting = same_subject(a, b) || a.generic() || b.generic();
    let estimates = a.subject.is_some() && a.subject == b.subject && !a.generic();
    x.doc == y.doc
        && x.sentence == y.sentence
        && !(other_voice && fitting)
        && !estimates
        && !offered_as_alternatives(x, y)
}

/// Words that may stand between two figures offered as alternatives
/// ("25,000 or 30,000–40,000", "300, possibly as many as 2,000"); one of
/// the first five must be there.
const ALTERNATIVE: &[&str] = &["or", "possibly", "perhaps", "maybe", "probably", "even", "as", "many", "up", "to"];

/// True when nothing but [`ALTERNATIVE`] words stand between two figures of
/// one sentence: the text offers them as estimates of one count. (The
/// figures are found again in the sentence's text by their quotes, for this
/// comparison only: an item's offsets are its document's bytes, not its
/// sentence text's.)
fn offered_as_alternatives(x: &Item, y: &Item) -> bool {
    let text = &x.sentence_text;
    let (first, second) = if x.fields.start <= y.fields.start { (x, y) } else { (y, x) };
    let Some(a) = text.find(first.fields.quote.as_str()).map(|p| p + first.fields.quote.len()) else { return false };
    let Some(b) = text.get(a..).and_then(|rest| rest.find(second.fields.quote.as_str())).map(|p| a + p) else {
        return false;
    };
    let words: Vec<String> =
        text[a..b].split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.iter().all(|w| ALTERNATIVE.contains(&w.as_str()))
        && words.iter().any(|w| ALTERNATIVE[..5].contains(&w.as_str()))
}

/// A scored feature of a pair other than the subject: its weight, and its
/// value for a pair (`None` forbids the pair).
struct Feature {
    /// What the module doc's table calls it.
    #[allow(dead_code)]
    name: &'static str,
    /// Its weight in the score.
    weight: f64,
    /// Its value for a pair, from 0 to 1.
    value: fn(&Profile, &Profile, &Context) -> Option<f64>,
}

/// The features summed by [`frame_score`], in the module doc's order.
const FEATURES: &[Feature] = &[
    Feature { name: "act", weight: W_ACT, value: act_value },
    Feature { name: "place", weight: W_PLACE, value: place_value },
    Feature { name: "years", weight: W_YEARS, value: years_value },
    Feature { name: "event", weight: W_EVENT, value: event_value },
];

/// Both documents about one event (1), or not (0).
fn event_value(a: &Profile, b: &Profile, ctx: &Context) -> Option<f64> {
    Some(if ctx.same_event(&a.item.doc, &b.item.doc) { 1.0 } else { 0.0 })
}

/// The same act; a killing meets a dying only inside one event, through a
/// population both name.
fn act_value(a: &Profile, b: &Profile, ctx: &Context) -> Option<f64> {
    let event = ctx.same_event(&a.item.doc, &b.item.doc);
    match (a.item.fields.act.as_deref(), b.item.fields.act.as_deref()) {
        (Some(p), Some(q)) if p == q => Some(1.0),
        (Some("killed"), Some("died")) | (Some("died"), Some("killed")) if event && !a.generic() && !b.generic() => {
            Some(RELATED_ACT)
        }
        _ => None,
    }
}

/// One place however spelled ("Peking", "Beijing") or a site of the event's
/// city (1), places nested ([`NESTED_PLACE`]), missing on both sides or,
/// inside one event, on one ([`MISSING_PLACE`]).
fn place_value(a: &Profile, b: &Profile, ctx: &Context) -> Option<f64> {
    let event = ctx.same_event(&a.item.doc, &b.item.doc);
    match (a.item.fields.place.as_deref(), b.item.fields.place.as_deref()) {
        // Figures of one text that name no place are about the text's own.
        (None, None) if a.item.doc == b.item.doc => Some(1.0),
        (None, None) => Some(MISSING_PLACE),
        (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) || (a.place.is_some() && a.place == b.place) => Some(1.0),
        // A site of the event's city, inside the event, is where the event
        // happened, as the city is.
        (Some(_), Some(_)) if ctx.site_of_event_city(a, b) || ctx.site_of_event_city(b, a) => Some(1.0),
        (Some(_), Some(_)) if places_fit(a, b, event) => Some(NESTED_PLACE),
        // Several places named together ("X and Y") span the event's area,
        // as a figure without a place does: both count the whole.
        (Some(p), None) | (None, Some(p)) if event && p.contains(" and ") => Some(NESTED_PLACE),
        (Some(_), None) | (None, Some(_)) if event => Some(MISSING_PLACE),
        _ => None,
    }
}

/// Years that overlap (1), missing on one side ([`MISSING_YEARS`]), or
/// apart where [`years_may_differ`] allows it (0).
fn years_value(a: &Profile, b: &Profile, _: &Context) -> Option<f64> {
    match years_overlap(a.item, b.item) {
        Some(true) => Some(1.0),
        None => Some(MISSING_YEARS),
        Some(false) if years_may_differ(a, b) => Some(0.0),
        Some(false) => None,
    }
}

/// The pair features other than the subject's ([`FEATURES`]), summed with
/// their weights; `None` when a rule of [`FORBID`] or a feature forbids the
/// pair.
fn frame_score(a: &Profile, b: &Profile, ctx: &Context, carried: bool) -> Option<f64> {
    let (x, y) = (a.item, b.item);
    if carried {
        let deaths = |p: Option<&str>| matches!(p, Some("killed" | "died"));
        let acts_fit =
            x.fields.act == y.fields.act || (deaths(x.fields.act.as_deref()) && deaths(y.fields.act.as_deref()));
        return (x.fields.unit == y.fields.unit && acts_fit).then_some(W_ACT + W_PLACE + W_YEARS + W_EVENT);
    }
    if forbidden_by(a, b).is_some() {
        return None;
    }
    let mut score = 0.0;
    for f in FEATURES {
        score += f.weight * (f.value)(a, b, ctx)?;
    }
    Some(score)
}

/// The subject feature: 1 for subjects that mean the same, [`GENERIC_SUBJECT`]
/// inside one event where one subject only names the outcome, else 0.
fn subject_score(a: &Profile, b: &Profile, ctx: &Context, carried: bool) -> f64 {
    if carried || same_subject(a, b) {
        1.0
    } else if ctx.same_event(&a.item.doc, &b.item.doc) && (a.generic() || b.generic()) {
        GENERIC_SUBJECT
    } else {
        0.0
    }
}

/// The subject score of a pair whose frame scores `frame`.
///
/// A subject naming only the outcome stands for a specific one in a
/// fitting frame only. Beside a figure ten times apart (as the texts name
/// them: "up to 90,000" names 90,000, [`conflict::named_apart`]), only
/// subjects that hold one another count one thing (or a claim carried into a revision):
/// a generic or merely same-headed subject there is a part of the toll or
/// another population ("several hundred Greeks" among "up to 90,000
/// deaths", "hundreds of interned journalists" and "3.1 million POWs").
fn pair_subject(a: &Profile, b: &Profile, ctx: &Context, carried: bool, frame: f64) -> f64 {
    let s = subject_score(a, b, ctx, carried);
    if conflict::named_apart(a.item, b.item).is_some_and(|r| r >= conflict::MAGNITUDE) {
        return if carried || (s >= 1.0 && subject::nested(a.subject.as_deref(), b.subject.as_deref())) {
            s
        } else {
            0.0
        };
    }
    if s >= 1.0 || frame >= GENERIC_FRAME - 1e-9 || (frame >= WIDER_GENERIC_FRAME - 1e-9 && generic_wider(a, b)) {
        s
    } else {
        0.0
    }
}

/// Frame score a generic subject needs beside it when its place holds the
/// other's ([`generic_wider`]): the same act, nested places, overlapping
/// years, one event (0.15 + 0.105 + 0.1 + 0.2).
pub(crate) const WIDER_GENERIC_FRAME: f64 = 0.555;

/// True when one subject only names the outcome and its place holds the
/// other's: a figure of the whole ("well over 90,000 people" deported
/// from the country) beside one of a place inside it ("85,000 Vlachs" of
/// one province) is the event's toll told at a wider level. A generic
/// figure of the narrower place is a part of the wider one's people.
fn generic_wider(a: &Profile, b: &Profile) -> bool {
    let wider = |g: &Profile, o: &Profile| {
        g.generic() && matches!((g.place, o.place), (Some(x), Some(y)) if x != y && holds(x, y))
    };
    wider(a, b) || wider(b, a)
}

/// Groups `items`, knowing their documents' events and families.
///
/// Claims are first split into blocks that can never group (unit, and act
/// up to `killed` ~ `died`); each block is clustered on its own.
pub(crate) fn group_in(items: &[Item], ctx: &Context) -> Vec<Group> {
    let profiles: Vec<Profile> = items.iter().map(Profile::of).collect();
    let mut blocks: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        let act = match it.fields.act.as_deref() {
            Some("died") => "killed".to_string(),
            Some(a) => a.to_string(),
            None => format!("none:{i}"),
        };
        blocks.entry((it.fields.unit.clone(), act)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for block in blocks.values() {
        groups.extend(cluster(block, &profiles, ctx));
    }
    groups.sort_by_key(|g| g[0]);
    groups.into_iter().enumerate().map(|(k, members)| summarise(k + 1, members, items, ctx)).collect()
}

/// Complete-linkage clustering of one block (see the module doc): the frame
/// score of two groups is their weakest pair's, their subject score their
/// best pair's (a claim joins a group when it means the same as one member,
/// since members word one thing in several ways).
fn cluster(block: &[usize], profiles: &[Profile], ctx: &Context) -> Vec<Vec<usize>> {
    let n = block.len();
    let mut frame: Vec<Vec<Option<f64>>> = vec![vec![None; n]; n];
    let mut subj: Vec<Vec<f64>> = vec![vec![0.0; n]; n];
    for x in 0..n {
        for y in x + 1..n {
            let (a, b) = (&profiles[block[x]], &profiles[block[y]]);
            let carried = aligned(a, b, ctx);
            let f = frame_score(a, b, ctx, carried);
            let s = match f {
                Some(f) => pair_subject(a, b, ctx, carried, f),
                None => 0.0,
            };
            frame[x][y] = f;
            frame[y][x] = f;
            subj[x][y] = s;
            subj[y][x] = s;
        }
    }
    // Live clusters: member positions; linkage kept up to date on merges.
    let mut members: Vec<Option<Vec<usize>>> = (0..n).map(|x| Some(vec![x])).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for x in 0..n {
            if members[x].is_none() {
                continue;
            }
            for y in x + 1..n {
                if members[y].is_none() {
                    continue;
                }
                if let Some(f) = frame[x][y] {
                    let score = f + W_SUBJECT * subj[x][y];
                    if subj[x][y] > 0.0 && score >= THRESHOLD - 1e-9 && best.is_none_or(|(b, _, _)| score > b + 1e-12) {
                        best = Some((score, x, y));
                    }
                }
            }
        }
        let Some((_, x, y)) = best else { break };
        let moved = members[y].take().unwrap_or_default();
        if let Some(m) = members[x].as_mut() {
            m.extend(moved);
        }
        for z in 0..n {
            if z == x || z == y || members[z].is_none() {
                continue;
            }
            let f = match (frame[x][z], frame[y][z]) {
                (Some(p), Some(q)) => Some(p.min(q)),
                _ => None,
            };
            let s = subj[x][z].max(subj[y][z]);
            frame[x][z] = f;
            frame[z][x] = f;
            subj[x][z] = s;
            subj[z][x] = s;
        }
    }
    members
        .into_iter()
        .flatten()
        .map(|m| {
            let mut g: Vec<usize> = m.into_iter().map(|x| block[x]).collect();
            g.sort_unstable();
            g
        })
        .collect()
}

/// The members that speak for their family: per family of copies and
/// revisions, the claims of its newest document in the group.
fn independent(members: &[usize], items: &[Item], ctx: &Context) -> (Vec<usize>, usize) {
    let mut by_family: BTreeMap<FamilyId, Vec<usize>> = BTreeMap::new();
    for &i in members {
        by_family.entry(ctx.families.of(&items[i].doc)).or_default().push(i);
    }
    let sources = by_family.len();
    let mut out = Vec::new();
    for claims in by_family.values() {
        let newest =
            claims.iter().map(|&i| items[i].doc.as_str()).min_by(|a, b| ctx.families.newer(a, b)).unwrap_or_default();
        out.extend(claims.iter().copied().filter(|&i| items[i].doc == newest));
    }
    out.sort_unstable();
    (out, sources)
}

fn summarise(id: usize, members: Vec<usize>, items: &[Item], ctx: &Context) -> Group {
    let (kept, sources) = independent(&members, items, ctx);
    let ivs: Vec<(f64, f64)> = kept.iter().map(|&i| items[i].interval()).collect();
    let union = ivs.iter().fold((f64::INFINITY, 0.0f64), |(l, h), &(a, b)| (l.min(a), h.max(b)));
    let inter = ivs.iter().fold((0.0f64, f64::INFINITY), |(l, h), &(a, b)| (l.max(a), h.min(b)));
    let intersection = (inter.0 <= inter.1).then_some(inter);
    // Best estimate: the middle of the intersection where the claims agree
    // on one; otherwise the median of the asserted (then of all) figures.
    let (best, basis) = match intersection {
        Some((a, b)) if b.is_finite() && kept.len() > 1 => {
            (Some((a + b) / 2.0), "middle of the figures' common interval".to_string())
        }
        _ => {
            let pick = |asserted: bool| -> Vec<f64> {
                kept.iter()
                    .filter(|&&i| !asserted || items[i].fields.stance == "asserted")
                    .filter_map(|&i| items[i].point())
                    .collect()
            };
            let mut pts = pick(true);
            let mut basis = "median of the figures the documents assert";
            if pts.is_empty() {
                pts = pick(false);
                basis = "median of all figures";
            }
            pts.sort_by(f64::total_cmp);
            (pts.get(pts.len() / 2).copied(), basis.to_string())
        }
    };
    let conflicts = conflict::find_in(&members, items, &ctx.families);
    let event = members
        .first()
        .and_then(|&i| ctx.event_of.get(&items[i].doc))
        .copied()
        .filter(|e| members.iter().all(|&i| ctx.event_of.get(&items[i].doc) == Some(e)));
    Group { id, members, union, intersection, best, basis, conflicts, sources, event }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClaimFields;

    #[allow(clippy::too_many_arguments)]
    fn item(
        doc: &str,
        sentence: usize,
        text: &str,
        quote: &str,
        v: f64,
        place: &str,
        subject: &str,
        stance: &str,
    ) -> Item {
        Item {
            doc: doc.into(),
            fields: ClaimFields {
                start: 0,
                end: 1,
                quote: quote.into(),
                low: Some(v),
                high: Some(v),
                unit: "count".into(),
                qualifier: "exact".into(),
                act: Some("killed".into()),
                subject: Some(subject.into()),
                place: Some(place.into()),
                year_start: None,
                year_end: None,
                perpetrator: None,
                source: None,
                stance: stance.into(),
            },
            sentence,
            sentence_text: text.into(),
        }
    }

    #[test]
    fn a_running_tally_of_another_year_is_another_count() {
        let mut a = item(
            "a",
            0,
            "By 2003, 4,210 victims were identified.",
            "4,210",
            4210.0,
            "Belgrade",
            "victims identified",
            "asserted",
        );
        let mut b = item(
            "b",
            0,
            "By 2008, 4,390 victims were identified.",
            "4,390",
            4390.0,
            "Belgrade",
            "victims identified",
            "asserted",
        );
        (a.fields.year_start, a.fields.year_end, b.fields.year_start, b.fields.year_end) =
            (Some(2003), Some(2003), Some(2008), Some(2008));
        assert_eq!(group(&[a.clone(), b.clone()]).len(), 2);
        // the same subject without a tally groups across a year read wrongly
        for x in [&mut a, &mut b] {
            x.fields.subject = Some("civilians".into());
        }
        assert_eq!(group(&[a, b]).len(), 1);
    }

    #[test]
    fn figures_of_one_sentence_never_group() {
        let a = item("a", 0, "s", "12", 12.0, "Berlin", "civilians", "asserted");
        let b = item("a", 0, "s", "13", 13.0, "Berlin", "civilians", "asserted");
        assert!(!compatible(&a, &b));
    }

    #[test]
    fn places_nest_but_a_continent_does_not_swallow_a_country() {
        let a = item("a", 0, "s", "12", 12.0, "Belgrade", "civilians", "asserted");
        let b = item("b", 0, "s", "13", 13.0, "Yugoslavia", "civilians", "asserted");
        let c = item("c", 0, "s", "14", 14.0, "Europe", "civilians", "asserted");
        assert!(compatible(&a, &b));
        assert!(!compatible(&b, &c));
    }

    #[test]
    fn an_author_listing_figures_counts_different_things() {
        let a = item("essay", 100, "The group had 40 tanks.", "40", 40.0, "Belgrade", "tanks", "asserted");
        let b = item("essay", 300, "The Group had 35 tanks.", "35", 35.0, "Belgrade", "tanks", "asserted");
        assert!(!compatible(&a, &b));
        // Near each other but in different voices: alternatives.
        let c =
            item("essay", 300, "Some sources claimed 1,000 tanks.", "1,000", 1000.0, "Belgrade", "tanks", "reported");
        assert!(compatible(&a, &c));
        // Far apart but tied by a name.
        let d =
            item("essay", 9000, "Zhdanov's 4th Corps had 180 tanks.", "180", 180.0, "Belgrade", "tanks", "asserted");
        let e = item(
            "essay",
            100,
            "The 4 Guards Mechanized Corps had 160 tanks.",
            "160",
            160.0,
            "Belgrade",
            "tanks",
            "asserted",
        );
        assert!(compatible(&d, &e));
    }

    #[test]
    fn a_claim_carried_into_a_revision_aligns_whatever_its_reading() {
        let text = "The siege cost about 900,000 civilian lives in the city.";
        let mut a = item("old", 0, text, "about 900,000", 900_000.0, "Leningrad", "civilian lives", "asserted");
        let mut b = item("new", 0, text, "about 900,000", 900_000.0, "Russia", "lives", "asserted");
        (a.fields.start, a.fields.end, b.fields.start, b.fields.end) = (16, 29, 16, 29);
        let related = vec![crate::versions::Related { a: "old".into(), b: "new".into(), similarity: 0.9 }];
        let docs = vec![("old".to_string(), text.to_string()), ("new".to_string(), text.to_string())];
        let ctx = Context { families: Families::new(&docs, &related), ..Default::default() };
        let (pa, pb) = (Profile::of(&a), Profile::of(&b));
        assert!(aligned(&pa, &pb, &ctx));
        assert!(!aligned(&pa, &pb, &Context::default()), "unrelated documents never align");
        assert_eq!(group_in(&[a, b], &ctx).len(), 1);
    }

    #[test]
    fn peoples_that_clash_never_group_even_through_a_generic_member() {
        let items = vec![
            item("a", 0, "s", "15,200", 15200.0, "Warsaw", "Polish resistance killed", "asserted"),
            item("b", 0, "s", "8,000", 8000.0, "Warsaw", "German forces killed", "asserted"),
            item("c", 0, "s", "10,000", 10000.0, "Warsaw", "killed", "asserted"),
        ];
        let ctx =
            Context { event_of: ["a", "b", "c"].iter().map(|d| (d.to_string(), 1)).collect(), ..Default::default() };
        let groups = group_in(&items, &ctx);
        assert!(groups.iter().all(|g| !(g.members.contains(&0) && g.members.contains(&1))), "{groups:?}");
    }

    #[test]
    fn conflicts_in_a_group() {
        let items = vec![
            item("a", 0, "s", "160", 160.0, "Belgrade", "tanks", "asserted"),
            item("b", 0, "s", "180", 180.0, "Belgrade", "tanks", "asserted"),
            item("c", 0, "s", "17,000", 17000.0, "Belgrade", "men", "asserted"),
            item("d", 0, "s", "17,022", 17022.0, "Belgrade", "men", "asserted"),
        ];
        let gs = group(&items);
        assert_eq!(gs.len(), 2);
        assert_eq!(gs[0].conflicts.len(), 1, "160 and 180 tanks cannot both hold");
        assert!(gs[1].conflicts.is_empty(), "17,000 is a rounding of 17,022");
    }

    fn in_one_event(docs: &[&str]) -> Context {
        Context { event_of: docs.iter().map(|d| (d.to_string(), 1)).collect(), ..Default::default() }
    }

    #[test]
    fn one_text_in_its_own_voice_orders_of_magnitude_apart_counts_two_things() {
        let a = item(
            "a",
            0,
            "About 30,000 people died in the bombing.",
            "About 30,000",
            30000.0,
            "Hamburg",
            "civilians",
            "asserted",
        );
        let b = item("a", 200, "The raid cost 9 aircraft.", "9", 9.0, "Hamburg", "civilians", "asserted");
        assert!(!compatible(&a, &b));
        // One of them attributed: two estimates the text sets side by side.
        let mut c = b.clone();
        c.fields.source = Some("the city council".into());
        assert!(compatible(&a, &c));
    }

    #[test]
    fn a_site_of_the_event_city_is_the_city_inside_the_event() {
        let mut ctx = in_one_event(&["a", "b"]);
        let city = GAZETTEER.lookup("Lyon").expect("a city of the gazetteer");
        ctx.event_place.insert(1, city);
        let a = item("a", 0, "s", "at least 40", 40.0, "Place Bellecour", "people", "asserted");
        let b = item("b", 0, "s", "more than 45", 45.0, "Lyon", "people", "reported");
        assert_eq!(group_in(&[a.clone(), b.clone()], &ctx).len(), 1);
        // Not without the event's city: an unknown place is no place.
        assert_eq!(group_in(&[a, b], &in_one_event(&["a", "b"])).len(), 2);
    }

    #[test]
    fn a_subject_less_figure_is_told_apart_by_the_label_before_it() {
        let mut a = item("a", 0, "Soldiers: 4,200", "4,200", 4200.0, "Lyon", "", "asserted");
        a.fields.subject = None;
        (a.fields.start, a.fields.end) = (10, 15);
        let b = item("b", 0, "s", "4,500", 4500.0, "Lyon", "civilians", "asserted");
        let pa = Profile::of(&a);
        assert_eq!(pa.who(), Some(&["soldier".to_string()][..]));
        assert_eq!(group_in(&[a, b], &in_one_event(&["a", "b"])).len(), 2);
    }

    #[test]
    fn beside_a_figure_ten_times_apart_only_subjects_that_hold_each_other_group() {
        let ctx = in_one_event(&["a", "b", "c"]);
        let toll = item("a", 0, "s", "up to 90,000", 90000.0, "Lyon", "deaths", "asserted");
        let some = item("b", 0, "s", "several hundred", 300.0, "Lyon", "Greeks", "asserted");
        assert_eq!(group_in(&[toll, some], &ctx).len(), 2, "a generic toll and a people ten times smaller");
        let pows = item("a", 0, "s", "3.1 million", 3.1e6, "Lyon", "Italian POWs who died", "asserted");
        let political = item("b", 0, "s", "hundreds", 200.0, "Lyon", "interned journalists who died", "asserted");
        assert_eq!(group_in(&[pows.clone(), political], &ctx).len(), 2, "one head, other people");
        let same = item("c", 0, "s", "200,000", 200_000.0, "Lyon", "Italian POWs", "reported");
        assert_eq!(group_in(&[pows, same], &ctx).len(), 1, "the same people, estimates far apart: a conflict");
    }

    #[test]
    fn one_text_s_figure_for_a_year_inside_its_span_is_a_part() {
        let mut year =
            item("a", 0, "In 1941 the corps lost 85,000.", "85,000", 85000.0, "Lyon", "corps losses", "asserted");
        (year.fields.year_start, year.fields.year_end) = (Some(1941), Some(1941));
        let mut span = item(
            "a",
            900,
            "From 1941 to 1944 it lost 580,000.",
            "580,000",
            580_000.0,
            "Lyon",
            "corps losses",
            "asserted",
        );
        (span.fields.year_start, span.fields.year_end) = (Some(1941), Some(1944));
        assert_eq!(forbidden_by(&Profile::of(&year), &Profile::of(&span)), Some("one text, other things"));
        let mut again = span.clone();
        (again.fields.low, again.fields.high, again.sentence) = (Some(581_000.0), Some(581_000.0), 2000);
        assert_eq!(forbidden_by(&Profile::of(&span), &Profile::of(&again)), None, "figures that meet: restated");
    }

    #[test]
    fn inside_one_event_a_wide_region_holds_a_former_state_of_its_countries() {
        let region = item("a", 0, "s", "12,000", 12000.0, "Balkans", "refugees", "asserted");
        let state = item("b", 0, "s", "15,000", 15000.0, "Yugoslavia", "refugees", "asserted");
        let (pa, pb) = (Profile::of(&region), Profile::of(&state));
        let (wide, former) = (pa.place.unwrap_or_default(), pb.place.unwrap_or_default());
        assert!(holds(wide, former), "every member of the former state lies in the region");
        assert!(!holds(former, wide));
        assert_eq!(place_value(&pa, &pb, &in_one_event(&["a", "b"])), Some(NESTED_PLACE));
        assert_eq!(place_value(&pa, &pb, &Context::default()), None, "apart from an event, too wide");
    }

    #[test]
    fn one_text_s_generic_tolls_of_a_place_and_a_place_inside_it_are_whole_and_part() {
        let whole = item("a", 0, "s", "six million", 6e6, "Yugoslavia", "people", "reported");
        let mut part = item("a", 100, "s", "1.3 million", 1.3e6, "Serbia", "deaths", "reported");
        let (pw, pp) = (Profile::of(&whole), Profile::of(&part));
        assert!(place_within(&pw, &pp));
        assert_eq!(forbidden_by(&pw, &pp), Some("one text, other things"));
        // A people named on one side: near in the text, in a reported voice,
        // they may be alternatives (the other rules decide).
        part.fields.subject = Some("Serbs".into());
        assert_ne!(forbidden_by(&Profile::of(&whole), &Profile::of(&part)), Some("one text, other things"));
    }

    #[test]
    fn a_generic_toll_of_a_wider_place_stands_for_a_people_of_a_place_inside_it() {
        let ctx = in_one_event(&["a", "b"]);
        let mut whole = item("a", 0, "s", "well over 90,000", 90000.0, "Yugoslavia", "people", "asserted");
        let mut part = item("b", 0, "s", "85,000", 85000.0, "Serbia", "Vlachs deported", "asserted");
        for x in [&mut whole, &mut part] {
            (x.fields.year_start, x.fields.year_end) = (Some(1944), Some(1944));
        }
        let (pw, pp) = (Profile::of(&whole), Profile::of(&part));
        let f = frame_score(&pw, &pp, &ctx, false).unwrap_or_default();
        assert!((f - WIDER_GENERIC_FRAME).abs() < 1e-9, "nested places, all else the same: {f}");
        assert!(generic_wider(&pw, &pp));
        assert_eq!(pair_subject(&pw, &pp, &ctx, false, f), GENERIC_SUBJECT);
        // The generic figure of the narrower place is a part of the wider one's people.
        whole.fields.place = Some("Serbia".into());
        let mut wide_part = part.clone();
        wide_part.fields.place = Some("Yugoslavia".into());
        let (pw, pp) = (Profile::of(&whole), Profile::of(&wide_part));
        assert!(!generic_wider(&pw, &pp));
        assert_eq!(pair_subject(&pw, &pp, &ctx, false, f), 0.0);
    }

    #[test]
    fn a_figure_without_a_place_fits_several_places_named_together_and_its_own_text() {
        let ctx = in_one_event(&["a", "b"]);
        let mut bare = item("a", 0, "s", "9,000", 9000.0, "", "refugees", "asserted");
        bare.fields.place = None;
        let both = item("b", 0, "s", "8,000", 8000.0, "Lyon and Grenoble", "refugees", "asserted");
        let one = item("b", 0, "s", "3,000", 3000.0, "Lyon", "refugees", "asserted");
        assert_eq!(
            place_value(&Profile::of(&bare), &Profile::of(&both), &ctx),
            Some(NESTED_PLACE),
            "both count the whole"
        );
        assert_eq!(place_value(&Profile::of(&bare), &Profile::of(&one), &ctx), Some(MISSING_PLACE));
        let mut same_text = bare.clone();
        same_text.sentence = 900;
        assert_eq!(place_value(&Profile::of(&bare), &Profile::of(&same_text), &ctx), Some(1.0), "one text's own place");
        same_text.doc = "b".into();
        assert_eq!(place_value(&Profile::of(&bare), &Profile::of(&same_text), &ctx), Some(MISSING_PLACE));
    }

    #[test]
    fn a_text_restating_its_total_in_other_words_may_disagree_with_itself() {
        let mut named = item("a", 0, "Deaths 52,000 Danes", "52,000", 52000.0, "Lyon", "Danes killed", "asserted");
        let mut outcome = item(
            "a",
            40,
            "The Rebel Army caused up to 45,000 deaths.",
            "up to 45,000",
            45000.0,
            "Lyon",
            "deaths caused by the Rebel Army",
            "asserted",
        );
        (outcome.fields.low, outcome.fields.qualifier) = (None, "at_most".into());
        assert!(restated_otherwise(&Profile::of(&named), &Profile::of(&outcome)));
        assert_eq!(forbidden_by(&Profile::of(&named), &Profile::of(&outcome)), None);
        // Vague figures, or the same words beside another figure, are not
        // a restatement.
        named.fields.qualifier = "vague".into();
        assert!(!restated_otherwise(&Profile::of(&named), &Profile::of(&outcome)));
        named.fields.qualifier = "exact".into();
        outcome.fields.subject = Some("Danes killed".into());
        assert!(!restated_otherwise(&Profile::of(&named), &Profile::of(&outcome)));
    }

    #[test]
    fn figures_a_sentence_offers_as_alternatives_count_one_thing() {
        let ctx = in_one_event(&["a"]);
        let text = "Deaths in the valley are put at 12,000 or 15,000–20,000 by different authors.";
        let mut a = item("a", 0, text, "12,000", 12000.0, "Lyon", "", "asserted");
        let mut b = item("a", 0, text, "15,000–20,000", 17500.0, "Lyon", "", "asserted");
        (a.fields.subject, b.fields.subject) = (None, None);
        (b.fields.low, b.fields.high, b.fields.qualifier) = (Some(15000.0), Some(20000.0), "range".into());
        (a.fields.start, b.fields.start) = (35, 45);
        assert!(offered_as_alternatives(&a, &b));
        assert_eq!(group_in(&[a.clone(), b.clone()], &ctx).len(), 1, "alternatives: one count, in conflict");
        let list = "The valley lost 12,000 and the coast 15,000–20,000.";
        (a.sentence_text, b.sentence_text) = (list.into(), list.into());
        assert!(!offered_as_alternatives(&a, &b));
    }

    #[test]
    fn a_bound_is_as_far_from_a_small_figure_as_its_own_figure() {
        let ctx = in_one_event(&["a", "b", "c"]);
        let mut bound = item("a", 0, "s", "up to 90,000", 90000.0, "Lyon", "people", "asserted");
        (bound.fields.low, bound.fields.qualifier) = (None, "at_most".into());
        let range = item("b", 0, "s", "60,000", 60000.0, "Lyon", "deaths", "asserted");
        let some = item("c", 0, "s", "several hundred", 300.0, "Lyon", "Greeks", "asserted");
        let groups = group_in(&[bound, range, some], &ctx);
        assert_eq!(groups.len(), 2, "\"up to 90,000\" names 90,000: the hundreds are another count");
    }

    #[test]
    fn vehicles_are_materiel() {
        let a = item("a", 0, "s", "340", 340.0, "Lyon", "trucks and cars", "asserted");
        let b = item("b", 0, "s", "5,660", 5660.0, "Lyon", "casualties", "asserted");
        assert!(subject::clash(
            a.fields.subject.as_deref().map(subject::words).as_deref().unwrap_or_default(),
            &subject::words("casualties")
        ));
        assert!(!compatible(&a, &b));
    }

    fn rule(name: &str) -> &'static Rule {
        FORBID.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no rule {name}"))
    }

    fn forbids(name: &str, a: &Item, b: &Item) -> bool {
        (rule(name).forbids)(&Profile::of(a), &Profile::of(b))
    }

    #[test]
    fn every_forbidding_rule_has_its_test() {
        let tested =
            ["one sentence, one list", "units differ", "subjects clash", "parts differ", "one text, other things"];
        let names: Vec<&str> = FORBID.iter().map(|r| r.name).collect();
        assert_eq!(names, tested);
        let feats: Vec<&str> = FEATURES.iter().map(|f| f.name).collect();
        assert_eq!(feats, ["act", "place", "years", "event"]);
    }

    #[test]
    fn rule_one_sentence_one_list() {
        let a = item("a", 0, "s", "140", 140.0, "Lyon", "rapes", "asserted");
        let b = item("a", 0, "s", "32", 32.0, "Lyon", "attempted rapes", "asserted");
        assert!(forbids("one sentence, one list", &a, &b));
        let mut c = b.clone();
        (c.fields.subject, c.fields.stance) = (Some("rapes".into()), "reported".into());
        assert!(!forbids("one sentence, one list", &a, &c), "another voice about the same subject");
    }

    #[test]
    fn rule_units_differ() {
        let a = item("a", 0, "s", "12", 12.0, "Lyon", "civilians", "asserted");
        let mut b = item("b", 0, "s", "12%", 12.0, "Lyon", "civilians", "asserted");
        assert!(!forbids("units differ", &a, &b));
        b.fields.unit = "percent".into();
        assert!(forbids("units differ", &a, &b));
    }

    #[test]
    fn rule_subjects_clash() {
        let a = item("a", 0, "s", "12", 12.0, "Lyon", "Polish civilians", "asserted");
        let b = item("b", 0, "s", "13", 13.0, "Lyon", "German civilians", "asserted");
        let c = item("c", 0, "s", "14", 14.0, "Lyon", "civilians", "asserted");
        assert!(forbids("subjects clash", &a, &b));
        assert!(!forbids("subjects clash", &a, &c));
    }

    #[test]
    fn rule_parts_differ() {
        let a = item("a", 0, "s", "12", 12.0, "Lyon", "victims buried at the memorial", "asserted");
        let b = item("b", 0, "s", "13", 13.0, "Lyon", "victims", "asserted");
        assert!(forbids("parts differ", &a, &b));
        assert!(!forbids("parts differ", &b, &b.clone()));
    }

    #[test]
    fn rule_one_text_other_things() {
        let a = item("essay", 100, "The group had 40 tanks.", "40", 40.0, "Lyon", "tanks", "asserted");
        let b = item("essay", 300, "The group had 35 tanks.", "35", 35.0, "Lyon", "tanks", "asserted");
        let c = item("other", 300, "The group had 35 tanks.", "35", 35.0, "Lyon", "tanks", "asserted");
        assert!(forbids("one text, other things", &a, &b));
        assert!(!forbids("one text, other things", &a, &c));
    }

    #[test]
    fn features_value_pairs_as_the_table_says() {
        let ctx = in_one_event(&["a", "b"]);
        let a = item("a", 0, "s", "12", 12.0, "Belgrade", "civilians", "asserted");
        let mut b = item("b", 0, "s", "13", 13.0, "Serbia", "civilians", "asserted");
        let (pa, pb) = (Profile::of(&a), Profile::of(&b));
        assert_eq!(act_value(&pa, &pb, &ctx), Some(1.0));
        assert_eq!(place_value(&pa, &pb, &ctx), Some(NESTED_PLACE));
        assert_eq!(years_value(&pa, &pb, &ctx), Some(MISSING_YEARS));
        assert_eq!(event_value(&pa, &pb, &ctx), Some(1.0));
        assert_eq!(event_value(&pa, &pb, &Context::default()), Some(0.0));
        b.fields.act = Some("died".into());
        b.fields.place = Some("Europe".into());
        let pb = Profile::of(&b);
        assert_eq!(act_value(&pa, &pb, &ctx), Some(RELATED_ACT), "killed ~ died inside one event");
        assert_eq!(act_value(&pa, &pb, &Context::default()), None);
        assert_eq!(place_value(&pa, &pb, &ctx), None, "a continent swallows nothing");
    }
}
