//! Arrow arrays across the Arrow C data interface, to and from `pyarrow`.
//!
//! `pyarrow.Array._export_to_c(array_ptr, schema_ptr)` fills two C structs
//! this side owns; `pyarrow.Array._import_from_c` takes ownership of two
//! this side filled. Buffers are shared, not copied. (The arrow crate's own
//! `pyarrow` feature does the same through the `arrow` umbrella crate and a
//! PyO3 version of its choosing; these two functions are all it would
//! give us.)

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{make_array, ArrayRef};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// A `pyarrow.Array` as an Arrow array.
pub(crate) fn import(array: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let mut c_array = FFI_ArrowArray::empty();
    let mut c_schema = FFI_ArrowSchema::empty();
    array.call_method1(
        "_export_to_c",
        (std::ptr::addr_of_mut!(c_array) as usize, std::ptr::addr_of_mut!(c_schema) as usize),
    )?;
    // SAFETY: pyarrow has just filled both structs following the C data
    // interface; `from_ffi` takes the array and keeps it alive.
    let data = unsafe { from_ffi(c_array, &c_schema) }.map_err(|e| PyValueError::new_err(format!("cannot read the Arrow array: {e}")))?;
    Ok(make_array(data))
}

/// An Arrow array as a `pyarrow.Array`.
pub(crate) fn export<'py>(py: Python<'py>, array: &ArrayRef) -> PyResult<Bound<'py, PyAny>> {
    let (c_array, c_schema) = to_ffi(&array.to_data()).map_err(|e| PyValueError::new_err(format!("cannot export an Arrow array: {e}")))?;
    let c_array = Box::new(c_array);
    let c_schema = Box::new(c_schema);
    // pyarrow moves both structs out (leaving them released), so dropping
    // the boxes afterwards frees only the boxes.
    py.import("pyarrow")?
        .getattr("Array")?
        .call_method1("_import_from_c", (&*c_array as *const FFI_ArrowArray as usize, &*c_schema as *const FFI_ArrowSchema as usize))
}
