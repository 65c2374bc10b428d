//! The JSON API under `/api/v1`, described by `openapi.json`. Listings are
//! paginated (`page`, `per_page`) in a stable order: documents by name,
//! claims by document and byte offset, groups by number.

use crate::auth::Auth;
use crate::error::WebError;
use crate::params::{self, ClaimQuery, DiffQuery, PageQuery, Paging, PathParam, ReviewBody};
use crate::state::Shared;
use crate::views;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use corroborate_reconcile::group::Group;
use corroborate_reconcile::Item;
use corroborate_store::ClaimRow;
use serde::Serialize;
use serde_json::{json, Value};

type Api = Result<Json<Value>, WebError>;

/// The OpenAPI document.
pub const OPENAPI: &str = include_str!("openapi.json");

/// One page of `items` with the paging facts.
fn paged<T: Serialize>(items: &[T], p: Paging) -> Api {
    Ok(Json(json!({
        "items": p.slice(items), "page": p.page, "per_page": p.per_page, "total": items.len(), "has_next": p.has_next(items.len()),
    })))
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi(_: Auth) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /api/v1/documents`.
pub async fn documents(State(state): State<Shared>, _: Auth, RawQuery(q): RawQuery) -> Api {
    let q: PageQuery = params::query(&q)?;
    let p = Paging::new(&q.page, &q.per_page)?;
    paged(&state.with_store(|s| s.documents()).await?, p)
}

/// `GET /api/v1/documents/{name}`: the document and its original text.
pub async fn document(State(state): State<Shared>, _: Auth, PathParam(name): PathParam<String>) -> Api {
    let (row, bytes) = state.with_store(move |s| s.document(&name)).await?;
    Ok(Json(json!({ "document": row, "text": String::from_utf8_lossy(&bytes) })))
}

/// `GET /api/v1/documents/{name}/claims`.
pub async fn document_claims(
    State(state): State<Shared>,
    _: Auth,
    PathParam(name): PathParam<String>,
    RawQuery(q): RawQuery,
) -> Api {
    let q: PageQuery = params::query(&q)?;
    let p = Paging::new(&q.page, &q.per_page)?;
    let rows = state.with_store(move |s| crate::state::document_claims(s, &name)).await?.2;
    paged(&rows, p)
}

/// `GET /api/v1/claims`: one page read by the ledger with a limit (never
/// every claim), with the total it counts: exact up to 10,000 matches (or
/// one past the page's end); beyond, `total` is that bound and
/// `total_exact` is false, so a page never counts millions of claims.
pub async fn claims(State(state): State<Shared>, _: Auth, RawQuery(q): RawQuery) -> Api {
    let q: ClaimQuery = params::query(&q)?;
    let (filter, p) = (q.filter(params::Blank::Refused)?, q.paging()?);
    let page = p.store_page();
    let (items, total) = state.with_store(move |s| s.claims_page(&filter, page)).await?;
    let (exact, total) = (total.exact, usize::try_from(total.count).unwrap_or(0));
    Ok(Json(json!({
        "items": items, "page": p.page, "per_page": p.per_page, "total": total, "total_exact": exact,
        "has_next": p.has_next(total)
    })))
}

/// `GET /api/v1/claims/{id}`: the claim with its review history.
pub async fn claim(State(state): State<Shared>, _: Auth, PathParam(id): PathParam<i64>) -> Api {
    let (c, reviews) = state.claim_with_history(id).await?;
    Ok(Json(json!({ "claim": c, "reviews": reviews })))
}

/// `GET /api/v1/claims/{id}/reviews`.
pub async fn reviews(State(state): State<Shared>, _: Auth, PathParam(id): PathParam<i64>) -> Api {
    Ok(Json(json!({ "items": state.claim_with_history(id).await?.1 })))
}

/// `GET /api/v1/claims/{id}/life`: the claim's life across its page's
/// revisions (null for a claim that is not a dump revision's).
pub async fn life(State(state): State<Shared>, _: Auth, PathParam(id): PathParam<i64>) -> Api {
    let life = state.claim_life(id).await?;
    Ok(Json(json!({ "claim": id, "life": life })))
}

/// `POST /api/v1/claims/{id}/reviews`: JSON `{action, field, value, note}`
/// ([`ReviewBody`]).
/// Session callers send their CSRF token as `X-CSRF-Token`.
pub async fn add_review(
    State(state): State<Shared>,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    auth.check_csrf(headers.get("x-csrf-token").and_then(|v| v.to_str().ok()))?;
    auth.require_reviewer()?;
    if !is_json(&headers) {
        return Err(WebError::UnsupportedMediaType(
            "send the review as JSON, with Content-Type: application/json".into(),
        ));
    }
    let input: ReviewBody =
        serde_json::from_slice(&body).map_err(|e| WebError::BadRequest(format!("the body is not a review: {e}")))?;
    let review = input.into_review(id, &auth.user.name)?;
    let rid = state.with_store(move |s| s.review(&review)).await?;
    let c = state.claim(id).await?;
    Ok((StatusCode::CREATED, Json(json!({ "review_id": rid, "claim": c }))).into_response())
}

/// True when the request says its body is JSON (`application/json`, with
/// or without parameters such as `charset`).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// A group as the API shows it.
fn group_json(g: &Group, items: &[Item], rows: &[ClaimRow]) -> Value {
    let first = &items[g.members[0]].fields;
    let finite = |v: f64| v.is_finite().then_some(v);
    json!({
        "id": g.id, "act": first.act, "subject": first.subject, "place": first.place, "unit": first.unit,
        "conflict": !g.conflicts.is_empty(), "kinds": views::conflict_kinds(g),
        "conflicts": g.conflicts.iter().map(|c| json!({ "a": rows[c.a].id, "b": rows[c.b].id, "kinds": c.kinds, "explanation": c.explanation })).collect::<Vec<_>>(),
        "low": finite(g.union.0), "high": finite(g.union.1), "best": g.best, "basis": g.basis,
        "claims": g.members.iter().map(|&i| &rows[i]).collect::<Vec<_>>(),
    })
}

async fn group_list(state: &Shared, q: &Option<String>, conflicts: bool) -> Api {
    let q: PageQuery = params::query(q)?;
    let p = Paging::new(&q.page, &q.per_page)?;
    let only = conflicts || params::flag(&q.conflicts_only, "conflicts_only")?;
    let g = state.groups().await?;
    let list: Vec<Value> = g
        .groups
        .iter()
        .filter(|x| !only || !x.conflicts.is_empty())
        .map(|x| group_json(x, &g.items, &g.rows))
        .collect();
    paged(&list, p)
}

/// `GET /api/v1/groups`.
pub async fn groups(State(state): State<Shared>, _: Auth, RawQuery(q): RawQuery) -> Api {
    group_list(&state, &q, false).await
}

/// `GET /api/v1/conflicts`: the groups with a conflict.
pub async fn conflicts(State(state): State<Shared>, _: Auth, RawQuery(q): RawQuery) -> Api {
    group_list(&state, &q, true).await
}

/// `GET /api/v1/groups/{id}`.
pub async fn group(State(state): State<Shared>, _: Auth, PathParam(id): PathParam<usize>) -> Api {
    let g = state.groups().await?;
    let found = g.groups.iter().find(|x| x.id == id).ok_or_else(|| WebError::NotFound(format!("group {id}")))?;
    Ok(Json(group_json(found, &g.items, &g.rows)))
}

/// `GET /api/v1/diff?a=&b=`.
pub async fn diff(State(state): State<Shared>, _: Auth, RawQuery(q): RawQuery) -> Api {
    let q: DiffQuery = params::query(&q)?;
    let (Some(a), Some(b)) = (q.a, q.b) else {
        return Err(WebError::BadRequest("name two documents: ?a=OLDER&b=NEWER".into()));
    };
    Ok(Json(json!({ "items": state.diff(a, b).await? })))
}

/// `GET /api/v1/export?format=csv|jsonl` with the claims filters.
pub async fn export(State(state): State<Shared>, _: Auth, RawQuery(q): RawQuery) -> Result<Response, WebError> {
    let q: ClaimQuery = params::query(&q)?;
    let mut filter = q.filter(params::Blank::Refused)?;
    filter.include_rejected = true;
    let format = q.format.clone().unwrap_or_else(|| "csv".into());
    if format != "csv" && format != "jsonl" {
        return Err(WebError::Invalid { field: "format".into(), reason: format!("is csv or jsonl, not {format:?}") });
    }
    let rows = state.with_store(move |s| s.claims(&filter)).await?;
    let mut buf = Vec::new();
    if format == "csv" {
        corroborate_store::sheet::write(&mut buf, &rows).map_err(|e| WebError::Internal(e.to_string()))?;
    } else {
        for r in &rows {
            serde_json::to_writer(&mut buf, r).map_err(|e| WebError::Internal(e.to_string()))?;
            buf.push(b'\n');
        }
    }
    let (ctype, name) =
        if format == "csv" { ("text/csv; charset=utf-8", "claims.csv") } else { ("application/jsonl", "claims.jsonl") };
    Ok((
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        buf,
    )
        .into_response())
}

/// Unknown API paths.
pub async fn not_found() -> WebError {
    WebError::NotFound("API route".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every declaration of `name` among the operations' parameters.
    fn parameters<'a>(spec: &'a Value, name: &str) -> Vec<&'a Value> {
        let ops = spec["paths"].as_object().into_iter().flat_map(|p| p.values()).flat_map(|i| i.as_object()).flatten();
        ops.flat_map(|(_, op)| op["parameters"].as_array().into_iter().flatten())
            .filter(|p| p["name"] == name)
            .map(|p| &p["schema"])
            .collect()
    }

    #[test]
    fn the_document_states_the_servers_own_bounds() {
        let spec: Value = serde_json::from_str(OPENAPI).unwrap();
        let schemas = &spec["components"]["schemas"];
        let fields: Vec<&str> = schemas["Correction"]["properties"]["field"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let reviewable: Vec<&str> =
            corroborate_store::schema::REVIEWABLE.iter().copied().filter(|f| *f != "claim").collect();
        assert_eq!(fields, reviewable);
        for schema in ["Verdict", "Correction"] {
            assert_eq!(
                schemas[schema]["properties"]["note"]["maxLength"],
                corroborate_store::validate::MAX_TEXT,
                "{schema}"
            );
        }
        let pages = parameters(&spec, "page");
        assert!(pages.len() >= 5);
        assert!(pages.iter().all(|p| p["minimum"] == 1 && p["maximum"] == params::MAX_PAGE), "{pages:?}");
        let per_page = parameters(&spec, "per_page");
        assert!(per_page.iter().all(|p| p["minimum"] == 1 && p["maximum"] == params::MAX_PER_PAGE), "{per_page:?}");
    }
}
