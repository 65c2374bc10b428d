//! MediaWiki XML dumps: a seed article's two revisions, packed into a small
//! dump (plain, bzip2, gzip), show the Treuenbrietzen figures changing
//! between the two revision ids.

mod common;
use common::*;
use std::io::Write;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The seed's rendered text as wikitext: its heading lines (short, no
/// closing punctuation, between blank lines) become `== … ==` headings.
fn as_wikitext(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let blank = |i: Option<&&str>| i.is_none_or(|l| l.trim().is_empty());
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim();
            let heading = !t.is_empty()
                && t.len() < 80
                && !t.ends_with(['.', ',', ';', ':', '"', ']'])
                && t.starts_with(char::is_uppercase)
                && (i == 0 || blank(lines.get(i - 1)))
                && blank(lines.get(i + 1));
            if heading { format!("== {t} ==") } else { l.to_string() }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A pages-meta-history dump with seed 002 as revision 1001 and seed 003
/// (the newer revision of the same article) as 1002, plus a talk page.
fn dump_xml() -> String {
    let old = as_wikitext(&std::fs::read_to_string(seeds().join("002_dce3863f02dd146e.txt")).unwrap());
    let new = as_wikitext(&std::fs::read_to_string(seeds().join("003_09a43a90a997e409.txt")).unwrap());
    format!(
        r#"<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
  <siteinfo><sitename>Wikipedia</sitename></siteinfo>
  <page>
    <title>Soviet war crimes</title><ns>0</ns><id>42</id>
    <revision><id>1001</id><timestamp>2015-03-01T10:00:00Z</timestamp><contributor><username>Older</username><id>1</id></contributor><text bytes="{}">{}</text></revision>
    <revision><id>1002</id><parentid>1001</parentid><timestamp>2023-06-01T10:00:00Z</timestamp><contributor><username>Newer</username><id>2</id></contributor><text bytes="{}">{}</text></revision>
  </page>
  <page><title>Talk:Soviet war crimes</title><ns>1</ns><id>43</id><revision><id>7</id><text>At least 5 comments.</text></revision></page>
</mediawiki>
"#,
        old.len(),
        escape(&old),
        new.len(),
        escape(&new)
    )
}

fn changes(path: &std::path::Path) -> Vec<serde_json::Value> {
    let out = corroborate(&["revisions", "--format", "jsonl", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn check(rows: &[serde_json::Value]) {
    let hit = rows.iter().find(|c| c["kind"] == "changed" && c["old"]["quote"] == "around 1000").expect("Treuenbrietzen change");
    assert_eq!(hit["new"]["quote"], "between 30 and 166");
    assert_eq!(hit["old_rev"], 1001);
    assert_eq!(hit["new_rev"], 1002);
    assert_eq!(hit["contributor"], "Newer");
    assert!(rows.iter().all(|c| c["page"] == "Soviet war crimes"), "talk pages are filtered out");
}

#[test]
fn revisions_of_a_plain_and_compressed_dump() {
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
    let dir = temp_dir("dump-cut");
    let xml = dump_xml();
    let cut = dir.join("cut.xml");
    std::fs::write(&cut, &xml[..xml.len() / 3]).unwrap();
    let out = corroborate(&["revisions", cut.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error:"));
}
