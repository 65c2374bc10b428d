//! Independent sources: copies and revisions of one document are one source.
//!
//! Two files holding one article in two formats, or two revisions of one
//! page, do not corroborate each other: a figure copied twice is one
//! witness. Documents linked by [`crate::versions`] (directly or through a
//! chain of revisions) form a **family**; a group counts its families, not
//! its documents, and its low/best/high is computed over one claim set per
//! family: the newest member's, as UCDP GED keeps one estimate per source.
//!
//! "Newest" is read from the documents themselves, since files carry no
//! trustworthy dates: the member mentioning the latest year (a revision
//! mentions what happened since), ties broken by the later name (snapshots
//! are usually named in order).

use crate::events::year_mentions;
use crate::versions::Related;
use std::collections::HashMap;

/// Documents grouped into families of copies and revisions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Families {
    family: HashMap<String, usize>,
    rank: HashMap<String, (i32, String)>,
}

impl Families {
    /// Families of `docs` (name, text) linked by `related`.
    pub(crate) fn new(docs: &[(String, String)], related: &[Related]) -> Families {
        let index: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, (n, _))| (n.as_str(), i)).collect();
        let mut parent: Vec<usize> = (0..docs.len()).collect();
        fn root(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        for r in related {
            if let (Some(&a), Some(&b)) = (index.get(r.a.as_str()), index.get(r.b.as_str())) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut f = Families::default();
        for (i, (name, text)) in docs.iter().enumerate() {
            let r = root(&mut parent, i);
            f.family.insert(name.clone(), r);
            f.rank.insert(name.clone(), (year_mentions(text).max().unwrap_or(0), name.clone()));
        }
        f
    }

    /// The family of a document; a document nobody listed is its own.
    pub(crate) fn of(&self, doc: &str) -> FamilyId {
        match self.family.get(doc) {
            Some(&k) => FamilyId::Known(k),
            None => FamilyId::Alone(doc.to_string()),
        }
    }

    /// True when two different documents are copies or revisions of one another.
    pub(crate) fn related(&self, a: &str, b: &str) -> bool {
        a != b && matches!((self.family.get(a), self.family.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// Orders documents newest first (see the module doc).
    pub(crate) fn newer(&self, a: &str, b: &str) -> std::cmp::Ordering {
        let key = |d: &str| self.rank.get(d).cloned().unwrap_or((0, d.to_string()));
        key(b).cmp(&key(a))
    }
}

/// A family's identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FamilyId {
    /// One of the families found.
    Known(usize),
    /// A document outside the families given: its own.
    Alone(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_chain_into_one_family_and_the_newest_leads() {
        let docs = vec![
            ("old".to_string(), "as of 2009".to_string()),
            ("new".to_string(), "as of 2021".to_string()),
            ("mid".to_string(), "as of 2015".to_string()),
            ("other".to_string(), "2030".to_string()),
        ];
        let rel = vec![
            Related { a: "old".into(), b: "mid".into(), similarity: 0.4 },
            Related { a: "mid".into(), b: "new".into(), similarity: 0.4 },
        ];
        let f = Families::new(&docs, &rel);
        assert!(f.related("old", "new"));
        assert!(!f.related("old", "other"));
        assert_eq!(f.newer("old", "new"), std::cmp::Ordering::Greater, "new sorts first");
        assert_ne!(f.of("other"), f.of("old"));
        assert_eq!(f.of("unknown"), FamilyId::Alone("unknown".into()));
    }
}
