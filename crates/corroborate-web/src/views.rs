//! Markup shared by the server's pages and the stand-alone report: the
//! page frame, a document with its claims marked, claim fields, group
//! charts and diffs. Pure functions from rows to [`Markup`]; maud escapes
//! every text it is given, so document text (untrusted) renders inert.

use corroborate_reconcile::diff::Change;
use corroborate_reconcile::group::Group;
use corroborate_reconcile::Item;
use corroborate_store::{CitationRow, ClaimLife, ClaimRow, LifeRevision, ReviewRow};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// What the page frame shows of the signed-in user.
pub struct Nav<'a> {
    /// Their name.
    pub user: &'a str,
    /// Their role.
    pub role: &'a str,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: &'a str,
}

/// Where a view's links point: the server's routes, or anchors inside a
/// report.
pub trait Links {
    /// A document's page.
    fn doc(&self, name: &str) -> String;
    /// A claim, where it stands in its document.
    fn claim_in_doc(&self, c: &ClaimRow) -> String;
    /// A claim's own page (fields, review, history).
    fn claim(&self, id: i64) -> String;
    /// A group.
    fn group(&self, id: usize) -> String;
    /// The number a claim's mark carries, where its fields are listed in a
    /// numbered table (the report's footnotes, which print shows).
    fn mark_number(&self, _id: i64) -> Option<usize> {
        None
    }
}

/// The server's routes.
pub struct ServerLinks;

/// What a path segment must encode: controls, space, and the characters
/// that end or change a segment or a URL (`/ ? # %` and the like).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'\'')
    .add(b'&')
    .add(b'+')
    .add(b';');

/// Percent-encodes one path segment.
pub fn segment(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()
}

impl Links for ServerLinks {
    fn doc(&self, name: &str) -> String {
        format!("/docs/{}", segment(name))
    }
    fn claim_in_doc(&self, c: &ClaimRow) -> String {
        format!("/docs/{}#claim-{}", segment(&c.doc), c.id)
    }
    fn claim(&self, id: i64) -> String {
        format!("/claims/{id}")
    }
    fn group(&self, id: usize) -> String {
        format!("/groups/{id}")
    }
}

/// A document's `<head>`: `assets` are its style and script (or the inline
/// style of a report).
pub fn head(title: &str, assets: Markup) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) }
            (assets)
        }
    }
}

/// A whole page: `nav` is `None` before signing in.
pub fn page(title: &str, nav: Option<&Nav>, body: Markup) -> Markup {
    let assets = html! {
        @if let Some(n) = nav { meta name="csrf-token" content=(n.csrf); }
        link rel="stylesheet" href="/static/app.css";
        script src="/static/app.js" defer {}
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{title} · Corroborate"), assets))
            body {
                header.top {
                    a.brand href="/docs" { "Corroborate" }
                    @if let Some(n) = nav {
                        nav {
                            a href="/docs" { "Documents" }
                            a href="/claims" { "Claims" }
                            a href="/groups" { "Groups" }
                            a href="/events" { "Events" }
                            a href="/diff" { "Compare" }
                        }
                        form.signout method="post" action="/logout" {
                            span.who { (n.user) " (" (n.role) ")" }
                            input type="hidden" name="csrf" value=(n.csrf);
                            button type="submit" { "Sign out" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A CSS class name for an act (`act-killed`; `act-none` without one).
pub fn act_class(act: Option<&str>) -> String {
    let a: String = act.unwrap_or("none").chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    format!("act-{a}")
}

/// A figure as people write it.
pub fn num(v: Option<f64>) -> String {
    match v {
        None => "·".into(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => {
            let digits = format!("{:.0}", v.abs());
            let mut out = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(ch);
            }
            if v < 0.0 {
                format!("-{out}")
            } else {
                out
            }
        }
        Some(v) => format!("{v}"),
    }
}

/// A figure for a table cell: as [`num`], with a fraction cut to two
/// decimals ("33.33"; the whole value is the cell's tooltip).
pub fn short_num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() && x.fract() != 0.0 => {
            let s = format!("{x:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => num(v),
    }
}

/// Years as one label.
pub fn years(a: Option<i64>, b: Option<i64>) -> String {
    match (a, b) {
        (None, None) => "·".into(),
        (Some(a), Some(b)) if a == b => a.to_string(),
        (a, b) => format!("{}–{}", a.map_or("?".into(), |y| y.to_string()), b.map_or("?".into(), |y| y.to_string())),
    }
}

/// A claim's value as people write it: its figure or range, its unit
/// where not a count, and its qualifier ("121 (at_least)").
pub fn value(c: &ClaimRow) -> String {
    let f = &c.fields;
    let figure = if f.low == f.high { num(f.low) } else { format!("{}–{}", num(f.low), num(f.high)) };
    let unit = if f.unit == "percent" { " %" } else { "" };
    format!("{figure}{unit} ({})", f.qualifier)
}

/// One line that sums a claim up (for hover titles).
pub fn summary(c: &ClaimRow) -> String {
    let f = &c.fields;
    format!(
        "{} · {} {} · {} · {} · {}",
        f.act.as_deref().unwrap_or("no act"),
        f.qualifier,
        if f.low == f.high { num(f.low) } else { format!("{}–{}", num(f.low), num(f.high)) },
        f.place.as_deref().unwrap_or("no place"),
        years(f.year_start, f.year_end),
        f.stance
    )
}

/// A claim's fields as a table.
pub fn claim_fields(c: &ClaimRow) -> Markup {
    let f = &c.fields;
    let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "·".into());
    let rows: [(&str, String); 15] = [
        ("quote", f.quote.clone()),
        ("low", num(f.low)),
        ("high", num(f.high)),
        ("unit", f.unit.clone()),
        ("qualifier", f.qualifier.clone()),
        ("act", o(&f.act)),
        ("subject", o(&f.subject)),
        ("place", o(&f.place)),
        ("years", years(f.year_start, f.year_end)),
        ("perpetrator", o(&f.perpetrator)),
        ("source", o(&f.source)),
        ("stance", f.stance.clone()),
        ("review", c.review_state.clone()),
        ("document", c.doc.clone()),
        ("bytes", format!("{}..{}", f.start, f.end)),
    ];
    html! {
        table.fields {
            @for (k, v) in rows { tr { th { (k) } td class={ "f-" (k) } { (v) } } }
        }
    }
}

/// The claims a text of `len` bytes gets a mark for, in text order: each
/// whose span lies in the text and after the previous mark (a span that
/// overlaps an earlier one is left unmarked).
pub fn marked(len: usize, claims: &[ClaimRow]) -> Vec<&ClaimRow> {
    let mut sorted: Vec<&ClaimRow> = claims.iter().collect();
    sorted.sort_by_key(|c| (c.fields.start, c.id));
    let mut pos = 0usize;
    sorted.retain(|c| {
        let (s, e) = (c.fields.start.max(0) as usize, c.fields.end.max(0) as usize);
        let keep = s >= pos && e <= len && s <= e;
        if keep {
            pos = e;
        }
        keep
    });
    sorted
}

/// A document's original text with every claim marked. Marks link to the
/// claim (`links`); `cards` adds, for the server, a panel of the claims'
/// fields that a click opens.
pub fn marked_text(bytes: &[u8], claims: &[ClaimRow], links: &dyn Links) -> Markup {
    let mut pieces: Vec<Markup> = Vec::new();
    let mut pos = 0usize;
    for c in marked(bytes.len(), claims) {
        let (s, e) = (c.fields.start.max(0) as usize, c.fields.end.max(0) as usize);
        let before = String::from_utf8_lossy(&bytes[pos..s]);
        let quote = String::from_utf8_lossy(&bytes[s..e]);
        let class = format!("claim {} {}", act_class(c.fields.act.as_deref()), c.review_state);
        pieces.push(html! {
            (before)
            a class=(class) id={ "claim-" (c.id) } href=(links.claim(c.id)) data-claim=(c.id) data-n=[links.mark_number(c.id)] title=(summary(c)) { (quote) }
        });
        pos = e;
    }
    pieces.push(html! { (String::from_utf8_lossy(&bytes[pos.min(bytes.len())..])) });
    html! { div.doctext { @for p in pieces { (p) } } }
}

/// The citation markers that follow a claim's sentence.
fn cited(c: &ClaimRow, citations: &[CitationRow]) -> Markup {
    let own: Vec<&CitationRow> = citations.iter().filter(|x| x.sentence_start == c.sentence_start).collect();
    html! {
        p.cited {
            @if own.is_empty() { "No citation marker follows this sentence." }
            @else {
                "Cited: "
                @for x in own {
                    span class={ "marker " (x.kind) } title={ "bytes " (x.start) ".." (x.end) } { "[" (x.label) "]" } " "
                }
            }
        }
    }
}

/// The panel of claim cards beside a document: one hidden card per claim,
/// shown by a click on its mark, with its fields, its sentence and the
/// citation markers that follow it.
pub fn claim_cards(claims: &[ClaimRow], citations: &[CitationRow], links: &dyn Links) -> Markup {
    html! {
        aside.panel {
            p #panel-hint { "Click a marked figure to see what was read from it." }
            @for c in claims {
                div.claim-card id={ "card-" (c.id) } hidden {
                    h3 { "Claim " (c.id) }
                    (claim_fields(c))
                    p.sentence { (c.sentence) }
                    (cited(c, citations))
                    p { a.review-link href=(links.claim(c.id)) { "Review and history →" } }
                }
            }
        }
    }
}

/// A legend of the acts marked in a text.
pub fn legend(claims: &[ClaimRow]) -> Markup {
    let mut acts: Vec<Option<&str>> = claims.iter().map(|c| c.fields.act.as_deref()).collect();
    acts.sort();
    acts.dedup();
    html! {
        p.legend { @for a in acts { span class={ "claim " (act_class(a)) } { (a.unwrap_or("no act")) } " " } }
    }
}

/// A claims table.
pub fn claims_table(rows: &[&ClaimRow], links: &dyn Links) -> Markup {
    html! {
        div.wide { table.claims {
            thead { tr { th { "document" } th { "figure" } th { "low" } th { "high" } th { "qualifier" } th { "act" } th { "subject" } th { "place" } th { "years" } th { "source" } th { "stance" } th { "review" } } }
            tbody {
                @for c in rows {
                    @let f = &c.fields;
                    tr class=(c.review_state) {
                        td.free { a href=(links.claim_in_doc(c)) { (c.doc) } }
                        td.free { a href=(links.claim(c.id)) title=(c.sentence) { (f.quote) } }
                        td.n title=(num(f.low)) { (short_num(f.low)) } td.n title=(num(f.high)) { (short_num(f.high)) }
                        td.word { (f.qualifier) }
                        td.word { span class={ "claim " (act_class(f.act.as_deref())) } { (f.act.as_deref().unwrap_or("·")) } }
                        td.free { (f.subject.as_deref().unwrap_or("·")) }
                        td.free { (f.place.as_deref().unwrap_or("·")) }
                        td.word { (years(f.year_start, f.year_end)) }
                        td.free { (f.source.as_deref().unwrap_or("·")) }
                        td.word { (f.stance) }
                        td.word { (c.review_state) }
                    }
                }
            }
        } }
    }
}

/// A claim's review history.
pub fn history(reviews: &[ReviewRow]) -> Markup {
    html! {
        @if reviews.is_empty() { p.history-empty { "Not reviewed yet." } }
        @else {
            div.wide { table.history {
                thead { tr { th { "when" } th { "who" } th { "field" } th { "before" } th { "after" } th { "note" } } }
                tbody {
                    @for r in reviews {
                        tr {
                            td { (r.created_at) } td { (r.reviewer) } td { (r.field) }
                            td { (r.old_value.as_deref().unwrap_or("·")) }
                            td { (r.new_value.as_deref().unwrap_or("·")) }
                            td { (r.note.as_deref().unwrap_or("")) }
                        }
                    }
                }
            } }
        }
    }
}

/// "revision 1002 by Newer, 2023-06-01T10:00:00Z".
fn life_revision(r: &LifeRevision) -> String {
    format!(
        "revision {} by {}, {}",
        r.rev_id,
        r.contributor.as_deref().unwrap_or("an unknown contributor"),
        r.timestamp.as_deref().unwrap_or("at an unknown time")
    )
}

/// A claim's life across its page's revisions, one event a line: first
/// seen, each change (fields before and after), removed or still there.
/// `this` is the claim the page shows, marked where it appears.
pub fn life(l: &ClaimLife, this: i64, links: &dyn Links) -> Markup {
    let mark = |id: i64| html! { @if id == this { " (this claim)" } };
    html! {
        ol.life {
            li.life-first {
                "First seen in " (life_revision(&l.first)) " as "
                a href=(links.claim(l.id)) { "claim " (l.id) } (mark(l.id)) ": “" (l.quote) "”"
            }
            @for c in &l.changes {
                li.life-change {
                    (if c.kind == "reattributed" { "Reattributed" } else { "Changed" }) " in " (life_revision(&c.revision)) ": "
                    @for (i, f) in c.fields.iter().enumerate() {
                        @if i > 0 { "; " }
                        (f.field) " “" (f.old.as_deref().unwrap_or("·")) "” → “" (f.new.as_deref().unwrap_or("·")) "”"
                    }
                    " (" a href=(links.claim(c.claim)) { "claim " (c.claim) } (mark(c.claim)) ")"
                }
            }
            @match &l.removed {
                Some(r) => li.life-removed { "Removed in " (life_revision(r)) },
                None => li.life-current {
                    "Still in the page's latest revision as " a href=(links.claim(l.latest_claim)) { "claim " (l.latest_claim) } (mark(l.latest_claim))
                },
            }
        }
    }
}

/// A group's one-line title.
pub fn group_title(g: &Group, items: &[Item]) -> String {
    let first = &items[g.members[0]].fields;
    format!(
        "{} · {} · {}",
        first.act.as_deref().unwrap_or("no act"),
        first.subject.as_deref().unwrap_or("no subject"),
        first.place.as_deref().unwrap_or("no place")
    )
}

/// The conflict kinds in a group, sorted, without repeats.
pub fn conflict_kinds(g: &Group) -> Vec<&'static str> {
    let mut k: Vec<&'static str> = g.conflicts.iter().flat_map(|c| c.kinds.iter().copied()).collect();
    k.sort();
    k.dedup();
    k
}

/// A list of groups.
pub fn groups_table(groups: &[&Group], items: &[Item], links: &dyn Links) -> Markup {
    html! {
        div.wide { table.groups {
            thead { tr { th { "group" } th { "what" } th { "claims" } th { "figures" } th { "conflict" } } }
            tbody {
                @for g in groups {
                    tr class=@if g.conflicts.is_empty() { "agree" } @else { "conflict" } {
                        td { a href=(links.group(g.id)) { "#" (g.id) } }
                        td { (group_title(g, items)) }
                        td.n { (g.members.len()) }
                        td { (short_num(Some(g.union.0))) " – " (short_num(g.union.1.is_finite().then_some(g.union.1))) }
                        td { (conflict_kinds(g).join(", ")) }
                    }
                }
            }
        } }
    }
}

const CHART_W: f64 = 760.0;
/// The label column: each row's label is cut to fit it (the whole label is
/// the row's tooltip), and the plot starts right of it.
const LABEL_W: f64 = 250.0;
const LABEL_GAP: f64 = 12.0;
const LABEL_FONT: f64 = 12.0;
const ROW_H: f64 = 30.0;
const TICK_FONT: f64 = 11.0;

/// An upper bound on the width of `s` in em of a sans-serif font, read
/// from a small table of glyph classes (no font file is at hand to
/// measure with; over-estimating only cuts a label a little early).
fn text_em(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | ' ' => 0.35,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.45,
            'm' | 'w' | 'M' | 'W' | '@' | '%' | '…' | '—' | '–' | '#' | '&' | '+' | '=' | '<' | '>' | '~' => 1.0,
            c if c.is_ascii_uppercase() => 0.8,
            c if c.is_ascii() => 0.65,
            // Anything else (accents, other scripts) counted as wide.
            _ => 1.0,
        })
        .sum()
}

/// Cuts `s` (with an ellipsis) so that it fits `width` pixels at `font`.
fn fit(s: &str, width: f64, font: f64) -> String {
    if text_em(s) * font <= width {
        return s.to_string();
    }
    let budget = width / font - text_em("…");
    let mut used = 0.0;
    let mut out: String = s
        .chars()
        .take_while(|c| {
            used += text_em(&c.to_string());
            used <= budget
        })
        .collect();
    out.push('…');
    out
}

/// A chart row's label, "document · figure", cut to fit the label
/// column: the figure keeps up to half of it, the document name the rest.
fn row_label(doc: &str, quote: &str) -> String {
    let width = LABEL_W - LABEL_GAP - 4.0;
    let quote = fit(quote, width / 2.0, LABEL_FONT);
    let rest = width - text_em(&format!(" · {quote}")) * LABEL_FONT;
    format!("{} · {quote}", fit(doc, rest, LABEL_FONT))
}

/// Each member's figure as an interval on a log scale, drawn as SVG: a
/// dot for a single figure, a bar for a range, an arrow for an open end.
/// Members in a conflict are drawn in the conflict colour.
///
/// Nothing collides: each row's label (document · figure) sits in a
/// column left of the plot, cut to fit it, with the whole label as its
/// tooltip; tick labels are thinned so that neighbours stay apart.
pub fn group_chart(g: &Group, items: &[Item]) -> Markup {
    let members: Vec<&Item> = g.members.iter().map(|&i| &items[i]).collect();
    let in_conflict = |i: usize| g.conflicts.iter().any(|c| c.a == i || c.b == i);
    let finite_pos = |v: Option<f64>| v.filter(|x| x.is_finite() && *x > 0.0);
    let values: Vec<f64> =
        members.iter().flat_map(|m| [finite_pos(m.fields.low), finite_pos(m.fields.high)]).flatten().collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(0.0_f64, f64::max);
    let (lo, hi) = if values.is_empty() { (1.0, 10.0) } else { (lo, hi) };
    let (l0, l1) = ((lo / 2.0).log10().floor(), (hi * 2.0).log10().ceil().max((lo / 2.0).log10().floor() + 1.0));
    let plot_w = CHART_W - LABEL_W - 45.0;
    let x = |v: f64| LABEL_W + (v.max(10f64.powf(l0)).log10() - l0) / (l1 - l0) * plot_w;
    let height = ROW_H * members.len() as f64 + 40.0;
    let ticks: Vec<f64> = (l0 as i64..=l1 as i64).map(|e| 10f64.powi(e as i32)).collect();
    // Every `step`-th tick is labelled, so that the widest label and a
    // gap fit between two labelled ticks.
    let widest = ticks.iter().map(|t| text_em(&num(Some(*t))) * TICK_FONT).fold(0.0, f64::max);
    let spacing = plot_w / (l1 - l0).max(1.0);
    let step = ((widest + 8.0) / spacing).ceil().max(1.0) as usize;
    html! {
        div.wide.chart-box { svg.chart xmlns="http://www.w3.org/2000/svg" width=(CHART_W) height=(height) viewBox={ "0 0 " (CHART_W) " " (height) } role="img" aria-label="Each source's figure on a logarithmic scale" {
            @for (i, t) in ticks.iter().enumerate() {
                line x1=(x(*t)) x2=(x(*t)) y1="10" y2=(height - 25.0) stroke="#ccc" stroke-width="1" {}
                @if (ticks.len() - 1 - i) % step == 0 {
                    text.tick x=(x(*t)) y=(height - 8.0) text-anchor="middle" font-size=(TICK_FONT) fill="#555" { (num(Some(*t))) }
                }
            }
            @for (row, (m, idx)) in members.iter().zip(g.members.iter()).enumerate() {
                @let y = 20.0 + ROW_H * row as f64;
                @let colour = if in_conflict(*idx) { "#b3261e" } else { "#1f5f8b" };
                @let f = &m.fields;
                text.label x="4" y=(y + 4.0) font-size=(LABEL_FONT) fill="#222" {
                    title { (m.doc) " · " (f.quote) }
                    (row_label(&m.doc, &f.quote))
                }
                @match (finite_pos(f.low), finite_pos(f.high)) {
                    (Some(a), Some(b)) if a == b => { circle cx=(x(a)) cy=(y) r="5" fill=(colour) {} }
                    (Some(a), Some(b)) => { line x1=(x(a)) x2=(x(b)) y1=(y) y2=(y) stroke=(colour) stroke-width="6" stroke-linecap="round" {} }
                    (Some(a), None) => {
                        line x1=(x(a)) x2=(CHART_W - 12.0) y1=(y) y2=(y) stroke=(colour) stroke-width="4" {}
                        path d={ "M" (CHART_W - 12.0) "," (y - 6.0) " L" (CHART_W - 2.0) "," (y) " L" (CHART_W - 12.0) "," (y + 6.0) "Z" } fill=(colour) {}
                    }
                    (None, Some(b)) => {
                        line x1=(LABEL_W + 10.0) x2=(x(b)) y1=(y) y2=(y) stroke=(colour) stroke-width="4" {}
                        path d={ "M" (LABEL_W + 10.0) "," (y - 6.0) " L" (LABEL_W) "," (y) " L" (LABEL_W + 10.0) "," (y + 6.0) "Z" } fill=(colour) {}
                    }
                    (None, None) => { text.note x=(LABEL_W + 4.0) y=(y + 4.0) font-size="11" fill="#777" { "no figure" } }
                }
            }
        } }
    }
}

/// Cuts `s` to `n` characters with an ellipsis.
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A group: what it counts, its conflicts in words, its chart, and each
/// member with a link to its sentence. `rows[i]` is the claim of `items[i]`.
pub fn group_view(g: &Group, items: &[Item], rows: &[ClaimRow], links: &dyn Links) -> Markup {
    let members: Vec<&ClaimRow> = g.members.iter().map(|&i| &rows[i]).collect();
    html! {
        section.group id={ "group-" (g.id) } {
            h2 { "Group " (g.id) ": " (group_title(g, items)) }
            @if g.conflicts.is_empty() {
                p.agree { (g.members.len()) " claims, no conflict." }
            } @else {
                p.conflict-kinds { "Conflict: " (conflict_kinds(g).join(", ")) }
                ul.conflicts {
                    @for c in &g.conflicts {
                        li { (c.explanation) " — " a href=(links.claim_in_doc(&rows[c.a])) { (rows[c.a].doc) } " and " a href=(links.claim_in_doc(&rows[c.b])) { (rows[c.b].doc) } }
                    }
                }
            }
            @if let Some(b) = g.best { p { "Best estimate: " (num(Some(b))) " (" (g.basis) ")" } }
            (group_chart(g, items))
            div.wide { table.members {
                thead { tr { th { "document" } th { "figure" } th { "qualifier" } th { "stance" } th { "source" } th { "sentence" } } }
                tbody {
                    @for c in members {
                        tr {
                            td { a href=(links.claim_in_doc(c)) { (c.doc) } }
                            td { a href=(links.claim(c.id)) { (c.fields.quote) } }
                            td { (c.fields.qualifier) } td { (c.fields.stance) }
                            td { (c.fields.source.as_deref().unwrap_or("·")) }
                            td.sentence { (c.sentence) }
                        }
                    }
                }
            } }
        }
    }
}

/// A revision diff as a table.
pub fn diff_table(changes: &[Change]) -> Markup {
    let side = |i: &Option<Item>| -> Markup {
        match i {
            Some(i) => {
                html! { strong { (i.fields.quote) } " (" (i.fields.qualifier) ", " (i.fields.stance) ")" br; span.sentence { (i.sentence_text) } }
            }
            None => html! { "·" },
        }
    };
    html! {
        @if changes.is_empty() { p { "No claim changed." } }
        @else {
            div.wide { table.diff {
                thead { tr { th { "change" } th { "fields" } th { "before" } th { "after" } } }
                tbody {
                    @for c in changes {
                        tr class=(c.kind) { td { (c.kind) } td { (c.fields.join(", ")) } td { (side(&c.old)) } td { (side(&c.new)) } }
                    }
                }
            } }
        }
    }
}

/// Inline CSS for pages that must stand alone (the report).
pub fn inline_style() -> Markup {
    html! { style { (PreEscaped(crate::STYLE.as_str())) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_to_fit() {
        let long = "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW-report.txt · between 1,500,000 and 2,000,000";
        let cut = fit(long, 234.0, 12.0);
        assert!(cut.ends_with('…') && text_em(&cut) * 12.0 <= 234.0, "{cut}");
        assert_eq!(fit("a.txt · 300", 234.0, 12.0), "a.txt · 300");
        let label = row_label(long, "between 1,500,000 and 2,000,000");
        assert!(label.contains(" · between 1,50") && text_em(&label) * LABEL_FONT <= LABEL_W - LABEL_GAP, "{label}");
        assert!(text_em("é漢") >= 2.0);
        assert_eq!(
            (short_num(Some(100.0 / 3.0)), short_num(Some(1219.0)), short_num(Some(2.5))),
            ("33.33".into(), "1,219".into(), "2.5".into())
        );
    }
}
