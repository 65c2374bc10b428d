//! What was worked out from texts, kept from one document to the next.
//!
//! Reading the revisions of a page one after another, most pieces of text
//! (wikitext chunks, paragraphs) are the previous revision's. A
//! [`Generations`] keeps what was worked out from each text of the
//! previous document and of the current one: a text the previous document
//! had is taken back, not worked out again, and only the texts of the last
//! document are remembered, so memory stays that of one document.
//!
//! [`TextId`]s name texts without holding them: a reader gives each
//! paragraph of a document read through a cache the id of its text's entry
//! (`Document::paragraph_text_id`), so that a consumer keeping something
//! per paragraph text (the incremental extractor) looks it up by a number
//! instead of hashing and comparing the text once more. [`TextIds`] gives
//! ids to the texts of documents that came without them.

use hashbrown::{hash_table, DefaultHashBuilder, HashTable};
use std::hash::BuildHasher;
use std::num::NonZeroU64;
use std::sync::atomic::{AtomicU64, Ordering};

/// The name of one text, given once: two equal ids name equal texts.
///
/// Ids come from one counter for the whole process and are never given
/// twice, so ids given by different caches never meet, and the id of a
/// text forgotten and seen again is a new one (it misses, never matches
/// wrongly). Texts are compared whole before an entry, and with it its
/// id, is reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextId(NonZeroU64);

impl TextId {
    /// An id no text has had in this process.
    pub fn fresh() -> TextId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        // 2^64 ids are never given: a u64 counting one a nanosecond
        // wraps after five centuries.
        TextId(NonZeroU64::new(n).unwrap_or(NonZeroU64::MIN))
    }

    /// The id as a number (for keys).
    pub fn get(self) -> u64 {
        self.0.get()
    }
}

/// Ids for the texts of documents read one after another: a text the
/// previous document (or this one) had keeps its id, any other gets a
/// fresh one. Memory is that of one document's texts.
#[derive(Debug, Default)]
pub struct TextIds {
    ids: Generations<TextId>,
}

impl TextIds {
    /// Remembers nothing yet.
    pub fn new() -> TextIds {
        TextIds::default()
    }

    /// The id of `text` in the current document.
    pub fn id(&mut self, text: &str) -> TextId {
        let Ok((id, _)) = self.ids.get_or_try(text, |_| Ok::<_, std::convert::Infallible>(TextId::fresh()));
        *id
    }

    /// Ends a document: its texts become the ones remembered.
    pub fn next_document(&mut self) {
        self.ids.next_document();
    }
}

/// Values worked out from texts, for the previous document and the
/// current one.
///
/// Each text is hashed once per lookup: entries keep their hash, so that
/// taking one back from the previous document and keeping it in the
/// current one hashes nothing again (`hashbrown`'s `HashTable` takes the
/// hash from the caller; a `HashMap` would hash the text for each of the
/// three steps).
#[derive(Debug)]
pub(crate) struct Generations<V> {
    /// Seeded per process (`foldhash`): a page cannot be written to make
    /// its texts collide.
    hasher: DefaultHashBuilder,
    prev: HashTable<Entry<V>>,
    cur: HashTable<Entry<V>>,
}

/// A text with its hash and the value worked out from it.
#[derive(Debug)]
struct Entry<V> {
    hash: u64,
    text: String,
    value: V,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations { hasher: DefaultHashBuilder::default(), prev: HashTable::new(), cur: HashTable::new() }
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
    ) -> Result<(&mut V, bool), E> {
        let hash = self.hasher.hash_one(text);
        // Texts are compared whole; the hash first, to skip most of the
        // comparisons of texts that merely share the table's tag bits.
        let eq = |e: &Entry<V>| e.hash == hash && e.text == text;
        let vacant = match self.cur.entry(hash, eq, |e| e.hash) {
            hash_table::Entry::Occupied(o) => return Ok((&mut o.into_mut().value, true)),
            hash_table::Entry::Vacant(v) => v,
        };
        let (entry, kept) = match self.prev.find_entry(hash, eq) {
            Ok(o) => (o.remove().0, true),
            Err(_) => (Entry { hash, text: text.to_string(), value: make(text)? }, false),
        };
        Ok((&mut vacant.insert(entry).into_mut().value, kept))
    }

    /// Ends a document: its texts become the ones remembered. The next
    /// document has about as many: the table is sized once, not grown (and
    /// moved) text by text.
    pub(crate) fn next_document(&mut self) {
        let cur = HashTable::with_capacity(self.cur.len());
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
        assert_eq!(g.get_or_try("one", len), Ok((&mut 3, false)));
        assert_eq!(g.get_or_try("one", len), Ok((&mut 3, true)), "again in the same document");
        g.next_document();
        assert_eq!(g.get_or_try("one", |_| Err(())), Ok((&mut 3, true)), "the previous document's");
        g.next_document();
        g.next_document();
        assert_eq!(g.remembered(), 0);
        assert_eq!(g.get_or_try("one", |_| Err(())), Err(()), "forgotten two documents on");
    }

    #[test]
    fn a_text_keeps_its_id_while_remembered_and_gets_a_new_one_after() {
        let mut ids = TextIds::new();
        let (a, b) = (ids.id("one"), ids.id("two"));
        assert_ne!(a, b);
        assert_eq!(ids.id("one"), a);
        ids.next_document();
        assert_eq!(ids.id("one"), a, "the previous document's text");
        ids.next_document();
        ids.next_document();
        assert_ne!(ids.id("one"), a, "forgotten: a new id, never the old one");
        assert_ne!(TextIds::new().id("one"), a, "another cache's ids never meet these");
    }
}
