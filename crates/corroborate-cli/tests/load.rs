//! Load: `corroborate serve` on loopback driven from this (second) process
//! by 50 concurrent clients with a bounded number of requests, mixed reads
//! and reviews. No request may fail and no acknowledged review may be
//! lost; throughput and p50/p99 latency are printed.
//!
//! `bench/load.sh` runs it with more requests and `LOAD_ASSERT_P99=1`,
//! which also requires p99 under 100 ms for reads; the suite itself checks
//! correctness only (timings on a shared CI machine are not a test).

mod common;
use common::*;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const CLIENTS: usize = 50;

#[derive(Default)]
struct Tally {
    reads: Vec<Duration>,
    writes: Vec<Duration>,
    failures: Vec<String>,
    acknowledged: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

#[test]
fn fifty_clients_mixed_reads_and_reviews() {
    let per_client: usize = std::env::var("LOAD_REQUESTS").ok().and_then(|v| v.parse().ok()).unwrap_or(4000) / CLIENTS;
    let dir = temp_dir("load");
    let db = dir.join("ledger.db");
    let corpus = examples();
    let l = ledger(db.to_str().unwrap(), &[&corpus]);
    let mut store = corroborate_store::open(&l.db).unwrap();
    let ids: Vec<i64> = store.claims(&Default::default()).unwrap().iter().map(|c| c.id).collect();
    let docs: Vec<String> = store.documents().unwrap().into_iter().map(|d| d.name).collect();
    let server = Server::start(&l.db);
    let tally = Mutex::new(Tally::default());
    let started = Instant::now();
    std::thread::scope(|s| {
        for client in 0..CLIENTS {
            let (server, l, ids, docs, tally) = (&server, &l, &ids, &docs, &tally);
            s.spawn(move || {
                let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
                let (reader, reviewer) = (format!("Bearer {}", l.reader_token), format!("Bearer {}", l.reviewer_token));
                let mut mine = Tally::default();
                for i in 0..per_client {
                    let n = client * 7919 + i * 31;
                    let claim = ids[n % ids.len()];
                    let t = Instant::now();
                    let (write, res) = match i % 10 {
                        0 => {
                            let body = serde_json::json!({"action": "correct", "field": "subject", "value": format!("load {client}-{i}"), "note": "load test"});
                            (true, agent.post(&format!("{}/api/v1/claims/{claim}/reviews", server.url)).set("Authorization", &reviewer).send_json(body))
                        }
                        1 | 2 => (false, agent.get(&format!("{}/api/v1/claims?per_page=50&page={}", server.url, 1 + n % 4)).set("Authorization", &reader).call()),
                        3 => (false, agent.get(&format!("{}/api/v1/documents", server.url)).set("Authorization", &reader).call()),
                        4 => (false, agent.get(&format!("{}/api/v1/documents/{}/claims", server.url, docs[n % docs.len()])).set("Authorization", &reader).call()),
                        5 => (false, agent.get(&format!("{}/api/v1/claims?act=killed", server.url)).set("Authorization", &reader).call()),
                        _ => (false, agent.get(&format!("{}/api/v1/claims/{claim}", server.url)).set("Authorization", &reader).call()),
                    };
                    let took = t.elapsed();
                    match res {
                        Ok(r) if r.status() < 300 => {
                            let _ = r.into_string();
                            if write {
                                mine.writes.push(took);
                                mine.acknowledged += 1;
                            } else {
                                mine.reads.push(took);
                            }
                        }
                        Ok(r) => mine.failures.push(format!("status {}", r.status())),
                        Err(e) => mine.failures.push(e.to_string()),
                    }
                }
                let mut all = tally.lock().unwrap();
                all.reads.extend(mine.reads);
                all.writes.extend(mine.writes);
                all.failures.extend(mine.failures);
                all.acknowledged += mine.acknowledged;
            });
        }
    });
    let elapsed = started.elapsed();
    let mut t = tally.into_inner().unwrap();
    t.reads.sort();
    t.writes.sort();
    let total = t.reads.len() + t.writes.len() + t.failures.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "load: {CLIENTS} clients, {total} requests in {:.2} s = {:.0} req/s; reads {} p50 {:.1} ms p99 {:.1} ms; reviews {} p50 {:.1} ms p99 {:.1} ms; failures {}",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        t.reads.len(),
        ms(percentile(&t.reads, 0.5)),
        ms(percentile(&t.reads, 0.99)),
        t.writes.len(),
        ms(percentile(&t.writes, 0.5)),
        ms(percentile(&t.writes, 0.99)),
        t.failures.len()
    );
    assert!(t.failures.is_empty(), "failed requests: {:?}", &t.failures[..t.failures.len().min(5)]);
    // No acknowledged review is missing from the log.
    assert_eq!(store.counts().unwrap().reviews as usize, t.acknowledged);
    assert!(store.check().unwrap().problems.is_empty());
    if std::env::var("LOAD_ASSERT_P99").is_ok() {
        assert!(percentile(&t.reads, 0.99) < Duration::from_millis(100), "read p99 is 100 ms or more");
    }
}
