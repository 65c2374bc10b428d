//! Bad input gets a clear message or a correct result, never a panic.

mod common;
use common::*;

fn no_panic(out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_ne!(out.status.code(), Some(101), "panic exit: {err}");
}

#[test]
fn empty_file_is_refused_clearly_and_others_still_run() {
    let d = temp_dir("bad-empty");
    std::fs::write(d.join("a_empty.txt"), b"").unwrap();
    std::fs::write(d.join("b_ok.txt"), b"At least 121 cases of rape were documented.").unwrap();
    let out = corroborate(&["extract", "--format", "jsonl", d.to_str().unwrap()]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a_empty.txt: the file is empty"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"low\":121.0"));
}

#[test]
fn binary_file_is_refused_clearly() {
    let d = temp_dir("bad-binary");
    let mut bytes = b"\x7fELF\x02\x01\x01\x00".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    std::fs::write(d.join("prog.bin"), bytes).unwrap();
    let out = corroborate(&["extract", d.join("prog.bin").to_str().unwrap()]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("looks binary"));
}

#[test]
fn invalid_utf8_keeps_true_offsets() {
    let d = temp_dir("bad-utf8");
    let mut bytes = b"Intro \xff\xfe text.\n\nSome \xc3 40,000 civilians were killed.\xe2\x82\n".to_vec();
    bytes.extend_from_slice(b"Between 2,420 and 24,380 women were abused \xf0\x9f.\n");
    std::fs::write(d.join("broken.txt"), &bytes).unwrap();
    let out = corroborate(&["extract", "--format", "jsonl", d.join("broken.txt").to_str().unwrap()]);
    no_panic(&out);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        let (s, e) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        assert_eq!(String::from_utf8_lossy(&bytes[s..e]), c["quote"].as_str().unwrap());
        n += 1;
    }
    assert_eq!(n, 2, "{text}");
}

#[test]
fn fifty_megabyte_file_gives_a_correct_result() {
    if !has_shared() {
        return;
    }
    let d = temp_dir("bad-big");
    let seed = std::fs::read(seeds().join("002_dce3863f02dd146e.txt")).unwrap();
    let one =
        corroborate(&["extract", "--format", "jsonl", seeds().join("002_dce3863f02dd146e.txt").to_str().unwrap()]);
    let per_copy = String::from_utf8(one.stdout).unwrap().lines().count();
    let copies = 50 * 1024 * 1024 / seed.len() + 1;
    let mut big = Vec::with_capacity(copies * (seed.len() + 2));
    for _ in 0..copies {
        big.extend_from_slice(&seed);
        big.extend_from_slice(b"\n\n");
    }
    assert!(big.len() >= 50 * 1024 * 1024);
    let path = d.join("big.txt");
    std::fs::write(&path, &big).unwrap();
    let out = corroborate(&["extract", "--format", "jsonl", path.to_str().unwrap()]);
    no_panic(&out);
    assert!(out.status.success());
    let n = out.stdout.iter().filter(|&&b| b == b'\n').count();
    // Each copy yields the same claims (the first copy's title becomes a
    // heading in later copies, which changes nothing for claims).
    assert!(n >= per_copy * copies * 95 / 100, "{n} claims for {copies} copies of {per_copy}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn missing_path_and_directory_loops_are_reported() {
    let out = corroborate(&["extract", "/nonexistent/file.txt"]);
    no_panic(&out);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/file.txt"));
}
