//! Reading result rows, one mapper per row type for both backends.
//!
//! Both backends select the same columns in the same order (the queries
//! live in [`crate::schema`]), so the mapping from a row to a
//! [`DocumentRow`], [`ClaimRow`], [`RevisionRow`], [`ReviewRow`],
//! [`CitationRow`] or [`Counts`] is written once here, over the [`Cells`]
//! of either backend's row. A value that is not what the schema promises
//! (a NULL in a column read as non-null, a text where a number belongs)
//! is never a panic: it is [`StoreError::Corrupt`] naming the table and
//! the column.

use crate::model::*;
use crate::{Result, StoreError};

/// A value both backends can read from a column.
pub(crate) trait Value: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a> {}
impl<T> Value for T where T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a> {}

/// A backend's result row, read by column index.
pub(crate) trait RawRow {
    /// The value of column `i`, or why it cannot be read as `T`.
    fn value<T: Value>(&self, i: usize) -> std::result::Result<T, String>;
    /// The name of column `i` as the query gives it.
    fn column(&self, i: usize) -> String;
}

impl RawRow for rusqlite::Row<'_> {
    fn value<T: Value>(&self, i: usize) -> std::result::Result<T, String> {
        self.get(i).map_err(|e| e.to_string())
    }
    fn column(&self, i: usize) -> String {
        self.as_ref().column_name(i).map_or_else(|_| format!("#{i}"), str::to_string)
    }
}

impl RawRow for postgres::Row {
    fn value<T: Value>(&self, i: usize) -> std::result::Result<T, String> {
        self.try_get(i).map_err(|e| e.to_string())
    }
    fn column(&self, i: usize) -> String {
        self.columns().get(i).map_or_else(|| format!("#{i}"), |c| c.name().to_string())
    }
}

/// A row of `table`, whose reads fail as [`StoreError::Corrupt`].
pub(crate) struct Cells<'r, R: RawRow + ?Sized> {
    row: &'r R,
    table: &'static str,
}

impl<'r, R: RawRow + ?Sized> Cells<'r, R> {
    /// The row `row` of a query over `table`.
    pub(crate) fn new(row: &'r R, table: &'static str) -> Self {
        Cells { row, table }
    }

    /// Column `i`, or [`StoreError::Corrupt`] naming the table and column.
    pub(crate) fn get<T: Value>(&self, i: usize) -> Result<T> {
        self.row
            .value(i)
            .map_err(|e| StoreError::Corrupt(format!("{} column {} ({i}): {e}", self.table, self.row.column(i))))
    }
}

/// Reading one column of a one-off query (a count, an id) the same way.
pub(crate) trait Cell {
    /// Column `i` of a row of `table`, or [`StoreError::Corrupt`].
    fn cell<T: Value>(&self, table: &'static str, i: usize) -> Result<T>;
}

impl<R: RawRow + ?Sized> Cell for R {
    fn cell<T: Value>(&self, table: &'static str, i: usize) -> Result<T> {
        Cells::new(self, table).get(i)
    }
}

/// A document's row, the columns of `DOCUMENTS` and `DOCUMENT_CANDIDATES`.
pub(crate) fn document_row<R: RawRow + ?Sized>(r: &R) -> Result<DocumentRow> {
    let r = Cells::new(r, "documents");
    Ok(DocumentRow {
        id: r.get(0)?,
        name: r.get(1)?,
        origin: r.get(2)?,
        format: r.get(3)?,
        hash: r.get(4)?,
        title: r.get(5)?,
        size: r.get(6)?,
        ingested_at: r.get(7)?,
        claims: r.get(8)?,
        frame: DocFrame { place: r.get(9)?, year_start: r.get(10)?, year_end: r.get(11)? },
    })
}

/// The extracted fields of a claim, in columns 2 to 16 of every claim
/// query (`CLAIMS_SELECT`, `LIFE_STATE`).
fn claim_fields<R: RawRow + ?Sized>(r: &Cells<'_, R>) -> Result<ClaimFields> {
    Ok(ClaimFields {
        start: r.get(2)?,
        end: r.get(3)?,
        quote: r.get(4)?,
        low: r.get(5)?,
        high: r.get(6)?,
        unit: r.get(7)?,
        qualifier: r.get(8)?,
        act: r.get(9)?,
        subject: r.get(10)?,
        place: r.get(11)?,
        year_start: r.get(12)?,
        year_end: r.get(13)?,
        perpetrator: r.get(14)?,
        source: r.get(15)?,
        stance: r.get(16)?,
    })
}

/// A claim's row (`CLAIMS_SELECT`) and its stored place path.
pub(crate) fn claim_row<R: RawRow + ?Sized>(r: &R) -> Result<(ClaimRow, String)> {
    let r = Cells::new(r, "claims");
    Ok((
        ClaimRow {
            id: r.get(0)?,
            doc: r.get(1)?,
            fields: claim_fields(&r)?,
            sentence_start: r.get(17)?,
            sentence_end: r.get(18)?,
            sentence: r.get(19)?,
            review_state: r.get(22)?,
            last_review: r.get(23)?,
            extractor: r.get(21)?,
        },
        r.get(20)?,
    ))
}

/// A revision's row, columns 0–5 of `REVISIONS` and `REVISION`.
pub(crate) fn revision_row<R: RawRow + ?Sized>(r: &R) -> Result<RevisionRow> {
    let r = Cells::new(r, "revisions");
    Ok(RevisionRow {
        page: r.get(0)?,
        rev_id: r.get(1)?,
        parent: r.get(2)?,
        timestamp: r.get(3)?,
        contributor: r.get(4)?,
        claims: r.get(5)?,
    })
}

/// A review's row (`CLAIM_REVIEWS`).
pub(crate) fn review_row<R: RawRow + ?Sized>(r: &R) -> Result<ReviewRow> {
    let r = Cells::new(r, "reviews");
    Ok(ReviewRow {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        reviewer: r.get(2)?,
        field: r.get(3)?,
        old_value: r.get(4)?,
        new_value: r.get(5)?,
        note: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// A citation's row (`CITATIONS`).
pub(crate) fn citation_row<R: RawRow + ?Sized>(r: &R) -> Result<CitationRow> {
    let r = Cells::new(r, "citations");
    Ok(CitationRow { sentence_start: r.get(0)?, start: r.get(1)?, end: r.get(2)?, kind: r.get(3)?, label: r.get(4)? })
}

/// The counts row (`COUNTS`).
pub(crate) fn counts_row<R: RawRow + ?Sized>(r: &R) -> Result<Counts> {
    let r = Cells::new(r, "counts");
    Ok(Counts {
        documents: r.get(0)?,
        revisions: r.get(1)?,
        sentences: r.get(2)?,
        citations: r.get(3)?,
        claims: r.get(4)?,
        reviews: r.get(5)?,
    })
}

/// A stored claim as the life tracker aligns it (`LIFE_STATE`): its row
/// id, its life (0 when none) and the item the diff compares.
pub(crate) fn life_state_row<R: RawRow + ?Sized>(r: &R) -> Result<(i64, i64, corroborate_reconcile::Item)> {
    let r = Cells::new(r, "claims");
    let sentence: i64 = r.get(17)?;
    let item = corroborate_reconcile::Item {
        doc: r.get(19)?,
        fields: claim_fields(&r)?,
        sentence: sentence.max(0) as usize,
        sentence_text: r.get(18)?,
    };
    Ok((r.get(0)?, r.get(1)?, item))
}

/// A life's head (`LIVES_OF_PAGE`, `ONE_LIFE`).
pub(crate) fn life_head_row<R: RawRow + ?Sized>(r: &R) -> Result<crate::life::LifeHead> {
    let r = Cells::new(r, "claim_lives");
    let removed: Option<String> = r.get(7)?;
    Ok(crate::life::LifeHead {
        id: r.get(0)?,
        document_id: r.get(1)?,
        page: r.get(2)?,
        quote: r.get(3)?,
        first: LifeRevision { rev_id: r.get(4)?, timestamp: r.get(5)?, contributor: r.get(6)? },
        removed: match removed {
            Some(rev_id) => Some(LifeRevision { rev_id, timestamp: r.get(8)?, contributor: r.get(9)? }),
            None => None,
        },
        latest_claim: r.get::<Option<i64>>(10)?.unwrap_or(0),
        revisions: r.get(11)?,
    })
}

/// A life's change row (`LIFE_CHANGES_OF_PAGE`, `LIFE_CHANGES_OF_LIFE`).
pub(crate) fn life_change_row<R: RawRow + ?Sized>(r: &R) -> Result<crate::life::ChangeRow> {
    let r = Cells::new(r, "claim_life_changes");
    Ok(crate::life::ChangeRow {
        life: r.get(0)?,
        revision: LifeRevision { rev_id: r.get(1)?, timestamp: r.get(2)?, contributor: r.get(3)? },
        kind: r.get(4)?,
        old_claim: r.get(5)?,
        claim: r.get(6)?,
        change: FieldChange { field: r.get(7)?, old: r.get(8)?, new: r.get(9)? },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_null_where_a_value_belongs_is_corrupt_not_a_panic() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut st = conn.prepare("SELECT NULL AS page, 'r1', NULL, NULL, NULL, 3").unwrap();
        let mut rows = st.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        match revision_row(row) {
            Err(StoreError::Corrupt(m)) => assert!(m.contains("revisions column page (0)"), "{m}"),
            other => panic!("{other:?}"),
        }
        let mut st = conn.prepare("SELECT 'x' AS n").unwrap();
        let mut rows = st.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        assert!(
            matches!(row.cell::<i64>("documents", 0), Err(StoreError::Corrupt(m)) if m.contains("documents column n"))
        );
    }
}
