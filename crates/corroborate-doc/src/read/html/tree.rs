//! A light element tree over the HTML, every node keeping the byte spans of
//! its tags and text in the source.
//!
//! Tokens come from `html5gum`, a WHATWG tokenizer that reports the span
//! of each tag and text run; with its naive state switching, the contents
//! of `<script>`, `<style>`, `<title>` and `<textarea>` are raw text and a
//! `-->` or `<` inside a quoted attribute value stays in the attribute.
//! Text nodes hold spans only: the renderer copies them from the source
//! (decoding entities itself), so attribute values can never become text.
//!
//! Tree construction is a small subset of the HTML5 algorithm (hand-written
//! because html5ever's tree builder keeps no source positions): void
//! elements never open, a block start closes an open `<p>`, `<li>`, `<dt>`,
//! `<dd>`, `<tr>`, `<td>`, `<th>` and `<option>` close their open sibling,
//! and an end tag closes the nearest open element of its name (stray end
//! tags are ignored). That is enough for tag soup to nest the way a
//! browser shows it, which is all the content scoring needs.

use crate::Span;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Index of a node in [`Tree::nodes`].
pub(crate) type NodeId = usize;

/// An element or a run of text.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) parent: Option<NodeId>,
    pub(crate) children: Vec<NodeId>,
    pub(crate) kind: Kind,
    /// From the start of the start tag (or the text) to the end of the end
    /// tag, or of the last thing inside when the end tag is implied.
    pub(crate) span: Span,
}

#[derive(Debug)]
pub(crate) enum Kind {
    Element(Element),
    /// Raw source text (entities not yet decoded).
    Text,
}

/// An element's name and attributes.
#[derive(Debug)]
pub(crate) struct Element {
    /// Lower-case tag name.
    pub(crate) name: String,
    /// Attributes, names lower-case, values decoded by the tokenizer.
    pub(crate) attrs: Vec<(String, String)>,
}

impl Element {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// True when the class list holds `class`.
    pub(crate) fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_ascii_whitespace().any(|k| k == class))
    }

    /// The class and id, as Readability matches them.
    pub(crate) fn class_and_id(&self) -> String {
        format!("{} {}", self.attr("class").unwrap_or(""), self.attr("id").unwrap_or(""))
    }
}

/// The document tree; node 0 is a synthetic root.
#[derive(Debug)]
pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen",
];

/// Starting one of these closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Elements an implied close never crosses.
const SCOPE: &[&str] = &["table", "td", "th", "caption", "html", "body", "ul", "ol", "div", "section", "article"];

/// The stack of open elements, with a count of each name open, so that
/// "is a `p` open?" costs nothing however deep the stack.
struct Open {
    ids: Vec<NodeId>,
    names: std::collections::HashMap<String, usize>,
}

impl Default for Open {
    fn default() -> Self {
        Open { ids: vec![0], names: std::collections::HashMap::new() }
    }
}

impl Open {
    fn top(&self) -> NodeId {
        self.ids.last().copied().unwrap_or(0)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn push(&mut self, id: NodeId, name: String) {
        self.ids.push(id);
        *self.names.entry(name).or_default() += 1;
    }

    fn pop(&mut self, tree: &Tree) -> Option<NodeId> {
        let n = self.ids.pop()?;
        if let Some(c) = self.names.get_mut(tree.name(n)) {
            *c = c.saturating_sub(1);
        }
        Some(n)
    }

    fn is_open(&self, name: &str) -> bool {
        self.names.get(name).is_some_and(|&c| c > 0)
    }

    /// The stack position of the innermost open element named `name`
    /// (never the root).
    fn find(&self, tree: &Tree, name: &str) -> Option<usize> {
        if !self.is_open(name) {
            return None;
        }
        self.ids.iter().rposition(|&n| tree.name(n) == name).filter(|&k| k > 0)
    }
}

impl Tree {
    /// Tokenizes `src` and builds its tree.
    pub(crate) fn parse(src: &str) -> Tree {
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        let mut tree = Tree {
            nodes: vec![Node { parent: None, children: Vec::new(), kind: Kind::Text, span: Span::new(0, src.len()) }],
        };
        tree.nodes[0].kind = Kind::Element(Element { name: "#root".into(), attrs: Vec::new() });
        let mut stack = Open::default();
        for token in Tokenizer::new_with_emitter(src, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let open = Span::new(tag.span.start.min(src.len()), tag.span.end.min(src.len()));
                    tree.implied_closes(&mut stack, &name);
                    let attrs = tag
                        .attributes
                        .iter()
                        .map(|(k, v)| {
                            (
                                String::from_utf8_lossy(k).to_ascii_lowercase(),
                                String::from_utf8_lossy(&v.value).into_owned(),
                            )
                        })
                        .collect();
                    let id = tree.push(stack.top(), Kind::Element(Element { name: name.clone(), attrs }), open);
                    if !(VOID.contains(&name.as_str()) || tag.self_closing) {
                        stack.push(id, name);
                    }
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    let end = tag.span.end.min(src.len());
                    if let Some(k) = stack.find(&tree, &name) {
                        while stack.len() > k {
                            if let Some(n) = stack.pop(&tree) {
                                tree.close(n);
                                tree.nodes[n].span.end = tree.nodes[n].span.end.max(end);
                            }
                        }
                    }
                }
                Token::String(s) => {
                    let span = Span::new(s.span.start.min(src.len()), s.span.end.min(src.len()));
                    if span.is_empty() || !src.is_char_boundary(span.start) || !src.is_char_boundary(span.end) {
                        continue;
                    }
                    // Adjacent text tokens make one node.
                    let parent = stack.top();
                    if let Some(&last) = tree.nodes[parent].children.last() {
                        if matches!(tree.nodes[last].kind, Kind::Text) && tree.nodes[last].span.end == span.start {
                            tree.nodes[last].span.end = span.end;
                            continue;
                        }
                    }
                    tree.push(parent, Kind::Text, span);
                }
                _ => {}
            }
        }
        // Elements left open end with their last child.
        while stack.len() > 1 {
            if let Some(n) = stack.pop(&tree) {
                tree.close(n);
            }
        }
        tree
    }

    fn push(&mut self, parent: NodeId, kind: Kind, span: Span) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node { parent: Some(parent), children: Vec::new(), kind, span });
        self.nodes[parent].children.push(id);
        id
    }

    /// An element being closed reaches at least to the end of its last
    /// child (its children were closed before it). Done once per element
    /// as it closes, not for every open element at every token: that was
    /// quadratic in the page's depth.
    fn close(&mut self, n: NodeId) {
        if let Some(&last) = self.nodes[n].children.last() {
            let end = self.nodes[last].span.end;
            if self.nodes[n].span.end < end {
                self.nodes[n].span.end = end;
            }
        }
    }

    fn implied_closes(&mut self, stack: &mut Open, name: &str) {
        let closes: &[&str] = match name {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "tr" => &["tr", "td", "th"],
            "td" | "th" => &["td", "th"],
            "option" => &["option"],
            n if CLOSES_P.contains(&n) => &["p"],
            _ => return,
        };
        // Nothing to close (the common case, whatever the depth).
        if !closes.iter().any(|c| stack.is_open(c)) {
            return;
        }
        for k in (1..stack.len()).rev() {
            let open = self.name(stack.ids[k]);
            if closes.contains(&open) {
                while stack.len() > k {
                    if let Some(n) = stack.pop(self) {
                        self.close(n);
                    }
                }
                return;
            }
            if SCOPE.contains(&open) || (name == "li" && matches!(open, "ul" | "ol")) {
                return;
            }
        }
    }

    /// The element's tag name ("" for text).
    pub(crate) fn name(&self, n: NodeId) -> &str {
        match &self.nodes[n].kind {
            Kind::Element(e) => &e.name,
            Kind::Text => "",
        }
    }

    pub(crate) fn element(&self, n: NodeId) -> Option<&Element> {
        match &self.nodes[n].kind {
            Kind::Element(e) => Some(e),
            Kind::Text => None,
        }
    }

    pub(crate) fn is_text(&self, n: NodeId) -> bool {
        matches!(self.nodes[n].kind, Kind::Text)
    }

    /// All nodes under `n` (not `n` itself), in document order.
    pub(crate) fn descendants(&self, n: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut todo: Vec<NodeId> = self.nodes[n].children.iter().rev().copied().collect();
        while let Some(m) = todo.pop() {
            out.push(m);
            todo.extend(self.nodes[m].children.iter().rev());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &Tree, n: NodeId) -> Vec<String> {
        t.nodes[n].children.iter().map(|&c| t.name(c).to_string()).collect()
    }

    #[test]
    fn paragraphs_and_items_close_themselves() {
        let t = Tree::parse("<body><p>a<p>b<ul><li>x<li>y</ul></body>");
        let body = t.nodes[0].children[0];
        assert_eq!(names(&t, body), ["p", "p", "ul"]);
        let ul = t.nodes[body].children[2];
        assert_eq!(names(&t, ul), ["li", "li"]);
    }

    #[test]
    fn attribute_values_are_not_text() {
        let src = r#"<div data-mw='{"a":"-->12 killed<"}'>x</div>"#;
        let t = Tree::parse(src);
        let texts: Vec<&str> =
            (0..t.nodes.len()).filter(|&n| t.is_text(n) && n > 0).map(|n| &src[t.nodes[n].span.range()]).collect();
        assert_eq!(texts, ["x"]);
    }
}
