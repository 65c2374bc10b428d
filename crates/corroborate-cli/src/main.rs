//! The `corroborate` command line: a thin shell around the libraries.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use corroborate_doc::{Document, Format, FormatHint};
use corroborate_extract::{extract, Claim};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Corroborate: a ledger of count claims from documents.
#[derive(Parser)]
#[command(name = "corroborate", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract count claims from files or folders and print them.
    Extract {
        /// Output format; JSON Lines when stdout is not a terminal.
        #[arg(long, value_enum)]
        format: Option<OutFormat>,
        /// Input format; sniffed from the content by default.
        #[arg(long, value_enum, default_value = "auto")]
        input_format: InFormat,
        /// Files or folders (read recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum OutFormat {
    Jsonl,
    Table,
}

#[derive(Clone, Copy, ValueEnum)]
enum InFormat {
    Auto,
    Text,
    Wikitext,
    Html,
}

impl InFormat {
    fn hint(self) -> FormatHint {
        match self {
            InFormat::Auto => FormatHint::Auto,
            InFormat::Text => FormatHint::Is(Format::Text),
            InFormat::Wikitext => FormatHint::Is(Format::Wikitext),
            InFormat::Html => FormatHint::Is(Format::Html),
        }
    }
}

/// Largest file read; larger ones are refused with a message.
const MAX_FILE_BYTES: u64 = 1 << 30;

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Extract { format, input_format, paths } => {
            let format = format.unwrap_or(if std::io::stdout().is_terminal() { OutFormat::Table } else { OutFormat::Jsonl });
            extract_cmd(&paths, input_format.hint(), format)
        }
    }
}

/// Lists the files under `paths`, folders recursively, in a stable order.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let mut entries: Vec<_> = std::fs::read_dir(&dir)
                    .with_context(|| format!("cannot list {}", dir.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .collect();
                entries.sort();
                for e in entries.into_iter().rev() {
                    let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if name.starts_with('.') {
                        continue;
                    }
                    if e.is_dir() {
                        stack.push(e);
                    } else {
                        out.push(e);
                    }
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn read_document(path: &Path, hint: FormatHint) -> Result<Document> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.len() > MAX_FILE_BYTES {
        bail!("{} is {} bytes, over the limit of {MAX_FILE_BYTES}", path.display(), meta.len());
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("document").to_string();
    Document::read(&name, bytes, hint).with_context(|| format!("{}", path.display()))
}

fn extract_cmd(paths: &[PathBuf], hint: FormatHint, format: OutFormat) -> Result<i32> {
    let files = collect_files(paths)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    for f in &files {
        let doc = match read_document(f, hint) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
                continue;
            }
        };
        let claims = extract(&doc);
        match format {
            OutFormat::Jsonl => {
                for c in &claims {
                    serde_json::to_writer(&mut out, c)?;
                    out.write_all(b"\n")?;
                }
            }
            OutFormat::Table => write_table(&mut out, &doc, &claims)?,
        }
    }
    out.flush()?;
    Ok(if failed > 0 { 1 } else { 0 })
}

fn fmt_num(v: Option<f64>) -> String {
    match v {
        None => "·".into(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.2}"),
    }
}

fn write_table(out: &mut impl Write, doc: &Document, claims: &[Claim]) -> Result<()> {
    writeln!(out, "{} ({}, {} claims)", doc.name, doc.format.name(), claims.len())?;
    for c in claims {
        let years = match (c.year_start, c.year_end) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (a, b) => format!("{}–{}", a.map_or("?".into(), |y| y.to_string()), b.map_or("?".into(), |y| y.to_string())),
        };
        writeln!(
            out,
            "  {:>7}..{:<7} {:<28} {:>10} {:>10} {:<8} {:<9} {:<10} {:<18} {:<10} {}",
            c.start,
            c.end,
            truncate(&c.quote, 28),
            fmt_num(c.low),
            fmt_num(c.high),
            format!("{:?}", c.unit).to_lowercase(),
            serde_json::to_value(c.qualifier)?.as_str().unwrap_or(""),
            c.act.unwrap_or("·"),
            truncate(c.place.as_deref().unwrap_or("·"), 18),
            if years == "?–?" { "·".to_string() } else { years },
            serde_json::to_value(c.stance)?.as_str().unwrap_or(""),
        )?;
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
