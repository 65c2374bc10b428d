//! How deep a page nests templates, links and tags: the guard that keeps
//! pages nested too deep for the parser (its tree recurses) away from it.
//!
//! Depth is counted by a walk over the page: `{{`, `[[` and an opening tag
//! go one level down, `}}`, `]]` and a closing tag one up, never above the
//! top. Every revision of a history is guarded, so the walk is summed up
//! per chunk ([`Depth`]) and a page's depth is put together from its
//! chunks' ([`Depth::then`]): a revision walks only the chunks an edit
//! touched. The blank lines between chunks open or close nothing, so the
//! page's walk is its chunks' walks one after another.

/// The walk of one text, as a function of the depth it starts at: from
/// depth `d` it ends at `max(d + net, floor)` and goes down at most to
/// `max(d + rise, deepest)`.
///
/// Why two numbers each suffice: with `S` the running sum of the steps
/// (not stopped at the top), the walk from `d` stands at
/// `max(d + S_j, S_j - min(S_0..=S_j))` after step `j`, the second term
/// being where it stands when started at the top. The end is that for the
/// last step; the deepest point its maximum over the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Depth {
    /// `S` at the end.
    net: i64,
    /// Where the walk started at the top ends.
    floor: i64,
    /// The highest `S` reached (0 at least: the start).
    rise: i64,
    /// The deepest the walk started at the top goes.
    deepest: i64,
}

impl Depth {
    /// The walk of a text that opens and closes nothing.
    pub(crate) const EMPTY: Depth = Depth { net: 0, floor: 0, rise: 0, deepest: 0 };

    /// The walk of `src`, in one pass.
    ///
    /// The scan jumps from one bracket or `<` to the next with memchr's
    /// SIMD searches (two sorted streams of candidates, merged) instead of
    /// looking at every byte; the bytes in between open or close nothing.
    /// It counts exactly as a byte by byte scan would (a test compares the
    /// two): a pair (`{{`, `]]`, `</`) is consumed whole, so the byte after
    /// it is never a candidate.
    pub(crate) fn of(src: &str) -> Depth {
        let b = src.as_bytes();
        // The running sum, its lowest and highest values, and the depth
        // from the top with its deepest value.
        let (mut sum, mut low, mut high) = (0i64, 0i64, 0i64);
        let (mut depth, mut deepest) = (0i64, 0i64);
        let mut step = |up: bool| {
            if up {
                sum += 1;
                depth += 1;
                high = high.max(sum);
                deepest = deepest.max(depth);
            } else {
                sum -= 1;
                depth = (depth - 1).max(0);
                low = low.min(sum);
            }
        };
        let mut opens = memchr::memchr3_iter(b'{', b'[', b'<', b).peekable();
        let mut closes = memchr::memchr2_iter(b'}', b']', b).peekable();
        // The first byte the scan may look at: the byte after a consumed
        // pair is not a candidate.
        let mut from = 0;
        loop {
            while opens.next_if(|&p| p < from).is_some() {}
            while closes.next_if(|&p| p < from).is_some() {}
            let i = match (opens.peek(), closes.peek()) {
                (Some(&o), Some(&c)) => o.min(c),
                (Some(&o), None) => o,
                (None, Some(&c)) => c,
                (None, None) => break,
            };
            // A byte with nothing after it opens or closes nothing.
            let Some(&next) = b.get(i + 1) else { break };
            from = match (b[i], next) {
                (b'{', b'{') | (b'[', b'[') => {
                    step(true);
                    i + 2
                }
                (b'}', b'}') | (b']', b']') => {
                    step(false);
                    i + 2
                }
                (b'<', c) if c.is_ascii_alphabetic() => {
                    step(true);
                    i + 1
                }
                (b'<', b'/') => {
                    step(false);
                    i + 2
                }
                _ => i + 1,
            };
        }
        Depth { net: sum, floor: sum - low, rise: high, deepest }
    }

    /// The walk of this text followed by `next`'s.
    pub(crate) fn then(self, next: Depth) -> Depth {
        Depth {
            net: self.net + next.net,
            floor: (self.floor + next.net).max(next.floor),
            rise: self.rise.max(self.net + next.rise),
            deepest: self.deepest.max(self.floor + next.rise).max(next.deepest),
        }
    }

    /// The deepest nesting of the text, read from its start.
    pub(crate) fn deepest(self) -> usize {
        usize::try_from(self.deepest).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_text_walks_as_its_pieces_one_after_another(
            a in "[{}\\[\\]</a é]{0,40}",
            b in "[{}\\[\\]</a é]{0,40}",
            c in "[{}\\[\\]</a é]{0,40}",
        ) {
            let whole = Depth::of(&format!("{a}\n\n{b}\n\n{c}"));
            let pieces = Depth::of(&a).then(Depth::of(&b)).then(Depth::of(&c));
            proptest::prop_assert_eq!(whole, pieces);
            let grouped = Depth::of(&a).then(Depth::of(&b).then(Depth::of(&c)));
            proptest::prop_assert_eq!(whole, grouped);
        }
    }

    #[test]
    fn depth_of_written_cases() {
        assert_eq!(Depth::of(""), Depth::EMPTY);
        assert_eq!(Depth::of("{{a|{{b|[[c]]}}}} <ref>x</ref>").deepest(), 3);
        // Closing at the top stays at the top: the `{{` after it goes one
        // level down, not back to zero.
        assert_eq!(Depth::of("]]]] {{x").deepest(), 1);
        assert_eq!(Depth::of("]]]]").then(Depth::of("{{x")).deepest(), 1);
        assert_eq!(Depth::of("{{{{").then(Depth::of("]] [[[[")).deepest(), 3);
    }
}
