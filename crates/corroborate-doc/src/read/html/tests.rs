//! The HTML reader's cases.

use super::*;
use crate::read::BlockKind;
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
