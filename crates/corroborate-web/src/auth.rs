//! Who is asking: a session cookie (browsers) or an API token
//! (`Authorization: Bearer …`), and the CSRF check for forms.
//!
//! Cookies are `HttpOnly` and `SameSite=Strict`. Every form carries the
//! session's CSRF token; the sign-in form, which comes before any session,
//! carries a token that must equal a cookie set with the form. API calls
//! with a token need no CSRF token (no cookie is involved); API calls that
//! ride on a session cookie send it as `X-CSRF-Token`.

use crate::error::WebError;
use crate::state::{SessionUser, Shared};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use corroborate_store::accounts::token_hash;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "corroborate_session";
/// The sign-in form's cookie.
pub const LOGIN_COOKIE: &str = "corroborate_login";

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value for a cookie only this site's requests carry;
/// `secure` adds `Secure` (sent over HTTPS only: a public server behind
/// TLS).
pub fn set_cookie(name: &str, value: &str, max_age: Option<u64>, secure: bool) -> String {
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={a}"));
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Auth {
    /// Who.
    pub user: SessionUser,
    /// The session's CSRF token; `None` for token (API) callers.
    pub csrf: Option<String>,
    /// The session id, for signing out.
    pub session: Option<String>,
}

impl Auth {
    /// Refuses a write whose CSRF token is not the session's.
    pub fn check_csrf(&self, given: Option<&str>) -> Result<(), WebError> {
        match &self.csrf {
            None => Ok(()),
            Some(want) if given.is_some_and(|g| same_secret(g, want)) => Ok(()),
            Some(_) => Err(WebError::Forbidden(
                "the form has expired or did not come from this site; reload the page and try again".into(),
            )),
        }
    }

    /// Refuses callers who may not review.
    pub fn require_reviewer(&self) -> Result<(), WebError> {
        if self.user.role.can_review() {
            Ok(())
        } else {
            Err(WebError::Forbidden(format!("{} is a reader; readers cannot review claims", self.user.name)))
        }
    }
}

impl FromRequestParts<Shared> for Auth {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, WebError> {
        if let Some(h) = parts.headers.get(header::AUTHORIZATION) {
            let token = h
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(WebError::Unauthorized)?
                .trim()
                .to_string();
            let user = state.token_user(token_hash(&token)).await?.ok_or(WebError::Unauthorized)?;
            return Ok(Auth { user, csrf: None, session: None });
        }
        let id = cookie(&parts.headers, SESSION_COOKIE).ok_or(WebError::Unauthorized)?;
        let s = state.live_session(&id).await?.ok_or(WebError::Unauthorized)?;
        Ok(Auth { user: s.user, csrf: Some(s.csrf), session: Some(id) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; corroborate_session=abc".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "b"), None);
        assert!(set_cookie("x", "y", None, false).contains("HttpOnly; SameSite=Strict"));
        assert!(!set_cookie("x", "y", None, false).contains("Secure"));
        assert!(set_cookie("x", "y", Some(0), true).contains("; Secure"));
        assert!(same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("abc", "ab"));
    }
}
