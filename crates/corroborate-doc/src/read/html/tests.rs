//! The HTML reader's cases.

use super::*;
use crate::read::BlockKind;
use crate::read::Reading;
use crate::Span;

const PAGE: &str = "<!DOCTYPE html><html><head><title>Siege</title><script>var x = 5000;</script></head>\
<body><nav><a href=\"/\">Home 12</a></nav><article><h1>The siege</h1>\
<p>Some 38,000 civilians&nbsp;were killed<sup class=\"reference\">[3]</sup> in the city &amp; around it.</p>\
<h2>Aftermath</h2><p>About &lt;b&gt; 13,000 died.</p></article><footer>(c) 2020</footer></body></html>";

#[test]
fn reads_article_and_keeps_offsets() {
    let r = read(PAGE);
    assert!(r.text.contains("Some 38,000 civilians were killed in the city & around it."), "{}", r.text);
    assert!(!r.text.contains("5000"));
    assert!(!r.text.contains("Home"));
    assert!(!r.text.contains("2020"));
    let i = r.text.find("38,000").unwrap();
    assert_eq!(&PAGE[r.map.map_span(Span::new(i, i + 6)).range()], "38,000");
    let i = r.text.find('&').unwrap();
    assert_eq!(&PAGE[r.map.map_span(Span::new(i, i + 1)).range()], "&amp;");
    assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Title));
    assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Heading(1)));
    assert_eq!(r.markers.len(), 1);
}

/// A paragraph of article prose, long enough to score.
const PROSE: &str = "The commission recorded the testimony of witnesses in three districts, \
and its report, published two years later, counted the victims village by village.";

fn orig<'a>(src: &'a str, r: &Reading, needle: &str) -> &'a str {
    let i = r.text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {:?}", r.text));
    &src[r.map.map_span(Span::new(i, i + needle.len())).range()]
}

#[test]
fn a_teaser_article_does_not_hide_the_real_one() {
    let src = format!(
        "<html><body><article class=\"teaser\"><a href=\"/x\">Read more: floods</a></article>\
<div class=\"story-body\"><p>{PROSE} At least 412 people were killed.</p><p>{PROSE}</p><p>{PROSE}</p>\
<p>{PROSE} Some 1,200 were injured.</p></div><div class=\"sidebar\"><a href=\"/y\">Most read 5</a></div></body></html>"
    );
    let r = read(&src);
    assert!(r.text.contains("At least 412 people were killed."), "{}", r.text);
    assert!(r.text.contains("Some 1,200 were injured."));
    assert!(!r.text.contains("Most read"));
    assert_eq!(orig(&src, &r, "412"), "412");
}

#[test]
fn a_tag_name_in_a_comment_is_not_markup() {
    let src = format!(
        "<html><body><!-- <articleid>77</articleid> <article> --><div><p>{PROSE}</p>\
<p>{PROSE} About 3,000 were displaced.</p></div></body></html>"
    );
    let r = read(&src);
    assert!(r.text.contains("About 3,000 were displaced."), "{}", r.text);
    assert!(!r.text.contains("77"));
}

#[test]
fn attribute_values_are_never_text() {
    // A `-->` and a `>` inside quoted attribute values end nothing.
    let src = "<html prefix=\"dc: http://purl.org/dc/terms/\" about=\"x\"><body>\
<p data-mw='{\"parts\":[{\"template\":{\"params\":{\"1\":{\"wt\":\"-->500 killed\"}}}}]}' title=\"a > 9 b\">\
Some 40 were detained.</p><span typeof=\"mw:Transclusion\" data-mw='{\"wt\":\"<!-- 66 -->\"}'></span></body></html>";
    let r = read(src);
    assert!(r.text.contains("Some 40 were detained."), "{}", r.text);
    for bad in ["500", "66", "9", "parts", "wt"] {
        assert!(!r.text.contains(bad), "{bad} read from an attribute: {}", r.text);
    }
    assert_eq!(orig(src, &r, "40"), "40");
}

#[test]
fn entities_decode_and_map_to_their_bytes() {
    let src = "<html><body><p>Between 30&nbsp;and&#160;166 victims &ndash; &ldquo;civilians&rdquo; &amp; soldiers &#x2014; 7&#8239;000 in all.</p></body></html>";
    let r = read(src);
    assert!(r.text.contains("Between 30 and 166 victims – “civilians” & soldiers — 7 000 in all."), "{}", r.text);
    assert_eq!(orig(src, &r, "&"), "&amp;");
    assert_eq!(orig(src, &r, "166"), "166");
    assert_eq!(orig(src, &r, "–"), "&ndash;");
}

#[test]
fn double_br_breaks_paragraphs_single_br_is_a_space() {
    let src = "<html><body><div>First line<br>same paragraph.<br><br>Second paragraph of 25 words.</div></body></html>";
    let r = read(src);
    assert!(r.text.contains("First line same paragraph."), "{}", r.text);
    let paras: Vec<&str> =
        r.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).map(|b| &r.text[b.span.range()]).collect();
    assert_eq!(paras, ["First line same paragraph.", "Second paragraph of 25 words."]);
}

#[test]
fn scripts_styles_and_hidden_elements_are_dropped() {
    let src = format!(
        "<html><head><style>p {{ width: 300px }}</style></head><body><div class=\"article-body\">\
<script>var killed = 9000; if (a < b) {{ x = \"</p>\"; }}</script><p>{PROSE}</p>\
<p style=\"display: none\">Hidden 55.</p><noscript>Enable 12</noscript><p>{PROSE} 17 were wounded.</p></div></body></html>"
    );
    let r = read(&src);
    assert!(r.text.contains("17 were wounded."), "{}", r.text);
    for bad in ["9000", "300px", "55", "Enable"] {
        assert!(!r.text.contains(bad), "{bad} in {}", r.text);
    }
}

#[test]
fn wikipedia_infobox_rows_are_fields_and_references_markers() {
    let src = "<!DOCTYPE html><html prefix=\"mw: http://mediawiki.org/rdf/\" about=\"http://x/wiki/Special:Redirect/revision/1\">\
<head><title>Siege of X</title></head><body><div role=\"note\" class=\"hatnote\">For the film, see 1999.</div>\
<table class=\"infobox\"><caption>Siege of X</caption><tr><th>Casualties and losses</th><td>6,824 killed</td></tr></table>\
<p>The siege lasted 44 days.<sup class=\"mw-ref reference\" id=\"cite_ref-1\"><a href=\"#cite_note-1\">\
<span class=\"mw-reflink-text\">[1]</span></a></sup> About 2,000 fled.</p>\
<div class=\"navbox\">Wars 1900 2000</div>\
<ol class=\"mw-references references\"><li id=\"cite_note-1\">Smith 2001, p. 5.</li></ol></body></html>";
    let r = read(src);
    assert!(!r.text.contains("1999"), "{}", r.text);
    assert!(!r.text.contains("Wars"));
    assert!(r.text.contains("Siege of X\n\nCasualties and losses\n\n6,824 killed"), "{}", r.text);
    assert!(r.text.contains("The siege lasted 44 days. About 2,000 fled."), "{}", r.text);
    assert_eq!(r.fields.len(), 1);
    assert_eq!(&r.text[r.fields[0].label.range()], "Casualties and losses");
    assert_eq!(&r.text[r.fields[0].value.range()], "6,824 killed");
    assert!(r.blocks.iter().any(|b| b.kind == BlockKind::Paragraph && b.span == r.fields[0].value));
    assert_eq!(r.markers.len(), 1);
    assert_eq!(r.markers[0].label, "1");
    assert!(src[r.markers[0].orig.range()].starts_with("<sup"));
    let refs: Vec<&str> =
        r.blocks.iter().filter(|b| b.kind == BlockKind::Apparatus).map(|b| &r.text[b.span.range()]).collect();
    assert_eq!(refs, ["Smith 2001, p. 5."]);
}
