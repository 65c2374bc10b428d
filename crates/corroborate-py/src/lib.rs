//! Corroborate for Python: the `corroborate._corroborate` extension module.
//!
//! The Python package (`python/corroborate/`) is a thin layer over this
//! module; everything that reads documents or claims happens here, in the
//! same libraries the `corroborate` command uses, so Python and the command
//! line cannot disagree:
//!
//! ```text
//! str / bytes ──read──▶ Document ──corroborate_extract::extract──▶ Claim ──serde──▶ JSON Lines
//! Arrow array ──C data interface──▶ rows ──rayon, GIL released──▶ claims ──▶ Arrow arrays
//! claim dicts ──▶ Item ──corroborate_reconcile──▶ groups, revision diffs
//! ```
//!
//! - [`document`] reads one input as a document, with the command line's
//!   error messages.
//! - [`single`] extracts one document and renders its claims exactly as
//!   `corroborate extract --format jsonl` prints them (one serialization:
//!   `Claim`'s `Serialize`, shared with the command line).
//! - [`ffi`] moves Arrow arrays across the Arrow C data interface
//!   (`pyarrow`'s `_export_to_c`/`_import_from_c`), without copying.
//! - [`batch`] extracts every row of an Arrow text column in parallel.
//! - [`dump`] streams a MediaWiki XML dump's revisions as Arrow batches.
//! - [`reconcile`] groups claims and diffs revisions (corroborate-reconcile).

use pyo3::prelude::*;

mod batch;
mod document;
mod dump;
mod ffi;
mod reconcile;
mod single;

pyo3::create_exception!(
    _corroborate,
    CorroborateError,
    pyo3::exceptions::PyValueError,
    "An input Corroborate cannot read (empty, binary), with the command line's message."
);

/// The extension module.
#[pymodule]
fn _corroborate(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CorroborateError", m.py().get_type::<CorroborateError>())?;
    m.add("EXTRACTOR_VERSION", corroborate_extract::EXTRACTOR_VERSION)?;
    m.add_function(wrap_pyfunction!(single::extract_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(batch::extract_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile::groups_json, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile::diff_json, m)?)?;
    m.add_class::<dump::DumpBatches>()?;
    Ok(())
}
