//! The ledger, the same tests against SQLite and PostgreSQL.
//!
//! PostgreSQL runs where `CORROBORATE_TEST_PG` names a server URL (for
//! example `postgres://user:pass@127.0.0.1:5432/postgres`): each test
//! creates its own database there and drops it after. `.ci/run` installs
//! and starts a server and sets the variable; on CI a missing server fails
//! the PostgreSQL tests rather than skipping them.

mod common;
use common::*;
use corroborate_store::{ClaimFilter, NewReview};
use std::process::{Command, Stdio};

fn ok(args: &[&str]) -> String {
    let out = corroborate(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn ingesting_twice_adds_nothing() {
    if !has_shared() {
        return;
    }
    both("twice", |db| {
        let seeds = seeds();
        ok(&["ingest", "--db", &db.url, seeds.to_str().unwrap()]);
        let once = corroborate_store::open(&db.url).unwrap().counts().unwrap();
        assert_eq!(once.documents, 5);
        assert!(once.claims > 250 && once.sentences > 500, "{once:?}");
        let out = corroborate(&["ingest", "--db", &db.url, seeds.to_str().unwrap()]);
        assert!(String::from_utf8_lossy(&out.stderr).contains("5 already present"));
        let twice = corroborate_store::open(&db.url).unwrap().counts().unwrap();
        assert_eq!(once, twice);
        assert!(corroborate_store::open(&db.url).unwrap().check().unwrap().problems.is_empty());
    });
}

#[test]
fn place_filter_follows_the_gazetteer_hierarchy() {
    if !has_shared() {
        return;
    }
    both("place", |db| {
        ok(&["ingest", "--db", &db.url, seeds().to_str().unwrap()]);
        let out = ok(&["claims", "--db", &db.url, "--place", "Yugoslavia", "--act", "raped", "--format", "jsonl"]);
        let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let quotes: Vec<&str> = rows.iter().map(|r| r["quote"].as_str().unwrap()).collect();
        for want in ["1,219", "At least 121", "over 2,000"] {
            assert!(quotes.contains(&want), "{want} missing from {quotes:?}");
        }
        for r in &rows {
            let place = r["place"].as_str().unwrap_or("");
            assert!(["Serbia", "Belgrade", "Yugoslavia"].contains(&place), "{place} is not in Yugoslavia: {r}");
            assert_eq!(r["act"], "raped");
        }
        let csv = ok(&["claims", "--db", &db.url, "--year", "1944", "--min", "1000", "--format", "csv"]);
        assert!(csv.starts_with("id,doc,start,end,quote"));
        assert!(csv.contains("1,219"));
    });
}

#[test]
fn reviews_sit_on_top_of_the_extractor() {
    if !has_shared() {
        return;
    }
    both("review", |db| {
        ok(&["ingest", "--db", &db.url, seeds().to_str().unwrap()]);
        let mut store = corroborate_store::open(&db.url).unwrap();
        let claims =
            store.claims(&ClaimFilter { doc: Some("002_dce3863f02dd146e.txt".into()), ..Default::default() }).unwrap();
        let c = claims.iter().find(|c| c.fields.quote == "around 1000").expect("Treuenbrietzen claim");
        let before = c.fields.place.clone();
        store
            .review(&NewReview {
                claim_id: c.id,
                reviewer: "ana".into(),
                field: "place".into(),
                new_value: Some("Treuenbrietzen".into()),
                note: Some("town named two sentences earlier".into()),
            })
            .unwrap();
        store
            .review(&NewReview {
                claim_id: c.id,
                reviewer: "ben".into(),
                field: "claim".into(),
                new_value: Some("confirmed".into()),
                note: None,
            })
            .unwrap();
        let after: Vec<_> = store
            .claims(&ClaimFilter { place: Some("Treuenbrietzen".into()), ..Default::default() })
            .unwrap()
            .into_iter()
            .filter(|x| x.id == c.id)
            .collect();
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].fields.place.as_deref(), Some("Treuenbrietzen"));
        assert_eq!(after[0].review_state, "confirmed");
        let log = store.reviews(c.id).unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].old_value, before);
        assert_eq!(log[0].reviewer, "ana");
        assert!(store
            .review(&NewReview {
                claim_id: c.id,
                reviewer: "x".into(),
                field: "no_such".into(),
                new_value: None,
                note: None
            })
            .is_err());
        let export = ok(&["export", "--db", &db.url, "--format", "jsonl"]);
        let n = export.lines().count() as i64;
        assert_eq!(n, store.counts().unwrap().claims);
        assert!(export.contains("\"review_state\":\"confirmed\""));
        let shown = ok(&["show", "--db", &db.url, "002_dce3863f02dd146e.txt"]);
        assert!(shown.contains("⟦around 1000⟧{killed}"), "{}", &shown[..200.min(shown.len())]);
    });
}

#[test]
fn sigkill_mid_ingest_leaves_a_consistent_database() {
    let files = numbered_corpus("kill-corpus", 400);
    both("kill", |db| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
            .args(["ingest", "--db", &db.url, files.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until at least one batch has landed, then kill mid-batch.
        let started = std::time::Instant::now();
        loop {
            std::thread::sleep(std::time::Duration::from_millis(50));
            let landed =
                corroborate_store::open(&db.url).ok().and_then(|mut s| s.counts().ok()).map_or(0, |c| c.documents);
            if landed > 0 || started.elapsed().as_secs() > 60 {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(150));
        child.kill().unwrap(); // SIGKILL
        let _ = child.wait();
        let mut store = corroborate_store::open(&db.url).unwrap();
        assert_eq!(store.check().unwrap().problems, Vec::<String>::new());
        let partial = store.counts().unwrap();
        assert!(partial.documents < 400, "the kill came too late to test anything: {partial:?}");
        // Every stored document is complete, and a re-run finishes the job.
        ok(&["ingest", "--db", &db.url, files.to_str().unwrap()]);
        let done = store.counts().unwrap();
        assert_eq!(done.documents, 400);
        assert!(store.check().unwrap().problems.is_empty());
    });
}

#[test]
fn dump_revisions_are_stored_in_both_backends() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("dump-fixture-for-ledger");
    let dump = dir.join("history.xml");
    std::fs::write(&dump, dump_xml()).unwrap();
    both("dump", |db| {
        ok(&["ingest", "--db", &db.url, dump.to_str().unwrap()]);
        ok(&["ingest", "--db", &db.url, dump.to_str().unwrap()]);
        let mut store = corroborate_store::open(&db.url).unwrap();
        let c = store.counts().unwrap();
        assert_eq!((c.documents, c.revisions), (1, 2), "{c:?}");
        assert!(store.check().unwrap().problems.is_empty());
        let rows =
            store.claims(&ClaimFilter { doc: Some("Soviet war crimes#1002".into()), ..Default::default() }).unwrap();
        assert!(rows.iter().any(|r| r.fields.quote == "between 30 and 166"));
    });
}

#[test]
fn parquet_export_reads_back() {
    if !has_shared() {
        return;
    }
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let db = sqlite("parquet");
    ok(&["ingest", "--db", &db.url, seeds().to_str().unwrap()]);
    let path = temp_dir("parquet-out").join("claims.parquet");
    ok(&["export", "--db", &db.url, "--format", "parquet", "-o", path.to_str().unwrap()]);
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap();
    let schema = reader.schema().clone();
    for col in [
        "doc",
        "start",
        "end",
        "low",
        "high",
        "unit",
        "qualifier",
        "act",
        "place",
        "year_start",
        "year_end",
        "stance",
        "review_state",
    ] {
        assert!(schema.field_with_name(col).is_ok(), "column {col} missing");
    }
    let rows: usize = reader.build().unwrap().map(|b| b.unwrap().num_rows()).sum();
    let claims = corroborate_store::open(&db.url).unwrap().counts().unwrap().claims;
    assert_eq!(rows as i64, claims);
}

#[test]
fn accounts_and_tokens() {
    use std::io::Write as _;
    both("accounts", |db| {
        let add = |name: &str, role: &str, password: &str| {
            corroborate_with_input(&["user", "add", "--db", &db.url, name, "--role", role], password)
        };
        assert!(add("ana", "reviewer", "s3cret passphrase\n").status.success());
        assert!(!add("ana", "reader", "other\n").status.success(), "names are unique");
        assert!(!add("ben", "reader", "\n").status.success(), "empty passwords are refused");
        for weak in ["a\n", "eleven char\n", "password1234\n", "QWERTY123456\n"] {
            let out = add("ben", "reader", weak);
            assert!(!out.status.success(), "{weak:?} was accepted");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("password"),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let token = ok(&["token", "create", "--db", &db.url, "ana"]);
        let token = token.trim();
        assert!(token.starts_with("cbt_"));
        let mut store = corroborate_store::open(&db.url).unwrap();
        let user = store.user("ana").unwrap().unwrap();
        assert!(corroborate_store::accounts::verify_password("s3cret passphrase", &user.password_hash));
        assert!(!corroborate_store::accounts::verify_password("wrong", &user.password_hash));
        let by_token = store.user_by_token(&corroborate_store::accounts::token_hash(token)).unwrap().unwrap();
        assert_eq!(by_token.name, "ana");
        assert!(by_token.role.can_review());
        assert!(store.user_by_token("nope").unwrap().is_none());
        assert!(!corroborate(&["token", "create", "--db", &db.url, "nobody"]).status.success());

        // Lifecycle: tokens listed with creation and last use, revoked by
        // id; users listed, disabled (tokens stop), enabled, re-passworded.
        let second = ok(&["token", "create", "--db", &db.url, "ana"]).trim().to_string();
        let list = ok(&["token", "list", "--db", &db.url]);
        let rows: Vec<&str> = list.lines().skip(1).collect();
        assert_eq!(rows.len(), 2, "{list}");
        let second_id = rows[1].split_whitespace().next().unwrap().to_string();
        assert!(rows[0].contains("ana") && rows[0].matches("T").count() >= 2, "first token used: {list}");
        assert!(rows[1].trim_end().ends_with('-'), "second token neither used nor revoked: {list}");
        assert!(ok(&["user", "list", "--db", &db.url])
            .lines()
            .any(|l| l.contains("ana") && l.contains("reviewer") && l.trim_end().ends_with('2')));
        let hash2 = corroborate_store::accounts::token_hash(&second);
        assert!(store.user_by_token(&hash2).unwrap().is_some());
        ok(&["token", "revoke", "--db", &db.url, &second_id]);
        assert!(store.user_by_token(&hash2).unwrap().is_none(), "a revoked token works");
        assert!(!corroborate(&["token", "revoke", "--db", &db.url, &second_id]).status.success(), "revoked twice");
        let hash1 = corroborate_store::accounts::token_hash(token);
        ok(&["user", "disable", "--db", &db.url, "ana"]);
        assert!(store.user("ana").unwrap().unwrap().disabled);
        assert!(store.user_by_token(&hash1).unwrap().is_none(), "a disabled user's token works");
        assert!(!corroborate(&["token", "create", "--db", &db.url, "ana"]).status.success());
        ok(&["user", "enable", "--db", &db.url, "ana"]);
        assert!(store.user_by_token(&hash1).unwrap().is_some());
        let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
            .args(["user", "passwd", "--db", &db.url, "ana"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"another long passphrase\n").unwrap();
        assert!(child.wait_with_output().unwrap().status.success());
        let user = store.user("ana").unwrap().unwrap();
        assert!(corroborate_store::accounts::verify_password("another long passphrase", &user.password_hash));
        assert!(!corroborate(&["user", "disable", "--db", &db.url, "nobody"]).status.success());
    });
}

#[test]
fn citation_markers_come_back_with_their_sentences() {
    if !has_shared() {
        return;
    }
    both("citations", |db| {
        ok(&["ingest", "--db", &db.url, seeds().join("002_dce3863f02dd146e.txt").to_str().unwrap()]);
        let mut store = corroborate_store::open(&db.url).unwrap();
        let (row, bytes) = store.document("002_dce3863f02dd146e.txt").unwrap();
        let cites = store.citations(row.id).unwrap();
        assert!(cites.len() > 20, "{}", cites.len());
        let starts: std::collections::HashSet<i64> =
            store.claims(&ClaimFilter::default()).unwrap().iter().map(|c| c.sentence_start).collect();
        assert!(cites.iter().any(|c| starts.contains(&c.sentence_start)), "some claim's sentence is cited");
        for c in &cites {
            let marker = String::from_utf8_lossy(&bytes[c.start as usize..c.end as usize]).to_string();
            assert!(marker.contains(&c.label), "{marker:?} vs {:?}", c.label);
            assert!(c.sentence_start <= c.start);
        }
    });
}
