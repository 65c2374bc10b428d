//! MediaWiki XML dumps: a seed article's two revisions, packed into a small
//! dump (plain, bzip2, gzip), show the Treuenbrietzen figures changing
//! between the two revision ids.

mod common;
use common::*;
use std::io::Write;

fn changes(path: &std::path::Path) -> Vec<serde_json::Value> {
    let out = corroborate(&["revisions", "--format", "jsonl", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn check(rows: &[serde_json::Value]) {
    let hit = rows
        .iter()
        .find(|c| c["kind"] == "changed" && c["old"]["quote"] == "around 1000")
        .expect("Treuenbrietzen change");
    assert_eq!(hit["new"]["quote"], "between 30 and 166");
    assert_eq!(hit["old_rev"], 1001);
    assert_eq!(hit["new_rev"], 1002);
    assert_eq!(hit["contributor"], "Newer");
    assert!(rows.iter().all(|c| c["page"] == "Soviet war crimes"), "talk pages are filtered out");
}

#[test]
fn revisions_of_a_plain_and_compressed_dump() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("dumps");
    let xml = dump_xml();
    let plain = dir.join("history.xml");
    std::fs::write(&plain, &xml).unwrap();
    check(&changes(&plain));

    let bz = dir.join("history.xml.bz2");
    let mut e = bzip2::write::BzEncoder::new(std::fs::File::create(&bz).unwrap(), bzip2::Compression::fast());
    e.write_all(xml.as_bytes()).unwrap();
    e.finish().unwrap();
    check(&changes(&bz));

    let gz = dir.join("history.xml.gz");
    let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::fast());
    e.write_all(xml.as_bytes()).unwrap();
    e.finish().unwrap();
    check(&changes(&gz));
}

#[test]
fn extract_reads_every_revision_of_a_dump() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("dump-extract");
    let plain = dir.join("history.xml");
    std::fs::write(&plain, dump_xml()).unwrap();
    let out = corroborate(&["extract", "--format", "jsonl", plain.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"doc\":\"Soviet war crimes#1001\""));
    assert!(text.contains("\"doc\":\"Soviet war crimes#1002\""));
    assert!(!text.contains("Talk:"));
}

#[test]
fn a_truncated_dump_is_an_error_not_a_panic() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("dump-cut");
    let xml = dump_xml();
    let cut = dir.join("cut.xml");
    std::fs::write(&cut, &xml[..xml.len() / 3]).unwrap();
    let out = corroborate(&["revisions", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error:"));
}

#[test]
fn a_dump_ingests_as_one_document_with_revisions() {
    if !has_shared() {
        return;
    }
    let dir = temp_dir("dump-ingest");
    let dump = dir.join("history.xml.gz");
    let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&dump).unwrap(), flate2::Compression::fast());
    e.write_all(dump_xml().as_bytes()).unwrap();
    e.finish().unwrap();
    let db = dir.join("ledger.db");
    for _ in 0..2 {
        let out = corroborate(&["ingest", "--db", db.to_str().unwrap(), "--batch-mb", "1", dump.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let mut store = corroborate_store::open(db.to_str().unwrap()).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.documents, counts.revisions), (1, 2), "{counts:?}");
    assert!(store.check().unwrap().problems.is_empty());
    let out =
        corroborate(&["claims", "--db", db.to_str().unwrap(), "--doc", "Soviet war crimes#1002", "--format", "jsonl"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"quote\":\"between 30 and 166\""), "{}", &text[..text.len().min(300)]);
    let out =
        corroborate(&["claims", "--db", db.to_str().unwrap(), "--doc", "Soviet war crimes#1001", "--format", "jsonl"]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("\"quote\":\"around 1000\""));
    // Which edit changed the figure, from the ledger.
    let out = corroborate(&["revisions", "--db", db.to_str().unwrap(), "--format", "jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<serde_json::Value> =
        String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // Who and when come from the ledger too, exactly as the dump path
    // prints them.
    check(&rows);
    assert_eq!(
        String::from_utf8(out.stdout.clone()).unwrap(),
        String::from_utf8(corroborate(&["revisions", "--format", "jsonl", dump.to_str().unwrap()]).stdout).unwrap()
    );
}

/// What the ledger stores for each revision of a dump is what the dump
/// says: the revision id, its parent, its timestamp and its contributor (a
/// user name, an IP address, or none where the dump hides it), on both
/// backends.
#[test]
fn the_ledger_keeps_each_revisions_timestamp_and_contributor() {
    let dir = temp_dir("dump-revision-meta");
    let dump = dir.join("meta.xml");
    let rev = |id: &str, parent: &str, ts: &str, who: &str, n: u32| {
        format!(
            "<revision><id>{id}</id>{parent}<timestamp>{ts}</timestamp>{who}<text bytes=\"1\">In 1999 at least {n} houses were destroyed.</text></revision>"
        )
    };
    let xml = format!(
        r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
  <siteinfo><sitename>Test wiki</sitename></siteinfo>
  <page><title>Valley raids</title><ns>0</ns><id>5</id>
    {}
    {}
    {}
  </page>
</mediawiki>
"#,
        rev(
            "301",
            "",
            "2011-02-03T04:05:06Z",
            "<contributor><username>Archivist Ö</username><id>9</id></contributor>",
            40
        ),
        rev(
            "302",
            "<parentid>301</parentid>",
            "2012-07-08T09:10:11Z",
            "<contributor><ip>192.0.2.7</ip></contributor>",
            45
        ),
        rev("303", "<parentid>302</parentid>", "2013-12-31T23:59:59Z", "<contributor deleted=\"deleted\" />", 50),
    );
    std::fs::write(&dump, xml).unwrap();
    both("revision-meta", |db| {
        let out = corroborate(&["ingest", "--db", &db.url, dump.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut store = corroborate_store::open(&db.url).unwrap();
        let revs = store.revisions().unwrap();
        #[allow(clippy::type_complexity)]
        let got: Vec<(&str, &str, Option<&str>, Option<&str>, Option<&str>, i64)> = revs
            .iter()
            .map(|r| {
                (
                    r.page.as_str(),
                    r.rev_id.as_str(),
                    r.parent.as_deref(),
                    r.timestamp.as_deref(),
                    r.contributor.as_deref(),
                    r.claims,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Valley raids", "301", None, Some("2011-02-03T04:05:06Z"), Some("Archivist Ö"), 1),
                ("Valley raids", "302", Some("301"), Some("2012-07-08T09:10:11Z"), Some("192.0.2.7"), 1),
                ("Valley raids", "303", Some("302"), Some("2013-12-31T23:59:59Z"), None, 1),
            ]
        );
        // `show` prints them back for one revision.
        let out = corroborate(&["show", "--db", &db.url, "Valley raids#302"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("192.0.2.7") && text.contains("2012-07-08T09:10:11Z"), "{text}");
        assert!(store.check().unwrap().problems.is_empty());
    });
}
