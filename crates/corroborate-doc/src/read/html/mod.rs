//! HTML pages: web articles and Wikipedia's Parsoid HTML.
//!
//! The design keeps every clean byte tied to source bytes:
//!
//! 1. [`tree`] tokenizes with `html5gum` (a WHATWG tokenizer that reports
//!    source spans) and builds a light element tree whose text nodes are
//!    spans of the source. Attribute values are parsed as attribute values
//!    (a `-->` or `>` inside quotes stays there) and are never text.
//! 2. For a web page, [`readability`] finds the main content with Mozilla
//!    Readability's algorithm (paragraph scores rolled up to ancestors,
//!    class/id weights, link density, qualifying siblings, conditional
//!    cleaning), over that tree, so what it keeps is a set of source nodes.
//!    A teaser `<article>`, an alert box or an `<articleid>` in a comment no
//!    longer decides what is read.
//! 3. Wikipedia's HTML for reuse (Parsoid, see [`is_wiki`]) is read
//!    whole, as Wikipedia: infobox rows as labelled
//!    [`Field`](crate::Field)s, `sup.mw-ref` as citation markers, reference
//!    lists as apparatus; navboxes, hatnotes and edit links are skipped.
//!    The same rules apply inside the main content of any other page (a
//!    desktop Wikipedia page, a site quoting an infobox).
//! 4. [`render`] copies the kept text nodes into a
//!    [`TextBuilder`](crate::TextBuilder), decoding character references as
//!    replaced runs ([`entities`]), and cuts blocks at block elements.
//!
//! Readability ports such as `dom_smoothie` were not used: they rebuild a
//! DOM and serialise it, so the text they return no longer points at
//! source bytes. The scoring tables are data (`data/readability.txt`).

mod entities;
mod readability;
mod render;
mod tree;

use super::Reading;
use std::sync::LazyLock;
use tree::Tree;

/// Elements never read, with everything inside them.
pub(crate) const DROP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "embed", "canvas", "math", "button",
    "select", "textarea", "input", "footer", "aside", "nav", "link", "meta",
];

/// How Parsoid HTML is read: classes from `data/readability.txt`.
pub(crate) struct Wiki {
    pub(crate) skip: Vec<String>,
    pub(crate) infobox: Vec<String>,
    pub(crate) references: Vec<String>,
    pub(crate) ref_markers: Vec<String>,
}

static WIKI: LazyLock<Wiki> = LazyLock::new(|| {
    let data = include_str!("../../../data/readability.txt");
    let words = |key: &str| -> Vec<String> {
        data.lines()
            .filter_map(|l| l.split_once('='))
            .find(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.split_whitespace().map(String::from).collect())
            .unwrap_or_default()
    };
    Wiki {
        skip: words("parsoid_skip"),
        infobox: words("parsoid_infobox"),
        references: words("parsoid_references"),
        ref_markers: words("parsoid_ref_markers"),
    }
});

/// True for a Wikipedia page as Wikimedia serves it for reuse: Parsoid
/// HTML (`<html prefix=… about=…>`, `mw:pageId`), the parser's content
/// fragment (a document that opens with `mw-parser-output`) or the mobile
/// Page Content Service's (`pcs-` tables and edit links). A desktop page
/// with a `typeof="mw:File"` inside its article is not: it carries the
/// site's chrome, and goes through main-content detection.
pub(crate) fn is_wiki(src: &str) -> bool {
    let mut end = src.len().min(64 * 1024);
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    let head = &src[..end];
    let first_tag = head.trim_start().split('>').next().unwrap_or("");
    (head.contains("<html prefix=") && head.contains("about="))
        || head.contains("property=\"mw:pageId\"")
        || first_tag.contains("mw-parser-output")
        || head.contains("pcs-collapse-table")
        || head.contains("pcs-edit-section")
}

pub(crate) fn read(src: &str) -> Reading {
    let tree = Tree::parse(src);
    let body = (1..tree.nodes.len()).find(|&n| tree.name(n) == "body").unwrap_or(0);
    if is_wiki(src) {
        let skip = vec![false; tree.nodes.len()];
        return render::render(&tree, src, &[body], &skip, Some(&WIKI));
    }
    let sel = readability::select(&tree, src);
    let r = render::render(&tree, src, &sel.roots, &sel.skip, Some(&WIKI));
    if r.blocks.iter().any(|b| b.kind == super::BlockKind::Paragraph) {
        return r;
    }
    // Nothing scored as content (a fragment, a bare list): read all of it.
    let skip = vec![false; tree.nodes.len()];
    render::render(&tree, src, &[body], &skip, Some(&WIKI))
}

#[cfg(test)]
mod tests;
