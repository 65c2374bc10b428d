#!/usr/bin/env bash
# Listing speed on a big ledger (issue 18): `claims` with each filter alone
# and the API's first page of /api/v1/claims (unfiltered and filtered), each
# the best of three runs, as wall-clock time of the whole command or request.
# Not a test: it prints a table.
#
#   bash bench/queries.sh [LEDGER]
#   bash bench/queries.sh big
#
# Without LEDGER it builds one from the real "Anarchism" full history in
# ../shared/corpus/real/dumps (15,180 revisions, about 107,000 claims; a few
# minutes, once, kept in $TMPDIR); `claims` prints every matching row.
#
# `big` builds (once, in /tmp; about 15 GB free needed, half an hour on 2
# busy cores) a ledger of the Anarchism history plus the synthetic 2 GB
# history dump of bench/history.sh (20,000 revisions of 100 KB, made here if
# missing): about 5 million claims. It prints how long each ingest took and
# the ledger's size, and times `claims FILTER --limit 50`: a page, which
# must not depend on the ledger's size.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p corroborate
bin=${CARGO_TARGET_DIR:-target}/release/corroborate
limit=()
if [ "${1:-}" = big ]; then
  db=/tmp/corroborate-bench-big.db
  limit=(--limit 50)
  if [ ! -e "$db" ]; then
    df -h /tmp >&2
    xml=/tmp/corroborate-history-synthetic-20000x100.xml
    if [ ! -s "$xml" ]; then
      python3 bench/gen_history.py 20000 100 "$xml.part" ../shared
      mv "$xml.part" "$xml"
    fi
    for dump in ../shared/corpus/real/dumps/anarchism-full-history.xml.lzma "$xml"; do
      start=$(date +%s)
      "$bin" ingest --db "$db.part" "$dump" 2>/dev/null >/dev/null
      echo "ingested $dump in $(($(date +%s) - start)) s; ledger $(du -h "$db.part" | cut -f1)" >&2
    done
    mv "$db.part" "$db"
  fi
else
  db=${1:-${TMPDIR:-/tmp}/corroborate-bench-anarchism.db}
  if [ ! -e "$db" ]; then
    echo "building $db from the Anarchism history (minutes, once)" >&2
    "$bin" ingest --db "$db" ../shared/corpus/real/dumps/anarchism-full-history.xml.lzma 2>/dev/null >/dev/null || true
  fi
fi
"$bin" claims --db "$db" --act none-such >/dev/null 2>&1 || true # migrates an older ledger first
claims=$(sqlite3 "$db" "SELECT COUNT(*) FROM claims" 2>/dev/null || echo "?")

best() { # best of three wall-clock seconds of a command, output discarded
  python3 - "$@" <<'PY'
import subprocess, sys, time
ts = []
for _ in range(3):
    t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True); ts.append(time.perf_counter() - t)
print(f"{min(ts) * 1000:.0f}")
PY
}

echo "ledger: $db ($claims claims, $(du -h "$db" | cut -f1)), $(date -u +%Y-%m-%d)"
echo
echo "| query | rows | ms |"
echo "|---|---|---|"
# `--act raped`, `--place Germany`, `--year 1945`: values rare in the
# Anarchism history, which comes first in listing order, and common in the
# synthetic dump (a walked page reads the Anarchism claims first).
for f in "" "--act killed" "--act raped" "--place Spain" "--place Germany" "--year 1936" "--year 1945" "--doc Anarchism#233194" "--source press" "--min 1000" "--act killed --offset 1000"; do
  # shellcheck disable=SC2086
  rows=$("$bin" claims --db "$db" $f "${limit[@]}" --format jsonl | wc -l)
  # shellcheck disable=SC2086
  echo "| claims $f ${limit[*]} | $rows | $(best "$bin" claims --db "$db" $f "${limit[@]}" --format jsonl) |"
done

# The API: a reader and a token (on a copy of the ledger; the big one is
# written in place), a server on a free loopback port.
work=$(mktemp -d)
ledger=$work/ledger.db
if [ "${1:-}" = big ]; then ledger=$db; else cp "$db" "$ledger"; fi
server=""
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
echo "bench-passphrase" | "$bin" user add --db "$ledger" bench --role reader 2>/dev/null || true
token=$("$bin" token create --db "$ledger" bench)
"$bin" serve --db "$ledger" --addr 127.0.0.1:0 >"$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -qE "[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+" "$work/serve.out" && break; sleep 0.1; done
addr=$(grep -oE "127\.0\.0\.1:[0-9]+" "$work/serve.out" | head -1)
for q in "" "act=killed" "act=raped" "place=Spain" "place=Germany" "year=1936" "year=1945" "doc=Anarchism%23233194" "source=press" "min=1000" "page=100"; do
  ms=$(python3 - "$addr" "$token" "$q" <<'PY'
import sys, time, urllib.request
addr, token, q = sys.argv[1:]
ts = []
for _ in range(3):
    req = urllib.request.Request(f"http://{addr}/api/v1/claims?{q}", headers={"Authorization": f"Bearer {token}"})
    t = time.perf_counter(); urllib.request.urlopen(req).read(); ts.append(time.perf_counter() - t)
print(f"{min(ts) * 1000:.0f}")
PY
)
  echo "| GET /api/v1/claims?$q | ≤ 50 | $ms |"
done
