//! Crash safety: `ingest` and `serve` killed with SIGKILL at random points,
//! again and again, on SQLite and PostgreSQL. After each kill the ledger
//! passes its integrity and completeness check, and every review the
//! server acknowledged (HTTP 201) is in the log.
//!
//! The kill points come from a seed printed at the start of each test
//! (`CRASH_SEED=N` replays one).

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A small xorshift generator: kill points need to vary, not to be secret.
struct Rng(std::cell::Cell<u64>);

impl Rng {
    fn new(test: &str) -> Rng {
        let seed = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7)
                | 1
        });
        eprintln!("{test}: CRASH_SEED={seed}");
        Rng(std::cell::Cell::new(seed))
    }

    fn below(&self, n: u64) -> u64 {
        let mut x = self.0.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0.set(x);
        x % n
    }
}

#[test]
fn ingest_killed_again_and_again_loses_nothing() {
    let files = numbered_corpus("crash-corpus", 300);
    let rng = Rng::new("ingest");
    both("crash_ingest", |db| {
        let mut kills = 0;
        for _round in 0..5 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_corroborate"))
                .args(["ingest", "--db", &db.url, "--batch-mb", "1", files.to_str().unwrap()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(100 + rng.below(900)));
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL
                kills += 1;
            }
            let _ = child.wait();
            let mut store = corroborate_store::open(&db.url).unwrap();
            assert_eq!(store.check().unwrap().problems, Vec::<String>::new(), "after kill {kills}");
        }
        let out = corroborate(&["ingest", "--db", &db.url, files.to_str().unwrap()]);
        assert!(out.status.success());
        let mut store = corroborate_store::open(&db.url).unwrap();
        assert_eq!(store.counts().unwrap().documents, 300);
        assert!(store.check().unwrap().problems.is_empty());
        assert!(kills > 0, "no round was killed mid-ingest");
    });
}

#[test]
fn serve_killed_mid_review_keeps_every_acknowledged_review() {
    let rng = Rng::new("serve");
    both("crash_serve", |db| {
        let l = ledger(&db.url, &[&examples()]);
        let ids: Vec<i64> = corroborate_store::open(&db.url)
            .unwrap()
            .claims(&Default::default())
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        let acknowledged: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
        for round in 0..4 {
            let mut server = Server::start(&l.db);
            let stop = Arc::new(AtomicBool::new(false));
            let workers: Vec<_> = (0..4)
                .map(|w| {
                    let (url, token, ids, acks, stop) = (server.url.clone(), l.reviewer_token.clone(), ids.clone(), Arc::clone(&acknowledged), Arc::clone(&stop));
                    std::thread::spawn(move || {
                        let mut i = 0usize;
                        while !stop.load(Ordering::Relaxed) {
                            let claim = ids[(w * 7919 + i * 104_729) % ids.len()];
                            let note = format!("round {round} worker {w} review {i}");
                            let body = serde_json::json!({"action": "correct", "field": "place", "value": format!("Place {i}"), "note": note});
                            let res = ureq::post(&format!("{url}/api/v1/claims/{claim}/reviews"))
                                .set("Authorization", &format!("Bearer {token}"))
                                .timeout(Duration::from_secs(5))
                                .send_json(body);
                            match res {
                                Ok(r) if r.status() == 201 => acks.lock().unwrap().push((claim, note)),
                                Ok(r) => panic!("unexpected status {}", r.status()),
                                Err(ureq::Error::Status(code, r)) => panic!("refused: {code} {}", r.into_string().unwrap_or_default()),
                                Err(_) => break, // the server is gone
                            }
                            i += 1;
                        }
                    })
                })
                .collect();
            let started = Instant::now();
            std::thread::sleep(Duration::from_millis(150 + rng.below(600)));
            server.kill(); // SIGKILL, mid-review
            stop.store(true, Ordering::Relaxed);
            for w in workers {
                w.join().unwrap();
            }
            let mut store = corroborate_store::open(&db.url).unwrap();
            assert_eq!(store.check().unwrap().problems, Vec::<String>::new(), "round {round}");
            let acks = acknowledged.lock().unwrap();
            assert!(!acks.is_empty(), "no review was acknowledged in {:?}", started.elapsed());
            let mut notes: std::collections::HashMap<i64, Vec<String>> = Default::default();
            for claim in acks.iter().map(|(c, _)| *c).collect::<std::collections::BTreeSet<_>>() {
                notes.insert(claim, store.reviews(claim).unwrap().into_iter().filter_map(|r| r.note).collect());
            }
            for (claim, note) in acks.iter() {
                assert!(notes[claim].contains(note), "acknowledged review lost: claim {claim}, {note}");
            }
        }
        eprintln!("{} acknowledged reviews survived 4 kills", acknowledged.lock().unwrap().len());
    });
}
