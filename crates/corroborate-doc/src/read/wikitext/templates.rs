//! Templates that stand for text: `{{ndash}}` is a dash, `{{convert|5|km}}`
//! is "5 km", `{{flag|Serbia}}` is "Serbia". The table is data
//! (`data/templates.tsv`, read once): each template name maps to a
//! rendering, a short list of [`Piece`]s (literal text and parameter
//! references) that the walker writes out in order. Templates not in the
//! table write nothing.

use std::collections::HashMap;
use std::sync::LazyLock;

/// The table as shipped.
const TABLE: &str = include_str!("../../../data/templates.tsv");

/// One piece of a template's rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Literal text, mapped to the template's own bytes.
    Literal(String),
    /// Positional parameter `n` (1-based), read as wikitext.
    Positional(usize),
    /// A parser function's argument: the name after its ':'.
    Argument,
    /// Every positional parameter, separated by "; ".
    AllPositional,
    /// The named parameters that are present, separated by ". ".
    Named(Vec<String>),
    /// `{{convert}}`'s value (or range) and unit.
    Convert,
}

/// Template name (normalised) → rendering; an empty rendering drops it.
static TEMPLATES: LazyLock<HashMap<String, Vec<Piece>>> = LazyLock::new(|| parse_table(TABLE));

/// Normalises a template name as the table spells it: trimmed, lower
/// case, underscores and runs of white space read as one space.
pub(crate) fn normalise(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('_', " ");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rendering of the template called `name` (as written), if the table
/// has one. A parser function (`formatnum:1234`) is found by its prefix.
pub(crate) fn rendering(name: &str) -> Option<&'static [Piece]> {
    let key = normalise(name);
    if let Some(r) = TEMPLATES.get(&key) {
        return Some(r);
    }
    let (prefix, _) = key.split_once(':')?;
    TEMPLATES.get(&format!("{prefix}:")).map(Vec::as_slice)
}

fn parse_table(table: &str) -> HashMap<String, Vec<Piece>> {
    let mut map = HashMap::new();
    for line in table.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (name, rendering) = line.split_once('\t').unwrap_or((line, ""));
        map.insert(normalise(name), parse_rendering(rendering));
    }
    map
}

/// Parses one rendering: `$1`…`$9`, `$0`, `$*`, `${a,b}`, `$convert`,
/// `\s`, and literal text.
fn parse_rendering(s: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let mut token = None;
        let mut used = c.len_utf8();
        if let Some(r) = rest.strip_prefix("\\s") {
            lit.push(' ');
            rest = r;
            continue;
        }
        if c == '$' {
            let after = &rest[1..];
            if let Some(r) = after.strip_prefix("convert") {
                token = Some(Piece::Convert);
                used = rest.len() - r.len();
            } else if let Some(r) = after.strip_prefix('*') {
                token = Some(Piece::AllPositional);
                used = rest.len() - r.len();
            } else if let Some(inner) = after.strip_prefix('{').and_then(|r| r.split_once('}')) {
                let names = inner.0.split(',').map(normalise).collect();
                token = Some(Piece::Named(names));
                used = 1 + 1 + inner.0.len() + 1;
            } else if let Some(d) = after.chars().next().and_then(|d| d.to_digit(10)) {
                token = Some(if d == 0 { Piece::Argument } else { Piece::Positional(d as usize) });
                used = 2;
            }
        }
        match token {
            Some(t) => {
                if !lit.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut lit)));
                }
                pieces.push(t);
            }
            None => lit.push(c),
        }
        rest = &rest[used..];
    }
    if !lit.is_empty() {
        pieces.push(Piece::Literal(lit));
    }
    pieces
}

/// True for the positional parameters of `{{convert}}` that belong to the
/// figure: numbers and the words that join a range ("to", "-", "and").
pub(crate) fn is_convert_figure(arg: &str) -> bool {
    let a = arg.trim();
    !a.is_empty()
        && (a.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '/' | '-' | '+' | '−'))
            && a.chars().any(|c| c.is_ascii_digit())
            || matches!(a, "-" | "–" | "to" | "and" | "or" | "by" | "x" | "×" | "+/-" | "±" | "to(-)" | "and(-)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_loads_each_class() {
        assert_eq!(rendering("ndash"), Some(&[Piece::Literal("–".into())][..]));
        assert_eq!(rendering("Snd"), Some(&[Piece::Literal(" – ".into())][..]));
        assert_eq!(rendering("circa"), Some(&[Piece::Literal("c. ".into()), Piece::Positional(1)][..]));
        assert_eq!(rendering("formatnum:1,234"), Some(&[Piece::Argument][..]));
        assert_eq!(rendering("convert"), Some(&[Piece::Convert][..]));
        assert_eq!(rendering("cite_web"), Some(&[Piece::Named(vec!["title".into(), "quote".into()])][..]));
        assert_eq!(rendering("coord"), Some(&[][..]));
        assert_eq!(rendering("no such template"), None);
    }

    #[test]
    fn convert_figures_are_numbers_and_range_words() {
        assert!(is_convert_figure("1,500"));
        assert!(is_convert_figure("to"));
        assert!(!is_convert_figure("km"));
        assert!(!is_convert_figure("abbr=on"));
    }
}
