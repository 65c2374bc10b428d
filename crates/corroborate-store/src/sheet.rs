//! The spreadsheet round trip: claims written as CSV, edited by people in
//! a spreadsheet, read back as reviews.
//!
//! The CSV carries each claim's id and `last_review` (the id of the latest
//! review when it was exported). Reading it back, a row is refused when its
//! claim no longer exists, when someone reviewed the claim after the export
//! (its `last_review` moved on), or when a provenance column (document,
//! offsets, quote) was edited. Every other edited cell becomes one review;
//! `review_state` edited to `confirmed` or `rejected` confirms or rejects.
//!
//! Documents are untrusted, and so is every text cell drawn from them: a
//! cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! a formula to a spreadsheet (OWASP's "CSV injection"). [`write()`] prefixes
//! such cells with `'`, which spreadsheets read as "text", and
//! [`plan_import`] strips that prefix again, so the round trip is exact
//! (see `neutralise` and [`restore`]).

use crate::model::{apply_reviews, field_value, ClaimRow, NewReview};
use crate::schema::REVIEWABLE;
use crate::validate::{check_fields, check_value, settle_order};
use std::collections::HashMap;
use std::io::{Read, Write};

/// The CSV's columns, in order.
pub const COLUMNS: &[&str] = &[
    "id",
    "doc",
    "start",
    "end",
    "quote",
    "low",
    "high",
    "unit",
    "qualifier",
    "act",
    "subject",
    "place",
    "year_start",
    "year_end",
    "perpetrator",
    "source",
    "stance",
    "review_state",
    "last_review",
    "sentence_start",
    "sentence_end",
    "sentence",
    "extractor",
];

/// Columns that say where a claim came from; a sheet may not change them.
const PROVENANCE: &[&str] = &["doc", "start", "end", "quote"];

/// Why a sheet could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// Not CSV, or not readable.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A column the round trip needs is missing.
    #[error("the sheet has no {0:?} column (export it with `corroborate export --format csv`)")]
    MissingColumn(&'static str),
}

/// The cells of one claim, as the sheet writes them.
fn cells(c: &ClaimRow) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let i = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    let x = &c.fields;
    vec![
        c.id.to_string(),
        c.doc.clone(),
        x.start.to_string(),
        x.end.to_string(),
        x.quote.clone(),
        f(x.low),
        f(x.high),
        x.unit.clone(),
        x.qualifier.clone(),
        o(&x.act),
        o(&x.subject),
        o(&x.place),
        i(x.year_start),
        i(x.year_end),
        o(&x.perpetrator),
        o(&x.source),
        x.stance.clone(),
        c.review_state.clone(),
        c.last_review.to_string(),
        c.sentence_start.to_string(),
        c.sentence_end.to_string(),
        c.sentence.clone(),
        c.extractor.clone(),
    ]
}

/// The first characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// True when `cell`, once any leading `'` are stripped, starts a formula.
/// A cell that already begins with `'` before such a character gets one
/// more, so that [`restore`] gives back exactly what was written.
fn needs_quote(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A cell as the sheet writes it: `'` before a cell a spreadsheet would
/// run as a formula, the cell itself otherwise.
pub(crate) fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The inverse of `neutralise`: a cell as read back from a sheet.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

/// Writes claims as CSV with a header row; formula cells are neutralised.
pub fn write(out: impl Write, rows: &[ClaimRow]) -> Result<(), SheetError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for c in rows {
        w.write_record(cells(c).iter().map(|x| neutralise(x).into_owned()))?;
    }
    w.flush().map_err(csv::Error::from)?;
    Ok(())
}

/// A row the import refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The row's line in the file (the header is line 1).
    pub line: u64,
    /// The claim it names, where it names one.
    pub claim: Option<i64>,
    /// Why.
    pub reason: String,
}

/// What reading a sheet back would do.
#[derive(Debug, Default)]
pub struct ImportPlan {
    /// Reviews to record, in row order.
    pub reviews: Vec<NewReview>,
    /// Rows refused.
    pub refused: Vec<Refusal>,
    /// Rows with no change.
    pub unchanged: usize,
}

/// True when two cells mean the same value of `field` (a spreadsheet may
/// write 1219 as "1219.0").
fn same_value(field: &str, a: &str, b: &str) -> bool {
    match field {
        "low" | "high" | "year_start" | "year_end" => match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a.trim() == b.trim(),
        },
        _ => a == b,
    }
}

/// How a refusal of a row whose claim was reviewed after the export
/// begins.
pub const STALE: &str = "reviewed since the export";

/// Reads a sheet against the claims as they are now (`current`, by id,
/// rejected ones included) and plans the reviews `reviewer` makes by it.
pub fn plan_import(
    input: impl Read,
    reviewer: &str,
    note: &str,
    current: &HashMap<i64, ClaimRow>,
) -> Result<ImportPlan, SheetError> {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header: Vec<String> = r.headers()?.iter().map(|h| h.trim().to_string()).collect();
    let col = |name: &'static str| header.iter().position(|h| h == name);
    for needed in ["id", "last_review"] {
        col(needed).ok_or(SheetError::MissingColumn(needed))?;
    }
    let mut plan = ImportPlan::default();
    for (n, rec) in r.records().enumerate() {
        let line = n as u64 + 2;
        let rec = rec?;
        let cell = |name: &'static str| col(name).and_then(|i| rec.get(i)).map(restore).map(str::trim_end);
        let refuse = |claim: Option<i64>, reason: String| Refusal { line, claim, reason };
        let Some(id) = cell("id").and_then(|s| s.trim().parse::<i64>().ok()) else {
            plan.refused.push(refuse(None, "no claim id".into()));
            continue;
        };
        let Some(now) = current.get(&id) else {
            plan.refused.push(refuse(Some(id), "the claim no longer exists".into()));
            continue;
        };
        let theirs = cells(now);
        let now_cell = |name: &str| COLUMNS.iter().position(|c| *c == name).map(|i| theirs[i].as_str()).unwrap_or("");
        if cell("last_review").map(str::trim) != Some(now_cell("last_review")) {
            // The caller knows who is importing and can say who reviewed.
            let reason = format!("{STALE} (latest review #{})", now.last_review);
            plan.refused.push(refuse(Some(id), reason));
            continue;
        }
        if let Some(p) = PROVENANCE.iter().find(|p| cell(p).is_some_and(|v| v != now_cell(p))) {
            plan.refused
                .push(refuse(Some(id), format!("the {p} column says where the claim came from and cannot be changed")));
            continue;
        }
        let (mut row_reviews, mut bad) = match field_reviews(&cell, now, id, reviewer, note) {
            Ok(reviews) => (reviews, None),
            Err(reason) => (Vec::new(), Some(reason)),
        };
        if let Some(state) = cell("review_state").map(str::trim).filter(|s| *s != now.review_state) {
            match state {
                "confirmed" | "rejected" => row_reviews.push(NewReview {
                    claim_id: id,
                    reviewer: reviewer.into(),
                    field: "claim".into(),
                    new_value: Some(state.into()),
                    note: Some(note.into()),
                }),
                _ => bad = bad.or(Some("review_state can be set to confirmed or rejected".into())),
            }
        }
        match bad {
            Some(reason) => plan.refused.push(refuse(Some(id), reason)),
            None if row_reviews.is_empty() => plan.unchanged += 1,
            None => plan.reviews.extend(row_reviews),
        }
    }
    Ok(plan)
}

/// The reviews a sheet row makes by the reviewable cells that differ from
/// the claim `now`, each value checked, the row as a whole checked, in an
/// order the ledger takes them in; the reason when the row is refused.
fn field_reviews<'r>(
    cell: &impl Fn(&'static str) -> Option<&'r str>,
    now: &ClaimRow,
    id: i64,
    reviewer: &str,
    note: &str,
) -> Result<Vec<NewReview>, String> {
    let mut row_reviews = Vec::new();
    for field in REVIEWABLE.iter().filter(|f| **f != "claim") {
        let Some(v) = cell(field) else { continue };
        let old = field_value(&now.fields, field).flatten().unwrap_or_default();
        if same_value(field, v, &old) {
            continue;
        }
        let value = (!v.trim().is_empty()).then(|| v.trim().to_string());
        check_value(field, value.as_deref()).map_err(|e| e.to_string())?;
        row_reviews.push(NewReview {
            claim_id: id,
            reviewer: reviewer.into(),
            field: field.to_string(),
            new_value: value,
            note: Some(note.into()),
        });
    }
    if !row_reviews.is_empty() {
        // The row as a whole (low ≤ high, …), then an order in which
        // the ledger, which checks each review as it comes, takes them.
        let mut after = now.fields.clone();
        let changes: Vec<(String, Option<String>)> =
            row_reviews.iter().map(|r| (r.field.clone(), r.new_value.clone())).collect();
        apply_reviews(&mut after, &changes);
        let touched: Vec<&str> = changes.iter().map(|c| c.0.as_str()).collect();
        check_fields(&after, Some(&touched)).map_err(|e| e.to_string())?;
        row_reviews = settle_order(&now.fields, row_reviews, |r| (r.field.as_str(), r.new_value.as_deref()));
    }
    Ok(row_reviews)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClaimFields;

    fn claim(id: i64, place: Option<&str>, last_review: i64) -> ClaimRow {
        ClaimRow {
            id,
            doc: "a.txt".into(),
            fields: ClaimFields {
                start: 10,
                end: 15,
                quote: "1,219".into(),
                low: Some(1219.0),
                high: Some(1219.0),
                unit: "count".into(),
                qualifier: "exact".into(),
                act: Some("raped".into()),
                subject: None,
                place: place.map(str::to_string),
                year_start: Some(1944),
                year_end: Some(1945),
                perpetrator: None,
                source: None,
                stance: "asserted".into(),
            },
            sentence_start: 0,
            sentence_end: 40,
            sentence: "A sentence.".into(),
            review_state: "unreviewed".into(),
            last_review,
            extractor: "rules".into(),
        }
    }

    fn sheet(rows: &[ClaimRow]) -> String {
        let mut buf = Vec::new();
        write(&mut buf, rows).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn unchanged_sheet_plans_nothing() {
        let rows = vec![claim(1, Some("Serbia"), 0), claim(2, None, 3)];
        let now: HashMap<i64, ClaimRow> = rows.iter().map(|c| (c.id, c.clone())).collect();
        let plan = plan_import(sheet(&rows).as_bytes(), "ana", "n", &now).unwrap();
        assert_eq!((plan.reviews.len(), plan.refused.len(), plan.unchanged), (0, 0, 2));
    }

    #[test]
    fn edits_become_reviews_and_stale_rows_are_refused() {
        let rows = vec![claim(1, Some("Serbia"), 0), claim(2, None, 3), claim(3, None, 0)];
        let text = sheet(&rows).replace("Serbia", "Belgrade").replace(",1219,1219,", ",1219.0,1219,");
        let mut now: HashMap<i64, ClaimRow> = rows.iter().map(|c| (c.id, c.clone())).collect();
        now.get_mut(&2).unwrap().last_review = 9;
        now.remove(&3);
        let plan = plan_import(text.as_bytes(), "ana", "n", &now).unwrap();
        assert_eq!(plan.reviews.len(), 1);
        assert_eq!(plan.reviews[0].field, "place");
        assert_eq!(plan.reviews[0].new_value.as_deref(), Some("Belgrade"));
        let why: Vec<_> = plan.refused.iter().map(|r| (r.line, r.claim)).collect();
        assert_eq!(why, vec![(3, Some(2)), (4, Some(3))]);
    }

    #[test]
    fn provenance_and_bad_values_are_refused() {
        let rows = vec![claim(1, None, 0), claim(2, None, 0)];
        let text = sheet(&rows);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[1] = lines[1].replacen("1,219", "1,200", 1);
        lines[2] = lines[2].replacen("exact", "roughly", 1);
        let now: HashMap<i64, ClaimRow> = rows.iter().map(|c| (c.id, c.clone())).collect();
        let plan = plan_import(lines.join("\n").as_bytes(), "ana", "n", &now).unwrap();
        assert!(plan.reviews.is_empty());
        assert!(plan.refused[0].reason.contains("quote"), "{:?}", plan.refused);
        assert!(plan.refused[1].reason.contains("qualifier"), "{:?}", plan.refused);
    }

    /// The values the API refuses, the sheet refuses too (one check), and
    /// a row that moves both bounds is planned in an order the ledger takes.
    #[test]
    fn invalid_values_are_refused_and_bounds_move_in_order() {
        let rows = vec![claim(1, None, 0), claim(2, None, 0), claim(3, None, 0), claim(4, None, 0), claim(5, None, 0)];
        let text = sheet(&rows);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[1] = lines[1].replacen(",raped,", ",eaten,", 1);
        lines[2] = lines[2].replacen(",1219,1219,", ",1219,12,", 1);
        lines[3] = lines[3].replacen(",1944,1945,", ",1944,1066,", 1);
        lines[4] = lines[4].replacen(",1219,1219,", ",-5,1219,", 1);
        lines[5] = lines[5].replacen(",1219,1219,", ",5000,9000,", 1);
        let now: HashMap<i64, ClaimRow> = rows.iter().map(|c| (c.id, c.clone())).collect();
        let plan = plan_import(lines.join("\n").as_bytes(), "ana", "n", &now).unwrap();
        let refused: Vec<(Option<i64>, &str)> =
            plan.refused.iter().map(|r| (r.claim, r.reason.split(':').next().unwrap_or(""))).collect();
        assert_eq!(
            refused,
            vec![(Some(1), "act"), (Some(2), "high"), (Some(3), "year_end"), (Some(4), "low")],
            "{:?}",
            plan.refused
        );
        let order: Vec<&str> = plan.reviews.iter().map(|r| r.field.as_str()).collect();
        assert_eq!(order, ["high", "low"]);
    }

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for cell in [
            "=1+1",
            "+31 6",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=HYPERLINK(\"x\")",
            "''+1",
            "'plain",
            "plain",
            "",
            "a=b",
        ] {
            let out = neutralise(cell);
            assert!(!out.starts_with(FORMULA_STARTS), "{cell:?} written as {out:?}");
            assert_eq!(restore(&out), cell, "{cell:?} written as {out:?}");
        }
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("'x"), "'x");
    }

    #[test]
    fn hostile_cells_round_trip_through_a_sheet() {
        let mut rows = vec![claim(1, Some("=cmd|' /C calc'!A0"), 0), claim(2, Some("@SUM(1+1)"), 0)];
        rows[0].fields.subject = Some("+people\tcounted".into());
        rows[1].fields.quote = "-1,219".into();
        rows[1].fields.source = Some("'=already quoted".into());
        let text = sheet(&rows);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(!cell.starts_with(FORMULA_STARTS), "formula cell {cell:?} in\n{text}");
            }
        }
        // Unchanged: the prefixes come off again, provenance included.
        let now: HashMap<i64, ClaimRow> = rows.iter().map(|c| (c.id, c.clone())).collect();
        let plan = plan_import(text.as_bytes(), "ana", "n", &now).unwrap();
        assert_eq!((plan.reviews.len(), plan.refused.len(), plan.unchanged), (0, 0, 2), "{:?}", plan.refused);
        // An edited hostile cell is read back without its prefix.
        let edited = text.replace("'@SUM(1+1)", "'=2+2");
        let plan = plan_import(edited.as_bytes(), "ana", "n", &now).unwrap();
        assert_eq!(plan.reviews.len(), 1, "{:?}", plan.refused);
        assert_eq!(plan.reviews[0].new_value.as_deref(), Some("=2+2"));
    }

    #[test]
    fn a_sheet_without_ids_is_an_error() {
        assert!(matches!(
            plan_import("a,b\n1,2\n".as_bytes(), "ana", "n", &HashMap::new()),
            Err(SheetError::MissingColumn("id"))
        ));
    }
}
