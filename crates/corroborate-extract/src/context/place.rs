//! Places: a gazetteer built from GeoNames (countries, cities over 15,000
//! people; `data/gazetteer.tsv`, CC BY 4.0) and a curated table of
//! historical entities and regions with their modern parents and members
//! (`data/historical.tsv`), matched with one Aho-Corasick automaton.
//!
//! A claim's place is read from its sentence, then the paragraph before it,
//! then its section headings and the title: never from outside knowledge.
//! Inside a sentence, destinations ("deported to Siberia") are passed over,
//! a place inside another one mentioned beside it wins ("in Vienna" over
//! "In Austria"), and otherwise the mention nearest the figure wins.
//! Villages the gazetteer does not hold are caught by the phrases that
//! introduce places ("in X", "the village of X", "the X massacre").

use crate::lexicon::rows;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::collections::HashMap;
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
    by_name: HashMap<&'static str, usize>,
    automaton: AhoCorasick,
    /// Place index of each automaton pattern.
    pattern_place: Vec<usize>,
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
        let mut by_name = HashMap::new();
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
            let Some(&i) = by_name.get(r[0]) else { continue };
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
            .build(&patterns)
            .expect("gazetteer automaton builds");
        let historical = (0..places.len()).filter(|&i| !places[i].members.is_empty()).collect();
        Gazetteer { places, by_name, automaton, pattern_place, historical }
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
            self.automaton.find(s).filter(|m| m.start() == 0 && m.end() == s.len()).map(|m| self.pattern_place[m.pattern().as_usize()])
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
static NOT_PLACE: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    [
        "The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our", "World", "War",
        "Army", "Battle", "Siege", "Operation", "General", "Marshal", "President", "Prime", "Minister", "Colonel",
        "Captain", "Lieutenant", "Major", "Sergeant", "Commander", "Professor", "Prof", "Dr", "Mr", "Mrs", "Ms",
        "Saint", "St", "God", "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday", "Red", "White", "Black", "Allied", "Axis", "Communist", "Party",
        "Front", "Guards", "Corps", "Division", "Brigade", "Regiment", "Order", "Resolution", "Article", "Act",
        "Treaty", "Conference", "Court", "Tribunal", "Committee", "Commission", "Ministry", "Office", "Bureau",
        "Report", "Book", "Church", "University", "Institute", "Academy", "Museum", "Library", "Archive",
        "Archives", "Holocaust", "Genocide", "Revolution", "Civil", "Cold", "Great", "Second", "First", "Third",
        "Fourth", "Western", "Eastern", "Northern", "Southern", "Central", "Upper", "Lower", "New", "Old",
        "Christmas", "Easter", "I", "II", "III", "Mass", "Some", "Many", "Most", "All", "Both", "In", "At", "On",
        "Of", "From", "During", "After", "Before", "Between", "When", "While", "However", "Although", "Despite",
        "According", "English", "Jewish", "Jews", 
    ]
    .into_iter()
    .collect()
});

static FACILITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|at|near)\s+the\s+([A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?)\s+(?:military\s+|main\s+|central\s+)?(?:hospital|airport|airfield|camp|prison|station|port|harbou?r|square|village|town|barracks|ghetto|mine|factory)(?-u:\b)")
        .expect("facility pattern compiles")
});
static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|at|near|outside|village of|town of|city of|villages of|towns of|region of|province of|district of|[Mm]assacre of|[Ss]iege of|[Bb]attle of|[Ss]ack of|[Ff]all of|[Ll]iberation of|[Oo]ccupation of|[Bb]ombing of|[Dd]estruction of)\s+((?:[A-Z][\p{L}’'\-]+)(?:\s+(?:[A-Z][\p{L}’'\-]+|Province|Oblast|Gulf|Bay|Island|Islands|Valley|District|Region|County))*)")
        .expect("intro pattern compiles")
});
static AREA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:in|from|of)\s+the\s+((?:areas?|regions?|territories|territory|lands?|provinces?|districts?)\s+(?:east|west|north|south)\s+of\s+(?:the\s+)?[A-Z][\p{L}’'\-]+(?:\s+and\s+(?:the\s+)?[A-Z][\p{L}’'\-]+)?)")
        .expect("area pattern compiles")
});
static MASSACRE: LazyLock<Regex> = LazyLock::new(|| {
    // "the Kulchabat, Bala Karz and Mushkizi massacre": the first named.
    Regex::new(r"(?-u:\b)(?:the\s+)?([A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?)(?:(?:,\s+|\s+and\s+)[A-Z][\p{L}’'\-]+(?:\s+[A-Z][\p{L}’'\-]+)?)*\s+(?:massacre|massacres|pogrom|pogroms|killings|atrocity|atrocities|uprising|ghetto|camp)(?-u:\b)")
        .expect("massacre pattern compiles")
});

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// Verbs of movement: a place after "to" in their phrase is where people
/// were taken, not where the counted events happened.
const MOVEMENT: &[&str] = &[
    "deported", "sent", "transported", "moved", "taken", "resettled", "exiled", "fled", "escaped", "evacuated",
    "expelled", "shipped", "returned", "relocated", "transferred", "deportation", "deportations", "flee", "escape",
    "way", "sending", "taking", "deporting", "moving",
];

fn is_destination(text: &str, start: usize) -> bool {
    let head = text[..start].trim_end();
    let head = head.strip_suffix("the").map_or(head, str::trim_end);
    let last = head.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
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
    let word_start = trimmed.char_indices().rev().find(|(_, c)| !c.is_alphabetic()).map_or(0, |(i, c)| i + c.len_utf8());
    let w = trimmed[word_start..].to_lowercase();
    let dirs = ["eastern", "western", "northern", "southern", "central", "northeastern", "northwestern", "southeastern", "southwestern", "east", "west", "north", "south"];
    (dirs.contains(&w.as_str()) && text[word_start..].chars().next().is_some_and(char::is_lowercase) || dirs[..4].contains(&w.as_str())).then_some(word_start)
}

/// The name a claim gives a place: as the text spells it ("Thessaloniki",
/// "Leningrad", "My Lai"), except abbreviations ("USSR"), which take the
/// gazetteer's name; a leading article is dropped ("The Netherlands").
fn display_name(surface: &str, canonical: &str) -> String {
    let abbreviation = surface.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && surface.len() <= 6;
    let name = if abbreviation { canonical } else { surface };
    name.strip_prefix("The ").or_else(|| name.strip_prefix("the ")).unwrap_or(name).to_string()
}

/// Every place mentioned in `text`, in order.
pub fn mentions(text: &str) -> Vec<Mention> {
    let g = &*GAZETTEER;
    let mut out: Vec<Mention> = Vec::new();
    for m in g.automaton.find_iter(text) {
        if !boundary_ok(text, m.start(), m.end()) {
            continue;
        }
        let place = g.pattern_place[m.pattern().as_usize()];
        let name = display_name(&text[m.start()..m.end()], g.places[place].name);
        let (start, name) = match directional(text, m.start()) {
            Some(ds) => (ds, format!("{} {}", text[ds..m.start()].trim(), name)),
            None => (m.start(), name),
        };
        out.push(Mention {
            start,
            end: m.end(),
            name,
            place: Some(place),
            destination: is_destination(text, m.start()),
            weak: false,
        });
    }
    // Places the gazetteer does not hold.
    let demonym = |w: &str| crate::context::demonym(w).is_some();
    for (re, weak) in [(&*AREA, false), (&*FACILITY, true), (&*INTRO, false), (&*MASSACRE, false)] {
        for c in re.captures_iter(text) {
            let Some(g1) = c.get(1) else { continue };
            let words: Vec<&str> = g1.as_str().split_whitespace().collect();
            let area = words.first().is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()));
            if !area && words.iter().any(|w| NOT_PLACE.contains(w) || demonym(w)) {
                continue;
            }
            if !area && out.iter().any(|m| m.start < g1.end() && g1.start() < m.end) {
                continue;
            }
            // An area phrase replaces the places named inside it.
            out.retain(|m| !(area && g1.start() <= m.start && m.end <= g1.end()));
            out.push(Mention {
                start: g1.start(),
                end: g1.end(),
                name: g1.as_str().to_string(),
                place: None,
                destination: is_destination(text, g1.start()),
                weak,
            });
        }
    }
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
    out
}

/// Picks the place of a figure at `at` (a byte offset in the same text)
/// among a sentence's mentions, preferring those inside `segment` (the
/// stretch of the sentence that belongs to the figure).
pub fn pick(mentions: &[Mention], at: usize, segment: (usize, usize)) -> Option<&Mention> {
    let inside: Vec<&Mention> = mentions.iter().filter(|m| segment.0 <= m.start && m.end <= segment.1).collect();
    if inside.iter().any(|m| !m.destination) {
        return pick_among(&inside, at);
    }
    pick_among(&mentions.iter().collect::<Vec<_>>(), at)
}

fn pick_among<'m>(mentions: &[&'m Mention], at: usize) -> Option<&'m Mention> {
    let g = &*GAZETTEER;
    let strong = mentions.iter().any(|m| !m.destination && !m.weak);
    let cands: Vec<&Mention> = mentions.iter().copied().filter(|m| !m.destination && (!strong || !m.weak)).collect();
    // Drop a place that contains another candidate: the inner one is more
    // specific ("in Vienna" over "In Austria").
    let specific: Vec<&Mention> = cands
        .iter()
        .copied()
        .filter(|m| {
            !cands.iter().any(|o| {
                o.place != m.place
                    && match (m.place, o.place) {
                        (Some(a), Some(b)) => g.contains(a, b),
                        _ => false,
                    }
            })
        })
        .collect();
    specific.into_iter().min_by_key(|m| if m.end <= at { at - m.end } else { m.start - at })
}

