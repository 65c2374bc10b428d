#!/usr/bin/env bash
# Ingest throughput (MB/s, claims/s) into SQLite and PostgreSQL on a corpus
# of at least 100 MB, with `extract` alone (no store) as the floor, all
# measured in the same run on the same files. Not a test: it prints a table.
#
#   bash bench/ingest.sh [MB]        (needs a PostgreSQL URL in
#                                     CORROBORATE_BENCH_PG, or a local server
#                                     that .ci/run-style setup can reach)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p corroborate
bin=target/release/corroborate

# The corpus: the example Wikipedia texts, each copy made distinct by a line
# of its own so that content hashing does not skip it.
mkdir -p "$work/corpus"
python3 - "$work/corpus" "$mb" <<'PY'
import os, sys, glob
out, mb = sys.argv[1], int(sys.argv[2])
texts = [open(p, 'rb').read() for p in sorted(glob.glob('examples/corpus/*.txt'))]
total, i = 0, 0
while total < mb * 1_000_000:
    b = texts[i % len(texts)] + f"\n\nCopy {i}: at least {i + 1} people were reported missing.\n".encode()
    open(os.path.join(out, f"doc{i:06}.txt"), 'wb').write(b)
    total += len(b); i += 1
print(f"corpus: {i} files, {total / 1e6:.1f} MB", file=sys.stderr)
PY
bytes=$(du -sb "$work/corpus" | cut -f1)

run() { # name, command...
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>"$work/$name.err"; t1=$(date +%s.%N)
  python3 - "$name" "$t0" "$t1" "$bytes" "$work/$name.err" <<'PY'
import re, sys
name, t0, t1, size, err = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
secs = t1 - t0
text = open(err).read()
m = re.search(r"(\d+) claims\)", text) or re.fullmatch(r"\s*(\d+)\s*", text)
claims = int(m.group(1)) if m else 0
print(f"{name}\t{secs:.2f}\t{size / 1e6 / secs:.2f}\t{claims / secs:.0f}")
PY
}

{
  run extract sh -c "$bin extract --format jsonl $work/corpus | wc -l >&2"
  run sqlite "$bin" ingest --db "$work/bench.db" "$work/corpus"
  pg=${CORROBORATE_BENCH_PG:-${CORROBORATE_TEST_PG:-}}
  if [ -n "$pg" ]; then
    admin=$pg; base=${admin%/*}; db=cb_bench_$$
    psql "$admin" -qc "CREATE DATABASE $db" >/dev/null
    run postgres "$bin" ingest --db "$base/$db" "$work/corpus"
    psql "$admin" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
  fi
} > "$work/results.tsv"

python3 - "$work/results.tsv" <<'PY'
import sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().split('\n') if l]
base = float(rows[0][2])
print(f"{'run':<10} {'seconds':>8} {'MB/s':>8} {'claims/s':>9} {'vs extract':>10}")
for name, secs, mbs, cps in rows:
    print(f"{name:<10} {float(secs):>8.2f} {float(mbs):>8.2f} {cps:>9} {float(mbs) / base:>9.2f}x")
PY
