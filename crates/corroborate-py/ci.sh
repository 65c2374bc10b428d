#!/usr/bin/env bash
# The Python package's test run (.ci/run calls it after the cargo tests):
# a fresh virtual environment with maturin, pytest, pyarrow, pyspark and
# polars from PyPI; the abi3 wheel built with `maturin build --release` and
# pip-installed into it; then the pytest suite, which compares the package
# with the `corroborate` binary and runs Spark in local[2] mode (Java 17+).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/python-ci-venv"
wheels="$target/python-wheels"

command -v java >/dev/null 2>&1 || { echo "Spark needs Java: apt-get install openjdk-17-jre-headless" >&2; exit 2; }
python3 -m venv --clear "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q "maturin>=1.5,<2" "pytest>=7" "pyarrow>=14" "pyspark>=4.0" "pandas>=2.2,<3" "polars>=1"

rm -rf "$wheels"
CARGO_TARGET_DIR="$target" "$venv/bin/maturin" build --release --quiet -m "$here/Cargo.toml" -o "$wheels"
"$venv/bin/pip" install -q "$wheels"/corroborate-*.whl

# The tests compare with the command line.
[ -x "$target/release/corroborate" ] || CARGO_TARGET_DIR="$target" cargo build --release -p corroborate --manifest-path "$root/Cargo.toml"

cd "$here"
CARGO_TARGET_DIR="$target" timeout 1200 "$venv/bin/python" -m pytest -q -p no:cacheprovider tests
