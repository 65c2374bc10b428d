//! Accounts: password hashing (argon2) and API tokens (random, kept only as
//! their SHA-256), for the server's sign-in and `Authorization: Bearer`.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads documents, claims and groups.
    Reader,
    /// Reads and reviews claims.
    Reviewer,
    /// Everything, including accounts.
    Admin,
}

impl Role {
    /// The role's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// The role a stored name stands for.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "reader" => Some(Role::Reader),
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// True when the role may review claims.
    pub fn can_review(self) -> bool {
        matches!(self, Role::Reviewer | Role::Admin)
    }
}

/// A stored user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The argon2 hash of the password, in PHC string form.
    pub password_hash: String,
    /// True when the user was disabled.
    pub disabled: bool,
}

/// A user as `user list` shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserInfo {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// When the user was added (RFC 3339).
    pub created_at: String,
    /// When the user was disabled, if they were.
    pub disabled_at: Option<String>,
    /// Tokens not revoked.
    pub tokens: i64,
}

/// An API token as `token list` shows it (the token itself is never kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// Row id (what `token revoke` takes).
    pub id: i64,
    /// Its user.
    pub user: String,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When it was last used, if ever (recorded at most every few seconds
    /// by a running server, which remembers a token briefly).
    pub last_used_at: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// Why a credential could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Hashing failed.
    #[error("cannot hash the password: {0}")]
    Hash(String),
    /// The password is empty.
    #[error("the password is empty")]
    EmptyPassword,
    /// The password is too weak to be set.
    #[error("{0}")]
    WeakPassword(String),
}

/// Shortest password a user may be given, in characters.
pub const MIN_PASSWORD: usize = 12;
/// Longest password accepted, in bytes (argon2 time grows with it).
pub const MAX_PASSWORD: usize = 1024;

/// Checks a new password: at least [`MIN_PASSWORD`] characters, at most
/// [`MAX_PASSWORD`] bytes, not the user's name, and not one of the common
/// passwords in `data/common_passwords.txt` (compared without case).
pub fn check_new_password(name: &str, password: &str) -> Result<(), AccountError> {
    let weak = |why: &str| Err(AccountError::WeakPassword(why.to_string()));
    if password.chars().count() < MIN_PASSWORD {
        return weak(&format!("a password has at least {MIN_PASSWORD} characters"));
    }
    if password.len() > MAX_PASSWORD {
        return weak(&format!("a password has at most {MAX_PASSWORD} bytes"));
    }
    let lower = password.to_lowercase();
    if lower == name.to_lowercase() {
        return weak("a password may not be the user's name");
    }
    let common = include_str!("../data/common_passwords.txt");
    if common.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).any(|c| c == lower) {
        return weak("that password is on the list of common passwords; choose another");
    }
    Ok(())
}

/// Hashes a password with argon2 and a random salt.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    if password.is_empty() {
        return Err(AccountError::EmptyPassword);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// True when `password` matches the stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// 32 random bytes from the operating system, hex: session ids, CSRF
/// tokens and the body of API tokens.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new API token: a random secret with a recognisable prefix.
pub fn new_token() -> String {
    format!("cbt_{}", random_secret())
}

/// What is stored of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
        assert!(hash_password("").is_err());
        let t = new_token();
        assert_eq!(t.len(), 68);
        assert_ne!(t, new_token());
        assert_eq!(token_hash(&t), token_hash(&t));
        assert_ne!(token_hash(&t), t);
    }

    #[test]
    fn new_passwords_are_long_and_uncommon() {
        assert!(check_new_password("ana", "a").is_err());
        assert!(check_new_password("ana", "eleven char").is_err());
        assert!(check_new_password("ana", "twelve chars").is_ok());
        assert!(check_new_password("ana", "Password1234").is_err());
        assert!(check_new_password("ana", "QWERTYUIOPASDF").is_err());
        assert!(check_new_password("anastasia-ivanova", "Anastasia-Ivanova").is_err());
        assert!(check_new_password("ana", &"x".repeat(MAX_PASSWORD + 1)).is_err());
    }
}
