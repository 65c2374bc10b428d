//! The PostgreSQL backend, through the `postgres` client (the synchronous
//! face of tokio-postgres). Same schema and SQL as SQLite.

use crate::life::{self, LifeDb, State};
use crate::model::*;
use crate::rows::{
    citation_row, claim_row, counts_row, document_row, life_change_row, life_head_row, life_state_row, review_row,
    revision_row, Cell,
};
use crate::schema::{self, POSTGRES};
use crate::sqlite::place_path;
use crate::{Result, Store, StoreError};
use postgres::{Client, NoTls, Row};

/// A ledger in a PostgreSQL database.
pub struct PgStore {
    client: Client,
}

impl PgStore {
    /// Connects to `url` and migrates the database.
    pub fn open(url: &str) -> Result<PgStore> {
        let client = Client::connect(url, NoTls)?;
        let mut s = PgStore { client };
        s.migrate()?;
        Ok(s)
    }

    fn migrate(&mut self) -> Result<()> {
        let mut tx = self.client.transaction()?;
        // One migrator at a time.
        tx.execute("SELECT pg_advisory_xact_lock(7275823)", &[])?;
        tx.execute(schema::CREATE_MIGRATIONS, &[])?;
        let current: i64 = tx.query_one(schema::CURRENT_VERSION, &[])?.cell("schema_migrations", 0)?;
        let known = schema::MIGRATIONS.len() as i64;
        if current > known {
            return Err(StoreError::TooNew { found: current, known });
        }
        for v in current as usize..schema::MIGRATIONS.len() {
            for stmt in schema::statements(v, &POSTGRES) {
                tx.batch_execute(&stmt)?;
            }
            if v + 1 == schema::BACKFILL_VERSION {
                backfill(&mut tx)?;
            }
            if v + 1 == schema::LIFE_VERSION {
                life::rebuild_all(&mut PgLife(&mut tx))?;
            }
            tx.execute(schema::RECORD_MIGRATION, &[&(v as i64 + 1), &now_rfc3339()])?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Claims with reviews applied, filtered (on a client or inside a
/// transaction), one page of them when `page` is given; as in the SQLite
/// backend, only the rows returned that have reviews read their log.
fn claims_on(
    client: &mut impl postgres::GenericClient,
    filter: &ClaimFilter,
    page: Option<(Page, Plan)>,
) -> Result<Vec<ClaimRow>> {
    let (sql, args) = claims_query(filter, page);
    let mut out: Vec<ClaimRow> =
        query(client, &sql, args)?.iter().map(|r| claim_row(r).map(|c| c.0)).collect::<Result<_>>()?;
    for c in out.iter_mut().filter(|c| c.last_review > 0 || filter.id.is_some()) {
        let mut reviews = ReviewsByClaim::default();
        for r in client.query(schema::ONE_CLAIMS_REVIEWS, &[&c.id])? {
            reviews.push(r.cell("reviews", 0)?, r.cell("reviews", 1)?, r.cell("reviews", 2)?, r.cell("reviews", 3)?);
        }
        reviews.apply(c);
    }
    Ok(out)
}

impl SqlParam {
    /// The parameter as the postgres client binds it.
    pub fn into_postgres(self) -> Box<dyn postgres::types::ToSql + Sync> {
        match self {
            SqlParam::Int(i) => Box::new(i),
            SqlParam::Float(x) => Box::new(x),
            SqlParam::Text(t) => Box::new(t),
        }
    }
}

/// Runs a query built with [`SqlParam`]s.
fn query(client: &mut impl postgres::GenericClient, sql: &str, args: Vec<SqlParam>) -> Result<Vec<Row>> {
    let args: Vec<Box<dyn postgres::types::ToSql + Sync>> = args.into_iter().map(SqlParam::into_postgres).collect();
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|b| b.as_ref()).collect();
    Ok(client.query(sql, &refs)?)
}

/// Rewrites a claim's listing columns from its extracted fields and its
/// review log (inside the review's transaction).
fn refresh_claim(client: &mut impl postgres::GenericClient, claim_id: i64) -> Result<()> {
    let filter = ClaimFilter { id: Some(claim_id), include_rejected: true, ..Default::default() };
    let c = claims_on(client, &filter, None)?.pop().ok_or_else(|| StoreError::NotFound(format!("claim {claim_id}")))?;
    let l = Listing::of(&c.fields);
    client.execute(
        schema::UPDATE_CLAIM_LISTING,
        &[&claim_id, &c.review_state, &c.last_review, &l.act_key, &l.source_key, &l.year_lo, &l.year_hi, &l.value],
    )?;
    client.execute(schema::DELETE_OWN_PLACE, &[&claim_id])?;
    if let Some(p) = &l.own_place {
        client.execute(schema::INSERT_CLAIM_PLACE, &[&claim_id, p, &1i64])?;
    }
    if let Some(k) = &l.source_key {
        client.execute(schema::INSERT_SOURCE_KEY, &[k])?;
    }
    Ok(())
}

/// Fills the listing columns of the claims stored before they existed
/// (see [`schema::BACKFILL_VERSION`]), inside the migration's transaction.
fn backfill(tx: &mut postgres::Transaction) -> Result<()> {
    let rows = tx.query(schema::BACKFILL_CLAIMS, &[])?;
    let up = tx.prepare(schema::UPDATE_CLAIM_LISTING)?;
    let pl = tx.prepare(schema::INSERT_CLAIM_PLACE)?;
    let sk = tx.prepare(schema::INSERT_SOURCE_KEY)?;
    for r in rows {
        let id: i64 = r.cell("claims", 0)?;
        let (act, source, place): (Option<String>, Option<String>, Option<String>) =
            (r.cell("claims", 1)?, r.cell("claims", 2)?, r.cell("claims", 7)?);
        let l = Listing::from_columns(
            act.as_deref(),
            source.as_deref(),
            (r.cell("claims", 3)?, r.cell("claims", 4)?),
            (r.cell("claims", 5)?, r.cell("claims", 6)?),
            place.as_deref(),
        );
        tx.execute(&up, &[&id, &"unreviewed", &0i64, &l.act_key, &l.source_key, &l.year_lo, &l.year_hi, &l.value])?;
        let path: String = r.cell("claims", 8)?;
        let path: Vec<String> = path.split('|').filter(|p| !p.is_empty()).map(str::to_string).collect();
        for (place, own) in l.places(&path) {
            tx.execute(&pl, &[&id, &place, &own])?;
        }
        if let Some(k) = &l.source_key {
            tx.execute(&sk, &[k])?;
        }
    }
    let reviewed: Vec<i64> =
        tx.query(schema::REVIEWED_CLAIMS, &[])?.iter().map(|r| r.cell("reviews", 0)).collect::<Result<_>>()?;
    for id in reviewed {
        refresh_claim(tx, id)?;
    }
    Ok(())
}

/// A document (or revision) to write: its id, its revision's id if it is
/// one, and what was extracted from it.
type DocRow<'d> = (i64, Option<i64>, &'d NewDocument);

/// The column types of [`schema::COPY_CLAIMS`], in its order.
const CLAIM_COLUMNS: [postgres::types::Type; 26] = {
    use postgres::types::Type;
    [
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::FLOAT8,
        Type::FLOAT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::INT8,
        Type::INT8,
        Type::FLOAT8,
    ]
};

/// What writing the claims leaves to write after them: each row's claims'
/// ids, the claims' places `(claim, place, own)` and the source keys seen.
struct ClaimsWritten {
    given: Vec<Vec<i64>>,
    places: Vec<(i64, String, i64)>,
    keys: std::collections::BTreeSet<String>,
}

/// Writes the sentences, citations and claims of documents (or revisions)
/// with one binary COPY per table: one round trip per table, not per row.
/// Returns each row's claims' ids, in the order of its claims.
fn copy_rows(tx: &mut postgres::Transaction, rows: &[DocRow<'_>]) -> Result<Vec<Vec<i64>>> {
    copy_sentences(tx, rows)?;
    copy_citations(tx, rows)?;
    let ids = allocate_claim_ids(tx, rows)?;
    let written = copy_claims(tx, rows, ids)?;
    copy_claim_places(tx, &written.places)?;
    for k in &written.keys {
        tx.execute(schema::INSERT_SOURCE_KEY, &[k])?;
    }
    Ok(written.given)
}

/// Step of [`copy_rows`]: the rows' sentences, by one COPY.
fn copy_sentences(tx: &mut postgres::Transaction, rows: &[DocRow<'_>]) -> Result<()> {
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::Type;
    let sink = tx.copy_in(schema::COPY_SENTENCES)?;
    let mut w =
        BinaryCopyInWriter::new(sink, &[Type::INT8, Type::INT8, Type::INT8, Type::INT8, Type::INT8, Type::TEXT]);
    for (id, rid, d) in rows {
        for (i, s) in d.sentences.iter().enumerate() {
            w.write(&[id, rid, &(i as i64), &s.start, &s.end, &s.text])?;
        }
    }
    w.finish()?;
    Ok(())
}

/// Step of [`copy_rows`]: the rows' citations, by one COPY.
fn copy_citations(tx: &mut postgres::Transaction, rows: &[DocRow<'_>]) -> Result<()> {
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::Type;
    let sink = tx.copy_in(schema::COPY_CITATIONS)?;
    let mut w = BinaryCopyInWriter::new(
        sink,
        &[Type::INT8, Type::INT8, Type::INT8, Type::INT8, Type::INT8, Type::TEXT, Type::TEXT],
    );
    for (id, rid, d) in rows {
        for c in &d.citations {
            w.write(&[id, rid, &c.sentence, &c.start, &c.end, &c.kind, &c.label])?;
        }
    }
    w.finish()?;
    Ok(())
}

/// Step of [`copy_rows`]: as many ids from the claims' sequence as the rows
/// have claims, in ascending order; fewer is corruption.
fn allocate_claim_ids(tx: &mut postgres::Transaction, rows: &[DocRow<'_>]) -> Result<Vec<i64>> {
    let n: i64 = rows.iter().map(|(_, _, d)| d.claims.len() as i64).sum();
    let mut ids: Vec<i64> =
        tx.query(schema::ALLOCATE_CLAIM_IDS, &[&n])?.iter().map(|r| r.cell("claims", 0)).collect::<Result<_>>()?;
    ids.sort_unstable();
    if ids.len() as i64 != n {
        return Err(StoreError::Corrupt(format!("asked the claims' sequence for {n} ids, got {}", ids.len())));
    }
    Ok(ids)
}

/// Step of [`copy_rows`]: the rows' claims, by one COPY, each given the
/// next of `ids`, with their listing columns; gathers their places and
/// source keys for the steps after.
fn copy_claims(tx: &mut postgres::Transaction, rows: &[DocRow<'_>], ids: Vec<i64>) -> Result<ClaimsWritten> {
    use postgres::binary_copy::BinaryCopyInWriter;
    let mut places: Vec<(i64, String, i64)> = Vec::new();
    let mut given: Vec<Vec<i64>> = Vec::with_capacity(rows.len());
    let mut keys: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let sink = tx.copy_in(schema::COPY_CLAIMS)?;
    let mut w = BinaryCopyInWriter::new(sink, &CLAIM_COLUMNS);
    let mut next = ids.into_iter();
    for (id, rid, d) in rows {
        let mut mine = Vec::with_capacity(d.claims.len());
        for c in &d.claims {
            let f = &c.fields;
            let path = place_path(&c.place_path);
            let l = Listing::of(f);
            let cid = next.next().ok_or_else(|| StoreError::Corrupt("ran out of claim ids".into()))?;
            w.write(&[
                &cid,
                id,
                rid,
                &c.sentence,
                &f.start,
                &f.end,
                &f.quote,
                &f.low,
                &f.high,
                &f.unit,
                &f.qualifier,
                &f.act,
                &f.subject,
                &f.place,
                &path,
                &f.year_start,
                &f.year_end,
                &f.perpetrator,
                &f.source,
                &f.stance,
                &c.extractor,
                &l.act_key,
                &l.source_key,
                &l.year_lo,
                &l.year_hi,
                &l.value,
            ])?;
            places.extend(l.places(&c.place_path).map(|(p, own)| (cid, p, own)));
            keys.extend(l.source_key.clone());
            mine.push(cid);
        }
        given.push(mine);
    }
    w.finish()?;
    Ok(ClaimsWritten { given, places, keys })
}

/// Step of [`copy_rows`]: the claims' places, by one COPY.
fn copy_claim_places(tx: &mut postgres::Transaction, places: &[(i64, String, i64)]) -> Result<()> {
    use postgres::binary_copy::BinaryCopyInWriter;
    use postgres::types::Type;
    let sink = tx.copy_in(schema::COPY_CLAIM_PLACES)?;
    let mut w = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::TEXT, Type::INT8]);
    for (cid, p, own) in places {
        w.write(&[cid, p, own])?;
    }
    w.finish()?;
    Ok(())
}

/// The life tracker's reads and writes inside a PostgreSQL transaction
/// (the ingest's or the migration's); rows are written by binary COPY.
struct PgLife<'a, 'b>(&'a mut postgres::Transaction<'b>);

impl LifeDb for PgLife<'_, '_> {
    fn pages(&mut self) -> Result<Vec<i64>> {
        self.0.query(schema::PAGES_WITH_REVISIONS, &[])?.iter().map(|r| r.cell("revisions", 0)).collect()
    }

    fn revision_order(&mut self, document_id: i64) -> Result<Vec<i64>> {
        self.0.query(schema::PAGE_REVISION_ORDER, &[&document_id])?.iter().map(|r| r.cell("revisions", 0)).collect()
    }

    fn stored(&mut self, revision: i64) -> Result<State> {
        let mut s = State::default();
        for r in self.0.query(schema::LIFE_STATE, &[&revision])? {
            let (claim, life, item) = life_state_row(&r)?;
            s.push(claim, life, item);
        }
        Ok(s)
    }

    fn clear(&mut self, document_id: i64) -> Result<()> {
        for sql in [schema::DELETE_LIFE_CHANGES, schema::DELETE_LIFE_CLAIMS, schema::DELETE_LIVES] {
            self.0.execute(sql, &[&document_id])?;
        }
        Ok(())
    }

    fn write(&mut self, document_id: i64, w: &life::Writes) -> Result<()> {
        use postgres::binary_copy::BinaryCopyInWriter;
        use postgres::types::Type;
        let mut lives = BinaryCopyInWriter::new(self.0.copy_in(schema::COPY_LIVES)?, &[Type::INT8; 3]);
        for (id, rev) in &w.lives {
            lives.write(&[id, &document_id, rev])?;
        }
        lives.finish()?;
        let mut members = BinaryCopyInWriter::new(self.0.copy_in(schema::COPY_LIFE_CLAIMS)?, &[Type::INT8; 2]);
        for (claim, id) in &w.members {
            members.write(&[claim, id])?;
        }
        members.finish()?;
        let t = [Type::INT8, Type::INT8, Type::INT8, Type::INT8, Type::TEXT, Type::TEXT, Type::TEXT, Type::TEXT];
        let mut changes = BinaryCopyInWriter::new(self.0.copy_in(schema::COPY_LIFE_CHANGES)?, &t);
        for c in &w.changes {
            let (kind, field) = (c.kind.to_string(), c.field.to_string());
            changes.write(&[&c.life, &c.revision, &c.claim, &c.old_claim, &kind, &field, &c.old, &c.new])?;
        }
        changes.finish()?;
        let st = self.0.prepare(schema::REMOVE_LIFE)?;
        for (id, rev) in &w.removals {
            self.0.execute(&st, &[id, rev])?;
        }
        Ok(())
    }
}

/// A user from a row of `USER` or `USER_BY_TOKEN`.
fn user_of(r: &Row) -> Result<crate::accounts::User> {
    user_row((r.cell("users", 0)?, r.cell("users", 1)?, r.cell("users", 2)?, r.cell("users", 3)?, r.cell("users", 4)?))
}

impl Store for PgStore {
    fn ingest(&mut self, batch: &[NewDocument]) -> Result<IngestStats> {
        let mut stats = IngestStats::default();
        let mut tx = self.client.transaction()?;
        let mut added: Vec<(i64, Option<i64>, &NewDocument)> = Vec::new();
        for d in batch {
            let exists: i64 = tx.query_one(schema::HAS_HASH, &[&d.hash])?.cell("documents", 0)?;
            if exists > 0 || added.iter().any(|(_, _, a)| a.hash == d.hash) {
                stats.skipped += 1;
                continue;
            }
            let row = tx.query_one(
                schema::INSERT_DOCUMENT,
                &[
                    &d.name,
                    &d.origin,
                    &d.format,
                    &d.hash,
                    &d.bytes,
                    &d.title,
                    &(d.bytes.len() as i64),
                    &now_rfc3339(),
                    &(d.claims.len() as i64),
                    &(d.sentences.len() as i64),
                    &d.frame.place,
                    &d.frame.year_start,
                    &d.frame.year_end,
                ],
            )?;
            added.push((row.cell("documents", 0)?, None, d));
            stats.added(d);
        }
        copy_rows(&mut tx, &added)?;
        tx.commit()?;
        Ok(stats)
    }

    fn ingest_revisions(&mut self, page: &NewPage, revisions: &[NewRevision]) -> Result<IngestStats> {
        let mut stats = IngestStats::default();
        let Some(first) = revisions.first() else { return Ok(stats) };
        let mut tx = self.client.transaction()?;
        let found = tx.query(schema::PAGE, &[&page.key])?;
        let doc_id: i64 = match found.first() {
            Some(r) => r.cell("documents", 0)?,
            // The page's bytes are set to its latest revision's below.
            None => tx
                .query_one(
                    schema::INSERT_DOCUMENT,
                    &[
                        &page.title,
                        &page.origin,
                        &"wikitext",
                        &page.key,
                        &first.doc.bytes,
                        &page.title,
                        &(first.doc.bytes.len() as i64),
                        &now_rfc3339(),
                        &0i64,
                        &0i64,
                        &None::<String>,
                        &None::<i64>,
                        &None::<i64>,
                    ],
                )?
                .cell("documents", 0)?,
        };
        let mut added: Vec<(i64, Option<i64>, &NewDocument)> = Vec::new();
        let mut names = Vec::new();
        for r in revisions {
            let exists: i64 = tx.query_one(schema::HAS_REVISION, &[&doc_id, &r.rev_id])?.cell("revisions", 0)?;
            if exists > 0 {
                stats.skipped += 1;
                continue;
            }
            let d = &r.doc;
            let rid: i64 = tx
                .query_one(
                    schema::INSERT_REVISION,
                    &[
                        &doc_id,
                        &r.rev_id,
                        &r.parent,
                        &r.timestamp,
                        &r.contributor,
                        &d.hash,
                        &d.bytes,
                        &(d.claims.len() as i64),
                        &(d.sentences.len() as i64),
                        &d.frame.place,
                        &d.frame.year_start,
                        &d.frame.year_end,
                    ],
                )?
                .cell("revisions", 0)?;
            added.push((doc_id, Some(rid), d));
            names.push(format!("{}#{}", page.title, r.rev_id));
            stats.added(d);
        }
        let ids = copy_rows(&mut tx, &added)?;
        let mut fresh = std::collections::HashMap::new();
        for (((_, rid, d), name), ids) in added.iter().zip(&names).zip(&ids) {
            if let Some(rid) = rid {
                fresh.insert(*rid, State::of_document(name, d, ids));
            }
        }
        life::update(&mut PgLife(&mut tx), doc_id, fresh, false)?;
        let latest = tx.query_one(schema::LATEST_REVISION, &[&doc_id])?;
        let (rid, bytes): (i64, Vec<u8>) = (latest.cell("revisions", 0)?, latest.cell("revisions", 1)?);
        tx.execute(schema::UPDATE_PAGE, &[&doc_id, &rid, &bytes, &(bytes.len() as i64)])?;
        tx.commit()?;
        Ok(stats)
    }

    fn has_hash(&mut self, hash: &str) -> Result<bool> {
        let n: i64 = self.client.query_one(schema::HAS_HASH, &[&hash])?.cell("documents", 0)?;
        Ok(n > 0)
    }

    fn documents(&mut self) -> Result<Vec<DocumentRow>> {
        self.client.query(schema::DOCUMENTS, &[])?.iter().map(document_row).collect()
    }

    fn document(&mut self, reference: &str) -> Result<(DocumentRow, Vec<u8>)> {
        let (name, id, len, prefix, ending) = candidate_params(reference);
        let candidates = self
            .client
            .query(schema::DOCUMENT_CANDIDATES, &[&name, &id, &len, &prefix, &ending])?
            .iter()
            .map(document_row)
            .collect::<Result<_>>()?;
        let row = resolve_document(reference, candidates)?;
        let bytes: Vec<u8> = self.client.query_one(schema::DOCUMENT_BYTES, &[&row.id])?.cell("documents", 0)?;
        Ok((row, bytes))
    }

    fn revisions(&mut self) -> Result<Vec<RevisionRow>> {
        self.client.query(schema::REVISIONS, &[])?.iter().map(revision_row).collect()
    }

    fn revision(&mut self, document_id: i64, rev_id: Option<&str>) -> Result<Option<(RevisionRow, Vec<u8>)>> {
        self.client
            .query_opt(schema::REVISION, &[&document_id, &rev_id])?
            .map(|r| Ok((revision_row(&r)?, r.cell("revisions", 6)?)))
            .transpose()
    }

    fn claim_life(&mut self, claim_id: i64) -> Result<Option<ClaimLife>> {
        let Some(row) = self.client.query_opt(schema::CLAIM_LIFE, &[&claim_id])? else { return Ok(None) };
        let id: i64 = row.cell("claim_life_claims", 0)?;
        let heads = self.client.query(schema::ONE_LIFE, &[&id])?.iter().map(life_head_row).collect::<Result<_>>()?;
        let rows = self
            .client
            .query(schema::LIFE_CHANGES_OF_LIFE, &[&id])?
            .iter()
            .map(life_change_row)
            .collect::<Result<_>>()?;
        Ok(life::assemble(heads, rows).pop())
    }

    fn page_lives(&mut self, document_id: i64) -> Result<Vec<ClaimLife>> {
        let heads = self
            .client
            .query(schema::LIVES_OF_PAGE, &[&document_id])?
            .iter()
            .map(life_head_row)
            .collect::<Result<_>>()?;
        let rows = self
            .client
            .query(schema::LIFE_CHANGES_OF_PAGE, &[&document_id])?
            .iter()
            .map(life_change_row)
            .collect::<Result<_>>()?;
        Ok(life::assemble(heads, rows))
    }

    fn claims(&mut self, filter: &ClaimFilter) -> Result<Vec<ClaimRow>> {
        claims_on(&mut self.client, filter, None)
    }

    fn claims_page(&mut self, filter: &ClaimFilter, page: Page) -> Result<(Vec<ClaimRow>, Total)> {
        let bound = count_bound(page);
        let (sql, args) = claims_count_query(filter, bound);
        let count: i64 = query(&mut self.client, &sql, args)?.first().map_or(Ok(0), |r| r.cell("claims", 0))?;
        let total = Total { count, exact: count < bound };
        Ok((claims_on(&mut self.client, filter, Some((page, Plan::choose(filter, &total))))?, total))
    }

    fn review(&mut self, r: &NewReview) -> Result<i64> {
        crate::validate::check_field(&r.field)?;
        let mut tx = self.client.transaction()?;
        // Lock the claim so that concurrent reviews log true old values.
        if tx.query("SELECT id FROM claims WHERE id = $1 FOR UPDATE", &[&r.claim_id])?.is_empty() {
            return Err(StoreError::NotFound(format!("claim {}", r.claim_id)));
        }
        let filter = ClaimFilter { id: Some(r.claim_id), include_rejected: true, ..Default::default() };
        let claim = claims_on(&mut tx, &filter, None)?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("claim {}", r.claim_id)))?;
        crate::validate::check_review(&claim.fields, &r.field, r.new_value.as_deref(), r.note.as_deref())?;
        let old = current_value(&claim, &r.field);
        let id: i64 = tx
            .query_one(
                schema::INSERT_REVIEW,
                &[&r.claim_id, &r.reviewer, &r.field, &old, &r.new_value, &r.note, &now_rfc3339()],
            )?
            .cell("reviews", 0)?;
        refresh_claim(&mut tx, r.claim_id)?;
        tx.commit()?;
        Ok(id)
    }

    fn reviews(&mut self, claim_id: i64) -> Result<Vec<ReviewRow>> {
        self.client.query(schema::CLAIM_REVIEWS, &[&claim_id])?.iter().map(review_row).collect()
    }

    fn citations(&mut self, document_id: i64) -> Result<Vec<CitationRow>> {
        self.client.query(schema::CITATIONS, &[&document_id])?.iter().map(citation_row).collect()
    }

    fn version(&mut self) -> Result<(i64, i64)> {
        let r = self.client.query_one(schema::VERSION, &[])?;
        Ok((r.cell("schema_migrations", 0)?, r.cell("schema_migrations", 1)?))
    }

    fn counts(&mut self) -> Result<Counts> {
        counts_row(&self.client.query_one(schema::COUNTS, &[])?)
    }

    fn check(&mut self) -> Result<Verifier> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut v = Verifier::default();
        for r in self.client.query(schema::INCOMPLETE, &[])? {
            v.problems.push(format!("incomplete document: {}", r.cell::<String>("documents", 0)?));
        }
        // Streamed, one row at a time: the bytes of a whole ledger need not fit in memory.
        let none: [&str; 0] = [];
        {
            let mut rows = self.client.query_raw(schema::CHECK_DOCUMENTS, none)?;
            while let Some(r) = rows.next()? {
                let latest: Option<String> = r.cell("documents", 4)?;
                v.document(
                    &r.cell::<String>("documents", 1)?,
                    &r.cell::<String>("documents", 2)?,
                    &r.cell::<Vec<u8>>("documents", 3)?,
                    latest.as_deref(),
                    r.cell("documents", 5)?,
                );
            }
        }
        {
            let mut rows = self.client.query_raw(schema::CHECK_REVISIONS, none)?;
            while let Some(r) = rows.next()? {
                v.revision(
                    &r.cell::<String>("revisions", 1)?,
                    &r.cell::<String>("revisions", 2)?,
                    &r.cell::<Vec<u8>>("revisions", 3)?,
                );
            }
        }
        let owners: Vec<(i64, i64)> = self
            .client
            .query(schema::CLAIM_OWNERS, &[])?
            .iter()
            .map(|r| Ok((r.cell("claims", 0)?, r.cell("claims", 1)?)))
            .collect::<Result<_>>()?;
        for (doc, rev) in owners {
            let (bytes_sql, claims_sql, key) = if rev == 0 {
                (schema::DOCUMENT_BYTES, schema::DOCUMENT_CLAIM_SPANS, doc)
            } else {
                (schema::REVISION_BYTES, schema::REVISION_CLAIM_SPANS, rev)
            };
            let bytes: Vec<u8> = self.client.query_one(bytes_sql, &[&key])?.cell("documents", 0)?;
            let owner = format!("document {doc} revision {rev}");
            for r in self.client.query(claims_sql, &[&key])? {
                v.claim(
                    &owner,
                    r.cell("claims", 0)?,
                    &bytes,
                    r.cell("claims", 1)?,
                    r.cell("claims", 2)?,
                    &r.cell::<String>("claims", 3)?,
                );
            }
        }
        Ok(v)
    }

    fn add_user(&mut self, name: &str, role: crate::accounts::Role, password_hash: &str) -> Result<i64> {
        self.client
            .query_one(schema::INSERT_USER, &[&name, &role.as_str(), &password_hash, &now_rfc3339()])?
            .cell("users", 0)
    }

    fn user(&mut self, name: &str) -> Result<Option<crate::accounts::User>> {
        let rows = self.client.query(schema::USER, &[&name])?;
        rows.first().map(user_of).transpose()
    }

    fn add_token(&mut self, user_id: i64, token_hash: &str) -> Result<()> {
        self.client.execute(schema::INSERT_TOKEN, &[&user_id, &token_hash, &now_rfc3339()])?;
        Ok(())
    }

    fn user_by_token(&mut self, token_hash: &str) -> Result<Option<crate::accounts::User>> {
        let rows = self.client.query(schema::USER_BY_TOKEN, &[&token_hash])?;
        if !rows.is_empty() {
            self.client.execute(schema::TOKEN_USED, &[&token_hash, &now_rfc3339()])?;
        }
        rows.first().map(user_of).transpose()
    }

    fn users(&mut self) -> Result<Vec<crate::accounts::UserInfo>> {
        self.client
            .query(schema::USERS, &[])?
            .iter()
            .map(|r| {
                user_info((
                    r.cell("users", 0)?,
                    r.cell("users", 1)?,
                    r.cell("users", 2)?,
                    r.cell("users", 3)?,
                    r.cell("users", 4)?,
                    r.cell("users", 5)?,
                ))
            })
            .collect()
    }

    fn set_user_disabled(&mut self, name: &str, disabled: bool) -> Result<bool> {
        let at = disabled.then(now_rfc3339);
        Ok(self.client.execute(schema::SET_USER_DISABLED, &[&name, &at])? > 0)
    }

    fn set_password(&mut self, name: &str, password_hash: &str) -> Result<bool> {
        Ok(self.client.execute(schema::SET_PASSWORD, &[&name, &password_hash])? > 0)
    }

    fn tokens(&mut self) -> Result<Vec<crate::accounts::TokenInfo>> {
        self.client
            .query(schema::TOKENS, &[])?
            .iter()
            .map(|r| {
                Ok(crate::accounts::TokenInfo {
                    id: r.cell("tokens", 0)?,
                    user: r.cell("tokens", 1)?,
                    created_at: r.cell("tokens", 2)?,
                    last_used_at: r.cell("tokens", 3)?,
                    revoked_at: r.cell("tokens", 4)?,
                })
            })
            .collect()
    }

    fn revoke_token(&mut self, id: i64) -> Result<bool> {
        Ok(self.client.execute(schema::REVOKE_TOKEN, &[&id, &now_rfc3339()])? > 0)
    }
}
