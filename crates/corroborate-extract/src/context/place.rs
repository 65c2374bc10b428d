//! Places: a gazetteer built from GeoNames (countries, cities over 15,000
//! people; `data/gazetteer.tsv`, CC BY 4.0) and a curated table of
//! historical entities and regions with their modern parents and members
//! (`data/historical.tsv`), matched with one Aho-Corasick automaton.
//!
//! A claim's place is read from its sentence, then the paragraph before it,
//! then its section headings and the title: never from outside knowledge.
//! Inside a sentence, destinations ("deported to Siberia") are passed over
//! (forces and materiel are placed where they were sent), a place inside
//! another one mentioned beside it wins ("in Vienna" over "In Austria"), a
//! list of places gives the smallest place holding them all ("Nis and
//! Leskovac" → Serbia), and otherwise the mention nearest the figure wins,
//! a mention shut in a parenthesis the figure is not in counting as far.
//! Villages the gazetteer does not hold are caught by the phrases that
//! introduce places ("in X", "the village of X", "the X massacre", "in the
//! X Gulf", a lead's "X is a village in"); regional peoples ("Crimean Tatars") and national events ("the
//! Spanish Civil War") name places too.

use crate::lexicon::rows;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::Regex;
use regex_automata::meta;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// A place of the gazetteer.
#[derive(Debug, Clone)]
pub struct Place {
    /// Its English name.
    pub name: &'static str,
    /// `continent`, `country`, `city`, `historical` or `region`.
    pub kind: &'static str,
    /// The place containing it.
    pub parent: Option<usize>,
    /// Modern places a historical entity contained.
    pub members: Vec<usize>,
}

/// The gazetteer: places and an automaton over their names and aliases.
pub struct Gazetteer {
    /// All places.
    pub places: Vec<Place>,
    by_name: FxHashMap<&'static str, usize>,
    automaton: AhoCorasick,
    /// Place index of each automaton pattern.
    pattern_place: Vec<usize>,
    /// Where a name may start: see [`Starts`].
    starts: Starts,
    /// The historical entities (the only places with members).
    historical: Vec<usize>,
}

/// The gazetteer, loaded once.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

impl Gazetteer {
    fn load() -> Gazetteer {
        let mut rows_all: Vec<Vec<&'static str>> = rows(include_str!("../../data/gazetteer.tsv")).collect();
        rows_all.extend(rows(include_str!("../../data/historical.tsv")));
        let mut places = Vec::new();
        let mut by_name = FxHashMap::default();
        for r in &rows_all {
            if r.len() < 2 || by_name.contains_key(r[0]) {
                continue;
            }
            by_name.insert(r[0], places.len());
            places.push(Place { name: r[0], kind: r[1], parent: None, members: Vec::new() });
        }
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut pattern_place = Vec::new();
        for r in &rows_all {
            let Some(&i) = by_name.get(r[0]) else {
                continue;
            };
            if places[i].parent.is_none() {
                places[i].parent = r.get(2).and_then(|p| by_name.get(p).copied()).filter(|&p| p != i);
            }
            if let Some(m) = r.get(5) {
                places[i].members = m.split('|').filter_map(|n| by_name.get(n.trim()).copied()).collect();
            }
            patterns.push(r[0]);
            pattern_place.push(i);
            for a in r.get(4).map_or("", |a| a).split('|').map(str::trim).filter(|a| a.len() > 1) {
                patterns.push(a);
                pattern_place.push(i);
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&patterns)
            .expect("gazetteer automaton builds");
        let starts = Starts::new(&patterns);
        // A region inside a country ("Transylvania" in Romania) lists
        // the modern country it lies in as its member: it overlaps that
        // country, it does not hold all of it. Its other members (the
        // provinces a region lists) it does hold.
        for i in 0..places.len() {
            if places[i].parent.is_some_and(|p| places[p].kind == "country") {
                let kept: Vec<usize> =
                    places[i].members.iter().copied().filter(|&m| places[m].kind != "country").collect();
                places[i].members = kept;
            }
        }
        let historical = (0..places.len()).filter(|&i| !places[i].members.is_empty()).collect();
        Gazetteer { places, by_name, automaton, pattern_place, starts, historical }
    }

    /// The names in `text` as `(start, end, place)`: exactly the matches
    /// of `automaton.find_iter(text)` (leftmost-longest, each search going
    /// on from the end of the match before), found by an anchored search
    /// only where [`Starts`] says a name may begin. An unanchored search
    /// walks the 40,000-name automaton through every byte of the text;
    /// here a byte pair test skips most of them (a name starts with a
    /// capital nearly always), which makes place mentions about 2.5 times
    /// faster to find.
    fn find_names<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                if self.starts.may_start(bytes, at) {
                    let input = Input::new(text).span(at..bytes.len()).anchored(Anchored::Yes);
                    if let Some(m) = self.automaton.find(input) {
                        at = m.end().max(at + 1);
                        return Some((m.start(), m.end(), self.pattern_place[m.pattern().as_usize()]));
                    }
                }
                at += 1;
            }
            None
        })
    }

    /// The place called `name` (its canonical name, not an alias).
    pub fn get(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The place a claim's place name stands for: a canonical name, an
    /// alias ("Leningrad", "USSR"), or either after a direction word
    /// ("eastern Poland").
    pub fn lookup(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.get(name) {
            return Some(i);
        }
        let whole = |s: &str| {
            self.automaton
                .find(s)
                .filter(|m| m.start() == 0 && m.end() == s.len())
                .map(|m| self.pattern_place[m.pattern().as_usize()])
        };
        whole(name).or_else(|| name.split_once(' ').and_then(|(_, rest)| self.get(rest).or_else(|| whole(rest))))
    }

    /// True when place `outer` contains place `inner` (or is it): through
    /// parents ("Belgrade" ⊂ "Serbia") and historical members ("Serbia" ⊂
    /// "Yugoslavia").
    pub fn contains(&self, outer: usize, inner: usize) -> bool {
        let mut cur = Some(inner);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == outer || self.places[outer].members.contains(&c) {
                return true;
            }
            cur = self.places[c].parent;
            steps += 1;
            if steps > 16 {
                break;
            }
        }
        false
    }

    /// The smallest place holding both `a` and `b`, below the level of a
    /// continent: a shared parent ("Niš", "Leskovac" → "Serbia"), else the
    /// historical entity or region with the fewest members that holds both
    /// ("Serbia", "North Macedonia" → "Yugoslavia").
    pub fn common(&self, a: usize, b: usize) -> Option<usize> {
        let mut cur = Some(a);
        let mut steps = 0;
        while let Some(c) = cur {
            if self.places[c].kind == "continent" || steps > 16 {
                break;
            }
            if self.contains(c, b) {
                return Some(c);
            }
            cur = self.places[c].parent;
            steps += 1;
        }
        self.historical
            .iter()
            .copied()
            .filter(|&h| self.contains(h, a) && self.contains(h, b))
            .min_by_key(|&h| self.places[h].members.len())
    }

    /// Names of every place containing `place`, innermost first.
    pub fn ancestors(&self, place: usize) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut cur = self.places[place].parent;
        while let Some(c) = cur {
            if out.contains(&self.places[c].name) || out.len() > 16 {
                break;
            }
            out.push(self.places[c].name);
            cur = self.places[c].parent;
        }
        for &i in &self.historical {
            let p = &self.places[i];
            if p.members.iter().any(|&m| m == place || self.contains(m, place)) && !out.contains(&p.name) {
                out.push(p.name);
            }
        }
        out
    }
}

/// The first two bytes of every gazetteer name, as a set of 65,536 bits
/// (8 KB), and the first bytes of names one byte long: a name can start at
/// a byte only where these do.
struct Starts {
    pairs: Vec<u64>,
    single: [bool; 256],
}

impl Starts {
    fn new(patterns: &[&str]) -> Starts {
        let mut starts = Starts { pairs: vec![0; 1024], single: [false; 256] };
        for p in patterns {
            match *p.as_bytes() {
                [a, b, ..] => {
                    let k = usize::from(a) << 8 | usize::from(b);
                    starts.pairs[k >> 6] |= 1 << (k & 63);
                }
                [a] => starts.single[usize::from(a)] = true,
                [] => {}
            }
        }
        starts
    }

    /// True when a name may start at `bytes[at]`.
    fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        let a = bytes[at];
        self.single[usize::from(a)]
            || bytes.get(at + 1).is_some_and(|&b| {
                let k = usize::from(a) << 8 | usize::from(b);
                self.pairs[k >> 6] >> (k & 63) & 1 == 1
            })
    }
}

/// A place mentioned in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset in the scanned text.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// The place's name as the claim gives it (canonical, or as written
    /// for places the gazetteer does not hold).
    pub name: String,
    /// The gazetteer entry, if any.
    pub place: Option<usize>,
    /// Introduced as a destination ("to Siberia").
    pub destination: bool,
    /// Known only as the name of a facility ("at the Sunwu military
    /// hospital"): used when the sentence names no other place.
    pub weak: bool,
}

/// Words that start a capitalised phrase which is not a place.
static NOT_PLACE: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "World",
        "War",
        "Army",
        "Battle",
        "Siege",
        "Operation",
        "General",
        "Marshal",
        "President",
        "Prime",
        "Minister",
        "Colonel",
        "Captain",
        "Lieutenant",
        "Major",
        "Sergeant",
        "Commander",
        "Professor",
        "Prof",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Saint",
        "St",
        "God",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Red",
        "White",
        "Black",
        "Allied",
        "Axis",
        "Communist",
        "Party",
        "Front",
        "Guards",
        "Corps",
        "Division",
        "Brigade",
        "Regiment",
        "Order",
        "Resolution",
        "Article",
        "Act",
        "Treaty",
        "Conference",
        "Court",
        "Tribunal",
        "Committee",
        "Commission",
        "Ministry",
        "Office",
        "Bureau",
        "Report",
        "Book",
        "Church",
        "University",
        "Institute",
        "Academy",
        "Museum",
        "Library",
        "Archive",
        "Archives",
        "Holocaust",
        "Genocide",
        "Revolution",
        "Civil",
        "Cold",
        "Great",
        "Second",
        "First",
        "Third",
        "Fourth",
        "Western",
        "Eastern",
        "Northern",
        "Southern",
        "Central",
        "Upper",
        "Lower",
        "New",
        "Old",
        "Christmas",
        "Easter",
        "I",
        "II",
        "III",
        "Mass",
        "Some",
        "Many",
        "Most",
        "All",
        "Both",
        "In",
        "At",
        "On",
        "Of",
        "From",
        "During",
        "After",
        "Before",
        "Between",
        "When",
        "While",
        "However",
        "Although",
        "Despite",
        "According",
        "English",
        "Jewish",
        "Jews",
    ]
    .into_iter()
    .collect()
});

static FACILITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|at|near)\s+the\s+([A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?)\s+(?:military\s+|main\s+|central\s+)?(?:hospital|airport|airfield|camp|prison|station|port|harbou?r|square|village|town|barracks|ghetto|mine|factory)(?-u:\b)")
        .expect("facility pattern compiles")
});
/// Built without a prefilter: its literals ("in", "at") occur everywhere,
/// inside words too, and stopping at each costs more than the lazy DFA
/// scanning every byte (2.5 times the time on the example texts).
static INTRO: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Builder::new().configure(meta::Config::new().auto_prefilter(false)).build(r"(?-u:\b)(?:in|at|near|around|outside|throughout|within|village of|town of|city of|enclave of|municipality of|villages of|towns of|region of|province of|district of|[Mm]assacre of|[Ss]iege of|[Bb]attle of|[Ss]ack of|[Ff]all of|[Ll]iberation of|[Oo]ccupation of|[Bb]ombing of|[Dd]estruction of)\s+((?:[A-Z][\p{L}’'\-]+)(?:\s+(?:[A-Z][\p{L}’'\-]+|Province|Oblast|Gulf|Bay|Island|Islands|Valley|District|Region|County))*)")
        .expect("intro pattern compiles")
});
static ADMIN_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    // "the Checheno-Ingush Autonomous Soviet Socialist Republic", "Kirov
    // Oblast", "Volhynian Voivodeship": a name before the head word of an
    // administrative unit. (Plain "Republic", "Province" or "District"
    // name states and bodies too often to count alone.)
    Regex::new(r"(?-u:\b)((?:[A-Z][\p{L}’'\-]+\s+){1,3})((?:Autonomous\s+)?(?:Soviet\s+Socialist\s+Republic|Oblast|Voivodeship|Governorate|Krai|Okrug|Autonomous\s+Region|Prefecture))(?-u:\b)")
        .expect("administrative unit pattern compiles")
});
static SPREAD_ORIGIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)from\s+(?:all\s+over|across|throughout|all\s+parts\s+of)\s+(?:the\s+)?$")
        .expect("spread origin pattern compiles")
});
static FEATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|at|near|off|across|on)\s+the\s+([A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?\s+(?:[Dd]elta|Gulf|Bay|Strait|Sea|[Vv]alley|Basin|Peninsula|Islands|Oblast|Province|District|Region))(?-u:\b)")
        .expect("feature pattern compiles")
});
static REFERENCE_POINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:miles|kilometres|kilometers|km)\s+(?:from|of)\s+(?:the\s+)?$")
        .expect("reference point pattern compiles")
});
static AREA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|from|of)\s+the\s+((?:areas?|regions?|territories|territory|lands?|provinces?|districts?)\s+(?:east|west|north|south)\s+of\s+(?:the\s+)?[A-Z][\p{L}’'\-]+(?:\s+and\s+(?:the\s+)?[A-Z][\p{L}’'\-]+)?)")
        .expect("area pattern compiles")
});
static SETTLEMENT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    // "Varno (Hungarian: Várnó) is a village in …": the lead of a page about
    // a settlement names it first.
    Regex::new(r"^([A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?)(?:\s+\([^)]{0,80}\))?\s+(?:is|was)\s+an?\s+(?:small\s+|former\s+|large\s+)?(?:village|town|hamlet|municipality|settlement|township)(?-u:\b)")
        .expect("settlement lead pattern compiles")
});
static LOCATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\([^)]{0,80}\)\s+)?(?:is|was)\s+an?\s+(?:small\s+|former\s+|large\s+)?(?:village|town|hamlet|municipality|settlement|township|city)\s+in(?:\s+the)?$")
        .expect("locating pattern compiles")
});

/// True when the words between two places say the first lies in the
/// second ("(Hungarian: Várnó) is a village in"): the second only locates
/// the first, which the text is about.
pub(crate) fn describes_location(gap: &str) -> bool {
    LOCATES.is_match(gap)
}

static MASSACRE: LazyLock<Regex> = LazyLock::new(|| {
    // "the Kulchabat, Bala Karz and Mushkizi massacre": the first named.
    Regex::new(r"(?-u:\b)(?:[Tt]he\s+)?([A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?)(?:(?:,\s+|\s+and\s+)[A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?)*\s+(?:[Mm]assacres?|[Pp]ogroms?|[Kk]illings|[Aa]trocity|[Aa]trocities|[Uu]prising|[Gg]hetto|[Cc]amp)(?-u:\b)")
        .expect("massacre pattern compiles")
});

/// Words one of which (case aside) every match of [`ADMIN_UNIT`] holds,
/// and of [`MASSACRE`]: a text holding none is not searched. Both patterns
/// open on a run of capitalised words, which leaves the regex engine no
/// literal to skip ahead by, so it runs through every byte; looking for
/// their head words first is several times faster, and most paragraphs
/// hold none.
static ADMIN_UNIT_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    gate(&["republic", "oblast", "voivodeship", "governorate", "krai", "okrug", "region", "prefecture"])
});
static MASSACRE_WORDS: LazyLock<AhoCorasick> =
    LazyLock::new(|| gate(&["massacre", "pogrom", "killings", "atrocit", "uprising", "ghetto", "camp"]));

fn gate(words: &[&str]) -> AhoCorasick {
    AhoCorasick::builder().ascii_case_insensitive(true).build(words).expect("gate words build")
}

static CAPITALISED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z][\p{L}]+(?-u:\b)").expect("capitalised word pattern compiles"));
static EVENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:[Cc]ivil [Ww]ar|[Rr]evolution|[Uu]prising|[Rr]ising|[Rr]evolt|[Ii]nsurrection|[Ff]amine|[Ww]ar of [Ii]ndependence)(?-u:\b)")
        .expect("event pattern compiles")
});
static PEOPLE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+[A-Z]\p{L}+").expect("people-after pattern compiles"));
static DESCRIBES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:city|town|village|port|capital|region|district|province)\s+of\s")
        .expect("describing pattern compiles")
});
static DEMONYM_DESTINATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:to|into|towards?)\s+the\s+([A-Z][\p{L}]+)(?-u:\b)")
        .expect("demonym destination pattern compiles")
});

/// True when the place at `start..end` is part of something else's name:
/// an organisation, publication or unit whose capitalised name runs on to
/// a head word ("United States Army Air Forces", "The New York Times"); an actor named by its country ("the
/// government of China maintains", "the Communist Party of China"; a
/// court's country stays: it is where the case was tried); or a type named after a town
/// ("Lancaster bombers"); or an actor's attribute ("Beijing mayor").
/// The word lists are in `data/context_words.tsv`
/// (`org_head`, `actor_of`, `type_noun`, `role_noun`); a name that runs on through
/// more than four words is a guess left alone.
fn names_a_body(text: &str, start: usize, end: usize) -> bool {
    use crate::lexicon::is;
    // Borrowed words and a lower case made only for a word that has
    // capitals: this runs for every place mention of every paragraph.
    fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty())
    }
    let is_lower = |class: &str, w: &str| {
        if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            is(class, w)
        } else {
            is(class, &w.to_lowercase())
        }
    };
    let cap = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    // The name runs on after the place: capitalised words, "of", "the".
    let tail = text.get(end..).unwrap_or("");
    let tail = &tail[..tail.char_indices().nth(60).map_or(tail.len(), |(i, _)| i)];
    // "Lancaster heavy bombers": a type noun within the next three words,
    // before any punctuation.
    let plain = &tail[..tail.find([',', '.', ';', ':', '(', ')']).unwrap_or(tail.len())];
    if words(plain).take(3).any(|w| is_lower("type_noun", w)) {
        return true;
    }
    // "Beijing mayor", "Moscow officials": the place qualifies an actor.
    if words(tail).next().is_some_and(|w| !cap(w) && is("role_noun", w)) {
        return true;
    }
    let glued = tail.starts_with(' ') && tail[1..].starts_with(|c: char| c.is_uppercase());
    if glued {
        for w in words(tail).take(4) {
            if !cap(w) {
                break;
            }
            if is_lower("org_head", w) {
                return true;
            }
        }
    }
    // Before the place: "Party of China", "government of China".
    let head_text = text.get(..start).unwrap_or("");
    let from = head_text.char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    let mut before = words(&head_text[from..]).rev();
    let (last, second) = (before.next(), before.next());
    matches!((second, last), (Some(w), Some("of")) if is_lower("actor_of", w))
}

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// Verbs of movement: a place after "to" in their phrase is where people
/// were taken, not where the counted events happened.
const MOVEMENT: &[&str] = &[
    "deported",
    "sent",
    "transported",
    "moved",
    "taken",
    "resettled",
    "exiled",
    "fled",
    "escaped",
    "evacuated",
    "expelled",
    "shipped",
    "returned",
    "relocated",
    "transferred",
    "deportation",
    "deportations",
    "flee",
    "escape",
    "way",
    "sending",
    "taking",
    "deporting",
    "moving",
];

/// The word before `start`, passing over a "the": "in" for "in the
/// Soviet Union". With it, the text before that word.
fn word_before(text: &str, start: usize) -> (&str, &str) {
    let head = text.get(..start).unwrap_or("").trim_end();
    let head = head.strip_suffix("the").map_or(head, str::trim_end);
    let last = head.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    (last, head)
}

fn is_destination(text: &str, start: usize) -> bool {
    let (last, head) = word_before(text, start);
    if matches!(last, "to" | "into" | "towards" | "toward") {
        return true;
    }
    // "deported to the Soviet GULAG in Siberia": a "to" earlier in the same
    // phrase, after a verb of movement.
    let phrase_start = head.rfind([',', '.', ';', '(', ':']).map_or(0, |i| i + 1);
    let phrase = &head[phrase_start..];
    let words: Vec<&str> = phrase.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let to = words.iter().rposition(|w| matches!(*w, "to" | "into"));
    to.is_some_and(|k| words[..k].iter().rev().take(4).any(|w| MOVEMENT.contains(w)))
}

/// "eastern Poland", "northeastern Serbia": a direction before a place
/// makes a place of its own.
fn directional(text: &str, start: usize) -> Option<usize> {
    let head = &text[..start];
    let trimmed = head.trim_end_matches(' ');
    if trimmed.len() == head.len() || trimmed.len() + 1 != head.len() {
        return None;
    }
    let word_start =
        trimmed.char_indices().rev().find(|(_, c)| !c.is_alphabetic()).map_or(0, |(i, c)| i + c.len_utf8());
    let w = trimmed[word_start..].to_lowercase();
    let dirs = [
        "eastern",
        "western",
        "northern",
        "southern",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "east",
        "west",
        "north",
        "south",
    ];
    (dirs.contains(&w.as_str()) && text[word_start..].chars().next().is_some_and(char::is_lowercase)
        || dirs[..4].contains(&w.as_str()))
    .then_some(word_start)
}

/// The name a claim gives a place: as the text spells it ("Thessaloniki",
/// "Leningrad", "My Lai"), except abbreviations ("USSR"), which take the
/// gazetteer's name; a leading article is dropped ("The Netherlands").
fn display_name(surface: &str, canonical: &str) -> String {
    let abbreviation = surface.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && surface.len() <= 6;
    let name = if abbreviation { canonical } else { surface };
    name.strip_prefix("The ").or_else(|| name.strip_prefix("the ")).unwrap_or(name).to_string()
}

/// True when two place names are spellings of one name: they differ by
/// one letter (two in names of ten letters or more), ignoring case
/// ("Grischino", "Grishchino"), but are not one name.
pub(crate) fn variant_spellings(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let shortest = a.chars().count().min(b.chars().count());
    let allowed = if shortest >= 10 { 2 } else { 1 };
    shortest >= 5 && a != b && strsim::levenshtein(&a, &b) <= allowed
}

/// True when the mention starting at `start` follows a preposition of
/// location ("in Estonia", "at the Sunwu military hospital"): the text
/// says something happened there, where a bare name is often an actor
/// ("the Soviet Union was guilty", "forces of Nazi Germany").
pub(crate) fn locative(text: &str, start: usize) -> bool {
    matches!(
        word_before(text, start).0.to_lowercase().as_str(),
        "in" | "at" | "near" | "across" | "throughout" | "within" | "inside" | "outside" | "around" | "over"
    )
}

/// True when a heading is a place name and nothing more, but for a
/// parenthesis ("Estonia", "Czechoslovakia (1945)").
pub(crate) fn names_only_a_place(heading: &str) -> bool {
    let bare = heading.split('(').next().unwrap_or("").trim();
    let ms = mentions(bare);
    matches!(ms.as_slice(), [m] if m.start == 0 && m.end == bare.len() && m.place.is_some())
}

/// True when a mention in `out` overlaps the range `start..end`.
fn overlaps(out: &[Mention], start: usize, end: usize) -> bool {
    out.iter().any(|m| m.start < end && start < m.end)
}

/// Adds a strong mention of `name` unless one already covers its range.
fn push_new(out: &mut Vec<Mention>, start: usize, end: usize, name: &str, place: Option<usize>, destination: bool) {
    if !overlaps(out, start, end) {
        out.push(Mention { start, end, name: name.to_string(), place, destination, weak: false });
    }
}

/// The names among `mentions` that a text introduces as places although
/// the gazetteer does not hold them ("the town of Srebrenica", "the Lidice
/// massacre"), each once, added to `names`: once a document has said a
/// name is a place, it stays one wherever the name recurs ("within
/// Srebrenica"; see [`add_known`]).
pub(crate) fn introduced(mentions: &[Mention], names: &mut Vec<String>) {
    for m in mentions.iter().filter(|m| introduces(m)) {
        if !names.contains(&m.name) {
            names.push(m.name.clone());
        }
    }
}

/// True when mention `m` introduces its name as a place (see
/// [`introduced`]).
fn introduces(m: &Mention) -> bool {
    let capitalised = m.name.starts_with(|c: char| c.is_uppercase());
    // "the massacre of POWs": an acronym is a body or a people.
    let acronym = m.name.chars().filter(|c| c.is_uppercase()).count() > 1 && !m.name.contains(' ');
    m.place.is_none() && !m.weak && capitalised && !acronym
}

/// The names a document introduced as places (see [`introduced`]), with
/// one automaton over them all: [`add_known`] runs for every paragraph
/// with a figure, and one pass over its text replaces a substring search
/// per name.
#[derive(Debug, Default)]
pub(crate) struct Known {
    names: Vec<String>,
    /// All occurrences of every name, overlapping ones included; `None`
    /// without names.
    automaton: Option<AhoCorasick>,
}

impl Known {
    /// The automaton over `names`, in their order.
    pub(crate) fn new(names: Vec<String>) -> Known {
        // Building fails only past the automaton's size limits, far
        // beyond the names one document introduces; without it no
        // paragraph gains a known name, as without names.
        // A contiguous NFA: a DFA (the default for a few names) takes
        // longer to build than one document's paragraphs take to search.
        let automaton = (!names.is_empty())
            .then(|| AhoCorasick::builder().kind(Some(AhoCorasickKind::ContiguousNFA)).build(&names).ok())
            .flatten();
        Known { names, automaton }
    }

    /// The names, in the order found.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// For each name in order, the starts of its occurrences in `text`
    /// that `text.match_indices(name)` gives: left to right, each search
    /// going on from the end of the occurrence before.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut all: Vec<(usize, usize)> =
            ac.find_overlapping_iter(text).map(|m| (m.pattern().as_usize(), m.start())).collect();
        all.sort_unstable();
        let mut last: Option<(usize, usize)> = None; // (name, end of its last occurrence)
        all.retain(|&(i, start)| {
            let free = !matches!(last, Some((j, end)) if j == i && start < end);
            if free {
                last = Some((i, start + self.names[i].len()));
            }
            free
        });
        all
    }
}

/// Adds to `out` (the [`mentions`] of `text`) every occurrence of a name
/// in `known` (names the document introduced as places elsewhere, found
/// by [`introduced`]) that no mention covers yet, with the same checks as
/// any mention. Earlier names come first where occurrences overlap.
pub(crate) fn add_known(text: &str, out: &mut Vec<Mention>, known: &Known) {
    let before = out.len();
    for (i, start) in known.occurrences(text) {
        let name = &known.names[i];
        let end = start + name.len();
        if boundary_ok(text, start, end) && !overlaps(out, start, end) {
            let destination = is_destination(text, start);
            out.push(Mention { start, end, name: name.clone(), place: None, destination, weak: false });
        }
    }
    if out.len() == before {
        return;
    }
    let mut added = out.split_off(before);
    added.retain(|m| keeps(text, m));
    out.extend(added);
    settle(text, out);
}

/// Every place mentioned in `text`, in order.
pub fn mentions(text: &str) -> Vec<Mention> {
    Partial::find(text).complete(text)
}

/// A text's mentions before the last steps of [`mentions`]: enough to
/// tell which names it introduces as places ([`Partial::introduce`]).
/// Every paragraph of a document is scanned for those, but only a
/// paragraph with a figure needs its mentions complete; the steps left
/// (homelands and events, which name only gazetteer places, and the
/// checks of [`keeps`] on every mention) are about a sixth of the work.
#[derive(Debug, Clone, Default)]
pub(crate) struct Partial {
    /// Gazetteer names, phrases, administrative units and demonym
    /// destinations, in the order found, none checked by [`keeps`] yet.
    found: Vec<Mention>,
}

impl Partial {
    /// The first steps of [`mentions`] on `text`.
    pub(crate) fn find(text: &str) -> Partial {
        let mut found = Vec::new();
        for find in [gazetteer_names, phrases, admin_units, demonym_destinations] {
            find(text, &mut found);
        }
        Partial { found }
    }

    /// The [`mentions`] of `text`, whose first steps these are.
    pub(crate) fn complete(self, text: &str) -> Vec<Mention> {
        let mut out = self.found;
        homelands_and_events(text, &mut out);
        out.retain(|m| keeps(text, m));
        settle(text, &mut out);
        out
    }

    /// Adds to `names` what [`introduced`] adds for the [`mentions`] of
    /// `text`, whose first steps these are: the mentions
    /// [`homelands_and_events`] would add are gazetteer places, which
    /// introduce nothing, and [`settle`] sorts by start, stably.
    pub(crate) fn introduce(&self, text: &str, names: &mut Vec<String>) {
        let mut introducing: Vec<&Mention> = self.found.iter().filter(|m| introduces(m) && keeps(text, m)).collect();
        introducing.sort_by_key(|m| m.start);
        for m in introducing {
            if !names.contains(&m.name) {
                names.push(m.name.clone());
            }
        }
    }
}

/// The gazetteer's names, with a direction before them ("northern Bosnia").
fn gazetteer_names(text: &str, out: &mut Vec<Mention>) {
    let g = &*GAZETTEER;
    for (m_start, m_end, place) in g.find_names(text) {
        if !boundary_ok(text, m_start, m_end) {
            continue;
        }
        let name = display_name(&text[m_start..m_end], g.places[place].name);
        let (start, name) = match directional(text, m_start) {
            Some(ds) => (ds, format!("{} {}", text[ds..m_start].trim(), name)),
            None => (m_start, name),
        };
        out.push(Mention {
            start,
            end: m_end,
            name,
            place: Some(place),
            destination: is_destination(text, m_start),
            weak: false,
        });
    }
}

/// Places the gazetteer does not hold, named by the phrases around them:
/// areas, facilities, introduced names, features, massacres, the
/// settlement a lead describes.
fn phrases(text: &str, out: &mut Vec<Mention>) {
    let demonym = |w: &str| crate::context::demonym(w).is_some();
    let massacre = MASSACRE_WORDS.is_match(text);
    for (re, weak, run) in [
        (Some(&*AREA), false, true),
        (Some(&*FACILITY), true, true),
        (None, false, true), // INTRO
        (Some(&*FEATURE), false, true),
        (Some(&*MASSACRE), false, massacre),
        (Some(&*SETTLEMENT_LEAD), false, true),
    ] {
        if !run {
            continue;
        }
        let spans: Box<dyn Iterator<Item = (usize, usize)>> = match re {
            Some(re) => Box::new(re.captures_iter(text).filter_map(|c| c.get(1)).map(|g| (g.start(), g.end()))),
            None => Box::new(INTRO.captures_iter(text).filter_map(|c| c.get_group(1)).map(|g| (g.start, g.end))),
        };
        for (g1_start, g1_end) in spans {
            let g1 = &text[g1_start..g1_end];
            let words: Vec<&str> = g1.split_whitespace().collect();
            let area = words.first().is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()));
            // "Soviet-controlled territory", "German-occupied Poland".
            let demonym = |w: &&str| demonym(w) || w.split_once('-').is_some_and(|(d, _)| demonym(d));
            let not_place = |w: &&str| w.split('-').any(|part| NOT_PLACE.contains(part));
            if !area && words.iter().any(|w| not_place(w) || demonym(w)) {
                continue;
            }
            if !area && overlaps(out, g1_start, g1_end) {
                continue;
            }
            // An area phrase replaces the places named inside it.
            out.retain(|m| !(area && g1_start <= m.start && m.end <= g1_end));
            out.push(Mention {
                start: g1_start,
                end: g1_end,
                name: g1.to_string(),
                place: None,
                destination: is_destination(text, g1_start),
                weak,
            });
        }
    }
}

/// Administrative units ("Kirov Oblast"), which replace the places named
/// inside them.
fn admin_units(text: &str, out: &mut Vec<Mention>) {
    if !ADMIN_UNIT_WORDS.is_match(text) {
        return;
    }
    for c in ADMIN_UNIT.captures_iter(text) {
        let (Some(name), Some(all)) = (c.get(1), c.get(0)) else { continue };
        let words: Vec<&str> = name.as_str().split_whitespace().collect();
        if words.iter().any(|w| NOT_PLACE.contains(w)) {
            continue;
        }
        // The unit replaces places named inside it ("Kirov" in "Kirov Oblast").
        out.retain(|m| !(all.start() <= m.start && m.end <= all.end()));
        let destination = is_destination(text, all.start());
        out.push(Mention {
            start: all.start(),
            end: all.end(),
            name: all.as_str().to_string(),
            place: None,
            destination,
            weak: false,
        });
    }
}

/// "sent to the Yugoslav Partisans": a demonym names where forces and
/// materiel went. Elsewhere a demonym is a nationality, not a place.
fn demonym_destinations(text: &str, out: &mut Vec<Mention>) {
    let g = &*GAZETTEER;
    for c in DEMONYM_DESTINATION.captures_iter(text) {
        let Some(w) = c.get(1) else { continue };
        let Some(name) = crate::context::demonym(w.as_str()) else {
            continue;
        };
        push_new(out, w.start(), w.end(), name, g.get(name), true);
    }
}

/// "Ingrian Finns", "Transylvanian Saxons": a people named after a region
/// inside a country names its homeland. "The Russian Civil War", "the
/// Hungarian Revolution": an event named after its country.
fn homelands_and_events(text: &str, out: &mut Vec<Mention>) {
    let g = &*GAZETTEER;
    for w in CAPITALISED.find_iter(text) {
        let Some(name) = crate::context::demonym(w.as_str()) else {
            continue;
        };
        let Some(p) = g.get(name) else { continue };
        let inside_country = g.places[p].parent.is_some_and(|c| g.places[c].kind == "country");
        let homeland = g.places[p].kind == "region" && inside_country;
        let event = EVENT.is_match(&text[w.end()..]);
        // "the Crimean city of Feodosia" names Feodosia.
        let describes = DESCRIBES.is_match(&text[w.end()..]);
        // A homeland is named by an adjective before a people ("Crimean
        // Tatars"), not by the people's own name ("Chechens and Ingush
        // were deported"): that is who was counted, not where.
        let qualifies_a_people = PEOPLE_AFTER.is_match(&text[w.end()..]);
        if !(homeland && qualifies_a_people || event) || describes || NOT_PLACE.contains(w.as_str()) {
            continue;
        }
        push_new(out, w.start(), w.end(), name, Some(p), is_destination(text, w.start()));
    }
}

/// True when mention `m` names a place of events: not a reference point
/// ("18 miles from Bucharest"; a direction, "north of Belgrade", still
/// places a claim near it), not where people came from "from all over"
/// (spread over a whole country), not part of an organisation's or a
/// type's name or an actor's country.
fn keeps(text: &str, m: &Mention) -> bool {
    !REFERENCE_POINT.is_match(&text[..m.start])
        && !SPREAD_ORIGIN.is_match(&text[..m.start])
        && !names_a_body(text, m.start, m.end)
        && !names_a_person(text, m.start, m.end)
}

/// True when the one-word place name at `start..end` is a given name
/// before a surname ("Sofia Petrova", "Stanislav Orlovsky"): a person,
/// not a place. The surname is a capitalised word the gazetteer does not
/// hold (the gazetteer's longest match would have taken a two-word place)
/// that ends as surnames do (the `surname_ending` class of
/// `data/context_words.tsv`), so "Lublin Uprising" or "Kaliningrad Front"
/// keep their place.
fn names_a_person(text: &str, start: usize, end: usize) -> bool {
    let name = text.get(start..end).unwrap_or("");
    if name.contains(char::is_whitespace) {
        return false;
    }
    let Some(tail) = text.get(end..).and_then(|t| t.strip_prefix(' ')) else {
        return false;
    };
    let word_end = tail.find(|c: char| !(c.is_alphabetic() || c == '-')).unwrap_or(tail.len());
    let surname = &tail[..word_end];
    let lower = surname.to_lowercase();
    let capitalised = surname.starts_with(char::is_uppercase) && surname.chars().skip(1).all(|c| !c.is_uppercase());
    capitalised
        && surname.chars().count() >= 4
        && GAZETTEER.lookup(surname).is_none()
        && crate::lexicon::WORDS
            .get("surname_ending")
            .is_some_and(|ends| ends.iter().any(|e| lower.ends_with(e) && lower.len() > e.len() + 1))
}

/// Puts mentions in text order and carries a destination on through a
/// list.
fn settle(text: &str, out: &mut [Mention]) {
    out.sort_by_key(|m| m.start);
    // A list goes on where a destination starts: "mostly to Kirov Oblast,
    // Novosibirsk Oblast or prisons".
    for i in 1..out.len() {
        if out[i - 1].destination && !out[i].destination {
            let between = &text[out[i - 1].end.min(out[i].start)..out[i].start];
            if between.len() <= 24 && (between.contains(',') || between.contains(" or ") || between.contains(" and ")) {
                out[i].destination = true;
            }
        }
    }
}

/// Picks the place of a figure at `at` (a byte offset in the same text)
/// among a sentence's mentions, preferring those inside `segment` (the
/// stretch of the sentence that belongs to the figure).
///
/// A destination ("deported to Siberia") is where people were taken, not
/// where the counted events happened, so it is passed over, except when
/// `sent` is true: forces and materiel are counted where they were sent
/// ("deployed to Yugoslavia", "weapons sent to the Yugoslav Partisans").
pub(crate) fn pick(
    text: &str,
    mentions: &[Mention],
    at: (usize, usize),
    segment: (usize, usize),
    sent: bool,
) -> Option<String> {
    let wanted = |m: &Mention| m.destination == sent;
    let inside: Vec<&Mention> = mentions.iter().filter(|m| segment.0 <= m.start && m.end <= segment.1).collect();
    let all: Vec<&Mention> = mentions.iter().collect();
    if sent {
        for set in [&inside, &all] {
            if set.iter().any(|m| wanted(m)) {
                return pick_among(text, set, at, true);
            }
        }
    }
    if inside.iter().any(|m| !m.destination) {
        return pick_among(text, &inside, at, false);
    }
    pick_among(text, &all, at, false)
}

fn pick_among(text: &str, mentions: &[&Mention], at: (usize, usize), destinations: bool) -> Option<String> {
    let g = &*GAZETTEER;
    let strong = mentions.iter().any(|m| m.destination == destinations && !m.weak);
    let mut cands: Vec<&Mention> =
        mentions.iter().copied().filter(|m| m.destination == destinations && (!strong || !m.weak)).collect();
    cands.sort_by_key(|m| m.start);
    // Drop a place that contains another candidate: the inner one is more
    // specific ("in Vienna" over "In Austria").
    let specific = |set: &[&Mention]| -> Vec<usize> {
        (0..set.len())
            .filter(|&i| {
                !set.iter().any(|o| {
                    o.place != set[i].place
                        && match (set[i].place, o.place) {
                            (Some(a), Some(b)) => g.contains(a, b),
                            _ => false,
                        }
                })
            })
            .collect()
    };
    let keep = specific(&cands);
    let distance = |m: &Mention| distance(text, m, at);
    let nearest = keep.iter().copied().min_by_key(|&i| distance(cands[i]))?;
    // A list of places ("Nis, Leskovac and Kursumlija", "Nis in Serbia
    // and Veles in Macedonia"): the claim is about all of them, so its
    // place is the smallest place that holds them all.
    let (mut lo, mut hi) = (nearest, nearest);
    while lo > 0 && in_list(text, cands[lo - 1], cands[lo]) {
        lo -= 1;
    }
    while hi + 1 < cands.len() && in_list(text, cands[hi], cands[hi + 1]) {
        hi += 1;
    }
    let chain = &cands[lo..=hi];
    let chain_specific = specific(chain);
    let mut listed: Vec<usize> = Vec::new();
    for &i in &chain_specific {
        if let Some(p) = chain[i].place {
            if !listed.contains(&p) {
                listed.push(p);
            }
        }
    }
    if listed.len() >= 2 && listed.len() == chain_specific.len() {
        if let Some(c) = listed[1..].iter().try_fold(listed[0], |acc, &p| g.common(acc, p)) {
            return Some(g.places[c].name.to_string());
        }
    }
    Some(cands[nearest].name.clone())
}

/// How far mention `m` stands from the figure at `at` (its start and
/// end), in bytes; a mention shut inside a parenthesis the figure is not
/// in ("… in the Soviet Union), 130,000 in Czechoslovakia") counts as far.
fn distance(text: &str, m: &Mention, at: (usize, usize)) -> usize {
    let (gap, shut) = if m.end <= at.0 {
        let between = text.get(m.end..at.0).unwrap_or("");
        (at.0 - m.end, unbalanced(between, '(', ')'))
    } else if m.start >= at.1 {
        let between = text.get(at.1..m.start).unwrap_or("");
        (m.start - at.1, unbalanced(between, ')', '('))
    } else {
        (0, false)
    };
    if shut {
        gap + text.len()
    } else {
        gap
    }
}

/// True when `text` holds a `close` with no `open` before it, reading
/// from the far end: for text after a mention, a parenthesis it closes.
fn unbalanced(text: &str, open: char, close: char) -> bool {
    let mut depth = 0i32;
    let chars: Box<dyn Iterator<Item = char>> =
        if close == ')' { Box::new(text.chars()) } else { Box::new(text.chars().rev()) };
    for c in chars {
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return true;
            }
            depth -= 1;
        }
    }
    false
}

/// True when mentions `a` and `b` stand next to each other in one list:
/// only a comma, "and", "or", other names, or "in" before a place
/// holding `a` ("Nis in Serbia") lie between them.
fn in_list(text: &str, a: &Mention, b: &Mention) -> bool {
    let Some(gap) = text.get(a.end..b.start) else {
        return false;
    };
    let words: Vec<&str> = gap.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    // Names the gazetteer does not hold may stand between ("Nis and
    // Kocani and Veles").
    let listed = |w: &&str| matches!(*w, "and" | "or") || w.starts_with(char::is_uppercase) && !NOT_PLACE.contains(w);
    match words.as_slice() {
        [] | ["and" | "or"] => true,
        ws if ws.len() <= 5 && ws.iter().all(listed) => true,
        ["in"] => matches!((b.place, a.place), (Some(o), Some(i)) if GAZETTEER.contains(o, i)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_given_name_before_a_surname_is_a_person() {
        let names = |t: &str| super::mentions(t).into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert!(names("Figures by the historians Sofia Petrova and Stanislav Orlovsky, 1998.").is_empty());
        assert_eq!(names("The Lublin Uprising began."), vec!["Lublin"]);
        assert_eq!(names("Men of the Kaliningrad Front died."), vec!["Kaliningrad"]);
    }

    use super::*;

    /// The place picked for the figure `figure` in `text`.
    fn place_of(text: &str, figure: &str, sent: bool) -> Option<String> {
        let at = text.find(figure).expect("figure in text");
        pick(text, &mentions(text), (at, at + figure.len()), (0, text.len()), sent)
    }

    #[test]
    fn a_partial_scan_introduces_what_the_complete_mentions_do() {
        let texts = [
            "In the village of Kravica and near Orlovac, the Kravica massacre; in Orlovac Oblast, to the Serbian army.",
            "The Ingrian Finns of the town of Sapki, and the Vologda Gulf; Finns deported to the Hungarian Revolution.",
            "Around Lozna and at the Lozna camp, 18 miles from Tarvo, in the areas east of the Drava.",
            "",
        ];
        for t in texts {
            let (mut want, mut got) = (Vec::new(), Vec::new());
            introduced(&mentions(t), &mut want);
            Partial::find(t).introduce(t, &mut got);
            assert_eq!(got, want, "{t}");
            assert_eq!(Partial::find(t).complete(t), mentions(t));
        }
    }

    #[test]
    fn every_match_of_a_gated_pattern_holds_one_of_its_words() {
        let cases: [(&Regex, &AhoCorasick, &[&str]); 2] = [
            (
                &ADMIN_UNIT,
                &ADMIN_UNIT_WORDS,
                &[
                    "the Tarvo Autonomous Soviet Socialist Republic",
                    "Lirsk Oblast",
                    "Osna Voivodeship",
                    "Dera Governorate",
                    "Vel Krai",
                    "Ust Okrug",
                    "Marn Autonomous Region",
                    "Kota Prefecture",
                ],
            ),
            (
                &MASSACRE,
                &MASSACRE_WORDS,
                &[
                    "the Orlo massacre",
                    "the Lenk Massacres",
                    "Vira pogroms",
                    "the Tazo killings",
                    "the Kelm Atrocity",
                    "the Ruda atrocities",
                    "the Sava Uprising",
                    "the Lodo ghetto",
                    "the Bry camp",
                ],
            ),
        ];
        for (re, words, texts) in cases {
            for t in texts {
                assert!(re.is_match(t), "{t}");
                assert!(words.is_match(t), "{t}");
            }
        }
        assert!(!MASSACRE_WORDS.is_match("In Orlo, 40 houses burned."));
    }

    #[test]
    fn known_names_occur_where_a_search_per_name_finds_them() {
        let names: Vec<String> =
            ["Aba", "Ababa", "Kolo", "Kolovrat", "Ba", "Zz"].into_iter().map(str::to_string).collect();
        let known = Known::new(names.clone());
        for t in ["Ababababa Kolovrat Kolo, Ba Aba.", "AbaAba Ababa", "", "no name here", "ZzZzZ"] {
            let mut want = Vec::new();
            for (i, n) in names.iter().enumerate() {
                want.extend(t.match_indices(n.as_str()).map(|(s, _)| (i, s)));
            }
            assert_eq!(known.occurrences(t), want, "{t}");
        }
        assert!(Known::new(Vec::new()).occurrences("Aba").is_empty());
    }

    #[test]
    fn names_found_in_the_example_texts_are_the_automaton_matches() {
        let g = &*GAZETTEER;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).expect("examples/corpus") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("a text");
            let found: Vec<_> = g.find_names(&text).collect();
            let all: Vec<_> = g
                .automaton
                .find_iter(&text)
                .map(|m| (m.start(), m.end(), g.pattern_place[m.pattern().as_usize()]))
                .collect();
            assert_eq!(found, all);
            checked += all.len();
        }
        assert!(checked > 100, "{checked} names");
    }

    #[test]
    fn names_found_where_they_may_start_are_the_automaton_matches() {
        let g = &*GAZETTEER;
        // Names inside words, names running into longer ones, names that
        // start in lower case or with an apostrophe, text ending mid-name.
        let texts = [
            "Across the Baltic states and the Soviet Union, near 's-Hertogenbosch and el Raval, in Parisian Lyonnais.",
            "the Gambia; theBahamas; Baltic; BalticS; Nordic countries, the Low Countries; Kyivan Rus' in Kyiv",
            "Deported from Grozny to Karaganda and Almaty (Kazakh SSR) by way of Orenburg, Samara and Ufa",
            "São Paulo, Niš, Zürich and Łódź; ŁódźX; Toky",
            "",
            "K",
        ];
        for t in texts {
            let found: Vec<_> = g.find_names(t).collect();
            let all: Vec<_> = g
                .automaton
                .find_iter(t)
                .map(|m| (m.start(), m.end(), g.pattern_place[m.pattern().as_usize()]))
                .collect();
            assert_eq!(found, all, "{t}");
        }
    }

    #[test]
    fn a_region_inside_a_country_holds_its_provinces_not_the_country() {
        let g = &*GAZETTEER;
        let id = |n: &str| g.lookup(n).unwrap_or_else(|| panic!("{n} in the gazetteer"));
        assert!(g.contains(id("North Caucasus"), id("Dagestan")));
        assert!(!g.contains(id("North Caucasus"), id("Moscow")), "a member country is overlapped, not held");
        assert!(g.contains(id("Chechen-Ingush ASSR"), id("Ingushetia")));
        assert!(!g.contains(id("Chechen-Ingush ASSR"), id("Dagestan")));
    }

    #[test]
    fn a_list_of_places_takes_the_smallest_place_holding_them_all() {
        let g = &*GAZETTEER;
        let (serbia, macedonia) = (g.get("Serbia").unwrap(), g.get("North Macedonia").unwrap());
        assert_eq!(g.common(serbia, macedonia).map(|p| g.places[p].name), Some("Yugoslavia"));
        assert_eq!(
            place_of("Shelling of Mostar, Tuzla and Zenica killed 2,000 people.", "2,000", false).as_deref(),
            Some("Bosnia and Herzegovina")
        );
        // Two places that merely share a sentence stay apart.
        assert_eq!(
            place_of("Troops from Hungary shelled Vienna, killing 300.", "300", false).as_deref(),
            Some("Vienna")
        );
    }

    #[test]
    fn forces_and_materiel_are_placed_where_they_were_sent() {
        let text = "Moscow sent 500 tanks to the Yugoslav Partisans.";
        assert_eq!(place_of(text, "500", true).as_deref(), Some("Yugoslavia"));
        assert_eq!(
            place_of("They were deported from Lviv to Siberia; 300 died.", "300", false).as_deref(),
            Some("Lviv")
        );
    }

    #[test]
    fn a_place_shut_in_a_parenthesis_belongs_to_it() {
        let text = "There were 4,000 dead in the north (around Mosul), 3,000 in Baghdad.";
        assert_eq!(place_of(text, "3,000", false).as_deref(), Some("Baghdad"));
    }

    #[test]
    fn regional_peoples_and_national_events_name_places() {
        let names = |t: &str| mentions(t).into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert_eq!(names("200,000 Crimean Tatars were deported."), ["Crimea"]);
        assert_eq!(names("They died in the Spanish Civil War."), ["Spain"]);
        // A nationality is not a place; nor is a region that describes one.
        assert!(names("89 Italian soldiers were shot.").is_empty());
        assert_eq!(names("the Crimean city of Feodosia"), ["Feodosia"]);
        // "N miles from X" is a reference point.
        assert!(names("They reached a point 18 miles from Bucharest.").is_empty());
    }

    #[test]
    fn a_people_named_by_itself_is_who_was_counted_not_where() {
        let names = |t: &str| mentions(t).into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert!(names("About 2,000 Uyghurs and Tibetans were detained.").is_empty());
        // An adjective before a people still names its homeland.
        assert_eq!(names("Some 5,000 Bavarian Jews were deported."), ["Bavaria"]);
    }

    #[test]
    fn a_settlement_s_lead_names_it_and_locates_it() {
        let names = |t: &str| mentions(t).into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert_eq!(names("Varno (Hungarian: Várnó) is a village in Slovakia."), ["Varno", "Slovakia"]);
        assert!(names("The village is quiet.").is_empty());
        assert!(describes_location("(Hungarian: Várnó) is a village in"));
        assert!(describes_location("is a small town in the"));
        assert!(!describes_location("fought in"));
    }

    #[test]
    fn names_introduced_as_places_stay_places() {
        let text = "Troops entered the town of Zarkovo at dawn.";
        let introduced_names = |t: &str| {
            let mut names = Vec::new();
            introduced(&mentions(t), &mut names);
            names
        };
        assert_eq!(introduced_names(text), ["Zarkovo"]);
        assert_eq!(introduced_names("The Halvik massacre shocked the region."), ["Halvik"]);
        // An acronym after "massacre of" is a people or a body.
        assert!(introduced_names("the massacre of POWs").is_empty());
        let later = "Within Zarkovo, 40 houses burned.";
        let mut ms = mentions(later);
        assert!(ms.is_empty());
        add_known(later, &mut ms, &Known::new(vec!["Zarkovo".to_string()]));
        assert_eq!(ms.into_iter().map(|m| m.name).collect::<Vec<_>>(), ["Zarkovo"]);
    }

    #[test]
    fn administrative_units_and_spread_origins() {
        let names = |t: &str| mentions(t).into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert_eq!(
            names("the abolition of the Volga German Autonomous Soviet Socialist Republic"),
            ["Volga German Autonomous Soviet Socialist Republic"]
        );
        assert_eq!(names("They were held in Zhytomyr Oblast."), ["Zhytomyr Oblast"]);
        // Police "from all over Poland" came from everywhere: no place of events.
        assert!(names("3,000 police from all over Poland took part.").is_empty());
        assert_eq!(names("3,000 police from Warsaw took part."), ["Warsaw"]);
    }

    #[test]
    fn headings_locatives_and_spellings() {
        assert!(names_only_a_place("Estonia"));
        assert!(names_only_a_place("Afghanistan (1979–1989)"));
        assert!(!names_only_a_place("Pressure in Azerbaijan (1988–1991)"));
        assert!(!names_only_a_place("Treatment of prisoners of war"));
        let t = "The Soviet Union denied it. In Estonia, villages burned.";
        let ms = mentions(t);
        assert!(!locative(t, ms[0].start));
        assert!(locative(t, ms[1].start));
        assert!(variant_spellings("Grischino", "Grishchino"));
        assert!(!variant_spellings("Austria", "Australia"));
        assert!(!variant_spellings("Iran", "Iraq"));
    }
}
