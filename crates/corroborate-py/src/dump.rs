//! A MediaWiki XML dump's article revisions as Arrow batches, read by the
//! same streaming reader `corroborate extract` and `ingest` use
//! (`corroborate_doc::dump`), from any Python binary file object (the
//! Python side opens `.bz2`, `.gz` and `.xz` with the standard library).

use crate::ffi;
use arrow_array::{ArrayRef, Int64Array, StringArray};
use corroborate_doc::dump::{DumpReader, Revision};
use pyo3::prelude::*;
use std::io::BufReader;
use std::sync::Arc;

/// A Python binary file object as `std::io::Read`.
struct PyReader(Py<PyAny>);

impl std::io::Read for PyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        Python::attach(|py| {
            let chunk = self.0.bind(py).call_method1("read", (buf.len(),)).map_err(std::io::Error::other)?;
            let chunk = chunk.cast::<pyo3::types::PyBytes>().map_err(|_| std::io::Error::other("the dump's file object must be opened in binary mode"))?;
            let bytes = chunk.as_bytes();
            let n = bytes.len().min(buf.len());
            buf[..n].copy_from_slice(&bytes[..n]);
            Ok(n)
        })
    }
}

/// The columns of a batch of revisions.
pub(crate) const COLUMNS: [&str; 8] = ["page_id", "title", "rev_id", "parent_id", "timestamp", "contributor", "name", "text"];

fn columns(revs: &[Revision]) -> Vec<ArrayRef> {
    let int = |f: &dyn Fn(&Revision) -> Option<i64>| -> ArrayRef { Arc::new(revs.iter().map(f).collect::<Int64Array>()) };
    let text = |f: &dyn Fn(&Revision) -> Option<String>| -> ArrayRef { Arc::new(revs.iter().map(f).collect::<StringArray>()) };
    vec![
        int(&|r| i64::try_from(r.page_id).ok()),
        text(&|r| Some(r.title.clone())),
        int(&|r| i64::try_from(r.rev_id).ok()),
        int(&|r| r.parent_id.and_then(|p| i64::try_from(p).ok())),
        text(&|r| Some(r.timestamp.clone())),
        text(&|r| r.contributor.clone()),
        // The document name `corroborate extract` gives a revision.
        text(&|r| Some(format!("{}#{}", r.title, r.rev_id))),
        text(&|r| Some(r.text.clone())),
    ]
}

/// DumpBatches(file, rows=1000, max_revision_bytes=64 MiB)
/// --
///
/// Iterates over the article (namespace 0) revisions of a MediaWiki XML
/// dump read from a binary file object, `rows` revisions at a time, each
/// batch a list of `(column, pyarrow.Array)` pairs.
#[pyclass(unsendable, module = "corroborate._corroborate")]
pub(crate) struct DumpBatches {
    reader: DumpReader<BufReader<PyReader>>,
    rows: usize,
}

#[pymethods]
impl DumpBatches {
    #[new]
    #[pyo3(signature = (file, rows = 1000, max_revision_bytes = 64 << 20))]
    fn new(file: Py<PyAny>, rows: usize, max_revision_bytes: usize) -> Self {
        // 64 MiB is the command line's limit on one revision's text.
        DumpBatches { reader: DumpReader::new(BufReader::with_capacity(1 << 20, PyReader(file)), Some(vec![0]), max_revision_bytes), rows: rows.max(1) }
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Vec<(&'static str, Bound<'py, PyAny>)>>> {
        let mut revs = Vec::new();
        while revs.len() < self.rows {
            match self.reader.next() {
                None => break,
                Some(Ok(r)) => revs.push(r),
                Some(Err(e)) => return Err(crate::document::error(format!("cannot read the dump: {e}"))),
            }
        }
        if revs.is_empty() {
            return Ok(None);
        }
        let cols = columns(&revs);
        Ok(Some(COLUMNS.iter().zip(cols.iter()).map(|(n, a)| Ok((*n, ffi::export(py, a)?))).collect::<PyResult<Vec<_>>>()?))
    }
}
