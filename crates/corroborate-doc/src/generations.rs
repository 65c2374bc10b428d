//! What was worked out from texts, kept from one document to the next.
//!
//! Reading the revisions of a page one after another, most pieces of text
//! (wikitext chunks, paragraphs) are the previous revision's. A
//! [`Generations`] keeps what was worked out from each text of the
//! previous document and of the current one: a text the previous document
//! had is taken back, not worked out again, and only the texts of the last
//! document are remembered, so memory stays that of one document.

use rustc_hash::FxHashMap;

/// Values worked out from texts, for the previous document and the
/// current one.
#[derive(Debug)]
pub(crate) struct Generations<V> {
    prev: FxHashMap<String, V>,
    cur: FxHashMap<String, V>,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations { prev: FxHashMap::default(), cur: FxHashMap::default() }
    }
}

impl<V> Generations<V> {
    /// The value of `text` in the current document: the one worked out
    /// already (by this document or the previous one, `true`), or `make`'s
    /// (`false`), kept.
    pub(crate) fn get_or_try<E>(
        &mut self,
        text: &str,
        make: impl FnOnce(&str) -> Result<V, E>,
    ) -> Result<(&V, bool), E> {
        if self.cur.contains_key(text) {
            return Ok((&self.cur[text], true));
        }
        let ((text, value), kept) = match self.prev.remove_entry(text) {
            Some(kept) => (kept, true),
            None => ((text.to_string(), make(text)?), false),
        };
        // Inserted through its entry, which hands the value back: the text
        // is not hashed and compared once more to find it.
        Ok((self.cur.entry(text).or_insert(value), kept))
    }

    /// Ends a document: its texts become the ones remembered. The next
    /// document has about as many: the map is sized once, not grown (and
    /// rehashed) text by text.
    pub(crate) fn next_document(&mut self) {
        let mut cur = FxHashMap::default();
        cur.reserve(self.cur.len());
        self.prev = std::mem::replace(&mut self.cur, cur);
    }

    /// How many texts the previous document left.
    #[cfg(test)]
    pub(crate) fn remembered(&self) -> usize {
        self.prev.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_of_the_previous_document_are_taken_back_and_older_ones_forgotten() {
        let mut g: Generations<usize> = Generations::default();
        let len = |t: &str| Ok::<_, ()>(t.len());
        assert_eq!(g.get_or_try("one", len), Ok((&3, false)));
        assert_eq!(g.get_or_try("one", len), Ok((&3, true)), "again in the same document");
        g.next_document();
        assert_eq!(g.get_or_try("one", |_| Err(())), Ok((&3, true)), "the previous document's");
        g.next_document();
        g.next_document();
        assert_eq!(g.remembered(), 0);
        assert_eq!(g.get_or_try("one", |_| Err(())), Err(()), "forgotten two documents on");
    }
}
