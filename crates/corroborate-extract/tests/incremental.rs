//! Incremental extraction equals extraction from scratch, revision after
//! revision, over random edit sequences of real pages (read from
//! `../shared`, never copied: seeds 002 and 003 and a realdev page, plain
//! text, and a wikitext page with an infobox, all CC BY-SA).
//!
//! Each case takes one page and applies a few edits, each making a
//! revision: insert a paragraph (one written here, with figures, places
//! and a name introduced as a place), delete one, move one, duplicate one,
//! edit a figure, edit a heading, edit the lead or the infobox (a title
//! naming a massacre, a flat infobox of date and location rows, a row of
//! casualties), insert markup spanning a blank line or left open (a
//! template, a reference, a table, a comment; stray closers). Every
//! revision is also read twice, alone and through a [`SentenceCache`] (the
//! wikitext chunks and sentence splits of the revision before), and the two
//! documents must be equal field for field. Every revision is extracted by one [`Incremental`] and
//! from scratch; the claims must be equal, offsets and all.

use corroborate_doc::{Document, FormatHint, SentenceCache};
use corroborate_extract::incremental::Incremental;
use proptest::prelude::*;
use std::path::PathBuf;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel)
}

/// A page written for this test whose title and lead name no place, so
/// that a name introduced as a place decides where its figures are.
const WRITTEN: &str =
    "The winter raids\n\nThe raids of that winter were recorded by the parish priests in their books.\n\n\
    Losses\n\nThe first raid came at night. Some 120 were taken away.\n\n\
    The second raid burned 35 farms and the mill.\n\nAftermath\n\nAbout 2,000 people left the valley by spring.\n";

/// The pages edited, as lines (each keeps its `\n`): the real ones, then
/// [`WRITTEN`].
fn pages() -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = [
        "corpus/seeds/002_dce3863f02dd146e.txt",
        "corpus/seeds/003_09a43a90a997e409.txt",
        "corpus/realdev/r03_srebrenica-wikipedia-2009.txt",
        "corpus/real/wikitext/Bodmin.txt",
    ]
    .iter()
    .map(|rel| {
        let p = shared(rel);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e} (../shared is needed)", p.display()));
        text.split_inclusive('\n').map(str::to_string).collect()
    })
    .collect();
    out.push(WRITTEN.split_inclusive('\n').map(str::to_string).collect());
    out
}

/// Paragraphs written for this test: figures, places, a name introduced
/// as a place ("the village of Velmirovo"), an elliptic figure, a source.
const NEW_PARAGRAPHS: &[&str] = &[
    "In March 1943, about 1,200 civilians were killed in the village of Velmirovo by the occupying forces.\n",
    "Later reports put the toll at between 300 and 450 dead; another source gives 520.\n",
    "According to the regional commission, at least 75 people were deported from Velmirovo to Siberia.\n",
    "Some 40 houses were burned, and 12 more were destroyed in 1944.\n",
    "The garrison numbered 2,500 men. Of them, 60% were conscripts.\n",
];

/// A paragraph naming a place (invented: no gazetteer holds it) that only
/// the document's other paragraphs can tell is one: put in every page at the start.
const BARE_NAME: &str = "Within Velmirovo, 300 were killed.\n";

/// A paragraph introducing that name as a place ("the town of X"), which
/// makes it a place in every paragraph.
const INTRODUCES: &str = "\nTroops entered the town of Velmirovo at dawn; 40 houses burned.\n\n";

/// Headings written for this test.
const NEW_HEADINGS: &[&str] = &["Casualties", "Poland (1944)", "Losses in Belgrade", "Aftermath"];

/// Lead and infobox edits written for this test.
const LEAD_EDITS: &[&str] = &[
    "The Velmirovo massacre\n",
    "Infobox - Date: 12 March 1943 - Location: Kharkiv, Ukraine - Deaths: 1,200 - Perpetrators: occupying forces\n",
    "|casualties = 300 killed, 120 wounded\n",
    "|date = 1941–1942\n",
];

/// Markup spanning lines or left open, written for this test: a template,
/// a reference, a table and a comment across a blank line, closers with
/// nothing open. The wikitext reader cuts a revision at blank lines and
/// reads the pieces again only where they changed; none of these may be
/// cut through.
const MARKUP: &[&str] = &[
    "{{cite book |title=Losses\n\n|pages=40}} Some 30 died.\n",
    "About 90 fled.<ref>Report of 1944,\n\np. 12.</ref> Others stayed.\n",
    "{|\n| Killed || 400\n\n|-\n| Wounded || 120\n|}\n",
    "Some 15 were held. <!-- checked\n\nagainst the register -->\n",
    "Stray }} and ]] and </ref> closers, 8 of them.\n",
    "An open {{template with 70 men\n",
    "<ref name=a>An open reference of 1943\n",
];

/// One edit: a kind and three numbers choosing lines and texts.
#[derive(Debug, Clone)]
struct Edit(u8, usize, usize, usize);

fn is_heading(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with("==") {
        return true;
    }
    // A rendered page's heading: a short line without a full stop.
    !t.is_empty() && t.split_whitespace().count() <= 6 && !t.ends_with(['.', ':', ',']) && !t.starts_with(['|', '{'])
}

fn apply(lines: &mut Vec<String>, Edit(kind, a, b, c): &Edit) {
    let n = lines.len().max(1);
    let (i, j) = (a % n, b % n);
    match kind % 10 {
        // Insert a new paragraph, with a blank line.
        0 => {
            lines.insert(i.min(lines.len()), format!("{}\n", NEW_PARAGRAPHS[c % NEW_PARAGRAPHS.len()]));
        }
        // Delete a line.
        1 if lines.len() > 2 => {
            lines.remove(i);
        }
        // Move a line.
        2 if !lines.is_empty() => {
            let l = lines.remove(i);
            lines.insert(j.min(lines.len()), l);
        }
        // Duplicate a line elsewhere.
        3 if !lines.is_empty() => {
            let l = lines[i].clone();
            lines.insert(j, l);
        }
        // Edit a figure: change one digit.
        4 => {
            if let Some(k) = (0..n).map(|k| (i + k) % n).find(|&k| lines[k].contains(|ch: char| ch.is_ascii_digit())) {
                let l = &lines[k];
                let pos =
                    l.char_indices().filter(|(_, ch)| ch.is_ascii_digit()).map(|(p, _)| p).nth(c % 3).unwrap_or(0);
                let pos = if l.as_bytes()[pos].is_ascii_digit() {
                    pos
                } else {
                    l.find(|ch: char| ch.is_ascii_digit()).unwrap_or(0)
                };
                let d = (l.as_bytes()[pos] - b'0' + 1) % 10;
                lines[k].replace_range(pos..pos + 1, &d.to_string());
            }
        }
        // Edit a heading (or make a line one).
        5 => {
            let h = NEW_HEADINGS[c % NEW_HEADINGS.len()];
            match (0..n).map(|k| (i + k) % n).find(|&k| k < lines.len() && is_heading(&lines[k])) {
                Some(k) if lines[k].trim().starts_with("==") => lines[k] = format!("== {h} ==\n"),
                Some(k) => lines[k] = format!("{h}\n"),
                None => lines.insert(i.min(lines.len()), format!("{h}\n\n")),
            }
        }
        // Edit the lead or the infobox: the first lines.
        6 => {
            let e = LEAD_EDITS[c % LEAD_EDITS.len()];
            let at = (i % 6).min(lines.len());
            if c % 2 == 0 && at < lines.len() {
                lines[at] = e.to_string();
            } else {
                lines.insert(at, e.to_string());
            }
        }
        // Introduce the bare name as a place, or take that back.
        8 => match lines.iter().position(|l| l == INTRODUCES) {
            Some(k) => {
                lines.remove(k);
            }
            None => lines.insert(i.min(lines.len()), INTRODUCES.to_string()),
        },
        // Markup across lines, or left open.
        9 => lines.insert(i.min(lines.len()), format!("\n{}\n", MARKUP[c % MARKUP.len()])),
        // Join two lines (a paragraph break removed).
        _ => {
            if i < lines.len() {
                let l = lines[i].trim_end_matches('\n').to_string();
                lines[i] = format!("{l} ");
            }
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    (any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(k, a, b, c)| Edit(k, a, b, c))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_from_scratch(page in 0usize..5, at in any::<usize>(), edits in prop::collection::vec(edit(), 1..6)) {
        let mut lines = pages().swap_remove(page);
        let at = at % lines.len().max(1);
        lines.insert(at, format!("\n{BARE_NAME}\n"));
        let mut inc = Incremental::new();
        // The incremental side reads each revision as `revisions` and
        // `extract` of a dump do: through a sentence cache.
        let mut sentences = SentenceCache::new();
        for (r, e) in std::iter::once(None).chain(edits.iter().map(Some)).enumerate() {
            if let Some(e) = e {
                apply(&mut lines, e);
            }
            let bytes = lines.concat().into_bytes();
            let name = format!("Page#{r}");
            let Ok(doc) = Document::read(&name, bytes.clone(), FormatHint::Auto) else { continue };
            let cached = Document::read_cached(&name, bytes, FormatHint::Auto, &mut sentences).expect("reads twice");
            prop_assert_eq!(&cached.sentences, &doc.sentences, "revision {} after {:?}", r, e);
            prop_assert_eq!(&cached.paragraphs, &doc.paragraphs);
            prop_assert_eq!(&cached.citations, &doc.citations);
            prop_assert!(cached.text == doc.text, "clean text, revision {} after {:?}", r, e);
            prop_assert!(cached.map == doc.map, "offset map, revision {} after {:?}", r, e);
            prop_assert_eq!(&cached.sections, &doc.sections);
            prop_assert_eq!(&cached.fields, &doc.fields);
            let want = corroborate_extract::extract(&doc);
            let got = inc.extract(&cached);
            prop_assert_eq!(got, want, "revision {} after {:?}", r, e);
        }
    }
}

/// A fixed sequence over every real page reuses at least half the paragraphs (the
/// first revision reuses none): the test above
/// exercises reuse, not only extraction. Documents read through a sentence
/// cache carry their paragraphs' text ids; others are matched by text.
#[test]
fn most_paragraphs_are_reused_across_small_edits() {
    for cached in [false, true] {
        for (n, page) in pages().into_iter().take(4).enumerate() {
            let mut lines = page;
            let mut inc = Incremental::new();
            let mut sentences = SentenceCache::new();
            for (r, e) in [Edit(0, 7, 0, 1), Edit(4, 30, 0, 0), Edit(2, 3, 20, 0), Edit(5, 10, 0, 1)].iter().enumerate()
            {
                apply(&mut lines, e);
                let (name, bytes) = (format!("P#{r}"), lines.concat().into_bytes());
                let doc = match cached {
                    true => Document::read_cached(&name, bytes, FormatHint::Auto, &mut sentences),
                    false => Document::read(&name, bytes, FormatHint::Auto),
                }
                .expect("reads");
                assert_eq!(doc.paragraph_text_id(0).is_some(), cached);
                assert_eq!(inc.extract(&doc), corroborate_extract::extract(&doc), "page {n}, edit {r}");
            }
            let s = inc.stats();
            assert!(s.reused * 2 >= s.paragraphs, "page {n}, cached {cached}: {s:?}");
        }
    }
}

/// A paragraph that did not change says something else once another
/// paragraph introduces its name as a place: it is extracted again.
#[test]
fn a_name_introduced_elsewhere_changes_an_unchanged_paragraph() {
    let mut lines = pages().pop().expect("the written page");
    lines.insert(6, format!("\n{BARE_NAME}\n"));
    let mut inc = Incremental::new();
    let mut places = Vec::new();
    for r in 0..3 {
        if r > 0 {
            apply(&mut lines, &Edit(8, 12, 0, 0));
        }
        let doc = Document::read(&format!("P#{r}"), lines.concat().into_bytes(), FormatHint::Auto).expect("reads");
        let got = inc.extract(&doc);
        assert_eq!(got, corroborate_extract::extract(&doc), "revision {r}");
        let bare = got.iter().find(|c| c.quote == "300").expect("the figure");
        places.push(bare.place.clone());
    }
    assert_eq!(places, [None, Some("Velmirovo".to_string()), None]);
}
