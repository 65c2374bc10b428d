//! Main-content detection after Mozilla Readability (`Readability.js`,
//! `_grabArticle` and `_prepArticle`), run over the offset-keeping
//! [`Tree`] instead of a DOM, so that what it keeps is still a set of
//! source nodes.
//!
//! Hand-written because the Rust ports (`dom_smoothie`, `readability`)
//! build a new DOM and serialise it: the text they return no longer points
//! at source bytes. The algorithm is Readability's:
//!
//! 1. drop hidden elements and, on the first pass, boilerplate by class/id
//!    (`unlikely` unless `maybe`) and ARIA role;
//! 2. score each paragraph-like element (`score_tags`, and divs without
//!    block children) of 25 characters or more: 1 + its commas + one per
//!    100 characters (at most 3), added in full to its parent, half to its
//!    grandparent and a third of the level to ancestors up to 5 levels;
//!    each ancestor starts at its tag score plus its class weight;
//! 3. scale each candidate by (1 − link density), take the best, move up to
//!    a shared ancestor when the runners-up agree, or to a parent that
//!    scores higher;
//! 4. keep the best candidate with the siblings that score above a fifth of
//!    it, or are link-poor paragraphs;
//! 5. clean what is kept: negative class weights, short share widgets, and
//!    (Readability's `_cleanConditionally`) link-heavy or image-heavy
//!    `form`, `table`, `ul` and `div` elements;
//! 6. when fewer than `min_chars` characters remain, retry with each of
//!    unlikely-stripping, class weights and conditional cleaning turned off
//!    in turn, and keep the longest result.
//!
//! The tables (patterns, weights, tag scores) are data, in
//! `data/readability.txt`.

use super::tree::{NodeId, Tree};
use super::DROP;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The tables of `data/readability.txt`.
struct Rules {
    unlikely: Regex,
    maybe: Regex,
    unlikely_roles: Vec<String>,
    positive: Regex,
    negative: Regex,
    weight: f64,
    tag_score: HashMap<String, f64>,
    score_tags: Vec<String>,
    div_to_p: Vec<String>,
    share: Regex,
    share_max_chars: usize,
    min_chars: usize,
    tolerance: f64,
}

static RULES: LazyLock<Rules> = LazyLock::new(|| Rules::parse(include_str!("../../../data/readability.txt")));

impl Rules {
    fn parse(data: &str) -> Rules {
        let mut kv: HashMap<&str, &str> = HashMap::new();
        for line in data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some((k, v)) = line.split_once('=') {
                kv.insert(k.trim(), v.trim());
            }
        }
        let get = |k: &str| kv.get(k).copied().unwrap_or("");
        // The file ships with the crate; a pattern that fails to compile is
        // a build defect caught by this module's tests.
        let re = |k: &str| Regex::new(&format!("(?i){}", get(k))).expect("readability.txt pattern compiles");
        let words = |k: &str| get(k).split_whitespace().map(String::from).collect::<Vec<_>>();
        let num = |k: &str| get(k).parse::<f64>().unwrap_or(0.0);
        let tag_score = kv
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("tag_score.")?.to_string(), v.parse::<f64>().ok()?)))
            .collect();
        Rules {
            unlikely: re("unlikely"),
            maybe: re("maybe"),
            unlikely_roles: words("unlikely_roles"),
            positive: re("positive"),
            negative: re("negative"),
            weight: num("weight"),
            tag_score,
            score_tags: words("score_tags"),
            div_to_p: words("div_to_p"),
            share: re("share"),
            share_max_chars: num("share_max_chars") as usize,
            min_chars: num("min_chars") as usize,
            tolerance: num("tolerance"),
        }
    }
}

/// Which of Readability's passes are on.
#[derive(Debug, Clone, Copy)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

/// What to read: the kept subtrees, in document order, and the nodes
/// inside them to skip.
#[derive(Debug)]
pub(crate) struct Selection {
    pub(crate) roots: Vec<NodeId>,
    pub(crate) skip: Vec<bool>,
}

/// Per-node text measures, summed over a node's kept descendants.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    chars: usize,
    commas: usize,
    /// Characters inside links (in-page links count 0.3).
    link_chars: f64,
    p: usize,
    img: usize,
    li: usize,
    input: usize,
    embed: usize,
    /// Characters inside headings.
    heading_chars: usize,
}

/// Finds the main content of a page.
pub(crate) fn select(tree: &Tree, src: &str) -> Selection {
    let passes = [
        Flags { strip_unlikely: true, weight_classes: true, clean_conditionally: true },
        Flags { strip_unlikely: false, weight_classes: true, clean_conditionally: true },
        Flags { strip_unlikely: false, weight_classes: false, clean_conditionally: true },
        Flags { strip_unlikely: false, weight_classes: false, clean_conditionally: false },
    ];
    let texts = text_measures(tree, src);
    let mut best: Option<(usize, Selection)> = None;
    for flags in passes {
        let sel = grab(tree, src, &texts, flags);
        let chars = kept_chars(tree, &texts, &sel);
        if chars >= RULES.min_chars {
            return sel;
        }
        if best.as_ref().is_none_or(|(c, _)| chars > *c) {
            best = Some((chars, sel));
        }
    }
    best.map(|(_, s)| s).unwrap_or_else(|| Selection { roots: vec![0], skip: vec![false; tree.nodes.len()] })
}

/// Characters and commas of each text node, entities decoded and white
/// space collapsed as Readability's `_getInnerText` does.
fn text_measures(tree: &Tree, src: &str) -> Vec<(usize, usize)> {
    (0..tree.nodes.len())
        .map(|n| {
            if n == 0 || !tree.is_text(n) {
                return (0, 0);
            }
            let raw = &src[tree.nodes[n].span.range()];
            let text = super::entities::decode(raw);
            let mut chars = 0;
            let mut space = false;
            for c in text.chars() {
                if c.is_whitespace() {
                    space = true;
                } else {
                    chars += 1 + usize::from(space);
                    space = false;
                }
            }
            let commas =
                text.chars().filter(|c| matches!(c, ',' | '،' | '﹐' | '︐' | '︑' | '⹁' | '⸴' | '⸲' | '，')).count();
            (chars, commas)
        })
        .collect()
}

fn kept_chars(tree: &Tree, texts: &[(usize, usize)], sel: &Selection) -> usize {
    let mut total = 0;
    for &r in &sel.roots {
        let mut todo = vec![r];
        while let Some(n) = todo.pop() {
            if sel.skip[n] {
                continue;
            }
            total += texts[n].0;
            todo.extend(tree.nodes[n].children.iter().copied());
        }
    }
    total
}

fn class_weight(tree: &Tree, n: NodeId, flags: Flags) -> f64 {
    let Some(e) = tree.element(n) else { return 0.0 };
    if !flags.weight_classes {
        return 0.0;
    }
    let mut w = 0.0;
    for key in ["class", "id"] {
        if let Some(v) = e.attr(key).filter(|v| !v.is_empty()) {
            if RULES.negative.is_match(v) {
                w -= RULES.weight;
            }
            if RULES.positive.is_match(v) {
                w += RULES.weight;
            }
        }
    }
    w
}

/// True for elements a reader never sees: dropped tags and hidden ones.
pub(crate) fn is_hidden(tree: &Tree, n: NodeId) -> bool {
    let Some(e) = tree.element(n) else { return false };
    if DROP.contains(&e.name.as_str()) {
        return true;
    }
    if e.attr("hidden").is_some() {
        return true;
    }
    if e.attr("aria-hidden") == Some("true") && !e.has_class("fallback-image") {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// What [`grab`]'s steps share about a page: the tree, its text measures
/// and what the first step found.
struct Page<'t> {
    tree: &'t Tree,
    texts: &'t [(usize, usize)],
    flags: Flags,
    /// Nodes that are never content (step 1).
    skip: Vec<bool>,
    stats: Vec<Stats>,
    blocks_below: Vec<bool>,
    /// Divs standing for the one paragraph they hold.
    transparent: Vec<bool>,
}

impl Page<'_> {
    /// A node's parent, seen through transparent divs.
    fn parent_of(&self, n: NodeId) -> Option<NodeId> {
        let mut p = self.tree.nodes[n].parent;
        while let Some(x) = p.filter(|&x| self.transparent[x]) {
            p = self.tree.nodes[x].parent;
        }
        p
    }

    /// Whether a node counts as a paragraph.
    fn is_p(&self, n: NodeId) -> bool {
        let name = self.tree.name(n);
        name == "p" || self.transparent[n] || (name == "div" && !self.blocks_below[n])
    }
}

fn grab(tree: &Tree, src: &str, texts: &[(usize, usize)], flags: Flags) -> Selection {
    let count = tree.nodes.len();
    // 1. Drop what is never content.
    let skip = never_content(tree, flags);
    let stats = measure(tree, texts, &skip);
    let blocks_below = blocks_below(tree, &skip);
    let transparent = transparent_divs(tree, texts, &skip, &stats);
    let page = Page { tree, texts, flags, skip, stats, blocks_below, transparent };
    // 2. Score paragraphs into their ancestors.
    let mut score = score_paragraphs(&page);
    // 3. Scale by link density; pick the best.
    let body = (1..count).find(|&n| tree.name(n) == "body").unwrap_or(0);
    let roots = match pick_top(&page, &mut score, body) {
        // 4. The best candidate and its qualifying siblings.
        Some(top) => kept_siblings(&page, src, &score, top),
        None => vec![body],
    };
    finish(tree, &page.stats, roots, page.skip, flags)
}

/// Step 1 of [`grab`]: what is never content: hidden nodes, and where
/// `flags` say so, nodes whose class, id or role looks unlikely; a skipped
/// node's descendants are skipped too.
fn never_content(tree: &Tree, flags: Flags) -> Vec<bool> {
    let count = tree.nodes.len();
    let mut skip = vec![false; count];
    let in_table_or_code = under(tree, &["table", "code"]);
    for n in 1..count {
        let parent = tree.nodes[n].parent.unwrap_or(0);
        if skip[parent] {
            skip[n] = true;
            continue;
        }
        let Some(e) = tree.element(n) else { continue };
        if is_hidden(tree, n) {
            skip[n] = true;
            continue;
        }
        if flags.strip_unlikely {
            let ci = e.class_and_id();
            let unlikely = RULES.unlikely.is_match(&ci)
                && !RULES.maybe.is_match(&ci)
                && !matches!(e.name.as_str(), "body" | "a" | "html")
                && !in_table_or_code[n];
            let role = e.attr("role").is_some_and(|r| RULES.unlikely_roles.iter().any(|u| u == r));
            if unlikely || role {
                skip[n] = true;
            }
        }
    }
    skip
}

/// Step of [`grab`]: a div holding one paragraph and nothing else is
/// replaced by it (Readability's `_hasSingleTagInsideElement`): it is no
/// level of its own when scores go up.
fn transparent_divs(tree: &Tree, texts: &[(usize, usize)], skip: &[bool], stats: &[Stats]) -> Vec<bool> {
    (0..tree.nodes.len())
        .map(|n| {
            n != 0 && !skip[n] && tree.name(n) == "div" && link_density(&stats[n]) < 0.25 && {
                let kids: Vec<NodeId> = tree.nodes[n].children.iter().copied().filter(|&c| !skip[c]).collect();
                let elems: Vec<NodeId> = kids.iter().copied().filter(|&c| !tree.is_text(c)).collect();
                elems.len() == 1
                    && tree.name(elems[0]) == "p"
                    && kids.iter().all(|&c| !tree.is_text(c) || texts[c].0 == 0)
            }
        })
        .collect()
}

/// Step 2 of [`grab`]: every paragraph's content score, added to its
/// ancestors ([`add_to_ancestors`]); `None` for nodes never scored.
fn score_paragraphs(page: &Page<'_>) -> Vec<Option<f64>> {
    let Page { tree, texts, stats, skip, blocks_below, transparent, .. } = page;
    let mut score: Vec<Option<f64>> = vec![None; tree.nodes.len()];
    for n in 1..tree.nodes.len() {
        if skip[n] || tree.is_text(n) || transparent[n] {
            continue;
        }
        let name = tree.name(n);
        let scored = RULES.score_tags.iter().any(|t| t == name);
        let (chars, commas, anchor) = if scored || (name == "div" && !blocks_below[n]) {
            (stats[n].chars, stats[n].commas, n)
        } else if name == "div" {
            // A div with blocks inside: its loose inline content is a
            // paragraph of its own (Readability wraps it in a <p>).
            let (c, k) = loose_text(tree, n, texts, stats, skip, blocks_below);
            if c < 25 {
                continue;
            }
            // The phantom paragraph's parent is the div itself.
            add_to_ancestors(page, &mut score, Some(n), 1.0 + k as f64 + (c / 100).min(3) as f64);
            continue;
        } else {
            continue;
        };
        if chars < 25 {
            continue;
        }
        add_to_ancestors(page, &mut score, page.parent_of(anchor), 1.0 + commas as f64 + (chars / 100).min(3) as f64);
    }
    score
}

/// Step of [`score_paragraphs`]: a paragraph's content score goes to its
/// parent (`first`) in full, half to its grandparent, and a third of the
/// level to ancestors up to five levels. An ancestor's score starts from
/// its tag's and its class weight.
fn add_to_ancestors(page: &Page<'_>, score: &mut [Option<f64>], first: Option<NodeId>, content: f64) {
    let mut level = 0;
    let mut a = first;
    while let Some(x) = a.filter(|&x| x != 0 && level < 5) {
        if score[x].is_none() {
            let tag = page.tree.name(x);
            let base = RULES.tag_score.get(tag).copied().unwrap_or(0.0);
            score[x] = Some(base + class_weight(page.tree, x, page.flags));
        }
        let div = match level {
            0 => 1.0,
            1 => 2.0,
            l => l as f64 * 3.0,
        };
        if let Some(s) = score[x].as_mut() {
            *s += content / div;
        }
        level += 1;
        a = page.parent_of(x);
    }
}

/// Step 3 of [`grab`]: scales the scores by link density and picks the best
/// candidate, moved up to an ancestor that runners-up share, to a parent
/// scoring higher, and from an only child to its parent. `None` when the
/// best is the body (or nothing scored).
fn pick_top(page: &Page<'_>, score: &mut [Option<f64>], body: NodeId) -> Option<NodeId> {
    let tree = page.tree;
    let mut cands: Vec<(NodeId, f64)> = Vec::new();
    for (n, s) in score.iter_mut().enumerate() {
        if let Some(s) = s.as_mut() {
            *s *= 1.0 - link_density(&page.stats[n]);
            cands.push((n, *s));
        }
    }
    cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let &(mut top, top_score) = cands.first().filter(|(n, _)| *n != body)?;
    // Runners-up that share an ancestor with the best move it up.
    let alternatives: Vec<NodeId> =
        cands.iter().skip(1).take(4).filter(|(_, s)| *s / top_score >= 0.75).map(|(n, _)| *n).collect();
    if alternatives.len() >= 3 {
        // Each runner-up's ancestors, gathered once: asking `is_within` per
        // level would be quadratic in the page's depth.
        let lines: Vec<std::collections::HashSet<NodeId>> =
            alternatives.iter().map(|&a| std::iter::successors(Some(a), |&c| tree.nodes[c].parent).collect()).collect();
        let mut p = page.parent_of(top);
        while let Some(x) = p.filter(|&x| x != body && x != 0) {
            let shared = lines.iter().filter(|l| l.contains(&x)).count();
            if shared >= 3 {
                top = x;
                break;
            }
            p = page.parent_of(x);
        }
    }
    // A parent scoring higher than the best takes its place.
    let mut last = score[top].unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut p = page.parent_of(top);
    while let Some(x) = p.filter(|&x| x != body && x != 0) {
        if let Some(ps) = score[x] {
            if ps < threshold * RULES.tolerance {
                break;
            }
            if ps > last * RULES.tolerance {
                top = x;
                break;
            }
            last = ps;
        }
        p = page.parent_of(x);
    }
    // An only child stands for its parent.
    while let Some(x) = page.parent_of(top).filter(|&x| x != body && x != 0) {
        let elems = tree.nodes[x].children.iter().filter(|&&c| !tree.is_text(c) && !page.skip[c]).count();
        if elems != 1 {
            break;
        }
        top = x;
    }
    Some(top)
}

/// Step 4 of [`grab`]: the best candidate `top` and its qualifying
/// siblings: those scoring near it (more so with its class), and paragraphs
/// long and with few links, or short, linkless and ending a sentence.
fn kept_siblings(page: &Page<'_>, src: &str, score: &[Option<f64>], top: NodeId) -> Vec<NodeId> {
    let Page { tree, stats, skip, transparent, .. } = page;
    let top_score = score[top].unwrap_or(0.0);
    let mut roots = Vec::new();
    let parent = page.parent_of(top).unwrap_or(0);
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = tree.element(top).and_then(|e| e.attr("class")).unwrap_or("");
    let siblings: Vec<NodeId> = tree.nodes[parent]
        .children
        .iter()
        .flat_map(|&c| if transparent[c] { tree.nodes[c].children.clone() } else { vec![c] })
        .collect();
    for s in siblings {
        if skip[s] || tree.is_text(s) {
            continue;
        }
        let mut append = s == top;
        if !append {
            let class = tree.element(s).and_then(|e| e.attr("class")).unwrap_or("");
            let bonus = if !top_class.is_empty() && class == top_class { top_score * 0.2 } else { 0.0 };
            if let Some(ss) = score[s] {
                append = ss + bonus >= threshold;
            }
            if !append && page.is_p(s) {
                let len = stats[s].chars;
                let ld = link_density(&stats[s]);
                append = (len > 80 && ld < 0.25) || (len < 80 && len > 0 && ld == 0.0 && ends_sentence(tree, src, s));
            }
        }
        if append {
            roots.push(s);
        }
    }
    roots
}

/// Step 5: clean inside the kept roots.
fn finish(tree: &Tree, stats: &[Stats], roots: Vec<NodeId>, mut skip: Vec<bool>, flags: Flags) -> Selection {
    let (in_code, in_figure) = (under(tree, &["code"]), under(tree, &["figure"]));
    for &r in &roots {
        for n in std::iter::once(r).chain(tree.descendants(r)) {
            if skip[n] || tree.is_text(n) {
                continue;
            }
            let parent_skipped = tree.nodes[n].parent.is_some_and(|p| skip[p]) && n != r;
            if parent_skipped {
                skip[n] = true;
                continue;
            }
            let name = tree.name(n);
            let weight = class_weight(tree, n, flags);
            let ci = tree.element(n).map(|e| e.class_and_id()).unwrap_or_default();
            let drop = (n != r && RULES.share.is_match(&ci) && stats[n].chars < RULES.share_max_chars)
                || (matches!(name, "h1" | "h2") && weight < 0.0)
                || (flags.clean_conditionally
                    && matches!(name, "form" | "fieldset" | "table" | "ul" | "div")
                    && !in_code[n]
                    && clean_conditionally(tree, n, &stats[n], weight, in_figure[n]));
            if drop {
                skip[n] = true;
            }
        }
    }
    // Skips below a root mark all their descendants.
    for &r in &roots {
        for n in tree.descendants(r) {
            if tree.nodes[n].parent.is_some_and(|p| skip[p]) {
                skip[n] = true;
            }
        }
    }
    Selection { roots, skip }
}

/// Readability's `_cleanConditionally` test for one element.
fn clean_conditionally(tree: &Tree, n: NodeId, st: &Stats, weight: f64, in_figure: bool) -> bool {
    let name = tree.name(n);
    if name == "table" && is_data_table(tree, n) {
        return false;
    }
    if weight < 0.0 {
        return true;
    }
    if st.commas >= 10 {
        return false;
    }
    let is_list = matches!(name, "ul" | "ol");
    let ld = link_density(st);
    let p = st.p as f64;
    let img = st.img as f64;
    let li = st.li as f64 - 100.0;
    let heading_density = if st.chars == 0 { 0.0 } else { st.heading_chars as f64 / st.chars as f64 };
    (!in_figure && img > 1.0 && p / img < 0.5)
        || (!is_list && li > p)
        || (st.input as f64 > (p / 3.0).floor())
        || (!is_list && !in_figure && heading_density < 0.9 && st.chars < 25 && (st.img == 0 || st.img > 2) && ld > 0.0)
        || (!is_list && weight < 25.0 && ld > 0.2)
        || (weight >= 25.0 && ld > 0.5)
        || ((st.embed == 1 && st.chars < 75) || st.embed > 1)
}

/// A table with a caption, headers or data-like shape is kept.
fn is_data_table(tree: &Tree, n: NodeId) -> bool {
    let Some(e) = tree.element(n) else { return false };
    if e.attr("role") == Some("presentation") || e.attr("datatable") == Some("0") {
        return false;
    }
    if e.attr("summary").is_some() {
        return true;
    }
    let d = tree.descendants(n);
    if d.iter().any(|&c| matches!(tree.name(c), "caption" | "thead" | "tfoot" | "th" | "colgroup" | "col")) {
        return true;
    }
    if d.iter().any(|&c| tree.name(c) == "table") {
        return false;
    }
    let rows: Vec<NodeId> = d.iter().copied().filter(|&c| tree.name(c) == "tr").collect();
    let columns = rows
        .iter()
        .map(|&r| {
            tree.nodes[r]
                .children
                .iter()
                .filter(|&&c| tree.name(c) == "td")
                .map(|&c| {
                    tree.element(c)
                        .and_then(|e| e.attr("colspan"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    if rows.len() <= 1 || columns <= 1 {
        return false;
    }
    rows.len() >= 10 || columns > 4 || rows.len() * columns > 10
}

fn link_density(st: &Stats) -> f64 {
    if st.chars == 0 {
        0.0
    } else {
        (st.link_chars / st.chars as f64).min(1.0)
    }
}

/// Sums text measures bottom-up over nodes not skipped.
fn measure(tree: &Tree, texts: &[(usize, usize)], skip: &[bool]) -> Vec<Stats> {
    let count = tree.nodes.len();
    let mut stats = vec![Stats::default(); count];
    for n in (1..count).rev() {
        if skip[n] {
            stats[n] = Stats::default();
            continue;
        }
        let mut st = stats[n];
        st.chars += texts[n].0;
        st.commas += texts[n].1;
        match tree.name(n) {
            "a" => {
                let weight = if tree.element(n).and_then(|e| e.attr("href")).is_some_and(|h| h.starts_with('#')) {
                    0.3
                } else {
                    1.0
                };
                st.link_chars = st.chars as f64 * weight;
            }
            "p" => st.p += 1,
            "img" => st.img += 1,
            "li" => st.li += 1,
            "input" => st.input += 1,
            "object" | "embed" | "iframe" => st.embed += 1,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => st.heading_chars = st.chars,
            _ => {}
        }
        stats[n] = st;
        if let Some(p) = tree.nodes[n].parent {
            let ps = &mut stats[p];
            ps.chars += st.chars;
            ps.commas += st.commas;
            ps.link_chars += st.link_chars;
            ps.p += st.p;
            ps.img += st.img;
            ps.li += st.li;
            ps.input += st.input;
            ps.embed += st.embed;
            ps.heading_chars += st.heading_chars;
        }
    }
    stats
}

/// For each node, whether one of its ancestors is an element named in
/// `names`: one pass down the tree (parents come before their children),
/// so that asking it of every node stays linear however deep the page nests
/// (a walk up per node took minutes on 200,000 nested divs).
fn under(tree: &Tree, names: &[&str]) -> Vec<bool> {
    let mut out = vec![false; tree.nodes.len()];
    for n in 1..tree.nodes.len() {
        if let Some(p) = tree.nodes[n].parent {
            out[n] = out[p] || names.contains(&tree.name(p));
        }
    }
    out
}

/// For each node, whether a kept block (`div_to_p`) lies below it;
/// computed bottom-up once (children follow their parents in the tree).
fn blocks_below(tree: &Tree, skip: &[bool]) -> Vec<bool> {
    let mut below = vec![false; tree.nodes.len()];
    for n in (1..tree.nodes.len()).rev() {
        if skip[n] {
            continue;
        }
        let is_block = RULES.div_to_p.iter().any(|t| t == tree.name(n));
        if is_block || below[n] {
            if let Some(p) = tree.nodes[n].parent {
                below[p] = true;
            }
        }
    }
    below
}

/// Characters and commas of a div's own text and inline children.
fn loose_text(
    tree: &Tree,
    n: NodeId,
    texts: &[(usize, usize)],
    stats: &[Stats],
    skip: &[bool],
    blocks_below: &[bool],
) -> (usize, usize) {
    let mut chars = 0;
    let mut commas = 0;
    for &c in &tree.nodes[n].children {
        if skip[c] {
            continue;
        }
        if tree.is_text(c) {
            chars += texts[c].0;
            commas += texts[c].1;
        } else if !RULES.div_to_p.iter().any(|t| t == tree.name(c)) && !blocks_below[c] {
            chars += stats[c].chars;
            commas += stats[c].commas;
        }
    }
    (chars, commas)
}

/// Readability's `/\.( |$)/` on a paragraph's text.
fn ends_sentence(tree: &Tree, src: &str, n: NodeId) -> bool {
    let text: String = tree
        .descendants(n)
        .into_iter()
        .filter(|&d| tree.is_text(d))
        .map(|d| super::entities::decode(&src[tree.nodes[d].span.range()]))
        .collect();
    text.contains(". ") || text.trim_end().ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_load() {
        assert!(RULES.positive.is_match("article-body"));
        assert!(RULES.negative.is_match("sidebar"));
        assert_eq!(RULES.tag_score.get("div"), Some(&5.0));
        assert!(RULES.min_chars > 0);
    }
}
