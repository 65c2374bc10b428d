//! The document's frame (CLAIMS.md §2.1): the place and years a whole
//! document is about, read once from its infobox's date and location
//! rows, its title, or, where those are silent, its lead sentence.
//!
//! The frame is the last level a claim's place and years fall back to,
//! after its sentence, paragraph and section headings. It supplies a place
//! only where it names one (places that nest, "Warsaw, Poland", count as
//! one: the innermost is taken), and years only where they span at most
//! `MAX_SPAN` years: a survey ("from 1919 to 1991") has no frame years.
//!
//! Order of the sources, each field on its own: infobox rows, then the
//! title, then the lead sentence. The lead sentence is the first sentence
//! of the first prose paragraph (one of at least eight words); reading
//! years from it alone, not from the whole lead paragraph, is a guess that
//! keeps a background date ("Following the outbreak of the war in 1937")
//! two sentences down from becoming the frame.

use super::{place, years};
use corroborate_doc::{Document, Field, Span};
use regex::Regex;
use std::sync::LazyLock;

/// The widest span of years a frame may name (CLAIMS.md §2.1).
pub(crate) const MAX_SPAN: i32 = 5;

/// What a document as a whole is about: the fallback for a claim's place
/// and years when its sentence, paragraph and sections are silent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    /// The document's title, where it has one.
    pub title: Option<String>,
    /// The one place the document's frame names.
    pub place: Option<String>,
    /// First year of the event the frame names.
    pub year_start: Option<i32>,
    /// Last year of that event.
    pub year_end: Option<i32>,
    /// The title or lead sentence names a killing event ("massacre",
    /// "genocide", "crackdown"): its deaths are killings (CLAIMS.md §4).
    pub violent: bool,
    /// The document's labelled rows: the reader's fields, and the rows of
    /// an infobox a reader left as one paragraph ("Infobox - Date: … -
    /// Location: …").
    pub(crate) rows: Vec<Field>,
}

impl Frame {
    /// The frame's years, where it has them.
    pub fn years(&self) -> Option<(Option<i32>, Option<i32>)> {
        (self.year_start.is_some() || self.year_end.is_some()).then_some((self.year_start, self.year_end))
    }
}

/// The kind of infobox row a label names, for the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// "Date", "Dates".
    Date,
    /// "Location", "Place".
    Location,
    /// Anything else.
    Other,
}

/// What an infobox label names: its words with digits ("Casualties1") and
/// a trailing "(s)" dropped, lower-cased.
pub(crate) fn normalise_label(label: &str) -> String {
    let l = label.trim().trim_end_matches(':').trim();
    let l = l.trim_end_matches(|c: char| c.is_ascii_digit());
    l.replace("(s)", "s").to_lowercase()
}

/// The kind of row `label` heads.
pub(crate) fn row_kind(label: &str) -> RowKind {
    match normalise_label(label).as_str() {
        "date" | "dates" => RowKind::Date,
        "location" | "locations" | "place" => RowKind::Location,
        _ => RowKind::Other,
    }
}

/// The act a row's label gives the figures in its value where the value
/// names none ("Deaths 35,000+", "Strength 20,000"): the `row_*` classes
/// of `data/context_words.tsv`.
pub(crate) fn row_act(label: &str) -> Option<&'static str> {
    let l = normalise_label(label);
    [
        ("row_died", "died"),
        ("row_killed", "killed"),
        ("row_forces", "forces"),
        ("row_injured", "injured"),
        ("row_missing", "missing"),
        ("row_detained", "detained"),
        ("row_deported", "deported"),
        ("row_displaced", "displaced"),
    ]
    .into_iter()
    .find(|(class, _)| crate::lexicon::is(class, &l))
    .map(|(_, act)| act)
}

static FLAT_ROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)- ([A-Z][\w()]*(?: [\w()]+){0,3}): ").expect("flat row pattern compiles"));

/// Rows a paragraph that does not open with "Infobox" must hold to be read
/// as one.
const MIN_UNNAMED_ROWS: usize = 4;

/// The rows of an infobox that a reader kept as one paragraph opening with
/// "Infobox" ("Infobox - Conflict: … - Date: 1 August 1944 - …"), or with
/// the page's name and [`MIN_UNNAMED_ROWS`] rows or more: each "- Label: "
/// starts a row that runs to the next.
fn flat_rows(doc: &Document) -> Vec<Field> {
    let mut out = Vec::new();
    for p in doc.paragraphs.iter().take(8) {
        let text = doc.clean(p.span);
        let caps: Vec<_> = FLAT_ROW.captures_iter(text).filter_map(|c| c.get(1).zip(c.get(0))).collect();
        // A paragraph opening with "Infobox", or one holding rows enough
        // to be nothing else (a page's name, then "- Country: … - Type: …
        // - Graves: …").
        if !text.starts_with("Infobox") && caps.len() < MIN_UNNAMED_ROWS {
            continue;
        }
        for (i, (label, whole)) in caps.iter().enumerate() {
            let end = caps.get(i + 1).map_or(text.len(), |(_, w)| w.start());
            let v0 = whole.end();
            let v1 = v0 + text[v0..end].trim_end().len();
            if v1 > v0 {
                out.push(Field {
                    label: Span::new(p.span.start + label.start(), p.span.start + label.end()),
                    value: Span::new(p.span.start + v0, p.span.start + v1),
                });
            }
        }
    }
    out
}

/// Reads the frame of `doc`.
pub fn frame(doc: &Document) -> Frame {
    let mut f = Frame { title: doc.title.clone(), ..Frame::default() };
    let rows = if doc.fields.is_empty() { flat_rows(doc) } else { doc.fields.clone() };
    let mut years_set = false;
    for field in &rows {
        let label = doc.clean(field.label);
        let value = doc.clean(field.value);
        match row_kind(label) {
            RowKind::Date if !years_set => {
                years_set = true;
                if let Some((a, b)) = span_of(value) {
                    f.year_start = Some(a);
                    f.year_end = Some(b);
                }
            }
            RowKind::Location if f.place.is_none() => {
                f.place = match listed_places(doc, field, &rows) {
                    // "Location: Belgium / Luxembourg / Saarland": one
                    // place only if the list nests in one chain.
                    Some(list) => one_place(&format!("{value}, {list}")),
                    None => one_place(value).or_else(|| named_place(value)),
                }
            }
            _ => {}
        }
    }
    if let Some(t) = &doc.title {
        if f.place.is_none() {
            f.place = one_place(t);
        }
        if !years_set {
            if let Some((a, b)) = span_of(t) {
                years_set = true;
                f.year_start = Some(a);
                f.year_end = Some(b);
            }
        }
    }
    let lead = lead_sentence(doc, &rows);
    let violent = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric()).any(|w| crate::lexicon::is("violent_event", &w.to_lowercase()))
    };
    // The first paragraph stands in for a title a reader did not see (a
    // long first line).
    let first = doc.paragraphs.first().map(|p| doc.clean(p.span)).filter(|t| t.len() <= 200);
    // The lead's first two sentences: the second often names the event
    // the first only counts ("The number of dead remains unclear. …
    // evidence of the killings"); further down, a lead turns to how the
    // event was later judged.
    let lead_pair = lead_paragraph(doc, &rows).map(|p| {
        let mut ss = doc.sentences.iter().filter(|s| s.paragraph == p).take(2);
        let (a, b) = (ss.next(), ss.next());
        a.map_or("", |a| doc.clean(Span::new(a.span.start, b.map_or(a.span.end, |b| b.span.end))))
    });
    f.violent =
        doc.title.as_deref().is_some_and(violent) || first.is_some_and(violent) || lead_pair.is_some_and(violent);
    if let Some(lead) = lead {
        if f.place.is_none() {
            f.place = one_place(lead);
        }
        if !years_set {
            if let Some((a, b)) = span_of(lead) {
                f.year_start = Some(a);
                f.year_end = Some(b);
            }
        }
    }
    f.rows = rows;
    f
}

/// The first sentence of the first paragraph of prose: at least eight
/// words ending in a full stop, outside apparatus and infobox rows.
fn lead_sentence<'d>(doc: &'d Document, rows: &[Field]) -> Option<&'d str> {
    let p = lead_paragraph(doc, rows)?;
    let s = doc.sentences.iter().find(|s| s.paragraph == p)?;
    Some(doc.clean(s.span))
}

/// The first paragraph of prose (see [`lead_sentence`]).
fn lead_paragraph(doc: &Document, rows: &[Field]) -> Option<usize> {
    let in_field = |s: usize, e: usize| rows.iter().any(|f| f.value.start <= s && e <= f.value.end);
    // A sentence of prose: eight words or more, ending in a full stop, no
    // table rules.
    let prose = |t: &str| t.split_whitespace().count() >= 8 && t.trim_end().ends_with('.') && !t.contains('|');
    doc.paragraphs.iter().position(|p| !p.apparatus && !in_field(p.span.start, p.span.end) && prose(doc.clean(p.span)))
}

/// The years `text` names, first to last, where they span at most
/// [`MAX_SPAN`] years.
fn span_of(text: &str) -> Option<(i32, i32)> {
    let found = years::find(text);
    let lo = found.iter().filter_map(|y| y.from.or(y.to)).min()?;
    let hi = found.iter().filter_map(|y| y.to.or(y.from)).max()?;
    (hi - lo <= MAX_SPAN && lo <= hi).then_some((lo, hi))
}

/// A location row's value names a place even where the gazetteer does not
/// hold it ("Location: Utö Island"): its first part, where that is a short
/// run of capitalised words.
fn named_place(value: &str) -> Option<String> {
    let first = value.split([',', ';', '(', '[', '|']).next()?.trim();
    let words: Vec<&str> = first.split_whitespace().collect();
    let capitalised = |w: &&str| w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "of" | "and" | "the" | "de");
    let ok = (1..=5).contains(&words.len())
        && words.first().is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
        && words.iter().all(capitalised)
        && !first.chars().any(|c| c.is_ascii_digit());
    ok.then(|| first.to_string())
}

/// Lines a rendered infobox lists under a row's first value ("Location
/// Belgium", then "Luxembourg", "Saarland" on lines of their own,
/// which a reader keeps as a paragraph or a heading): the clean text
/// between the row and the next row, when it is short, holds no figure and
/// names a place; `None` otherwise.
fn listed_places(doc: &Document, row: &Field, rows: &[Field]) -> Option<String> {
    /// Words the lines of one list may have together.
    const LISTED_WORDS: usize = 8;
    let next = rows.iter().map(|r| r.label.start).filter(|&s| s >= row.value.end).min()?;
    let listed = doc.text.get(row.value.end..next)?.trim();
    let short = !listed.is_empty() && listed.split_whitespace().count() <= LISTED_WORDS;
    (short && !listed.contains(|c: char| c.is_ascii_digit()) && !place::mentions(listed).is_empty())
        .then(|| listed.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The one place `text` names: mentions that all nest in one chain give
/// the innermost; unrelated places give none.
fn one_place(text: &str) -> Option<String> {
    /// Texts remembered at most; the memo is emptied past it.
    const REMEMBERED: usize = 256;
    thread_local! {
        /// [`find_one_place`] of the texts asked about lately: the frame
        /// of every revision of a history asks about the same title,
        /// location row and lead sentence, and finding their places is
        /// most of what reading a frame costs.
        static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<String, Option<String>>> = Default::default();
    }
    if let Some(found) = MEMO.with(|m| m.borrow().get(text).cloned()) {
        return found;
    }
    let found = find_one_place(text);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= REMEMBERED {
            m.clear();
        }
        m.insert(text.to_string(), found.clone());
    });
    found
}

/// [`one_place`], found.
fn find_one_place(text: &str) -> Option<String> {
    let g = &*place::GAZETTEER;
    let ms: Vec<place::Mention> = place::mentions(text).into_iter().filter(|m| !m.weak && !m.destination).collect();
    let first = ms.first()?;
    let mut inner = first;
    for m in &ms[1..] {
        if m.name == inner.name {
            continue;
        }
        match (inner.place, m.place) {
            (Some(a), Some(b)) if g.contains(a, b) => inner = m,
            (Some(a), Some(b)) if g.contains(b, a) => {}
            _ => return None,
        }
    }
    Some(inner.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_row_listing_places_on_lines_of_their_own_names_one_only_if_they_nest() {
        use corroborate_doc::{Format, FormatHint};
        let place_of = |text: &str| {
            let doc = Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Is(Format::Text)).expect("reads");
            frame(&doc).place
        };
        let listed = "Raids in the hills\n\nLocationBelgium\nLuxembourg\nDate1871\nDeaths9,000 villagers\n\nThe raids of 1871 were fought over the hills of the two countries.\n";
        assert_eq!(place_of(listed), None, "two countries side by side: no one place");
        let nested = listed.replace("LocationBelgium\nLuxembourg", "LocationLiège\nBelgium");
        assert_eq!(place_of(&nested).as_deref(), Some("Liège"), "one chain: the innermost");
        let alone = listed.replace("LocationBelgium\nLuxembourg", "LocationBelgium");
        assert_eq!(place_of(&alone).as_deref(), Some("Belgium"));
    }

    #[test]
    fn a_span_over_five_years_is_no_frame() {
        assert_eq!(span_of("war crimes from 1919 to 1991"), None);
        assert_eq!(span_of("1 August – 2 October 1944"), Some((1944, 1944)));
        assert_eq!(span_of("8 May 1941 – 27 June 1944"), Some((1941, 1944)));
    }

    #[test]
    fn nested_places_give_the_innermost_and_unrelated_ones_none() {
        assert_eq!(one_place("Belgrade, Serbia").as_deref(), Some("Belgrade"));
        assert_eq!(one_place("Belgrade and Warsaw"), None);
        assert_eq!(one_place("no place here"), None);
        assert_eq!(named_place("Utö Island, Finland").as_deref(), Some("Utö Island"));
        assert_eq!(named_place("near the 12th milestone"), None);
    }

    #[test]
    fn labels_name_their_rows() {
        assert_eq!(row_kind("Date"), RowKind::Date);
        assert_eq!(row_kind("Location:"), RowKind::Location);
        assert_eq!(row_kind("Casualties1"), RowKind::Other);
        assert_eq!(normalise_label("Death(s)"), "deaths");
    }
}
