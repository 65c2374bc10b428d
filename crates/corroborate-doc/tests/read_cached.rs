//! Reading the revisions of a page through a cache (`Document::read_cached`:
//! wikitext chunks and sentence splits of the previous revision taken back)
//! gives the document reading it alone gives, field for field: clean text,
//! offset map, sections, paragraphs, sentences, citations and fields.
//!
//! The revisions are real pages (`../shared/corpus/real/wikitext`, read
//! from there, never copied) edited the ways editors edit: a paragraph
//! inserted, deleted, moved or joined to the next, a figure changed, a
//! heading renamed, the infobox rewritten, and markup left open across a
//! paragraph break (a template, a reference, a comment, a table) then
//! closed again. `history_dump_reads_the_same_cached` does the same on every
//! revision of a dump named by `CORROBORATE_HISTORY_XML` (ignored unless
//! asked for: it is long).

use corroborate_doc::{Document, FormatHint, SentenceCache};
use std::path::PathBuf;

#[path = "support/shared.rs"]
mod shared;
use shared::{has_shared, shared};

/// Reads `text` both ways and compares every field.
fn check(cache: &mut SentenceCache, name: &str, text: &str) {
    let hint = FormatHint::Auto;
    let whole = Document::read(name, text.as_bytes().to_vec(), hint);
    let cached = Document::read_cached(name, text.as_bytes().to_vec(), hint, cache);
    let (whole, cached) = match (whole, cached) {
        (Ok(w), Ok(c)) => (w, c),
        (Err(_), Err(_)) => return,
        (w, c) => panic!("{name}: {:?} vs {:?}", w.err(), c.err()),
    };
    assert_eq!(whole.format, cached.format, "{name}");
    assert!(whole.text == cached.text, "{name}: clean text differs");
    assert!(whole.map == cached.map, "{name}: offset map differs");
    assert_eq!(whole.sections, cached.sections, "{name}");
    assert_eq!(whole.paragraphs, cached.paragraphs, "{name}");
    assert_eq!(whole.sentences, cached.sentences, "{name}");
    assert_eq!(whole.citations, cached.citations, "{name}");
    assert_eq!(whole.fields, cached.fields, "{name}");
    assert_eq!(whole.title, cached.title, "{name}");
}

fn pages() -> Vec<(String, String)> {
    let dir = shared().join("corpus/real/wikitext");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v.into_iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(&p).expect("reads")).into_owned();
            (p.file_name().expect("named").to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// The edits: each takes the page's paragraphs (split at blank lines) and
/// a number choosing where.
/// An edit of a page's paragraphs at a place a number chooses.
type EditFn = fn(&mut Vec<String>, usize);

fn edits() -> Vec<(&'static str, EditFn)> {
    vec![
        ("insert a paragraph", |p, i| p.insert(i % (p.len() + 1), "A new paragraph says 41 were hurt.".into())),
        ("delete a paragraph", |p, i| {
            if p.len() > 1 {
                p.remove(i % p.len());
            }
        }),
        ("move a paragraph", |p, i| {
            let n = p.len();
            let x = p.remove(i % n);
            p.insert((i * 7) % n, x);
        }),
        ("join two paragraphs", |p, i| {
            if p.len() > 1 {
                let k = i % (p.len() - 1);
                let next = p.remove(k + 1);
                p[k] = format!("{}\n{next}", p[k]);
            }
        }),
        ("change a figure", |p, i| {
            let n = p.len();
            let s = &mut p[i % n];
            if let Some(d) = s.find(|c: char| c.is_ascii_digit()) {
                s.replace_range(d..d + 1, "7");
            } else {
                s.push_str(" 12 died.");
            }
        }),
        ("rename a heading", |p, i| p.insert(i % (p.len() + 1), "== Losses of 1944 ==\nSome 300 were lost.".into())),
        ("rewrite the infobox", |p, _| {
            p.insert(0, "{{Infobox military conflict\n| casualties1 = 1,200 killed\n| casualties2 = 30\n}}".into())
        }),
        ("open a template across a break", |p, i| p.insert(i % (p.len() + 1), "Before {{cite book\n".into())),
        ("open a reference across a break", |p, i| p.insert(i % (p.len() + 1), "Text 5.<ref>Smith,".into())),
        ("open a comment across a break", |p, i| p.insert(i % (p.len() + 1), "Said 9 <!-- hidden".into())),
        ("open a table across a break", |p, i| p.insert(i % (p.len() + 1), "{|\n| 14 || 15".into())),
        ("close what was left open", |p, i| p.insert(i % (p.len() + 1), "end}} -->\n</ref>\n|}".into())),
        ("unbalanced closers", |p, i| p.insert(i % (p.len() + 1), "Stray }} and ]] and </ref> 3 times.".into())),
        ("a list and a preformatted line", |p, i| p.insert(i % (p.len() + 1), "* 4 items\n* more\n\n pre 6".into())),
    ]
}

#[test]
fn edited_real_pages_read_the_same_cached() {
    if !has_shared() {
        return;
    }
    for (name, text) in pages().into_iter().take(40) {
        let mut paras: Vec<String> = text.split("\n\n").map(str::to_string).collect();
        let mut cache = SentenceCache::new();
        check(&mut cache, &name, &text);
        for (round, (what, edit)) in edits().into_iter().enumerate() {
            edit(&mut paras, round * 13 + name.len());
            let rev = paras.join("\n\n");
            check(&mut cache, &format!("{name} after {what}"), &rev);
            // The same revision again: everything is taken back.
            check(&mut cache, &format!("{name} after {what}, again"), &rev);
        }
    }
}

#[test]
#[ignore = "long: every revision of the dump CORROBORATE_HISTORY_XML names"]
fn history_dump_reads_the_same_cached() {
    let Some(path) = std::env::var_os("CORROBORATE_HISTORY_XML") else { return };
    let file = std::io::BufReader::new(std::fs::File::open(path).expect("opens"));
    let mut cache = SentenceCache::new();
    for r in corroborate_doc::dump::DumpReader::new(file, Some(vec![0]), usize::MAX) {
        let r = r.expect("reads the dump");
        if r.is_empty() {
            continue;
        }
        check(&mut cache, &format!("{}#{}", r.title, r.rev_id), &r.text);
    }
}
