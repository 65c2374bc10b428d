//! Claim context: act, subject, place, years, perpetrator, source and
//! stance, read from the claim's sentence and, for place and years, its
//! paragraph and section headings (CLAIMS.md §2).
//!
//! - [`frame`] reads the document's frame (CLAIMS.md §2.1), once per
//!   document: the last fallback for place and years, and its infobox rows.
//! - `act` reads the counted noun phrase and the act.
//! - [`place`] holds the gazetteer and picks a place among mentions.
//! - [`years`] is the time-expression grammar.
//! - `voice` reads stance, source and perpetrator from cue phrases.

pub(crate) mod act;
mod estimated;
pub mod frame;
pub mod place;
mod place_rules;
pub(crate) mod subject;
pub(crate) mod voice;
pub mod years;

use crate::lexicon::rows;
use crate::quantity::Quantity;
use crate::tokens::Token;
use crate::Stance;
use corroborate_doc::{Document, Span};
use place::Mention;
use rustc_hash::FxHashMap;
use std::sync::{Arc, LazyLock};
use years::Years;

static DEMONYMS: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    rows(include_str!("../../data/demonyms.tsv")).filter(|r| r.len() >= 2).map(|r| (r[0], r[1])).collect()
});

/// The place a demonym or adjective names ("Serbian" → "Serbia").
pub fn demonym(word: &str) -> Option<&'static str> {
    DEMONYMS.get(word).copied()
}

/// A model designation: "P-51", "B-17s", "T-34".
static DESIGNATION: LazyLock<regex::Regex> =
    // "B-17", "T-34"; "Bf 110", "Ju 87s" (two letters at most before the
    // number, so a month, "May 1944", is no designation).
    LazyLock::new(|| {
        regex::Regex::new(r"(?-u:\b)(?:[A-Z]{1,3}-\d{1,4}|[A-Z][a-z]?\s\d{2,4}s?(?-u:\b))")
            .expect("designation pattern compiles")
    });

/// What the context rules found for one claim.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The act.
    pub act: Option<&'static str>,
    /// The figure names nothing it counts and its clause no act: it
    /// counts what the figure before it in the paragraph counted.
    pub elliptic: bool,
    /// For an elliptic figure, the act the section's headings or the
    /// title name ("Estimated Deaths in …" over "a figure of 1,300"), with
    /// the heading's word for it: its act (and subject, where it has none)
    /// where no figure before it in the paragraph gives one.
    pub heading_act: Option<(&'static str, String)>,
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
    /// Which rules decided act, place, years and stance, in the order
    /// they fired; filled only by a context made with
    /// [`SentenceContext::explaining`], empty (no allocation) otherwise.
    pub trace: Vec<&'static str>,
}

/// The place mentions of a document's paragraphs, found once each.
///
/// Every paragraph is scanned up front because a name one paragraph
/// introduces as a place ("the town of X") makes it a place in every other
/// paragraph too (`place::introduced`, `place::add_known`).
#[derive(Debug, Default)]
pub(crate) struct ParagraphPlaces {
    /// Each paragraph's mentions, offsets in the paragraph's clean text.
    own: Vec<Own>,
    /// The names the document introduces as places.
    known: Arc<place::Known>,
    paragraph: Option<usize>,
    /// The current paragraph's mentions, offsets in the clean text.
    mentions: Vec<Mention>,
    /// The mentions of the document's headings and title.
    headings: HeadingPlaces,
}

/// A paragraph's own mentions: complete, or as far as telling which names
/// it introduces needs (completed when a figure of the paragraph asks).
#[derive(Debug)]
enum Own {
    Complete(Vec<Mention>),
    Partial(place::Partial),
}

impl Own {
    /// The complete mentions of the paragraph whose text is `text`,
    /// completed first where they are partial.
    fn complete(&mut self, text: &str) -> &[Mention] {
        if let Own::Partial(partial) = self {
            *self = Own::Complete(std::mem::take(partial).complete(text));
        }
        match self {
            Own::Complete(ms) => ms,
            Own::Partial(_) => &[],
        }
    }
}

/// The place mentions of a document's section headings and title, each
/// found once: a claim's place is checked against its headings' spellings
/// and falls back on its headings' places, and a section holds many
/// claims. Keyed by the heading's text (short), so a hit is always right.
#[derive(Debug, Default)]
pub(crate) struct HeadingPlaces(std::cell::RefCell<FxHashMap<String, std::rc::Rc<[Mention]>>>);

impl HeadingPlaces {
    /// [`place::mentions`] of `heading`.
    pub fn of(&self, heading: &str) -> std::rc::Rc<[Mention]> {
        if let Some(ms) = self.0.borrow().get(heading) {
            return ms.clone();
        }
        let ms: std::rc::Rc<[Mention]> = place::mentions(heading).into();
        self.0.borrow_mut().insert(heading.to_string(), ms.clone());
        ms
    }
}

impl ParagraphPlaces {
    /// Scans every paragraph of `doc`.
    pub fn new(doc: &Document) -> ParagraphPlaces {
        let mut known = Vec::new();
        let own = doc
            .paragraphs
            .iter()
            .map(|p| {
                let text = doc.clean(p.span);
                let partial = place::Partial::find(text);
                partial.introduce(text, &mut known);
                Own::Partial(partial)
            })
            .collect();
        Self::with(own, known)
    }

    /// The places of a document whose paragraphs' own [`place::mentions`]
    /// (offsets in each paragraph's clean text) are `own`, one entry per
    /// paragraph, found already (incremental extraction keeps them from the
    /// previous revision).
    pub fn from_mentions(own: Vec<Vec<Mention>>) -> ParagraphPlaces {
        let mut known = Vec::new();
        for ms in &own {
            place::introduced(ms, &mut known);
        }
        Self::with(own.into_iter().map(Own::Complete).collect(), known)
    }

    /// [`ParagraphPlaces::from_mentions`] given the automaton of the names
    /// `own` introduces, built already (incremental extraction keeps it
    /// while the names stay the same).
    pub fn from_mentions_known(own: Vec<Vec<Mention>>, known: Arc<place::Known>) -> ParagraphPlaces {
        Self::with_known(own.into_iter().map(Own::Complete).collect(), known)
    }

    fn with(own: Vec<Own>, known: Vec<String>) -> ParagraphPlaces {
        Self::with_known(own, Arc::new(place::Known::new(known)))
    }

    fn with_known(own: Vec<Own>, known: Arc<place::Known>) -> ParagraphPlaces {
        ParagraphPlaces { own, known, paragraph: None, mentions: Vec::new(), headings: HeadingPlaces::default() }
    }

    /// The names the document introduces as places, in the order found:
    /// document-wide state every paragraph's places depend on.
    pub fn known(&self) -> &[String] {
        self.known.names()
    }

    /// The mentions of paragraph `p` of `doc`, the names the document
    /// introduced included, and those of the document's headings.
    pub fn of(&mut self, doc: &Document, p: usize) -> (&[Mention], &HeadingPlaces) {
        if self.paragraph != Some(p) {
            let span = doc.paragraphs[p].span;
            let text = doc.clean(span);
            let mut ms = self.own.get_mut(p).map_or_else(Vec::new, |own| own.complete(text).to_vec());
            place::add_known(text, &mut ms, &self.known);
            self.mentions = ms
                .into_iter()
                .map(|mut m| {
                    m.start += span.start;
                    m.end += span.start;
                    m
                })
                .collect();
            self.paragraph = Some(p);
        }
        (&self.mentions, &self.headings)
    }
}

/// For each section of a plain-text document, the nearest earlier section
/// whose heading is only a place name ("Estonia", "Afghanistan
/// (1979–1989)"). Plain text keeps no heading levels; such a heading
/// groups the sections after it, so it stands in for their lost parent.
/// Documents whose format nests headings get `None` throughout.
pub(crate) fn place_parents(doc: &Document) -> Vec<Option<usize>> {
    if doc.format.nests_headings() {
        return vec![None; doc.sections.len()];
    }
    let mut out = Vec::with_capacity(doc.sections.len());
    let mut last = None;
    for (i, s) in doc.sections.iter().enumerate() {
        out.push(last);
        if place::names_only_a_place(&s.heading) {
            last = Some(i);
        }
    }
    out
}

/// First and last year, with the level of the document that gave them
/// (for `explain`).
type LeveledYears = (Option<i32>, Option<i32>, &'static str);

/// The context of one sentence, shared by its claims.
pub(crate) struct SentenceContext<'a> {
    doc: &'a Document,
    sentence: usize,
    toks: &'a [Token<'a>],
    base: usize,
    places: Vec<Mention>,
    years: Vec<Years>,
    stance: Stance,
    /// Where the source is named in the sentence (sentence offsets).
    source_span: Option<std::ops::Range<usize>>,
    perpetrator: Option<String>,
    /// The paragraph's place mentions (clean-text offsets).
    paragraph_places: &'a [Mention],
    /// The place mentions of the document's headings.
    heading_places: &'a HeadingPlaces,
    /// The document's [`place_parents`].
    place_parents: &'a [Option<usize>],
    /// The document's frame: the last fallback for place and years.
    frame: &'a frame::Frame,
    /// The sentence names a cause of death other than violence.
    natural_cause: bool,
    /// Place and years from outside the sentence, found once, each with
    /// the level that gave it.
    fallback_place: std::cell::OnceCell<Option<(String, &'static str)>>,
    fallback_years: std::cell::OnceCell<Option<LeveledYears>>,
    /// Collect a trace of the rules that decided each claim's fields.
    explain: bool,
}

impl<'a> SentenceContext<'a> {
    /// Prepares the context of sentence `sentence`, whose tokens are `toks`
    /// and whose paragraph holds `paragraph_places` (the document's
    /// headings `heading_places`); `place_parents` are the document's
    /// [`place_parents`].
    pub fn new(
        doc: &'a Document,
        sentence: usize,
        toks: &'a [Token<'a>],
        (paragraph_places, heading_places): (&'a [Mention], &'a HeadingPlaces),
        place_parents: &'a [Option<usize>],
        frame: &'a frame::Frame,
    ) -> Self {
        let span = doc.sentences[sentence].span;
        let text = doc.clean(span);
        let source_span = voice::source_span(text);
        // A place named inside the source ("official estimates of
        // Azerbaijan") says who counted, not where.
        // The sentence's mentions are the paragraph's inside its span.
        // Nor does one inside a citation ("[ France Meslé, … [http://…] ,
        // juin 2005]"): authors, publishers and dates of a reference.
        let cited = citations(text);
        let inside = |r: &std::ops::Range<usize>, start: usize, end: usize| r.start <= start && end <= r.end;
        let places = paragraph_places
            .iter()
            .filter(|m| span.start <= m.start && m.end <= span.end)
            .map(|m| Mention { start: m.start - span.start, end: m.end - span.start, ..m.clone() })
            .filter(|m| !source_span.as_ref().is_some_and(|r| inside(r, m.start, m.end)))
            .filter(|m| !cited.iter().any(|r| inside(r, m.start, m.end)))
            .collect();
        let years =
            years::find(text).into_iter().filter(|y| !cited.iter().any(|r| inside(r, y.start, y.end))).collect();
        SentenceContext {
            doc,
            sentence,
            toks,
            base: span.start,
            places,
            years,
            stance: voice::stance(text),
            source_span,
            perpetrator: voice::perpetrator(text),
            paragraph_places,
            heading_places,
            place_parents,
            frame,
            natural_cause: toks.iter().any(|x| crate::lexicon::is("natural_cause", &x.lower)),
            fallback_place: std::cell::OnceCell::new(),
            fallback_years: std::cell::OnceCell::new(),
            explain: false,
        }
    }

    /// This context, collecting in [`Found::trace`] which rules decided
    /// each claim's fields (for `explain`; extraction leaves it off).
    pub fn explaining(mut self) -> Self {
        self.explain = true;
        self
    }

    /// Reads the context of quantity `q` among the sentence's kept `all`.
    pub fn read(&self, q: &Quantity, all: &[Quantity]) -> Found {
        let t = self.toks;
        let mut tr = Trace { on: self.explain, steps: Vec::new() };
        let np = act::noun_phrase(t, q);
        let act = self.read_act(q, all, np, &mut tr);
        // A bare figure ("from 25,000 to 30,000-40,000", "The combined
        // total was about 155,000") counts what the figure before it in
        // the paragraph counted: the caller fills it in.
        let elliptic = act == "other" && np.0 == np.1;
        // The heading's deaths are killings in a document about a killing
        // event, as the figure's own would be.
        let heading_act = (elliptic && subject::named_a_figure(t, q.first))
            .then(|| self.headings(false).into_iter().find_map(subject::heading_act))
            .flatten()
            .map(|(a, word)| (self.violent_frame(a, np, &mut Trace { on: false, steps: Vec::new() }), word));
        let act = self.violent_frame(act, np, &mut tr);
        let subject = self.read_subject(q, all, np);
        let (at, claim_spans, seg) = self.segment(q, all);
        let sent = matches!(act, "forces" | "materiel");
        let fig = (at, t[q.end - 1].span.end - self.base);
        let (place, place_rule) = place_rules::place(self, &place_rules::Ask { q, np, fig, seg, sent });
        tr.note(place_rule);
        let years = self.read_years(at, &claim_spans, &mut tr);
        let (stance, perpetrator, source) = self.read_voice(q, &mut tr);
        Found {
            act: Some(act),
            elliptic,
            heading_act,
            subject,
            place,
            years,
            perpetrator,
            source,
            stance,
            trace: tr.steps,
        }
    }

    /// The act of `q`: the act cascade, then what an infobox row, a model
    /// designation or a loss word makes of it.
    fn read_act(&self, q: &Quantity, all: &[Quantity], np: (usize, usize), tr: &mut Trace) -> &'static str {
        let t = self.toks;
        let (mut act, act_rule) = act::act(t, q, all, np);
        tr.note(act_rule);
        // A figure in an infobox row takes its act from the row's label
        // where its own words name none.
        if act == "other" {
            let at = t[q.first].span.start;
            let row = self.frame.rows.iter().find(|f| f.value.start <= at && at < f.value.end);
            // A rendered infobox's block label ("Strength") comes out as
            // the heading of the rows under it.
            let label = row.map(|f| self.doc.clean(f.label)).into_iter().chain(self.innermost_heading());
            if let Some(a) = label.filter_map(frame::row_act).next() {
                act = a;
                tr.note("act: the label of the figure's infobox row or section heading");
            }
        }
        // "784 P-51 fighters", "107 B-17s": a model designation in the
        // counted phrase makes it materiel.
        // The words right after the figure (the noun phrase stops at the
        // designation's hyphen).
        let after_fig = t.get(q.end..(q.end + 4).min(t.len())).map_or("", |w| match (w.first(), w.last()) {
            (Some(a), Some(b)) => self.doc.clean(Span::new(a.span.start, b.span.end)),
            _ => "",
        });
        if matches!(act, "forces" | "other") && DESIGNATION.is_match(after_fig) {
            act = "materiel";
            tr.note("act: a model designation in the counted phrase: materiel");
        }
        // Materiel lost, downed or destroyed, or counted in a row of
        // losses, is `destroyed`.
        if act == "materiel" {
            let at = t[q.first].span.start;
            let row_label = self
                .frame
                .rows
                .iter()
                .find(|f| f.value.start <= at && at < f.value.end)
                .map(|f| self.doc.clean(f.label).to_lowercase());
            let lossy = |l: &str| l.split_whitespace().any(|w| crate::lexicon::is("loss_word", &w.to_lowercase()));
            let lossy_row = row_label.as_deref().is_some_and(lossy) || self.innermost_heading().is_some_and(lossy);
            let lo = q.first.saturating_sub(8);
            let hi = (np.1 + 6).min(t.len());
            let lossy_clause = (lo..hi).any(|k| {
                t[k].kind == crate::tokens::Kind::Word
                    && crate::lexicon::is("loss_word", &t[k].lower)
                    && !t[k].is("casualties")
            });
            if lossy_row || lossy_clause {
                act = "destroyed";
                tr.note("act: materiel with a loss word in its clause, row or heading: destroyed");
            }
        }
        act
    }

    /// In a document about a killing event, deaths and casualties are
    /// killings unless the sentence names another cause (a guess: the
    /// frame's event stands for the paragraph's).
    fn violent_frame(&self, mut act: &'static str, np: (usize, usize), tr: &mut Trace) -> &'static str {
        let t = self.toks;
        if self.frame.violent && !self.natural_cause {
            let casualties = (np.0..np.1).any(|k| t[k].is("casualties"));
            if act == "died" || act == "other" && casualties {
                act = "killed";
                tr.note("act: deaths or casualties in a document about a killing event: killed");
            }
        }
        act
    }

    /// Who or what `q` counts: its counted phrase (or the predicate's,
    /// "of whom 63.1% were Poles"), under its side's label in an infobox.
    fn read_subject(&self, q: &Quantity, all: &[Quantity], np: (usize, usize)) -> Option<String> {
        let t = self.toks;
        // "River Flotilla: 1,250 Coastal Army: 9,800": the words after
        // 1,250 label the next figure.
        let np = if subject::next_label(t, np) { (np.0, np.0) } else { np };
        // "of whom 63.1% were Poles": the predicate names what is counted.
        let figures: Vec<usize> = all.iter().map(|o| o.first).collect();
        let subject_np = if np.1 > np.0 {
            subject::coordinated(t, np, &figures)
        } else if t.get(q.end).is_some_and(|x| matches!(x.lower.as_ref(), "were" | "was" | "are" | "is")) {
            let k = q.end + 1;
            let end = t[k..]
                .iter()
                .position(|x| x.kind != crate::tokens::Kind::Word || crate::lexicon::is("function", &x.lower))
                .map_or(t.len(), |p| k + p);
            (k, end)
        } else if let Some(before) = estimated::subject(t, q.first) {
            // "casualties … are estimated at 1,500–2,500".
            before
        } else if let Some(span) = estimated::second_end_subject(t, q.first, &figures) {
            // "… range between 2 million (…) and 3 million".
            span
        } else {
            np
        };
        let subject = (subject_np.1 > subject_np.0)
            .then(|| self.doc.clean(Span::new(t[subject_np.0].span.start, t[subject_np.1 - 1].span.end)).to_string());
        // Rows under a side's label ("Polish insurgents:" over "10,000
        // KIA") count that side.
        // A phrase naming its own people ("Germans"; "KIA" is an
        // abbreviation), or a row about a population ("150,000–200,000
        // civilians killed, 700,000 expelled"), is nobody's side.
        let own_side = (subject_np.0..subject_np.1)
            .any(|k| t[k].capitalized() && t[k].text.chars().any(char::is_lowercase))
            || (q.first.saturating_sub(ROW_WORDS)..subject_np.1.max(q.end))
                .any(|k| crate::lexicon::is("population", &t[k].lower));
        // A label right before the figure inside a row of labelled figures
        // ("… at sea: River Flotilla: 1,250") comes before the side's
        // label over the row.
        let inline = subject::inline_label(t, q.first)
            .map(|(a, b)| self.doc.clean(Span::new(t[a].span.start, t[b - 1].span.end)))
            .and_then(as_side);
        let at = t[q.first].span.start;
        let label = (!own_side)
            .then(|| inline.or_else(|| side_label(self.doc, self.sentence, at)).or_else(|| self.row_side(at)))
            .flatten();
        match (label, subject) {
            (Some(label), Some(s)) => Some(format!("{label} {s}")),
            (Some(label), None) => Some(label.to_string()),
            (None, Some(s)) => Some(s),
            // "Graves: 1,204", "Burials 900+": a figure of an infobox row
            // that names nothing counts what the row's label names.
            (None, None) => self.row_label(t[q.first].span.start),
        }
    }

    /// The last side's label before clean offset `at` inside the value of
    /// the infobox row holding it ([`ROW_SIDE_LABEL`]): the side a flattened
    /// row's figures count until the next label.
    fn row_side(&self, at: usize) -> Option<&str> {
        let row = self.frame.rows.iter().find(|f| f.value.start <= at && at < f.value.end)?;
        let before = self.doc.text.get(row.value.start..at)?;
        ROW_SIDE_LABEL.captures_iter(before).filter_map(|c| c.get(1)).map(|m| m.as_str()).last().and_then(as_side)
    }

    /// The label of the infobox row whose value holds clean offset `at`,
    /// in lower case, where it names what the row counts: not a date or
    /// location row, not an act's label, not one of `row_no_subject`.
    fn row_label(&self, at: usize) -> Option<String> {
        let row = self.frame.rows.iter().find(|f| f.value.start <= at && at < f.value.end)?;
        let label = self.doc.clean(row.label);
        // A label naming an act says only the outcome ("Deaths"), and one
        // naming no count ("Commanders and leaders") holds other rows.
        (frame::row_kind(label) == frame::RowKind::Other && frame::row_act(label).is_none())
            // A wikitext parameter's name ("population_total") in words.
            .then(|| frame::normalise_label(label).replace('_', " "))
            .filter(|l| !l.is_empty() && !crate::lexicon::is("row_no_subject", l))
    }

    /// Where `q` starts in the sentence's clean text, the clean spans of
    /// the sentence's kept figures, and the figure's own stretch of the
    /// sentence (clean offsets; `usize::MAX` for its end when no figure
    /// follows).
    fn segment(&self, q: &Quantity, all: &[Quantity]) -> (usize, Vec<(usize, usize)>, (usize, usize)) {
        let t = self.toks;
        let at = t[q.first].span.start - self.base;
        let claim_spans: Vec<(usize, usize)> =
            all.iter().map(|o| (t[o.first].span.start - self.base, t[o.end - 1].span.end - self.base)).collect();
        // The figure's own stretch of the sentence: from the previous
        // figure's end to the next figure's start.
        let mut seg_lo = claim_spans.iter().map(|c| c.1).filter(|&e| e <= at).max().unwrap_or(0);
        let mut seg_hi = claim_spans.iter().map(|c| c.0).filter(|&s| s > at).min().unwrap_or(usize::MAX);
        let text = self.doc.clean(self.doc.sentences[self.sentence].span);
        // "2,000 people in Kharkiv, 800 or 900 in Poltava": the place in the
        // previous figure's own phrase ("in Kharkiv") is that figure's ...
        if seg_lo > 0 {
            let own = self.places.iter().find(|m| {
                let between = text.get(seg_lo..m.start).unwrap_or("");
                let last = between.trim_end().trim_end_matches(" the").rsplit(' ').next().unwrap_or("");
                m.start >= seg_lo
                    && m.end <= at
                    && matches!(last, "in" | "at" | "near")
                    && !between.contains([',', ';', '.', '('])
            });
            if let Some(m) = own {
                seg_lo = m.end;
            }
        }
        // ... and figures joined as alternatives or a range share the
        // place after the last of them.
        let mut hi_fig = t[q.end - 1].span.end - self.base;
        while seg_hi != usize::MAX {
            let between = text.get(hi_fig..seg_hi).unwrap_or("").trim();
            let joined = matches!(between, "or" | "to" | "and" | "-" | "–" | "or even" | "or as many as");
            let Some(next) = claim_spans.iter().find(|c| c.0 == seg_hi) else { break };
            if !joined {
                break;
            }
            hi_fig = next.1;
            seg_hi = claim_spans.iter().map(|c| c.0).filter(|&s| s > hi_fig).min().unwrap_or(usize::MAX);
        }
        (at, claim_spans, (seg_lo, seg_hi))
    }

    /// The years of the figure at `at`: the time expression nearest it in
    /// its sentence (not one inside a figure), else the years from outside
    /// the sentence.
    fn read_years(
        &self,
        at: usize,
        claim_spans: &[(usize, usize)],
        tr: &mut Trace,
    ) -> Option<(Option<i32>, Option<i32>)> {
        let own_years = self
            .years
            .iter()
            .filter(|y| !claim_spans.iter().any(|&(s, e)| y.start < e && s < y.end))
            .min_by_key(|y| if y.end <= at { at - y.end } else { y.start - at })
            .map(|y| self.running_span(y, 1));
        if own_years.is_some() {
            tr.note("years: the time expression nearest the figure in its sentence");
            own_years
        } else if let Some((from, to, level)) = *self.fallback_years.get_or_init(|| self.find_fallback_years()) {
            tr.note(level);
            Some((from, to))
        } else {
            tr.note("years: none found");
            None
        }
    }

    /// The stance, perpetrator and source of `q`: its sentence's, or its
    /// infobox row's where a reader made one sentence of the rows.
    fn read_voice(&self, q: &Quantity, tr: &mut Trace) -> (Stance, Option<String>, Option<String>) {
        let t = self.toks;
        // A reader that kept an infobox as one paragraph makes one
        // sentence of all its rows: voice is read from the figure's row.
        let span = self.doc.sentences[self.sentence].span;
        let abs = t[q.first].span.start;
        let row = self.frame.rows.iter().find(|f| f.value.start <= abs && abs < f.value.end);
        let flat_row =
            row.filter(|r| span.start < r.value.start || r.value.end < span.end).map(|r| self.doc.clean(r.value));
        let mut stance = flat_row.map_or(self.stance, voice::stance);
        tr.note(if flat_row.is_some() {
            "stance: the words of the figure's infobox row (data/context_words.tsv)"
        } else {
            "stance: the words of the figure's sentence (data/context_words.tsv)"
        });
        let hedged = t[q.first..q.core].iter().any(|x| x.is("estimated"));
        if stance == Stance::Asserted && hedged {
            stance = Stance::Reported;
            tr.note("stance: \"estimated\" before the figure: reported");
        }
        let perpetrator = flat_row.map_or_else(|| self.perpetrator.clone(), voice::perpetrator);
        // The figure's offset in the text its voice is read from.
        let (text, at, source_span) = match (row, flat_row) {
            (Some(r), Some(text)) => (text, abs - r.value.start, voice::source_span(text)),
            _ => (self.text(), abs - self.base, self.source_span.clone()),
        };
        let source = match source_span {
            _ if stance == Stance::Asserted => None,
            Some(r) if voice::contrast_between(text, at, &r) => {
                tr.note(
                    "source: the source named speaks for another clause or parenthesis (\", while\", \"; \", \"(…)\")",
                );
                let own = voice::clause_source_span(text, at);
                if own.is_some() {
                    tr.note("source: named in the figure's own clause (between parentheses and semicolons)");
                }
                own.map(|r| text[r].to_string())
            }
            Some(r) => Some(text[r].to_string()),
            None => None,
        };
        (stance, perpetrator, source)
    }

    /// The sentence's clean text.
    fn text(&self) -> &str {
        self.doc.clean(self.doc.sentences[self.sentence].span)
    }

    /// The previous sentence of the same paragraph.
    fn previous_sentence(&self) -> &str {
        self.sentence_back(1)
    }

    /// The sentence `back` places before this one in the same paragraph.
    fn sentence_back(&self, back: usize) -> &str {
        let s = &self.doc.sentences[self.sentence];
        match self.sentence.checked_sub(back).map(|i| &self.doc.sentences[i]) {
            Some(p) if p.paragraph == s.paragraph => self.doc.clean(p.span),
            _ => "",
        }
    }

    /// The years of `y`, found `back` sentences before this one. "Until
    /// 1945" starts where the running time context (the sentence before
    /// it) does.
    fn running_span(&self, y: &Years, back: usize) -> (Option<i32>, Option<i32>) {
        if y.until {
            let earlier = years::find(self.sentence_back(back))
                .last()
                .and_then(|p| p.from)
                .filter(|&f| y.to.is_some_and(|t| f < t));
            if let Some(f) = earlier {
                return (Some(f), y.to);
            }
        }
        (y.from, y.to)
    }

    /// Headings of the sections holding this sentence, innermost first,
    /// then (with `inherit`) the place heading standing in for a lost
    /// parent, then the title.
    fn headings(&self, inherit: bool) -> Vec<&str> {
        let p = self.doc.sentences[self.sentence].paragraph;
        let mut out: Vec<&str> = self.doc.section_path(p).iter().map(|s| s.heading.as_str()).collect();
        if inherit {
            let parent = self.doc.paragraphs[p].section.and_then(|cur| self.place_parents.get(cur).copied().flatten());
            out.extend(parent.map(|i| self.doc.sections[i].heading.as_str()));
        }
        if let Some(t) = &self.doc.title {
            out.push(t);
        }
        out
    }

    /// The heading of the section holding this sentence, where it is short
    /// enough to be a label ("Strength", "Casualties and losses").
    fn innermost_heading(&self) -> Option<&str> {
        let p = self.doc.sentences[self.sentence].paragraph;
        let h = self.doc.section_path(p).first().copied().map(|s| s.heading.as_str())?;
        (h.split_whitespace().count() <= 5).then_some(h)
    }

    /// A place named by a demonym in the counted phrase or next to the
    /// figure ("Romanian losses were 170,000", "2 million Afghans").
    fn demonym_place(&self, q: &Quantity, np: (usize, usize)) -> Option<String> {
        let t = self.toks;
        let lo = q.first.saturating_sub(3);
        (lo..np.1.max(q.end)).filter(|&k| k < q.first || k >= q.end).find_map(|k| {
            let x = &t[k];
            (x.capitalized()).then(|| demonym(x.text)).flatten().map(str::to_string)
        })
    }

    /// The section's own spelling of `place` where a heading names it
    /// under a variant transliteration ("Massacre of Grishchino" over
    /// "Grischino" in its text), so one section's claims share one name.
    fn heading_spelling(&self, place: String) -> String {
        for h in self.headings(false) {
            for m in self.heading_places.of(h).iter() {
                if m.name != place && place::variant_spellings(&m.name, &place) {
                    return m.name.clone();
                }
            }
        }
        place
    }

    /// The place from outside the sentence, with the level that gave it
    /// (the name of its rule in [`place_rules::RULES`]).
    fn find_fallback_place(&self) -> Option<(String, &'static str)> {
        // The paragraph's first place sets its topic ("In Estonia, …").
        let start = self.doc.sentences[self.sentence].span.start;
        // A place the text puts something in ("in Estonia") comes before
        // one it may only name as an actor ("the Soviet Union formed").
        // "the enclave of Velmar, in northern Estonia", "Varno is a
        // village in Slovakia": the second place only says where the first
        // one lies.
        let text = &self.doc.text;
        let locates_another = |m: &Mention| {
            self.paragraph_places.iter().any(|n| {
                n.end <= m.start && {
                    let gap = text.get(n.end..m.start).unwrap_or("");
                    let gap = gap.strip_prefix(',').unwrap_or(gap).trim();
                    matches!(gap, "in" | "near" | "in the" | "near the") || place::describes_location(gap)
                }
            })
        };
        let before =
            || self.paragraph_places.iter().filter(|m| !m.destination && m.end <= start && !locates_another(m));
        if let Some(m) = before().find(|m| place::locative(&self.doc.text, m.start)).or_else(|| before().next()) {
            return Some((m.name.clone(), "paragraph"));
        }
        self.headings(true)
            .into_iter()
            .find_map(|h| place::pick(h, &self.heading_places.of(h), (h.len(), h.len()), (0, h.len()), false))
            .map(|p| (p, "heading"))
            .or_else(|| self.frame.place.clone().map(|p| (p, "frame")))
    }

    /// The years from outside the sentence, with the level that gave them.
    fn find_fallback_years(&self) -> Option<LeveledYears> {
        // A time expression carries into the next sentence ("In 1941, …
        // The rest …"); further back, it no longer dates the figure. Rows
        // of an infobox are not running text: a row's year ("1944: 21,350
        // casualties") does not date the next row ("Total: 579,985").
        let span = self.doc.sentences[self.sentence].span;
        let in_row = self.frame.rows.iter().any(|f| f.value.start <= span.start && span.end <= f.value.end);
        if let Some(y) = years::find(self.previous_sentence()).last().filter(|_| !in_row) {
            let (from, to) = self.running_span(y, 2);
            return Some((from, to, "years: the previous sentence of the paragraph"));
        }
        // Years stay with their own section: a parent's "(1945)" does not
        // date its subsections' figures.
        for h in self.headings(false) {
            if let Some(y) = years::find(h).first() {
                return Some((y.from, y.to, "years: a section heading or the title"));
            }
        }
        self.frame.years().map(|(from, to)| (from, to, "years: the document's frame (infobox or lead)"))
    }
}

/// The rules that decided a claim's fields, collected only when explaining.
struct Trace {
    on: bool,
    steps: Vec<&'static str>,
}

impl Trace {
    fn note(&mut self, step: &'static str) {
        if self.on {
            self.steps.push(step);
        }
    }
}

/// Paragraphs a side's label reaches down: the rows of one column.
const SIDE_LABEL_REACH: usize = 3;
/// Words a paragraph of infobox rows may hold; a longer one is prose, where
/// a colon opens a gloss or a quotation rather than a column.
const ROW_WORDS: usize = 25;

/// A side's label inside the value of an infobox row a reader kept on one
/// line ("- Casualties1: Velmar militia: , 1,200 killed …, 300
/// wounded"): after the row's start, a colon or a comma, one to five words
/// starting with a capital, then a colon.
static ROW_SIDE_LABEL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?:^|[:,]\s+)(\p{Lu}[\p{L}'’-]*(?:\s+[\p{L}\d][\p{L}\d'’.-]*){0,4}):\s")
        .expect("row side label pattern compiles")
});

/// A side's label opening a line of a rendered infobox ("German forces:
/// 7,000–9,000 KIA"): at the start of a paragraph or after a sentence's
/// end, one to five words starting with a capital, then a colon.
static SIDE_LABEL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?:^|[.!?;]\s+)(\p{Lu}[\p{L}'’-]*(?:\s+[\p{L}\d][\p{L}\d'’.-]*){0,4}):\s")
        .expect("side label pattern compiles")
});

/// The side a row of figures counts, from the label over its column in a
/// rendered infobox ("German forces:" over "7,000–9,000 KIA", "7,000 MIA"):
/// the last label before the figure in its paragraph or, failing one, the
/// label in force at the paragraph's start ([`inherited_side_label`]); the
/// paragraphs must all be short rows. The last label decides: one of one
/// word that names no people ("Total:", "Casualties:") or one holding a
/// function word ("She claimed:") is no side, and ends the search.
pub(crate) fn side_label(doc: &Document, sentence: usize, at: usize) -> Option<&str> {
    let s = doc.sentences.get(sentence)?;
    let p = doc.paragraphs.get(s.paragraph)?.span;
    if !short_row(doc, s.paragraph) {
        return None;
    }
    match last_label(doc.text.get(p.start..at.clamp(p.start, p.end))?) {
        Some(label) => as_side(label),
        None => inherited_side_label(doc, s.paragraph),
    }
}

/// The side's label in force at the start of paragraph `p`: the last
/// label of the few short paragraphs above it in its section. What a
/// paragraph's claims take from the paragraphs above it (the incremental
/// extractor keys paragraphs by it).
pub(crate) fn inherited_side_label(doc: &Document, p: usize) -> Option<&str> {
    inherited_side_label_given(doc, p, |k| short_row(doc, k))
}

/// [`inherited_side_label`] for a caller that knows which paragraphs are
/// short rows (`short(k)` is [`is_short_row`] of paragraph `k`'s text): the
/// incremental extractor keeps that per paragraph text instead of counting
/// words again for every paragraph of every revision.
pub(crate) fn inherited_side_label_given(doc: &Document, p: usize, short: impl Fn(usize) -> bool) -> Option<&str> {
    let here = doc.paragraphs.get(p)?;
    if !short(p) {
        return None;
    }
    (p.saturating_sub(SIDE_LABEL_REACH)..p)
        .rev()
        .take_while(|&k| doc.paragraphs[k].section == here.section && short(k))
        .find_map(|k| last_label(doc.clean(doc.paragraphs[k].span)))
        .and_then(as_side)
}

fn short_row(doc: &Document, p: usize) -> bool {
    is_short_row(doc.clean(doc.paragraphs[p].span))
}

/// True when a paragraph of text `text` is short enough to be a row of
/// figures under a side's label.
pub(crate) fn is_short_row(text: &str) -> bool {
    !more_words_than(text, ROW_WORDS)
}

/// True when `text` has more than `n` words (`split_whitespace`'s words),
/// counted only up to `n + 1`: a claim of a huge paragraph pays for no more
/// than that. Hand-written rather than `split_whitespace().nth(n)`, which
/// gives the same answer several times slower: the incremental extractor
/// asks it of every paragraph of every revision. ASCII bytes are looked at
/// one by one; a multi-byte character is decoded and asked whether it is
/// white space (a test compares the two ways).
fn more_words_than(text: &str, n: usize) -> bool {
    let b = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = if b[i].is_ascii() {
            // `char::is_whitespace` on ASCII: also U+000B, unlike `is_ascii_whitespace`.
            (matches!(b[i], b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1)
        } else {
            match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            }
        };
        if !space && !in_word {
            words += 1;
            if words > n {
                return true;
            }
        }
        in_word = !space;
        i += len;
    }
    false
}

fn last_label(text: &str) -> Option<&str> {
    SIDE_LABEL.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.as_str()).last()
}

fn as_side(label: &str) -> Option<&str> {
    let words: Vec<&str> = label.split_whitespace().collect();
    let prose = words.iter().any(|w| crate::lexicon::is("function", &w.to_lowercase()));
    (!prose && (words.len() >= 2 || words.first().is_some_and(|w| demonym(w).is_some()))).then_some(label)
}

/// The spans of a text's inline citations: square brackets (at their
/// outermost, nested ones inside) that hold a web address, as mirrors of
/// encyclopaedia pages print references ("[Helen Fawkes, [http://… "Title"]
/// , "BBC News", November 24, 2006]"). Hand-written: a regular expression
/// cannot match nested brackets.
fn citations(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '[' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if let Some(start) = open.take() {
                        if text[start..i].contains("://") {
                            out.push(start..i + 1);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use corroborate_doc::{Document, Format, FormatHint};

    #[test]
    fn citations_are_outer_brackets_with_a_web_address() {
        let t = "Deaths rose [A. Lyon, [http://x.org/a \"Title\"] , \"Paper\", May 2, 2006] to 2 million [1] in 1933.";
        let spans = super::citations(t);
        assert_eq!(spans.len(), 1);
        assert!(t[spans[0].clone()].starts_with("[A. Lyon") && t[spans[0].clone()].ends_with("2006]"));
    }

    fn subjects(text: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Is(Format::Text)).expect("reads");
        crate::extract(&doc).into_iter().map(|c| (c.quote, c.subject)).collect()
    }

    #[test]
    fn more_words_than_counts_as_split_whitespace() {
        let texts = ["", " ", "one", "one two", " a\u{b}b\u{a0}c\u{2003}d\te\r\nf ", "été à 12 000\u{202f}morts"];
        for text in texts {
            for n in 0..8 {
                let want = text.split_whitespace().nth(n).is_some();
                assert_eq!(super::more_words_than(text, n), want, "{text:?} {n}");
            }
        }
    }

    #[test]
    fn rows_under_a_side_label_count_that_side() {
        let text = "Battle of Korvath\n\nCasualties and losses\nVelmar militia:\n1,200 KIA\n\n300 WIA\n150 POW\n\n\
                    Dunmark forces:\n900 KIA\n\n40,000 civilians killed, 9,000 expelled from the city.\n";
        let got = subjects(text);
        let of = |q: &str| got.iter().find(|(quote, _)| quote == q).and_then(|(_, s)| s.clone());
        assert_eq!(of("1,200").as_deref(), Some("Velmar militia KIA"), "{got:?}");
        assert_eq!(of("300").as_deref(), Some("Velmar militia WIA"), "{got:?}");
        assert_eq!(of("900").as_deref(), Some("Dunmark forces KIA"), "{got:?}");
        // A population is nobody's side.
        assert_eq!(of("40,000").as_deref(), Some("civilians"), "{got:?}");
    }

    #[test]
    fn subjects_name_who_through_the_paragraph() {
        let text =
            "Report\n\nFatalities: 4,000–6,000 Karens and Mons, by the official count (exile groups claim 20,000 \
                    perished). Estimates of the total number of deaths in the valley range between 9,000 (a census) \
                    and 12,000.\n";
        let got = subjects(text);
        let of = |q: &str| got.iter().find(|(quote, _)| quote == q).and_then(|(_, s)| s.clone());
        assert_eq!(of("4,000–6,000").as_deref(), Some("Karens and Mons"), "{got:?}");
        assert_eq!(of("20,000").as_deref(), Some("Karens and Mons who perished"), "{got:?}");
        assert_eq!(of("9,000").as_deref(), Some("deaths in the valley"), "{got:?}");
        assert_eq!(of("12,000").as_deref(), Some("deaths in the valley"), "{got:?}");
    }

    #[test]
    fn a_figure_named_as_a_figure_takes_its_headings_act() {
        let text = "Estimated Deaths at the Crossing\n\nEarly reports gave a figure of 1,300 from the mission.\n";
        let doc = Document::read("t.txt", text.as_bytes().to_vec(), FormatHint::Is(Format::Text)).expect("reads");
        let got = crate::extract(&doc);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].act, Some("died"));
        assert_eq!(got[0].subject.as_deref(), Some("deaths"));
    }

    #[test]
    fn an_infobox_rows_label_names_what_its_figure_counts() {
        let text = "Korvath Memorial\n\nInfobox - Title: Korvath Memorial - Graves: 1,204, (of 1,900 carved names) - \
                    Deaths: 2,000 - Commanders and leaders: Ivo Darn 5,000 to 6,000\n\nText.\n";
        let got = subjects(text);
        let of = |q: &str| got.iter().find(|(quote, _)| quote == q).and_then(|(_, s)| s.clone());
        assert_eq!(of("1,204").as_deref(), Some("graves"), "{got:?}");
        // An act's label names only the outcome; a block of other rows no count.
        assert_eq!(of("2,000"), None, "{got:?}");
        assert_eq!(of("5,000 to 6,000"), None, "{got:?}");
    }

    #[test]
    fn a_flattened_rows_sides_name_its_figures() {
        let text = "Battle of Korvath\n\nInfobox - Conflict: Battle of Korvath - Casualties1: Velmar militia: , 1,200 \
                    killed and missing , 300 wounded in action , Dunmark forces: 900 casualties\n\nText.\n";
        let got = subjects(text);
        let of = |q: &str| got.iter().find(|(quote, _)| quote == q).and_then(|(_, s)| s.clone());
        assert_eq!(of("1,200").as_deref(), Some("Velmar militia killed and missing"), "{got:?}");
        assert_eq!(of("300").as_deref(), Some("Velmar militia wounded"), "{got:?}");
        assert_eq!(of("900").as_deref(), Some("Dunmark forces casualties"), "{got:?}");
    }

    #[test]
    fn rows_under_a_pages_name_are_an_infobox() {
        let text = "Korvath Flood Memorial\n\nKorvath Flood Memorial, Cemetery of the Flood\n- Native Name Lang: dk\n\
                    - Country: Dunmark\n- Type: public, memorial\n- Graves: 1,204, (of 1,900 carved names)\n\nText.\n";
        let got = subjects(text);
        let of = |q: &str| got.iter().find(|(quote, _)| quote == q).and_then(|(_, s)| s.clone());
        assert_eq!(of("1,204").as_deref(), Some("graves"), "{got:?}");
    }

    #[test]
    fn including_starts_no_counted_phrase() {
        let got =
            subjects("Report\n\nThe raid on the town left 340 dead, 120 including 40 children buried in one grave.\n");
        assert!(got.iter().all(|(_, s)| s.as_deref() != Some("including")), "{got:?}");
    }

    #[test]
    fn a_colon_in_prose_is_no_side() {
        let got = subjects("Report\n\nShe claimed: 5,000 soldiers were killed in the fighting near the river that spring, far more than the official count admitted at the time.\n");
        assert!(got.iter().all(|(_, s)| !s.as_deref().unwrap_or("").starts_with("She")), "{got:?}");
    }
}
