//! Tokens of a sentence, each with its byte span in the clean text.

use corroborate_doc::Span;
use regex::Regex;
use std::borrow::Cow;
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
    /// Its text in lower case (borrowed when it already is).
    pub lower: Cow<'a, str>,
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

static THOUSANDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$").expect("compiles"));

/// Splits `text` (which starts at clean offset `base`) into tokens.
///
/// A hand-written scanner rather than a regex with named groups: four
/// states (number, word, punctuation, space) over characters, so that
/// tokenizing costs one pass and no capture bookkeeping.
pub fn tokenize(text: &str, base: usize) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut last_end = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else { break };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let (kind, value) = if c.is_ascii_digit() {
            // Digits, with separators followed by digits: "1,219", "1.5".
            while i < bytes.len() {
                let separator =
                    (bytes[i] == b',' || bytes[i] == b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !(bytes[i].is_ascii_digit() || separator) {
                    break;
                }
                i += 1;
            }
            let num_end = i;
            // Letters glued on: "4th", "1990s", "5km".
            let glued = text[i..].chars().next().is_some_and(char::is_alphabetic);
            while let Some(g) = text[i..].chars().next().filter(|g| g.is_alphabetic()) {
                i += g.len_utf8();
            }
            let digits = &text[start..num_end];
            if glued || !THOUSANDS.is_match(digits) {
                (Kind::Alnum, None)
            } else {
                (Kind::Num, digits.replace(',', "").parse::<f64>().ok())
            }
        } else if c.is_alphabetic() {
            // Letters and marks, with inner apostrophes: "Đilas", "country's".
            let mut chars = text[i..].char_indices().peekable();
            let mut end = i;
            while let Some((k, ch)) = chars.next() {
                let apostrophe = (ch == '\'' || ch == '’') && chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
                if !(ch.is_alphabetic() || is_mark(ch) || apostrophe) {
                    break;
                }
                end = i + k + ch.len_utf8();
            }
            i = end;
            (Kind::Word, None)
        } else {
            i += c.len_utf8();
            (Kind::Punct, None)
        };
        let t = &text[start..i];
        let lower = if kind == Kind::Word && t.chars().any(char::is_uppercase) {
            Cow::Owned(t.to_lowercase())
        } else {
            Cow::Borrowed(t)
        };
        out.push(Token {
            kind,
            span: Span::new(base + start, base + i),
            text: t,
            lower,
            space_before: start > last_end || start == 0,
            value,
        });
        last_end = i;
    }
    out
}

/// Combining marks (accents written as separate code points).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
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
