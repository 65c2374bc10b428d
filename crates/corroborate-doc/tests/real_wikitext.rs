//! Real pages written elsewhere (`../shared/corpus/real/`): the sniffer
//! reads each as what it is, and the wikitext reader's clean text holds no
//! markup and no figure glued together across something it dropped.

use corroborate_doc::{Document, Format, FormatHint, Span};
use std::path::{Path, PathBuf};

#[path = "support/shared.rs"]
mod shared;
use shared::{has_shared, shared};

/// The files of a folder with the given extension, in name order.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn sniffed(path: &Path) -> Format {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    sniff(&name, bytes)
}

/// The format the sniffer picks for `bytes` under `name` (the sniffer is
/// private: [`FormatHint::Auto`] is how callers reach it).
fn sniff(name: &str, bytes: Vec<u8>) -> Format {
    Document::read(name, bytes, FormatHint::Auto).unwrap_or_else(|e| panic!("{name}: {e}")).format
}

#[test]
fn all_seventy_wikitext_pages_sniff_as_wikitext() {
    if !has_shared() {
        return;
    }
    let pages = files(&shared().join("corpus/real/wikitext"), "txt");
    assert_eq!(pages.len(), 70);
    let wrong: Vec<String> = pages
        .iter()
        .filter(|p| sniffed(p) != Format::Wikitext)
        .map(|p| format!("{} as {:?}", p.display(), sniffed(p)))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn parsoid_pages_sniff_as_html() {
    if !has_shared() {
        return;
    }
    let pages = files(&shared().join("corpus/real/html"), "html");
    assert_eq!(pages.len(), 6);
    for p in &pages {
        // The extension must not be what decides: sniff under a neutral name.
        let bytes = std::fs::read(p).unwrap();
        assert_eq!(sniff("page.txt", bytes), Format::Html, "{}", p.display());
    }
}

#[test]
fn news_pages_sniff_as_html() {
    if !has_shared() {
        return;
    }
    let dir = shared().join("corpus/real/news-html");
    for p in files(&dir, "html").iter().filter(|p| p.to_string_lossy().ends_with(".source.html")) {
        let bytes = std::fs::read(p).unwrap();
        assert_eq!(sniff("page.txt", bytes), Format::Html, "{}", p.display());
    }
}

/// The seeds and realdev sniff as they did before the sniffer weighed
/// evidence: these are the pages that are wikitext; every other is text.
#[test]
fn seeds_and_realdev_sniff_as_before() {
    if !has_shared() {
        return;
    }
    const WIKITEXT: &[&str] = &[
        "001_c7fdbfa4e6b90d88.txt",
        "r05_nanjing-deathtoll-wikipedia-current.txt",
        "r08_warsaw-wikipedia-current.txt",
        "r11_chechen-deportation-wikipedia-current.txt",
        "r14_gustloff-wikipedia-current.txt",
        "r16_srebrenica-memorial-wikipedia.txt",
        "r65_lidice-wikipedia-current.txt",
    ];
    for dir in ["corpus/seeds", "corpus/realdev"] {
        for p in files(&shared().join(dir), "txt") {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let want = if WIKITEXT.contains(&name.as_str()) { Format::Wikitext } else { Format::Text };
            assert_eq!(sniffed(&p), want, "{name}");
        }
    }
}

/// True when clean bytes `i` and `i + 1` come from original bytes that are
/// not next to each other.
fn split_in_original(doc: &Document, i: usize) -> bool {
    let a = doc.orig_span(Span::new(i, i + 1));
    let b = doc.orig_span(Span::new(i + 1, i + 2));
    a.end != b.start
}

#[test]
fn wikitext_clean_text_has_no_markup_and_no_glued_figures() {
    if !has_shared() {
        return;
    }
    let mut fields = 0;
    let mut bodies = 0;
    for p in files(&shared().join("corpus/real/wikitext"), "txt") {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let doc = Document::read(&name, std::fs::read(&p).unwrap(), FormatHint::Auto).unwrap();
        assert_eq!(doc.format, Format::Wikitext, "{name}");
        for bad in ["{{", "[[", "data-mw", "<ref", "&lt;ref", "&nbsp;"] {
            assert!(!doc.text.contains(bad), "{name}: clean text holds {bad:?} at {:?}", doc.text.find(bad));
        }
        // A run of digits (with the commas and points inside figures) is
        // one run of the original: nothing was dropped inside it.
        let t = doc.text.as_bytes();
        for i in 0..t.len().saturating_sub(1) {
            if t[i].is_ascii_digit() && t[i + 1].is_ascii_digit() {
                assert!(
                    !split_in_original(&doc, i),
                    "{name}: figure glued at clean {i}: {:?}",
                    &doc.text[i.saturating_sub(20)..(i + 20).min(t.len())]
                );
            }
        }
        fields += doc.fields.len();
        bodies += doc.citations.iter().filter(|c| c.body.as_ref().is_some_and(|b| !b.text.trim().is_empty())).count();
        for f in &doc.fields {
            assert!(!doc.clean(f.label).is_empty() && !doc.clean(f.value).is_empty(), "{name}: empty field");
        }
        for c in doc.citations.iter().filter_map(|c| c.body.as_ref()) {
            assert!(c.orig.end <= doc.bytes.len());
            for (i, ch) in c.text.char_indices().filter(|(_, ch)| ch.is_ascii_digit()) {
                let o = c.map.map_span(Span::new(i, i + 1));
                assert_eq!(doc.bytes.get(o.range()), Some(&[ch as u8][..]), "{name}: ref body digit");
            }
        }
    }
    // Infoboxes and references are read, not dropped.
    assert!(fields > 100, "{fields} fields");
    assert!(bodies > 500, "{bodies} reference bodies with text");
}
