//! What keeps sign-in from being guessed, timed or flooded.
//!
//! - **Back-off** ([`Backoff`]): each failed sign-in counts against the
//!   account's name and against the client's address. Past a few free
//!   failures (5 for a name, 20 for an address, which may be several
//!   people behind one proxy) the key is locked for 1 s, then 2 s, 4 s, …
//!   up to 15 minutes, doubling with each further failure; while locked,
//!   no password is even checked (a 429 with `Retry-After`), so a guess
//!   made then tells nothing. A success clears the name's count. Hand-
//!   written (about forty lines) rather than `governor`: that crate limits
//!   a *rate* (GCRA), while this must grow with *consecutive failures* and
//!   reset on success, which a rate limiter does not express.
//! - **The same work for every name** ([`Hasher::verify`] with
//!   [`Hasher::dummy`]): an unknown or disabled user's password is checked
//!   against a dummy argon2 hash made at start, so a missing name costs
//!   the same time as a real one and names do not leak by timing.
//! - **A bounded pool for hashing** ([`Hasher`]): argon2 is built to be
//!   slow, so password checks run on blocking threads at most
//!   [`Hasher::permits`] at a time (half the cores), with at most
//!   [`MAX_WAITING`] more waiting; past that a sign-in is told to retry
//!   (503). A login flood then takes half the machine, never all of it,
//!   and readers keep their share.

use crate::error::WebError;
use corroborate_store::accounts::{hash_password, random_secret, verify_password};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Failures a name may have before it is locked.
pub const FREE_PER_NAME: u32 = 5;
/// Failures an address may have before it is locked.
pub const FREE_PER_ADDRESS: u32 = 20;
/// Longest lock.
pub const MAX_LOCK: Duration = Duration::from_secs(15 * 60);
/// Sign-ins that may wait for the hashing pool.
pub const MAX_WAITING: usize = 64;
/// Keys kept before old ones are forgotten.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    locked_until: Instant,
    last: Instant,
}

/// Failed sign-ins by key (`name:…`, `addr:…`) and their locks.
#[derive(Debug, Default)]
pub struct Backoff {
    entries: Mutex<HashMap<String, Entry>>,
}

impl Backoff {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long `key` is still locked, if it is.
    pub fn wait(&self, key: &str, now: Instant) -> Option<Duration> {
        self.lock().get(key).and_then(|e| e.locked_until.checked_duration_since(now)).filter(|d| !d.is_zero())
    }

    /// Counts a failure of `key`, which has `free` failures before a lock.
    pub fn fail(&self, key: &str, free: u32, now: Instant) {
        let mut m = self.lock();
        if m.len() >= MAX_KEYS {
            // Forget keys idle longer than the longest lock.
            m.retain(|_, e| now.duration_since(e.last) < MAX_LOCK);
        }
        let e = m.entry(key.to_string()).or_insert(Entry { failures: 0, locked_until: now, last: now });
        if now.duration_since(e.last) > MAX_LOCK {
            e.failures = 0;
        }
        e.failures += 1;
        e.last = now;
        if e.failures > free {
            let doublings = (e.failures - free - 1).min(20);
            e.locked_until = now + Duration::from_secs(1u64 << doublings).min(MAX_LOCK);
        }
    }

    /// Clears `key` after a success.
    pub fn clear(&self, key: &str) {
        self.lock().remove(key);
    }
}

/// The bounded pool that checks passwords.
pub struct Hasher {
    running: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
    dummy: String,
}

impl Hasher {
    /// A pool of half the machine's cores (at least one), with a dummy
    /// hash for names that do not exist.
    pub fn new() -> Hasher {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let permits = (cores / 2).max(1);
        // The dummy's password is random and forgotten: nothing matches it.
        let dummy = hash_password(&random_secret()).unwrap_or_default();
        Hasher {
            running: Arc::new(Semaphore::new(permits)),
            waiting: Arc::new(Semaphore::new(MAX_WAITING + permits)),
            dummy,
        }
    }

    /// The hash to check a password against when there is no user.
    pub fn dummy(&self) -> &str {
        &self.dummy
    }

    /// Checks `password` against `hash` on the pool.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, WebError> {
        let _queued = self
            .waiting
            .clone()
            .try_acquire_owned()
            .map_err(|_| WebError::Busy("too many sign-ins at once; try again in a moment".into()))?;
        let _running = self.running.clone().acquire_owned().await.map_err(|e| WebError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(|e| WebError::Internal(format!("worker: {e}")))
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_with_failures_and_clear_on_success() {
        let b = Backoff::default();
        let t0 = Instant::now();
        for _ in 0..FREE_PER_NAME {
            b.fail("name:ana", FREE_PER_NAME, t0);
        }
        assert_eq!(b.wait("name:ana", t0), None);
        b.fail("name:ana", FREE_PER_NAME, t0);
        assert_eq!(b.wait("name:ana", t0), Some(Duration::from_secs(1)));
        b.fail("name:ana", FREE_PER_NAME, t0);
        b.fail("name:ana", FREE_PER_NAME, t0);
        assert_eq!(b.wait("name:ana", t0), Some(Duration::from_secs(4)));
        assert_eq!(b.wait("name:ana", t0 + Duration::from_secs(5)), None);
        for _ in 0..100 {
            b.fail("name:ana", FREE_PER_NAME, t0);
        }
        assert_eq!(b.wait("name:ana", t0), Some(MAX_LOCK));
        assert_eq!(b.wait("name:rita", t0), None);
        b.clear("name:ana");
        assert_eq!(b.wait("name:ana", t0), None);
    }

    #[tokio::test]
    async fn unknown_names_are_checked_against_the_dummy() {
        let h = Hasher::new();
        assert!(h.dummy().starts_with("$argon2"));
        assert!(!h.verify("anything".into(), h.dummy().to_string()).await.unwrap());
        let real = hash_password("a real password").unwrap();
        assert!(h.verify("a real password".into(), real).await.unwrap());
    }
}
