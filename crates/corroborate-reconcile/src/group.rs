//! Groups: claims from any documents that count the same thing.
//!
//! Two claims may share a group when every rule below holds; a claim joins
//! the first group all of whose members it may share with (complete
//! linkage, so that no chain of near-misses merges different things).
//!
//! - **Same act and unit.** A count of rapes is not a count of deaths; a
//!   percentage is not a count.
//! - **Not the same sentence.** Figures in one sentence are a list of
//!   different things ("1,219 rapes, 359 attempted rapes").
//! - **Places equal or one inside the other** (Belgrade ⊂ Serbia ⊂
//!   Yugoslavia, through the gazetteer); a claim without a place can join.
//! - **Years that overlap**; a claim without years can join. Where both
//!   give years that do not overlap, only claims whose place and subject
//!   words are the same may still group: year extraction errs, identical
//!   places and subjects rarely do.
//! - **Subjects that mean the same** ([`crate::subject::same`]) as at least
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

use crate::conflict::{self, Conflict};
use crate::subject;
use crate::Item;
use corroborate_extract::context::place::GAZETTEER;
use serde::Serialize;

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
}

/// What the rules compare of one claim, worked out once per claim rather
/// than once per pair: its place in the gazetteer, its subject's words and
/// (when first needed) the names in its sentence.
pub struct Profile<'a> {
    item: &'a Item,
    place: Option<usize>,
    subject: Option<Vec<String>>,
    names: std::cell::OnceCell<Vec<String>>,
}

impl<'a> Profile<'a> {
    /// The profile of a claim.
    pub fn of(item: &'a Item) -> Profile<'a> {
        Profile {
            item,
            place: item.fields.place.as_deref().and_then(|p| GAZETTEER.lookup(p)),
            subject: item.fields.subject.as_deref().map(subject::words),
            names: std::cell::OnceCell::new(),
        }
    }

    fn names(&self) -> &[String] {
        self.names.get_or_init(|| names(&self.item.sentence_text))
    }
}

fn places_fit(a: &Profile, b: &Profile) -> bool {
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
        p.kind == "continent" || (p.kind == "region" && p.members.len() >= 3)
    };
    match (a.place, b.place) {
        (Some(x), Some(y)) => x == y || (GAZETTEER.contains(x, y) && !wide(x)) || (GAZETTEER.contains(y, x) && !wide(y)),
        _ => false,
    }
}

/// Capitalised words too common to tie two sentences together.
const GENERIC: &[&str] = &["World", "War", "The", "This", "That", "These", "Some", "Many", "According", "However", "After", "Before", "During", "Allied", "Allies", "Red", "Army", "Armed", "Forces", "Government", "State"];

/// Bytes between two sentences of one document that still count as "near".
const NEAR: usize = 600;

/// Capitalised words inside a sentence (not its first word, not demonyms
/// or months): the names that tie two figures to one unit or event.
pub fn names(sentence: &str) -> Vec<String> {
    const MONTHS: &[&str] = &["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    // Places are compared by their own rule; blank them out here.
    let mut text = sentence.to_string();
    for m in corroborate_extract::context::place::mentions(sentence) {
        text.replace_range(m.start..m.end, &" ".repeat(m.end - m.start));
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.len() > 2)
        .filter(|w| !MONTHS.contains(w) && !GENERIC.contains(w) && corroborate_extract::context::demonym(w).is_none() && GAZETTEER.lookup(w).is_none())
        .map(str::to_string)
        .collect::<Vec<_>>()
}

fn same_context(a: &Profile, b: &Profile) -> bool {
    let (x, y) = (a.item, b.item);
    if x.doc != y.doc {
        return true;
    }
    // Estimates reported beside each other are alternatives, too.
    let voices_differ = x.fields.stance != y.fields.stance || x.fields.source != y.fields.source || x.fields.stance == "reported";
    if x.sentence.abs_diff(y.sentence) < NEAR && voices_differ {
        return true;
    }
    let na = a.names();
    b.names().iter().any(|n| na.contains(n))
}

fn years_overlap(a: &Item, b: &Item) -> Option<bool> {
    let ra = (a.fields.year_start.or(a.fields.year_end)?, a.fields.year_end.or(a.fields.year_start)?);
    let rb = (b.fields.year_start.or(b.fields.year_end)?, b.fields.year_end.or(b.fields.year_start)?);
    Some(ra.0 <= rb.1 && rb.0 <= ra.1)
}

/// True when two claims may count the same thing: every rule holds.
pub fn compatible(a: &Item, b: &Item) -> bool {
    let (pa, pb) = (Profile::of(a), Profile::of(b));
    fits(&pa, &pb) && same_subject(&pa, &pb)
}

/// True when two claims in different documents (versions of one text, say)
/// count the same thing: act, unit, place, years and subject agree.
pub fn same_thing(a: &Item, b: &Item) -> bool {
    same_thing_profiled(&Profile::of(a), &Profile::of(b))
}

/// [`same_thing`] on profiles.
pub fn same_thing_profiled(a: &Profile, b: &Profile) -> bool {
    same_frame(a, b) && same_subject(a, b)
}

fn same_subject(a: &Profile, b: &Profile) -> bool {
    subject::same_words(a.subject.as_deref(), b.subject.as_deref())
}

/// The rules other than the subject's.
fn fits(a: &Profile, b: &Profile) -> bool {
    !(a.item.doc == b.item.doc && a.item.sentence == b.item.sentence) && same_frame(a, b) && same_context(a, b)
}

/// Act, unit, place and years agree.
fn same_frame(a: &Profile, b: &Profile) -> bool {
    let (x, y) = (a.item, b.item);
    if x.fields.act.is_none() || x.fields.act != y.fields.act || x.fields.unit != y.fields.unit {
        return false;
    }
    if !places_fit(a, b) {
        return false;
    }
    match years_overlap(x, y) {
        Some(false) => {
            let same_place = matches!((&x.fields.place, &y.fields.place), (Some(p), Some(q)) if p.eq_ignore_ascii_case(q));
            same_place && a.subject.is_some() && a.subject == b.subject
        }
        _ => true,
    }
}

/// Groups `items`, in input order.
pub fn group(items: &[Item]) -> Vec<Group> {
    let profiles: Vec<Profile> = items.iter().map(Profile::of).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, p) in profiles.iter().enumerate() {
        let fits_group = |g: &Vec<usize>| {
            g.iter().all(|&j| fits(p, &profiles[j])) && g.iter().any(|&j| same_subject(p, &profiles[j]))
        };
        match groups.iter_mut().find(|g| fits_group(g)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(k, members)| summarise(k + 1, members, items))
        .collect()
}

fn summarise(id: usize, members: Vec<usize>, items: &[Item]) -> Group {
    let ivs: Vec<(f64, f64)> = members.iter().map(|&i| items[i].interval()).collect();
    let union = ivs.iter().fold((f64::INFINITY, 0.0f64), |(l, h), &(a, b)| (l.min(a), h.max(b)));
    let inter = ivs.iter().fold((0.0f64, f64::INFINITY), |(l, h), &(a, b)| (l.max(a), h.min(b)));
    let intersection = (inter.0 <= inter.1).then_some(inter);
    // Best estimate: the middle of the intersection where the claims agree
    // on one; otherwise the median of the asserted (then of all) figures.
    let (best, basis) = match intersection {
        Some((a, b)) if b.is_finite() && members.len() > 1 => (Some((a + b) / 2.0), "middle of the figures' common interval".to_string()),
        _ => {
            let pick = |asserted: bool| -> Vec<f64> {
                members.iter().filter(|&&i| !asserted || items[i].fields.stance == "asserted").filter_map(|&i| items[i].point()).collect()
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
    let conflicts = conflict::find(&members, items);
    Group { id, members, union, intersection, best, basis, conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClaimFields;

    fn item(doc: &str, sentence: usize, text: &str, quote: &str, v: f64, place: &str, subject: &str, stance: &str) -> Item {
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
        let c = item("essay", 300, "Some sources claimed 1,000 tanks.", "1,000", 1000.0, "Belgrade", "tanks", "reported");
        assert!(compatible(&a, &c));
        // Far apart but tied by a name.
        let d = item("essay", 9000, "Zhdanov's 4th Corps had 180 tanks.", "180", 180.0, "Belgrade", "tanks", "asserted");
        let e = item("essay", 100, "The 4 Guards Mechanized Corps had 160 tanks.", "160", 160.0, "Belgrade", "tanks", "asserted");
        assert!(compatible(&d, &e));
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
}
