//! The flags every listing command shares and the writer that honours them.
//!
//! `claims`, `docs`, `show`, `extract`, `groups`, `events`, `diff`,
//! `revisions` and `versions` flatten one [`Listing`] (`--format`, `-o`,
//! `--limit`), `export` the [`Dest`] part of it, so a flag means the same
//! everywhere. A listing that holds its rows in memory cuts them to
//! `--limit` itself ([`Dest::cut`]); a streaming printer writes through
//! [`RowLimit`], which counts records as they are written and stops the
//! command once it has printed enough, as `| head` would.

use anyhow::{Context, Result};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;

/// An output format.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum RowFormat {
    /// Aligned columns under a header row, for people.
    Table,
    /// One JSON object a line, for programs.
    Jsonl,
    /// Comma-separated values with a header row, for spreadsheets.
    Csv,
}

/// Where a listing goes and how much of it.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct Dest {
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print at most N rows (claims, documents, groups, changes…).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// The output flags of a listing command.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct Listing {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<RowFormat>,
    #[command(flatten)]
    pub dest: Dest,
}

impl Listing {
    /// The format asked for, else `default`.
    pub fn format_or(&self, default: RowFormat) -> RowFormat {
        self.format.unwrap_or(default)
    }

    /// The format asked for among those a command can print (`table` and
    /// `jsonl` for the nested records of groups, changes and events).
    pub fn table_or_jsonl(&self, command: &str, default: RowFormat) -> Result<RowFormat> {
        match self.format_or(default) {
            RowFormat::Csv => {
                anyhow::bail!("`{command}` prints nested records and has no CSV form: use --format jsonl (or table)")
            }
            f => Ok(f),
        }
    }
}

impl Dest {
    /// Opens the destination: the file `-o` names (created or truncated),
    /// else standard output; buffered.
    pub fn open(&self) -> Result<Box<dyn Write + Send>> {
        Ok(match &self.output {
            Some(p) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
            )),
            None => Box::new(std::io::BufWriter::new(std::io::stdout())),
        })
    }

    /// Opens the destination for a streaming printer whose records are
    /// lines that start in the first column (continuation lines are
    /// indented): at most `--limit` of them get through.
    pub fn open_rows(&self) -> Result<Box<dyn Write + Send>> {
        let inner = self.open()?;
        Ok(match self.limit {
            Some(n) => Box::new(RowLimit::new(inner, n)),
            None => inner,
        })
    }

    /// Cuts rows held in memory to `--limit`.
    pub fn cut<T>(&self, rows: &mut Vec<T>) {
        if let Some(n) = self.limit {
            rows.truncate(n);
        }
    }
}

/// A writer that lets `limit` records through, a record being a line that
/// does not start with whitespace together with the indented lines after
/// it. The first write past the limit flushes what came before and fails
/// as a closed pipe does, which ends the command quietly with exit 0 (see
/// `main`): the printers need no limit of their own and stop working as
/// soon as enough is printed.
pub struct RowLimit<W: Write> {
    inner: W,
    left: usize,
    at_line_start: bool,
    done: bool,
}

impl<W: Write> RowLimit<W> {
    /// Lets `limit` records of `inner` through.
    pub fn new(inner: W, limit: usize) -> Self {
        RowLimit { inner, left: limit, at_line_start: true, done: false }
    }

    fn stop(&mut self) -> std::io::Error {
        self.done = true;
        let _ = self.inner.flush();
        std::io::Error::new(std::io::ErrorKind::BrokenPipe, "--limit reached")
    }
}

impl<W: Write> Write for RowLimit<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.done {
            return Err(self.stop());
        }
        // Pass through up to the start of the first record past the limit.
        let mut end = 0;
        for &b in buf {
            if self.at_line_start && !b.is_ascii_whitespace() {
                if self.left == 0 {
                    break;
                }
                self.left -= 1;
            }
            self.at_line_start = b == b'\n';
            end += 1;
        }
        if end == 0 && !buf.is_empty() {
            return Err(self.stop());
        }
        self.inner.write_all(&buf[..end])?;
        Ok(end)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::RowLimit;
    use std::io::Write;

    #[test]
    fn a_record_keeps_its_indented_lines_and_the_next_record_stops_the_writer() {
        let mut out = Vec::new();
        let mut w = RowLimit::new(&mut out, 2);
        w.write_all(b"group 1\n    a\n    b\ngroup 2\n    c\n").unwrap();
        let err = w.write_all(b"group 3\n    d\n").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
        assert_eq!(String::from_utf8(out).unwrap(), "group 1\n    a\n    b\ngroup 2\n    c\n");
    }

    #[test]
    fn a_record_written_in_pieces_counts_once() {
        let mut out = Vec::new();
        let mut w = RowLimit::new(&mut out, 1);
        w.write_all(b"{\"a\":").unwrap();
        w.write_all(b"1}\n").unwrap();
        assert!(w.write_all(b"{\"a\":2}\n").is_err());
        assert_eq!(out, b"{\"a\":1}\n");
    }

    #[test]
    fn a_limit_of_zero_prints_nothing() {
        let mut out = Vec::new();
        assert!(RowLimit::new(&mut out, 0).write_all(b"x\n").is_err());
        assert!(out.is_empty());
    }
}
