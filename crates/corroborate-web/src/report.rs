//! `corroborate report`: documents with their claims marked, the groups
//! with their conflicts and charts, in one self-contained HTML file (style
//! inline, no script, no outside resource) that can be mailed or published.
//!
//! Every mark is numbered and links to its row in the numbered table of
//! claims at the end (value, act, place, years, source, stance), whose
//! number links back to the mark: the fields a hover shows on screen are
//! on paper too, where the print style sheet prints each mark's number
//! beside it.

use crate::state::items_of_rows;
use crate::views::{self, Links};
use corroborate_reconcile::group;
use corroborate_store::ClaimRow;
use maud::{html, Markup, DOCTYPE};
use std::collections::HashMap;

/// One document of a report.
pub struct ReportDoc {
    /// Its name.
    pub name: String,
    /// Its title, where it has one.
    pub title: Option<String>,
    /// The original bytes.
    pub bytes: Vec<u8>,
}

/// Links inside the report: anchors; claims by their mark's number.
struct Anchors {
    numbers: HashMap<i64, usize>,
}

/// An anchor id for a document.
fn doc_anchor(name: &str) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).collect();
    format!("doc-{safe}")
}

impl Links for Anchors {
    fn doc(&self, name: &str) -> String {
        format!("#{}", doc_anchor(name))
    }
    fn claim_in_doc(&self, c: &ClaimRow) -> String {
        format!("#claim-{}", c.id)
    }
    fn claim(&self, id: i64) -> String {
        format!("#fn-{id}")
    }
    fn group(&self, id: usize) -> String {
        format!("#group-{id}")
    }
    fn mark_number(&self, id: i64) -> Option<usize> {
        self.numbers.get(&id).copied()
    }
}

/// Every claim that has a mark, numbered in the order the marks appear.
fn in_mark_order<'a>(docs: &[ReportDoc], claims: &'a [ClaimRow]) -> Vec<(&'a ClaimRow, usize)> {
    let by_id: HashMap<i64, &ClaimRow> = claims.iter().map(|c| (c.id, c)).collect();
    let mut out = Vec::new();
    for d in docs {
        let own: Vec<ClaimRow> = claims.iter().filter(|c| c.doc == d.name).cloned().collect();
        out.extend(views::marked(d.bytes.len(), &own).iter().filter_map(|c| by_id.get(&c.id).copied()));
    }
    out.into_iter().enumerate().map(|(i, c)| (c, i + 1)).collect()
}

/// The numbered table of claims: each row is where its mark links to.
fn footnotes(numbered: &[(&ClaimRow, usize)]) -> Markup {
    html! {
        section.footnotes {
            h2 { "Claims, numbered" }
            p.meta { "Each marked figure carries its number; the number here leads back to it." }
            div.wide { table.footnotes {
                thead { tr { th { "#" } th { "value" } th { "act" } th { "place" } th { "years" } th { "source" } th { "stance" } th { "document" } } }
                tbody {
                    @for (c, n) in numbered {
                        @let f = &c.fields;
                        tr id={ "fn-" (c.id) } {
                            td.n { a href={ "#claim-" (c.id) } { (n) } }
                            td { (views::value(c)) }
                            td { (f.act.as_deref().unwrap_or("·")) }
                            td { (f.place.as_deref().unwrap_or("·")) }
                            td { (views::years(f.year_start, f.year_end)) }
                            td { (f.source.as_deref().unwrap_or("·")) }
                            td { (f.stance) }
                            td { (c.doc) }
                        }
                    }
                }
            } }
        }
    }
}

/// Renders the report. `claims` are every document's claims, each with a
/// unique id and its document's name in `doc`.
pub fn render(title: &str, docs: &[ReportDoc], claims: &[ClaimRow]) -> String {
    let items = items_of_rows(claims);
    let groups = group::group(&items);
    let mut shown: Vec<_> = groups.iter().filter(|g| g.members.len() > 1 || !g.conflicts.is_empty()).collect();
    shown.sort_by_key(|g| (g.conflicts.is_empty(), g.id));
    let conflicts = shown.iter().filter(|g| !g.conflicts.is_empty()).count();
    let numbered = in_mark_order(docs, claims);
    let anchors = Anchors { numbers: numbered.iter().map(|(c, n)| (c.id, *n)).collect() };
    html! {
        (DOCTYPE)
        html lang="en" {
            (views::head(title, views::inline_style()))
            body {
                main {
                    h1 { (title) }
                    p.meta { (docs.len()) " documents · " (claims.len()) " count claims · " (shown.len()) " groups · " (conflicts) " in conflict. Made by Corroborate; every figure links to the words it was read from." }
                    h2 { "Documents" }
                    ul { @for d in docs { li { a href=(anchors.doc(&d.name)) { (d.title.as_deref().unwrap_or(&d.name)) } " (" (d.name) ")" } } }
                    h2 { "Groups and conflicts" }
                    (views::groups_table(&shown, &items, &anchors))
                    @for g in &shown { (views::group_view(g, &items, claims, &anchors)) }
                    @for d in docs {
                        @let own: Vec<ClaimRow> = claims.iter().filter(|c| c.doc == d.name).cloned().collect();
                        section.doc id=(doc_anchor(&d.name)) {
                            h2 { (d.title.as_deref().unwrap_or(&d.name)) }
                            p.meta { (d.name) " · " (own.len()) " claims · hover a marked figure for what was read from it, or follow it to its numbered row" }
                            (views::legend(&own))
                            (views::marked_text(&d.bytes, &own, &anchors))
                        }
                    }
                    (footnotes(&numbered))
                }
            }
        }
    }
    .into_string()
}
