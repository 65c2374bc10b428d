#!/usr/bin/env bash
# Runs every fuzz target for a set time (default 600 s each), seeded from
# the seeds and the example corpus. Findings land in fuzz/artifacts/.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP=1 lets the
# stable toolchain build with the sanitizer flags cargo-fuzz uses.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(read_text read_wikitext read_html read_dump quantity_grammar time_grammar http_params)
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # Seed each corpus with the example texts (Wikipedia, CC BY-SA).
  cp ../examples/corpus/*.txt "corpus/$t/" 2>/dev/null || true
  cargo fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048
done
