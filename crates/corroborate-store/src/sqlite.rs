//! The SQLite backend (rusqlite, bundled): one file, WAL mode. Write
//! transactions begin `IMMEDIATE`, so that concurrent writers (the server's
//! reviewers) wait on the busy timeout instead of failing on a lock upgrade.

use crate::life::{self, LifeDb, State};
use crate::model::*;
use crate::rows::{
    citation_row, claim_row, counts_row, document_row, life_change_row, life_head_row, life_state_row, review_row,
    revision_row,
};
use crate::schema::{self, SQLITE};
use crate::{Result, Store, StoreError};
use rusqlite::{params, CachedStatement, Connection, OptionalExtension};
use std::path::Path;

/// A ledger in a SQLite file.
pub struct SqliteStore {
    conn: Connection,
}

/// Every row a statement returns, each read by `f` (a shared mapper of
/// [`crate::rows`]): a value of the wrong type is [`StoreError::Corrupt`].
fn all<T, P: rusqlite::Params>(
    mut st: CachedStatement,
    params: P,
    f: impl Fn(&rusqlite::Row) -> Result<T>,
) -> Result<Vec<T>> {
    let mut rows = st.query(params)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(f(r)?);
    }
    Ok(out)
}

/// Prepares (and caches) a shared statement the way SQLite must read it:
/// every statement this backend runs goes through here, never straight to
/// rusqlite, so `$N` is always bound by its number (see
/// [`schema::for_sqlite`]). A test below holds the file to that.
fn prep<'c>(conn: &'c Connection, sql: &str) -> rusqlite::Result<CachedStatement<'c>> {
    conn.prepare_cached(&schema::for_sqlite(sql))
}

impl SqliteStore {
    /// Opens (creating when missing) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let mut s = SqliteStore { conn };
        s.migrate()?;
        Ok(s)
    }

    fn migrate(&mut self) -> Result<()> {
        prep(&self.conn, schema::CREATE_MIGRATIONS)?.execute([])?;
        let current: i64 = prep(&self.conn, schema::CURRENT_VERSION)?.query_row([], |r| r.get(0))?;
        let known = schema::MIGRATIONS.len() as i64;
        if current > known {
            return Err(StoreError::TooNew { found: current, known });
        }
        for v in current as usize..schema::MIGRATIONS.len() {
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            for stmt in schema::statements(v, &SQLITE) {
                tx.execute_batch(&stmt)?;
            }
            if v + 1 == schema::BACKFILL_VERSION {
                backfill(&tx)?;
            }
            if v + 1 == schema::LIFE_VERSION {
                life::rebuild_all(&mut SqliteLife(&tx))?;
            }
            prep(&tx, schema::RECORD_MIGRATION)?.execute(params![v as i64 + 1, now_rfc3339()])?;
            tx.commit()?;
        }
        Ok(())
    }
}

impl Store for SqliteStore {
    fn ingest(&mut self, batch: &[NewDocument]) -> Result<IngestStats> {
        let mut stats = IngestStats::default();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for d in batch {
            let exists: i64 = prep(&tx, schema::HAS_HASH)?.query_row(params![d.hash], |r| r.get(0))?;
            if exists > 0 {
                stats.skipped += 1;
                continue;
            }
            let id: i64 = prep(&tx, schema::INSERT_DOCUMENT)?.query_row(
                params![
                    d.name,
                    d.origin,
                    d.format,
                    d.hash,
                    d.bytes,
                    d.title,
                    d.bytes.len() as i64,
                    now_rfc3339(),
                    d.claims.len() as i64,
                    d.sentences.len() as i64,
                    d.frame.place,
                    d.frame.year_start,
                    d.frame.year_end
                ],
                |r| r.get(0),
            )?;
            write_rows(&tx, id, None, d)?;
            stats.added(d);
        }
        tx.commit()?;
        Ok(stats)
    }

    fn ingest_revisions(&mut self, page: &NewPage, revisions: &[NewRevision]) -> Result<IngestStats> {
        let mut stats = IngestStats::default();
        let Some(first) = revisions.first() else { return Ok(stats) };
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let found: Option<i64> = prep(&tx, schema::PAGE)?.query_row(params![page.key], |r| r.get(0)).optional()?;
        let doc_id = match found {
            Some(id) => id,
            // The page's bytes are set to its latest revision's below.
            None => prep(&tx, schema::INSERT_DOCUMENT)?.query_row(
                params![
                    page.title,
                    page.origin,
                    "wikitext",
                    page.key,
                    first.doc.bytes,
                    page.title,
                    first.doc.bytes.len() as i64,
                    now_rfc3339(),
                    0i64,
                    0i64,
                    None::<String>,
                    None::<i64>,
                    None::<i64>
                ],
                |r| r.get(0),
            )?,
        };
        let mut fresh = std::collections::HashMap::new();
        for r in revisions {
            let exists: i64 = prep(&tx, schema::HAS_REVISION)?.query_row(params![doc_id, r.rev_id], |x| x.get(0))?;
            if exists > 0 {
                stats.skipped += 1;
                continue;
            }
            let d = &r.doc;
            let rid: i64 = prep(&tx, schema::INSERT_REVISION)?.query_row(
                params![
                    doc_id,
                    r.rev_id,
                    r.parent,
                    r.timestamp,
                    r.contributor,
                    d.hash,
                    d.bytes,
                    d.claims.len() as i64,
                    d.sentences.len() as i64,
                    d.frame.place,
                    d.frame.year_start,
                    d.frame.year_end
                ],
                |x| x.get(0),
            )?;
            let ids = write_rows(&tx, doc_id, Some(rid), d)?;
            fresh.insert(rid, State::of_document(&format!("{}#{}", page.title, r.rev_id), d, &ids));
            stats.added(d);
        }
        life::update(&mut SqliteLife(&tx), doc_id, fresh, false)?;
        let (latest, bytes): (i64, Vec<u8>) =
            prep(&tx, schema::LATEST_REVISION)?.query_row(params![doc_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        prep(&tx, schema::UPDATE_PAGE)?.execute(params![doc_id, latest, bytes, bytes.len() as i64])?;
        tx.commit()?;
        Ok(stats)
    }

    fn has_hash(&mut self, hash: &str) -> Result<bool> {
        let n: i64 = prep(&self.conn, schema::HAS_HASH)?.query_row(params![hash], |r| r.get(0))?;
        Ok(n > 0)
    }

    fn documents(&mut self) -> Result<Vec<DocumentRow>> {
        all(prep(&self.conn, schema::DOCUMENTS)?, [], |r| document_row(r))
    }

    fn document(&mut self, reference: &str) -> Result<(DocumentRow, Vec<u8>)> {
        let (name, id, len, prefix, ending) = candidate_params(reference);
        let candidates =
            all(prep(&self.conn, schema::DOCUMENT_CANDIDATES)?, params![name, id, len, prefix, ending], |r| {
                document_row(r)
            })?;
        let row = resolve_document(reference, candidates)?;
        let bytes: Vec<u8> = prep(&self.conn, schema::DOCUMENT_BYTES)?.query_row(params![row.id], |r| r.get(0))?;
        Ok((row, bytes))
    }

    fn revisions(&mut self) -> Result<Vec<RevisionRow>> {
        all(prep(&self.conn, schema::REVISIONS)?, [], |r| revision_row(r))
    }

    fn revision(&mut self, document_id: i64, rev_id: Option<&str>) -> Result<Option<(RevisionRow, Vec<u8>)>> {
        let st = prep(&self.conn, schema::REVISION)?;
        let found = all(st, params![document_id, rev_id], |r| Ok((revision_row(r)?, any_bytes(r, 6)?)))?;
        Ok(found.into_iter().next())
    }

    fn claim_life(&mut self, claim_id: i64) -> Result<Option<ClaimLife>> {
        let id: Option<i64> =
            prep(&self.conn, schema::CLAIM_LIFE)?.query_row(params![claim_id], |r| r.get(0)).optional()?;
        let Some(id) = id else { return Ok(None) };
        let heads = all(prep(&self.conn, schema::ONE_LIFE)?, params![id], |r| life_head_row(r))?;
        let rows = all(prep(&self.conn, schema::LIFE_CHANGES_OF_LIFE)?, params![id], |r| life_change_row(r))?;
        Ok(life::assemble(heads, rows).pop())
    }

    fn page_lives(&mut self, document_id: i64) -> Result<Vec<ClaimLife>> {
        let heads = all(prep(&self.conn, schema::LIVES_OF_PAGE)?, params![document_id], |r| life_head_row(r))?;
        let rows = all(prep(&self.conn, schema::LIFE_CHANGES_OF_PAGE)?, params![document_id], |r| life_change_row(r))?;
        Ok(life::assemble(heads, rows))
    }

    fn claims(&mut self, filter: &ClaimFilter) -> Result<Vec<ClaimRow>> {
        claims_on(&self.conn, filter, None)
    }

    fn claims_page(&mut self, filter: &ClaimFilter, page: Page) -> Result<(Vec<ClaimRow>, Total)> {
        let bound = count_bound(page);
        let (sql, args) = claims_count_query(filter, bound);
        let count: i64 = prep(&self.conn, &sql)?
            .query_row(rusqlite::params_from_iter(args.into_iter().map(SqlParam::into_sqlite)), |r| r.get(0))?;
        let total = Total { count, exact: count < bound };
        Ok((claims_on(&self.conn, filter, Some((page, Plan::choose(filter, &total))))?, total))
    }

    fn review(&mut self, r: &NewReview) -> Result<i64> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current = current_field(&tx, r)?;
        let id: i64 = prep(&tx, schema::INSERT_REVIEW)?.query_row(
            params![r.claim_id, r.reviewer, r.field, current, r.new_value, r.note, now_rfc3339()],
            |row| row.get(0),
        )?;
        refresh_claim(&tx, r.claim_id)?;
        tx.commit()?;
        Ok(id)
    }

    fn reviews(&mut self, claim_id: i64) -> Result<Vec<ReviewRow>> {
        all(prep(&self.conn, schema::CLAIM_REVIEWS)?, params![claim_id], |r| review_row(r))
    }

    fn citations(&mut self, document_id: i64) -> Result<Vec<CitationRow>> {
        all(prep(&self.conn, schema::CITATIONS)?, params![document_id], |r| citation_row(r))
    }

    fn version(&mut self) -> Result<(i64, i64)> {
        Ok(prep(&self.conn, schema::VERSION)?.query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    fn counts(&mut self) -> Result<Counts> {
        let counts = all(prep(&self.conn, schema::COUNTS)?, [], |r| counts_row(r))?;
        counts.into_iter().next().ok_or_else(|| StoreError::Corrupt("the counts query returned no row".into()))
    }

    fn check(&mut self) -> Result<Verifier> {
        let mut v = Verifier::default();
        let ok: String = prep(&self.conn, "PRAGMA integrity_check")?.query_row([], |r| r.get(0))?;
        if ok != "ok" {
            v.problems.push(format!("integrity_check: {ok}"));
        }
        for name in prep(&self.conn, schema::INCOMPLETE)?.query_map([], |r| r.get::<_, String>(0))? {
            v.problems.push(format!("incomplete document: {}", name?));
        }
        let mut st = prep(&self.conn, schema::CHECK_DOCUMENTS)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (name, hash, bytes, latest, revs): (String, String, Vec<u8>, Option<String>, i64) =
                (r.get(1)?, r.get(2)?, any_bytes(r, 3)?, r.get(4)?, r.get(5)?);
            v.document(&name, &hash, &bytes, latest.as_deref(), revs);
        }
        let mut st = prep(&self.conn, schema::CHECK_REVISIONS)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            v.revision(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?, &any_bytes(r, 3)?);
        }
        let owners = prep(&self.conn, schema::CLAIM_OWNERS)?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (doc, rev) in owners {
            let (bytes_sql, claims_sql, key) = if rev == 0 {
                (schema::DOCUMENT_BYTES, schema::DOCUMENT_CLAIM_SPANS, doc)
            } else {
                (schema::REVISION_BYTES, schema::REVISION_CLAIM_SPANS, rev)
            };
            let bytes: Vec<u8> = prep(&self.conn, bytes_sql)?.query_row(params![key], |r| any_bytes(r, 0))?;
            let owner = format!("document {doc} revision {rev}");
            let mut st = prep(&self.conn, claims_sql)?;
            let mut rows = st.query(params![key])?;
            while let Some(r) = rows.next()? {
                v.claim(&owner, r.get(0)?, &bytes, r.get(1)?, r.get(2)?, &r.get::<_, String>(3)?);
            }
        }
        Ok(v)
    }

    fn add_user(&mut self, name: &str, role: crate::accounts::Role, password_hash: &str) -> Result<i64> {
        Ok(prep(&self.conn, schema::INSERT_USER)?
            .query_row(params![name, role.as_str(), password_hash, now_rfc3339()], |r| r.get(0))?)
    }

    fn user(&mut self, name: &str) -> Result<Option<crate::accounts::User>> {
        let row = prep(&self.conn, schema::USER)?
            .query_row(params![name], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        row.map(user_row).transpose()
    }

    fn add_token(&mut self, user_id: i64, token_hash: &str) -> Result<()> {
        prep(&self.conn, schema::INSERT_TOKEN)?.execute(params![user_id, token_hash, now_rfc3339()])?;
        Ok(())
    }

    fn user_by_token(&mut self, token_hash: &str) -> Result<Option<crate::accounts::User>> {
        let row = prep(&self.conn, schema::USER_BY_TOKEN)?
            .query_row(params![token_hash], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?))
            })
            .optional()?;
        if row.is_some() {
            prep(&self.conn, schema::TOKEN_USED)?.execute(params![token_hash, now_rfc3339()])?;
        }
        row.map(user_row).transpose()
    }

    fn users(&mut self) -> Result<Vec<crate::accounts::UserInfo>> {
        let mut st = prep(&self.conn, schema::USERS)?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(user_info).collect()
    }

    fn set_user_disabled(&mut self, name: &str, disabled: bool) -> Result<bool> {
        let at = disabled.then(now_rfc3339);
        Ok(prep(&self.conn, schema::SET_USER_DISABLED)?.execute(params![name, at])? > 0)
    }

    fn set_password(&mut self, name: &str, password_hash: &str) -> Result<bool> {
        Ok(prep(&self.conn, schema::SET_PASSWORD)?.execute(params![name, password_hash])? > 0)
    }

    fn tokens(&mut self) -> Result<Vec<crate::accounts::TokenInfo>> {
        let mut st = prep(&self.conn, schema::TOKENS)?;
        let rows = st
            .query_map([], |r| {
                Ok(crate::accounts::TokenInfo {
                    id: r.get(0)?,
                    user: r.get(1)?,
                    created_at: r.get(2)?,
                    last_used_at: r.get(3)?,
                    revoked_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn revoke_token(&mut self, id: i64) -> Result<bool> {
        Ok(prep(&self.conn, schema::REVOKE_TOKEN)?.execute(params![id, now_rfc3339()])? > 0)
    }
}

/// A `bytes` column as bytes whatever SQLite holds there (SQLite lets any
/// column hold any type): a damaged row then fails its hash check instead
/// of stopping the check.
fn any_bytes(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Blob(b) | ValueRef::Text(b) => b.to_vec(),
        ValueRef::Integer(n) => n.to_string().into_bytes(),
        ValueRef::Real(x) => x.to_string().into_bytes(),
        ValueRef::Null => Vec::new(),
    })
}

/// Writes a document's (or a revision's) sentences, citations and claims;
/// returns the claims' row ids, in the order of `d.claims`.
fn write_rows(tx: &Connection, doc_id: i64, rev_id: Option<i64>, d: &NewDocument) -> Result<Vec<i64>> {
    let mut st = prep(tx, schema::INSERT_SENTENCE)?;
    for (i, s) in d.sentences.iter().enumerate() {
        st.execute(params![doc_id, rev_id, i as i64, s.start, s.end, s.text])?;
    }
    let mut ct = prep(tx, schema::INSERT_CITATION)?;
    for c in &d.citations {
        ct.execute(params![doc_id, rev_id, c.sentence, c.start, c.end, c.kind, c.label])?;
    }
    let mut cl = prep(tx, schema::INSERT_CLAIM)?;
    let mut pl = prep(tx, schema::INSERT_CLAIM_PLACE)?;
    let mut sk = prep(tx, schema::INSERT_SOURCE_KEY)?;
    let mut ids = Vec::with_capacity(d.claims.len());
    for c in &d.claims {
        let f = &c.fields;
        let l = Listing::of(f);
        let id: i64 = cl.query_row(
            params![
                doc_id,
                rev_id,
                c.sentence,
                f.start,
                f.end,
                f.quote,
                f.low,
                f.high,
                f.unit,
                f.qualifier,
                f.act,
                f.subject,
                f.place,
                place_path(&c.place_path),
                f.year_start,
                f.year_end,
                f.perpetrator,
                f.source,
                f.stance,
                c.extractor,
                l.act_key,
                l.source_key,
                l.year_lo,
                l.year_hi,
                l.value
            ],
            |r| r.get(0),
        )?;
        for (place, own) in l.places(&c.place_path) {
            pl.execute(params![id, place, own])?;
        }
        if let Some(k) = &l.source_key {
            sk.execute(params![k])?;
        }
        ids.push(id);
    }
    Ok(ids)
}

/// The life tracker's reads and writes on a SQLite connection, inside the
/// ingest's (or the migration's) transaction.
struct SqliteLife<'c>(&'c Connection);

impl LifeDb for SqliteLife<'_> {
    fn pages(&mut self) -> Result<Vec<i64>> {
        Ok(prep(self.0, schema::PAGES_WITH_REVISIONS)?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
    }

    fn revision_order(&mut self, document_id: i64) -> Result<Vec<i64>> {
        let mut st = prep(self.0, schema::PAGE_REVISION_ORDER)?;
        let ids = st.query_map(params![document_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    fn stored(&mut self, revision: i64) -> Result<State> {
        let mut s = State::default();
        for (claim, life, item) in all(prep(self.0, schema::LIFE_STATE)?, params![revision], |r| life_state_row(r))? {
            s.push(claim, life, item);
        }
        Ok(s)
    }

    fn clear(&mut self, document_id: i64) -> Result<()> {
        for sql in [schema::DELETE_LIFE_CHANGES, schema::DELETE_LIFE_CLAIMS, schema::DELETE_LIVES] {
            prep(self.0, sql)?.execute(params![document_id])?;
        }
        Ok(())
    }

    fn write(&mut self, document_id: i64, w: &life::Writes) -> Result<()> {
        let mut st = prep(self.0, schema::INSERT_LIFE)?;
        for (id, rev) in &w.lives {
            st.execute(params![id, document_id, rev])?;
        }
        let mut st = prep(self.0, schema::INSERT_LIFE_CLAIM)?;
        for (claim, id) in &w.members {
            st.execute(params![claim, id])?;
        }
        let mut st = prep(self.0, schema::INSERT_LIFE_CHANGE)?;
        for c in &w.changes {
            st.execute(params![c.life, c.revision, c.claim, c.old_claim, c.kind, c.field, c.old, c.new])?;
        }
        let mut st = prep(self.0, schema::REMOVE_LIFE)?;
        for (id, rev) in &w.removals {
            st.execute(params![id, rev])?;
        }
        Ok(())
    }
}

/// Rewrites a claim's listing columns from its extracted fields and its
/// review log (inside the review's transaction).
fn refresh_claim(conn: &Connection, claim_id: i64) -> Result<()> {
    let filter = ClaimFilter { id: Some(claim_id), include_rejected: true, ..Default::default() };
    let c = claims_on(conn, &filter, None)?.pop().ok_or_else(|| StoreError::NotFound(format!("claim {claim_id}")))?;
    let l = Listing::of(&c.fields);
    prep(conn, schema::UPDATE_CLAIM_LISTING)?.execute(params![
        claim_id,
        c.review_state,
        c.last_review,
        l.act_key,
        l.source_key,
        l.year_lo,
        l.year_hi,
        l.value
    ])?;
    prep(conn, schema::DELETE_OWN_PLACE)?.execute(params![claim_id])?;
    if let Some(p) = &l.own_place {
        prep(conn, schema::INSERT_CLAIM_PLACE)?.execute(params![claim_id, p, 1i64])?;
    }
    if let Some(k) = &l.source_key {
        prep(conn, schema::INSERT_SOURCE_KEY)?.execute(params![k])?;
    }
    Ok(())
}

/// Fills the listing columns of the claims stored before they existed
/// (see [`schema::BACKFILL_VERSION`]), inside the migration's transaction.
fn backfill(conn: &Connection) -> Result<()> {
    let mut rows = Vec::new();
    {
        let mut st = prep(conn, schema::BACKFILL_CLAIMS)?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let id: i64 = r.get(0)?;
            let (act, source, place): (Option<String>, Option<String>, Option<String>) =
                (r.get(1)?, r.get(2)?, r.get(7)?);
            let l = Listing::from_columns(
                act.as_deref(),
                source.as_deref(),
                (r.get(3)?, r.get(4)?),
                (r.get(5)?, r.get(6)?),
                place.as_deref(),
            );
            let path: String = r.get(8)?;
            rows.push((id, l, path));
        }
    }
    let mut up = prep(conn, schema::UPDATE_CLAIM_LISTING)?;
    let mut pl = prep(conn, schema::INSERT_CLAIM_PLACE)?;
    let mut sk = prep(conn, schema::INSERT_SOURCE_KEY)?;
    for (id, l, path) in rows {
        up.execute(params![id, "unreviewed", 0i64, l.act_key, l.source_key, l.year_lo, l.year_hi, l.value])?;
        let path: Vec<String> = path.split('|').filter(|p| !p.is_empty()).map(str::to_string).collect();
        for (place, own) in l.places(&path) {
            pl.execute(params![id, place, own])?;
        }
        if let Some(k) = &l.source_key {
            sk.execute(params![k])?;
        }
    }
    let reviewed = prep(conn, schema::REVIEWED_CLAIMS)?
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for id in reviewed {
        refresh_claim(conn, id)?;
    }
    Ok(())
}

impl SqlParam {
    /// The parameter as rusqlite binds it.
    pub fn into_sqlite(self) -> rusqlite::types::Value {
        match self {
            SqlParam::Int(i) => rusqlite::types::Value::Integer(i),
            SqlParam::Float(x) => rusqlite::types::Value::Real(x),
            SqlParam::Text(t) => rusqlite::types::Value::Text(t),
        }
    }
}

/// Claims with reviews applied, filtered (on a connection or inside a
/// transaction), one page of them when `page` is given. The database
/// filters and orders on the listing columns; only the rows returned that
/// have reviews read their own review log, to show the reviewed values.
fn claims_on(conn: &Connection, filter: &ClaimFilter, page: Option<(Page, Plan)>) -> Result<Vec<ClaimRow>> {
    let (sql, args) = claims_query(filter, page);
    let st = prep(conn, &sql)?;
    let mut out = Vec::new();
    for (c, _) in all(st, rusqlite::params_from_iter(args.into_iter().map(SqlParam::into_sqlite)), |r| claim_row(r))? {
        out.push(c);
    }
    let mut log = prep(conn, schema::ONE_CLAIMS_REVIEWS)?;
    for c in out.iter_mut().filter(|c| c.last_review > 0 || filter.id.is_some()) {
        let mut reviews = ReviewsByClaim::default();
        let mut rows = log.query(params![c.id])?;
        while let Some(r) = rows.next()? {
            reviews.push(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        }
        reviews.apply(c);
    }
    Ok(out)
}

/// The value a field has now (extractor plus earlier reviews), for the
/// review log's "old value".
fn current_field(conn: &Connection, r: &NewReview) -> Result<Option<String>> {
    crate::validate::check_field(&r.field)?;
    let c = claims_on(conn, &ClaimFilter { id: Some(r.claim_id), include_rejected: true, ..Default::default() }, None)?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("claim {}", r.claim_id)))?;
    crate::validate::check_review(&c.fields, &r.field, r.new_value.as_deref(), r.note.as_deref())?;
    Ok(current_value(&c, &r.field))
}

/// The stored form of a place path: `|belgrade|serbia|yugoslavia|`.
pub(crate) fn place_path(path: &[String]) -> String {
    if path.is_empty() {
        return String::new();
    }
    format!("|{}|", path.iter().map(|p| p.to_lowercase()).collect::<Vec<_>>().join("|"))
}

#[cfg(test)]
mod tests {
    /// Every statement this backend runs goes through `prep`: no call hands
    /// rusqlite a statement directly, where `$N` would bind out of order.
    #[test]
    fn every_statement_goes_through_prep() {
        let src = include_str!("sqlite.rs");
        let body = &src[..src.find("#[cfg(test)]").unwrap_or(src.len())];
        // A method chain that rustfmt broke over lines reads as one line
        // ("st\n    .query_row(" is "st.query_row(").
        let chained = regex::Regex::new(r"\n\s*\.").expect("pattern compiles");
        let body = chained.replace_all(body, ".");
        for bad in
            [".execute(", ".query_row(", ".prepare_cached(", ".prepare(", ".query_map(schema", ".execute_batch(schema"]
        {
            for (i, line) in body.lines().enumerate() {
                let t = line.trim_start();
                let allowed = t.starts_with("//")
                    || t.starts_with("conn.prepare_cached(&schema::for_sqlite")
                    || line.contains("prep(")
                    || line.contains("st.execute(")
                    || line.contains("st.query_row(")
                    || line.contains("ct.execute(")
                    || line.contains("cl.execute(")
                    || ["cl.query_row(", "pl.execute(", "sk.execute(", "up.execute("]
                        .iter()
                        .any(|ok| line.contains(ok))
                    || line.contains("execute_batch(&stmt)");
                assert!(allowed || !line.contains(bad), "line {}: {line}", i + 1);
            }
        }
    }
}
