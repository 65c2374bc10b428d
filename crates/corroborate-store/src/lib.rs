//! The ledger: documents (with their original bytes), revisions, sentences,
//! citations, claims and the review log, in SQLite (the embedded default)
//! or PostgreSQL (for teams), behind one [`Store`] trait.
//!
//! - [`schema`] holds the versioned migrations, applied on open, written
//!   once for both backends (placeholders `$N` and `RETURNING` work in
//!   both; column types are filled in per backend).
//! - `sqlite` and `postgres` implement [`Store`].
//! - A document and everything read from it are written in one transaction
//!   with the rest of their batch: a crash leaves either all of a batch or
//!   none of it, never half a document.
//! - The claims of a dump page's revisions are followed from revision to
//!   revision, each claim's life (first seen, changes, removal) stored at
//!   ingest in the same transaction (`life.rs`; [`Store::claim_life`]).
//! - [`sheet`] is the spreadsheet round trip: claims out as CSV, edited
//!   cells back in as reviews.
//! - A review never overwrites what the extractor found: [`Store::claims`]
//!   returns the extractor's values with the reviews applied on top.

#![warn(missing_docs)]

pub mod accounts;
mod life;
pub mod model;
mod postgres;
mod rows;
pub mod schema;
pub mod sheet;
mod sqlite;
pub mod validate;

pub use model::*;
pub use validate::Invalid;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused.
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] ::postgres::Error),
    /// A value in the database is not what the schema promises.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// The database was written by a newer Corroborate.
    #[error("the database has schema version {found}, newer than this program's {known}")]
    TooNew {
        /// Version found.
        found: i64,
        /// Newest version this program knows.
        known: i64,
    },
    /// Not found.
    #[error("{0} not found")]
    NotFound(String),
    /// A reference names more than one document.
    #[error("{reference:?} names more than one document; say which by id or full hash: {}", candidates.join("; "))]
    Ambiguous {
        /// The reference given.
        reference: String,
        /// The documents it could mean.
        candidates: Vec<String>,
    },
    /// A value given to a claim is not valid (CLAIMS.md); nothing was
    /// written.
    #[error("{0}")]
    Invalid(#[from] validate::Invalid),
    /// A stored user has a role this program does not know.
    #[error("user {0:?} has an unknown role")]
    BadRole(String),
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The ledger's operations, the same for every backend.
pub trait Store: Send {
    /// Adds a batch of documents in one transaction. Documents whose content
    /// hash is already stored are skipped.
    fn ingest(&mut self, batch: &[NewDocument]) -> Result<IngestStats>;
    /// Adds revisions of one page in one transaction: the page is one
    /// document, each revision a revision of it with its own sentences and
    /// claims. Revisions already stored are skipped.
    fn ingest_revisions(&mut self, page: &NewPage, revisions: &[NewRevision]) -> Result<IngestStats>;
    /// True when a document with this content hash is stored.
    fn has_hash(&mut self, hash: &str) -> Result<bool>;
    /// Every document with its claim count, by name.
    fn documents(&mut self) -> Result<Vec<DocumentRow>>;
    /// One document with its original bytes (a dump page: its latest
    /// revision's), by a reference that `model::resolve_document` accepts:
    /// full name, row id, or a hash of at least 12 hex digits.
    fn document(&mut self, reference: &str) -> Result<(DocumentRow, Vec<u8>)>;
    /// The revisions of every stored dump page, page by page, in the order
    /// they were made.
    fn revisions(&mut self) -> Result<Vec<RevisionRow>>;
    /// One revision of a stored dump page (by the page's row id) with its
    /// original bytes: `rev_id`, or the page's latest when `None`. `None`
    /// when the document is not a page or has no such revision.
    fn revision(&mut self, document_id: i64, rev_id: Option<&str>) -> Result<Option<(RevisionRow, Vec<u8>)>>;
    /// The life of a claim across its page's revisions, from any of its
    /// claims' row ids: the revision where it first appeared, each revision
    /// that changed its value, qualifier, source or stance (who, when), and
    /// the one that removed it. `None` when the claim is not a dump
    /// revision's (a file's claim) or does not exist.
    fn claim_life(&mut self, claim_id: i64) -> Result<Option<ClaimLife>>;
    /// Every claim life of a dump page (by the page's document row id), in
    /// the order first seen, then by position.
    fn page_lives(&mut self, document_id: i64) -> Result<Vec<ClaimLife>>;
    /// Claims with reviews applied, filtered, in document and byte order.
    fn claims(&mut self, filter: &ClaimFilter) -> Result<Vec<ClaimRow>>;
    /// One page of [`Store::claims`] and how many claims the filter
    /// matches, counted up to `count_bound` of the page (exact below it):
    /// indexed SQL with a limit, whatever the ledger's size (see [`Plan`]).
    fn claims_page(&mut self, filter: &ClaimFilter, page: Page) -> Result<(Vec<ClaimRow>, Total)>;
    /// Records a review of one field of one claim.
    fn review(&mut self, review: &NewReview) -> Result<i64>;
    /// The review log of a claim, oldest first.
    fn reviews(&mut self, claim_id: i64) -> Result<Vec<ReviewRow>>;
    /// A stored document's citation markers, in order, each with the
    /// start of the sentence it follows.
    fn citations(&mut self, document_id: i64) -> Result<Vec<CitationRow>>;
    /// A cheap mark that moves whenever a claim or a review is added: the
    /// highest claim id and the highest review id (rows are never deleted).
    fn version(&mut self) -> Result<(i64, i64)>;
    /// Row counts of every table.
    fn counts(&mut self) -> Result<Counts>;
    /// Checks the database: integrity; every document complete; every
    /// document's and revision's stored bytes against their hash; every
    /// claim's span against the bytes it points at. Returns what it
    /// verified and the problems found.
    fn check(&mut self) -> Result<Verifier>;
    /// Adds a user; `password_hash` from [`accounts::hash_password`].
    fn add_user(&mut self, name: &str, role: accounts::Role, password_hash: &str) -> Result<i64>;
    /// A user by name.
    fn user(&mut self, name: &str) -> Result<Option<accounts::User>>;
    /// Stores an API token's hash for a user.
    fn add_token(&mut self, user_id: i64, token_hash: &str) -> Result<()>;
    /// The user an API token's hash belongs to, while the token is not
    /// revoked and the user not disabled; records the token's last use.
    fn user_by_token(&mut self, token_hash: &str) -> Result<Option<accounts::User>>;
    /// Every user, by name, with their live token count.
    fn users(&mut self) -> Result<Vec<accounts::UserInfo>>;
    /// Disables (`true`) or enables a user; false when there is no such
    /// user. A disabled user cannot sign in and their tokens stop working.
    fn set_user_disabled(&mut self, name: &str, disabled: bool) -> Result<bool>;
    /// Replaces a user's password hash; false when there is no such user.
    fn set_password(&mut self, name: &str, password_hash: &str) -> Result<bool>;
    /// Every API token (never the token itself), oldest first.
    fn tokens(&mut self) -> Result<Vec<accounts::TokenInfo>>;
    /// Revokes a token by its id; false when there is no live token of
    /// that id.
    fn revoke_token(&mut self, id: i64) -> Result<bool>;
}

/// Opens the store `db` names: a `postgres://` or `postgresql://` URL, or
/// the path of a SQLite file (created when missing).
pub fn open(db: &str) -> Result<Box<dyn Store>> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        Ok(Box::new(postgres::PgStore::open(db)?))
    } else {
        Ok(Box::new(sqlite::SqliteStore::open(std::path::Path::new(db))?))
    }
}
