//! The HTML pages: sign-in, documents, a document with its claims marked,
//! claims with filters, a claim with its review form and history, groups,
//! and the revision diff.

use crate::auth::{cookie, set_cookie, Auth, LOGIN_COOKIE, SESSION_COOKIE};
use crate::error::WebError;
use crate::params::{self, ClaimQuery, CsrfForm, DiffQuery, LoginForm, PageQuery, ReviewInput};
use crate::state::{SessionUser, Shared};
use crate::views::{self, Links, Nav, ServerLinks};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{header, Extensions, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use corroborate_store::accounts::random_secret;
use maud::{html, Markup};
use std::net::SocketAddr;
use std::time::Instant;

type Page = Result<Html<String>, WebError>;

fn frame(auth: &Auth, title: &str, body: Markup) -> Html<String> {
    let nav = Nav { user: &auth.user.name, role: auth.user.role.as_str(), csrf: auth.csrf.as_deref().unwrap_or("") };
    Html(views::page(title, Some(&nav), body).into_string())
}

/// `GET /login`: the sign-in form, with a fresh form token in a cookie.
pub async fn login_form(
    State(state): State<Shared>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    #[derive(serde::Deserialize, Default)]
    struct Next {
        next: Option<String>,
    }
    let next: Next = params::query(&q)?;
    Ok(login_page(&state, &headers, next.next.as_deref(), None, StatusCode::OK))
}

fn login_page(
    state: &Shared,
    headers: &HeaderMap,
    next: Option<&str>,
    problem: Option<&str>,
    status: StatusCode,
) -> Response {
    let token = cookie(headers, LOGIN_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(random_secret);
    let body = html! {
        h1 { "Sign in" }
        @if let Some(p) = problem { p.error { (p) } }
        form.login method="post" action="/login" {
            input type="hidden" name="csrf" value=(token);
            input type="hidden" name="next" value=(params::safe_next(next));
            label { "Name " input type="text" name="name" autocomplete="username" required autofocus; }
            label { "Password " input type="password" name="password" autocomplete="current-password" required; }
            button type="submit" { "Sign in" }
        }
    };
    let page = views::page("Sign in", None, body).into_string();
    (status, [(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, &token, None, state.secure_cookies))], Html(page))
        .into_response()
}

/// `POST /login`: checks the password (see [`crate::signin`] for the
/// back-off, the dummy hash and the bounded hashing pool).
pub async fn login(
    State(state): State<Shared>,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Result<Response, WebError> {
    let form: LoginForm = params::parse(&body)?;
    let expected = cookie(&headers, LOGIN_COOKIE);
    if !expected.as_deref().is_some_and(|e| crate::auth::same_secret(e, &form.csrf)) {
        return Err(WebError::Forbidden("the sign-in form has expired; reload it and try again".into()));
    }
    let addr =
        extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string());
    let name_key = format!("name:{}", form.name.chars().take(256).collect::<String>());
    let addr_key = format!("addr:{addr}");
    let now = Instant::now();
    if let Some(wait) = [&name_key, &addr_key].iter().filter_map(|k| state.backoff.wait(k, now)).max() {
        let secs = wait.as_secs_f64().ceil() as u64;
        let msg = format!("Too many failed sign-ins: try again in {secs} s.");
        let mut res = login_page(&state, &headers, form.next.as_deref(), Some(&msg), StatusCode::TOO_MANY_REQUESTS);
        res.headers_mut().insert(header::RETRY_AFTER, secs.into());
        return Ok(res);
    }
    let name = form.name.clone();
    let user = match name.len() <= 256 {
        true => state.with_store(move |s| s.user(&name)).await?.filter(|u| !u.disabled),
        false => None,
    };
    // Unknown and disabled users cost the same argon2 check as real ones.
    let hash = user.as_ref().map_or_else(|| state.hasher.dummy().to_string(), |u| u.password_hash.clone());
    let matches = state.hasher.verify(form.password.clone(), hash).await?;
    let Some(user) = user.filter(|_| matches) else {
        state.backoff.fail(&name_key, crate::signin::FREE_PER_NAME, now);
        state.backoff.fail(&addr_key, crate::signin::FREE_PER_ADDRESS, now);
        return Ok(login_page(
            &state,
            &headers,
            form.next.as_deref(),
            Some("Wrong name or password."),
            StatusCode::UNAUTHORIZED,
        ));
    };
    state.backoff.clear(&name_key);
    let id = state.start_session(SessionUser { name: user.name, role: user.role }, user.password_hash);
    let to = params::safe_next(form.next.as_deref());
    Ok(([(header::SET_COOKIE, set_cookie(SESSION_COOKIE, &id, None, state.secure_cookies))], Redirect::to(&to))
        .into_response())
}

/// `POST /logout`.
pub async fn logout(State(state): State<Shared>, auth: Auth, body: Bytes) -> Result<Response, WebError> {
    let form: CsrfForm = params::parse(&body)?;
    auth.check_csrf(form.csrf.as_deref())?;
    if let Some(id) = &auth.session {
        state.end_session(id);
    }
    Ok(([(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", Some(0), state.secure_cookies))], Redirect::to("/login"))
        .into_response())
}

/// `GET /docs`.
pub async fn documents(State(state): State<Shared>, auth: Auth) -> Page {
    let docs = state.with_store(|s| s.documents()).await?;
    // A name ingested twice (an edited file) names two documents: those
    // are linked by content hash instead.
    let mut seen = std::collections::HashMap::new();
    for d in &docs {
        *seen.entry(d.name.as_str()).or_insert(0) += 1;
    }
    let href = |d: &corroborate_store::DocumentRow| match seen.get(d.name.as_str()) {
        Some(n) if *n > 1 => ServerLinks.doc(d.hash.get(..16).unwrap_or(&d.hash)),
        _ => ServerLinks.doc(&d.name),
    };
    let body = html! {
        h1 { "Documents" }
        div.wide { table.docs {
            thead { tr { th { "name" } th { "title" } th { "format" } th { "bytes" } th { "claims" } th { "ingested" } } }
            tbody {
                @for d in &docs {
                    tr {
                        td { a href=(href(d)) { (d.name) } }
                        td { (d.title.as_deref().unwrap_or("")) } td { (d.format) } td.n { (d.size) } td.n { (d.claims) } td { (d.ingested_at) }
                    }
                }
            }
        } }
        @if docs.is_empty() { p { "The ledger is empty: add documents with " code { "corroborate ingest" } "." } }
    };
    Ok(frame(&auth, "Documents", body))
}

/// `GET /docs/{name}`: the text with every claim marked.
pub async fn document(State(state): State<Shared>, auth: Auth, Path(name): Path<String>) -> Page {
    let (row, bytes, claims, citations) = state
        .with_store(move |s| {
            let (row, bytes, claims) = crate::state::document_claims(s, &name)?;
            let citations = s.citations(row.id)?;
            Ok((row, bytes, claims, citations))
        })
        .await?;
    let title = row.title.clone().unwrap_or_else(|| row.name.clone());
    let body = html! {
        h1 { (title) }
        p.meta { (row.name) " · " (row.format) " · " (row.size) " bytes · " (claims.len()) " claims · sha256 " code { (row.hash.get(..12).unwrap_or(&row.hash)) } }
        @let frame_words = row.frame.describe();
        p.meta.frame { "About: " @if frame_words.is_empty() { "no single place and span of years" } @else { (frame_words) } }
        (views::legend(&claims))
        div.reader {
            (views::marked_text(&bytes, &claims, &ServerLinks))
            (views::claim_cards(&claims, &citations, &ServerLinks))
        }
    };
    Ok(frame(&auth, &title, body))
}

/// `GET /claims`: filters, a page of claims (read by the ledger with a
/// limit, as `/api/v1/claims` is), downloads.
pub async fn claims(State(state): State<Shared>, auth: Auth, RawQuery(q): RawQuery) -> Page {
    let q: ClaimQuery = params::query(&q)?;
    let (filter, paging) = (q.filter(params::Blank::Absent)?, q.paging()?);
    let page = paging.store_page();
    let (rows, total) = state.with_store(move |s| s.claims_page(&filter, page)).await?;
    let shown: Vec<_> = rows.iter().collect();
    let count = usize::try_from(total.count).unwrap_or(0);
    // Past the count's bound the page says "at least".
    let more = if total.exact { "" } else { "+" };
    let filters = q.filters_query();
    let field = |name: &'static str, v: &Option<String>| html! { label { (name) " " input type="text" name=(name) value=(v.as_deref().unwrap_or("")); } };
    let body = html! {
        h1 { "Claims" }
        form.filters method="get" action="/claims" {
            (field("act", &q.act)) (field("place", &q.place)) (field("year", &q.year)) (field("doc", &q.doc)) (field("source", &q.source)) (field("min", &q.min))
            button type="submit" { "Filter" }
        }
        p.downloads {
            (count) (more) " claims · download "
            a href={ "/api/v1/export?format=csv&" (filters) } { "CSV" } " · "
            a href={ "/api/v1/export?format=jsonl&" (filters) } { "JSON Lines" }
        }
        (views::claims_table(&shown, &ServerLinks))
        p.pager {
            @if paging.page > 1 { a href={ "/claims?page=" (paging.page - 1) "&" (filters) } { "← previous" } " " }
            "page " (paging.page)
            @if paging.has_next(count) { " " a href={ "/claims?page=" (paging.page + 1) "&" (filters) } { "next →" } }
        }
    };
    Ok(frame(&auth, "Claims", body))
}

/// `GET /claims/{id}`: fields, sentence, review forms, history.
pub async fn claim(State(state): State<Shared>, auth: Auth, Path(id): Path<i64>) -> Page {
    claim_page(&state, &auth, id, None).await
}

async fn claim_page(state: &Shared, auth: &Auth, id: i64, problem: Option<String>) -> Page {
    let (c, reviews) = state.claim_with_history(id).await?;
    let life = state.claim_life(id).await?;
    let csrf = auth.csrf.clone().unwrap_or_default();
    let fields = [
        "place",
        "act",
        "subject",
        "low",
        "high",
        "qualifier",
        "unit",
        "year_start",
        "year_end",
        "perpetrator",
        "source",
        "stance",
    ];
    let body = html! {
        h1 { "Claim " (c.id) ": " (c.fields.quote) }
        p { "In " a href=(ServerLinks.claim_in_doc(&c)) { (c.doc) } ":" }
        blockquote.sentence { (c.sentence) }
        (views::claim_fields(&c))
        @if let Some(p) = &problem { p.error { (p) } }
        h2 { "Review" }
        @if auth.user.role.can_review() {
            div.review-forms {
                form.review method="post" action={ "/claims/" (c.id) "/review" } {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="action" value="confirm";
                    button type="submit" { "Confirm" }
                }
                form.review method="post" action={ "/claims/" (c.id) "/review" } {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="action" value="reject";
                    label { "Note " input type="text" name="note"; }
                    button type="submit" { "Reject" }
                }
                form.review #correct method="post" action={ "/claims/" (c.id) "/review" } {
                    input type="hidden" name="csrf" value=(csrf);
                    input type="hidden" name="action" value="correct";
                    label { "Field " select name="field" { @for f in fields { option value=(f) { (f) } } } }
                    label { "New value " input type="text" name="value"; }
                    label { "Note " input type="text" name="note"; }
                    button type="submit" { "Correct" }
                }
            }
        } @else {
            p.readonly { "You are signed in as a reader: readers can read claims but not review them." }
        }
        h2 { "History" }
        @if let Some(l) = &life {
            h3 { "In the page's revisions" }
            (views::life(l, c.id, &ServerLinks))
            h3 { "Reviews" }
        }
        (views::history(&reviews))
    };
    Ok(frame(auth, &format!("Claim {}", c.id), body))
}

/// `POST /claims/{id}/review`: records the review, then shows the claim.
pub async fn review(
    State(state): State<Shared>,
    auth: Auth,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let input: ReviewInput = params::parse(&body)?;
    auth.check_csrf(input.csrf.as_deref())?;
    auth.require_reviewer()?;
    // A refused value shows the claim again with the reason (the same
    // check as the API's and `import-reviews`', in the ledger).
    let outcome = match input.to_review(id, &auth.user.name) {
        Ok(review) => state.with_store(move |s| s.review(&review)).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/claims/{id}")).into_response()),
        Err(e @ (WebError::BadRequest(_) | WebError::Invalid { .. })) => {
            let status = e.status();
            let page = claim_page(&state, &auth, id, Some(e.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `GET /groups`: groups of more than one claim, conflicts first.
pub async fn groups(State(state): State<Shared>, auth: Auth, RawQuery(q): RawQuery) -> Page {
    let q: PageQuery = params::query(&q)?;
    let conflicts_only = params::flag(&q.conflicts_only, "conflicts_only")?;
    let g = state.groups().await?;
    let mut shown: Vec<_> = g
        .groups
        .iter()
        .filter(|x| x.members.len() > 1 || !x.conflicts.is_empty())
        .filter(|x| !conflicts_only || !x.conflicts.is_empty())
        .collect();
    shown.sort_by_key(|x| (x.conflicts.is_empty(), x.id));
    let body = html! {
        h1 { "Groups" }
        p { (shown.len()) " groups of claims that count the same thing; "
            (shown.iter().filter(|x| !x.conflicts.is_empty()).count()) " in conflict. "
            @if conflicts_only { a href="/groups" { "Show all" } } @else { a href="/groups?conflicts_only=true" { "Only conflicts" } } }
        (views::groups_table(&shown, &g.items, &ServerLinks))
    };
    Ok(frame(&auth, "Groups", body))
}

/// `GET /events`: which documents are about one thing that happened.
pub async fn events(State(state): State<Shared>, auth: Auth) -> Page {
    let evs = state.events().await?;
    let body = html! {
        h1 { "Events" }
        p { (evs.len()) " events: documents that name the same rare names (TF-IDF over their capitalised words), with their copies and revisions. Grouping compares claims inside an event first." }
        table {
            thead { tr { th { "Event" } th { "Place" } th { "Years" } th { "Documents" } th { "Claims" } } }
            tbody {
                @for (e, claims) in evs.iter() {
                    tr {
                        td { (e.id) " · " (e.name) }
                        td { (e.place.as_deref().unwrap_or("")) }
                        td { @if let Some((a, b)) = e.years { @if a == b { (a) } @else { (a) "–" (b) } } }
                        td { @for (i, d) in e.docs.iter().enumerate() {
                            @if i > 0 { br; }
                            a href=(ServerLinks.doc(d)) { (d) }
                        } }
                        td { (claims) }
                    }
                }
            }
        }
    };
    Ok(frame(&auth, "Events", body))
}

/// `GET /groups/{id}`.
pub async fn group(State(state): State<Shared>, auth: Auth, Path(id): Path<usize>) -> Page {
    let g = state.groups().await?;
    let group = g.groups.iter().find(|x| x.id == id).ok_or_else(|| WebError::NotFound(format!("group {id}")))?;
    let body = views::group_view(group, &g.items, &g.rows, &ServerLinks);
    Ok(frame(&auth, &format!("Group {id}"), body))
}

/// `GET /diff?a=&b=`: claims added, removed and changed between two
/// documents.
pub async fn diff_page(State(state): State<Shared>, auth: Auth, RawQuery(q): RawQuery) -> Page {
    let q: DiffQuery = params::query(&q)?;
    let docs = state.with_store(|s| s.documents()).await?;
    let changes = match (q.a.clone(), q.b.clone()) {
        (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => Some(state.diff(a, b).await?),
        _ => None,
    };
    let select = |name: &'static str, chosen: &Option<String>| {
        html! {
            select name=(name) { @for d in &docs { option value=(d.name) selected[chosen.as_deref() == Some(d.name.as_str())] { (d.name) } } }
        }
    };
    let body = html! {
        h1 { "Compare two versions" }
        form.filters method="get" action="/diff" {
            label { "Older " (select("a", &q.a)) } label { "Newer " (select("b", &q.b)) }
            button type="submit" { "Compare" }
        }
        @if let Some(c) = &changes { (views::diff_table(c)) }
    };
    Ok(frame(&auth, "Compare", body))
}

/// `GET /`: the documents.
pub async fn home() -> Redirect {
    Redirect::to("/docs")
}

/// Unknown paths.
pub async fn not_found() -> WebError {
    WebError::NotFound("page".into())
}

/// `GET /healthz`: no sign-in needed.
pub async fn healthz(State(state): State<Shared>) -> Result<&'static str, WebError> {
    state.with_store(|s| s.counts()).await?;
    Ok("ok")
}

/// `GET /static/app.css`.
pub async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], crate::STYLE.as_str())
}

/// `GET /static/app.js`.
pub async fn js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], crate::SCRIPT)
}
