//! A claim's life in the ledger (issue 18), on the dump fixture built from
//! seeds 002 and 003 (revisions 1001 and 1002 of one page): first seen,
//! changes and removals are stored at ingest, on both backends, whatever
//! order the revisions arrive in, agree with what `revisions --db` prints,
//! and read the same from the CLI, the API and the claim page.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The fixture dump without the revision `rev` (1001 or 1002).
fn without(rev: &str) -> String {
    let xml = dump_xml();
    let at = xml.find(&format!("<revision><id>{rev}</id>")).expect("the revision is in the fixture");
    let end = at + xml[at..].find("</revision>").expect("the revision ends") + "</revision>".len();
    format!("{}{}", &xml[..at], &xml[end..])
}

fn write(dir: &Path, name: &str, xml: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, xml).unwrap();
    p
}

fn ok(args: &[&str]) -> String {
    let out = corroborate(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn lives(db: &str) -> Vec<Value> {
    jsonl(&ok(&["revisions", "--db", db, "--page", "Soviet war crimes", "--format", "jsonl"]))
}

/// A life with its row ids left out (they depend on the order of ingest).
fn without_ids(mut l: Value) -> Value {
    for k in ["id", "document_id", "latest_claim"] {
        l.as_object_mut().unwrap().remove(k);
    }
    for c in l["changes"].as_array_mut().unwrap() {
        c.as_object_mut().unwrap().remove("claim");
        c.as_object_mut().unwrap().remove("old_claim");
    }
    l
}

/// The Treuenbrietzen figure: "around 1000" in 1001, "between 30 and 166"
/// in 1002, changed by Newer.
fn check_treuenbrietzen(lives: &[Value]) -> &Value {
    let l = lives.iter().find(|l| l["quote"] == "around 1000").expect("the Treuenbrietzen life");
    assert_eq!(l["first"]["rev_id"], "1001");
    assert_eq!(l["first"]["contributor"], "Older");
    assert_eq!(l["first"]["timestamp"], "2015-03-01T10:00:00Z");
    assert!(l["removed"].is_null(), "{l}");
    let changes = l["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{l}");
    let c = &changes[0];
    assert_eq!(
        (c["revision"]["rev_id"].as_str(), c["revision"]["contributor"].as_str()),
        (Some("1002"), Some("Newer"))
    );
    assert_eq!(c["kind"], "changed");
    let value = c["fields"].as_array().unwrap().iter().find(|f| f["field"] == "value").expect("value changed");
    assert_eq!((value["old"].as_str(), value["new"].as_str()), (Some("around 1000"), Some("between 30 and 166")));
    assert_eq!(l["revisions"], 2);
    assert_eq!(c["claim"], l["latest_claim"]);
    l
}

/// Every line `revisions --db` prints is an event of a life, and every
/// event a line: the life is the diff, stored.
fn check_agrees_with_revisions(db: &str, lives: &[Value]) {
    let changes = jsonl(&ok(&["revisions", "--db", db, "--format", "jsonl"]));
    let (mut added, mut removed, mut changed) = (0, 0, 0);
    for c in &changes {
        let rev = c["new_rev"].to_string();
        let rev = rev.as_str();
        match c["kind"].as_str().unwrap() {
            "added" => {
                added += 1;
                let q = &c["new"]["quote"];
                assert!(lives.iter().any(|l| l["first"]["rev_id"] == rev && &l["quote"] == q), "no life added: {c}");
            }
            "removed" => {
                removed += 1;
                assert!(lives.iter().any(|l| l["removed"]["rev_id"] == rev), "no life removed: {c}");
            }
            _ => {
                changed += 1;
                let fields: Vec<&Value> = c["fields"].as_array().unwrap().iter().collect();
                let found = lives.iter().flat_map(|l| l["changes"].as_array().unwrap()).any(|x| {
                    x["revision"]["rev_id"] == rev
                        && x["kind"] == c["kind"]
                        && x["fields"].as_array().unwrap().iter().map(|f| &f["field"]).eq(fields.iter().copied())
                        && x["fields"].as_array().unwrap().iter().all(|f| {
                            f["field"] != "value" || (f["old"] == c["old"]["quote"] && f["new"] == c["new"]["quote"])
                        })
                });
                assert!(found, "no life change: {c}");
            }
        }
    }
    // Lives first seen after the page's first revision were `added`.
    let revisions = corroborate_store::open(db).unwrap().revisions().unwrap();
    let first = revisions.first().map(|r| r.rev_id.clone()).unwrap_or_default();
    assert_eq!(added, lives.iter().filter(|l| l["first"]["rev_id"] != first.as_str()).count());
    assert_eq!(removed, lives.iter().filter(|l| !l["removed"].is_null()).count());
    let events: usize = lives.iter().map(|l| l["changes"].as_array().unwrap().len()).sum();
    assert_eq!(changed, events);
    assert!(removed > 0 && added > 0, "the history adds and removes claims");
}

/// The ledger is whole after the test: bytes against their hashes, claims
/// against their bytes.
fn check_clean(db: &str) {
    let mut store = corroborate_store::open(db).unwrap();
    let v = store.check().unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
}

#[test]
fn a_claims_life_is_stored_at_ingest_whatever_order_the_revisions_come_in() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("claim-life");
    let whole = write(&dir, "whole.xml", &dump_xml());
    let first = write(&dir, "first.xml", &without("1002"));
    let second = write(&dir, "second.xml", &without("1001"));
    both("claim_life", |db| {
        // One ingest of both revisions.
        ok(&["ingest", "--db", &db.url, whole.to_str().unwrap()]);
        let all = lives(&db.url);
        check_treuenbrietzen(&all);
        check_agrees_with_revisions(&db.url, &all);
        assert!(all
            .iter()
            .any(|l| l["changes"].as_array().is_some_and(|c| c.iter().any(|c| c["kind"] == "reattributed"))));
        check_clean(&db.url);
        let want: Vec<Value> = all.into_iter().map(without_ids).collect();
        // Revision 1002 ingested after 1001 was stored: its lives go on
        // from the stored revision.
        let later = sqlite_or_pg_twin(db, "later");
        ok(&["ingest", "--db", &later.url, first.to_str().unwrap()]);
        ok(&["ingest", "--db", &later.url, whole.to_str().unwrap()]);
        assert_eq!(lives(&later.url).into_iter().map(without_ids).collect::<Vec<_>>(), want);
        check_clean(&later.url);
        // Revision 1001 arriving after 1002: the page's lives are rebuilt.
        let earlier = sqlite_or_pg_twin(db, "earlier");
        ok(&["ingest", "--db", &earlier.url, second.to_str().unwrap()]);
        assert!(lives(&earlier.url)
            .iter()
            .all(|l| l["first"]["rev_id"] == "1002" && l["changes"] == Value::Array(vec![])));
        ok(&["ingest", "--db", &earlier.url, first.to_str().unwrap()]);
        assert_eq!(lives(&earlier.url).into_iter().map(without_ids).collect::<Vec<_>>(), want);
        check_clean(&earlier.url);
    });
}

/// Another ledger of the same backend as `db`.
fn sqlite_or_pg_twin(db: &TestDb, name: &str) -> TestDb {
    if db.url.starts_with("postgres") {
        pg(&format!("claim_life_{name}")).expect("a PostgreSQL server, as for the first ledger")
    } else {
        sqlite(&format!("claim-life-{name}"))
    }
}

#[test]
fn a_claims_life_reads_from_the_cli_by_any_of_its_claims() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("claim-life-cli");
    let whole = write(&dir, "whole.xml", &dump_xml());
    let db = sqlite("claim-life-cli");
    ok(&["ingest", "--db", &db.url, whole.to_str().unwrap()]);
    let all = lives(&db.url);
    let l = check_treuenbrietzen(&all);
    // The same life from its first claim and from its claim in 1002.
    for id in [&l["id"], &l["latest_claim"]] {
        let one = jsonl(&ok(&["revisions", "--db", &db.url, "--claim", &id.to_string(), "--format", "jsonl"]));
        assert_eq!(one, vec![l.clone()]);
    }
    // The table says it in one line: who changed what, when.
    let table = ok(&["revisions", "--db", &db.url, "--claim", &l["id"].to_string()]);
    assert!(
        table.contains("first seen in rev 1001 by Older at 2015-03-01T10:00:00Z; changed value \"around 1000\" → \"between 30 and 166\""),
        "{table}"
    );
    assert!(table.contains("in rev 1002 by Newer at 2023-06-01T10:00:00Z"), "{table}");
    // Every page's lives, and a limit.
    assert_eq!(ok(&["revisions", "--db", &db.url, "--life", "--format", "jsonl"]).lines().count(), all.len());
    assert_eq!(ok(&["revisions", "--db", &db.url, "--life", "--limit", "3"]).lines().count(), 3);
    // A claim without a life, a page that is none: one clear error each.
    let out = corroborate(&["revisions", "--db", &db.url, "--claim", "999999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("claim 999999 has no life"));
    let out = corroborate(&["revisions", "--db", &db.url, "--page", "No such page"]);
    assert!(!out.status.success());
    // A dump and a life filter do not mix.
    let out = corroborate(&["revisions", "--db", &db.url, "--claim", "1", whole.to_str().unwrap()]);
    assert!(!out.status.success());
    check_clean(&db.url);
}

#[test]
fn a_claims_life_reads_from_the_api_and_the_claim_page() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("claim-life-web");
    let whole = write(&dir, "whole.xml", &dump_xml());
    let file = seeds().join("001_c7fdbfa4e6b90d88.txt");
    both("claim_life_web", |db| {
        let ledger = ledger(&db.url, &[&whole, &file]);
        let all = lives(&db.url);
        let l = check_treuenbrietzen(&all).clone();
        let s = Server::start(&ledger.db);
        let get = |path: &str| {
            let req = http()
                .get(&format!("{}{path}", s.url))
                .set("Authorization", &format!("Bearer {}", ledger.reader_token));
            send(req, None)
        };
        // The API: the life from its claim in 1002.
        let (code, res) = get(&format!("/api/v1/claims/{}/life", l["latest_claim"]));
        assert_eq!(code, 200);
        let body: Value = res.into_json().unwrap();
        assert_eq!(body["claim"], l["latest_claim"]);
        assert_eq!(body["life"], l);
        // A file's claim has no life; no claim is a 404 in JSON.
        let mut store = corroborate_store::open(&db.url).unwrap();
        let own = store
            .claims(&corroborate_store::ClaimFilter {
                doc: Some("001_c7fdbfa4e6b90d88.txt".into()),
                ..Default::default()
            })
            .unwrap();
        let (code, res) = get(&format!("/api/v1/claims/{}/life", own[0].id));
        assert_eq!(code, 200);
        assert!(res.into_json::<Value>().unwrap()["life"].is_null());
        let (code, res) = get("/api/v1/claims/999999999/life");
        assert_eq!(code, 404);
        assert!(res.header("Content-Type").unwrap_or("").starts_with("application/json"));
        assert!(res.into_json::<Value>().unwrap()["error"].is_string());
        // The claim page's History lists the life, this claim marked.
        let (code, res) = get(&format!("/claims/{}", l["latest_claim"]));
        assert_eq!(code, 200);
        let html = res.into_string().unwrap();
        let history = &html[html.find("<h2>History</h2>").expect("a History section")..];
        assert!(
            history.contains("In the page&#39;s revisions") || history.contains("In the page's revisions"),
            "{history}"
        );
        assert!(history.contains("First seen in revision 1001 by Older, 2015-03-01T10:00:00Z"), "{history}");
        assert!(history.contains("Changed in revision 1002 by Newer, 2023-06-01T10:00:00Z"), "{history}");
        assert!(history.contains("value “around 1000” → “between 30 and 166”"), "{history}");
        assert!(history.contains("(this claim)"), "{history}");
        // A file's claim page has no life, only its reviews.
        let (_, res) = get(&format!("/claims/{}", own[0].id));
        assert!(!res.into_string().unwrap().contains("In the page"));
        drop(s);
        check_clean(&db.url);
    });
}

#[test]
fn an_older_ledger_gets_its_lives_when_it_is_opened() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("claim-life-migrate");
    let whole = write(&dir, "whole.xml", &dump_xml());
    both("claim_life_migrate", |db| {
        ok(&["ingest", "--db", &db.url, whole.to_str().unwrap()]);
        let want = lives(&db.url);
        // The ledger as the version before lives left it (and the year
        // index of the version after put back as it was).
        let back = "DROP TABLE claim_life_changes; DROP TABLE claim_life_claims; DROP TABLE claim_lives; DROP INDEX claims_year_span; DROP INDEX claims_rejected; CREATE INDEX claims_year_lo ON claims (year_lo, year_hi); DELETE FROM schema_migrations WHERE version >= 7;";
        if db.url.starts_with("postgres") {
            postgres::Client::connect(&db.url, postgres::NoTls).unwrap().batch_execute(back).unwrap();
        } else {
            rusqlite::Connection::open(&db.url).unwrap().execute_batch(back).unwrap();
        }
        // Opening it migrates it: every stored page's lives, as at ingest.
        assert_eq!(lives(&db.url), want);
        check_clean(&db.url);
    });
}

#[test]
fn lives_on_a_real_history_agree_with_its_revisions() {
    if !has_shared() {
        return;
    }
    // Ingested in small batches, so most revisions go on from a revision
    // stored by an earlier transaction.
    let dump = anarchism_history_cut("claim-life-history", 400);
    both("claim_life_real", |db| {
        ok(&["ingest", "--db", &db.url, "--batch-mb", "2", dump.to_str().unwrap()]);
        let all = jsonl(&ok(&["revisions", "--db", &db.url, "--page", "Anarchism", "--format", "jsonl"]));
        check_agrees_with_revisions(&db.url, &all);
        check_clean(&db.url);
    });
}
