//! Progress bars on standard error for the commands that can take more
//! than a second (`extract`, `ingest`, `revisions`, `groups --db`).
//!
//! indicatif draws only where standard error is a terminal, so pipes, logs
//! and the tests see nothing of them; messages printed while a bar is up go
//! through [`ProgressBar::suspend`] so that they are not drawn over.

use indicatif::{ProgressBar, ProgressStyle};

/// A style from a template; indicatif's default where the template is
/// refused (it is a constant, so that would be a bug, not an input error).
fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// True when a listing's bar may be drawn: not while its rows go to the
/// terminal too, where the two would draw over each other (a listing
/// written to a file or a pipe shows its progress).
pub fn beside(dest: &crate::listing::Dest) -> bool {
    use std::io::IsTerminal;
    dest.output.is_some() || !std::io::stdout().is_terminal()
}

/// A bar over `n` files (hidden unless `shown`).
pub fn files(n: u64, shown: bool) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n);
    bar.set_style(style("{bar:30} {pos}/{len} files {msg} [{elapsed}]"));
    bar
}

/// A counter of the revisions read from a dump, whose count is not known
/// before the end (hidden unless `shown`).
pub fn revisions(dump: &str, shown: bool) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(style("{spinner} {pos} revisions ({per_sec}) {msg} [{elapsed}]"));
    bar.set_message(dump.to_string());
    bar
}

/// A spinner for one long step that reports nothing on the way
/// (`message`: what it is doing).
pub fn step(message: String) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(style("{spinner} {msg} [{elapsed}]"));
    bar.set_message(message);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// A writer that clears a bar before its first byte, for a command that
/// shows a spinner while it works and then prints its results.
pub struct Cleared<'a, W: std::io::Write> {
    inner: W,
    bar: Option<&'a ProgressBar>,
}

impl<'a, W: std::io::Write> Cleared<'a, W> {
    /// Writes to `inner`, clearing `bar` first.
    pub fn new(inner: W, bar: &'a ProgressBar) -> Self {
        Cleared { inner, bar: Some(bar) }
    }
}

impl<W: std::io::Write> std::io::Write for Cleared<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
