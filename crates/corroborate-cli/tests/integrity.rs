//! The ledger keeps every byte it is given: issue 13's reproduction (real
//! pages, then a real dump, then both again), every shared statement run on
//! both backends and read back, and `corroborate check` after each.

mod common;
use common::*;
use corroborate_store::{
    ClaimFields, ClaimFilter, DocFrame, NewCitation, NewClaim, NewDocument, NewPage, NewReview, NewRevision,
    NewSentence,
};
use std::io::Write;
use std::path::Path;

fn ok(args: &[&str]) -> String {
    let out = corroborate(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `corroborate check` is clean and says what it verified.
fn check_is_clean(db: &str) {
    let out = corroborate(&["check", "--db", db]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.is_empty(), "check found: {stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 problems"));
}

/// The seed fixture dump (seeds 002 and 003 as two revisions), gzipped.
fn fixture_dump(dir: &Path) -> std::path::PathBuf {
    let dump = dir.join("history.xml.gz");
    let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&dump).unwrap(), flate2::Compression::fast());
    e.write_all(dump_xml().as_bytes()).unwrap();
    e.finish().unwrap();
    dump
}

/// Real pages, then a real dump: before the fix, the dump's page updates
/// wrote page ids into the `bytes` of 36–46 earlier documents.
#[test]
fn a_mixed_ingest_keeps_every_documents_bytes() {
    if !has_shared() {
        return;
    }
    both("mixed", |db| {
        let real = shared().join("corpus/real");
        let folders = [real.join("news-html"), real.join("html"), seeds()];
        let dump = fixture_dump(&temp_dir(&format!("mixed-{}", db.url.len())));
        let mut args = vec!["ingest", "--db", &db.url];
        let paths: Vec<String> = folders.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        args.extend(paths.iter().map(String::as_str));
        let articles = real.join("dumps/enwiki-articles-sample.xml.bz2");
        let dumps = [articles.to_string_lossy().into_owned(), dump.to_string_lossy().into_owned()];
        for _ in 0..2 {
            ok(&args);
            ok(&["ingest", "--db", &db.url, &dumps[0], &dumps[1]]);
        }
        check_is_clean(&db.url);
        let mut store = corroborate_store::open(&db.url).unwrap();
        assert!(store.check().unwrap().problems.is_empty());
        // Every file's stored bytes are the file's bytes.
        let mut files = 0;
        for folder in &folders {
            for f in std::fs::read_dir(folder).unwrap() {
                let f = f.unwrap().path();
                let name = f.file_name().unwrap().to_str().unwrap();
                if name.ends_with(".md") && !folder.ends_with("seeds") {
                    continue;
                }
                // By full hash: a file whose bytes repeat another's is stored once.
                let want = std::fs::read(&f).unwrap();
                let (row, bytes) =
                    store.document(&corroborate_store::sha256_hex(&want)).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(bytes, want, "{name}");
                assert_eq!(row.size as usize, bytes.len(), "{name}");
                files += 1;
            }
        }
        assert!(files > 100, "{files}");
        // `docs` and `show` work; a page shows its latest revision and its claims.
        let docs = ok(&["docs", "--db", &db.url]);
        assert!(docs.contains("Soviet war crimes"), "{docs}");
        let (page, bytes) = store.document("Soviet war crimes").unwrap();
        let newest = as_wikitext(&std::fs::read_to_string(seeds().join("003_09a43a90a997e409.txt")).unwrap());
        assert_eq!(bytes, newest.as_bytes());
        assert!(page.claims > 50, "{page:?}");
        assert_eq!(page.hash, corroborate_store::sha256_hex(newest.as_bytes()));
        let shown = ok(&["show", "--db", &db.url, "Soviet war crimes"]);
        assert!(shown.contains("between 30 and 166"), "{}", &shown[..shown.len().min(500)]);
        ok(&["show", "--db", &db.url, "la-nacion.source.html"]);
    });
}

fn fields(start: i64, quote: &str, act: &str) -> ClaimFields {
    ClaimFields {
        start,
        end: start + quote.len() as i64,
        quote: quote.into(),
        low: Some(121.0),
        high: None,
        unit: "count".into(),
        qualifier: "at_least".into(),
        act: Some(act.into()),
        subject: Some("women".into()),
        place: Some("Belgrade".into()),
        year_start: Some(1944),
        year_end: Some(1945),
        perpetrator: Some("soldiers".into()),
        source: Some("a report".into()),
        stance: "reported".into(),
    }
}

fn document(name: &str, text: &str, quote: &str, act: &str) -> NewDocument {
    let start = text.find(quote).unwrap() as i64;
    NewDocument {
        name: name.into(),
        origin: format!("/in/{name}"),
        format: "text".into(),
        hash: corroborate_store::sha256_hex(text.as_bytes()),
        bytes: text.as_bytes().to_vec(),
        title: Some(format!("Title of {name}")),
        sentences: vec![NewSentence { start: 0, end: text.len() as i64, text: text.into() }],
        citations: vec![NewCitation {
            sentence: Some(0),
            start: 1,
            end: 3,
            kind: "reference".into(),
            label: "7".into(),
        }],
        claims: vec![NewClaim {
            fields: fields(start, quote, act),
            sentence: 0,
            place_path: vec!["Belgrade".into(), "Serbia".into()],
            extractor: "test-1".into(),
        }],
        frame: DocFrame { place: Some("Belgrade".into()), year_start: Some(1944), year_end: Some(1945) },
    }
}

/// Every shared statement, run through the `Store` API on both backends,
/// writes exactly what it was given, each value in its own column.
#[test]
fn every_statement_writes_what_it_is_given() {
    both("statements", |db| {
        let mut store = corroborate_store::open(&db.url).unwrap();
        let a = document("a.txt", "At least 121 women were raped.", "At least 121", "raped");
        let b = document("b.txt", "Some 4,000 people were deported.", "4,000", "deported");
        let stats = store.ingest(&[a.clone(), b.clone()]).unwrap();
        assert_eq!((stats.added, stats.claims), (2, 2));
        assert!(store.has_hash(&a.hash).unwrap());
        // A page whose revisions come out of time order: the page shows the
        // latest by timestamp, not the last given.
        let page = NewPage { title: "Page".into(), origin: "/in/dump.xml".into(), key: "mediawiki-page:9:Page".into() };
        let newer = NewRevision {
            rev_id: "20".into(),
            parent: Some("10".into()),
            timestamp: "2020-01-01T00:00:00Z".into(),
            contributor: Some("Newer".into()),
            doc: document("Page#20", "Over 2,000 were killed.", "Over 2,000", "killed"),
        };
        let older = NewRevision {
            rev_id: "10".into(),
            parent: None,
            timestamp: "2010-01-01T00:00:00Z".into(),
            contributor: Some("Older".into()),
            doc: document("Page#10", "About 1,000 were killed.", "About 1,000", "killed"),
        };
        store.ingest_revisions(&page, std::slice::from_ref(&newer)).unwrap();
        store.ingest_revisions(&page, std::slice::from_ref(&older)).unwrap();
        let docs = store.documents().unwrap();
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Page", "a.txt", "b.txt"]);
        let da = &docs[1];
        assert_eq!(
            (da.origin.as_str(), da.format.as_str(), da.hash.as_str(), da.title.as_deref(), da.size, da.claims),
            ("/in/a.txt", "text", a.hash.as_str(), Some("Title of a.txt"), a.bytes.len() as i64, 1)
        );
        assert_eq!(da.frame, a.frame);
        let (p, bytes) = store.document("Page").unwrap();
        assert_eq!(bytes, newer.doc.bytes);
        assert_eq!((p.hash.as_str(), p.claims, p.size), (newer.doc.hash.as_str(), 1, newer.doc.bytes.len() as i64));
        assert_eq!(p.frame, newer.doc.frame, "a page's frame is its latest revision's");
        assert_eq!(store.document(&a.hash[..12]).unwrap().1, a.bytes);
        assert_eq!(store.document(&da.id.to_string()).unwrap().1, a.bytes);
        // Claims: every column back as written, with its sentence.
        let got = store.claims(&ClaimFilter { doc: Some("a.txt".into()), ..Default::default() }).unwrap();
        assert_eq!(got.len(), 1);
        let c = &got[0];
        assert_eq!(c.fields, a.claims[0].fields);
        assert_eq!(
            (c.sentence_start, c.sentence_end, c.sentence.as_str(), c.extractor.as_str()),
            (0, a.bytes.len() as i64, "At least 121 women were raped.", "test-1")
        );
        let in_serbia = store.claims(&ClaimFilter { place: Some("Serbia".into()), ..Default::default() }).unwrap();
        assert_eq!(in_serbia.len(), 4);
        let page_claims = store.claims(&ClaimFilter { document_id: Some(p.id), ..Default::default() }).unwrap();
        assert_eq!(page_claims.iter().map(|c| c.fields.quote.as_str()).collect::<Vec<_>>(), ["Over 2,000"]);
        // Citations, revisions, reviews, users and tokens.
        let cites = store.citations(da.id).unwrap();
        assert_eq!(
            (
                cites.len(),
                cites[0].start,
                cites[0].end,
                cites[0].kind.as_str(),
                cites[0].label.as_str(),
                cites[0].sentence_start
            ),
            (1, 1, 3, "reference", "7", 0)
        );
        let revs = store.revisions().unwrap();
        #[allow(clippy::type_complexity)]
        let r: Vec<(&str, Option<&str>, Option<&str>, Option<&str>, i64)> = revs
            .iter()
            .map(|r| {
                (r.rev_id.as_str(), r.parent.as_deref(), r.timestamp.as_deref(), r.contributor.as_deref(), r.claims)
            })
            .collect();
        assert_eq!(
            r,
            [
                ("10", None, Some("2010-01-01T00:00:00Z"), Some("Older"), 1),
                ("20", Some("10"), Some("2020-01-01T00:00:00Z"), Some("Newer"), 1)
            ]
        );
        // One revision by id, or the page's latest, with its bytes.
        let (r10, b10) = store.revision(p.id, Some("10")).unwrap().unwrap();
        assert_eq!(
            (r10.page.as_str(), r10.rev_id.as_str(), r10.contributor.as_deref(), b10),
            ("Page", "10", Some("Older"), older.doc.bytes.clone())
        );
        let (latest, b20) = store.revision(p.id, None).unwrap().unwrap();
        assert_eq!(
            (latest.rev_id.as_str(), latest.timestamp.as_deref(), b20),
            ("20", Some("2020-01-01T00:00:00Z"), newer.doc.bytes.clone())
        );
        assert!(store.revision(p.id, Some("99")).unwrap().is_none());
        assert!(store.revision(da.id, None).unwrap().is_none(), "a plain document has no revisions");
        let id = store
            .review(&NewReview {
                claim_id: c.id,
                reviewer: "ana".into(),
                field: "low".into(),
                new_value: Some("120".into()),
                note: Some("a note".into()),
            })
            .unwrap();
        let log = store.reviews(c.id).unwrap();
        assert_eq!(
            (
                log[0].id,
                log[0].claim_id,
                log[0].reviewer.as_str(),
                log[0].field.as_str(),
                log[0].old_value.as_deref(),
                log[0].new_value.as_deref(),
                log[0].note.as_deref()
            ),
            (id, c.id, "ana", "low", Some("121"), Some("120"), Some("a note"))
        );
        let uid = store.add_user("ana", corroborate_store::accounts::Role::Reviewer, "hash-of-ana").unwrap();
        store.add_token(uid, "token-hash").unwrap();
        let u = store.user_by_token("token-hash").unwrap().unwrap();
        assert_eq!((u.id, u.name.as_str()), (uid, "ana"));
        assert_eq!(store.user("ana").unwrap().unwrap().id, uid);
        // The account lifecycle: listing, last use, revoking, disabling,
        // a new password.
        let users = store.users().unwrap();
        assert_eq!(
            (users.len(), users[0].name.as_str(), users[0].tokens, users[0].disabled_at.as_deref()),
            (1, "ana", 1, None)
        );
        let tokens = store.tokens().unwrap();
        assert_eq!((tokens.len(), tokens[0].user.as_str(), tokens[0].revoked_at.as_deref()), (1, "ana", None));
        assert!(tokens[0].last_used_at.as_deref().is_some_and(|t| t.starts_with("20")), "{tokens:?}");
        assert!(store.set_password("ana", "new-hash").unwrap());
        assert_eq!(store.user("ana").unwrap().unwrap().password_hash, "new-hash");
        assert!(store.set_user_disabled("ana", true).unwrap());
        assert!(store.user("ana").unwrap().unwrap().disabled && store.user_by_token("token-hash").unwrap().is_none());
        assert!(store.set_user_disabled("ana", false).unwrap());
        assert!(!store.set_user_disabled("nobody", true).unwrap() && !store.set_password("nobody", "h").unwrap());
        assert!(store.revoke_token(tokens[0].id).unwrap() && !store.revoke_token(tokens[0].id).unwrap());
        assert!(store.user_by_token("token-hash").unwrap().is_none());
        assert_eq!(store.users().unwrap()[0].tokens, 0);
        // A review the rules refuse writes nothing.
        let bad = NewReview {
            claim_id: c.id,
            reviewer: "ana".into(),
            field: "high".into(),
            new_value: Some("3".into()),
            note: None,
        };
        assert!(matches!(store.review(&bad), Err(corroborate_store::StoreError::Invalid(i)) if i.field == "high"));
        let n = store.counts().unwrap();
        assert_eq!((n.documents, n.revisions, n.sentences, n.citations, n.claims, n.reviews), (3, 2, 4, 4, 4, 1));
        assert_eq!(store.version().unwrap().1, id);
        let v = store.check().unwrap();
        assert!(v.problems.is_empty(), "{:?}", v.problems);
        assert_eq!(v.seen, (3, 2, 4));
        drop(store);
        check_is_clean(&db.url);
    });
}

/// `check` finds bytes that no longer hash to their hash and claims whose
/// bytes do not hold their quote (what the binding bug did).
#[test]
fn check_finds_damaged_bytes() {
    let db = sqlite("damage");
    let mut store = corroborate_store::open(&db.url).unwrap();
    store.ingest(&[document("a.txt", "At least 121 women were raped.", "At least 121", "raped")]).unwrap();
    drop(store);
    // What the binding bug did: an integer where the bytes belong.
    let conn = rusqlite::Connection::open(&db.url).unwrap();
    conn.execute("UPDATE documents SET bytes = 217", []).unwrap();
    drop(conn);
    let out = corroborate(&["check", "--db", &db.url]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("do not hash") && stdout.contains("do not hold its quote"), "{stdout}");
}
