//! `corroborate completions SHELL` and `corroborate man`: shell completion
//! scripts and manual pages, generated from the same clap definition that
//! parses the arguments (`clap_complete`, `clap_mangen`), so they never
//! drift from the commands.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Prints the completion script for `shell`.
pub fn completions<C: clap::CommandFactory>(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut cmd = C::command();
    let name = cmd.get_name().to_string();
    clap_complete::generate(shell, &mut cmd, name, out);
    Ok(())
}

/// Prints the manual page of the whole command, or, with `dir`, writes it
/// and one page per subcommand (`corroborate-extract.1`, …) there.
pub fn man<C: clap::CommandFactory>(out: &mut dyn Write, dir: Option<&Path>) -> Result<()> {
    let cmd = C::command();
    let Some(dir) = dir else {
        clap_mangen::Man::new(cmd).render(out)?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let mut written = 0;
    let mut pages = vec![(cmd.get_name().to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        pages.push((format!("{}-{}", cmd.get_name(), sub.get_name()), sub.clone()));
    }
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        let mut buf = Vec::new();
        clap_mangen::Man::new(page.name(name.clone())).render(&mut buf)?;
        std::fs::write(&path, buf).with_context(|| format!("cannot write {}", path.display()))?;
        written += 1;
    }
    eprintln!("wrote {written} manual pages to {}", dir.display());
    Ok(())
}
