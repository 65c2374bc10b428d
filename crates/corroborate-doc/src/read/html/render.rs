//! Turning the selected nodes of a [`Tree`] into clean text, blocks,
//! citation markers and infobox fields. Only text nodes are ever copied,
//! from their source spans; tags and attribute values never reach the text.

use super::entities::{decode, push_text};
use super::tree::{NodeId, Tree};
use super::Wiki;
use crate::read::{Block, BlockKind, Field, Marker, MarkerKind, Reading};
use crate::{Span, TextBuilder};

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "caption",
    "pre",
    "hr",
    "figcaption",
    "figure",
    "address",
    "body",
    "header",
    "details",
    "summary",
    "center",
];

struct Render<'a> {
    src: &'a str,
    tree: &'a Tree,
    skip: &'a [bool],
    wiki: Option<&'a Wiki>,
    b: TextBuilder,
    blocks: Vec<Block>,
    markers: Vec<Marker>,
    fields: Vec<Field>,
    para_start: usize,
    heading: Option<(u8, usize)>,
    /// Inside a reference list: paragraphs are apparatus.
    apparatus: usize,
    /// Clean length at the last `<br>`, to read `<br><br>` as a break.
    last_br: Option<usize>,
    /// A marker was just cut: "Hora[8]a od" keeps its words apart.
    after_marker: bool,
}

/// Renders `roots` (in document order), skipping the nodes marked in
/// `skip`, after the page's `<title>` when it has one.
pub(crate) fn render(tree: &Tree, src: &str, roots: &[NodeId], skip: &[bool], wiki: Option<&Wiki>) -> Reading {
    let mut r = Render {
        src,
        tree,
        skip,
        wiki,
        b: TextBuilder::new(src.len()),
        blocks: Vec::new(),
        markers: Vec::new(),
        fields: Vec::new(),
        para_start: 0,
        heading: None,
        apparatus: 0,
        last_br: None,
        after_marker: false,
    };
    let title = (1..tree.nodes.len()).find(|&n| tree.name(n) == "title");
    let first = roots.first().map_or(src.len(), |&n| tree.nodes[n].span.start);
    if let Some(t) = title.filter(|&t| tree.nodes[t].span.end <= first) {
        for &c in &tree.nodes[t].children {
            let s = tree.nodes[c].span;
            push_text(&mut r.b, &mut r.markers, src, s.start, s.end);
        }
        r.close(BlockKind::Title, tree.nodes[t].span.end);
    }
    for &n in roots {
        r.walk(n);
    }
    r.close(BlockKind::Paragraph, src.len());
    let (text, map) = r.b.finish();
    Reading { text, map, blocks: r.blocks, markers: r.markers, fields: r.fields }
}

impl Render<'_> {
    /// Ends the current paragraph (or title) as a block of `kind`.
    fn close(&mut self, kind: BlockKind, at: usize) {
        if let Some(span) = self.trimmed(self.para_start) {
            let kind = if kind == BlockKind::Paragraph && self.apparatus > 0 { BlockKind::Apparatus } else { kind };
            self.blocks.push(Block { kind, span });
        }
        self.b.paragraph_break(at);
        self.para_start = self.b.len();
    }

    /// The clean text from `from` to the end, without its outer white space.
    fn trimmed(&self, from: usize) -> Option<Span> {
        let t = &self.b.text()[from.min(self.b.len())..];
        let lead = t.len() - t.trim_start().len();
        let span = Span::new(from + lead, self.b.len() - (t.len() - t.trim_end().len()));
        (span.end > span.start).then_some(span)
    }

    fn has_class_in(&self, n: NodeId, classes: &[String]) -> bool {
        self.tree.element(n).is_some_and(|e| classes.iter().any(|c| e.has_class(c)))
    }

    fn walk(&mut self, root: NodeId) {
        // (node, leaving)
        let mut todo = vec![(root, false)];
        while let Some((n, leaving)) = todo.pop() {
            let node = &self.tree.nodes[n];
            if self.tree.is_text(n) {
                if n != 0 {
                    if std::mem::take(&mut self.after_marker)
                        && self.src[node.span.range()].starts_with(char::is_alphanumeric)
                    {
                        self.b.ensure_space(node.span.start);
                    }
                    push_text(&mut self.b, &mut self.markers, self.src, node.span.start, node.span.end);
                }
                continue;
            }
            let name = self.tree.name(n);
            if leaving {
                self.leave(n, name);
                continue;
            }
            if self.skip.get(n).copied().unwrap_or(false)
                || super::readability::is_hidden(self.tree, n)
                || name == "title"
            {
                continue;
            }
            if let Some(w) = self.wiki {
                if self.has_class_in(n, &w.skip)
                    || self.tree.element(n).and_then(|e| e.attr("role")) == Some("navigation")
                {
                    continue;
                }
                if name == "sup" && self.has_class_in(n, &w.ref_markers) {
                    self.marker(n);
                    continue;
                }
                if name == "table" && self.has_class_in(n, &w.infobox) {
                    self.infobox(n);
                    continue;
                }
                if self.has_class_in(n, &w.references) {
                    self.close(BlockKind::Paragraph, node.span.start);
                    self.apparatus += 1;
                }
            }
            if let Some(level) = heading_level(name) {
                self.close(BlockKind::Paragraph, node.span.start);
                self.heading = Some((level, self.b.len()));
            } else if name == "br" {
                if self.last_br.is_some_and(|l| self.b.text()[l..].trim().is_empty()) {
                    self.close(BlockKind::Paragraph, node.span.start);
                } else {
                    self.b.ensure_space(node.span.start);
                }
                self.last_br = Some(self.b.len());
            } else if BLOCK.contains(&name) {
                self.close(BlockKind::Paragraph, node.span.start);
            } else if matches!(name, "td" | "th") {
                self.b.ensure_space(node.span.start);
            }
            todo.push((n, true));
            todo.extend(node.children.iter().rev().map(|&c| (c, false)));
        }
    }

    fn leave(&mut self, n: NodeId, name: &str) {
        let end = self.tree.nodes[n].span.end;
        if heading_level(name).is_some() {
            if let Some((level, start)) = self.heading.take() {
                if let Some(span) = self.trimmed(start) {
                    let kind = if level == 1 { BlockKind::Title } else { BlockKind::Heading(level - 1) };
                    self.blocks.push(Block { kind, span });
                }
                self.b.paragraph_break(end);
                self.para_start = self.b.len();
            }
        } else if BLOCK.contains(&name) {
            self.close(BlockKind::Paragraph, end);
        } else if matches!(name, "td" | "th") {
            self.b.ensure_space(end);
        }
        if let Some(w) = self.wiki {
            if self.has_class_in(n, &w.references) {
                self.close(BlockKind::Paragraph, end);
                self.apparatus = self.apparatus.saturating_sub(1);
            }
        }
    }

    /// A rendered footnote marker (`<sup class="reference">[12]</sup>`):
    /// cut from the text, kept as a citation marker over its element.
    fn marker(&mut self, n: NodeId) {
        let text: String = self
            .tree
            .descendants(n)
            .into_iter()
            .filter(|&d| self.tree.is_text(d))
            .map(|d| decode(&self.src[self.tree.nodes[d].span.range()]))
            .collect();
        let label = text.trim().trim_start_matches('[').trim_end_matches(']').trim().to_string();
        self.markers.push(Marker {
            kind: MarkerKind::Reference,
            orig: self.tree.nodes[n].span,
            at: self.b.len(),
            label,
            body: None,
        });
        self.after_marker = true;
    }

    /// An infobox: each row with a header cell and a data cell becomes a
    /// labelled [`Field`], label and value each a paragraph of its own.
    fn infobox(&mut self, table: NodeId) {
        let start = self.tree.nodes[table].span.start;
        self.close(BlockKind::Paragraph, start);
        let rows: Vec<NodeId> = self
            .tree
            .descendants(table)
            .into_iter()
            .filter(|&d| matches!(self.tree.name(d), "tr" | "caption"))
            .collect();
        for row in rows {
            if self.skip.get(row).copied().unwrap_or(false) || super::readability::is_hidden(self.tree, row) {
                continue;
            }
            if self.tree.name(row) == "caption" {
                self.walk_cell(row);
                self.close(BlockKind::Paragraph, self.tree.nodes[row].span.end);
                continue;
            }
            let cells: Vec<NodeId> = self.tree.nodes[row]
                .children
                .iter()
                .copied()
                .filter(|&c| matches!(self.tree.name(c), "th" | "td"))
                .collect();
            let label = cells.iter().copied().find(|&c| self.tree.name(c) == "th");
            let value = cells.iter().copied().find(|&c| self.tree.name(c) == "td");
            match (label, value) {
                (Some(l), Some(v)) if self.tree.nodes[l].span.start < self.tree.nodes[v].span.start => {
                    self.walk_cell(l);
                    let label = self.trimmed(self.para_start);
                    self.close(BlockKind::Paragraph, self.tree.nodes[l].span.end);
                    self.walk_cell(v);
                    let value = self.trimmed(self.para_start);
                    self.close(BlockKind::Paragraph, self.tree.nodes[v].span.end);
                    if let (Some(label), Some(value)) = (label, value) {
                        self.fields.push(Field { label, value });
                    }
                }
                _ => {
                    for c in cells {
                        self.walk_cell(c);
                    }
                    self.close(BlockKind::Paragraph, self.tree.nodes[row].span.end);
                }
            }
        }
        self.close(BlockKind::Paragraph, self.tree.nodes[table].span.end);
    }

    /// A cell's content, without the cell's own block handling.
    fn walk_cell(&mut self, cell: NodeId) {
        self.b.ensure_space(self.tree.nodes[cell].span.start);
        for c in self.tree.nodes[cell].children.clone() {
            self.walk(c);
        }
    }
}

fn heading_level(name: &str) -> Option<u8> {
    name.strip_prefix('h').and_then(|d| d.parse::<u8>().ok()).filter(|l| (1..=6).contains(l))
}
