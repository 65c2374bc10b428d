//! Plain text, including Wikipedia's rendered article text: paragraphs
//! separated by blank lines or one per line, short unpunctuated lines as
//! headings, `[12]`/`[citation needed]` markers, and a trailing `^ a b`
//! reference list.
//!
//! A rendered infobox at the top of a page ("Date1 August – 2 October
//! 1944", "Location Warsaw, Poland", "- Casualties1: 15,200 killed", a
//! "Casualties and losses" line over its value lines) becomes labelled
//! rows ([`Field`]): each row's value is a paragraph of its own, and the
//! label and value spans are recorded for the extractor. Only the top of a
//! page is read this way (the first [`TOP_LINES`] lines, up to the second
//! line of prose length): further down, a short capitalised line is a
//! heading.

use super::markers::push_prose;
use super::{Block, BlockKind, Field, Reading};
use crate::{Span, TextBuilder};

/// Line prefixes of hatnotes: navigation, not prose.
const HATNOTES: &[&str] = &[
    "Main article:",
    "Main articles:",
    "See also:",
    "Further information:",
    "For other uses",
    "This article is about",
];

/// Labels of rendered infobox rows, as Wikipedia's event, battle and
/// attack infoboxes print them. A line starting with one of these at the
/// top of a page is a row.
const INFOBOX_LABELS: &[&str] = &[
    "Casualties and losses",
    "Commanders and leaders",
    "Units involved",
    "Territorial changes",
    "Non-fatal injuries",
    "Attack type",
    "Part of",
    "Date",
    "Dates",
    "Location",
    "Locations",
    "Place",
    "Coordinates",
    "Result",
    "Target",
    "Targets",
    "Deaths",
    "Death(s)",
    "Fatalities",
    "Victims",
    "Injured",
    "Injuries",
    "Wounded",
    "Missing",
    "Perpetrator",
    "Perpetrators",
    "Perpetrator(s)",
    "Weapon",
    "Weapons",
    "Motive",
    "Casualties",
    "Strength",
    "Belligerents",
    "Duration",
    "Participants",
    "Outcome",
    "Accused",
    "Convicted",
    "Displaced",
    "Arrests",
    "Deported",
    "Inmates",
    "Prisoners",
    "Survivors",
];

/// How many lines from the top a rendered infobox may reach.
const TOP_LINES: usize = 150;

/// Prose-length line: the second one ends the top of the page.
const PROSE_LINE: usize = 250;

/// A line of a rendered infobox: its label's and value's byte ranges in
/// `line` (the value empty for a label standing over its value lines).
fn infobox_row(line: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let lead = line.len() - line.trim_start().len();
    let t = line.trim();
    // "- Casualties1: 15,200 killed": a dump's rendering of template rows.
    if let Some(rest) = t.strip_prefix("- ") {
        let (l, v) = template_row(rest)?;
        let at = lead + 2;
        return Some((at + l.start..at + l.end, at + v.start..at + v.end));
    }
    // Longest label first: "Casualties and losses" over "Casualties".
    let label = INFOBOX_LABELS.iter().filter(|l| t.starts_with(**l)).max_by_key(|l| l.len())?;
    let rest = &t[label.len()..];
    let label_range = lead..lead + label.len();
    // "Strength | |||||": table rules around a label are no value.
    if !rest.chars().any(char::is_alphanumeric) {
        return Some((label_range, lead + t.len()..lead + t.len()));
    }
    // "Date1 August", "LocationWarsaw": the rendering glues label and
    // value; a lower-case letter after the label means a longer word.
    let first = rest.chars().next()?;
    // "Deathsca. 70–80,000": a glued abbreviation before a figure.
    let abbreviation = {
        let word = rest.split('.').next().unwrap_or("");
        (1..=6).contains(&word.len())
            && word.chars().all(|c| c.is_ascii_lowercase())
            && rest[word.len()..].trim_start_matches(['.', ' ']).starts_with(|c: char| c.is_ascii_digit())
    };
    if !(first == ' ' || first == ':' || first.is_ascii_digit() || first.is_uppercase() || abbreviation) {
        return None;
    }
    let skip = rest.len() - rest.trim_start_matches([' ', ':']).len();
    Some((label_range, lead + label.len() + skip..lead + t.len()))
}

/// "Casualties1: 15,200 killed" (after the dash of a dump's template
/// row): a short capitalised label, a colon and a value.
fn template_row(rest: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let (label, value) = rest.split_once(": ")?;
    let words = label.split_whitespace().count();
    let ok = (1..=4).contains(&words)
        && label.starts_with(|c: char| c.is_uppercase())
        && label.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '(' | ')' | '-' | '_'));
    if !ok || value.trim().is_empty() {
        return None;
    }
    let v0 = label.len() + 2 + (value.len() - value.trim_start().len());
    Some((0..label.len(), v0..label.len() + 2 + value.trim_end().len()))
}

/// A line of the source: its byte offset and its text, line end dropped.
type Line<'a> = (usize, &'a str);

/// A label and a value range in a line.
type Row = (std::ops::Range<usize>, std::ops::Range<usize>);

/// Reads plain text: blank-line separated groups cut into pieces
/// ([`pieces`]), each piece a block whose kind [`piece_kind`] tells, pushed
/// by [`push_piece`], with the infobox rows at the top of the page read as
/// fields ([`piece_fields`]).
pub(crate) fn read(src: &str) -> Reading {
    let mut b = TextBuilder::new(src.len());
    let mut blocks = Vec::new();
    let mut markers = Vec::new();
    let mut fields = Vec::new();
    let groups = line_groups(src);
    let top_end = top_end(src, &groups);

    let mut first = true;
    // A label line standing over its value lines: the label's clean span.
    let mut pending_label: Option<Span> = None;
    for group in groups.iter().filter(|g| !g.is_empty()) {
        for piece in pieces(group, top_end) {
            let (o0, l0) = piece[0];
            let row = (piece.len() == 1).then(|| row_at(top_end, o0, l0)).flatten();
            let kind = piece_kind(piece, row.as_ref(), pending_label.is_some(), first);
            first = false;
            let start = b.len();
            push_piece(&mut b, &mut markers, piece, kind);
            let end = b.len();
            if end > start {
                blocks.push(Block { kind, span: Span::new(start, end) });
            }
            piece_fields(&b, &mut fields, &mut pending_label, row.is_some(), start, end);
            let (lo, ll) = piece[piece.len() - 1];
            b.paragraph_break(lo + ll.len());
        }
    }
    let (text, map) = b.finish();
    Reading { text, map, blocks, markers, fields }
}

/// Step of [`read`]: the source's lines with their offsets, grouped into
/// blank-line separated blocks (the last group may be empty).
fn line_groups(src: &str) -> Vec<Vec<Line<'_>>> {
    let mut groups: Vec<Vec<Line<'_>>> = vec![Vec::new()];
    let mut pos = 0;
    for raw in src.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            if groups.last().is_some_and(|g| !g.is_empty()) {
                groups.push(Vec::new());
            }
        } else {
            if let Some(g) = groups.last_mut() {
                g.push((pos, line));
            }
        }
        pos += raw.len();
    }
    groups
}

/// Step of [`read`]: the top of the page, where infobox rows are read, as a
/// byte offset: it ends at the [`TOP_LINES`]th line or the second prose
/// line, whichever comes first.
fn top_end(src: &str, groups: &[Vec<Line<'_>>]) -> usize {
    let mut prose = 0;
    for (i, (o, l)) in groups.iter().flatten().enumerate() {
        if l.len() >= PROSE_LINE {
            prose += 1;
        }
        if i >= TOP_LINES || prose >= 2 {
            return *o;
        }
    }
    src.len()
}

/// The infobox row a line at offset `o` holds, if it is at the top of the
/// page (before `top_end`).
fn row_at(top_end: usize, o: usize, l: &str) -> Option<Row> {
    if o < top_end {
        infobox_row(l)
    } else {
        None
    }
}

/// Step of [`read`]: a group's paragraph runs: each line alone, or the whole
/// group (hard-wrapped), with apparatus, heading and infobox row lines inside
/// a wrapped group standing alone.
fn pieces<'g, 'a>(group: &'g [Line<'a>], top_end: usize) -> Vec<&'g [Line<'a>]> {
    let long = group.iter().map(|(_, l)| l.len()).sum::<usize>() / group.len() > 100;
    let single = group.len() == 1;
    let mut pieces: Vec<&[Line<'a>]> = Vec::new();
    if long || single {
        pieces.extend(group.chunks(1));
    } else {
        // Apparatus and heading lines inside a wrapped group stand alone.
        let mut start = 0;
        if heads_group(group) {
            pieces.push(&group[..1]);
            start = 1;
        }
        for (i, (o, l)) in group.iter().enumerate() {
            if i >= start && (is_apparatus(l) || row_at(top_end, *o, l).is_some()) {
                if start < i {
                    pieces.push(&group[start..i]);
                }
                pieces.push(&group[i..=i]);
                start = i + 1;
            }
        }
        if start < group.len() {
            pieces.push(&group[start..]);
        }
    }
    pieces
}

/// Step of [`read`]: a piece's block kind. Coordinates are apparatus; a row
/// with its value, and the value lines under a label (`pending_label`), are
/// prose to extract from, however short; the rest as [`classify`] says.
fn piece_kind(piece: &[Line<'_>], row: Option<&Row>, pending_label: bool, first: bool) -> BlockKind {
    let l0 = piece[0].1;
    let value_piece = row.is_some_and(|(_, v)| !v.is_empty()) || row.is_none() && pending_label;
    if piece.len() == 1 && row.is_none() && is_coordinates(l0) {
        BlockKind::Apparatus
    } else if value_piece {
        BlockKind::Paragraph
    } else {
        classify(piece, first)
    }
}

/// Step of [`read`]: pushes a piece's lines to the clean text, the first one
/// without its leading blanks, joined by spaces; prose keeps its citation
/// markers aside, the rest is pushed flat.
fn push_piece(b: &mut TextBuilder, markers: &mut Vec<super::Marker>, piece: &[Line<'_>], kind: BlockKind) {
    let (o0, l0) = piece[0];
    let lead = l0.len() - l0.trim_start().len();
    for (k, (o, l)) in piece.iter().enumerate() {
        let (o, l) = if k == 0 { (o0 + lead, l0.trim_start()) } else { (*o, *l) };
        let l_trim = l.trim_end();
        if k > 0 {
            b.ensure_space(o);
        }
        if kind == BlockKind::Paragraph {
            push_prose(b, markers, l_trim, o);
        } else {
            super::markers::push_flat(b, l_trim, o);
        }
    }
}

/// Step of [`read`]: infobox rows: the label and value spans, found again in
/// the clean line `start..end` (markers are gone from it; spans stay exact).
/// A pending label takes this piece as its value; a row without a value
/// becomes the pending label.
fn piece_fields(
    b: &TextBuilder,
    fields: &mut Vec<Field>,
    pending_label: &mut Option<Span>,
    is_row: bool,
    start: usize,
    end: usize,
) {
    let label = pending_label.take();
    if let Some(label) = label.filter(|_| !is_row && end > start) {
        fields.push(Field { label, value: Span::new(start, end) });
    }
    if is_row && end > start {
        // The clean line may have lost the dump row's dash.
        let clean = &b.text()[start..end];
        let found = infobox_row(clean).or_else(|| template_row(clean));
        if let Some((l, v)) = found {
            if v.is_empty() {
                *pending_label = Some(Span::new(start + l.start, start + l.end));
            } else {
                fields.push(Field {
                    label: Span::new(start + l.start, start + l.end),
                    value: Span::new(start + v.start, start + v.end),
                });
            }
        }
    }
}

fn classify(piece: &[(usize, &str)], first: bool) -> BlockKind {
    let line = piece[0].1.trim();
    if piece.len() == 1 && is_apparatus(line) {
        return BlockKind::Apparatus;
    }
    if piece.len() == 1 && is_heading(line) {
        return if first { BlockKind::Title } else { BlockKind::Heading(2) };
    }
    BlockKind::Paragraph
}

/// True when a group's first line is a heading set directly above its
/// paragraph: heading-like, well short of the group's widest line (a
/// wrapped paragraph's first line runs near the full width), and followed
/// by a line that starts a sentence.
fn heads_group(group: &[(usize, &str)]) -> bool {
    let [(_, first), (_, next), ..] = group else { return false };
    let widest = group.iter().map(|(_, l)| l.trim().len()).max().unwrap_or(0);
    is_heading(first) && first.trim().len() * 5 < widest * 3 && next.trim_start().starts_with(char::is_uppercase)
}

/// A line of map coordinates under an infobox ("52°13′48″N 21°00′39″E /
/// …"): apparatus, not prose.
fn is_coordinates(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (1..=3).contains(&digits) && t[digits..].starts_with('°')
}

/// A reference-list entry (`1. ^ a b Author…`, `^ Author…`) or a hatnote.
fn is_apparatus(line: &str) -> bool {
    let t = line.trim_start();
    let after_num = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let after_num = if after_num.len() < t.len() { after_num.trim_start_matches('.').trim_start() } else { t };
    after_num.starts_with('^') || HATNOTES.iter().any(|h| t.starts_with(h))
}

/// A short line without closing punctuation, starting with a capital.
fn is_heading(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    let Some(first) = t.chars().next() else { return false };
    let Some(last) = t.chars().last() else { return false };
    !t.is_empty()
        && t.len() <= 100
        && words <= 12
        && (first.is_uppercase() || first.is_ascii_digit())
        && !matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '"' | '”' | ']' | '’' | '\'')
        && !(last == ')' && (t.ends_with(".)") || !t.contains('(')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_references() {
        let src = "Soviet war crimes\n\nIntro one. It had 1,219 cases.[1]\n\nThe Red Army\n\nMore text here.[citation needed]\n\n  1. ^ a b Author (2001). p. 5.\n";
        let r = read(src);
        let kinds: Vec<_> = r.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Title,
                BlockKind::Paragraph,
                BlockKind::Heading(2),
                BlockKind::Paragraph,
                BlockKind::Apparatus
            ]
        );
        assert_eq!(r.markers.len(), 2);
        let i = r.text.find("1,219").unwrap();
        assert_eq!(&src[r.map.map_span(Span::new(i, i + 5)).range()], "1,219");
    }

    #[test]
    fn a_heading_set_directly_above_its_paragraph_stands_alone() {
        let src = "Intro line that is long enough to be a paragraph of its own here.\n\nTreatment of prisoners\nAlthough it had not signed the convention, it considered itself bound.\nIt said so.\n";
        let r = read(src);
        let kinds: Vec<_> = r.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, vec![BlockKind::Paragraph, BlockKind::Heading(2), BlockKind::Paragraph]);
        assert_eq!(&r.text[r.blocks[1].span.range()], "Treatment of prisoners");
    }

    #[test]
    fn rendered_infobox_rows_become_fields() {
        let src = "Siege of a town\n\nDate3 May 1921 – 14 June 1922\nLocation Kars, Turkey\n52°13′48″N 21°00′39″E\nCasualties and losses\n1,200 killed[4]\n- Strength1: 900 men\nDeathsca. 70–80,000\n\nThe town was besieged for a year, and its people suffered greatly from hunger in the winter.\n";
        let r = read(src);
        let rows: Vec<(&str, &str)> =
            r.fields.iter().map(|f| (&r.text[f.label.range()], &r.text[f.value.range()])).collect();
        assert_eq!(
            rows,
            vec![
                ("Date", "3 May 1921 – 14 June 1922"),
                ("Location", "Kars, Turkey"),
                ("Casualties and losses", "1,200 killed"),
                ("Strength1", "900 men"),
                ("Deaths", "ca. 70–80,000"),
            ]
        );
        // Values are paragraphs of their own; coordinates are apparatus.
        for f in &r.fields {
            let holds = |b: &&Block| b.span.start <= f.value.start && f.value.end <= b.span.end;
            assert!(r.blocks.iter().filter(holds).any(|b| b.kind == BlockKind::Paragraph));
        }
        assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Apparatus && r.text[b.span.range()].starts_with("52°")));
        // Spans map back to the original bytes exactly.
        let v = r.fields[2].value;
        let i = r.text[v.range()].find("1,200").unwrap() + v.start;
        assert_eq!(&src[r.map.map_span(Span::new(i, i + 5)).range()], "1,200");
    }

    #[test]
    fn label_lines_far_down_the_page_are_headings() {
        let mut src = String::from("Title\n\n");
        for _ in 0..160 {
            src.push_str("A line of prose that is long enough to be read as a paragraph of its own, with 12 words and more here.\n\n");
        }
        src.push_str("Casualties\n\nThe war cost 300 lives.\n");
        let r = read(&src);
        assert!(r.fields.is_empty());
        assert_eq!(r.blocks.iter().filter(|b| b.kind == BlockKind::Heading(2)).count(), 1);
    }

    #[test]
    fn wrapped_lines_join_into_one_paragraph() {
        let src = "This is a wrapped\nparagraph of prose\nover three lines.\n";
        let r = read(src);
        assert_eq!(r.blocks.len(), 1);
        assert_eq!(&r.text[r.blocks[0].span.range()], "This is a wrapped paragraph of prose over three lines.");
    }
}
