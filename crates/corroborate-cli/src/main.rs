//! The `corroborate` command line: a thin shell around the libraries.

mod accounts;
mod claim_life;
mod cmd_explain;
mod cmd_extract;
mod cmd_ledger;
mod cmd_shell;
mod files;
mod ingest;
mod listing;
mod output;
mod page_claims;
mod parquet_out;
mod progress;
mod reconcile;
mod repeats;
mod revisions;

/// mimalloc, not the system allocator: reading a history allocates and
/// frees many small strings and vectors a revision, and glibc's malloc
/// spent a tenth of the time of `extract` on one (bench/history.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use cmd_extract::CHUNK;
use corroborate_doc::{Format, FormatHint};
use corroborate_extract::extract;
use corroborate_store::ClaimFilter;
use listing::{Dest, Listing, RowFormat};
use std::io::Write;
use std::path::PathBuf;

/// Corroborate: a ledger of count claims from documents.
#[derive(Parser)]
#[command(name = "corroborate", version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CORROBORATE_COMMIT"), ")"), about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Shown under `corroborate --help`.
const EXAMPLES: &str = "Examples:
  corroborate extract examples/corpus                 claims of every file, as a table
  corroborate ingest --db ledger.db examples/corpus   store them in a ledger
  corroborate claims --db ledger.db --act killed      query it (CORROBORATE_DB saves the --db)
  corroborate completions bash > ~/.local/share/bash-completion/completions/corroborate";

/// The ledger: a SQLite file path or a postgres:// URL.
#[derive(clap::Args, Clone)]
struct Db {
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = "corroborate.db", env = "CORROBORATE_DB")]
    db: String,
}

#[derive(Subcommand)]
enum Command {
    /// Extract count claims from files or folders and print them (a table
    /// on a terminal, JSON Lines otherwise).
    ///
    /// A document is named by its file's path below the folder given
    /// (`a/report.txt`), or by its file name when the file is given on its
    /// own. The table's `id` column is a claim key: the first 12 hex digits
    /// of the SHA-256 of the document's content hash and the claim's byte
    /// span, the same on every run for the same bytes (JSON Lines and CSV
    /// keep the fields of CLAIMS.md §2).
    #[command(
        after_help = "Examples:\n  corroborate extract examples/corpus\n  corroborate extract --format jsonl report.html > claims.jsonl\n  curl -s https://example.org/page | corroborate extract -"
    )]
    Extract {
        #[command(flatten)]
        listing: Listing,
        /// Input format; sniffed from the content by default.
        #[arg(long, value_enum, default_value = "auto")]
        input_format: InFormat,
        /// For every figure of every sentence, say whether it became a
        /// claim (and which rules decided its fields) or which rule
        /// excluded it.
        #[arg(long)]
        explain: bool,
        /// Files, folders (read recursively) or dumps; `-` reads standard
        /// input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Add files or folders to the ledger (idempotent by content hash).
    #[command(
        after_help = "Examples:\n  corroborate ingest --db ledger.db examples/corpus\n  corroborate ingest --db postgres://user@host/db enwiki-pages-meta-history.xml.bz2"
    )]
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
    #[command(
        after_help = "Examples:\n  corroborate claims --db ledger.db --act killed --place Poland --limit 20\n  corroborate claims --min 1000 --limit 50 --offset 50   (the second page of 50)\n  corroborate claims --doc \"Page title\"          (a dump page: its latest revision)\n  corroborate claims --doc \"Page title#1234567\"  (one revision)\n  corroborate claims --format csv -o claims.csv"
    )]
    Claims {
        #[command(flatten)]
        db: Db,
        /// Act: killed, died, raped, deported, detained, injured, missing,
        /// looted, convicted, displaced, forces, materiel, destroyed, other.
        #[arg(long)]
        act: Option<String>,
        /// Place, including places inside it.
        #[arg(long)]
        place: Option<String>,
        /// A year the claim's years include.
        #[arg(long)]
        year: Option<i64>,
        /// Document: name, row id, hash (12+ hex digits), `Page` (a dump
        /// page's latest revision) or `Page#REV`.
        #[arg(long)]
        doc: Option<String>,
        /// Source (substring, case-insensitive).
        #[arg(long)]
        source: Option<String>,
        /// Smallest figure.
        #[arg(long)]
        min: Option<f64>,
        /// Skip the first N matching claims (with `--limit`, one page of a
        /// listing; either flag makes the ledger stop at the page's end, so
        /// a page costs milliseconds whatever the ledger's size).
        #[arg(long, value_name = "N")]
        offset: Option<usize>,
        #[command(flatten)]
        listing: Listing,
    },
    /// List the documents in the ledger, with their ids, origins and hashes.
    #[command(
        after_help = "Examples:\n  corroborate docs --db ledger.db\n  corroborate docs --format csv -o documents.csv"
    )]
    Docs {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        listing: Listing,
    },
    /// Verify the ledger: every document's and revision's stored bytes
    /// against its hash, every claim's span against the bytes it points at,
    /// every document complete. Exits 1 and lists what is wrong, if anything.
    #[command(after_help = "Example:\n  corroborate check --db ledger.db")]
    Check {
        #[command(flatten)]
        db: Db,
    },
    /// Print a document with its claims marked (or, with --format jsonl or
    /// csv, its claims).
    #[command(
        after_help = "Examples:\n  corroborate show --db ledger.db report.txt\n  corroborate show \"Page title#1234567\"    (one revision of a dump page)\n  corroborate show 3 --format jsonl               (document id 3's claims)"
    )]
    Show {
        #[command(flatten)]
        db: Db,
        /// Document name, row id, hash (at least 12 hex digits), `Page` (a
        /// dump page's latest revision) or `Page#REV`.
        doc: String,
        #[command(flatten)]
        listing: Listing,
    },
    /// Group claims that count the same thing and flag conflicts.
    #[command(
        after_help = "Examples:\n  corroborate groups --conflicts-only examples/corpus\n  corroborate groups --db ledger.db --format jsonl --limit 10\n  corroborate groups --claims gold.jsonl --docs corpus/"
    )]
    Groups {
        /// The ledger to read when no path is given.
        #[arg(long, env = "CORROBORATE_DB")]
        db: Option<String>,
        /// Print only groups with a conflict.
        #[arg(long)]
        conflicts_only: bool,
        #[command(flatten)]
        listing: Listing,
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
    #[command(after_help = "Example:\n  corroborate events examples/corpus")]
    Events {
        #[command(flatten)]
        listing: Listing,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Claims added, removed and changed between two versions of a document.
    #[command(after_help = "Example:\n  corroborate diff old/report.txt new/report.txt")]
    Diff {
        #[command(flatten)]
        listing: Listing,
        /// The older version (a file).
        old: PathBuf,
        /// The newer version (a file).
        new: PathBuf,
    },
    /// Claim changes between consecutive revisions of each page of a
    /// MediaWiki XML dump (plain, .bz2 or .gz): which edit changed a figure,
    /// with who made it and when. With `--life`, `--page` or `--claim`, the
    /// ledger's life of each claim instead: first seen, each change, removal.
    #[command(
        after_help = "Examples:\n  corroborate revisions enwiki-history.xml.bz2\n  corroborate revisions --db ledger.db --format jsonl --limit 100\n  corroborate revisions --db ledger.db --page 'Soviet war crimes'\n  corroborate revisions --db ledger.db --claim 123 --format jsonl"
    )]
    Revisions {
        #[command(flatten)]
        listing: Listing,
        /// The ledger to read when no dump is given.
        #[arg(long, env = "CORROBORATE_DB")]
        db: Option<String>,
        /// Print the life of every claim of every stored page (first seen,
        /// changes, removal, with who and when) instead of the changes.
        #[arg(long, conflicts_with = "dump")]
        life: bool,
        /// Print the life of every claim of one stored page (its name, id
        /// or hash).
        #[arg(long, value_name = "PAGE", conflicts_with_all = ["dump", "claim"])]
        page: Option<String>,
        /// Print the life of one claim, by the row id of any of its claims
        /// (`claims --db` lists them).
        #[arg(long, value_name = "ID", conflicts_with = "dump")]
        claim: Option<i64>,
        /// The dump (none reads the revisions stored in the ledger).
        dump: Option<PathBuf>,
    },
    /// Documents that are versions or copies of one another.
    #[command(after_help = "Example:\n  corroborate versions examples/corpus")]
    Versions {
        #[command(flatten)]
        listing: Listing,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Manage accounts (for the server).
    #[command(after_help = "Example:\n  corroborate user add --db ledger.db ana --role reviewer")]
    User {
        #[command(subcommand)]
        action: accounts::UserAction,
    },
    /// Manage API tokens (for `Authorization: Bearer …`).
    #[command(after_help = "Example:\n  corroborate token create --db ledger.db ana")]
    Token {
        #[command(subcommand)]
        action: accounts::TokenAction,
    },
    /// Serve the HTTP API and the reading and review pages.
    #[command(after_help = "Example:\n  corroborate serve --db ledger.db --addr 127.0.0.1:8080")]
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
        /// Allow a non-loopback address (behind a TLS reverse proxy only:
        /// cookies are then marked Secure).
        #[arg(long)]
        public: bool,
    },
    /// Render documents with their claims marked, groups and conflicts into
    /// one self-contained HTML file: from files (extracted now) or from
    /// the ledger (`--db`, with its reviews).
    #[command(
        after_help = "Examples:\n  corroborate report examples/corpus -o report.html\n  corroborate report --db ledger.db -o report.html"
    )]
    Report {
        /// Write the report here.
        #[arg(short, long)]
        output: PathBuf,
        /// The report's title.
        #[arg(long, default_value = "Corroborate report")]
        title: String,
        /// Read the ledger (claims as reviewed) instead of files.
        #[arg(long, conflicts_with = "paths")]
        db: Option<String>,
        /// Files or folders.
        #[arg(required_unless_present = "db")]
        paths: Vec<PathBuf>,
    },
    /// Record the cells changed in an exported CSV as reviews by a user;
    /// refuses rows whose claim is gone or was reviewed since the export.
    #[command(
        after_help = "Example:\n  corroborate export --db ledger.db -o claims.csv   (edit it, then)\n  corroborate import-reviews --db ledger.db --as ana claims.csv"
    )]
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
    #[command(
        after_help = "Examples:\n  corroborate export --db ledger.db -o claims.csv\n  corroborate export --format parquet -o claims.parquet"
    )]
    Export {
        #[command(flatten)]
        db: Db,
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: cmd_ledger::ExportFormat,
        #[command(flatten)]
        dest: Dest,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish,
    /// powershell).
    #[command(
        after_help = "Examples:\n  corroborate completions bash > ~/.local/share/bash-completion/completions/corroborate\n  corroborate completions zsh > ~/.zfunc/_corroborate"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a
    /// folder.
    #[command(after_help = "Examples:\n  corroborate man | man -l -\n  corroborate man --dir ~/.local/share/man/man1")]
    Man {
        /// Write corroborate.1 and a corroborate-COMMAND.1 per command here.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
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
            eprintln!("error: {}", output::error_message(&e));
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
        Command::Extract { listing, input_format, explain: true, paths } => {
            cmd_explain::run(&paths, input_format.hint(), &listing)?
        }
        Command::Extract { listing, input_format, paths, .. } => {
            cmd_extract::run(&paths, input_format.hint(), &listing)?
        }
        Command::Ingest { db, input_format, batch_mb, paths } => {
            ingest::run(create(&db)?.as_mut(), &paths, input_format.hint(), batch_mb)?
        }
        Command::Claims { db, act, place, year, doc, source, min, offset, listing } => {
            let filter = ClaimFilter { act, place, year, doc, source, min, ..ClaimFilter::default() };
            cmd_ledger::claims(open(&db)?.as_mut(), filter, offset, &listing)?;
            0
        }
        Command::Docs { db, listing } => {
            cmd_ledger::docs(open(&db)?.as_mut(), &listing)?;
            0
        }
        Command::Check { db } => check(&mut out, &db)?,
        Command::Show { db, doc, listing } => {
            cmd_ledger::show(open(&db)?.as_mut(), &doc, &listing)?;
            0
        }
        Command::Groups { conflicts_only, listing, claims: Some(claims), docs, .. } => {
            let jsonl = listing.table_or_jsonl("groups", RowFormat::Table)? == RowFormat::Jsonl;
            let loaded = reconcile::load_claims(&claims, &docs.unwrap_or_default())?;
            reconcile::groups(&mut listing.dest.open_rows()?, &loaded, conflicts_only, jsonl)?;
            loaded.code
        }
        Command::Events { listing, paths } => {
            let jsonl = listing.table_or_jsonl("events", RowFormat::Table)? == RowFormat::Jsonl;
            let loaded = reconcile::load(&paths, None)?;
            reconcile::print_events(&mut listing.dest.open_rows()?, &loaded, jsonl)?;
            loaded.code
        }
        Command::Groups { db, conflicts_only, listing, paths, .. } => groups(db, conflicts_only, &listing, &paths)?,
        Command::Diff { listing, old, new } => diff(&listing, &old, &new)?,
        Command::Revisions { listing, db, life, page, claim, dump } => {
            revisions(&listing, db, claim_life::Which::from_flags(life, page, claim), dump.as_deref())?
        }
        Command::Versions { listing, paths } => versions(&listing, &paths)?,
        Command::User { action } => accounts::user(&mut out, action)?,
        Command::Token { action } => accounts::token(&mut out, action)?,
        Command::Serve { db, addr, connections, public } => serve(db, addr, connections, public)?,
        Command::Report { output, title, db: Some(db), .. } => {
            cmd_ledger::report(open(&Db { db })?.as_mut(), &output, &title)?
        }
        Command::Report { output, title, paths, .. } => report(&output, &title, &paths)?,
        Command::ImportReviews { db, reviewer, file } => {
            import_reviews(&mut out, open(&db)?.as_mut(), &reviewer, &file)?
        }
        Command::Export { db, format, dest } => {
            cmd_ledger::export(open(&db)?.as_mut(), format, &dest)?;
            0
        }
        Command::Completions { shell } => {
            cmd_shell::completions::<Cli>(shell, &mut out)?;
            0
        }
        Command::Man { dir } => {
            cmd_shell::man::<Cli>(&mut out, dir.as_deref())?;
            0
        }
    };
    out.flush()?;
    Ok(code)
}

/// `corroborate diff`: the claims changed between two versions of a document.
fn diff(listing: &Listing, old: &std::path::Path, new: &std::path::Path) -> Result<i32> {
    let jsonl = listing.table_or_jsonl("diff", RowFormat::Table)? == RowFormat::Jsonl;
    let old = reconcile::items_of(&files::read_file(old, FormatHint::Auto)?);
    let new = reconcile::items_of(&files::read_file(new, FormatHint::Auto)?);
    let mut sink = listing.dest.open_rows()?;
    reconcile::print_diff(&mut sink, &old, &new, jsonl)?;
    sink.flush()?;
    Ok(0)
}

/// `corroborate check`: every problem on a line of `out`; 1 when any.
fn check(out: &mut impl Write, db: &Db) -> Result<i32> {
    let v = open(db)?.check()?;
    for p in &v.problems {
        writeln!(out, "{p}")?;
    }
    let (docs, revs, claims) = v.seen;
    eprintln!("checked {docs} documents, {revs} revisions and {claims} claims: {} problems", v.problems.len());
    Ok(i32::from(!v.problems.is_empty()))
}

/// `corroborate serve`, after opening the ledger once (which migrates it).
fn serve(db: Db, addr: std::net::SocketAddr, connections: usize, public: bool) -> Result<i32> {
    drop(open(&db)?);
    match corroborate_web::serve(&corroborate_web::ServeOptions { db: db.db, addr, connections, public }) {
        Err(corroborate_web::ServeError::Io(e)) if e.kind() == std::io::ErrorKind::AddrInUse => {
            anyhow::bail!("{}", port_in_use(addr))
        }
        r => r?,
    }
    Ok(0)
}

/// `corroborate groups` on files (extracted now) or on the ledger.
fn groups(db: Option<String>, conflicts_only: bool, listing: &Listing, paths: &[PathBuf]) -> Result<i32> {
    let jsonl = listing.table_or_jsonl("groups", RowFormat::Table)? == RowFormat::Jsonl;
    let mut store =
        if paths.is_empty() { Some(open(&Db { db: db.unwrap_or_else(|| "corroborate.db".into()) })?) } else { None };
    let loaded = match store.as_mut() {
        Some(s) => reconcile::load(paths, Some(s.as_mut()))?,
        None => reconcile::load(paths, None)?,
    };
    let bar = progress::step(format!("grouping {} claims", loaded.items.len()));
    let mut sink = listing.dest.open_rows()?;
    let printed = reconcile::groups(&mut progress::Cleared::new(&mut sink, &bar), &loaded, conflicts_only, jsonl);
    bar.finish_and_clear();
    printed?;
    sink.flush()?;
    Ok(loaded.code)
}

/// `corroborate revisions`: of a dump, or of the ledger's pages.
fn revisions(
    listing: &Listing,
    db: Option<String>,
    which: Option<claim_life::Which>,
    dump: Option<&std::path::Path>,
) -> Result<i32> {
    let jsonl = listing.table_or_jsonl("revisions", RowFormat::Table)? == RowFormat::Jsonl;
    let mut sink = listing.dest.open_rows()?;
    let code = match dump {
        // The ledger's life of each claim.
        _ if which.is_some() => {
            let mut store = open(&Db { db: db.unwrap_or_else(|| "corroborate.db".into()) })?;
            if let Some(w) = &which {
                claim_life::print_lives(&mut sink, store.as_mut(), w, jsonl)?;
            }
            0
        }
        Some(d) => {
            let bar = progress::revisions(&d.display().to_string(), progress::beside(&listing.dest));
            let code = revisions::print_revisions(&mut sink, d, jsonl, &bar)?;
            bar.finish_and_clear();
            code
        }
        None => {
            let mut store = open(&Db { db: db.unwrap_or_else(|| "corroborate.db".into()) })?;
            let bar = progress::step("reading the ledger's revisions and claims".into());
            let printed =
                revisions::print_stored_revisions(&mut progress::Cleared::new(&mut sink, &bar), store.as_mut(), jsonl);
            bar.finish_and_clear();
            printed?;
            0
        }
    };
    sink.flush()?;
    Ok(code)
}

/// `corroborate versions`: which documents are versions of one another.
fn versions(listing: &Listing, paths: &[PathBuf]) -> Result<i32> {
    let jsonl = listing.table_or_jsonl("versions", RowFormat::Table)? == RowFormat::Jsonl;
    let mut docs = Vec::new();
    for f in files::collect(paths)?.0 {
        let d = files::read_document(&f, FormatHint::Auto)?;
        docs.push((d.name.clone(), d.text.clone()));
    }
    let mut sink = listing.dest.open_rows()?;
    reconcile::print_versions(&mut sink, &docs, jsonl)?;
    sink.flush()?;
    Ok(0)
}

/// What `serve` says when its port is taken: which port, and an `--addr`
/// to try instead (the next port, or port 0 for any free one).
fn port_in_use(addr: std::net::SocketAddr) -> String {
    let ip = addr.ip();
    let host = if ip.is_ipv6() { format!("[{ip}]") } else { ip.to_string() };
    let next = match addr.port().checked_add(1) {
        Some(p) if addr.port() != 0 => format!("--addr {host}:{p}, or "),
        _ => String::new(),
    };
    format!(
        "cannot listen on {addr}: port {} is already in use (another program, perhaps another `corroborate serve`, listens there); pick another port with {next}--addr {host}:0 for any free port (printed at start)",
        addr.port()
    )
}

/// `corroborate report`: extracts the files and renders one HTML file
/// (`report --db` is [`cmd_ledger::report`]).
fn report(output: &std::path::Path, title: &str, paths: &[PathBuf]) -> Result<i32> {
    use corroborate_store::{ClaimFields, ClaimRow};
    use corroborate_web::report::{render, ReportDoc};
    let (all, mut failed) = files::collect(paths)?;
    let (mut docs, mut claims) = (Vec::new(), Vec::new());
    for f in all {
        let doc = match files::read_document(&f, FormatHint::Auto) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {}", output::error_message(&e));
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
    std::fs::write(output, render(title, &docs, &claims))
        .with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("wrote {} ({} documents, {} claims)", output.display(), docs.len(), claims.len());
    Ok(i32::from(failed > 0))
}

/// `corroborate import-reviews`: the spreadsheet round trip's way back.
fn import_reviews(
    out: &mut impl Write,
    store: &mut dyn corroborate_store::Store,
    reviewer: &str,
    file: &std::path::Path,
) -> Result<i32> {
    let user =
        store.user(reviewer)?.with_context(|| format!("no user {reviewer:?} (add one with `corroborate user add`)"))?;
    if !user.role.can_review() {
        anyhow::bail!("{reviewer} is a reader; readers cannot review claims");
    }
    let current = store
        .claims(&ClaimFilter { include_rejected: true, ..Default::default() })?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let input = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    let note = format!(
        "imported from {}",
        file.file_name().map_or(file.display().to_string(), |n| n.to_string_lossy().into_owned())
    );
    let plan = corroborate_store::sheet::plan_import(std::io::BufReader::new(input), reviewer, &note, &current)
        .with_context(|| format!("cannot import {}", file.display()))?;
    for r in &plan.reviews {
        store.review(r)?;
        writeln!(out, "claim {}: {} → {}", r.claim_id, r.field, r.new_value.as_deref().unwrap_or("(empty)"))?;
    }
    for r in &plan.refused {
        let reason = match r.claim {
            Some(c) if r.reason.starts_with(corroborate_store::sheet::STALE) => {
                cmd_ledger::stale_reason(store, c, reviewer)?
            }
            _ => r.reason.clone(),
        };
        writeln!(
            out,
            "refused line {}{}: {reason}",
            r.line,
            r.claim.map_or(String::new(), |c| format!(" (claim {c})"))
        )?;
    }
    writeln!(
        out,
        "{} reviews recorded by {reviewer}, {} rows unchanged, {} rows refused",
        plan.reviews.len(),
        plan.unchanged,
        plan.refused.len()
    )?;
    Ok(i32::from(!plan.refused.is_empty()))
}
