//! Finding and reading input files.

use anyhow::{bail, Context, Result};
use corroborate_doc::{Document, FormatHint};
use std::path::{Path, PathBuf};

/// Largest file read; larger ones are refused with a message.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Lists the files under `paths`, folders recursively (hidden entries and
/// symbolic-link loops skipped), in a stable order.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if !meta.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![p.clone()];
        while let Some(dir) = stack.pop() {
            // Symbolic links can loop: visit each real folder once.
            if let Ok(real) = std::fs::canonicalize(&dir) {
                if !seen.insert(real) {
                    continue;
                }
            }
            let mut entries: Vec<_> = std::fs::read_dir(&dir)
                .with_context(|| format!("cannot list {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for e in entries.into_iter().rev() {
                let hidden = e.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
                if hidden {
                    continue;
                }
                if e.is_dir() {
                    stack.push(e);
                } else {
                    out.push(e);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Reads one file as a document named by its file name.
pub fn read_document(path: &Path, hint: FormatHint) -> Result<Document> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_dir() {
        bail!("{} is a directory", path.display());
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!("{} is {} bytes, over the limit of {MAX_FILE_BYTES}", path.display(), meta.len());
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("document").to_string();
    Document::read(&name, bytes, hint).with_context(|| format!("{}", path.display()))
}
