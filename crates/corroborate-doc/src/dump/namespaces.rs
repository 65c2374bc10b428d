//! A page's namespace when its dump does not say it.
//!
//! Dumps since export-0.5 give every page an `<ns>`; older ones (export-0.4
//! and before) give only the prefixed title, `Talk:Pilsbury Block`. MediaWiki
//! itself splits such a title at its first `:` and looks the prefix up among
//! the wiki's namespace names, case-insensitively and with `_` read as a
//! space; a prefix that names no namespace belongs to the title of an
//! article (`Star Wars: Episode I`). The names come from the dump's own
//! `<siteinfo><namespaces>` (so a Bulgarian dump's `Беседа:` is a talk page)
//! or, for a dump without one, from MediaWiki's canonical English names in
//! `data/namespaces.tsv`.

use std::collections::HashMap;

/// The canonical names: key, tab, name, one a line.
const CANONICAL: &str = include_str!("../../data/namespaces.tsv");

/// Namespace names and their keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Namespaces {
    by_name: HashMap<String, i64>,
}

impl Namespaces {
    /// MediaWiki's canonical English names (the data file).
    pub(crate) fn canonical() -> Namespaces {
        let mut ns = Namespaces::default();
        for line in CANONICAL.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((key, name)) = line.split_once('\t') {
                if let Ok(key) = key.trim().parse() {
                    ns.add(key, name);
                }
            }
        }
        ns
    }

    /// True when no name has been added.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Adds a name (the main namespace's empty name is ignored).
    pub(crate) fn add(&mut self, key: i64, name: &str) {
        let name = fold(name);
        if !name.is_empty() {
            self.by_name.insert(name, key);
        }
    }

    /// The namespace of a prefixed title: its prefix's key, or 0 (articles)
    /// when the title has no prefix or the prefix names no namespace.
    pub(crate) fn of_title(&self, title: &str) -> i64 {
        title.split_once(':').and_then(|(prefix, _)| self.by_name.get(&fold(prefix)).copied()).unwrap_or(0)
    }
}

/// A name as MediaWiki compares it: `_` as space, runs of spaces as one,
/// trimmed, lower case.
fn fold(name: &str) -> String {
    name.replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names_give_the_namespace_of_a_prefixed_title() {
        let ns = Namespaces::canonical();
        assert_eq!(ns.of_title("Talk:Pilsbury Block"), 1);
        assert_eq!(ns.of_title("User talk:Someone"), 3);
        assert_eq!(ns.of_title("user_talk:Someone"), 3);
        assert_eq!(ns.of_title("Module talk:Citation/CS1"), 829);
        assert_eq!(ns.of_title("Category:Massacres"), 14);
    }

    #[test]
    fn a_prefix_that_names_no_namespace_is_part_of_an_article_title() {
        let ns = Namespaces::canonical();
        assert_eq!(ns.of_title("Star Wars: Episode I"), 0);
        assert_eq!(ns.of_title("Plain title"), 0);
        assert_eq!(ns.of_title(":Talk"), 0);
    }

    #[test]
    fn site_names_are_matched_whatever_the_script() {
        let mut ns = Namespaces::default();
        ns.add(0, "");
        ns.add(1, "Беседа");
        ns.add(101, "Портал беседа");
        assert_eq!(ns.of_title("Беседа:Град"), 1);
        assert_eq!(ns.of_title("беседа:Град"), 1);
        assert_eq!(ns.of_title("Портал_беседа:Град"), 101);
        assert_eq!(ns.of_title("Talk:Град"), 0, "only the site's own names when it lists them");
    }
}
