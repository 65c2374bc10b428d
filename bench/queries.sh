#!/usr/bin/env bash
# Listing speed on a big ledger (issue 18): `claims` with each filter alone
# and the API's first page of /api/v1/claims (unfiltered and filtered), each
# the best of three runs, as wall-clock time of the whole command or request.
# Not a test: it prints a table.
#
#   bash bench/queries.sh [LEDGER]
#
# Without LEDGER it builds one from the real "Anarchism" full history in
# ../shared/corpus/real/dumps (15,180 revisions, about 107,000 claims; a few
# minutes, once, kept in $TMPDIR).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p corroborate
bin=${CARGO_TARGET_DIR:-target}/release/corroborate
db=${1:-${TMPDIR:-/tmp}/corroborate-bench-anarchism.db}
if [ ! -e "$db" ]; then
  echo "building $db from the Anarchism history (minutes, once)" >&2
  "$bin" ingest --db "$db" ../shared/corpus/real/dumps/anarchism-full-history.xml.lzma 2>/dev/null >/dev/null || true
fi
"$bin" claims --db "$db" --act none-such >/dev/null # migrates an older ledger first
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

echo "ledger: $db ($claims claims)"
echo
echo "| query | rows | ms |"
echo "|---|---|---|"
for f in "--act killed" "--place Spain" "--year 1936" "--doc Anarchism#233194" "--source press" "--min 1000"; do
  # shellcheck disable=SC2086
  rows=$("$bin" claims --db "$db" $f --format jsonl | wc -l)
  # shellcheck disable=SC2086
  echo "| claims $f | $rows | $(best "$bin" claims --db "$db" $f --format jsonl) |"
done

# The API: a reader and a token on a copy of the ledger, a server on a free
# loopback port.
work=$(mktemp -d)
cp "$db" "$work/ledger.db"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
echo "bench-pass" | "$bin" user add --db "$work/ledger.db" bench --role reader 2>/dev/null
token=$("$bin" token create --db "$work/ledger.db" bench)
"$bin" serve --db "$work/ledger.db" --addr 127.0.0.1:0 >"$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -qE "[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+" "$work/serve.out" && break; sleep 0.1; done
addr=$(grep -oE "127\.0\.0\.1:[0-9]+" "$work/serve.out" | head -1)
for q in "" "act=killed" "place=Spain" "year=1936" "min=1000" "page=100"; do
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
  echo "| GET /api/v1/claims?$q | 50 | $ms |"
done
