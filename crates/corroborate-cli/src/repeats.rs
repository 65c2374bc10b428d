//! Revisions whose text repeats a recent revision's of the same page.
//!
//! In a page's history many revisions restore an earlier text byte for
//! byte (reverts of vandalism, edit wars): 2,989 of the 15,180 revisions of
//! the real "Anarchism" history repeat an earlier one. A document read from
//! the same bytes is the same document (the reader looks at the bytes
//! only; the name is just carried), so its claims are the same except for
//! the document name they carry: a repeat can reuse the earlier claims
//! without reading or extracting again, and the result is what extraction
//! from scratch gives. Texts are compared whole, never by hash alone.
//!
//! Only the last [`WINDOW`] distinct texts of a page are kept, so memory
//! stays bounded whatever the history's length: reverts go back a few
//! revisions.

use std::collections::VecDeque;

/// How many recent distinct texts are remembered.
pub(crate) const WINDOW: usize = 32;

/// The last few distinct texts of a page with what was computed from each.
pub(crate) struct Repeats<T> {
    recent: VecDeque<(u64, Vec<u8>, T)>,
    cap: usize,
}

impl<T> Repeats<T> {
    /// Remembers at most `cap` texts.
    pub(crate) fn new(cap: usize) -> Self {
        Repeats { recent: VecDeque::with_capacity(cap), cap }
    }

    /// What was computed from this exact text of this page, if remembered.
    pub(crate) fn get(&self, page: u64, text: &str) -> Option<&T> {
        let text = text.as_bytes();
        self.recent.iter().rev().find(|(p, t, _)| *p == page && t.len() == text.len() && t == text).map(|(_, _, v)| v)
    }

    /// Remembers what was computed from a text (its bytes: a document's,
    /// kept without checking their UTF-8 again), forgetting the oldest text
    /// beyond the window (and every text of another page).
    pub(crate) fn put(&mut self, page: u64, text: Vec<u8>, value: T) {
        self.recent.retain(|(p, _, _)| *p == page);
        if self.recent.len() >= self.cap {
            self.recent.pop_front();
        }
        if self.cap > 0 {
            self.recent.push_back((page, text, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_text_of_the_same_page_repeats() {
        let mut r = Repeats::new(2);
        r.put(1, "About 300 died.".into(), 300);
        assert_eq!(r.get(1, "About 300 died."), Some(&300));
        assert_eq!(r.get(1, "About 300 died"), None);
        assert_eq!(r.get(2, "About 300 died."), None);
        r.put(1, "About 400 died.".into(), 400);
        r.put(1, "About 500 died.".into(), 500);
        assert_eq!(r.get(1, "About 300 died."), None, "beyond the window");
        assert_eq!(r.get(1, "About 400 died."), Some(&400));
        r.put(2, "Some 12 were hurt.".into(), 12);
        assert_eq!(r.get(1, "About 500 died."), None, "another page's texts are forgotten");
        let mut none = Repeats::new(0);
        none.put(1, "x".into(), 1);
        assert_eq!(none.get(1, "x"), None);
    }
}
