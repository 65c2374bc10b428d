"""Shared helpers: where the repository, ../shared and the command line are."""
import os
import pathlib
import subprocess

import pytest

#: The repository (tests → corroborate-py → crates → root).
ROOT = pathlib.Path(__file__).resolve().parents[3]
#: The shared data (seeds, realdev, gold) beside the repository.
SHARED = pathlib.Path(os.environ.get("CORROBORATE_SHARED", ROOT.parent / "shared"))
DATA = pathlib.Path(__file__).resolve().parent / "data"


def cli_path() -> pathlib.Path:
    """The `corroborate` binary: $CORROBORATE_BIN, else the release build in
    $CARGO_TARGET_DIR or the repository's target/."""
    if os.environ.get("CORROBORATE_BIN"):
        return pathlib.Path(os.environ["CORROBORATE_BIN"])
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / "corroborate"


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Runs the command line, failing with a message saying how to build it."""
    exe = cli_path()
    if not exe.exists():
        pytest.fail(f"{exe} is missing: build it with `cargo build --release -p corroborate` (or set CORROBORATE_BIN)")
    return subprocess.run([str(exe), *args], capture_output=True, check=check)


def corpus(name: str) -> pathlib.Path:
    path = SHARED / "corpus" / name
    if not path.is_dir():
        pytest.fail(f"{path} is missing: the tests read ../shared beside the repository (or set CORROBORATE_SHARED)")
    return path


def corpus_files(path: pathlib.Path):
    """The files `corroborate extract DIR` reads, in its order: recursive,
    hidden entries skipped, sorted by path."""
    files = []
    for p in path.rglob("*"):
        rel = p.relative_to(path)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            files.append(p)
    return sorted(files)
