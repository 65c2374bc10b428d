//! Groups as their readers get them: the context grouping needs from the
//! documents, and one group's record (`corroborate groups --format jsonl`
//! prints it; the Python package returns it as a dict), defined once for
//! both.

use crate::events::{self, Event};
use crate::group::{self, Context, Group};
use crate::sources::Families;
use crate::{versions, Item};
use corroborate_extract::context::place::GAZETTEER;
use serde_json::{json, Value};

/// What grouping knows of documents (name, clean text): their events and
/// their families of copies and revisions, with the events themselves.
pub fn context(docs: &[(String, String)]) -> (Context, Vec<Event>) {
    let related = versions::related(docs, versions::THRESHOLD);
    let evs = events::events(docs, &related);
    let event_of = evs.iter().flat_map(|e| e.docs.iter().map(move |d| (d.clone(), e.id))).collect();
    let event_place =
        evs.iter().filter_map(|e| Some((e.id, e.place.as_deref().and_then(|p| GAZETTEER.lookup(p))?))).collect();
    (Context { event_of, event_place, families: Families::new(docs, &related) }, evs)
}

/// Groups `items` in the context of their documents (see [`context`]).
pub fn groups(items: &[Item], docs: &[(String, String)]) -> (Vec<Group>, Vec<Event>) {
    let (ctx, evs) = context(docs);
    (group::group_in(items, &ctx), evs)
}

/// The kinds of a group's conflicts (sorted, once each) and the sentence
/// that explains it: its conflicts, or how many sources agree.
pub fn explain(g: &Group) -> (Vec<&'static str>, String) {
    let mut kinds: Vec<&'static str> = g.conflicts.iter().flat_map(|c| c.kinds.iter().copied()).collect();
    kinds.sort();
    kinds.dedup();
    let explanation = if !g.conflicts.is_empty() {
        g.conflicts.iter().map(|c| c.explanation.as_str()).collect::<Vec<_>>().join("; ")
    } else if g.members.len() > 1 {
        format!(
            "{} claims from {} independent source{} agree",
            g.members.len(),
            g.sources,
            if g.sources == 1 { "" } else { "s" }
        )
    } else {
        "one claim".to_string()
    };
    (kinds, explanation)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// One group's record: `id`, `claims`, `conflict`, `kinds`, `low`,
/// `high`, `best`, `basis`, `explanation`, `sources`, `event` (the name of
/// the event of `evs` its claims are about).
pub fn record(g: &Group, items: &[Item], evs: &[Event]) -> Value {
    let (kinds, explanation) = explain(g);
    let claims: Vec<&Item> = g.members.iter().map(|&i| &items[i]).collect();
    json!({
        "id": g.id, "claims": claims, "conflict": !g.conflicts.is_empty(), "kinds": kinds,
        "low": finite(g.union.0), "high": finite(g.union.1), "best": g.best, "basis": g.basis,
        "explanation": explanation, "sources": g.sources,
        "event": g.event.and_then(|e| evs.iter().find(|x| x.id == e)).map(|e| &e.name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClaimFields;

    fn item(doc: &str, start: i64, low: f64) -> Item {
        Item {
            doc: doc.into(),
            fields: ClaimFields {
                start,
                end: start + 5,
                quote: format!("{low}"),
                low: Some(low),
                high: Some(low),
                unit: "count".into(),
                qualifier: "exact".into(),
                act: Some("killed".into()),
                subject: Some("villagers".into()),
                place: Some("Tirana".into()),
                year_start: Some(1943),
                year_end: Some(1943),
                perpetrator: None,
                source: None,
                stance: "asserted".into(),
            },
            sentence: start as usize,
            sentence_text: format!("Soldiers killed {low} villagers near Tirana in 1943."),
        }
    }

    #[test]
    fn a_conflicting_pair_is_one_group_with_its_kinds_and_explanation() {
        let items = vec![item("a.txt", 10, 40.0), item("b.txt", 20, 400.0)];
        let (gs, evs) = groups(&items, &[]);
        let conflicted: Vec<_> = gs.iter().filter(|g| !g.conflicts.is_empty()).collect();
        assert_eq!(conflicted.len(), 1, "{gs:?}");
        let r = record(conflicted[0], &items, &evs);
        assert_eq!(r["conflict"], true);
        assert_eq!(r["claims"].as_array().map(Vec::len), Some(2));
        assert!(!r["kinds"].as_array().is_some_and(Vec::is_empty));
        assert_eq!(r["explanation"], explain(conflicted[0]).1);
    }

    #[test]
    fn a_lone_claim_is_explained_as_one_claim() {
        let items = vec![item("a.txt", 10, 40.0)];
        let (gs, evs) = groups(&items, &[]);
        assert_eq!(record(&gs[0], &items, &evs)["explanation"], "one claim");
    }
}
