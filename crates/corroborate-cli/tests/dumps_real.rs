//! The real MediaWiki dumps in `../shared/corpus/real/dumps` read exactly
//! as MediaWiki wrote them (and as mediawiki-utilities' `mwxml` reads
//! them): every revision's text has the SHA-1 of its `<sha1>` (and the
//! byte length of its `<text bytes="N">` where one is stated), whatever the dump's
//! encoding (UTF-16) or line ends (CR LF); pages without `<ns>` get their
//! namespace from their title; an empty revision is handled the same way by
//! `extract` and `revisions`.

mod common;
use common::*;
use corroborate_doc::dump::{DumpReader, Revision};
use sha1::{Digest, Sha1};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

fn dumps() -> PathBuf {
    shared().join("corpus/real/dumps")
}

/// A real dump, decompressed.
fn open(name: &str) -> Box<dyn BufRead> {
    let path = dumps().join(name);
    let f = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if name.ends_with(".bz2") {
        Box::new(BufReader::new(bzip2::read::MultiBzDecoder::new(f)))
    } else if name.ends_with(".lzma") {
        let stream = liblzma::stream::Stream::new_lzma_decoder(u64::MAX).unwrap();
        Box::new(BufReader::new(liblzma::read::XzDecoder::new_stream(f, stream)))
    } else {
        Box::new(BufReader::new(f))
    }
}

/// Every revision of a dump, all namespaces.
fn revisions(name: &str) -> Vec<Revision> {
    DumpReader::new(open(name), None, 1 << 30).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The SHA-1 of a text as MediaWiki writes it in dumps: base 36, 31 digits.
fn sha1_base36(text: &str) -> String {
    let mut n: Vec<u8> = Sha1::digest(text.as_bytes()).to_vec();
    let mut digits = Vec::new();
    while n.iter().any(|&b| b != 0) {
        let mut rem = 0u32;
        for b in n.iter_mut() {
            let cur = (rem << 8) | u32::from(*b);
            *b = (cur / 36) as u8;
            rem = cur % 36;
        }
        digits.push(char::from_digit(rem, 36).unwrap());
    }
    while digits.len() < 31 {
        digits.push('0');
    }
    digits.iter().rev().collect()
}

/// Checks every revision's length and hash against what the dump states;
/// returns how many lengths and hashes were checked.
fn check(name: &str, revs: &[Revision], hashes: bool) -> (usize, usize) {
    let (mut lengths, mut sums) = (0, 0);
    for r in revs {
        let at = format!("{name}: {}#{}", r.title, r.rev_id);
        assert!(!r.text.contains('\r'), "{at}: a CR is left in the text");
        if let Some(bytes) = r.bytes {
            assert_eq!(r.text.len() as u64, bytes, "{at}: byte length");
            lengths += 1;
        }
        if let Some(sha1) = r.sha1.as_deref().filter(|_| hashes) {
            let hex: String = Sha1::digest(r.text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
            assert!(
                sha1 == sha1_base36(&r.text) || sha1 == hex,
                "{at}: sha1 {sha1} against {} / {hex}",
                sha1_base36(&r.text)
            );
            sums += 1;
        }
    }
    (lengths, sums)
}

#[test]
fn base36_sha1_is_mediawikis() {
    // The empty text's SHA-1, da39a3ee…, as MediaWiki writes it.
    assert_eq!(sha1_base36(""), "phoiac9h4m842xq45sp7s6u21eteeq1");
}

#[test]
fn every_revision_of_the_real_dumps_has_the_stated_length_and_sha1() {
    if !has_shared() {
        return;
    }
    // (dump, revisions, lengths checked, hashes checked): none of these
    // dumps states `<text bytes>`; the SHA-1 fixes the length too.
    let expected = [
        ("enwiki-articles-sample.xml.bz2", 206, 0, 206),
        ("enwiki-table-markup.xml.bz2", 5, 0, 5),
        ("bgwiki-utf16-sample.xml.bz2", 3, 0, 3),
        ("export-0.4-small.xml.lzma", 1, 0, 1),
    ];
    for (name, n, lengths, sums) in expected {
        let revs = revisions(name);
        assert_eq!(revs.len(), n, "{name}");
        assert_eq!(check(name, &revs, true), (lengths, sums), "{name}");
    }
    // mwxml's test dump gives one placeholder hash to three different
    // texts: only its lengths can be checked (it states none either).
    let revs = revisions("mwxml-sample.xml");
    assert_eq!(
        revs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
        ["Revision 1 text", "Revision 2 text", "Revision 3 text"]
    );
    assert_eq!(revs.iter().map(|r| r.ns).collect::<Vec<_>>(), [0, 0, 1]);
}

#[test]
fn the_utf16_crlf_dump_reads_as_its_utf8_twin() {
    if !has_shared() {
        return;
    }
    let revs = revisions("bgwiki-utf16-sample.xml.bz2");
    let article = &revs[0];
    assert_eq!((article.title.as_str(), article.ns), ("Григориански календар", 0));
    // 20,722 bytes with its 179 CRs; MediaWiki stored 20,543 (its sha1
    // matches, checked above).
    assert_eq!(article.text.len(), 20_543);
    assert_eq!(revs.iter().map(|r| r.ns).collect::<Vec<_>>(), [0, 4, 4], "Уикипедия: pages are the project namespace");

    let out =
        corroborate(&["extract", "--format", "jsonl", dumps().join("bgwiki-utf16-sample.xml.bz2").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let claims: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!claims.is_empty(), "the UTF-16 dump is read, not refused as binary");
    let doc = format!("{}#{}", article.title, article.rev_id);
    for c in &claims {
        assert_eq!(c["doc"], doc.as_str(), "only the article (namespace 0) is extracted");
        let (start, end) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        let original =
            article.text.get(start..end).unwrap_or_else(|| panic!("{c}: offsets off the text or inside a character"));
        // The quote is the clean text's; its digits are the original's.
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        assert_eq!(digits(original), digits(c["quote"].as_str().unwrap()), "{c}");
    }
}

#[test]
fn a_talk_page_without_ns_is_skipped_by_extract_and_revisions() {
    if !has_shared() {
        return;
    }
    let path = dumps().join("export-0.4-small.xml.lzma");
    let revs = revisions("export-0.4-small.xml.lzma");
    assert_eq!((revs[0].title.as_str(), revs[0].ns), ("Talk:Pilsbury Block", 1));
    for args in [&["extract", "--format", "jsonl"][..], &["revisions", "--format", "jsonl"][..]] {
        let mut args = args.to_vec();
        args.push(path.to_str().unwrap());
        let out = corroborate(&args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn the_first_2000_revisions_of_the_full_history_read_as_elementtree_reads_them() {
    if !has_shared() {
        return;
    }
    // export-0.4 states no lengths or hashes: the figures are Python's
    // xml.etree reading of the same 2,000 revisions.
    let mut reader = DumpReader::new(open("anarchism-full-history.xml.lzma"), None, 1 << 30);
    let (mut n, mut total, mut empty) = (0, 0, 0);
    for r in reader.by_ref().take(2000) {
        let r = r.unwrap();
        assert_eq!((r.title.as_str(), r.ns), ("Anarchism", 0));
        assert!(!r.text.contains('\r'));
        n += 1;
        total += r.text.len();
        empty += usize::from(r.is_empty());
    }
    assert_eq!((n, total, empty), (2000, 69_625_069, 301));
}

/// Revisions 290 to 294 of the real history, the 292nd blanked, as a
/// small dump.
fn blanked_history() -> (PathBuf, Vec<Revision>) {
    let revs: Vec<Revision> = DumpReader::new(open("anarchism-full-history.xml.lzma"), None, 1 << 30)
        .skip(289)
        .take(5)
        .map(Result::unwrap)
        .collect();
    assert!(revs[2].is_empty() && !revs[1].is_empty() && !revs[3].is_empty());
    let mut xml = String::from(
        "<mediawiki xmlns=\"http://www.mediawiki.org/xml/export-0.4/\">\n<page><title>Anarchism</title><id>12</id>\n",
    );
    for r in &revs {
        xml.push_str(&format!(
            "<revision><id>{}</id><timestamp>{}</timestamp><contributor><username>{}</username></contributor><text xml:space=\"preserve\">{}</text></revision>\n",
            r.rev_id,
            r.timestamp,
            escape(r.contributor.as_deref().unwrap_or("?")),
            escape(&r.text)
        ));
    }
    xml.push_str("</page></mediawiki>\n");
    let path = temp_dir("dumps-real-blanked").join("blanked.xml");
    std::fs::write(&path, xml).unwrap();
    (path, revs)
}

#[test]
fn an_empty_revision_is_handled_alike_by_extract_and_revisions() {
    if !has_shared() {
        return;
    }
    let (path, revs) = blanked_history();
    let note = format!("note: Anarchism#{}: empty revision (no text)\n", revs[2].rev_id);

    let out = corroborate(&["extract", "--format", "jsonl", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), note);
    let claims: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let count = |rev: u64| claims.iter().filter(|c| c["doc"] == format!("Anarchism#{rev}").as_str()).count();
    assert_eq!(count(revs[2].rev_id), 0);
    let (before, after) = (count(revs[1].rev_id), count(revs[3].rev_id));
    assert!(before > 0 && after > 0, "the revisions around the blanking have claims: {before}, {after}");

    let out = corroborate(&["revisions", "--format", "jsonl", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), note);
    let rows: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let kinds = |old: u64, new: u64| {
        rows.iter()
            .filter(|r| r["old_rev"] == old && r["new_rev"] == new)
            .map(|r| r["kind"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let blanking = kinds(revs[1].rev_id, revs[2].rev_id);
    assert_eq!(blanking.len(), before, "every claim removed by the blanking");
    assert!(blanking.iter().all(|k| k == "removed"), "{blanking:?}");
    let restoring = kinds(revs[2].rev_id, revs[3].rev_id);
    assert_eq!(restoring.len(), after, "every claim added back after it");
    assert!(restoring.iter().all(|k| k == "added"), "{restoring:?}");
}
