#!/usr/bin/env bash
# Property-based test of the HTTP API against its own OpenAPI document, with
# schemathesis (https://schemathesis.readthedocs.io), as CI runs it.
#
# 1. A Python venv with the pinned schemathesis (requirements.txt beside
#    this file), kept in the target folder and rebuilt when that file
#    changes.
# 2. A ledger of the bundled example corpus in a temporary folder, a
#    reviewer and their API token, made with the release binary.
# 3. `corroborate serve` on a free loopback port.
# 4. `schemathesis run` over /api/v1/openapi.json with every check, all
#    phases, a fixed seed and a bounded number of examples
#    (schemathesis.toml beside this file), under a wall-clock limit.
# 5. The server is stopped and the folder removed, whatever happened.
#
# Exit 0 when schemathesis found nothing; otherwise schemathesis's own exit
# code, or 124 when it ran out of time. Run from anywhere:
#
#   cargo build --release -p corroborate
#   bash crates/corroborate-web/schemathesis/run.sh
#
# Environment:
#   CARGO_TARGET_DIR          where the release binary is (default: target)
#   CORROBORATE_BIN           the binary itself, if elsewhere
#   CORROBORATE_ST_BUDGET     wall-clock limit in seconds (default: 300)
#   CORROBORATE_ST_ARGS       more arguments for `schemathesis run`
#                             (e.g. "--max-examples 10" for a quick look)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="${CORROBORATE_BIN:-$target/release/corroborate}"
budget="${CORROBORATE_ST_BUDGET:-300}"
if [ ! -x "$bin" ]; then
  echo "schemathesis: no release binary at $bin; run cargo build --release -p corroborate first" >&2
  exit 2
fi

# 1. The venv, reused while requirements.txt is unchanged.
venv="$target/schemathesis-venv"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$want" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" > "$venv/.requirements"
fi

# 2. The ledger, the reviewer and the token.
work="$(mktemp -d "${TMPDIR:-/tmp}/corroborate-schemathesis.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
db="$work/ledger.db"
"$bin" ingest --db "$db" "$root/examples/corpus" > /dev/null 2> "$work/ingest.err" || { cat "$work/ingest.err" >&2; exit 2; }
printf '%s\n' "schemathesis-reviewer-passphrase" | "$bin" user add --db "$db" schemathesis --role reviewer > /dev/null
CORROBORATE_ST_TOKEN="$("$bin" token create --db "$db" schemathesis)"
export CORROBORATE_ST_TOKEN

# 3. The server, on a port the system picks (it prints it).
"$bin" serve --db "$db" --addr 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/^listening on //p' "$work/serve.out")"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "schemathesis: corroborate serve did not start:" >&2
  cat "$work/serve.err" >&2
  exit 2
fi

# 4. The run, from the temporary folder so that nothing lands in the tree.
cd "$work"
start=$SECONDS
status=0
# shellcheck disable=SC2086 # CORROBORATE_ST_ARGS is split on purpose
timeout --signal=INT --kill-after=10 "$budget" \
  "$venv/bin/schemathesis" --config-file "$here/schemathesis.toml" run "$url/api/v1/openapi.json" \
  --checks all --no-color --report-dir "$work/report" ${CORROBORATE_ST_ARGS:-} || status=$?
elapsed=$((SECONDS - start))
if [ "$status" = 124 ]; then
  echo "schemathesis: stopped after the ${budget} s budget (CORROBORATE_ST_BUDGET)" >&2
fi
if [ "$status" != 0 ] && [ -s "$work/serve.err" ]; then
  echo "schemathesis: the server's standard error:" >&2
  tail -n 50 "$work/serve.err" >&2
fi
echo "schemathesis: exit $status after ${elapsed} s"
exit "$status"
