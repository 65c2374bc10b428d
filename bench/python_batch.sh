#!/usr/bin/env bash
# Builds the CLI and the Python wheel, installs the wheel with pyarrow and
# pyspark into target/bench-py-venv, and runs bench/python_batch.py.
#
#   bash bench/python_batch.sh [MB] [--no-spark]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
venv="$target/bench-py-venv"
cargo build --release -q -p corroborate
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "maturin>=1.5,<2" "pyarrow>=14" "pyspark>=4.0"
rm -rf "$target/bench-wheels"
CARGO_TARGET_DIR="$target" "$venv/bin/maturin" build --release --quiet -m crates/corroborate-py/Cargo.toml -o "$target/bench-wheels"
"$venv/bin/pip" install -q --force-reinstall --no-deps "$target"/bench-wheels/corroborate-*.whl
CARGO_TARGET_DIR="$target" "$venv/bin/python" bench/python_batch.py "$@"
