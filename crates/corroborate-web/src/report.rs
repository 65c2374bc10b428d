//! `corroborate report`: documents with their claims marked, the groups
//! with their conflicts and charts, in one self-contained HTML file (style
//! inline, no script, no outside resource) that can be mailed or published.

use crate::state::items_of_rows;
use crate::views::{self, Links};
use corroborate_reconcile::group;
use corroborate_store::ClaimRow;
use maud::{html, DOCTYPE};

/// One document of a report.
pub struct ReportDoc {
    /// Its name.
    pub name: String,
    /// Its title, where it has one.
    pub title: Option<String>,
    /// The original bytes.
    pub bytes: Vec<u8>,
}

/// Links inside the report: anchors.
struct Anchors;

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
        format!("#claim-{id}")
    }
    fn group(&self, id: usize) -> String {
        format!("#group-{id}")
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
    html! {
        (DOCTYPE)
        html lang="en" {
            (views::head(title, views::inline_style()))
            body {
                main {
                    h1 { (title) }
                    p.meta { (docs.len()) " documents · " (claims.len()) " count claims · " (shown.len()) " groups · " (conflicts) " in conflict. Made by Corroborate; every figure links to the words it was read from." }
                    h2 { "Documents" }
                    ul { @for d in docs { li { a href=(Anchors.doc(&d.name)) { (d.title.as_deref().unwrap_or(&d.name)) } " (" (d.name) ")" } } }
                    h2 { "Groups and conflicts" }
                    (views::groups_table(&shown, &items, &Anchors))
                    @for g in &shown { (views::group_view(g, &items, claims, &Anchors)) }
                    @for d in docs {
                        @let own: Vec<ClaimRow> = claims.iter().filter(|c| c.doc == d.name).cloned().collect();
                        section.doc id=(doc_anchor(&d.name)) {
                            h2 { (d.title.as_deref().unwrap_or(&d.name)) }
                            p.meta { (d.name) " · " (own.len()) " claims · hover a marked figure for what was read from it" }
                            (views::legend(&own))
                            (views::marked_text(&d.bytes, &own, &Anchors))
                        }
                    }
                }
            }
        }
    }
    .into_string()
}
