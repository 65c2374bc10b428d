//! Corroborate's web face: `corroborate serve` and `corroborate report`.
//!
//! - `api` is the JSON API under `/api/v1` (described by
//!   `/api/v1/openapi.json`); `pages` are the server-rendered pages.
//!   Both are thin: they read parameters (`params`), ask the ledger
//!   through `AppState::with_store` (the store is synchronous, so its
//!   calls run on blocking threads over a small connection pool), and
//!   render.
//! - `views` holds the markup the pages and [`report`] share, written
//!   with maud, which escapes every text it is given: documents are
//!   untrusted input and render inert.
//! - `auth`: sessions (cookies `HttpOnly`, `SameSite=Strict`, a CSRF
//!   token in every form) and API tokens (`Authorization: Bearer`). Every
//!   route needs one of them except `/login`, `/healthz` and the two static
//!   files. Readers read; reviewers and admins review.
//! - [`router`] adds the safety layers: security headers and a
//!   Content-Security-Policy that allows only this site's script and style,
//!   a request body limit (413 past it) and a request timeout.
//! - Errors (`error`) are JSON under `/api/` and pages elsewhere.
//!
//! The public face is what other crates use: [`serve`] and [`router`], the
//! state they run on ([`AppState::open`]), the [`report`], and the few
//! helpers the command line shares ([`truncate`], [`years`],
//! [`items_of_rows`], [`TOKEN_CACHE`]). Every module but `report` is
//! private; the request readers are reachable by the fuzz targets through
//! the `fuzzing` feature (module `fuzz`) only.

#![warn(missing_docs)]

mod api;
mod auth;
mod error;
mod pages;
mod params;
pub mod report;
mod signin;
mod state;
mod style;
mod views;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::LazyLock;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

pub use state::{items_of_rows, AppState, Shared, TOKEN_CACHE};
pub use style::with_acts;
pub use views::{act_class, truncate, years};

/// The request readers, for the fuzz targets (`fuzz/fuzz_targets/http_params.rs`):
/// built only with the `fuzzing` feature, so that they are no part of the
/// crate's public face otherwise.
#[cfg(feature = "fuzzing")]
pub mod fuzz {
    pub use crate::auth::cookie;
    pub use crate::error::WebError;
    pub use crate::params::{parse, safe_next, Blank, ClaimQuery, LoginForm, Paging, ReviewBody, ReviewInput};
    pub use corroborate_store::schema::REVIEWABLE;
}

/// The style sheet of pages and reports: `static/app.css` with a rule per
/// act colour of the extractor's act file ([`with_acts`]).
pub static STYLE: LazyLock<String> = LazyLock::new(|| style::with_acts(corroborate_extract::acts::acts()));
/// The pages' script: opens a claim's card when its mark is clicked.
pub(crate) const SCRIPT: &str = include_str!("../static/app.js");

/// Largest request body accepted, in bytes.
pub(crate) const BODY_LIMIT: usize = 1 << 20;
/// Longest a request may take.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The Content-Security-Policy of every response.
pub(crate) const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole application.
pub fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/openapi.json", get(api::openapi))
        .route("/documents", get(api::documents))
        .route("/documents/{name}", get(api::document))
        .route("/documents/{name}/claims", get(api::document_claims))
        .route("/claims", get(api::claims))
        .route("/claims/{id}", get(api::claim))
        .route("/claims/{id}/reviews", get(api::reviews).post(api::add_review))
        .route("/claims/{id}/life", get(api::life))
        .route("/groups", get(api::groups))
        .route("/groups/{id}", get(api::group))
        .route("/conflicts", get(api::conflicts))
        .route("/diff", get(api::diff))
        .route("/export", get(api::export))
        .fallback(api::not_found);
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
    ];
    let mut app = Router::new()
        .route("/", get(pages::home))
        .route("/healthz", get(pages::healthz))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/docs", get(pages::documents))
        .route("/docs/{name}", get(pages::document))
        .route("/claims", get(pages::claims))
        .route("/claims/{id}", get(pages::claim))
        .route("/claims/{id}/review", post(pages::review))
        .route("/groups", get(pages::groups))
        .route("/events", get(pages::events))
        .route("/groups/{id}", get(pages::group))
        .route("/diff", get(pages::diff_page))
        .route("/static/app.css", get(pages::css))
        .route("/static/app.js", get(pages::js))
        .nest("/api/v1", api)
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        // Outside the limits, so that their refusals are rendered too
        // (JSON under /api/).
        .layer(axum::middleware::from_fn(error::render))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    app.with_state(state)
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The ledger could not be opened.
    #[error("cannot open the ledger: {0}")]
    Store(#[from] corroborate_store::StoreError),
    /// A non-loopback address without `--public`.
    #[error("{0} is reachable from other machines; serve on loopback (127.0.0.1) behind a TLS reverse proxy, or pass --public to serve there (cookies are then Secure, so the proxy must speak HTTPS)")]
    NotLoopback(SocketAddr),
    /// The address could not be bound, or the server failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The ledger.
    pub db: String,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Ledger connections kept open.
    pub connections: usize,
    /// Allowed to listen beyond loopback; cookies get `Secure`.
    pub public: bool,
}

/// Runs the server until Ctrl-C; prints `listening on http://ADDR` once it
/// accepts connections. A non-loopback address is refused unless
/// `public`: the server speaks plain HTTP, so anything beyond this machine
/// must reach it through a TLS reverse proxy (README).
pub fn serve(o: &ServeOptions) -> Result<(), ServeError> {
    if !o.addr.ip().is_loopback() && !o.public {
        return Err(ServeError::NotLoopback(o.addr));
    }
    let state = AppState::open(&o.db, o.connections, o.public)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(o.addr).await?;
        let bound = listener.local_addr()?;
        println!("listening on http://{bound}");
        use std::io::Write;
        std::io::stdout().flush()?;
        // The peer's address reaches the sign-in back-off.
        axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })?;
    Ok(())
}
