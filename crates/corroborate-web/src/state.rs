//! What every handler shares: a small pool of ledger connections (the
//! store is synchronous, so its calls run on Tokio's blocking threads),
//! the signed-in sessions, and the groups worked out from the claims.

use crate::error::WebError;
use corroborate_doc::{Document, Format, FormatHint};
use corroborate_reconcile::diff::{self, Change};
use corroborate_reconcile::group::{self, Group};
use corroborate_reconcile::Event;
use corroborate_reconcile::Item;
use corroborate_store::accounts::{random_secret, Role};
use corroborate_store::{ClaimFilter, ClaimLife, ClaimRow, DocumentRow, ReviewRow, Store, StoreError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The state handlers share, behind an [`Arc`].
pub type Shared = Arc<AppState>;

/// How long a token's user is remembered without asking the ledger, and
/// how often a session's user is checked again: a token revoked or a user
/// disabled (by `corroborate token revoke` / `user disable`, another
/// process) stops working within this time.
pub const TOKEN_CACHE: Duration = Duration::from_secs(5);

/// A session ends after this long without a request.
pub const SESSION_IDLE: Duration = Duration::from_secs(12 * 3600);

/// A signed-in user, as a session or a token knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    /// Their name (recorded as the reviewer).
    pub name: String,
    /// Their role.
    pub role: Role,
}

/// A signed-in browser.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub user: SessionUser,
    /// The token every form of this session carries.
    pub csrf: String,
    /// Ends when not used after this.
    pub expires: Instant,
    /// The user's password hash at sign-in: a changed password ends the
    /// session.
    pub password_hash: String,
    /// When the user was last checked against the ledger.
    pub checked: Instant,
}

/// Claims with their groups, worked out once per state of the ledger.
pub struct Groups {
    /// The claims, in ledger order.
    pub rows: Vec<ClaimRow>,
    /// The same claims as reconciliation sees them.
    pub items: Vec<Item>,
    /// Their groups.
    pub groups: Vec<Group>,
}

/// The events of the ledger's documents, each with how many claims its
/// documents hold.
pub type Events = Vec<(Event, i64)>;

/// A view worked out from the ledger, with the ledger state (its claim and
/// review counts) it was worked out for.
type Cached<T> = Mutex<Option<((i64, i64), Arc<T>)>>;

/// The server's state.
pub struct AppState {
    stores: Vec<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
    /// As many permits as connections: requests beyond them wait here, in
    /// the async runtime, rather than as blocked threads.
    permits: tokio::sync::Semaphore,
    tokens: Mutex<HashMap<String, (SessionUser, Instant)>>,
    sessions: Mutex<HashMap<String, Session>>,
    groups: Cached<Groups>,
    events: Cached<Events>,
    /// Failed sign-ins and their locks.
    pub(crate) backoff: crate::signin::Backoff,
    /// The bounded pool that checks passwords.
    pub(crate) hasher: crate::signin::Hasher,
    /// Cookies carry `Secure` (the server is public, behind TLS).
    pub(crate) secure_cookies: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a lock leaves the data as consistent as the
    // store left it (every write is a transaction); carry on.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// Opens `connections` connections to the ledger `db`; cookies are
    /// `Secure` when `secure_cookies`.
    pub fn open(db: &str, connections: usize, secure_cookies: bool) -> Result<Shared, StoreError> {
        let n = connections.max(1);
        let stores = (0..n).map(|_| corroborate_store::open(db).map(Mutex::new)).collect::<Result<_, _>>()?;
        Ok(Arc::new(AppState {
            stores,
            next: AtomicUsize::new(0),
            permits: tokio::sync::Semaphore::new(n),
            tokens: Mutex::default(),
            sessions: Mutex::default(),
            groups: Mutex::default(),
            events: Mutex::default(),
            backoff: crate::signin::Backoff::default(),
            hasher: crate::signin::Hasher::new(),
            secure_cookies,
        }))
    }

    /// Runs `f` with a ledger connection on a blocking thread.
    pub(crate) async fn with_store<T, F>(self: &Arc<Self>, f: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(|e| WebError::Internal(e.to_string()))?;
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let n = me.stores.len();
            let start = me.next.fetch_add(1, Ordering::Relaxed);
            // A free connection if there is one, else wait for ours.
            let mut guard = (0..n).find_map(|i| me.stores[(start + i) % n].try_lock().ok());
            let mut store = match guard.take() {
                Some(g) => g,
                None => lock(&me.stores[start % n]),
            };
            f(store.as_mut()).map_err(WebError::from)
        })
        .await
        .map_err(|e| WebError::Internal(format!("worker: {e}")))?
    }

    /// The user an API token (by its hash) belongs to. Answers are kept for
    /// [`TOKEN_CACHE`], so that a busy client does not cost a ledger query
    /// per request.
    pub(crate) async fn token_user(self: &Arc<Self>, hash: String) -> Result<Option<SessionUser>, WebError> {
        let now = Instant::now();
        if let Some((u, at)) = lock(&self.tokens).get(&hash) {
            if now.duration_since(*at) < TOKEN_CACHE {
                return Ok(Some(u.clone()));
            }
        }
        let key = hash.clone();
        let user =
            self.with_store(move |s| s.user_by_token(&key)).await?.map(|u| SessionUser { name: u.name, role: u.role });
        if let Some(u) = &user {
            let mut t = lock(&self.tokens);
            t.retain(|_, (_, at)| now.duration_since(*at) < TOKEN_CACHE);
            t.insert(hash, (u.clone(), now));
        }
        Ok(user)
    }

    /// One claim, rejected or not.
    pub(crate) async fn claim(self: &Arc<Self>, id: i64) -> Result<ClaimRow, WebError> {
        self.with_store(move |s| claim_of(s, id)).await
    }

    /// One claim with its review log, in one visit to the ledger.
    pub(crate) async fn claim_with_history(self: &Arc<Self>, id: i64) -> Result<(ClaimRow, Vec<ReviewRow>), WebError> {
        self.with_store(move |s| Ok((claim_of(s, id)?, s.reviews(id)?))).await
    }

    /// A claim's life across its page's revisions: `None` for a claim that
    /// is not a dump revision's; not found when there is no such claim.
    pub async fn claim_life(self: &Arc<Self>, id: i64) -> Result<Option<ClaimLife>, WebError> {
        self.with_store(move |s| {
            claim_of(s, id)?;
            s.claim_life(id)
        })
        .await
    }

    /// The claim changes from document `a` to document `b` (each by name
    /// or hash prefix; rejected claims left out).
    pub(crate) async fn diff(self: &Arc<Self>, a: String, b: String) -> Result<Vec<Change>, WebError> {
        let (old, new) = self
            .with_store(move |s| {
                let mut own = |name: &str| -> Result<Vec<ClaimRow>, StoreError> {
                    let (row, _) = s.document(name)?;
                    s.claims(&ClaimFilter { document_id: Some(row.id), ..Default::default() })
                };
                Ok((own(&a)?, own(&b)?))
            })
            .await?;
        Ok(diff::diff(&items_of_rows(&old), &items_of_rows(&new)))
    }

    /// Starts a session for a user whose password hash is
    /// `password_hash`; returns its id.
    pub(crate) fn start_session(&self, user: SessionUser, password_hash: String) -> String {
        let id = random_secret();
        let mut s = lock(&self.sessions);
        let now = Instant::now();
        s.retain(|_, v| v.expires > now);
        s.insert(
            id.clone(),
            Session { user, csrf: random_secret(), expires: now + SESSION_IDLE, password_hash, checked: now },
        );
        id
    }

    /// The live session with this id whose user is still enabled, with the
    /// same role and password: checked against the ledger every
    /// [`TOKEN_CACHE`]; a session that fails is ended.
    pub(crate) async fn live_session(self: &Arc<Self>, id: &str) -> Result<Option<Session>, WebError> {
        let Some(s) = self.session(id) else { return Ok(None) };
        if s.checked.elapsed() < TOKEN_CACHE {
            return Ok(Some(s));
        }
        let name = s.user.name.clone();
        let user = self.with_store(move |st| st.user(&name)).await?;
        let still = user.is_some_and(|u| !u.disabled && u.role == s.user.role && u.password_hash == s.password_hash);
        if !still {
            self.end_session(id);
            return Ok(None);
        }
        if let Some(v) = lock(&self.sessions).get_mut(id) {
            v.checked = Instant::now();
        }
        Ok(Some(s))
    }

    /// The live session with this id, kept alive by the call.
    pub(crate) fn session(&self, id: &str) -> Option<Session> {
        let mut s = lock(&self.sessions);
        let now = Instant::now();
        let v = s.get_mut(id).filter(|v| v.expires > now)?;
        v.expires = now + SESSION_IDLE;
        Some(v.clone())
    }

    /// Ends a session.
    pub(crate) fn end_session(&self, id: &str) {
        lock(&self.sessions).remove(id);
    }

    /// The claims and their groups, recomputed when claims or reviews
    /// were added since the last call.
    pub(crate) async fn groups(self: &Arc<Self>) -> Result<Arc<Groups>, WebError> {
        let load = |s: &mut dyn Store| s.claims(&ClaimFilter::default());
        self.cached(
            |me| &me.groups,
            load,
            |rows| {
                let items = items_of_rows(&rows);
                let groups = group::group(&items);
                Groups { rows, items, groups }
            },
        )
        .await
    }

    /// The events of the ledger's documents (which documents are about one
    /// thing that happened, as `corroborate events` finds them from their
    /// texts), recomputed when claims or reviews were added since the last
    /// call.
    pub(crate) async fn events(self: &Arc<Self>) -> Result<Arc<Events>, WebError> {
        let load = |s: &mut dyn Store| {
            let rows = s.documents()?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                // By hash: two files may share a name.
                let (_, bytes) = s.document(&r.hash)?;
                out.push((r, bytes));
            }
            Ok(out)
        };
        self.cached(|me| &me.events, load, events_of).await
    }

    /// The view in `slot` for the ledger's current state: the one kept if
    /// the ledger has not changed since, else worked out again (`build`,
    /// on a blocking thread, from what `load` reads) and kept.
    async fn cached<T, L, R, B>(
        self: &Arc<Self>,
        slot: fn(&AppState) -> &Cached<T>,
        load: L,
        build: B,
    ) -> Result<Arc<T>, WebError>
    where
        T: Send + Sync + 'static,
        R: Send + 'static,
        L: FnOnce(&mut dyn Store) -> Result<R, StoreError> + Send + 'static,
        B: FnOnce(R) -> T + Send + 'static,
    {
        let key = self.with_store(|s| s.version()).await?;
        if let Some((k, v)) = lock(slot(self)).as_ref() {
            if *k == key {
                return Ok(Arc::clone(v));
            }
        }
        let read = self.with_store(load).await?;
        let built = tokio::task::spawn_blocking(move || build(read))
            .await
            .map_err(|e| WebError::Internal(format!("worker: {e}")))?;
        let built = Arc::new(built);
        *lock(slot(self)) = Some((key, Arc::clone(&built)));
        Ok(built)
    }
}

/// The events of stored documents, read again from their bytes in the
/// format they were stored as (a document that no longer reads is left
/// out, as `corroborate events` leaves out a file it cannot read).
fn events_of(docs: Vec<(DocumentRow, Vec<u8>)>) -> Events {
    let mut texts = Vec::with_capacity(docs.len());
    let mut claims: HashMap<String, i64> = HashMap::new();
    for (row, bytes) in docs {
        let hint = Format::from_name(&row.format).map_or(FormatHint::Auto, FormatHint::Is);
        if let Ok(d) = Document::read(&row.name, bytes, hint) {
            claims.insert(row.name.clone(), row.claims);
            texts.push((row.name, d.text));
        }
    }
    let (_, evs) = corroborate_reconcile::report::context(&texts);
    evs.into_iter()
        .map(|e| {
            let n = e.docs.iter().filter_map(|d| claims.get(d)).sum();
            (e, n)
        })
        .collect()
}

fn claim_of(s: &mut dyn Store, id: i64) -> Result<ClaimRow, StoreError> {
    s.claims(&ClaimFilter { id: Some(id), include_rejected: true, ..Default::default() })?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("claim {id}")))
}

/// A document (by name or hash prefix), its original bytes and its own
/// claims, rejected ones included.
pub fn document_claims(s: &mut dyn Store, name: &str) -> Result<(DocumentRow, Vec<u8>, Vec<ClaimRow>), StoreError> {
    let (row, bytes) = s.document(name)?;
    let claims = s.claims(&ClaimFilter { document_id: Some(row.id), include_rejected: true, ..Default::default() })?;
    Ok((row, bytes, claims))
}

/// Stored claims as reconciliation sees them.
pub fn items_of_rows(rows: &[ClaimRow]) -> Vec<Item> {
    rows.iter()
        .map(|c| Item {
            doc: c.doc.clone(),
            fields: c.fields.clone(),
            sentence: c.sentence_start.max(0) as usize,
            sentence_text: c.sentence.clone(),
        })
        .collect()
}
