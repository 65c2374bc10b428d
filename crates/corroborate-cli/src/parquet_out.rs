//! Parquet export: every claim with its provenance and review state, one
//! row each, with the columns of CLAIMS.md §2. Readable by DuckDB, pandas,
//! Spark and DataFusion.

use anyhow::Result;
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use corroborate_store::ClaimRow;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::sync::Arc;

/// Writes `rows` as Parquet to `out`.
pub fn write(out: impl std::io::Write + Send, rows: &[ClaimRow]) -> Result<()> {
    let text =
        |f: &dyn Fn(&ClaimRow) -> Option<String>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<StringArray>()) };
    let int =
        |f: &dyn Fn(&ClaimRow) -> Option<i64>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<Int64Array>()) };
    let float =
        |f: &dyn Fn(&ClaimRow) -> Option<f64>| -> ArrayRef { Arc::new(rows.iter().map(f).collect::<Float64Array>()) };
    let columns: Vec<(&str, DataType, bool, ArrayRef)> = vec![
        ("id", DataType::Int64, false, int(&|c| Some(c.id))),
        ("doc", DataType::Utf8, false, text(&|c| Some(c.doc.clone()))),
        ("start", DataType::Int64, false, int(&|c| Some(c.fields.start))),
        ("end", DataType::Int64, false, int(&|c| Some(c.fields.end))),
        ("quote", DataType::Utf8, false, text(&|c| Some(c.fields.quote.clone()))),
        ("low", DataType::Float64, true, float(&|c| c.fields.low)),
        ("high", DataType::Float64, true, float(&|c| c.fields.high)),
        ("unit", DataType::Utf8, false, text(&|c| Some(c.fields.unit.clone()))),
        ("qualifier", DataType::Utf8, false, text(&|c| Some(c.fields.qualifier.clone()))),
        ("act", DataType::Utf8, true, text(&|c| c.fields.act.clone())),
        ("subject", DataType::Utf8, true, text(&|c| c.fields.subject.clone())),
        ("place", DataType::Utf8, true, text(&|c| c.fields.place.clone())),
        ("year_start", DataType::Int64, true, int(&|c| c.fields.year_start)),
        ("year_end", DataType::Int64, true, int(&|c| c.fields.year_end)),
        ("perpetrator", DataType::Utf8, true, text(&|c| c.fields.perpetrator.clone())),
        ("source", DataType::Utf8, true, text(&|c| c.fields.source.clone())),
        ("stance", DataType::Utf8, false, text(&|c| Some(c.fields.stance.clone()))),
        ("review_state", DataType::Utf8, false, text(&|c| Some(c.review_state.clone()))),
        ("sentence_start", DataType::Int64, false, int(&|c| Some(c.sentence_start))),
        ("sentence_end", DataType::Int64, false, int(&|c| Some(c.sentence_end))),
        ("sentence", DataType::Utf8, false, text(&|c| Some(c.sentence.clone()))),
        ("extractor", DataType::Utf8, false, text(&|c| Some(c.extractor.clone()))),
    ];
    let schema = Arc::new(Schema::new(
        columns.iter().map(|(n, t, null, _)| Field::new(*n, t.clone(), *null)).collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(schema.clone(), columns.into_iter().map(|(_, _, _, a)| a).collect())?;
    let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut w = ArrowWriter::try_new(out, schema, Some(props))?;
    w.write(&batch)?;
    w.close()?;
    Ok(())
}
