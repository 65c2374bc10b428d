//! One error type for every handler. A handler's error becomes a bare
//! response carrying a [`Failure`]; [`render`] then writes it as JSON for
//! the API and as a page (or a redirect to sign in) for people.
//!
//! A 500 never shows its cause to the client: the ledger's or a worker's
//! error text (SQL, file paths) is written to the server's standard error
//! with a request id, and the client gets "internal error, see the server
//! log" with the same id, so that an operator can find the line.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use corroborate_store::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No session and no token.
    #[error("sign in, or send an API token as Authorization: Bearer …")]
    Unauthorized,
    /// Signed in, but the role does not allow it (or the form expired).
    #[error("{0}")]
    Forbidden(String),
    /// No such thing.
    #[error("{0} not found")]
    NotFound(String),
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// A parameter cannot be read at all (a path segment that is not a
    /// number where the route wants one); names the parameter.
    #[error("{field}: {reason}")]
    Unreadable {
        /// The parameter at fault.
        field: String,
        /// Why.
        reason: String,
    },
    /// A value is not valid; names the field.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field (or parameter) at fault.
        field: String,
        /// Why.
        reason: String,
    },
    /// The body is not of a type this route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The server is too busy for this now.
    #[error("{0}")]
    Busy(String),
    /// The ledger failed.
    #[error("the ledger: {0}")]
    Store(StoreError),
    /// A worker failed.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => WebError::NotFound(what),
            // The client must say which document it means.
            e @ StoreError::Ambiguous { .. } => WebError::BadRequest(e.to_string()),
            StoreError::Invalid(i) => WebError::Invalid { field: i.field, reason: i.reason },
            e => WebError::Store(e),
        }
    }
}

impl WebError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) | WebError::Unreadable { .. } => StatusCode::BAD_REQUEST,
            WebError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Store(_) | WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// A failure on its way out, rendered by [`render`].
#[derive(Debug, Clone)]
pub struct Failure {
    /// Status.
    pub status: StatusCode,
    /// What to tell the client.
    pub message: String,
    /// The field at fault, for a value refused.
    pub field: Option<String>,
    /// Seconds to wait before trying again.
    pub retry_after: Option<u64>,
    /// For a 500: the id its detail is logged under.
    pub request_id: Option<String>,
}

/// A fresh id for a failure's log line: 16 hex digits from the system's
/// random source (the same one sign-in secrets use).
fn request_id() -> String {
    corroborate_store::accounts::random_secret().chars().take(16).collect()
}

/// Logs a server failure's `detail` under a new request id and returns
/// the failure the client sees: the generic message and the id.
fn internal(status: StatusCode, detail: &str) -> Failure {
    let id = request_id();
    // The server writes its log to standard error (no tracing stack here).
    eprintln!("error [request {id}]: {status}: {detail}");
    Failure {
        status,
        message: format!("internal error, see the server log (request id {id})"),
        field: None,
        retry_after: None,
        request_id: Some(id),
    }
}

impl From<corroborate_store::Invalid> for WebError {
    fn from(e: corroborate_store::Invalid) -> Self {
        WebError::Invalid { field: e.field, reason: e.reason }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let failure = if status.is_server_error() && !matches!(self, WebError::Busy(_)) {
            internal(status, &self.to_string())
        } else {
            Failure { status, message: self.to_string(), field: None, retry_after: None, request_id: None }
        };
        let field = match &self {
            WebError::Invalid { field, .. } | WebError::Unreadable { field, .. } => Some(field.clone()),
            _ => None,
        };
        let retry_after = match &self {
            WebError::Busy(_) => Some(1),
            _ => None,
        };
        let mut res = status.into_response();
        if let Some(s) = retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        res.extensions_mut().insert(Failure { field, retry_after, ..failure });
        res
    }
}

/// Largest error body of a layer or extractor that [`render`] rewrites.
const FOREIGN_ERROR_LIMIT: usize = 64 * 1024;

/// A failure that did not come from a handler (axum's extractors, the body
/// limit, the timeout): its status and its text, so that under `/api/` it
/// is JSON like every other error. A 500's text is logged, not sent.
async fn foreign_failure(res: Response) -> Failure {
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), FOREIGN_ERROR_LIMIT).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).trim().to_string();
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        return internal(status, &text);
    }
    let message = if text.is_empty() { status.canonical_reason().unwrap_or("error").to_lowercase() } else { text };
    Failure { status, message, field: None, retry_after: None, request_id: None }
}

/// True when a response's content type starts with `prefix`.
fn is_type(res: &Response, prefix: &str) -> bool {
    res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(prefix))
}

/// Middleware: writes failures as JSON under `/api/` and as pages
/// elsewhere (every error, whoever made it: a handler, an extractor, the
/// body limit, the timeout), and sends people who are not signed in to the
/// sign-in page.
pub async fn render(req: Request, next: Next) -> Response {
    let uri = req.uri().clone();
    let api = uri.path().starts_with("/api/");
    let res = next.run(req).await;
    let f = match res.extensions().get::<Failure>().cloned() {
        Some(f) => f,
        // Under /api/ every error not yet JSON; elsewhere every error not
        // yet a page (axum's rejections are plain text).
        None if (res.status().is_client_error() || res.status().is_server_error())
            && !is_type(&res, if api { "application/json" } else { "text/html" }) =>
        {
            foreign_failure(res).await
        }
        None => return res,
    };
    if api {
        let mut body = serde_json::json!({ "error": f.message });
        if let Some(field) = &f.field {
            body["field"] = serde_json::Value::String(field.clone());
        }
        if let Some(id) = &f.request_id {
            body["request_id"] = serde_json::Value::String(id.clone());
        }
        let mut out = (f.status, axum::Json(body)).into_response();
        if f.status == StatusCode::UNAUTHORIZED {
            out.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(s) = f.retry_after {
            out.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        return out;
    }
    if f.status == StatusCode::UNAUTHORIZED {
        let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
        let next: String =
            percent_encoding::utf8_percent_encode(target, percent_encoding::NON_ALPHANUMERIC).to_string();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let title = f.status.canonical_reason().unwrap_or("Error");
    let body = maud::html! {
        h1 { (f.status.as_u16()) " " (title) }
        p.error { (f.message) }
        p { a href="/docs" { "Back to the documents" } }
    };
    let mut out = (f.status, axum::response::Html(crate::views::page(title, None, body).into_string())).into_response();
    if let Some(s) = f.retry_after {
        out.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
    }
    out
}
