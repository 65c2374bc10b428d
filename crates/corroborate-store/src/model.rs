//! Rows going in and out of the store.

pub use corroborate_extract::ClaimFields;
use serde::Serialize;

/// A document to ingest, with everything extracted from it.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// File name.
    pub name: String,
    /// Where it came from (a path or URL).
    pub origin: String,
    /// `text`, `wikitext` or `html`.
    pub format: String,
    /// SHA-256 of the bytes, hex.
    pub hash: String,
    /// The original bytes.
    pub bytes: Vec<u8>,
    /// Title, where the document has one.
    pub title: Option<String>,
    /// Sentences: original byte span and clean text.
    pub sentences: Vec<NewSentence>,
    /// Citation markers.
    pub citations: Vec<NewCitation>,
    /// Claims.
    pub claims: Vec<NewClaim>,
    /// What the whole document is about (CLAIMS.md §2.1).
    pub frame: DocFrame,
}

/// A document's frame (CLAIMS.md §2.1): the one place and span of years the
/// whole document is about, the last fallback of its claims' place and
/// years. Empty where the document names no single event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocFrame {
    /// The place.
    pub place: Option<String>,
    /// The first year.
    pub year_start: Option<i64>,
    /// The last year.
    pub year_end: Option<i64>,
}

impl From<&corroborate_extract::Frame> for DocFrame {
    fn from(f: &corroborate_extract::Frame) -> Self {
        DocFrame {
            place: f.place.clone(),
            year_start: f.year_start.map(i64::from),
            year_end: f.year_end.map(i64::from),
        }
    }
}

impl DocFrame {
    /// The frame in words: "Warsaw, 1944", "1944–1945", or "" for none.
    pub fn describe(&self) -> String {
        let years = match (self.year_start, self.year_end) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) | (None, Some(a)) => a.to_string(),
            _ => String::new(),
        };
        [self.place.clone().unwrap_or_default(), years]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A page of a MediaWiki dump: one document whose revisions are stored.
#[derive(Debug, Clone)]
pub struct NewPage {
    /// The page's title (the document's name).
    pub title: String,
    /// The dump it came from.
    pub origin: String,
    /// A key that names the page for good (`mediawiki-page:ID`).
    pub key: String,
}

/// A revision of a page, with everything extracted from it.
#[derive(Debug, Clone)]
pub struct NewRevision {
    /// The revision id.
    pub rev_id: String,
    /// The revision it was made from.
    pub parent: Option<String>,
    /// When it was saved.
    pub timestamp: String,
    /// Who saved it.
    pub contributor: Option<String>,
    /// Its text and what was extracted from it.
    pub doc: NewDocument,
}

/// A sentence of a document.
#[derive(Debug, Clone)]
pub struct NewSentence {
    /// Original byte offsets.
    pub start: i64,
    /// End offset.
    pub end: i64,
    /// Its clean text.
    pub text: String,
}

/// A citation marker of a document.
#[derive(Debug, Clone)]
pub struct NewCitation {
    /// Index of the sentence it follows.
    pub sentence: Option<i64>,
    /// Original byte offsets.
    pub start: i64,
    /// End offset.
    pub end: i64,
    /// `reference` or `maintenance`.
    pub kind: String,
    /// Its label.
    pub label: String,
}

/// A claim to ingest.
#[derive(Debug, Clone)]
pub struct NewClaim {
    /// Its fields.
    pub fields: ClaimFields,
    /// Index of its sentence in the document.
    pub sentence: i64,
    /// The place and every place containing it, for hierarchical filters.
    pub place_path: Vec<String>,
    /// The extractor that found it.
    pub extractor: String,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    /// Row id.
    pub id: i64,
    /// File name.
    pub name: String,
    /// Origin path or URL.
    pub origin: String,
    /// Format.
    pub format: String,
    /// Content hash.
    pub hash: String,
    /// Title.
    pub title: Option<String>,
    /// Size in bytes.
    pub size: i64,
    /// When it was ingested (RFC 3339, UTC).
    pub ingested_at: String,
    /// Number of claims.
    pub claims: i64,
    /// What the document (a page: its latest revision) is about.
    pub frame: DocFrame,
}

/// A stored claim, with reviews applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    /// Row id.
    pub id: i64,
    /// Document name.
    pub doc: String,
    /// Current fields: the extractor's with reviews applied.
    #[serde(flatten)]
    pub fields: ClaimFields,
    /// The sentence's original byte range.
    pub sentence_start: i64,
    /// End of the sentence.
    pub sentence_end: i64,
    /// The sentence's clean text.
    pub sentence: String,
    /// `unreviewed`, `confirmed`, `corrected` or `rejected`.
    pub review_state: String,
    /// The id of the latest review applied (0 when none): a spreadsheet
    /// exported with it can tell whether someone reviewed the claim since.
    pub last_review: i64,
    /// The extractor that found it.
    pub extractor: String,
}

/// A stored citation marker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitationRow {
    /// Where the sentence it follows starts (original bytes), as in
    /// [`ClaimRow::sentence_start`].
    pub sentence_start: i64,
    /// The marker's original byte offsets.
    pub start: i64,
    /// End offset.
    pub end: i64,
    /// `reference` or `maintenance`.
    pub kind: String,
    /// Its label ("12", "citation needed").
    pub label: String,
}

/// A review to record.
#[derive(Debug, Clone)]
pub struct NewReview {
    /// The claim.
    pub claim_id: i64,
    /// Who.
    pub reviewer: String,
    /// The field changed, or `claim` for confirm/reject.
    pub field: String,
    /// The new value (`confirmed`/`rejected` for `claim`).
    pub new_value: Option<String>,
    /// A note.
    pub note: Option<String>,
}

/// A review in the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRow {
    /// Row id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// Who.
    pub reviewer: String,
    /// Field.
    pub field: String,
    /// Value before.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// Filters of `corroborate claims`.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// One claim, by id.
    pub id: Option<i64>,
    /// One stored document's own claims, by the document's row id (names
    /// can repeat: a file ingested again after an edit is a new document).
    pub document_id: Option<i64>,
    /// Act equals.
    pub act: Option<String>,
    /// Place is, or lies inside, this place.
    pub place: Option<String>,
    /// The claim's years include this one.
    pub year: Option<i64>,
    /// Document name equals.
    pub doc: Option<String>,
    /// Source contains (case-insensitive).
    pub source: Option<String>,
    /// The figure reaches at least this value.
    pub min: Option<f64>,
    /// Include rejected claims.
    pub include_rejected: bool,
}

/// What an ingest did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IngestStats {
    /// Documents added.
    pub added: u64,
    /// Documents skipped: already stored.
    pub skipped: u64,
    /// Claims added.
    pub claims: u64,
    /// Bytes of the added documents.
    pub bytes: u64,
}

impl IngestStats {
    /// Counts one added document.
    pub fn added(&mut self, d: &NewDocument) {
        self.added += 1;
        self.claims += d.claims.len() as u64;
        self.bytes += d.bytes.len() as u64;
    }

    /// Adds another batch's figures.
    pub fn merge(&mut self, o: IngestStats) {
        self.added += o.added;
        self.skipped += o.skipped;
        self.claims += o.claims;
        self.bytes += o.bytes;
    }
}

/// Row counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Documents.
    pub documents: i64,
    /// Revisions.
    pub revisions: i64,
    /// Sentences.
    pub sentences: i64,
    /// Citations.
    pub citations: i64,
    /// Claims.
    pub claims: i64,
    /// Reviews.
    pub reviews: i64,
}

/// Applies reviews (oldest first) to a claim's extracted fields; returns
/// the review state.
pub(crate) fn apply_reviews(fields: &mut ClaimFields, reviews: &[(String, Option<String>)]) -> String {
    let mut state = "unreviewed".to_string();
    for (field, value) in reviews {
        let v = value.clone();
        let num = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<f64>().ok());
        let int = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<i64>().ok());
        match field.as_str() {
            "claim" => {
                state = v.unwrap_or_else(|| "confirmed".into());
                continue;
            }
            "low" => fields.low = num(&v),
            "high" => fields.high = num(&v),
            "unit" => fields.unit = v.unwrap_or_default(),
            "qualifier" => fields.qualifier = v.unwrap_or_default(),
            "act" => fields.act = v,
            "subject" => fields.subject = v,
            "place" => fields.place = v,
            "year_start" => fields.year_start = int(&v),
            "year_end" => fields.year_end = int(&v),
            "perpetrator" => fields.perpetrator = v,
            "source" => fields.source = v,
            "stance" => fields.stance = v.unwrap_or_default(),
            _ => continue,
        }
        if state != "rejected" {
            state = "corrected".into();
        }
    }
    state
}

/// The current value of a field, as text (the review log's currency).
pub(crate) fn field_value(fields: &ClaimFields, field: &str) -> Option<Option<String>> {
    let f = |v: Option<f64>| v.map(|x| x.to_string());
    Some(match field {
        "low" => f(fields.low),
        "high" => f(fields.high),
        "unit" => Some(fields.unit.clone()),
        "qualifier" => Some(fields.qualifier.clone()),
        "act" => fields.act.clone(),
        "subject" => fields.subject.clone(),
        "place" => fields.place.clone(),
        "year_start" => fields.year_start.map(|y| y.to_string()),
        "year_end" => fields.year_end.map(|y| y.to_string()),
        "perpetrator" => fields.perpetrator.clone(),
        "source" => fields.source.clone(),
        "stance" => Some(fields.stance.clone()),
        "claim" => None,
        _ => return None,
    })
}

/// A parameter of a query built by [`claims_query`].
#[derive(Debug, Clone, PartialEq)]
pub enum SqlParam {
    /// An integer.
    Int(i64),
    /// A number.
    Float(f64),
    /// A text.
    Text(String),
}

/// One page of a listing: skip `offset` rows, return at most `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows skipped.
    pub offset: i64,
    /// Most rows returned.
    pub limit: i64,
}

/// The `WHERE` of the claims listing for a filter, with its numbered
/// parameters.
///
/// Every filter is answered by the database on the listing columns the
/// review transaction keeps current (schema version
/// [`crate::schema::BACKFILL_VERSION`]). With [`Plan::Sort`] each filter
/// goes through its own index: the act by `claims_act_key`, the place
/// through `claim_places`, the years by `claims_year_span` ([`year_branches`]), the figure by
/// `claims_cur_value`, the source through the small `source_keys` table, a
/// document by its name and revision id. With [`Plan::Walk`] the same
/// tests are written so that no index can serve them (`x || ''`, `x + 0`,
/// a correlated `EXISTS`): the claims are then read in listing order and
/// tested one by one, and the `LIMIT` stops the walk. [`passes`] states
/// the same rules in Rust; the tests hold the two equal.
pub(crate) fn claims_where(f: &ClaimFilter, plan: Plan) -> (String, Vec<SqlParam>) {
    let walk = plan == Plan::Walk;
    let mut conds = Vec::new();
    let mut params = Vec::new();
    let mut arg = |p: SqlParam| {
        params.push(p);
        format!("${}", params.len())
    };
    if let Some(id) = f.id {
        conds.push(format!("c.id = {}", arg(SqlParam::Int(id))));
    }
    if let Some(id) = f.document_id {
        // A page's claims are its latest revision's.
        let (a, b) = (arg(SqlParam::Int(id)), arg(SqlParam::Int(id)));
        conds.push(format!("c.document_id = {a} AND COALESCE(c.revision_id, 0) = (SELECT COALESCE(x.latest_revision, 0) FROM documents x WHERE x.id = {b})"));
    }
    if let Some(doc) = &f.doc {
        // `Title#revision` names a dump page's revision; any name names a
        // file's own claims (a file name may hold `#` too).
        let (page, rev) =
            doc.rsplit_once('#').map_or((None, None), |(p, r)| (Some(p.to_string()), Some(r.to_string())));
        let whole = arg(SqlParam::Text(doc.clone()));
        let own =
            format!("c.revision_id IS NULL AND c.document_id IN (SELECT y.id FROM documents y WHERE y.name = {whole})");
        match (page, rev) {
            (Some(p), Some(r)) => {
                let (p, r) = (arg(SqlParam::Text(p)), arg(SqlParam::Text(r)));
                conds.push(format!("(({own}) OR c.revision_id IN (SELECT x.id FROM revisions x JOIN documents y ON y.id = x.document_id WHERE y.name = {p} AND x.rev_id = {r}))"));
            }
            _ => conds.push(own),
        }
    }
    // `column` as a test may name it: bare (an index serves the test) or,
    // on a walk, in an expression no index serves.
    let text = |col: &str| if walk { format!("({col} || '')") } else { col.to_string() };
    let number = |col: &str| if walk { format!("({col} + 0)") } else { col.to_string() };
    if let Some(a) = &f.act {
        conds.push(format!("{} = {}", text("c.act_key"), arg(SqlParam::Text(a.to_lowercase()))));
    }
    if let Some(p) = &f.place {
        let place = arg(SqlParam::Text(p.to_lowercase()));
        conds.push(if walk {
            format!("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND p.place = {place})")
        } else {
            format!("c.id IN (SELECT p.claim_id FROM claim_places p WHERE p.place = {place})")
        });
    }
    if let Some(y) = f.year {
        if walk {
            let (a, b) = (arg(SqlParam::Int(y)), arg(SqlParam::Int(y)));
            conds.push(format!("{} <= {a} AND {} >= {b}", number("c.year_lo"), number("c.year_hi")));
        } else {
            conds.push(year_branches(y, &mut arg));
        }
    }
    if let Some(s) = &f.source {
        let pattern = format!("%{}%", like_escape(&s.to_lowercase()));
        conds.push(format!(
            "{} IN (SELECT k.key FROM source_keys k WHERE k.key LIKE {} ESCAPE '\\')",
            text("c.source_key"),
            arg(SqlParam::Text(pattern))
        ));
    }
    if let Some(m) = f.min {
        conds.push(format!("{} >= {}", number("c.cur_value"), arg(SqlParam::Float(m))));
    }
    if !f.include_rejected {
        conds.push("c.review_state <> 'rejected'".to_string());
    }
    let filter = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    (filter, params)
}

/// The widest span of years (`year_hi - year_lo`) that gets a branch of its
/// own in [`year_branches`].
const NARROW_SPAN: i64 = 8;

/// "The claim's years include `y`" as branches that index
/// `claims_year_span` (span, first year) serves exactly.
///
/// `year_lo <= y AND year_hi >= y` alone is two ranges: an index on either
/// column reads every claim on one side of `y` (most of a ledger) to find
/// the few on both. For a claim whose years span `s`, the test is one
/// range of its first year, `y - s ..= y`; so each span up to
/// [`NARROW_SPAN`] is a branch that reads only matching claims, and the
/// claims of wider spans, few in any ledger, are one more branch read
/// through the same index.
fn year_branches(y: i64, arg: &mut impl FnMut(SqlParam) -> String) -> String {
    let span = "(c.year_hi - c.year_lo)";
    let mut branches: Vec<String> = (0..=NARROW_SPAN)
        .map(|s| {
            let (from, to) = (arg(SqlParam::Int(y.saturating_sub(s))), arg(SqlParam::Int(y)));
            format!("({span} = {s} AND c.year_lo >= {from} AND c.year_lo <= {to})")
        })
        .collect();
    let (a, b) = (arg(SqlParam::Int(y)), arg(SqlParam::Int(y)));
    branches.push(format!("({span} > {NARROW_SPAN} AND c.year_lo <= {a} AND c.year_hi >= {b})"));
    format!("({})", branches.join(" OR "))
}

/// `s` with `LIKE`'s wildcards (and the escape itself) escaped by `\`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How many matches a page's count ([`crate::Store::claims_page`]) reads at most for a page
/// that ends before it: enough to tell a filter that matches few claims
/// from one that matches many, few enough to count in milliseconds.
pub(crate) const COUNT_BOUND: i64 = 10_000;

/// How a page of a filtered listing is found.
///
/// The listing order (document name, revision, byte) is the order of the
/// indexes `documents_name` and `claims_owner`, not of any filter's index.
/// A filter that matches few claims is best answered through its own index
/// and a sort of those few; one that matches many (every claim of 5 million
/// with a figure over 1,000) by walking the claims in listing order, where
/// the `LIMIT` stops the walk after a page of matches. The backends count
/// the matches up to a bound first (`count_bound`) and choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Every match through the filter's index, then sorted.
    Sort,
    /// Claims in listing order, each tested, until the page is full.
    Walk,
}

impl Plan {
    /// The plan for a page of `f`, given how many claims it matches (up to
    /// `count_bound`): a filter pinned to one claim or one document is
    /// always sorted; so is one that matches fewer than the bound.
    pub fn choose(f: &ClaimFilter, total: &Total) -> Plan {
        if total.exact || f.id.is_some() || f.document_id.is_some() || f.doc.is_some() {
            Plan::Sort
        } else {
            Plan::Walk
        }
    }
}

/// How many claims a filter matches, counted up to a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Total {
    /// The claims counted: all of them when `exact`, else a lower bound.
    pub count: i64,
    /// True when `count` is every claim the filter matches.
    pub exact: bool,
}

/// The bound the matches of a filter are counted to for `page`: at least
/// `COUNT_BOUND`, and one past the page's end, so that a count that
/// reaches it still says whether another page follows.
pub(crate) fn count_bound(page: Page) -> i64 {
    page.offset.max(0).saturating_add(page.limit.max(0)).saturating_add(1).max(COUNT_BOUND)
}

/// The claims query for a filter, in listing order, one page of it when
/// `page` is given (found as the [`Plan`] says).
pub fn claims_query(f: &ClaimFilter, page: Option<(Page, Plan)>) -> (String, Vec<SqlParam>) {
    let (select, order) = (crate::schema::CLAIMS_SELECT, crate::schema::CLAIMS_ORDER);
    let Some((p, plan)) = page else {
        let (filter, params) = claims_where(f, Plan::Sort);
        return (format!("{select}{filter}{order}"), params);
    };
    let (filter, mut params) = claims_where(f, plan);
    // The page's ids are chosen on narrow rows (no sentence text), so the
    // sort a filter may need costs little; only they are joined to their
    // sentences.
    params.push(SqlParam::Int(p.limit.max(0)));
    params.push(SqlParam::Int(p.offset.max(0)));
    let (limit, offset) = (params.len() - 1, params.len());
    // A walk names the documents first with `CROSS JOIN`, which SQLite
    // reads as "this loop outside" (PostgreSQL as a plain join): documents
    // in name order, each one's claims in `claims_owner` order, no sort.
    let from = match plan {
        Plan::Sort => "claims c JOIN documents d ON d.id = c.document_id",
        Plan::Walk => "documents d CROSS JOIN claims c",
    };
    let filter = match plan {
        Plan::Sort => filter,
        Plan::Walk if filter.is_empty() => " WHERE c.document_id = d.id".to_string(),
        Plan::Walk => format!("{filter} AND c.document_id = d.id"),
    };
    let ids = format!("SELECT c.id FROM {from}{filter}{order} LIMIT ${limit} OFFSET ${offset}");
    (format!("{select} WHERE c.id IN ({ids}){order}"), params)
}

/// The count of the claims a filter matches, up to `bound` (see
/// `count_bound`): the count stops there, so a page's total costs at most
/// `bound` index entries whatever the ledger's size.
pub(crate) fn claims_count_query(f: &ClaimFilter, bound: i64) -> (String, Vec<SqlParam>) {
    let others = f.id.is_some()
        || f.document_id.is_some()
        || f.doc.is_some()
        || f.act.is_some()
        || f.year.is_some()
        || f.source.is_some()
        || f.min.is_some();
    if let (Some(place), false) = (&f.place, others) {
        // A place alone is counted in `claim_places_place` without reading
        // a claim: a claim's row is wide, and reading 10,000 of them
        // costs more than the page. The rejected claims (a few, in the
        // partial index `claims_rejected`) are set aside.
        let mut params = vec![SqlParam::Text(place.to_lowercase())];
        let rejected = if f.include_rejected {
            ""
        } else {
            " AND p.claim_id NOT IN (SELECT r.id FROM claims r WHERE r.review_state = 'rejected')"
        };
        params.push(SqlParam::Int(bound));
        return (
            format!("SELECT COUNT(*) FROM (SELECT DISTINCT p.claim_id FROM claim_places p WHERE p.place = $1{rejected} LIMIT $2) AS m"),
            params,
        );
    }
    let (filter, mut params) = claims_where(f, Plan::Sort);
    params.push(SqlParam::Int(bound));
    (format!("SELECT COUNT(*) FROM (SELECT 1 FROM claims c{filter} LIMIT ${}) AS m", params.len()), params)
}

/// What the listing columns of a claim hold, computed from its current
/// fields (the extractor's, with its reviews applied).
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// The act, lower-cased.
    pub act_key: Option<String>,
    /// The source, lower-cased.
    pub source_key: Option<String>,
    /// The first year (else the last).
    pub year_lo: Option<i64>,
    /// The last year (else the first).
    pub year_hi: Option<i64>,
    /// The high figure, else the low.
    pub value: Option<f64>,
    /// The place, lower-cased.
    pub own_place: Option<String>,
}

impl Listing {
    /// The listing columns of current fields.
    pub fn of(f: &ClaimFields) -> Listing {
        Listing::from_columns(
            f.act.as_deref(),
            f.source.as_deref(),
            (f.year_start, f.year_end),
            (f.low, f.high),
            f.place.as_deref(),
        )
    }

    /// The listing columns of a claim's act, source, years, figures and
    /// place.
    pub fn from_columns(
        act: Option<&str>,
        source: Option<&str>,
        years: (Option<i64>, Option<i64>),
        figures: (Option<f64>, Option<f64>),
        place: Option<&str>,
    ) -> Listing {
        Listing {
            act_key: act.map(str::to_lowercase),
            source_key: source.map(str::to_lowercase),
            year_lo: years.0.or(years.1),
            year_hi: years.1.or(years.0),
            value: figures.1.or(figures.0),
            own_place: place.map(str::to_lowercase),
        }
    }

    /// The `claim_places` rows of a new claim: its path's places (`own` 0)
    /// and its own place (`own` 1).
    pub fn places<'a>(&'a self, path: &'a [String]) -> impl Iterator<Item = (String, i64)> + 'a {
        path.iter().map(|p| (p.to_lowercase(), 0)).chain(self.own_place.iter().map(|p| (p.clone(), 1)))
    }
}

/// Reviews by claim, each claim's oldest first, with the id of its latest.
#[derive(Debug, Default)]
pub struct ReviewsByClaim(std::collections::HashMap<i64, ClaimReviews>);

/// One claim's reviews: the latest review's id and each field's latest value.
type ClaimReviews = (i64, Vec<(String, Option<String>)>);

impl ReviewsByClaim {
    /// Adds one review row (claim, field, new value, review id), in order.
    pub fn push(&mut self, claim: i64, field: String, value: Option<String>, id: i64) {
        let e = self.0.entry(claim).or_default();
        e.0 = e.0.max(id);
        e.1.push((field, value));
    }

    /// Applies a claim's reviews to its row: fields, state, latest review.
    pub fn apply(&self, c: &mut ClaimRow) {
        let (last, revs) = self.0.get(&c.id).map_or((0, &[][..]), |(l, v)| (*l, v.as_slice()));
        c.review_state = apply_reviews(&mut c.fields, revs);
        c.last_review = last;
    }
}

/// What a review of `field` changes from: the claim's review state for
/// `claim`, else the field's current value.
pub(crate) fn current_value(c: &ClaimRow, field: &str) -> Option<String> {
    if field == "claim" {
        Some(c.review_state.clone())
    } else {
        field_value(&c.fields, field).flatten()
    }
}

/// True when a claim row passes a filter (filters see reviewed values).
pub fn passes(c: &ClaimRow, place_path: &str, f: &ClaimFilter) -> bool {
    let lower = |s: &str| s.to_lowercase();
    if f.id.is_some_and(|id| id != c.id) {
        return false;
    }
    if !f.include_rejected && c.review_state == "rejected" {
        return false;
    }
    if let Some(a) = &f.act {
        if c.fields.act.as_deref().map(lower) != Some(lower(a)) {
            return false;
        }
    }
    if let Some(p) = &f.place {
        let want = format!("|{}|", lower(p));
        let own = c.fields.place.as_deref().map(|x| format!("|{}|", lower(x)));
        if !lower(place_path).contains(&want) && own.as_deref() != Some(want.as_str()) {
            return false;
        }
    }
    if let Some(y) = f.year {
        let (a, b) = (c.fields.year_start.or(c.fields.year_end), c.fields.year_end.or(c.fields.year_start));
        match (a, b) {
            (Some(a), Some(b)) if a <= y && y <= b => {}
            _ => return false,
        }
    }
    if let Some(d) = &f.doc {
        if &c.doc != d {
            return false;
        }
    }
    if let Some(s) = &f.source {
        if !c.fields.source.as_deref().is_some_and(|x| lower(x).contains(&lower(s))) {
            return false;
        }
    }
    if let Some(m) = f.min {
        if c.fields.high.or(c.fields.low).is_none_or(|v| v < m) {
            return false;
        }
    }
    true
}

/// Now, as RFC 3339 UTC (seconds).
pub(crate) fn now_rfc3339() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// A user from its stored columns.
pub(crate) fn user_row(r: (i64, String, String, String, Option<String>)) -> crate::Result<crate::accounts::User> {
    let role = crate::accounts::Role::parse(&r.2).ok_or_else(|| crate::StoreError::BadRole(r.1.clone()))?;
    Ok(crate::accounts::User { id: r.0, name: r.1, role, password_hash: r.3, disabled: r.4.is_some() })
}

/// A user as listed: (id, name, role, created, disabled, live tokens).
pub(crate) fn user_info(
    r: (i64, String, String, String, Option<String>, i64),
) -> crate::Result<crate::accounts::UserInfo> {
    let role = crate::accounts::Role::parse(&r.2).ok_or_else(|| crate::StoreError::BadRole(r.1.clone()))?;
    Ok(crate::accounts::UserInfo { id: r.0, name: r.1, role, created_at: r.3, disabled_at: r.4, tokens: r.5 })
}

/// A stored revision of a dump page, without its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionRow {
    /// The page's document name.
    pub page: String,
    /// The revision id.
    pub rev_id: String,
    /// The revision it was made from.
    pub parent: Option<String>,
    /// When it was saved.
    pub timestamp: Option<String>,
    /// Who saved it.
    pub contributor: Option<String>,
    /// How many claims it has.
    pub claims: i64,
}

/// Picks the one document a reference means among the candidates the
/// backend found for it (see [`crate::schema::DOCUMENT_CANDIDATES`]).
///
/// A reference is a document's full name, its row id, a hash (the full
/// 64-hex digest or a prefix of at least [`MIN_HASH_PREFIX`] hex digits),
/// or the last `/`-separated segments of a name (`report.txt` for
/// `a/report.txt`, since files are named by their path below the ingest
/// root). Names come first, then name endings (a file named `2` in a
/// folder is that file, not the document of row id 2), then ids, then
/// hashes; where the winning kind matches more than one document, the
/// reference is ambiguous and the error lists the candidates with their
/// origin. A short prefix never matches: a provenance tool must not
/// open whichever document happens to start with "2".
pub(crate) fn resolve_document(reference: &str, candidates: Vec<DocumentRow>) -> crate::Result<DocumentRow> {
    let by_name: Vec<&DocumentRow> = candidates.iter().filter(|d| d.name == reference).collect();
    let by_id: Vec<&DocumentRow> =
        candidates.iter().filter(|d| reference.parse::<i64>().is_ok_and(|id| id == d.id)).collect();
    let by_hash: Vec<&DocumentRow> = match hash_prefix(reference) {
        Some(p) => candidates.iter().filter(|d| d.hash.starts_with(&p)).collect(),
        None => Vec::new(),
    };
    let by_ending: Vec<&DocumentRow> =
        candidates.iter().filter(|d| d.name.strip_suffix(reference).is_some_and(|s| s.ends_with('/'))).collect();
    let hits = [by_name, by_ending, by_id, by_hash].into_iter().find(|v| !v.is_empty()).unwrap_or_default();
    match hits.as_slice() {
        [] => Err(crate::StoreError::NotFound(format!("document {reference:?}"))),
        [one] => Ok((*one).clone()),
        many => Err(crate::StoreError::Ambiguous {
            reference: reference.to_string(),
            candidates: many
                .iter()
                .map(|d| format!("{} (id {}, {}, hash {})", d.name, d.id, d.origin, &d.hash[..d.hash.len().min(16)]))
                .collect(),
        }),
    }
}

/// The fewest hex digits a hash reference may have.
pub const MIN_HASH_PREFIX: usize = 12;

/// The lower-case hash prefix a reference stands for, if it is one.
pub(crate) fn hash_prefix(reference: &str) -> Option<String> {
    let ok = (MIN_HASH_PREFIX..=64).contains(&reference.len()) && reference.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| reference.to_ascii_lowercase())
}

/// The parameters of [`crate::schema::DOCUMENT_CANDIDATES`] for a
/// reference: the name, the id (or -1), the hash prefix's length and
/// digits (0 and a value no hash has, when it is not one), and the name
/// ending (`/` and the reference).
pub(crate) fn candidate_params(reference: &str) -> (String, i64, i32, String, String) {
    let id = reference.parse::<i64>().unwrap_or(-1);
    let ending = format!("/{reference}");
    match hash_prefix(reference) {
        Some(p) => (reference.to_string(), id, p.len() as i32, p, ending),
        None => (reference.to_string(), id, 1, "-".to_string(), ending),
    }
}

/// Checks stored bytes against their hashes and claims against the bytes
/// they point at, collecting what is wrong (the backends feed it rows).
#[derive(Debug, Default)]
pub struct Verifier {
    /// What is wrong, one line each.
    pub problems: Vec<String>,
    /// Documents, revisions and claims looked at.
    pub seen: (u64, u64, u64),
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Verifier {
    /// A document row: its bytes must hash to its own hash or, for a dump
    /// page (a document with revisions), to its latest revision's.
    pub fn document(&mut self, name: &str, hash: &str, bytes: &[u8], latest_hash: Option<&str>, revisions: i64) {
        self.seen.0 += 1;
        let want = if revisions > 0 {
            match latest_hash {
                Some(h) => h,
                None => {
                    self.problems.push(format!("page {name:?}: has {revisions} revisions but no latest revision"));
                    return;
                }
            }
        } else {
            hash
        };
        if sha256_hex(bytes) != want {
            self.problems.push(format!("document {name:?}: its {} stored bytes do not hash to {want}", bytes.len()));
        }
    }

    /// A revision row: its bytes must hash to its hash.
    pub fn revision(&mut self, label: &str, hash: &str, bytes: &[u8]) {
        self.seen.1 += 1;
        if sha256_hex(bytes) != hash {
            self.problems.push(format!("revision {label:?}: its {} stored bytes do not hash to {hash}", bytes.len()));
        }
    }

    /// A claim: its span must lie inside the bytes and hold its quote.
    pub fn claim(&mut self, owner: &str, id: i64, bytes: &[u8], start: i64, end: i64, quote: &str) {
        self.seen.2 += 1;
        if !quote_matches(bytes, start, end, quote) {
            let at = usize::try_from(start).ok().zip(usize::try_from(end).ok()).and_then(|(s, e)| bytes.get(s..e));
            let found = at.map(|b| String::from_utf8_lossy(b).chars().take(60).collect::<String>());
            self.problems.push(format!(
                "claim {id} of {owner:?}: bytes {start}..{end} ({found:?}) do not hold its quote {quote:?}"
            ));
        }
    }
}

/// True when `start..end` lies inside `bytes` and says `quote`: the span's
/// letters and digits are the quote's or, where the span holds markup
/// (tags, entities, templates, links), include the quote's in order. (The
/// quote is clean text: markup in the original may add characters around
/// the quote's, never take any away.)
pub(crate) fn quote_matches(bytes: &[u8], start: i64, end: i64, quote: &str) -> bool {
    let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) else { return false };
    let Some(span) = bytes.get(s..e).filter(|b| !b.is_empty()) else { return false };
    let text = String::from_utf8_lossy(span);
    let alnum =
        |t: &str| -> Vec<char> { t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let (have, want) = (alnum(&text), alnum(quote));
    if !text.contains(['<', '&', '{', '[', '\'', '|']) {
        return have == want;
    }
    let mut rest = have.iter();
    want.iter().all(|q| rest.any(|h| h == q))
}

#[cfg(test)]
mod verify_tests {
    use super::*;

    fn doc(id: i64, name: &str, hash: &str) -> DocumentRow {
        DocumentRow {
            id,
            name: name.into(),
            origin: String::new(),
            format: "text".into(),
            hash: hash.into(),
            title: None,
            size: 0,
            ingested_at: String::new(),
            claims: 0,
            frame: DocFrame::default(),
        }
    }

    #[test]
    fn references_are_names_ids_or_long_hash_prefixes() {
        let a = doc(1, "2", "2aaaaaaaaaaaaaaaaaaa");
        let b = doc(2, "b.txt", "2bbbbbbbbbbbbbbbbbbb");
        let c = doc(3, "b.txt", "cccccccccccccccccccc");
        // A name wins over an id and a hash.
        assert_eq!(resolve_document("2", vec![a.clone(), b.clone()]).unwrap().id, 1);
        // A short prefix is no reference.
        assert!(matches!(resolve_document("2b", vec![b.clone()]), Err(crate::StoreError::NotFound(_))));
        assert_eq!(resolve_document("2bbbbbbbbbbbb", vec![b.clone()]).unwrap().id, 2);
        // Two documents of one name are ambiguous, and both are listed.
        match resolve_document("b.txt", vec![b.clone(), c.clone()]) {
            Err(crate::StoreError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("{other:?}"),
        }
        // A file name finds the one document whose relative path ends in it;
        // two are ambiguous; a partial segment is no reference.
        let d = doc(4, "a/report.txt", "dddddddddddddddddddd");
        let e = doc(5, "b/report.txt", "eeeeeeeeeeeeeeeeeeee");
        assert_eq!(resolve_document("report.txt", vec![d.clone()]).unwrap().id, 4);
        assert_eq!(resolve_document("b/report.txt", vec![d.clone(), e.clone()]).unwrap().id, 5);
        match resolve_document("report.txt", vec![d.clone(), e.clone()]) {
            Err(crate::StoreError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(matches!(resolve_document("port.txt", vec![d.clone()]), Err(crate::StoreError::NotFound(_))));
        assert!(hash_prefix("%%%%%%%%%%%%").is_none());
        assert_eq!(candidate_params("abc").2, 1);
    }

    #[test]
    fn quotes_must_be_in_their_bytes() {
        let b = "At least 1,219 rapes &amp; 12{{ndash}}15 more".as_bytes();
        assert!(quote_matches(b, 0, 14, "At least 1,219"));
        assert!(quote_matches(b, 27, 43, "12–15"));
        assert!(!quote_matches(b, 0, 14, "121"));
        assert!(!quote_matches(b, 40, 400, "15"));
        assert!(!quote_matches(b, -1, 3, "At"));
        let mut v = Verifier::default();
        v.document("a", &sha256_hex(b"x"), b"x", None, 0);
        v.document("p", "mediawiki-page:1:P", b"x", Some(&sha256_hex(b"y")), 2);
        v.revision("p#1", &sha256_hex(b"y"), b"y");
        assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
    }
}

/// A revision of a page as a claim's life names it: who saved it, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LifeRevision {
    /// The revision id.
    pub rev_id: String,
    /// When it was saved.
    pub timestamp: Option<String>,
    /// Who saved it.
    pub contributor: Option<String>,
}

/// One field of a claim changed by a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `value`, `qualifier`, `source` or `stance`.
    pub field: String,
    /// Before (a value as its quote: "1,219").
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// A revision that changed a claim: the fields it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LifeChange {
    /// The revision.
    pub revision: LifeRevision,
    /// `changed` (value or qualifier) or `reattributed` (source or stance).
    pub kind: String,
    /// The claim's row id in the revision before.
    pub old_claim: i64,
    /// Its row id in this revision.
    pub claim: i64,
    /// The fields changed.
    pub fields: Vec<FieldChange>,
}

/// A claim's life across the revisions of its page: where it first
/// appeared, each revision that changed it, and the one that removed it
/// (see `corroborate_store::life`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimLife {
    /// The life's id: the row id of its first claim.
    pub id: i64,
    /// The page's document row id.
    pub document_id: i64,
    /// The page.
    pub page: String,
    /// The first claim's quote.
    pub quote: String,
    /// The revision where it first appeared.
    pub first: LifeRevision,
    /// The revisions that changed its value, qualifier, source or stance.
    pub changes: Vec<LifeChange>,
    /// The revision that removed it; `None` while the page's latest
    /// revision holds it.
    pub removed: Option<LifeRevision>,
    /// Its claim's row id in the latest revision holding it.
    pub latest_claim: i64,
    /// How many revisions hold it.
    pub revisions: i64,
}

#[cfg(test)]
mod plan_tests {
    use super::*;

    #[test]
    fn the_count_bound_covers_the_page_and_one_more() {
        assert_eq!(count_bound(Page { offset: 0, limit: 50 }), COUNT_BOUND);
        assert_eq!(count_bound(Page { offset: 20_000, limit: 50 }), 20_051);
        assert_eq!(count_bound(Page { offset: i64::MAX, limit: i64::MAX }), i64::MAX);
        assert_eq!(count_bound(Page { offset: -5, limit: -1 }), COUNT_BOUND);
    }

    #[test]
    fn only_a_filter_that_reaches_the_bound_is_walked() {
        let (few, many) = (Total { count: 12, exact: true }, Total { count: COUNT_BOUND, exact: false });
        let act = ClaimFilter { act: Some("killed".into()), ..Default::default() };
        assert_eq!(Plan::choose(&act, &few), Plan::Sort);
        assert_eq!(Plan::choose(&act, &many), Plan::Walk);
        assert_eq!(Plan::choose(&ClaimFilter::default(), &many), Plan::Walk);
        for pinned in [
            ClaimFilter { id: Some(1), ..Default::default() },
            ClaimFilter { document_id: Some(1), ..Default::default() },
            ClaimFilter { doc: Some("Page#1".into()), ..Default::default() },
        ] {
            assert_eq!(Plan::choose(&pinned, &many), Plan::Sort, "{pinned:?}");
        }
    }

    #[test]
    fn a_year_is_one_branch_per_narrow_span_and_one_for_the_wide() {
        let (sql, params) = claims_where(&ClaimFilter { year: Some(1944), ..Default::default() }, Plan::Sort);
        assert_eq!(sql.matches(" OR ").count() as i64, NARROW_SPAN + 1);
        assert!(sql.contains("(c.year_hi - c.year_lo) = 0 AND c.year_lo >= $1 AND c.year_lo <= $2"), "{sql}");
        assert_eq!(params[2 * NARROW_SPAN as usize], SqlParam::Int(1944 - NARROW_SPAN));
        let (walk, _) = claims_where(&ClaimFilter { year: Some(1944), ..Default::default() }, Plan::Walk);
        assert!(!walk.contains(" OR ") && walk.contains("(c.year_lo + 0) <= $1"), "{walk}");
    }
}

#[cfg(test)]
mod count_tests {
    use super::*;

    #[test]
    fn a_place_alone_is_counted_without_reading_claims() {
        let place = ClaimFilter { place: Some("Niš".into()), ..Default::default() };
        let (sql, params) = claims_count_query(&place, 10);
        assert!(sql.contains("FROM claim_places p WHERE p.place = $1") && sql.contains("'rejected'"), "{sql}");
        assert_eq!(params, [SqlParam::Text("niš".into()), SqlParam::Int(10)]);
        let all = ClaimFilter { include_rejected: true, ..place.clone() };
        assert!(!claims_count_query(&all, 10).0.contains("rejected"));
        // With another filter the general count (that filter's index) runs.
        let both = ClaimFilter { act: Some("killed".into()), ..place };
        assert!(claims_count_query(&both, 10).0.contains("FROM claims c"));
    }
}
