//! `corroborate user …` and `corroborate token …`: the accounts of the
//! server and their lifecycle.
//!
//! Passwords are read without echo when standard input is a terminal
//! (`rpassword`, asked twice), else from the first line of standard input
//! (scripts and tests); either way they must pass
//! [`check_new_password`] (12 characters at least, not a common one).
//! Disabling a user keeps the account (the review log names them) but
//! stops their sign-in and tokens; a running server ends their sessions
//! within a few seconds (it checks sessions and tokens against the ledger
//! every [`corroborate_web::TOKEN_CACHE`]). Tokens are listed by
//! id, with when they were made and last used, and revoked by id; the
//! token itself is shown once, when made, and never stored.

use crate::{create, open, Db};
use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use corroborate_store::accounts::{check_new_password, hash_password, new_token, token_hash, Role};
use std::io::{IsTerminal, Write};

#[derive(Subcommand)]
pub(crate) enum UserAction {
    /// Add a user. The password is asked for without echo on a terminal,
    /// else read from standard input (first line); 12 characters at least.
    Add {
        #[command(flatten)]
        db: Db,
        /// The user's name.
        name: String,
        /// What the user may do.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List users: role, when added, disabled or not, live tokens.
    List {
        #[command(flatten)]
        db: Db,
    },
    /// Disable a user: no sign-in, no tokens, sessions ended.
    Disable {
        #[command(flatten)]
        db: Db,
        /// The user's name.
        name: String,
    },
    /// Enable a disabled user again.
    Enable {
        #[command(flatten)]
        db: Db,
        /// The user's name.
        name: String,
    },
    /// Set a user's password (read as for `add`); their sessions end.
    Passwd {
        #[command(flatten)]
        db: Db,
        /// The user's name.
        name: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum TokenAction {
    /// Create an API token for a user and print it (it is shown only once).
    Create {
        #[command(flatten)]
        db: Db,
        /// The user's name.
        name: String,
    },
    /// List tokens by id: user, created, last used, revoked.
    List {
        #[command(flatten)]
        db: Db,
    },
    /// Revoke a token by its id (from `token list`).
    Revoke {
        #[command(flatten)]
        db: Db,
        /// The token's id.
        id: i64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum RoleArg {
    Reader,
    Reviewer,
    Admin,
}

impl RoleArg {
    fn role(self) -> Role {
        match self {
            RoleArg::Reader => Role::Reader,
            RoleArg::Reviewer => Role::Reviewer,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// A new password for `name`: without echo (twice) on a terminal, else the
/// first line of standard input; checked.
fn read_new_password(name: &str) -> Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password(format!("New password for {name}: ")).context("cannot read the password")?;
        check_new_password(name, &first)?;
        let again = rpassword::prompt_password("Again: ").context("cannot read the password")?;
        anyhow::ensure!(first == again, "the two passwords differ; nothing was changed");
        first
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).context("cannot read the password from standard input")?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    check_new_password(name, &password)?;
    Ok(password)
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

/// Runs `corroborate user …`.
pub(crate) fn user(out: &mut impl Write, action: UserAction) -> Result<i32> {
    match action {
        UserAction::Add { db, name, role } => {
            let role = role.role();
            let mut store = create(&db)?;
            if store.user(&name)?.is_some() {
                anyhow::bail!("user {name:?} exists already");
            }
            let password = read_new_password(&name)?;
            store.add_user(&name, role, &hash_password(&password)?)?;
            eprintln!("added user {name} ({})", role.as_str());
        }
        UserAction::List { db } => {
            writeln!(out, "{:<6} {:<20} {:<9} {:<26} {:<26} tokens", "id", "name", "role", "added", "disabled")?;
            for u in open(&db)?.users()? {
                writeln!(
                    out,
                    "{:<6} {:<20} {:<9} {:<26} {:<26} {}",
                    u.id,
                    u.name,
                    u.role.as_str(),
                    u.created_at,
                    or_dash(&u.disabled_at),
                    u.tokens
                )?;
            }
        }
        UserAction::Disable { db, name } => {
            anyhow::ensure!(open(&db)?.set_user_disabled(&name, true)?, "no user {name:?}");
            eprintln!("disabled {name}: no sign-in, tokens refused, sessions end within seconds");
        }
        UserAction::Enable { db, name } => {
            anyhow::ensure!(open(&db)?.set_user_disabled(&name, false)?, "no user {name:?}");
            eprintln!("enabled {name}");
        }
        UserAction::Passwd { db, name } => {
            let mut store = open(&db)?;
            store.user(&name)?.with_context(|| format!("no user {name:?}"))?;
            let password = read_new_password(&name)?;
            store.set_password(&name, &hash_password(&password)?)?;
            eprintln!("changed the password of {name}; their sessions end");
        }
    }
    Ok(0)
}

/// Runs `corroborate token …`.
pub(crate) fn token(out: &mut impl Write, action: TokenAction) -> Result<i32> {
    match action {
        TokenAction::Create { db, name } => {
            let mut store = open(&db)?;
            let user = store.user(&name)?.with_context(|| format!("no user {name:?}"))?;
            anyhow::ensure!(!user.disabled, "user {name:?} is disabled: enable them first (`corroborate user enable`)");
            let token = new_token();
            store.add_token(user.id, &token_hash(&token))?;
            writeln!(out, "{token}")?;
        }
        TokenAction::List { db } => {
            writeln!(out, "{:<6} {:<20} {:<26} {:<26} revoked", "id", "user", "created", "last used")?;
            for t in open(&db)?.tokens()? {
                writeln!(
                    out,
                    "{:<6} {:<20} {:<26} {:<26} {}",
                    t.id,
                    t.user,
                    t.created_at,
                    or_dash(&t.last_used_at),
                    or_dash(&t.revoked_at)
                )?;
            }
        }
        TokenAction::Revoke { db, id } => {
            anyhow::ensure!(open(&db)?.revoke_token(id)?, "no live token {id} (see `corroborate token list`)");
            eprintln!("revoked token {id}");
        }
    }
    Ok(0)
}
