//! One error type for every handler. A handler's error becomes a bare
//! response carrying a [`Failure`]; [`render`] then writes it as JSON for
//! the API and as a page (or a redirect to sign in) for people.

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
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
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
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            eprintln!("error: {self}");
        }
        let mut res = status.into_response();
        res.extensions_mut().insert(Failure { status, message: self.to_string() });
        res
    }
}

/// Middleware: writes failures as JSON under `/api/`, as pages elsewhere,
/// and sends people who are not signed in to the sign-in page.
pub async fn render(req: Request, next: Next) -> Response {
    let uri = req.uri().clone();
    let res = next.run(req).await;
    let Some(f) = res.extensions().get::<Failure>().cloned() else { return res };
    if uri.path().starts_with("/api/") {
        let mut out = (f.status, axum::Json(serde_json::json!({ "error": f.message }))).into_response();
        if f.status == StatusCode::UNAUTHORIZED {
            out.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return out;
    }
    if f.status == StatusCode::UNAUTHORIZED {
        let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
        let next: String = percent_encoding::utf8_percent_encode(target, percent_encoding::NON_ALPHANUMERIC).to_string();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let title = f.status.canonical_reason().unwrap_or("Error");
    let body = maud::html! {
        h1 { (f.status.as_u16()) " " (title) }
        p.error { (f.message) }
        p { a href="/docs" { "Back to the documents" } }
    };
    (f.status, axum::response::Html(crate::views::page(title, None, body).into_string())).into_response()
}
