#!/usr/bin/env bash
# History speed (issue 18): `extract` and `revisions` on a page's full
# revision history, from scratch (CORROBORATE_FROM_SCRATCH=1) and
# incrementally (the default), beside a floor measured in the same run on
# the same bytes: GNU grep's digit scan (`grep -c '[0-9]'`). Every run is
# pinned to one core; figures are CPU seconds (user + system) and ratios,
# since absolute speeds on a shared machine mean little. It also checks that
# both ways print byte-identical output. Not a test: it prints a table.
#
#   bash bench/history.sh [DUMP] [REVISIONS]
#   bash bench/history.sh synthetic [REVISIONS] [KB] [SCRATCH_REVISIONS]
#
# DUMP defaults to the real history of "Anarchism" in ../shared (15,180
# revisions, 1.05 GB); REVISIONS, when given, keeps only the first N
# revisions (a shorter run).
#
# `synthetic` builds (once, in /tmp) a one-page pages-meta-history dump of
# REVISIONS revisions (default 20,000) of about KB kilobytes each (default
# 100: 2 GB) from realistic edit sequences (bench/gen_history.py: most
# revisions change one paragraph, some revert, some rewrite the infobox)
# and times `extract` on it. Extraction from scratch runs on its first
# SCRATCH_REVISIONS revisions (default 2,000) and is extrapolated per byte
# to the whole dump (the output says so); incremental extraction runs on
# the whole dump, and its output must begin with the sample's output byte
# for byte. Peak memory is the resident set size /usr/bin/time reports.
#
# Both print, measured in the same run on the same core, `extract` from
# scratch on PROSE_MB megabytes of prose (default 20: copies of the example
# texts, bench/prose_corpus.py, as bench/peers.sh builds its corpus) and
# how many times that speed per byte each run's effective speed is
# (`x prose`; issue 18 asks 20x for incremental `extract` of the real
# history).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release -q -p corroborate
bin=${CARGO_TARGET_DIR:-target}/release/corroborate
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

# cut_dump SRC OUT LIMIT: the dump as plain XML, decompressed once (and cut to
# its first LIMIT revisions unless LIMIT is 0), so that every run reads the
# same bytes.
cut_dump() {
python3 - "$1" "$2" "$3" <<'EOF'
import bz2, gzip, lzma, sys
src, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
opener = {".bz2": bz2.open, ".gz": gzip.open, ".xz": lzma.open, ".lzma": lzma.open}
op = next((f for ext, f in opener.items() if src.endswith(ext)), open)
revs = 0
with op(src, "rb") as f, open(out, "wb") as o:
    for line in f:
        o.write(line)
        if b"</revision>" in line:
            revs += 1
            if limit and revs >= limit:
                o.write(b"  </page>\n</mediawiki>\n")
                break
EOF
}

# cpu NAME CMD...: CPU seconds (user + system) and peak MB of one pinned run,
# whose output (serialized and written whole) goes to /dev/null. Putting
# gigabytes into the page cache costs the kernel 1 to 6 s of system time from
# one run to the next whatever the program does (the synthetic dump's 2.6 GB
# of JSON Lines: 1.1 s into freshly freed pages, 5.5 s into pages the
# virtual machine's host must back first). The output the checks compare is
# written by a second, untimed run of the same command. (The floor's grep
# writes its count to a file: GNU grep writing to /dev/null stops at the
# first match.)
cpu() {
    local name=$1
    shift
    /usr/bin/time -f "%U %S %M" -o "$work/$name.time" "${pin[@]}" "$@" >/dev/null 2>"$work/$name.err"
    "${pin[@]}" "$@" >"$work/$name.out" 2>/dev/null
    awk '{printf "%.2f %d\n", $1 + $2, $3 / 1024}' "$work/$name.time"
}
# prose: the extractor from scratch on prose, one thread on the pinned
# core; sets prose_cpu and prose_mbs.
prose() {
    python3 bench/prose_corpus.py "$work/prose" "${PROSE_MB:-20}"
    local bytes
    bytes=$(cat "$work"/prose/* | wc -c)
    read -r prose_cpu _ < <(cpu prose env RAYON_NUM_THREADS=1 "$bin" extract --format jsonl "$work/prose")
    prose_mbs=$(python3 -c "import sys; b, s = map(float, sys.argv[1:]); print(f'{b / 1e6 / s:.2f}')" "$bytes" "$prose_cpu")
    prose_line="prose: $(python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.0f}')" "$bytes") MB of example text from scratch (bench/prose_corpus.py), $prose_cpu s CPU, $prose_mbs MB/s"
}
# x_prose MB CPU: how many times the speed on prose MB megabytes in CPU seconds is.
x_prose() { python3 -c "import sys; m, s, p = map(float, sys.argv[1:]); print(f'{m / s / p:.1f}')" "$1" "$2" "$prose_mbs"; }
ratio() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.1f}' if b > 0 else '-')" "$1" "$2"; }
megabytes() { python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$1"; }

if [ "${1:-}" = synthetic ]; then
    revs=${2:-20000}
    kb=${3:-100}
    sample=${4:-2000}
    xml=/tmp/corroborate-history-synthetic-${revs}x${kb}.xml
    if [ ! -s "$xml" ]; then
        python3 bench/gen_history.py "$revs" "$kb" "$xml.part" ../shared
        mv "$xml.part" "$xml"
    fi
    if [ "$sample" -ge "$revs" ]; then
        sample=$revs
        ln -s "$xml" "$work/sample.xml"
    else
        cut_dump "$xml" "$work/sample.xml" "$sample"
    fi
    mb=$(megabytes "$xml")
    sample_mb=$(megabytes "$work/sample.xml")
    read -r floor _ < <(cpu floor sh -c 'grep -c "[0-9]" "$1" >"$2"' floor "$xml" "$work/floor.count")
    prose
    read -r xi xi_mb < <(cpu extract-inc "$bin" extract --format jsonl "$xml")
    read -r xs_sample xs_mb < <(cpu extract-scratch env CORROBORATE_FROM_SCRATCH=1 "$bin" extract --format jsonl "$work/sample.xml")
    xs=$(python3 -c "import sys; s, a, b = map(float, sys.argv[1:]); print(f'{s * a / b:.2f}')" "$xs_sample" "$mb" "$sample_mb")
    n=$(stat -c %s "$work/extract-scratch.out")
    same=DIFFERENT
    cmp -s -n "$n" "$work/extract-scratch.out" "$work/extract-inc.out" && same=identical
    claims=$(wc -l <"$work/extract-inc.out")
    echo "synthetic history: 1 page, $revs revisions, $(printf '%.0f' "$mb") MB of XML ($(basename "$xml")); one core (${pin[*]:-not pinned})"
    echo "floor: grep -c '[0-9]' on the same bytes, $floor s CPU"
    echo "$prose_line"
    if [ "$sample" -lt "$revs" ]; then
        echo "from scratch: measured on the first $sample revisions ($(printf '%.0f' "$sample_mb") MB: $xs_sample s CPU), extrapolated per byte to the whole dump"
    fi
    echo
    echo "| run | CPU s | MB/s | x prose | peak MB | x floor | from scratch / incremental | output |"
    echo "|---|---|---|---|---|---|---|---|"
    echo "| extract, from scratch | $xs | $(ratio "$mb" "$xs") | $(x_prose "$mb" "$xs") | $xs_mb | $(ratio "$xs" "$floor") | | |"
    echo "| extract, incremental | $xi | $(ratio "$mb" "$xi") | $(x_prose "$mb" "$xi") | $xi_mb | $(ratio "$xi" "$floor") | $(ratio "$xs" "$xi") | $claims claims; first $sample revisions $same |"
    exit 0
fi

dump=${1:-../shared/corpus/real/dumps/anarchism-full-history.xml.lzma}
limit=${2:-0}
cut_dump "$dump" "$work/history.xml" "$limit"
xml=$work/history.xml
mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]) / 1e6)" "$xml")
revs=$(grep -c '</revision>' "$xml")

read -r floor _ < <(cpu floor sh -c 'grep -c "[0-9]" "$1" >"$2"' floor "$xml" "$work/floor.count")
prose
read -r xs xs_mb < <(cpu extract-scratch env CORROBORATE_FROM_SCRATCH=1 "$bin" extract --format jsonl "$xml")
read -r xi xi_mb < <(cpu extract-inc "$bin" extract --format jsonl "$xml")
read -r rs rs_mb < <(cpu revisions-scratch env CORROBORATE_FROM_SCRATCH=1 "$bin" revisions --format jsonl "$xml")
read -r ri ri_mb < <(cpu revisions-inc "$bin" revisions --format jsonl "$xml")

same() { cmp -s "$work/$1.out" "$work/$2.out" && echo identical || echo DIFFERENT; }
claims=$(wc -l <"$work/extract-inc.out")
changes=$(wc -l <"$work/revisions-inc.out")

echo "history: $(basename "$dump"), $revs revisions, $(printf '%.0f' "$mb") MB of XML; one core (${pin[*]:-not pinned})"
echo "floor: grep -c '[0-9]' on the same bytes, $floor s CPU"
echo "$prose_line"
echo
echo "| run | CPU s | MB/s | x prose | peak MB | x floor | from scratch / incremental | output |"
echo "|---|---|---|---|---|---|---|---|"
row() { echo "| $1 | $2 | $(ratio "$mb" "$2") | $(x_prose "$mb" "$2") | $3 | $(ratio "$2" "$floor") | $4 | $5 |"; }
row "extract, from scratch" "$xs" "$xs_mb" "" "$claims claims"
row "extract, incremental" "$xi" "$xi_mb" "$(ratio "$xs" "$xi")" "$(same extract-scratch extract-inc)"
row "revisions, from scratch" "$rs" "$rs_mb" "" "$changes changes"
row "revisions, incremental" "$ri" "$ri_mb" "$(ratio "$rs" "$ri")" "$(same revisions-scratch revisions-inc)"
