#!/usr/bin/env bash
# Byte-identical check for refactors: the SHA-256 of what `extract`,
# `groups`, `report` and the server's pages print on the seeds and realdev
# (and `extract` on the real HTML, news and wikitext pages),
# compared with the digests recorded in bench/identical.sha256.
#
#   bash bench/identical.sh            # print the digests, compare, exit 1 on a difference
#   bash bench/identical.sh --record   # write them to bench/identical.sha256
#
# It uses the release binary ($CORROBORATE_BIN, else $CARGO_TARGET_DIR or
# target/ release/corroborate; build it first) and ../shared (or
# $CORROBORATE_SHARED). The pages are fetched from `corroborate serve` on a
# temporary SQLite ledger holding the seeds, signed in with an API token:
# the document list, every document, every listing page of claims, every
# claim, the group list and every group, the style and the script. The
# only thing masked is the ingest time a page shows (a timestamp differs on
# every run). Groups may change on purpose (grouping work): re-record then,
# saying why, in the commit. Takes about 20 s.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${CORROBORATE_SHARED:-$here/../shared}"
bin="${CORROBORATE_BIN:-${CARGO_TARGET_DIR:-$here/target}/release/corroborate}"
recorded="$here/bench/identical.sha256"
[ -x "$bin" ] || { echo "no binary at $bin: cargo build --release -p corroborate" >&2; exit 2; }
[ -d "$shared/corpus/seeds" ] || { echo "no shared data at $shared" >&2; exit 2; }

tmp="$(mktemp -d /tmp/identical.XXXXXX)"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

out="$tmp/digests"
: > "$out"
digest() { # NAME FILE
    printf '%s  %s\n' "$(sha256sum < "$2" | cut -d' ' -f1)" "$1" >> "$out"
}

for set in seeds realdev; do
    "$bin" extract --format jsonl "$shared/corpus/$set" > "$tmp/x"
    digest "extract/$set" "$tmp/x"
    "$bin" groups --format jsonl "$shared/corpus/$set" > "$tmp/x"
    digest "groups/$set" "$tmp/x"
    "$bin" report "$shared/corpus/$set" -o "$tmp/report.html" > /dev/null 2>&1
    digest "report/$set" "$tmp/report.html"
done
# The readers seeds and realdev do not exercise (HTML: readability, Parsoid).
for set in real/html real/news-html real/wikitext; do
    "$bin" extract --format jsonl "$shared/corpus/$set" > "$tmp/x"
    digest "extract/$set" "$tmp/x"
done

db="$tmp/ledger.db"
"$bin" ingest --db "$db" "$shared/corpus/seeds" > /dev/null 2>&1
"$bin" report --db "$db" -o "$tmp/report.html" > /dev/null 2>&1
digest "report/ledger-seeds" "$tmp/report.html"
echo 'identical-check-Vq8-Rt2-Lm5' | "$bin" user add --db "$db" checker --role reader > /dev/null 2>&1
token="$("$bin" token create --db "$db" checker | tail -1)"
"$bin" serve --db "$db" --addr 127.0.0.1:0 > "$tmp/serve.out" 2>&1 &
server=$!
for _ in $(seq 50); do
    grep -q 'listening on' "$tmp/serve.out" && break
    sleep 0.2
done
base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.out" | head -1)"
[ -n "$base" ] || { echo "the server did not start: $(cat "$tmp/serve.out")" >&2; exit 2; }

fetch() { # PATH -> stdout, timestamps masked
    curl -sf -H "Authorization: Bearer $token" "$base$1" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)?/TIME/g'
}
links() { # PAGE-FILE PATTERN -> unique paths, anchors and query strings dropped
    grep -o "href=\"$2[^\"#?]*" "$1" | sed 's/^href="//' | sort -u
}
page() { # PATH
    fetch "$1" > "$tmp/p"
    digest "page$1" "$tmp/p"
}

for p in /docs /groups /static/app.css /static/app.js; do page "$p"; done
fetch /docs > "$tmp/docs"
for p in $(links "$tmp/docs" /docs/); do page "$p"; done
fetch /groups > "$tmp/groups"
for p in $(links "$tmp/groups" '/groups/'); do page "$p"; done
n=1
: > "$tmp/claim-links"
while :; do
    fetch "/claims?page=$n" > "$tmp/claims"
    grep -q 'href="/claims/' "$tmp/claims" || break
    digest "page/claims?page=$n" "$tmp/claims"
    links "$tmp/claims" '/claims/' >> "$tmp/claim-links"
    n=$((n + 1))
done
# Every claim's page, digested together (one line, not 272).
for p in $(sort -u "$tmp/claim-links" | sort -t/ -k3 -n); do fetch "$p"; done > "$tmp/all-claims"
digest "page/claims/* ($(sort -u "$tmp/claim-links" | wc -l) pages)" "$tmp/all-claims"

cat "$out"
if [ "${1:-}" = "--record" ]; then
    cp "$out" "$recorded"
    echo "recorded in $recorded"
elif [ -f "$recorded" ]; then
    if diff "$recorded" "$out" > "$tmp/diff"; then
        echo "IDENTICAL: all $(wc -l < "$out") digests match $recorded"
    else
        echo "DIFFERENT from $recorded:"
        cat "$tmp/diff"
        exit 1
    fi
else
    echo "nothing recorded yet: run with --record" >&2
    exit 1
fi
