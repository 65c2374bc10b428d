//! Finding and reading input files.

use anyhow::{bail, Context, Result};
use corroborate_doc::{Document, FormatHint};
use std::path::{Path, PathBuf};

/// Largest file read; larger ones are refused with a message.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file to read and the name its document gets.
///
/// The name is the file's path relative to the folder given on the command
/// line (the ingest root), `/`-separated: ingesting a folder holding `a/`
/// and `b/` names their files `a/report.txt` and `b/report.txt`, so two
/// files of one name stay two names. A file given on its own keeps its file
/// name. Names already stored in a ledger are never renamed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// Where the file is (its origin in the ledger).
    pub path: PathBuf,
    /// The document's name.
    pub name: String,
}

impl Input {
    /// A file given on its own: named by its file name.
    pub fn file(path: &Path) -> Input {
        Input { path: path.to_path_buf(), name: file_name(path) }
    }

    /// A file found under the folder `root`: named by its path below it.
    fn under(root: &Path, path: PathBuf) -> Input {
        let name = match path.strip_prefix(root) {
            Ok(rel) if rel.components().next().is_some() => {
                rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
            }
            _ => file_name(&path),
        };
        Input { path, name }
    }
}

/// A path's file name (lossily UTF-8), or `document` where it has none.
fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "document".to_string())
}

/// Lists the files under `paths`, folders recursively (hidden entries and
/// symbolic-link loops skipped), in a stable order, each with its
/// document's name (see [`Input`]). A path that cannot be read is reported
/// on stderr and skipped; the count of those comes back beside the files.
pub fn collect(paths: &[PathBuf]) -> Result<(Vec<Input>, usize)> {
    let mut out = Vec::new();
    let mut unreadable = 0;
    for p in paths {
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", p.display());
                unreadable += 1;
                continue;
            }
        };
        if !meta.is_dir() {
            out.push(Input::file(p));
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
                    out.push(Input::under(p, e));
                }
            }
        }
    }
    // Name order within the listing; a file reached twice (two roots that
    // overlap) is read once, under the name it was first given.
    out.sort_by(|a, b| a.path.cmp(&b.path));
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.path.clone()));
    Ok((out, unreadable))
}

/// Reads one file given on its own, as a document named by its file name.
pub fn read_file(path: &Path, hint: FormatHint) -> Result<Document> {
    read_document(&Input::file(path), hint)
}

/// Reads one file as a document under the input's name.
pub fn read_document(input: &Input, hint: FormatHint) -> Result<Document> {
    let path = input.path.as_path();
    use std::io::Read;
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let meta = file.metadata().with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_dir() {
        bail!("{} is a directory", path.display());
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!("{} is {} bytes, over the limit of {MAX_FILE_BYTES}", path.display(), meta.len());
    }
    // One read of at most the limit: a file that grows while it is read is
    // refused at the limit, and what is read is one consistent set of bytes
    // (hash, text and claims all come from it).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!("{} grew past the limit of {MAX_FILE_BYTES} bytes while it was read", path.display());
    }
    Document::read(&input.name, bytes, hint).with_context(|| format!("{}", path.display()))
}

/// Largest revision text read from a dump.
pub const MAX_REVISION_BYTES: usize = 64 << 20;

/// How many times its compressed size a decompressed stream may grow
/// (past [`BOMB_FLOOR`]) before it is refused as a compression bomb. Real
/// dumps expand 5 to 20 times.
pub const BOMB_RATIO: u64 = 100;
/// The ratio for xz/LZMA: its long-range matches pack a whole revision
/// history, each revision repeating the one before, far tighter (the real
/// "Anarchism" history: 1.9 MB to 1.05 GB, 550 times).
pub const XZ_BOMB_RATIO: u64 = 2000;
/// Decompressed bytes always allowed, whatever the ratio.
pub const BOMB_FLOOR: u64 = 256 << 20;

/// A reader that fails once more than `limit` bytes have come through.
struct Limited<R> {
    inner: R,
    read: u64,
    limit: u64,
    ratio: u64,
}

impl<R: std::io::Read> std::io::Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(std::io::Error::other(format!(
                "decompressed past {} bytes, over {} times the compressed size: refused as a compression bomb",
                self.limit, self.ratio
            )));
        }
        Ok(n)
    }
}

/// Memory the xz/LZMA decoder may take (its dictionary): far over what
/// real dumps use (`xz -9` takes 64 MiB), small enough that a header
/// asking for gigabytes is refused.
const LZMA_MEMORY: u64 = 256 << 20;

/// The read buffer of a stream: a dump's XML reader asks for its next
/// event dozens of times per kilobyte of wikitext (each entity is an
/// event), and a bigger buffer reads a history in fewer system calls.
const STREAM_BUFFER: usize = 256 << 10;

/// Opens a file as a stream, decompressing `.bz2`, `.gz` and `.xz`/`.lzma`
/// (refusing compression bombs).
pub fn open_stream(path: &Path) -> Result<Box<dyn std::io::BufRead>> {
    use std::io::BufReader;
    let f = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let name = path.to_string_lossy().to_ascii_lowercase();
    let ratio = if name.ends_with(".xz") || name.ends_with(".lzma") { XZ_BOMB_RATIO } else { BOMB_RATIO };
    let limit = (size.saturating_mul(ratio)).max(BOMB_FLOOR);
    Ok(if name.ends_with(".bz2") {
        Box::new(BufReader::with_capacity(
            STREAM_BUFFER,
            Limited { inner: bzip2::read::MultiBzDecoder::new(f), read: 0, limit, ratio },
        ))
    } else if name.ends_with(".gz") {
        Box::new(BufReader::with_capacity(
            STREAM_BUFFER,
            Limited { inner: flate2::read::MultiGzDecoder::new(f), read: 0, limit, ratio },
        ))
    } else if name.ends_with(".xz") || name.ends_with(".lzma") {
        // The auto decoder reads both the .xz container and the legacy
        // .lzma ("LZMA alone") format old Wikimedia dumps came in.
        let stream = liblzma::stream::Stream::new_auto_decoder(LZMA_MEMORY, liblzma::stream::CONCATENATED)
            .with_context(|| format!("cannot start an xz/LZMA decoder for {}", path.display()))?;
        Box::new(BufReader::with_capacity(
            STREAM_BUFFER,
            Limited { inner: liblzma::read::XzDecoder::new_stream(f, stream), read: 0, limit, ratio },
        ))
    } else {
        Box::new(BufReader::with_capacity(STREAM_BUFFER, f))
    })
}

/// True when the file is a MediaWiki XML dump (plain or compressed, UTF-8
/// or UTF-16).
pub fn is_dump(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let xmlish = [".xml", ".bz2", ".gz", ".xz", ".lzma"].iter().any(|e| name.ends_with(e));
    if !xmlish {
        return false;
    }
    let Ok(mut s) = open_stream(path) else { return false };
    let mut head = vec![0u8; 4096];
    let mut n = 0;
    while n < head.len() {
        match std::io::Read::read(&mut s, &mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    corroborate_doc::dump::looks_like_dump(&head[..n])
}

/// The revisions of a dump, articles (namespace 0) only.
pub fn dump_revisions(path: &Path) -> Result<corroborate_doc::dump::DumpReader<Box<dyn std::io::BufRead>>> {
    Ok(corroborate_doc::dump::DumpReader::new(open_stream(path)?, Some(vec![0]), MAX_REVISION_BYTES))
}

/// True for a revision with no text (a blanked page, `<text bytes="0" />`,
/// whitespace only). Every command treats it alike: a real revision with
/// no text and no claims, not an error; [`empty_revision_note`] is printed
/// on stderr; a revision diff shows the claims before it as removed and
/// those after it as added.
pub fn is_empty_revision(rev: &corroborate_doc::dump::Revision) -> bool {
    rev.is_empty()
}

/// The line printed on stderr for an empty revision.
pub fn empty_revision_note(rev: &corroborate_doc::dump::Revision) -> String {
    format!("note: {}#{}: empty revision (no text)", rev.title, rev.rev_id)
}

/// A dump revision as a document named `Title#rev_id` (an empty revision
/// is an error here: see [`is_empty_revision`]).
pub fn revision_document(r: &corroborate_doc::dump::Revision) -> Result<Document> {
    let name = format!("{}#{}", r.title, r.rev_id);
    Document::read(&name, r.text.clone().into_bytes(), FormatHint::Is(corroborate_doc::Format::Wikitext))
        .with_context(|| name.clone())
}
