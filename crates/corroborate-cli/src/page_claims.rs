//! The claims of a page's revisions, read one after another.
//!
//! Every command that reads a dump (`extract`, `revisions`, `ingest`)
//! extracts a page's revisions in order through one [`PageClaims`], which
//! reuses the claims of the paragraphs a revision did not change
//! ([`corroborate_extract::incremental`]); the claims are those of
//! extraction from scratch. It reads them too, through a
//! [`SentenceCache`], so that only the paragraphs a revision changed are
//! split into sentences again. `CORROBORATE_FROM_SCRATCH=1` in the
//! environment reads and extracts every revision from scratch instead (and
//! turns off the reuse of reverted texts): `bench/history.sh` times the two
//! and checks that their outputs are identical.

use anyhow::{Context, Result};
use corroborate_doc::dump::Revision;
use corroborate_doc::{Document, Format, FormatHint, SentenceCache};
use corroborate_extract::incremental::{Incremental, Placed};
use corroborate_extract::{Claim, Frame};

/// Reads and extracts the revisions of a page, in order.
pub(crate) struct PageClaims {
    /// `None` when every revision is extracted from scratch.
    incremental: Option<Incremental>,
    /// The sentence boundaries of the last revision's paragraphs.
    sentences: SentenceCache,
}

impl PageClaims {
    /// Incremental, unless `CORROBORATE_FROM_SCRATCH=1`.
    pub(crate) fn new() -> PageClaims {
        PageClaims { incremental: (!from_scratch()).then(Incremental::new), sentences: SentenceCache::new() }
    }

    /// Paragraphs seen and reused by the extractor, paragraphs split and
    /// found in the sentence cache: printed on stderr by `extract` of a
    /// dump when `CORROBORATE_HISTORY_STATS=1` (for `bench/history.sh`).
    pub(crate) fn stats(&self) -> String {
        let (split, cached) = self.sentences.stats();
        let e = self.incremental.as_ref().map(Incremental::stats).unwrap_or_default();
        format!(
            "paragraphs extracted {} reused {}; sentence splits {} cached {}",
            e.paragraphs, e.reused, split, cached
        )
    }

    /// True when revisions are not read or extracted incrementally.
    pub(crate) fn is_from_scratch(&self) -> bool {
        self.incremental.is_none()
    }

    /// A dump revision as a document named `Title#rev_id`, as
    /// [`crate::files::revision_document`] reads it (an empty revision is an
    /// error here), reusing the sentence splits of the previous revision's
    /// unchanged paragraphs.
    pub(crate) fn read(&mut self, r: &Revision) -> Result<Document> {
        if self.is_from_scratch() {
            return crate::files::revision_document(r);
        }
        let name = format!("{}#{}", r.title, r.rev_id);
        let hint = FormatHint::Is(Format::Wikitext);
        Document::read_cached_text(&name, r.text.clone(), hint, &mut self.sentences).with_context(|| name.clone())
    }

    /// [`PageClaims::read`] of a revision the caller gives up: its text
    /// becomes the document's bytes without a copy.
    pub(crate) fn read_owned(&mut self, r: Revision) -> Result<Document> {
        if self.is_from_scratch() {
            return crate::files::revision_document(&r);
        }
        let name = format!("{}#{}", r.title, r.rev_id);
        let hint = FormatHint::Is(Format::Wikitext);
        Document::read_cached_text(&name, r.text, hint, &mut self.sentences).with_context(|| name.clone())
    }

    /// The claims of `doc`, the page's next revision.
    pub(crate) fn extract(&mut self, doc: &Document) -> Vec<Claim> {
        self.extract_in_frame(doc, &corroborate_extract::frame(doc))
    }

    /// The claims of `doc`, the page's next revision, as placed rows
    /// sharing the claims reused from earlier revisions; `None` when
    /// extracting from scratch (then [`PageClaims::extract`] gives them).
    pub(crate) fn extract_placed(&mut self, doc: &Document) -> Option<Vec<Placed>> {
        let inc = self.incremental.as_mut()?;
        Some(inc.extract_placed(doc, &corroborate_extract::frame(doc)))
    }

    /// [`PageClaims::extract`] with the frame read already.
    pub(crate) fn extract_in_frame(&mut self, doc: &Document, frame: &Frame) -> Vec<Claim> {
        match &mut self.incremental {
            Some(inc) => inc.extract_in_frame(doc, frame),
            None => corroborate_extract::extract_in_frame(doc, frame),
        }
    }
}

/// True when `CORROBORATE_FROM_SCRATCH=1` asks for no reuse at all.
fn from_scratch() -> bool {
    std::env::var_os("CORROBORATE_FROM_SCRATCH").is_some_and(|v| v == "1")
}
