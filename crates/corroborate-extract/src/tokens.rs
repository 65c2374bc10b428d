//! Tokens of a sentence, each with its byte span in the clean text.

use corroborate_doc::Span;
use regex::Regex;
use std::sync::LazyLock;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Digits, with thousands separators or a decimal part: `1,219`, `1.5`.
    Num,
    /// Letters (with inner apostrophes).
    Word,
    /// Digits glued to letters (`4th`, `1990s`, `5km`) or malformed digits.
    Alnum,
    /// Any other single character.
    Punct,
}

/// One token.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    /// What it is.
    pub kind: Kind,
    /// Its span in the clean text.
    pub span: Span,
    /// Its text.
    pub text: &'a str,
    /// Its text in lower case.
    pub lower: String,
    /// True when white space precedes it.
    pub space_before: bool,
    /// The number's value, for `Num` tokens.
    pub value: Option<f64>,
}

impl Token<'_> {
    /// True for a word token equal (ignoring case) to `w`.
    pub fn is(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.lower == w
    }

    /// True for a punctuation token that is one of `chars`.
    pub fn is_punct(&self, chars: &[char]) -> bool {
        self.kind == Kind::Punct && self.text.chars().next().is_some_and(|c| chars.contains(&c))
    }

    /// True when the token starts with an upper-case letter.
    pub fn capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<num>\d+(?:[,.]\d+)*)(?P<glue>\p{L}+)?|(?P<word>\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*)|(?P<p>\S)")
        .expect("token pattern compiles")
});

static THOUSANDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$").expect("compiles"));

/// Splits `text` (which starts at clean offset `base`) into tokens.
pub fn tokenize(text: &str, base: usize) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut last_end = 0;
    for c in TOKEN.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let space_before = m.start() > last_end || m.start() == 0;
        last_end = m.end();
        let (kind, value) = if let Some(n) = c.name("num") {
            if c.name("glue").is_some() || !THOUSANDS.is_match(n.as_str()) {
                (Kind::Alnum, None)
            } else {
                (Kind::Num, n.as_str().replace(',', "").parse::<f64>().ok())
            }
        } else if c.name("word").is_some() {
            (Kind::Word, None)
        } else {
            (Kind::Punct, None)
        };
        let lower = if kind == Kind::Word { m.as_str().to_lowercase() } else { m.as_str().to_string() };
        out.push(Token {
            kind,
            span: Span::new(base + m.start(), base + m.end()),
            text: m.as_str(),
            lower,
            space_before,
            value,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_words_and_glue() {
        let t = tokenize("At least 1,219 rapes; the 4th Corps, 1990s, 1.5 million", 10);
        let kinds: Vec<_> = t.iter().map(|t| (t.text, t.kind)).collect();
        assert!(kinds.contains(&("1,219", Kind::Num)));
        assert!(kinds.contains(&("4th", Kind::Alnum)));
        assert!(kinds.contains(&("1990s", Kind::Alnum)));
        assert!(kinds.contains(&("1.5", Kind::Num)));
        let n = t.iter().find(|t| t.text == "1,219").unwrap();
        assert_eq!(n.value, Some(1219.0));
        assert_eq!(n.span, Span::new(19, 24));
    }
}
