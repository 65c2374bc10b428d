//! For random inputs of each format, the offset map is monotonic and every
//! mapped range lies inside the original bytes; copied text maps back to
//! the same bytes.

use corroborate_doc::{Document, Format, FormatHint, Span};
use proptest::prelude::*;

fn check(doc: &Document) -> Result<(), TestCaseError> {
    let n = doc.bytes.len();
    let mut last = 0;
    for c in 0..=doc.text.len() {
        let o = doc.map.map_start(c);
        prop_assert!(o >= last, "map_start not monotonic at {}", c);
        prop_assert!(o <= n);
        last = o;
    }
    let mut last_end = 0;
    for c in 0..=doc.text.len() {
        let o = doc.map.map_end(c);
        prop_assert!(o >= last_end, "map_end not monotonic at {}", c);
        prop_assert!(o <= n);
        last_end = o;
    }
    for s in &doc.sentences {
        let o = doc.orig_span(s.span);
        prop_assert!(o.start <= o.end && o.end <= n);
    }
    // Every digit of the clean text maps to the same digit in the original
    // (digits are never produced by markup or decoding).
    for (i, ch) in doc.text.char_indices() {
        if ch.is_ascii_digit() {
            let o = doc.orig_span(Span::new(i, i + 1));
            if o.len() == 1 {
                prop_assert_eq!(doc.bytes[o.start], ch as u8);
            }
        }
    }
    for c in &doc.citations {
        prop_assert!(c.orig.end <= n);
    }
    Ok(())
}

fn pieces(alphabet: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(alphabet).prop_map(|s| s.as_bytes().to_vec()),
            1 => proptest::collection::vec(any::<u8>(), 1..4),
        ],
        1..60,
    )
    .prop_map(|v| v.concat())
}

const TEXT: &[&str] = &[
    "Some ",
    "1,219",
    " rapes",
    ".",
    "[1]",
    "[citation needed]",
    "\n",
    "\n\n",
    "  1. ^ a b ",
    "Heading",
    "é",
    "–",
    "between 30 and 166",
    "\r\n",
    " ",
];
const WIKI: &[&str] = &[
    "= T =\n",
    "== S ==\n",
    "'''",
    "''",
    "[[A|b]]",
    "[[C]]",
    "{{cn}}",
    "{{a|{{b}}}}",
    "<ref>x</ref>",
    "<ref name=\"a\" />",
    "<!-- c -->",
    "{|\n|a\n|-\n|b\n|}",
    "* item\n",
    "&nbsp;",
    "1,204",
    " cases",
    "\n\n",
    "[http://x y]",
    "<br/>",
    "}}",
    "]]",
];
const HTML: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<script>1</script>",
    "<style>p{}</style>",
    "&amp;",
    "&#x41;",
    "&#65;",
    "&nbsp;",
    "<!-- 9 -->",
    "<h2>",
    "</h2>",
    "<article>",
    "</article>",
    "<nav>7</nav>",
    "<br>",
    "<sup class=\"reference\">[3]</sup>",
    "38,000",
    " civilians",
    "<",
    ">",
    "&",
    "<title>T</title>",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn text_offsets(bytes in pieces(TEXT)) {
        if let Ok(d) = Document::read("p.txt", bytes, FormatHint::Is(Format::Text)) { check(&d)?; }
    }

    #[test]
    fn wikitext_offsets(bytes in pieces(WIKI)) {
        if let Ok(d) = Document::read("p.wiki", bytes, FormatHint::Is(Format::Wikitext)) { check(&d)?; }
    }

    #[test]
    fn html_offsets(bytes in pieces(HTML)) {
        if let Ok(d) = Document::read("p.html", bytes, FormatHint::Is(Format::Html)) { check(&d)?; }
    }

    #[test]
    fn any_bytes_any_reader(bytes in proptest::collection::vec(any::<u8>(), 0..300), f in 0..3usize) {
        let format = [Format::Text, Format::Wikitext, Format::Html][f];
        if let Ok(d) = Document::read("p", bytes, FormatHint::Is(format)) { check(&d)?; }
    }
}

#[test]
fn wikitext_fallback_keeps_offsets_on_seed_like_input() {
    let src = "= T =\n\nThere were 1,219 rapes.<ref>a</ref> {{cn}} In [[Serbia|the country]].\n";
    let d = Document::read("a.wiki", src.as_bytes().to_vec(), FormatHint::Is(Format::Wikitext)).unwrap();
    let i = d.text.find("1,219").unwrap();
    assert_eq!(&src[d.orig_span(Span::new(i, i + 5)).range()], "1,219");
}
