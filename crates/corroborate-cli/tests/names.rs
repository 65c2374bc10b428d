//! Document names: a file's path relative to the folder given on the
//! command line, so two files of one name in different folders stay two
//! names; references by a file name alone find the one document that ends
//! in it, or list every candidate with its origin.

mod common;
use common::*;

fn ok(args: &[&str]) -> String {
    let out = corroborate(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A folder holding `a/report.txt` and `b/report.txt` (different texts)
/// and `top.txt`.
fn two_reports(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    for (sub, n) in [("a", 40), ("b", 75)] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        let text = format!("Field report.\n\nAt least {n} civilians were killed in the village in 1993.\n");
        std::fs::write(dir.join(sub).join("report.txt"), text).unwrap();
    }
    std::fs::write(dir.join("top.txt"), "Some 300 people were detained in 1994.\n").unwrap();
    dir
}

fn jsonl(out: &str) -> Vec<serde_json::Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn extract_names_files_by_their_path_below_the_root() {
    if !has_shared() {
        return;
    }
    let dir = two_reports("names-extract");
    let rows = jsonl(&ok(&["extract", "--format", "jsonl", dir.to_str().unwrap()]));
    let mut docs: Vec<&str> = rows.iter().map(|r| r["doc"].as_str().unwrap()).collect();
    docs.dedup();
    assert_eq!(docs, ["a/report.txt", "b/report.txt", "top.txt"]);
    // A file given on its own keeps its file name.
    let rows = jsonl(&ok(&["extract", "--format", "jsonl", dir.join("a/report.txt").to_str().unwrap()]));
    assert!(rows.iter().all(|r| r["doc"] == "report.txt"), "{rows:?}");
    // The seeds folder as the root: names are the file names the gold uses.
    let rows = jsonl(&ok(&["extract", "--format", "jsonl", seeds().to_str().unwrap()]));
    assert!(rows.iter().any(|r| r["doc"] == "000_57338518f3dc0b18.txt"));
    assert!(rows.iter().all(|r| !r["doc"].as_str().unwrap().contains('/')));
}

#[test]
fn references_by_file_name_find_one_document_or_list_the_candidates() {
    both("names", |db| {
        let dir = two_reports(&format!("names-ledger-{}", db.url.len()));
        ok(&["ingest", "--db", &db.url, dir.to_str().unwrap()]);
        let docs = jsonl(&ok(&["docs", "--db", &db.url, "--format", "jsonl"]));
        let names: Vec<&str> = docs.iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["a/report.txt", "b/report.txt", "top.txt"]);

        // A file name two documents end in: an error naming both, with origins.
        let out = corroborate(&["show", "--db", &db.url, "report.txt"]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("a/report.txt") && err.contains("b/report.txt"), "{err}");
        assert!(err.contains(&dir.join("a/report.txt").display().to_string()), "origin missing: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");

        // The relative path opens one; so does the one file name no other ends in.
        let a = ok(&["show", "--db", &db.url, "a/report.txt", "--format", "jsonl"]);
        assert!(a.contains("At least 40") && !a.contains("75"), "{a}");
        let b = jsonl(&ok(&["claims", "--db", &db.url, "--doc", "b/report.txt", "--format", "jsonl"]));
        assert_eq!(b.len(), 1);
        assert_eq!(b[0]["doc"], "b/report.txt");
        ok(&["show", "--db", &db.url, "top.txt"]);

        // The API and the pages resolve the encoded name.
        let out =
            corroborate_with_input(&["user", "add", "--db", &db.url, "rita", "--role", "reader"], "rita-passphrase\n");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let token = ok(&["token", "create", "--db", &db.url, "rita"]).trim().to_string();
        let s = Server::start(&db.url);
        let (code, res) = send(
            http()
                .get(&format!("{}/api/v1/documents/a%2Freport.txt", s.url))
                .set("Authorization", &format!("Bearer {}", token)),
            None,
        );
        assert_eq!(code, 200);
        let body: serde_json::Value = serde_json::from_str(&res.into_string().unwrap()).unwrap();
        assert_eq!(body["document"]["name"], "a/report.txt");
        let (code, res) = send(
            http()
                .get(&format!("{}/api/v1/documents/report.txt", s.url))
                .set("Authorization", &format!("Bearer {}", token)),
            None,
        );
        assert_eq!(code, 400, "{}", res.into_string().unwrap());

        // A single file ingested alone keeps its file name.
        let single = temp_dir(&format!("names-single-{}", db.url.len()));
        std::fs::write(single.join("alone.txt"), "About 60 houses were destroyed in 1992.\n").unwrap();
        ok(&["ingest", "--db", &db.url, single.join("alone.txt").to_str().unwrap()]);
        ok(&["show", "--db", &db.url, "alone.txt"]);
        assert!(corroborate_store::open(&db.url).unwrap().check().unwrap().problems.is_empty());
    });
}
