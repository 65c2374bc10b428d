//! The `corroborate` command line: a thin shell around the libraries.

mod files;
mod ingest;
mod output;
mod parquet_out;
mod reconcile;
mod repeats;
mod revisions;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use corroborate_doc::{Document, Format, FormatHint};
use corroborate_extract::{extract, Claim};
use corroborate_store::ClaimFilter;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Corroborate: a ledger of count claims from documents.
#[derive(Parser)]
#[command(name = "corroborate", version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CORROBORATE_COMMIT"), ")"), about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The ledger: a SQLite file path or a postgres:// URL.
#[derive(clap::Args, Clone)]
struct Db {
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = "corroborate.db", env = "CORROBORATE_DB")]
    db: String,
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
    /// Add files or folders to the ledger (idempotent by content hash).
    Ingest {
        #[command(flatten)]
        db: Db,
        /// Input format; sniffed from the content by default.
        #[arg(long, value_enum, default_value = "auto")]
        input_format: InFormat,
        /// Megabytes of documents (or dump revisions) held and written at
        /// once: bounds memory whatever the input's size.
        #[arg(long, default_value_t = 32)]
        batch_mb: usize,
        /// Files, folders or MediaWiki XML dumps (.xml, .bz2, .gz).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Query claims in the ledger.
    Claims {
        #[command(flatten)]
        db: Db,
        /// Act (killed, died, raped, deported, …).
        #[arg(long)]
        act: Option<String>,
        /// Place, including places inside it.
        #[arg(long)]
        place: Option<String>,
        /// A year the claim's years include.
        #[arg(long)]
        year: Option<i64>,
        /// Document name.
        #[arg(long)]
        doc: Option<String>,
        /// Source (substring, case-insensitive).
        #[arg(long)]
        source: Option<String>,
        /// Smallest figure.
        #[arg(long)]
        min: Option<f64>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: RowFormat,
    },
    /// List the documents in the ledger.
    Docs {
        #[command(flatten)]
        db: Db,
    },
    /// Verify the ledger: every document's and revision's stored bytes
    /// against its hash, every claim's span against the bytes it points at,
    /// every document complete. Exits 1 and lists what is wrong, if anything.
    Check {
        #[command(flatten)]
        db: Db,
    },
    /// Print a document with its claims marked.
    Show {
        #[command(flatten)]
        db: Db,
        /// Document name, row id, or hash (at least 12 hex digits).
        doc: String,
    },
    /// Group claims that count the same thing and flag conflicts.
    Groups {
        /// The ledger to read when no path is given.
        #[arg(long)]
        db: Option<String>,
        /// Print only groups with a conflict.
        #[arg(long)]
        conflicts_only: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// Group the claims of this JSON Lines file (CLAIMS.md §5) instead
        /// of extracting; their documents are under `--docs`.
        #[arg(long, requires = "docs", conflicts_with = "paths")]
        claims: Option<PathBuf>,
        /// The folder holding the documents named by `--claims`.
        #[arg(long)]
        docs: Option<PathBuf>,
        /// Files or folders (extracted now); none reads the ledger.
        paths: Vec<PathBuf>,
    },
    /// Events: which documents are about one thing that happened, with
    /// their claims.
    Events {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Claims added, removed and changed between two versions of a document.
    Diff {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// The older version (a file).
        old: PathBuf,
        /// The newer version (a file).
        new: PathBuf,
    },
    /// Claim changes between consecutive revisions of each page of a
    /// MediaWiki XML dump (plain, .bz2 or .gz): which edit changed a figure.
    Revisions {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// The ledger to read when no dump is given.
        #[arg(long)]
        db: Option<String>,
        /// The dump (none reads the revisions stored in the ledger).
        dump: Option<PathBuf>,
    },
    /// Documents that are versions or copies of one another.
    Versions {
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: OutFormat,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Manage accounts (for the server).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage API tokens (for `Authorization: Bearer …`).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Serve the HTTP API and the reading and review pages.
    Serve {
        #[command(flatten)]
        db: Db,
        /// Address to listen on (loopback unless told otherwise; port 0
        /// picks a free port, printed at start).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Ledger connections kept open.
        #[arg(long, default_value_t = 8)]
        connections: usize,
    },
    /// Render documents with their claims marked, groups and conflicts into
    /// one self-contained HTML file.
    Report {
        /// Write the report here.
        #[arg(short, long)]
        output: PathBuf,
        /// The report's title.
        #[arg(long, default_value = "Corroborate report")]
        title: String,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Record the cells changed in an exported CSV as reviews by a user;
    /// refuses rows whose claim is gone or was reviewed since the export.
    ImportReviews {
        #[command(flatten)]
        db: Db,
        /// The reviewer (a user with the reviewer or admin role).
        #[arg(long = "as", value_name = "NAME")]
        reviewer: String,
        /// The edited CSV, from `corroborate export --format csv`.
        file: PathBuf,
    },
    /// Export every claim with its provenance and review state.
    Export {
        #[command(flatten)]
        db: Db,
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Write to this file instead of stdout (required for Parquet on a
        /// terminal).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Add a user; the password is read from standard input (first line).
    Add {
        #[command(flatten)]
        db: Db,
        /// The user's name.
        name: String,
        /// What the user may do.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
}

#[derive(Subcommand)]
enum TokenAction {
    /// Create an API token for a user and print it (it is shown only once).
    Create {
        #[command(flatten)]
        db: Db,
        /// The user's name.
        name: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Reader,
    Reviewer,
    Admin,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum OutFormat {
    Jsonl,
    Table,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum RowFormat {
    Table,
    Jsonl,
    Csv,
}

impl RowFormat {
    fn name(self) -> &'static str {
        match self {
            RowFormat::Table => "table",
            RowFormat::Jsonl => "jsonl",
            RowFormat::Csv => "csv",
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum ExportFormat {
    Csv,
    Jsonl,
    Parquet,
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

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        // A reader that stopped reading (`| head`) is not an error: end
        // quietly, as ripgrep does.
        Err(e) if e.chain().any(output::is_broken_pipe) => 0,
        Err(e) => {
            eprintln!("error: {}", output::redact(&format!("{e:#}")));
            2
        }
    };
    std::process::exit(code);
}

/// Opens the ledger `db` names, creating it when missing (for `ingest` and
/// `user add`, the commands that put things in).
fn create(db: &Db) -> Result<Box<dyn corroborate_store::Store>> {
    corroborate_store::open(&db.db).with_context(|| format!("cannot open the ledger {}", output::redact(&db.db)))
}

/// Opens an existing ledger: reading a mistyped path must not quietly make
/// an empty one.
fn open(db: &Db) -> Result<Box<dyn corroborate_store::Store>> {
    let url = db.db.starts_with("postgres://") || db.db.starts_with("postgresql://");
    if !url && !std::path::Path::new(&db.db).exists() {
        anyhow::bail!("there is no ledger at {}: make one with `corroborate ingest --db {} FILES…`", db.db, db.db);
    }
    create(db)
}

fn run(cli: Cli) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Extract { format, input_format, paths } => {
            let format = format.unwrap_or(if std::io::stdout().is_terminal() { OutFormat::Table } else { OutFormat::Jsonl });
            extract_cmd(&mut out, &paths, input_format.hint(), format)?
        }
        Command::Ingest { db, input_format, batch_mb, paths } => ingest::run(create(&db)?.as_mut(), &paths, input_format.hint(), batch_mb)?,
        Command::Claims { db, act, place, year, doc, source, min, format } => {
            let filter = ClaimFilter { id: None, document_id: None, act, place, year, doc, source, min, include_rejected: false };
            let rows = open(&db)?.claims(&filter)?;
            output::claims(&mut out, &rows, format.name())?;
            0
        }
        Command::Docs { db } => {
            output::documents(&mut out, &open(&db)?.documents()?)?;
            0
        }
        Command::Check { db } => {
            let v = open(&db)?.check()?;
            for p in &v.problems {
                writeln!(out, "{p}")?;
            }
            let (docs, revs, claims) = v.seen;
            eprintln!("checked {docs} documents, {revs} revisions and {claims} claims: {} problems", v.problems.len());
            i32::from(!v.problems.is_empty())
        }
        Command::Show { db, doc } => {
            let mut store = open(&db)?;
            let (row, bytes) = store.document(&doc)?;
            let claims = store.claims(&ClaimFilter { document_id: Some(row.id), ..Default::default() })?;
            output::show(&mut out, &row, &bytes, &claims)?;
            0
        }
        Command::Groups { db, conflicts_only, format, claims: Some(claims), docs, .. } => {
            let loaded = reconcile::load_claims(&claims, &docs.unwrap_or_default())?;
            reconcile::groups(&mut out, &loaded, conflicts_only, format == OutFormat::Jsonl)?;
            let _ = db;
            loaded.code
        }
        Command::Events { format, paths } => {
            let loaded = reconcile::load(&paths, None)?;
            reconcile::print_events(&mut out, &loaded, format == OutFormat::Jsonl)?;
            loaded.code
        }
        Command::Groups { db, conflicts_only, format, paths, .. } => {
            let mut store = if paths.is_empty() {
                Some(open(&Db { db: db.unwrap_or_else(|| "corroborate.db".into()) })?)
            } else {
                None
            };
            let loaded = match store.as_mut() {
                Some(s) => reconcile::load(&paths, Some(s.as_mut()))?,
                None => reconcile::load(&paths, None)?,
            };
            reconcile::groups(&mut out, &loaded, conflicts_only, format == OutFormat::Jsonl)?;
            loaded.code
        }
        Command::Diff { format, old, new } => {
            let old = reconcile::items_of(&files::read_document(&old, FormatHint::Auto)?);
            let new = reconcile::items_of(&files::read_document(&new, FormatHint::Auto)?);
            reconcile::print_diff(&mut out, &old, &new, format == OutFormat::Jsonl)?;
            0
        }
        Command::Revisions { format, db, dump } => match dump {
            Some(d) => revisions::print_revisions(&mut out, &d, format == OutFormat::Jsonl)?,
            None => {
                let mut store = open(&Db { db: db.unwrap_or_else(|| "corroborate.db".into()) })?;
                revisions::print_stored_revisions(&mut out, store.as_mut(), format == OutFormat::Jsonl)?;
                0
            }
        },
        Command::Versions { format, paths } => {
            let mut docs = Vec::new();
            for f in files::collect(&paths)?.0 {
                let d = files::read_document(&f, FormatHint::Auto)?;
                docs.push((d.name.clone(), d.text.clone()));
            }
            reconcile::print_versions(&mut out, &docs, format == OutFormat::Jsonl)?;
            0
        }
        Command::User { action: UserAction::Add { db, name, role } } => {
            use corroborate_store::accounts::{hash_password, Role};
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).context("cannot read the password from standard input")?;
            let password = line.trim_end_matches(['\n', '\r']);
            let role = match role {
                RoleArg::Reader => Role::Reader,
                RoleArg::Reviewer => Role::Reviewer,
                RoleArg::Admin => Role::Admin,
            };
            let mut store = create(&db)?;
            if store.user(&name)?.is_some() {
                anyhow::bail!("user {name:?} exists already");
            }
            store.add_user(&name, role, &hash_password(password)?)?;
            eprintln!("added user {name} ({})", role.as_str());
            0
        }
        Command::Token { action: TokenAction::Create { db, name } } => {
            use corroborate_store::accounts::{new_token, token_hash};
            let mut store = open(&db)?;
            let user = store.user(&name)?.with_context(|| format!("no user {name:?}"))?;
            let token = new_token();
            store.add_token(user.id, &token_hash(&token))?;
            writeln!(out, "{token}")?;
            0
        }
        Command::Serve { db, addr, connections } => {
            drop(open(&db)?);
            corroborate_web::serve(&db.db, addr, connections)?;
            0
        }
        Command::Report { output, title, paths } => report(&output, &title, &paths)?,
        Command::ImportReviews { db, reviewer, file } => import_reviews(&mut out, open(&db)?.as_mut(), &reviewer, &file)?,
        Command::Export { db, format, output } => {
            let rows = open(&db)?.claims(&ClaimFilter { include_rejected: true, ..Default::default() })?;
            let mut sink: Box<dyn Write + Send> = match &output {
                Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?)),
                None if format == ExportFormat::Parquet && std::io::stdout().is_terminal() => {
                    anyhow::bail!("Parquet is binary: name a file with -o, or redirect stdout")
                }
                None => Box::new(std::io::stdout()),
            };
            match format {
                ExportFormat::Parquet => parquet_out::write(&mut sink, &rows)?,
                ExportFormat::Csv => output::claims(&mut sink, &rows, "csv")?,
                ExportFormat::Jsonl => output::claims(&mut sink, &rows, "jsonl")?,
            }
            sink.flush()?;
            0
        }
    };
    out.flush()?;
    Ok(code)
}

/// `corroborate report`: extracts the files and renders one HTML file.
fn report(output: &std::path::Path, title: &str, paths: &[PathBuf]) -> Result<i32> {
    use corroborate_store::{ClaimFields, ClaimRow};
    use corroborate_web::report::{render, ReportDoc};
    let (all, mut failed) = files::collect(paths)?;
    let (mut docs, mut claims) = (Vec::new(), Vec::new());
    for f in all {
        let doc = match files::read_document(&f, FormatHint::Auto) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
                continue;
            }
        };
        for c in extract(&doc) {
            claims.push(ClaimRow {
                id: claims.len() as i64 + 1,
                doc: doc.name.clone(),
                fields: ClaimFields::from(&c),
                sentence_start: c.sentence_start as i64,
                sentence_end: c.sentence_end as i64,
                sentence: doc.clean(doc.sentences[c.sentence].span).to_string(),
                review_state: "unreviewed".into(),
                last_review: 0,
                extractor: corroborate_extract::EXTRACTOR_VERSION.into(),
            });
        }
        docs.push(ReportDoc { name: doc.name.clone(), title: doc.title.clone(), bytes: doc.bytes });
    }
    std::fs::write(output, render(title, &docs, &claims)).with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("wrote {} ({} documents, {} claims)", output.display(), docs.len(), claims.len());
    Ok(i32::from(failed > 0))
}

/// `corroborate import-reviews`: the spreadsheet round trip's way back.
fn import_reviews(out: &mut impl Write, store: &mut dyn corroborate_store::Store, reviewer: &str, file: &std::path::Path) -> Result<i32> {
    let user = store.user(reviewer)?.with_context(|| format!("no user {reviewer:?} (add one with `corroborate user add`)"))?;
    if !user.role.can_review() {
        anyhow::bail!("{reviewer} is a reader; readers cannot review claims");
    }
    let current = store.claims(&ClaimFilter { include_rejected: true, ..Default::default() })?.into_iter().map(|c| (c.id, c)).collect();
    let input = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let note = format!("imported from {}", file.file_name().map_or(file.display().to_string(), |n| n.to_string_lossy().into_owned()));
    let plan = corroborate_store::sheet::plan_import(std::io::BufReader::new(input), reviewer, &note, &current)
        .with_context(|| format!("cannot import {}", file.display()))?;
    for r in &plan.reviews {
        store.review(r)?;
        writeln!(out, "claim {}: {} → {}", r.claim_id, r.field, r.new_value.as_deref().unwrap_or("(empty)"))?;
    }
    for r in &plan.refused {
        writeln!(out, "refused line {}{}: {}", r.line, r.claim.map_or(String::new(), |c| format!(" (claim {c})")), r.reason)?;
    }
    writeln!(out, "{} reviews recorded by {reviewer}, {} rows unchanged, {} rows refused", plan.reviews.len(), plan.unchanged, plan.refused.len())?;
    Ok(i32::from(!plan.refused.is_empty()))
}

/// Files read and extracted at once: enough to keep every core busy,
/// few enough that memory stays bounded whatever the corpus size.
pub const CHUNK: usize = 32;

fn extract_cmd(out: &mut impl Write, paths: &[PathBuf], hint: FormatHint, format: OutFormat) -> Result<i32> {
    use rayon::prelude::*;
    let (all, unreadable) = files::collect(paths)?;
    let mut failed = unreadable as i32;
    let (dumps, plain): (Vec<PathBuf>, Vec<PathBuf>) = all.into_iter().partition(|f| files::is_dump(f));
    for d in &dumps {
        failed += extract_dump(out, d, format)?;
    }
    for chunk in plain.chunks(CHUNK) {
        // Each file's output is rendered in parallel, printed in order.
        let rendered: Vec<Result<Vec<u8>>> = chunk
            .par_iter()
            .map(|f| {
                let doc = files::read_document(f, hint)?;
                let claims = extract(&doc);
                let mut buf = Vec::new();
                match format {
                    OutFormat::Jsonl => {
                        for c in &claims {
                            serde_json::to_writer(&mut buf, c)?;
                            buf.push(b'\n');
                        }
                    }
                    OutFormat::Table => write_table(&mut buf, &doc, &claims)?,
                }
                Ok(buf)
            })
            .collect();
        for r in rendered {
            match r {
                Ok(buf) => out.write_all(&buf)?,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    failed += 1;
                }
            }
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

/// Extracts every revision of a dump, streaming; returns the failures.
fn extract_dump(out: &mut impl Write, path: &std::path::Path, format: OutFormat) -> Result<i32> {
    let mut failed = 0;
    for rev in files::dump_revisions(path)? {
        // An empty revision: no text, no claims, not an error.
        if let Ok(r) = rev.as_ref() {
            if files::is_empty_revision(r) {
                eprintln!("{}", files::empty_revision_note(r));
                continue;
            }
        }
        let doc = match rev.map_err(anyhow::Error::from).and_then(|r| files::revision_document(&r)) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {}: {e:#}", path.display());
                failed += 1;
                continue;
            }
        };
        let claims = extract(&doc);
        match format {
            OutFormat::Jsonl => {
                for c in &claims {
                    serde_json::to_writer(&mut *out, c)?;
                    out.write_all(b"\n")?;
                }
            }
            OutFormat::Table => write_table(out, &doc, &claims)?,
        }
    }
    Ok(failed)
}

fn write_table(out: &mut impl Write, doc: &Document, claims: &[Claim]) -> Result<()> {
    writeln!(out, "{} ({}, {} claims)", doc.name, doc.format.name(), claims.len())?;
    for c in claims {
        let f = corroborate_extract::ClaimFields::from(c);
        output::claim_line(out, f.start, f.end, &f.quote, f.low, f.high, &f.qualifier, f.act.as_deref(), f.place.as_deref(), output::years(f.year_start, f.year_end), &f.stance)?;
    }
    Ok(())
}
