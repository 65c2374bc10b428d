//! A claim's life across the revisions of a page (issue 18): the revision
//! where it first appeared, each revision that changed its value,
//! qualifier, source or stance, and the revision that removed it, so the
//! ledger answers "who changed 1,219 to 121, when" without the dump.
//!
//! # Identity
//!
//! A life is one claim followed from revision to revision of one page. Two
//! consecutive revisions (in the order `revisions` lists them: timestamp,
//! then revision id) are aligned by the same diff `revisions` prints
//! ([`corroborate_reconcile::diff::diff`]), never by a second alignment:
//! a `changed` or `reattributed` pair carries the old claim's life to the
//! new claim and records one change row per field; `added` starts a life;
//! `removed` ends one. The diff reports only what changed, so the claims it
//! leaves out on both sides are its unchanged pairs; they have the same
//! figure, qualifier, source and stance, and are matched in document order
//! among equal ones (which of two identical claims of one revision took
//! which life is the only thing this decides). A claim that comes back
//! after a removal starts a new life, as `revisions` shows it `added`.
//!
//! A life's id is the row id of its first claim, so a life needs no id of
//! its own before its claims are written.
//!
//! # Storage
//!
//! `claim_lives` (one row per life: page, first revision, removing
//! revision), `claim_life_claims` (every revision claim's life, so a claim
//! page finds its life from any of its claims) and `claim_life_changes`
//! (one row per changed field). They are written in the transaction that
//! writes the revisions' claims (see [`update`]), so a crash leaves all of
//! a batch, lives included, or none of it. Revisions that arrive after the
//! page's latest extend its lives from the latest stored revision; a
//! revision older than one already stored rebuilds the page's lives from
//! its stored claims.

use crate::model::{ClaimLife, FieldChange, LifeChange, LifeRevision, NewDocument};
use crate::Result;
use corroborate_reconcile::{diff, Item};
use std::collections::HashMap;

/// The claims of one revision as aligned: items in document order, their
/// row ids and (for a stored revision) their lives.
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    /// The claims, as the diff sees them.
    pub(crate) items: Vec<Item>,
    /// Their row ids.
    pub(crate) claims: Vec<i64>,
    /// Their lives (0 where none is known yet).
    pub(crate) lives: Vec<i64>,
}

impl State {
    /// A revision being written: its claims with the ids they were given,
    /// in document order (by start, then id, as the listings order them).
    pub(crate) fn of_document(name: &str, d: &NewDocument, ids: &[i64]) -> State {
        let mut order: Vec<usize> = (0..d.claims.len().min(ids.len())).collect();
        order.sort_by_key(|&i| (d.claims[i].fields.start, ids[i]));
        let mut s = State::default();
        for i in order {
            let c = &d.claims[i];
            let sentence = usize::try_from(c.sentence).ok().and_then(|k| d.sentences.get(k));
            s.items.push(Item {
                doc: name.to_string(),
                fields: c.fields.clone(),
                sentence: sentence.map_or(0, |x| x.start.max(0) as usize),
                sentence_text: sentence.map(|x| x.text.clone()).unwrap_or_default(),
            });
            s.claims.push(ids[i]);
            s.lives.push(0);
        }
        s
    }

    /// Adds one stored claim (rows of [`crate::schema::LIFE_STATE`]).
    pub(crate) fn push(&mut self, claim: i64, life: i64, item: Item) {
        self.claims.push(claim);
        self.lives.push(life);
        self.items.push(item);
    }
}

/// A changed field of a claim, to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NewChange {
    /// The life.
    pub(crate) life: i64,
    /// The revision (row id) that changed it.
    pub(crate) revision: i64,
    /// The claim in that revision.
    pub(crate) claim: i64,
    /// The claim in the revision before.
    pub(crate) old_claim: i64,
    /// `changed` or `reattributed`, as the diff says.
    pub(crate) kind: &'static str,
    /// `value`, `qualifier`, `source` or `stance`.
    pub(crate) field: &'static str,
    /// The value before (a value is shown by its quote).
    pub(crate) old: Option<String>,
    /// The value after.
    pub(crate) new: Option<String>,
}

/// Rows to write, in this order (the later ones name the earlier).
#[derive(Debug, Default)]
pub(crate) struct Writes {
    /// New lives: (life id = first claim id, first revision).
    pub(crate) lives: Vec<(i64, i64)>,
    /// (claim, life) for every claim aligned.
    pub(crate) members: Vec<(i64, i64)>,
    /// Changed fields.
    pub(crate) changes: Vec<NewChange>,
    /// (life, revision that removed it).
    pub(crate) removals: Vec<(i64, i64)>,
}

impl Writes {
    fn is_large(&self) -> bool {
        self.members.len() > 100_000
    }
}

/// What a backend does for [`update`], inside its ingest transaction.
pub(crate) trait LifeDb {
    /// Every page that has revisions (document row ids).
    fn pages(&mut self) -> Result<Vec<i64>>;
    /// A page's revisions (row ids) in the order they were made.
    fn revision_order(&mut self, document_id: i64) -> Result<Vec<i64>>;
    /// A stored revision's claims with their lives.
    fn stored(&mut self, revision: i64) -> Result<State>;
    /// Deletes a page's lives.
    fn clear(&mut self, document_id: i64) -> Result<()>;
    /// Writes rows of a page's lives.
    fn write(&mut self, document_id: i64, w: &Writes) -> Result<()>;
}

/// Brings a page's lives up to date after its revisions in `fresh` (row
/// id → claims just written) were stored; `rebuild` recomputes them all
/// from the stored claims (a migration of an older ledger).
pub(crate) fn update(
    db: &mut impl LifeDb,
    document_id: i64,
    mut fresh: HashMap<i64, State>,
    rebuild: bool,
) -> Result<()> {
    let order = db.revision_order(document_id)?;
    let first_new = if rebuild { Some(0) } else { order.iter().position(|r| fresh.contains_key(r)) };
    let Some(first_new) = first_new else { return Ok(()) };
    let appended = order[first_new..].iter().all(|r| fresh.contains_key(r));
    let start = if appended && !rebuild { first_new } else { 0 };
    if start == 0 {
        db.clear(document_id)?;
    }
    let mut state = match start.checked_sub(1) {
        Some(p) => db.stored(order[p])?,
        None => State::default(),
    };
    let mut writes = Writes::default();
    for &rev in &order[start..] {
        let next = match fresh.remove(&rev) {
            Some(s) => s,
            None => db.stored(rev)?,
        };
        state = advance(state, rev, next, &mut writes);
        if writes.is_large() {
            db.write(document_id, &std::mem::take(&mut writes))?;
        }
    }
    db.write(document_id, &writes)
}

/// Computes the lives of every stored page from its stored claims (the
/// migration that adds lives to an older ledger).
pub(crate) fn rebuild_all(db: &mut impl LifeDb) -> Result<()> {
    for page in db.pages()? {
        update(db, page, HashMap::new(), true)?;
    }
    Ok(())
}

/// The index of the first unused item of `items` equal to `item`.
fn find(items: &[Item], used: &[bool], item: Option<&Item>) -> Option<usize> {
    let item = item?;
    items.iter().enumerate().position(|(i, x)| !used[i] && x == item)
}

/// True when two claims the diff left unchanged can be one pair: the
/// fields the diff compares are equal.
fn same_figure(a: &Item, b: &Item) -> bool {
    let (x, y) = (&a.fields, &b.fields);
    x.low == y.low
        && x.high == y.high
        && x.unit == y.unit
        && x.qualifier == y.qualifier
        && x.source == y.source
        && x.stance == y.stance
}

/// A field's value as a change row keeps it: a value by its quote.
fn field_text(i: &Item, field: &str) -> Option<String> {
    match field {
        "value" => Some(i.fields.quote.clone()),
        "qualifier" => Some(i.fields.qualifier.clone()),
        "source" => i.fields.source.clone(),
        "stance" => Some(i.fields.stance.clone()),
        _ => None,
    }
}

/// Aligns revision `revision`'s claims (`next`) with the previous
/// revision's (`prev`), records what changed in `out`, and returns `next`
/// with its lives.
pub(crate) fn advance(prev: State, revision: i64, mut next: State, out: &mut Writes) -> State {
    let mut used_old = vec![false; prev.items.len()];
    let mut used_new = vec![false; next.items.len()];
    for c in diff::diff(&prev.items, &next.items) {
        let i = find(&prev.items, &used_old, c.old.as_ref());
        let j = find(&next.items, &used_new, c.new.as_ref());
        if let Some(i) = i {
            used_old[i] = true;
        }
        if let Some(j) = j {
            used_new[j] = true;
        }
        match (i, j) {
            (Some(i), Some(j)) if prev.lives[i] != 0 => {
                next.lives[j] = prev.lives[i];
                for field in &c.fields {
                    out.changes.push(NewChange {
                        life: prev.lives[i],
                        revision,
                        claim: next.claims[j],
                        old_claim: prev.claims[i],
                        kind: c.kind,
                        field,
                        old: field_text(&prev.items[i], field),
                        new: field_text(&next.items[j], field),
                    });
                }
            }
            (Some(i), None) if prev.lives[i] != 0 => out.removals.push((prev.lives[i], revision)),
            _ => {}
        }
    }
    // The diff's unchanged pairs: what it left out on both sides.
    for j in (0..next.items.len()).filter(|&j| !used_new[j]) {
        let equal = (0..prev.items.len()).find(|&i| !used_old[i] && same_figure(&prev.items[i], &next.items[j]));
        if let Some(i) = equal.or_else(|| (0..prev.items.len()).find(|&i| !used_old[i])) {
            used_old[i] = true;
            next.lives[j] = prev.lives[i];
        }
    }
    for i in (0..prev.items.len()).filter(|&i| !used_old[i] && prev.lives[i] != 0) {
        out.removals.push((prev.lives[i], revision));
    }
    for j in 0..next.items.len() {
        if next.lives[j] == 0 {
            next.lives[j] = next.claims[j];
            out.lives.push((next.claims[j], revision));
        }
        out.members.push((next.claims[j], next.lives[j]));
    }
    next
}

/// One stored life as the backends read it ([`crate::schema::LIVES_OF_PAGE`]).
#[derive(Debug, Clone)]
pub(crate) struct LifeHead {
    /// The life (its first claim's id).
    pub(crate) id: i64,
    /// The page's document row id.
    pub(crate) document_id: i64,
    /// The page's name.
    pub(crate) page: String,
    /// The first claim's quote.
    pub(crate) quote: String,
    /// The revision it first appeared in.
    pub(crate) first: LifeRevision,
    /// The revision that removed it.
    pub(crate) removed: Option<LifeRevision>,
    /// Its claim in the latest revision holding it.
    pub(crate) latest_claim: i64,
    /// How many revisions hold it.
    pub(crate) revisions: i64,
}

/// One stored change row ([`crate::schema::LIFE_CHANGES_OF_PAGE`]).
#[derive(Debug, Clone)]
pub(crate) struct ChangeRow {
    /// The life.
    pub(crate) life: i64,
    /// The revision.
    pub(crate) revision: LifeRevision,
    /// `changed` or `reattributed`.
    pub(crate) kind: String,
    /// The claim before.
    pub(crate) old_claim: i64,
    /// The claim after.
    pub(crate) claim: i64,
    /// The field.
    pub(crate) change: FieldChange,
}

/// Lives from their rows: each life's change rows (in the order written)
/// grouped by revision.
pub(crate) fn assemble(heads: Vec<LifeHead>, rows: Vec<ChangeRow>) -> Vec<ClaimLife> {
    let mut by_life: HashMap<i64, Vec<LifeChange>> = HashMap::new();
    for r in rows {
        let changes = by_life.entry(r.life).or_default();
        match changes.last_mut() {
            Some(last) if last.claim == r.claim && last.revision == r.revision => last.fields.push(r.change),
            _ => changes.push(LifeChange {
                revision: r.revision,
                kind: r.kind,
                old_claim: r.old_claim,
                claim: r.claim,
                fields: vec![r.change],
            }),
        }
    }
    heads
        .into_iter()
        .map(|h| ClaimLife {
            changes: by_life.remove(&h.id).unwrap_or_default(),
            id: h.id,
            document_id: h.document_id,
            page: h.page,
            quote: h.quote,
            first: h.first,
            removed: h.removed,
            latest_claim: h.latest_claim,
            revisions: h.revisions,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_extract::ClaimFields;

    fn item(start: i64, quote: &str, value: f64, sentence: &str) -> Item {
        Item {
            doc: "P#1".into(),
            fields: ClaimFields {
                start,
                end: start + quote.len() as i64,
                quote: quote.into(),
                low: Some(value),
                high: Some(value),
                unit: "count".into(),
                qualifier: "exact".into(),
                act: Some("killed".into()),
                subject: Some("villagers".into()),
                place: Some("Kerrow".into()),
                year_start: Some(1952),
                year_end: Some(1952),
                perpetrator: None,
                source: None,
                stance: "asserted".into(),
            },
            sentence: 0,
            sentence_text: sentence.into(),
        }
    }

    fn state(items: Vec<Item>, first_id: i64) -> State {
        let n = items.len() as i64;
        State { items, claims: (first_id..first_id + n).collect(), lives: vec![0; n as usize] }
    }

    #[test]
    fn a_life_is_followed_through_change_and_removal() {
        let mut w = Writes::default();
        let a = "The flood of 1952 killed 1,219 villagers in Kerrow, the survey said.";
        let b = "In 1950 the dam at Kerrow held 40 boats of the fishing fleet.";
        let r1 = state(vec![item(24, "1,219", 1219.0, a), item(300, "40", 40.0, b)], 10);
        let s1 = advance(State::default(), 1, r1, &mut w);
        assert_eq!(w.lives, vec![(10, 1), (11, 1)]);
        // Revision 2 changes the first figure and keeps the second.
        let a2 = "The flood of 1952 killed 121 villagers in Kerrow, the survey said.";
        let r2 = state(vec![item(24, "121", 121.0, a2), item(298, "40", 40.0, b)], 20);
        let s2 = advance(s1, 2, r2, &mut w);
        assert_eq!(s2.lives, vec![10, 11]);
        assert_eq!(w.changes.len(), 1);
        let c = &w.changes[0];
        assert_eq!((c.life, c.revision, c.claim, c.old_claim, c.field), (10, 2, 20, 10, "value"));
        assert_eq!((c.old.as_deref(), c.new.as_deref()), (Some("1,219"), Some("121")));
        // Revision 3 drops the second figure.
        let r3 = state(vec![item(24, "121", 121.0, a2)], 30);
        let s3 = advance(s2, 3, r3, &mut w);
        assert_eq!(s3.lives, vec![10]);
        assert_eq!(w.removals, vec![(11, 3)]);
        assert_eq!(w.members, vec![(10, 10), (11, 11), (20, 10), (21, 11), (30, 10)]);
    }

    #[test]
    fn a_claim_that_comes_back_starts_a_new_life() {
        let mut w = Writes::default();
        let a = "At least 300 prisoners were shot at the camp in 1943.";
        let s1 = advance(State::default(), 1, state(vec![item(9, "300", 300.0, a)], 1), &mut w);
        let s2 = advance(s1, 2, State::default(), &mut w);
        let s3 = advance(s2, 3, state(vec![item(9, "300", 300.0, a)], 2), &mut w);
        assert_eq!(s3.lives, vec![2]);
        assert_eq!(w.lives, vec![(1, 1), (2, 3)]);
        assert_eq!(w.removals, vec![(1, 2)]);
    }
}

#[cfg(test)]
mod update_tests {
    use super::*;
    use corroborate_extract::ClaimFields;

    /// A page in memory: revisions in order, each with its claims and the
    /// lives written for them.
    #[derive(Default)]
    struct Page {
        order: Vec<i64>,
        claims: HashMap<i64, Vec<(i64, Item)>>,
        members: HashMap<i64, i64>,
        lives: Vec<(i64, i64)>,
        removals: Vec<(i64, i64)>,
    }

    impl LifeDb for Page {
        fn pages(&mut self) -> Result<Vec<i64>> {
            Ok(vec![1])
        }
        fn revision_order(&mut self, _: i64) -> Result<Vec<i64>> {
            Ok(self.order.clone())
        }
        fn stored(&mut self, revision: i64) -> Result<State> {
            let mut s = State::default();
            for (id, item) in self.claims.get(&revision).cloned().unwrap_or_default() {
                s.push(id, self.members.get(&id).copied().unwrap_or(0), item);
            }
            Ok(s)
        }
        fn clear(&mut self, _: i64) -> Result<()> {
            (self.members, self.lives, self.removals) = Default::default();
            Ok(())
        }
        fn write(&mut self, _: i64, w: &Writes) -> Result<()> {
            self.members.extend(w.members.iter().copied());
            self.lives.extend(&w.lives);
            self.removals.extend(&w.removals);
            Ok(())
        }
    }

    fn item(value: f64) -> Item {
        let quote = format!("{value}");
        Item {
            doc: "P".into(),
            fields: ClaimFields {
                start: 10,
                end: 10 + quote.len() as i64,
                quote,
                low: Some(value),
                high: Some(value),
                unit: "count".into(),
                qualifier: "exact".into(),
                act: Some("deported".into()),
                subject: Some("families".into()),
                place: Some("Kerrow".into()),
                year_start: None,
                year_end: None,
                perpetrator: None,
                source: None,
                stance: "asserted".into(),
            },
            sentence: 0,
            sentence_text: "The army deported families from Kerrow to the coast in the winter.".into(),
        }
    }

    /// Stores revision `rev` (sorted at `pos`) with one claim `id` of
    /// `value`, and returns what `update` is given for it.
    fn store(page: &mut Page, pos: usize, rev: i64, id: i64, value: f64) -> HashMap<i64, State> {
        page.order.insert(pos, rev);
        page.claims.insert(rev, vec![(id, item(value))]);
        let mut s = State::default();
        s.push(id, 0, item(value));
        HashMap::from([(rev, s)])
    }

    #[test]
    fn appended_revisions_go_on_and_an_older_one_rebuilds() {
        let mut page = Page::default();
        let fresh = store(&mut page, 0, 2, 20, 400.0);
        update(&mut page, 1, fresh, false).unwrap();
        let fresh = store(&mut page, 1, 3, 30, 400.0);
        update(&mut page, 1, fresh, false).unwrap();
        // Revision 3 went on from revision 2's stored life.
        assert_eq!((page.members[&30], page.lives.clone()), (20, vec![(20, 2)]));
        // Revision 1, older than both, arrives: the page is rebuilt and the
        // life now starts at revision 1's claim.
        let fresh = store(&mut page, 0, 1, 10, 400.0);
        update(&mut page, 1, fresh, false).unwrap();
        assert_eq!(page.lives, vec![(10, 1)]);
        assert_eq!((page.members[&10], page.members[&20], page.members[&30]), (10, 10, 10));
        // A rebuild from scratch gives the same.
        update(&mut page, 1, HashMap::new(), true).unwrap();
        assert_eq!(page.lives, vec![(10, 1)]);
        assert!(page.removals.is_empty());
    }
}
