#!/usr/bin/env bash
# Peak memory and throughput of ingesting a synthetic pages-meta-history
# dump (2 GB by default) into SQLite. Not a test: it prints the figures.
#
#   bash bench/dump_memory.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-2000}
dir=target/bench
mkdir -p "$dir"
dump=$dir/history-${mb}mb.xml
[ -f "$dump" ] || python3 bench/gen_dump.py "$mb" "$dump"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release -q -p corroborate
rm -f "$dir/dump.db" "$dir/dump.db-wal" "$dir/dump.db-shm"
/usr/bin/time -v target/release/corroborate ingest --db "$dir/dump.db" --batch-mb 32 "$dump" 2> "$dir/time.txt" || true
grep -E "^ingested" "$dir/time.txt"
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$dir/time.txt")
echo "dump: $(du -h "$dump" | cut -f1); peak memory: $((rss / 1024)) MB; wall time: $wall"
