//! Claim listings answered by the ledger (issue 18): every filter of
//! `claims` and `/api/v1/claims` is indexed SQL over the listing columns the
//! review transaction keeps current, with a limit for pages. These tests
//! hold the SQL equal to the filter rules as written in Rust
//! (`corroborate_store::passes`) on both backends, reviews included; check
//! that SQLite's plan for each filter uses an index; and migrate a ledger
//! written before the listing columns existed.

mod common;
use common::*;
use corroborate_store::{
    passes, ClaimFields, ClaimFilter, DocFrame, NewClaim, NewDocument, NewPage, NewReview, NewRevision, NewSentence,
    Page, Plan, SqlParam, Store,
};
use std::collections::HashMap;

/// One claim to store: quote, act, place and its path, years, figures,
/// source.
struct Spec {
    quote: &'static str,
    act: Option<&'static str>,
    place: Option<&'static str>,
    path: &'static [&'static str],
    years: (Option<i64>, Option<i64>),
    figures: (Option<f64>, Option<f64>),
    source: Option<&'static str>,
}

fn spec(
    quote: &'static str,
    act: Option<&'static str>,
    place: Option<&'static str>,
    path: &'static [&'static str],
    years: (Option<i64>, Option<i64>),
    figures: (Option<f64>, Option<f64>),
    source: Option<&'static str>,
) -> Spec {
    Spec { quote, act, place, path, years, figures, source }
}

/// A document holding one sentence per claim.
fn document(name: &str, specs: &[Spec]) -> NewDocument {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut claims = Vec::new();
    for (i, s) in specs.iter().enumerate() {
        let start = text.len() as i64;
        text.push_str(s.quote);
        text.push_str(" were counted. ");
        sentences.push(NewSentence { start, end: text.len() as i64 - 1, text: format!("{} were counted.", s.quote) });
        let fields = ClaimFields {
            start,
            end: start + s.quote.len() as i64,
            quote: s.quote.into(),
            low: s.figures.0,
            high: s.figures.1,
            unit: "count".into(),
            qualifier: "exact".into(),
            act: s.act.map(Into::into),
            subject: Some("people".into()),
            place: s.place.map(Into::into),
            year_start: s.years.0,
            year_end: s.years.1,
            perpetrator: None,
            source: s.source.map(Into::into),
            stance: "asserted".into(),
        };
        claims.push(NewClaim {
            fields,
            sentence: i as i64,
            place_path: s.path.iter().map(|p| p.to_string()).collect(),
            extractor: "test".into(),
        });
    }
    NewDocument {
        name: name.into(),
        origin: format!("/in/{name}"),
        format: "text".into(),
        hash: corroborate_store::sha256_hex(text.as_bytes()),
        bytes: text.into_bytes(),
        title: None,
        sentences,
        citations: Vec::new(),
        claims,
        frame: DocFrame::default(),
    }
}

/// Files (two of one name, one with `#` in its name) and a page with two
/// revisions; every filter's edge: acts in two cases, places with and
/// without a path, years open at either end or spanning up to ten years,
/// figures open at either end,
/// sources with accents and with `LIKE`'s wildcards.
fn ledger(store: &mut dyn Store) -> HashMap<String, String> {
    let a = document(
        "a.txt",
        &[
            spec(
                "A 40",
                Some("killed"),
                Some("Belgrade"),
                &["Belgrade", "Serbia", "Yugoslavia"],
                (Some(1944), Some(1945)),
                (Some(40.0), None),
                Some("Médecins Sans Frontières"),
            ),
            spec(
                "A 300",
                Some("raped"),
                Some("Zagreb"),
                &["Zagreb", "Croatia", "Yugoslavia"],
                (Some(1941), None),
                (Some(200.0), Some(300.0)),
                Some("the UN"),
            ),
            spec("A 7", None, Some("Atlantis"), &[], (None, Some(1950)), (None, Some(7.0)), Some("100% sure_source")),
            spec("A 9", Some("Killed"), None, &[], (None, None), (None, None), None),
        ],
    );
    let a2 = document(
        "a.txt",
        &[spec(
            "A2 1000",
            Some("deported"),
            Some("Serbia"),
            &["Serbia"],
            (Some(1939), Some(1948)),
            (Some(1000.0), None),
            Some("UNHCR"),
        )],
    );
    let h = document(
        "notes#2.txt",
        &[spec(
            "H 12",
            Some("killed"),
            Some("Kharkiv"),
            &["Kharkiv", "Ukraine"],
            (Some(1925), Some(1933)),
            (Some(12.0), None),
            Some("a diary"),
        )],
    );
    store.ingest(&[a, a2, h]).unwrap();
    let page = NewPage { title: "Page".into(), origin: "/in/dump.xml".into(), key: "mediawiki-page:3:Page".into() };
    let r1 = NewRevision {
        rev_id: "10".into(),
        parent: None,
        timestamp: "2010-01-01T00:00:00Z".into(),
        contributor: Some("X".into()),
        doc: document(
            "Page#10",
            &[spec(
                "P 1,219",
                Some("raped"),
                Some("Berlin"),
                &["Berlin", "Germany"],
                (Some(1945), None),
                (Some(1219.0), None),
                Some("Le Monde"),
            )],
        ),
    };
    let r2 = NewRevision {
        rev_id: "20".into(),
        parent: Some("10".into()),
        timestamp: "2011-01-01T00:00:00Z".into(),
        contributor: Some("Y".into()),
        doc: document(
            "Page#20",
            &[spec(
                "P 121",
                Some("raped"),
                Some("Berlin"),
                &["Berlin", "Germany"],
                (Some(1945), None),
                (Some(121.0), None),
                Some("Le Monde"),
            )],
        ),
    };
    store.ingest_revisions(&page, &[r1, r2]).unwrap();
    // Every claim's stored place path, by quote (quotes are unique here).
    let mut paths = HashMap::new();
    for (q, p) in [
        ("A 40", "|belgrade|serbia|yugoslavia|"),
        ("A 300", "|zagreb|croatia|yugoslavia|"),
        ("A2 1000", "|serbia|"),
        ("H 12", "|kharkiv|ukraine|"),
        ("P 1,219", "|berlin|germany|"),
        ("P 121", "|berlin|germany|"),
    ] {
        paths.insert(q.to_string(), p.to_string());
    }
    paths
}

/// Reviews that move claims in and out of every filter.
/// A ledger at `url` holding the listing's documents ([`ledger`]) with
/// their reviews ([`review`]): the store, the documents' paths and the id
/// of the document "Page".
fn reviewed_ledger(url: &str) -> (Box<dyn Store>, HashMap<String, String>, i64) {
    let mut store = corroborate_store::open(url).unwrap();
    let paths = ledger(store.as_mut());
    review(store.as_mut());
    let page_id = store.document("Page").unwrap().0.id;
    (store, paths, page_id)
}

fn review(store: &mut dyn Store) {
    let all = store.claims(&ClaimFilter { include_rejected: true, ..Default::default() }).unwrap();
    let id = |q: &str| all.iter().find(|c| c.fields.quote == q).unwrap().id;
    let mut r = |q: &str, field: &str, value: Option<&str>| {
        store
            .review(&NewReview {
                claim_id: id(q),
                reviewer: "ana".into(),
                field: field.into(),
                new_value: value.map(Into::into),
                note: None,
            })
            .unwrap();
    };
    r("A 40", "act", Some("died"));
    r("A 40", "place", Some("Niš"));
    r("A 300", "year_start", Some("1950"));
    r("A 300", "high", None);
    r("A 7", "source", Some("ÉCOLE report"));
    r("A 9", "claim", Some("rejected"));
    r("H 12", "claim", Some("confirmed"));
    r("P 121", "high", Some("1219"));
    r("P 121", "low", Some("1219"));
    r("P 121", "place", None);
}

/// The filters every test runs, one field at a time and a few together.
fn filters(page_id: i64) -> Vec<ClaimFilter> {
    let f = ClaimFilter::default;
    let mut out = vec![f()];
    for a in ["killed", "KILLED", "died", "raped", "none"] {
        out.push(ClaimFilter { act: Some(a.into()), ..f() });
    }
    for p in ["Yugoslavia", "serbia", "Belgrade", "Niš", "NIŠ", "Atlantis", "Berlin", "Germany", "Nowhere"] {
        out.push(ClaimFilter { place: Some(p.into()), ..f() });
    }
    // Spans of years from none to wider than the index's narrow branches
    // (`model::year_branches`), each at its edges.
    for y in [1924, 1925, 1933, 1934, 1938, 1939, 1941, 1944, 1946, 1948, 1949, 1950, 1951] {
        out.push(ClaimFilter { year: Some(y), ..f() });
    }
    for d in ["a.txt", "notes#2.txt", "Page#20", "Page#10", "Page", "Page#", "#"] {
        out.push(ClaimFilter { doc: Some(d.into()), ..f() });
    }
    for s in ["médecins", "MÉDECINS", "un", "%", "_", "école", "100%", "e_s", "", "monde"] {
        out.push(ClaimFilter { source: Some(s.into()), ..f() });
    }
    for m in [0.0, 7.0, 100.0, 1219.0, 5000.0] {
        out.push(ClaimFilter { min: Some(m), ..f() });
    }
    out.push(ClaimFilter { document_id: Some(page_id), ..f() });
    out.push(ClaimFilter { act: Some("raped".into()), place: Some("germany".into()), min: Some(1000.0), ..f() });
    out.push(ClaimFilter { act: Some("raped".into()), year: Some(1945), doc: Some("Page#10".into()), ..f() });
    let with_rejected: Vec<ClaimFilter> =
        out.iter().map(|x| ClaimFilter { include_rejected: true, ..x.clone() }).collect();
    out.extend(with_rejected);
    out
}

/// Every filter, on both backends, lists what the Rust rules select from
/// all the claims (reviewed values, in listing order), and its pages put
/// together are the whole listing with the right total.
#[test]
fn every_filter_in_sql_selects_what_the_rules_say() {
    both("listing-filters", |db| {
        let (mut store, paths, page_id) = reviewed_ledger(&db.url);
        let all = store.claims(&ClaimFilter { include_rejected: true, ..Default::default() }).unwrap();
        let order: Vec<&str> = all.iter().map(|c| c.fields.quote.as_str()).collect();
        assert_eq!(order, ["P 1,219", "P 121", "A 40", "A 300", "A 7", "A 9", "A2 1000", "H 12"]);
        for f in filters(page_id) {
            let got = store.claims(&f).unwrap();
            let want: Vec<_> = all
                .iter()
                .filter(|c| passes(c, paths.get(&c.fields.quote).map_or("", String::as_str), &f))
                .filter(|c| f.document_id.is_none() || c.doc == "Page#20")
                .cloned()
                .collect();
            assert_eq!(got, want, "{f:?}");
            let mut pages = Vec::new();
            for n in 0.. {
                let (rows, total) = store.claims_page(&f, Page { offset: n * 2, limit: 2 }).unwrap();
                assert_eq!((total.count as usize, total.exact), (want.len(), true), "{f:?}");
                if rows.is_empty() {
                    break;
                }
                pages.extend(rows);
            }
            assert_eq!(pages, want, "{f:?}");
        }
        // Reviewed values are what the listing shows.
        let a40 = all.iter().find(|c| c.fields.quote == "A 40").unwrap();
        assert_eq!(
            (a40.fields.act.as_deref(), a40.fields.place.as_deref(), a40.review_state.as_str()),
            (Some("died"), Some("Niš"), "corrected")
        );
        assert!(a40.last_review > 0);
        drop(store);
        let out = corroborate(&["check", "--db", &db.url]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    });
}

/// The ids a listing query returns (its first column), on either backend.
fn ids_of(url: &str, sql: &str, args: Vec<SqlParam>) -> Vec<i64> {
    if url.starts_with("postgres") {
        let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
        let args: Vec<Box<dyn postgres::types::ToSql + Sync>> = args.into_iter().map(SqlParam::into_postgres).collect();
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|b| b.as_ref()).collect();
        client.query(sql, &refs).unwrap().iter().map(|r| r.get(0)).collect()
    } else {
        let conn = rusqlite::Connection::open(url).unwrap();
        let mut st = conn.prepare(&corroborate_store::schema::for_sqlite(sql)).unwrap();
        st.query_map(rusqlite::params_from_iter(args.into_iter().map(SqlParam::into_sqlite)), |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }
}

/// Both ways of finding a page (through the filter's index then sorted, or
/// walking the claims in listing order) give every page of every filter
/// the same rows, on both backends; the backends walk only when the count
/// reaches its bound, which a ledger this small never does.
#[test]
fn both_plans_give_the_same_pages() {
    both("listing-plans-agree", |db| {
        let (store, _, page_id) = reviewed_ledger(&db.url);
        drop(store);
        for f in filters(page_id) {
            let (sql, args) = corroborate_store::claims_query(&f, None);
            let all = ids_of(&db.url, &sql, args);
            for plan in [Plan::Sort, Plan::Walk] {
                for (offset, limit) in [(0, 50), (0, 1), (1, 2), (3, 3), (7, 50), (0, 0)] {
                    let (sql, args) = corroborate_store::claims_query(&f, Some((Page { offset, limit }, plan)));
                    let want: Vec<i64> = all.iter().copied().skip(offset as usize).take(limit as usize).collect();
                    assert_eq!(ids_of(&db.url, &sql, args), want, "{f:?} {plan:?} {offset} {limit}");
                }
            }
        }
    });
}

/// `claims --limit N --offset M` prints the M+1th to M+Nth claims of the
/// whole listing, in every format; `--offset` alone the rest.
#[test]
fn claims_limit_and_offset_print_one_page_of_the_listing() {
    let db = sqlite("listing-limit-offset");
    drop(reviewed_ledger(&db.url));
    let lines = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["claims", "--db", &db.url, "--format", "jsonl"];
        all.extend_from_slice(args);
        let out = corroborate(&all);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    };
    let all = lines(&[]);
    assert_eq!(all.len(), 7, "the rejected claim is left out");
    assert_eq!(lines(&["--limit", "2"]), all[..2]);
    assert_eq!(lines(&["--limit", "2", "--offset", "2"]), all[2..4]);
    assert_eq!(lines(&["--limit", "50", "--offset", "5"]), all[5..]);
    assert_eq!(lines(&["--offset", "3"]), all[3..]);
    assert!(lines(&["--offset", "7"]).is_empty());
    assert!(lines(&["--limit", "0"]).is_empty());
    let min: Vec<String> = lines(&["--min", "100"]);
    assert_eq!(lines(&["--min", "100", "--limit", "1", "--offset", "1"]), min[1..2]);
    let csv = corroborate(&["claims", "--db", &db.url, "--format", "csv", "--limit", "1", "--offset", "1"]);
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 2, "a header and one row");
    let bad = corroborate(&["claims", "--db", &db.url, "--offset", "-1"]);
    assert!(!bad.status.success());
}

/// SQLite answers each filter through an index (EXPLAIN QUERY PLAN), and
/// the unfiltered first page in listing order without sorting all claims
/// (the page's ids are chosen on narrow rows, then joined to sentences);
/// a walked page ([`Plan::Walk`]) follows the listing order's indexes.
#[test]
fn sqlite_plans_use_an_index_for_every_filter() {
    let db = sqlite("listing-plans");
    let (store, _, page_id) = reviewed_ledger(&db.url);
    drop(store);
    let conn = rusqlite::Connection::open(&db.url).unwrap();
    let f = ClaimFilter::default;
    let cases: Vec<(ClaimFilter, &str)> = vec![
        (ClaimFilter { act: Some("killed".into()), ..f() }, "claims_act_key"),
        (ClaimFilter { place: Some("serbia".into()), ..f() }, "claim_places_place"),
        (ClaimFilter { year: Some(1944), ..f() }, "claims_year_span"),
        (ClaimFilter { doc: Some("Page#20".into()), ..f() }, "documents_name"),
        (ClaimFilter { doc: Some("a.txt".into()), ..f() }, "documents_name"),
        (ClaimFilter { source: Some("un".into()), ..f() }, "claims_source_key"),
        (ClaimFilter { min: Some(100.0), ..f() }, "claims_cur_value"),
        (ClaimFilter { document_id: Some(page_id), ..f() }, "claims_owner"),
        (ClaimFilter { id: Some(1), ..f() }, "INTEGER PRIMARY KEY"),
        (f(), "claims_owner"),
    ];
    for (filter, index) in cases {
        if filter.id.is_none() && filter.document_id.is_none() && filter.doc.is_none() {
            // Walked, the same filter reads claims in listing order from
            // the indexes, and sorts no more than the page's own rows.
            let walk = explain(&conn, &filter, Plan::Walk).join("\n");
            assert!(
                walk.contains("documents_name")
                    && walk.contains("claims_owner")
                    && walk.matches("TEMP B-TREE").count() <= 1
                    && !walk.lines().any(|l| l.trim() == "SCAN c"),
                "{filter:?} walked does not follow the listing order:\n{walk}"
            );
        }
        let plan = explain(&conn, &filter, Plan::Sort);
        let text = plan.join("\n");
        assert!(text.contains(index), "{filter:?} does not use {index}:\n{text}");
        // No claim is found by reading the whole claims table.
        assert!(!plan.iter().any(|l| l.trim() == "SCAN c"), "{filter:?} scans every claim:\n{text}");
        if filter.id.is_none()
            && filter.document_id.is_none()
            && filter.act.is_none()
            && filter.place.is_none()
            && filter.year.is_none()
            && filter.doc.is_none()
            && filter.source.is_none()
            && filter.min.is_none()
        {
            // The page's ids come in listing order from the indexes; the
            // one sort left orders the page's own rows.
            assert!(
                text.contains("documents_name") && text.matches("TEMP B-TREE").count() <= 1,
                "the first page sorts every claim:\n{text}"
            );
        }
    }
}

/// SQLite's plan (EXPLAIN QUERY PLAN, one line a step) for the first page
/// of `filter` found as `plan` says.
fn explain(conn: &rusqlite::Connection, filter: &ClaimFilter, plan: Plan) -> Vec<String> {
    let (sql, args) = corroborate_store::claims_query(filter, Some((Page { offset: 0, limit: 50 }, plan)));
    let sql = format!("EXPLAIN QUERY PLAN {}", corroborate_store::schema::for_sqlite(&sql));
    let mut st = conn.prepare(&sql).unwrap();
    st.query_map(rusqlite::params_from_iter(args.into_iter().map(SqlParam::into_sqlite)), |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A ledger written before the listing columns (schema version 4, with a
/// review) is migrated on open: the backfill fills the columns from the
/// extracted values and the review log, and the filters see them.
#[test]
fn a_ledger_from_before_the_listing_columns_is_backfilled() {
    use corroborate_store::schema;
    let db = sqlite("listing-backfill");
    {
        let conn = rusqlite::Connection::open(&db.url).unwrap();
        conn.execute_batch(schema::CREATE_MIGRATIONS).unwrap();
        for v in 0..schema::BACKFILL_VERSION - 1 {
            for s in schema::statements(v, &schema::SQLITE) {
                conn.execute_batch(&s).unwrap();
            }
            conn.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, 'then')", [v as i64 + 1])
                .unwrap();
        }
        let text = "Some 4,000 were deported. About 90 were killed.";
        conn.execute("INSERT INTO documents (name, origin, format, hash, bytes, size, ingested_at, claim_count, sentence_count) VALUES ('old.txt', 'old.txt', 'text', ?1, ?2, ?3, 'then', 2, 2)", rusqlite::params![corroborate_store::sha256_hex(text.as_bytes()), text.as_bytes(), text.len() as i64]).unwrap();
        conn.execute_batch(
            "INSERT INTO sentences (document_id, idx, start_byte, end_byte, text) VALUES (1, 0, 0, 25, 'Some 4,000 were deported.'), (1, 1, 26, 47, 'About 90 were killed.');
             INSERT INTO claims (document_id, sentence_idx, start_byte, end_byte, quote, low, high, unit, qualifier, act, place, place_path, year_start, year_end, source, stance, extractor)
               VALUES (1, 0, 0, 10, 'Some 4,000', 4000, 4000, 'count', 'approx', 'deported', 'Tbilisi', '|tbilisi|georgia|', 1944, NULL, 'The Archive', 'asserted', 'old'),
                      (1, 1, 26, 34, 'About 90', 90, 90, 'count', 'approx', 'killed', NULL, '', NULL, NULL, NULL, 'asserted', 'old');
             INSERT INTO reviews (claim_id, reviewer, field, old_value, new_value, created_at) VALUES (2, 'ana', 'act', 'killed', 'died', 'then'), (2, 'ana', 'year_start', NULL, '1943', 'then');",
        )
        .unwrap();
    }
    let mut store = corroborate_store::open(&db.url).unwrap();
    let quotes = |store: &mut Box<dyn Store>, f: ClaimFilter| {
        store.claims(&f).unwrap().into_iter().map(|c| c.fields.quote).collect::<Vec<_>>()
    };
    let f = ClaimFilter::default;
    assert_eq!(quotes(&mut store, ClaimFilter { place: Some("Georgia".into()), ..f() }), ["Some 4,000"]);
    assert_eq!(quotes(&mut store, ClaimFilter { year: Some(1944), ..f() }), ["Some 4,000"]);
    assert_eq!(quotes(&mut store, ClaimFilter { source: Some("archive".into()), ..f() }), ["Some 4,000"]);
    assert_eq!(quotes(&mut store, ClaimFilter { min: Some(1000.0), ..f() }), ["Some 4,000"]);
    assert!(quotes(&mut store, ClaimFilter { act: Some("killed".into()), ..f() }).is_empty());
    assert_eq!(quotes(&mut store, ClaimFilter { act: Some("died".into()), ..f() }), ["About 90"]);
    assert_eq!(quotes(&mut store, ClaimFilter { year: Some(1943), ..f() }), ["About 90"]);
    let c = store.claims(&ClaimFilter { act: Some("died".into()), ..f() }).unwrap().remove(0);
    assert_eq!((c.review_state.as_str(), c.last_review), ("corrected", 2));
}
