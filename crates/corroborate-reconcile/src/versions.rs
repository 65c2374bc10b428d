//! Versions and copies: documents that share most of their text.
//!
//! Each document becomes a MinHash signature over its five-word shingles
//! (lower-cased words); the share of equal signature slots estimates the
//! Jaccard similarity of the shingle sets. Pairs above a threshold are
//! versions of one another or copies.

use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Similarity from which two documents count as versions or copies: a
/// heavily rewritten revision keeps well over 8 % of its four-word shingles,
/// while unrelated texts on one topic share about 1 %.
pub const THRESHOLD: f64 = 0.08;

/// Number of hash functions in a signature.
const HASHES: usize = 128;
/// Words per shingle.
const SHINGLE: usize = 4;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signature(Vec<u64>);

/// The signature of a text.
pub(crate) fn signature(text: &str) -> Signature {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let mut mins = vec![u64::MAX; HASHES];
    for sh in words.windows(SHINGLE.min(words.len().max(1))) {
        let mut h = DefaultHasher::new();
        sh.hash(&mut h);
        let base = h.finish();
        for (k, m) in mins.iter_mut().enumerate() {
            // A family of hash functions from one: multiply-xorshift per slot.
            let mut x = base ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x = (x ^ (x >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
            x ^= x >> 33;
            *m = (*m).min(x);
        }
    }
    Signature(mins)
}

/// Estimated Jaccard similarity of two signatures.
pub(crate) fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.0.iter().zip(&b.0).filter(|(x, y)| x == y && **x != u64::MAX).count() as f64 / HASHES as f64
}

/// Two documents that are versions or copies of one another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    /// First document.
    pub a: String,
    /// Second document.
    pub b: String,
    /// Estimated Jaccard similarity of their shingles.
    pub similarity: f64,
}

/// Pairs of `docs` (name, text) whose similarity reaches `threshold`.
pub fn related(docs: &[(String, String)], threshold: f64) -> Vec<Related> {
    let sigs: Vec<Signature> = docs.iter().map(|(_, t)| signature(t)).collect();
    let mut out = Vec::new();
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let s = similarity(&sigs[i], &sigs[j]);
            if s >= threshold {
                out.push(Related { a: docs[i].0.clone(), b: docs[j].0.clone(), similarity: s });
            }
        }
    }
    out
}
