//! The claims of a page's revisions, read one after another.
//!
//! Every command that reads a dump (`extract`, `revisions`, `ingest`)
//! extracts a page's revisions in order through one [`PageClaims`], which
//! reuses the claims of the paragraphs a revision did not change
//! ([`corroborate_extract::incremental`]); the claims are those of
//! extraction from scratch. `CORROBORATE_FROM_SCRATCH=1` in the environment
//! extracts every revision from scratch instead: `bench/history.sh` times
//! the two and checks that their outputs are identical.

use corroborate_doc::Document;
use corroborate_extract::incremental::Incremental;
use corroborate_extract::{Claim, Frame};

/// Extracts the revisions of a page, in order.
pub(crate) struct PageClaims {
    /// `None` when every revision is extracted from scratch.
    incremental: Option<Incremental>,
}

impl PageClaims {
    /// Incremental, unless `CORROBORATE_FROM_SCRATCH=1`.
    pub(crate) fn new() -> PageClaims {
        let scratch = std::env::var_os("CORROBORATE_FROM_SCRATCH").is_some_and(|v| v == "1");
        PageClaims { incremental: (!scratch).then(Incremental::new) }
    }

    /// The claims of `doc`, the page's next revision.
    pub(crate) fn extract(&mut self, doc: &Document) -> Vec<Claim> {
        self.extract_in_frame(doc, &corroborate_extract::frame(doc))
    }

    /// [`PageClaims::extract`] with the frame read already.
    pub(crate) fn extract_in_frame(&mut self, doc: &Document, frame: &Frame) -> Vec<Claim> {
        match &mut self.incremental {
            Some(inc) => inc.extract_in_frame(doc, frame),
            None => corroborate_extract::extract_in_frame(doc, frame),
        }
    }
}
