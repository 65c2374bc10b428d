//! Extraction over an Arrow column of documents: every row read and
//! extracted in parallel (rayon) with the GIL released, the claims returned
//! as Arrow arrays beside the index of the row each came from.
//!
//! A null row, or one of white space only (a blanked revision), has no
//! claims and is not an error; a row that cannot be read (a NUL byte) is an
//! error, raised or skipped as the caller asks.

use crate::{document, ffi};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, StringArray};
use arrow_schema::DataType;
use corroborate_doc::FormatHint;
use corroborate_extract::Claim;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;
use std::sync::Arc;

/// Row `i` of a text or binary column, `None` where null.
fn row(array: &dyn Array, i: usize) -> Option<&[u8]> {
    if array.is_null(i) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(i).as_bytes(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(i).as_bytes(),
        DataType::Utf8View => array.as_string_view().value(i).as_bytes(),
        DataType::Binary => array.as_binary::<i32>().value(i),
        DataType::LargeBinary => array.as_binary::<i64>().value(i),
        DataType::BinaryView => array.as_binary_view().value(i),
        _ => return None,
    })
}

fn is_text(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Binary | DataType::LargeBinary | DataType::BinaryView)
}

/// The claims of row `i` (each with its row and, if asked, its sentence's
/// clean text), or the row's read error.
fn extract_row(texts: &dyn Array, names: &dyn Array, i: usize, hint: FormatHint, sentences: bool) -> Result<Vec<(usize, Claim, Option<String>)>, String> {
    let Some(bytes) = row(texts, i) else { return Ok(Vec::new()) };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let name = row(names, i).map_or_else(|| format!("row {i}"), |n| String::from_utf8_lossy(n).into_owned());
    let doc = document::read(&name, bytes.to_vec(), hint)?;
    let claims = corroborate_extract::extract(&doc);
    Ok(claims
        .into_iter()
        .map(|c| {
            let sentence = sentences.then(|| doc.clean(doc.sentences[c.sentence].span).to_string());
            (i, c, sentence)
        })
        .collect())
}

/// The claim columns, in the order of CLAIMS.md §2 and
/// `corroborate extract --format jsonl`.
pub(crate) const COLUMNS: [&str; 19] = [
    "doc", "start", "end", "quote", "low", "high", "unit", "qualifier", "act", "subject", "place", "year_start", "year_end", "perpetrator",
    "source", "stance", "sentence_start", "sentence_end", "sentence",
];

/// Builds the columns of `claims` (each with its row index).
fn columns(claims: &[(usize, Claim, Option<String>)]) -> Vec<ArrayRef> {
    let text = |f: &dyn Fn(&Claim) -> Option<&str>| -> ArrayRef { Arc::new(claims.iter().map(|(_, c, _)| f(c)).collect::<StringArray>()) };
    let int = |f: &dyn Fn(&Claim) -> Option<i64>| -> ArrayRef { Arc::new(claims.iter().map(|(_, c, _)| f(c)).collect::<Int64Array>()) };
    let float = |f: &dyn Fn(&Claim) -> Option<f64>| -> ArrayRef { Arc::new(claims.iter().map(|(_, c, _)| f(c)).collect::<Float64Array>()) };
    vec![
        text(&|c| Some(&c.doc)),
        int(&|c| Some(c.start as i64)),
        int(&|c| Some(c.end as i64)),
        text(&|c| Some(&c.quote)),
        float(&|c| c.low),
        float(&|c| c.high),
        text(&|c| Some(c.unit.as_str())),
        text(&|c| Some(c.qualifier.as_str())),
        text(&|c| c.act),
        text(&|c| c.subject.as_deref()),
        text(&|c| c.place.as_deref()),
        int(&|c| c.year_start.map(i64::from)),
        int(&|c| c.year_end.map(i64::from)),
        text(&|c| c.perpetrator.as_deref()),
        text(&|c| c.source.as_deref()),
        text(&|c| Some(c.stance.as_str())),
        int(&|c| Some(c.sentence_start as i64)),
        int(&|c| Some(c.sentence_end as i64)),
        Arc::new(claims.iter().map(|(_, _, s)| s.as_deref()).collect::<StringArray>()),
    ]
}

/// extract_arrow(texts, names, format="auto", errors="raise", sentences=False)
/// --
///
/// Extracts every row of `texts` (a pyarrow string or binary Array), each
/// named by the same row of `names`. Returns `(rows, columns)`: the input
/// row of each claim (an int64 Array) and the claim columns as
/// `(name, Array)` pairs; `sentence` (the clean text of the claim's
/// sentence, as revision diffs compare it) is null unless `sentences`.
#[pyfunction]
#[pyo3(signature = (texts, names, format = "auto", errors = "raise", sentences = false))]
pub(crate) fn extract_arrow<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    names: &Bound<'py, PyAny>,
    format: &str,
    errors: &str,
    sentences: bool,
) -> PyResult<(Bound<'py, PyAny>, Vec<(&'static str, Bound<'py, PyAny>)>)> {
    let hint = document::hint(format)?;
    let raise = match errors {
        "raise" => true,
        "skip" => false,
        other => return Err(PyValueError::new_err(format!("unknown errors {other:?}: expected raise or skip"))),
    };
    let texts = ffi::import(texts)?;
    let names = ffi::import(names)?;
    if !is_text(texts.data_type()) {
        return Err(PyValueError::new_err(format!("the text column is {}, not strings or bytes", texts.data_type())));
    }
    if !is_text(names.data_type()) || names.len() != texts.len() {
        return Err(PyValueError::new_err("the names must be strings, one per row"));
    }
    let (claims, failures) = py.detach(|| {
        let per_row: Vec<Result<Vec<(usize, Claim, Option<String>)>, String>> = (0..texts.len())
            .into_par_iter()
            .map(|i| extract_row(&texts, &names, i, hint, sentences))
            .collect();
        let mut claims = Vec::new();
        let mut failures = Vec::new();
        for r in per_row {
            match r {
                Ok(cs) => claims.extend(cs),
                Err(e) => failures.push(e),
            }
        }
        (claims, failures)
    });
    if raise {
        if let Some(first) = failures.first() {
            let more = if failures.len() > 1 { format!(" (and {} more rows)", failures.len() - 1) } else { String::new() };
            return Err(document::error(format!("{first}{more}")));
        }
    }
    let rows: ArrayRef = Arc::new(claims.iter().map(|(i, _, _)| Some(*i as i64)).collect::<Int64Array>());
    let cols = columns(&claims);
    let out = COLUMNS.iter().zip(cols.iter()).map(|(n, a)| Ok((*n, ffi::export(py, a)?))).collect::<PyResult<Vec<_>>>()?;
    Ok((ffi::export(py, &rows)?, out))
}
