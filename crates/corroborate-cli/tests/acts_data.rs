//! Adding an act touches one data file: the extractor's act file
//! (`corroborate-extract/data/acts.tsv`). This test copies it into a temp
//! folder, adds an act there (its declaration with page colours and a word
//! form), reads the copy, and sees the new act reach the extractor's
//! lexicon, the store's validation of reviews and the page style.

mod common;

use corroborate_extract::acts::Acts;
use corroborate_store::validate::{allowed_in, check_value_in};
use std::path::PathBuf;

fn act_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corroborate-extract/data/acts.tsv")
}

#[test]
fn an_act_added_to_a_copy_of_the_act_file_reaches_the_validator_and_the_page_style() {
    let dir = common::temp_dir("acts_data");
    let copy = dir.join("acts.tsv");
    std::fs::copy(act_file(), &copy).expect("copy the act file");
    let mut text = std::fs::read_to_string(&copy).expect("read the copy");
    // A fresh act: its declaration (any row order works) and one stem.
    text.push_str("act\tabandoned\t#fafafa\t#123abc\nabandon*\tabandoned\tevent\n");
    std::fs::write(&copy, &text).expect("write the copy");

    let edited = std::fs::read_to_string(&copy).expect("read the edited copy");
    let acts = Acts::parse(&edited).expect("the edited copy reads");
    let shipped = corroborate_extract::acts::acts();
    assert!(!shipped.names().contains(&"abandoned"), "the test's act must be new");

    // The extractor's lexicon.
    assert_eq!(acts.act_of("abandoned"), Some("abandoned"));
    assert_eq!(acts.names().last(), Some(&"abandoned"));

    // The validator: accepted with the edited file, refused with the shipped one.
    assert!(allowed_in(&acts, "act").contains(&"abandoned"));
    assert!(check_value_in(&acts, "act", Some("abandoned")).is_ok());
    assert!(check_value_in(shipped, "act", Some("abandoned")).is_err());
    assert!(check_value_in(&acts, "act", Some("killed")).is_ok(), "the other acts stay");

    // The page style: a rule for the new act's class, in its colours.
    let css = corroborate_web::with_acts(&acts);
    let class = corroborate_web::act_class(Some("abandoned"));
    assert!(
        css.contains(&format!(".{class} {{ background: #fafafa !important; border-color: #123abc !important; }}")),
        "no rule for {class} in the style built from the edited act file"
    );
    assert!(!corroborate_web::STYLE.contains(&format!(".{class} ")));
}
