//! The spreadsheet round trip (`export --format csv` → edit →
//! `import-reviews --as NAME`) and the self-contained HTML report.

mod common;
use common::*;

#[test]
fn a_spreadsheet_comes_back_as_reviews() {
    let dir = temp_dir("sheet");
    let db = dir.join("ledger.db");
    let db = db.to_str().unwrap();
    let l = ledger(db, &[&examples()]);
    let out = corroborate(&["export", "--db", db, "--format", "csv"]);
    assert!(out.status.success());
    let mut rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(&out.stdout[..]).records().map(Result::unwrap).collect();
    let header: Vec<String> =
        csv::Reader::from_reader(&out.stdout[..]).headers().unwrap().iter().map(str::to_string).collect();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let edit = |r: &csv::StringRecord, name: &str, value: &str| {
        let mut v: Vec<String> = r.iter().map(str::to_string).collect();
        v[col(name)] = value.to_string();
        csv::StringRecord::from(v)
    };
    let ids: Vec<String> = rows.iter().take(4).map(|r| r[col("id")].to_string()).collect();
    rows[0] = edit(&rows[0], "place", "Spreadsheet Town");
    rows[1] = edit(&rows[1], "review_state", "rejected");
    rows[2] = edit(&rows[2], "stance", "disputed");
    rows[3] = edit(&rows[3], "quote", "a different quote");
    // Someone reviews claim 3 after the export: that row must be refused.
    let server = Server::start(db);
    let review = http()
        .post(&format!("{}/api/v1/claims/{}/reviews", server.url, ids[2]))
        .set("Authorization", &format!("Bearer {}", l.reviewer_token))
        .set("Content-Type", "application/json");
    assert_eq!(send(review, Some(br#"{"action":"confirm"}"#)).0, 201);
    // And a claim that is not in the ledger.
    let mut ghost: Vec<String> = rows[5].iter().map(str::to_string).collect();
    ghost[col("id")] = "999999".into();
    rows.push(csv::StringRecord::from(ghost));

    let sheet = dir.join("edited.csv");
    let mut w = csv::Writer::from_path(&sheet).unwrap();
    w.write_record(&header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();

    let out = corroborate(&["import-reviews", "--db", db, "--as", "ana", sheet.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "refused rows exit 1: {report}");
    assert!(report.contains(&format!("claim {}: place → Spreadsheet Town", ids[0])), "{report}");
    assert!(report.contains(&format!("claim {}: claim → rejected", ids[1])), "{report}");
    // Ana reviewed it herself through the API: the refusal says so rather
    // than blaming "someone else".
    assert!(
        report.contains(&format!("(claim {}): reviewed since the export by you (ana) (review #", ids[2])),
        "{report}"
    );
    assert!(!report.contains("someone else"), "{report}");
    assert!(report.contains(&format!("(claim {}): the quote column", ids[3])), "{report}");
    assert!(report.contains("(claim 999999): the claim no longer exists"), "{report}");
    assert!(report.contains("2 reviews recorded by ana"), "{report}");

    let mut store = corroborate_store::open(db).unwrap();
    let log = store.reviews(ids[0].parse().unwrap()).unwrap();
    assert_eq!((log[0].reviewer.as_str(), log[0].new_value.as_deref()), ("ana", Some("Spreadsheet Town")));
    assert!(log[0].note.as_deref().unwrap().contains("edited.csv"));
    // Importing the same sheet again changes nothing more: its rows are now stale.
    let again = corroborate(&["import-reviews", "--db", db, "--as", "ana", sheet.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 reviews recorded"));
    // Readers cannot import.
    let out = corroborate(&["import-reviews", "--db", db, "--as", "rita", sheet.to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("reader"));
}

#[test]
fn the_report_stands_alone() {
    let dir = temp_dir("report");
    let hostile = dir.join("hostile.txt");
    std::fs::write(&hostile, "Witnesses said <script>alert(1)</script> that 40 people were killed in 1943.\n").unwrap();
    let out_file = dir.join("report.html");
    let out = corroborate(&[
        "report",
        "-o",
        out_file.to_str().unwrap(),
        examples().to_str().unwrap(),
        hostile.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&out_file).unwrap();
    // Self-contained: no script, no outside resource.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("stylesheet"));
    assert!(html.contains("<style>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Documents with their claims marked, groups with charts and conflicts.
    assert!(html.matches("class=\"claim act-").count() > 50);
    assert!(html.contains("<svg") && html.contains("Conflict: "));
    for d in ["000_57338518f3dc0b18.txt", "003_09a43a90a997e409.txt", "hostile.txt"] {
        assert!(html.contains(&format!("id=\"doc-{d}\"")), "{d}");
    }
    // Every in-page link has its target.
    for href in html.split("href=\"#").skip(1).map(|s| s.split('"').next().unwrap()) {
        assert!(html.contains(&format!("id=\"{href}\"")), "dangling link #{href}");
    }
}
