//! Time expressions: the years of the counted events, from the text alone.
//!
//! ```text
//! span   := ("between" | "from") season? YEAR ("and" | "to" | "until") season? YEAR
//!         | YEAR dash (YEAR | YY)                      "1939–41", "1940−1953"
//!         | season? YEAR ("and" | "or" | "to") season? YEAR   "late 1944 and early 1945"
//! single := YEAR                                       "in 1941", "19–20 January 1990"
//! ```
//!
//! A year that dates a source rather than the events ("a study published
//! in 1989", "a 1974 German government study") is not taken.

use regex::Regex;
use std::sync::LazyLock;

/// A time expression: its byte range in the scanned text and its years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    /// Byte offset in the scanned text.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// First year; `None` where open.
    pub from: Option<i32>,
    /// Last year; `None` where open.
    pub to: Option<i32>,
    /// Written "until YEAR": the start lies before, in the context.
    pub until: bool,
}

const Y: &str = r"(1[1-9]\d\d|20\d\d)";
const SEASON: &str =
    r"(?:(?:early|late|mid|mid-|the\s+(?:spring|summer|autumn|fall|winter|end|beginning|start)\s+of)\s+)?";

static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    let pat = format!(
        r"(?i:between|from)\s+{SEASON}{Y}\s+(?i:and|to|until|till|through)\s+{SEASON}{Y}|{Y}\s*[-–−/]\s*(\d{{4}}|\d\d)(?-u:\b)|{Y}\s+(?i:and|or|to|until|through)\s+{SEASON}{Y}|{Y}"
    );
    Regex::new(&pat).expect("year pattern compiles")
});

static SOURCE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:[A-Z][\p{L}]+\s+){0,3}(?:government\s+)?(?:study|studies|report|book|census|survey|article|paper|memoir|memoirs|edition|interview|estimate|estimates|publication|documentary|film|thesis|dissertation|monograph|review|population|figures|levels|borders|frontiers)(?-u:\b)")
        .expect("compiles")
});
static SOURCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:published|written|wrote|released|issued|printed|appeared|edited|retrieved|Retrieved|archived|filmed|reprinted|dated)(?-u:\b)[^.;]{0,30}?(?-u:\b)(?:in|on)?\s*$")
        .expect("compiles")
});

fn year(s: &str) -> Option<i32> {
    s.parse().ok()
}

/// Every time expression in `text`, in order.
pub fn find(text: &str) -> Vec<Years> {
    let mut out = Vec::new();
    for c in SPAN.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        // Not part of a longer number ("1,944", "19440") or a decade ("1990s").
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '$')
            || after.is_some_and(|c| c.is_ascii_digit() || c == 's' || c == '\'' || c == '%')
        {
            continue;
        }
        if after == Some(',') && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let (from, to) = if let (Some(a), Some(b)) = (c.get(1), c.get(2)) {
            (year(a.as_str()), year(b.as_str()))
        } else if let (Some(a), Some(b)) = (c.get(3), c.get(4)) {
            let a = year(a.as_str());
            let b = if b.as_str().len() == 2 {
                a.and_then(|a| year(b.as_str()).map(|yy| a - a % 100 + yy))
            } else {
                year(b.as_str())
            };
            (a, b)
        } else if let (Some(a), Some(b)) = (c.get(5), c.get(6)) {
            (year(a.as_str()), year(b.as_str()))
        } else {
            let y = c.get(7).and_then(|a| year(a.as_str()));
            (y, y)
        };
        let (Some(f), Some(mut t)) = (from, to) else { continue };
        let mut end = m.end();
        // "8 September 1941 – 27 January 1944": a day after the dash, not
        // a short year; the year stands alone (the next match finds 1944).
        if let (Some(a), Some(b)) = (c.get(3), c.get(4)) {
            if b.as_str().len() == 2 && t < f {
                t = f;
                end = a.end();
            }
        }
        if t < f || t - f > 100 {
            continue;
        }
        if SOURCE_AFTER.is_match(&text[end..]) || SOURCE_BEFORE.is_match(&text[..m.start()]) {
            continue;
        }
        // The word before: "until 1945", "deported by 1937".
        let head = text[..m.start()].trim_end();
        let prev = head.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        let until = f == t && matches!(prev, "until" | "till" | "Until");
        let before_prev =
            head[..head.len() - prev.len()].trim_end().rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        let open_start = f == t && prev == "by" && (before_prev.ends_with("ed") || before_prev == "died");
        out.push(Years { start: m.start(), end, from: if open_start { None } else { Some(f) }, to: Some(t), until });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (Option<i32>, Option<i32>) {
        let y = find(s);
        assert_eq!(y.len(), 1, "{s}: {y:?}");
        (y[0].from, y[0].to)
    }

    #[test]
    fn expressions() {
        assert_eq!(one("In late 1944 and early 1945, rapes"), (Some(1944), Some(1945)));
        assert_eq!(one("During the years 1939–41, nearly"), (Some(1939), Some(1941)));
        assert_eq!(one("between 1945 and 1948 to be"), (Some(1945), Some(1948)));
        assert_eq!(one("in April and May 1940"), (Some(1940), Some(1940)));
        assert_eq!(one("on 19–20 January 1990"), (Some(1990), Some(1990)));
        assert_eq!(one("the winter of 1947–48, when"), (Some(1947), Some(1948)));
        assert_eq!(one("for the period 1940−1953"), (Some(1940), Some(1953)));
        assert_eq!(one("from 3 May 1921 – 14 June"), (Some(1921), Some(1921)));
        assert!(find("a study published by the German government in 1989 put").is_empty());
        assert!(find("A 1974 German government study put").is_empty());
        assert!(find("in the 1990s, 1,944 people").is_empty());
        assert_eq!(one("were deported by 1937, during"), (None, Some(1937)));
        assert_eq!(one("By 1939 the population had"), (Some(1939), Some(1939)));
        assert!(find("until 1945, over").first().is_some_and(|y| y.until));
    }
}
