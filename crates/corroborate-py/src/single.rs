//! One document's claims as the command line prints them.

use crate::document;
use pyo3::prelude::*;

/// Renders claims as JSON Lines, one line each: the serialization
/// `corroborate extract --format jsonl` uses (the `Serialize` of
/// [`corroborate_extract::Claim`]), so both print the same bytes.
pub(crate) fn jsonl(claims: &[corroborate_extract::Claim]) -> String {
    let mut out = String::new();
    for c in claims {
        // A claim is strings, numbers and nulls: serializing it cannot fail.
        if let Ok(line) = serde_json::to_string(c) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// extract_jsonl(data, format="auto", name=None)
/// --
///
/// The claims of one document as JSON Lines, exactly as
/// `corroborate extract --format jsonl` prints them for a file called
/// `name` (default "document").
#[pyfunction]
#[pyo3(signature = (data, format = "auto", name = None))]
pub(crate) fn extract_jsonl(py: Python<'_>, data: &Bound<'_, PyAny>, format: &str, name: Option<&str>) -> PyResult<String> {
    let bytes = document::bytes_of(data)?;
    let hint = document::hint(format)?;
    let name = name.unwrap_or("document").to_string();
    py.detach(move || {
        let doc = document::read(&name, bytes, hint)?;
        Ok(jsonl(&corroborate_extract::extract(&doc)))
    })
    .map_err(document::error)
}
