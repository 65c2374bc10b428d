//! The style sheet: `static/app.css` with the act colours put in.
//!
//! The colours an act's claims are marked with live beside the act in the
//! extractor's act file (`corroborate-extract/data/acts.tsv`), so adding an
//! act touches that file alone. Each act with colours becomes one rule
//! (`.act-killed { … }`, the class [`crate::views::act_class`] gives a
//! mark), put where `app.css` holds the marker comment, so it keeps its
//! place in the cascade. [`crate::STYLE`] builds it once, at first use.

use corroborate_extract::acts::Acts;
use std::fmt::Write;

/// The style sheet as written, marker included.
const BASE: &str = include_str!("../static/app.css");
/// The line of `app.css` the act rules replace.
const MARKER: &str =
    "/* act colours: built from corroborate-extract/data/acts.tsv when the server starts (src/style.rs) */\n";

/// The style sheet with a rule for each act of `acts` that has colours.
pub fn with_acts(acts: &Acts<'_>) -> String {
    let mut rules = String::new();
    for (act, c) in acts.colours() {
        // Act names are class names: the same filter as `act_class`.
        let class = crate::views::act_class(Some(act));
        let _ = writeln!(
            rules,
            ".{class} {{ background: {} !important; border-color: {} !important; }}",
            c.background, c.border
        );
    }
    BASE.replacen(MARKER, &rules, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_in_the_style_sheet() {
        assert_eq!(BASE.matches(MARKER).count(), 1);
    }

    #[test]
    fn each_coloured_act_gets_a_rule() {
        let css = with_acts(corroborate_extract::acts::acts());
        assert!(!css.contains(MARKER));
        assert!(css.contains(".act-killed { background: #f9dedc !important; border-color: #c5221f !important; }"));
        assert!(css.contains(".act-detained {"));
    }

    /// Issue 16: every act of CLAIMS.md §4 has its own colours on the page,
    /// no two alike (six acts once shared one colour).
    #[test]
    fn every_act_has_colours_of_its_own() {
        let acts = corroborate_extract::acts::acts();
        let colours: Vec<(&str, (&str, &str))> = acts.colours().map(|(a, c)| (a, (c.background, c.border))).collect();
        assert_eq!(colours.len(), acts.names().len(), "an act without colours: {colours:?}");
        let distinct: std::collections::BTreeSet<_> = colours.iter().map(|(_, c)| c).collect();
        assert_eq!(distinct.len(), colours.len(), "two acts share colours: {colours:?}");
        let css = with_acts(acts);
        for (act, _) in &colours {
            assert!(css.contains(&format!(".act-{act} {{")), "{act}");
        }
    }
}
