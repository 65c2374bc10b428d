//! One input as a document: the format names the Python API accepts, and
//! read errors worded as the command line words them (`NAME: the file is
//! empty`, where the command line names the path).

use crate::CorroborateError;
use corroborate_doc::{Document, Format, FormatHint};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The format hint a Python `format=` argument names.
pub(crate) fn hint(format: &str) -> PyResult<FormatHint> {
    Ok(match format {
        "auto" => FormatHint::Auto,
        "text" => FormatHint::Is(Format::Text),
        "wikitext" => FormatHint::Is(Format::Wikitext),
        "html" => FormatHint::Is(Format::Html),
        other => return Err(PyValueError::new_err(format!("unknown format {other:?}: expected auto, text, wikitext or html"))),
    })
}

/// Reads `bytes` as the document `name`; the error is the command line's
/// message for a file of that name.
pub(crate) fn read(name: &str, bytes: Vec<u8>, hint: FormatHint) -> Result<Document, String> {
    Document::read(name, bytes, hint).map_err(|e| format!("{name}: {e}"))
}

/// A read error as the Python exception.
pub(crate) fn error(message: String) -> PyErr {
    CorroborateError::new_err(message)
}

/// The bytes of a `str` (UTF-8: offsets count its UTF-8 bytes) or of a
/// bytes-like object.
pub(crate) fn bytes_of(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = data.cast::<pyo3::types::PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(b) = data.cast::<pyo3::types::PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(b) = data.cast::<pyo3::types::PyByteArray>() {
        return Ok(b.to_vec());
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "expected str or bytes, got {}",
        data.get_type().name()?
    )))
}
