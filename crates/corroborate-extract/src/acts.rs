//! The acts (CLAIMS.md §4) from their one data file, `data/acts.tsv`.
//!
//! Adding an act touches that file and nothing else. It holds two kinds of
//! row:
//!
//! - `act NAME BACKGROUND BORDER` declares an act of the closed set, in the
//!   order listings give them, with the colours the pages mark its claims
//!   with (`-` for none: the default mark);
//! - `FORM ACT STRENGTH` is a word form (a stem when it ends in `*`) that
//!   names the act, and how strongly (`event`, `person`, `weak`; see
//!   `context::act`).
//!
//! Everyone reads the acts from here: the extractor's act lexicon, the
//! store's validation of reviews and the CLI's `--act` filter (through
//! [`acts`]), and the page style, whose act colours are built from
//! [`Acts::colours`] when the server starts. [`Acts::parse`] reads any text
//! of that form, so a test can feed it an edited copy of the file and see
//! the new act reach each of them.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// The first column of a row declaring an act.
const DECLARE: &str = "act";

/// How strongly a word names an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// A generic noun ("men", "units"): an act only when nothing else is.
    Weak,
    /// A noun for who or what is counted that implies an act.
    Person,
    /// A verb or event noun.
    Event,
}

/// A row of the act file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line} of the act file: {reason}")]
pub struct ActsError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// The colours an act's claims are marked with on the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour<'a> {
    /// The mark's background (a CSS colour).
    pub background: &'a str,
    /// The mark's border (a CSS colour).
    pub border: &'a str,
}

/// The acts and the words that name them, as read from an act file.
#[derive(Debug, Clone)]
pub struct Acts<'a> {
    declared: Vec<(&'a str, Option<Colour<'a>>)>,
    exact: FxHashMap<&'a str, (&'a str, Strength)>,
    /// Stems, longest first, so the most specific one wins.
    stems: Vec<(&'a str, &'a str, Strength)>,
}

impl<'a> Acts<'a> {
    /// Reads an act file (the form of `data/acts.tsv`). Every act a word
    /// names must be declared, each act once.
    pub fn parse(text: &'a str) -> Result<Acts<'a>, ActsError> {
        let mut acts = Acts { declared: Vec::new(), exact: FxHashMap::default(), stems: Vec::new() };
        let mut forms = Vec::new();
        for (i, l) in text.lines().enumerate() {
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let line = i + 1;
            let r: Vec<&str> = l.split('\t').map(str::trim).collect();
            let bad = |reason: String| ActsError { line, reason };
            match r.as_slice() {
                [DECLARE, name, background, border] => {
                    if acts.declared.iter().any(|(a, _)| a == name) {
                        return Err(bad(format!("act {name:?} is declared twice")));
                    }
                    acts.declared.push((name, colour(background, border).map_err(bad)?));
                }
                [DECLARE, ..] => return Err(bad("an act row is: act, name, background, border".into())),
                [form, act, strength] => forms.push((line, *form, *act, parse_strength(strength).map_err(bad)?)),
                _ => return Err(bad(format!("expected 3 columns (form, act, strength), found {}", r.len()))),
            }
        }
        for (line, form, act, strength) in forms {
            let Some(&(act, _)) = acts.declared.iter().find(|(a, _)| *a == act) else {
                return Err(ActsError { line, reason: format!("{form:?} names {act:?}, which no act row declares") });
            };
            match form.strip_suffix('*') {
                Some(stem) => acts.stems.push((stem, act, strength)),
                None => {
                    acts.exact.insert(form, (act, strength));
                }
            }
        }
        acts.stems.sort_by_key(|(s, _, _)| std::cmp::Reverse(s.len()));
        Ok(acts)
    }

    /// The acts, in the order the file declares them.
    pub fn names(&self) -> Vec<&'a str> {
        self.declared.iter().map(|(a, _)| *a).collect()
    }

    /// Each act that has page colours, with them, in the file's order.
    pub fn colours(&self) -> impl Iterator<Item = (&'a str, Colour<'a>)> + '_ {
        self.declared.iter().filter_map(|&(a, c)| c.map(|c| (a, c)))
    }

    /// The act a lower-cased word names, if any ("deported" → `deported`).
    pub fn act_of(&self, word: &str) -> Option<&'a str> {
        self.lookup(word).map(|(a, _)| a)
    }

    /// The act a lower-cased word names and how strongly: an exact form,
    /// else the longest stem it starts with.
    pub(crate) fn lookup(&self, word: &str) -> Option<(&'a str, Strength)> {
        if let Some(&hit) = self.exact.get(word) {
            return Some(hit);
        }
        self.stems.iter().find(|(s, _, _)| word.starts_with(s)).map(|&(_, a, st)| (a, st))
    }
}

fn parse_strength(s: &str) -> Result<Strength, String> {
    match s {
        "event" => Ok(Strength::Event),
        "person" => Ok(Strength::Person),
        "weak" => Ok(Strength::Weak),
        _ => Err(format!("strength {s:?} is not event, person or weak")),
    }
}

fn colour<'a>(background: &'a str, border: &'a str) -> Result<Option<Colour<'a>>, String> {
    // Colours go into a style sheet: only `#` and hex digits, so a value
    // can never close the rule it sits in.
    let css = |c: &str| c.len() > 1 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    match (background, border) {
        ("-", "-") => Ok(None),
        (b, r) if css(b) && css(r) => Ok(Some(Colour { background: b, border: r })),
        _ => Err(format!("colours are #hex or both \"-\", not {background:?} and {border:?}")),
    }
}

static ACTS: LazyLock<Acts<'static>> = LazyLock::new(|| {
    // The file is part of the crate, not input; a unit test parses it.
    Acts::parse(include_str!("../data/acts.tsv")).unwrap_or_else(|e| panic!("data/acts.tsv: {e}"))
});

/// The acts of `data/acts.tsv`, the crate's own act file.
pub fn acts() -> &'static Acts<'static> {
    &ACTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_act_file_reads() {
        let a = Acts::parse(include_str!("../data/acts.tsv")).expect("data/acts.tsv reads");
        assert_eq!(a.names().first(), Some(&"killed"));
        assert!(a.names().contains(&"other"));
        assert_eq!(a.act_of("deportations"), Some("deported"));
        assert_eq!(a.colours().next().map(|(a, _)| a), Some("killed"));
    }

    #[test]
    fn a_form_of_an_undeclared_act_is_refused() {
        let e = Acts::parse("act\tkilled\t-\t-\nflay*\tflayed\tevent\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("\"flayed\""), "{e}");
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        for bad in [
            "act\tkilled\t-\t-\nact\tkilled\t-\t-\n",
            "act\tkilled\t#fff\n",
            "act\tkilled\tred\t#000\n",
            "act\tkilled\t#fff;}\t#000\n",
            "act\tkilled\t-\t-\nkill*\tkilled\tstrong\n",
            "act\tkilled\t-\t-\nkill*\tkilled\n",
        ] {
            assert!(Acts::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_longest_stem_wins() {
        let a = Acts::parse("act\tkilled\t-\t-\nact\tdied\t-\t-\nkill*\tkilled\tevent\nkilled*\tdied\tevent\n")
            .expect("reads");
        assert_eq!(a.act_of("killedness"), Some("died"));
        assert_eq!(a.act_of("kills"), Some("killed"));
        assert_eq!(a.act_of("dies"), None);
    }
}
