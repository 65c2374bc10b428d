#!/usr/bin/env python3
"""Throughput of the Python package against the command line, on one
corpus: `corroborate extract` over a folder of files (both cores),
`corroborate.extract_batch` over an Arrow table of the same documents (one
call, every core, the GIL released), a loop of `corroborate.extract` (one
core), and Spark in local[2] mode over the same table. Not a test: it
prints a table.

    python bench/python_batch.py [MB] [--no-spark]

Needs the `corroborate` wheel, pyarrow (and pyspark with Java for the Spark
row) in the running Python; `bash bench/python_batch.sh` sets that up.
"""
import glob
import os
import subprocess
import sys
import tempfile
import time

import pyarrow as pa

import corroborate


def corpus(mb):
    """The example Wikipedia texts, each copy made distinct by a line of its
    own (as bench/ingest.sh builds its corpus)."""
    texts = [open(p, "rb").read() for p in sorted(glob.glob("examples/corpus/*.txt"))]
    docs, total, i = [], 0, 0
    while total < mb * 1_000_000:
        b = texts[i % len(texts)] + f"\n\nCopy {i}: at least {i + 1} people were reported missing.\n".encode()
        docs.append((f"doc{i:06}.txt", b))
        total += len(b)
        i += 1
    return docs, total


def row(name, seconds, size, claims, base=None):
    mbs = size / 1e6 / seconds
    rel = f"{base / seconds:.2f}x" if base else "1.00x"
    print(f"| {name:<44} | {mbs:8.1f} | {claims / seconds:10,.0f} | {claims:9,} | {rel:>8} |")


def main():
    mb = int(next((a for a in sys.argv[1:] if a.isdigit()), "20"))
    spark = "--no-spark" not in sys.argv
    exe = os.environ.get("CORROBORATE_BIN") or os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "corroborate")
    docs, size = corpus(mb)
    print(f"corpus: {len(docs)} documents, {size / 1e6:.1f} MB; {os.cpu_count()} cores\n")
    print("| run | MB/s | claims/s | claims | vs CLI |")
    print("|---|---|---|---|---|")

    with tempfile.TemporaryDirectory() as d:
        for n, b in docs:
            open(os.path.join(d, n), "wb").write(b)
        t = time.perf_counter()
        out = subprocess.run([exe, "extract", "--format", "jsonl", d], capture_output=True, check=True).stdout
        cli = time.perf_counter() - t
        cli_claims = out.count(b"\n")
    row("corroborate extract (CLI, files, all cores)", cli, size, cli_claims)

    table = pa.table({"id": [n for n, _ in docs], "text": pa.array([b for _, b in docs], pa.binary())})
    t = time.perf_counter()
    got = corroborate.extract_batch(table, "text", "id")
    batch = time.perf_counter() - t
    assert got.num_rows == cli_claims, (got.num_rows, cli_claims)
    row("extract_batch (Arrow table, all cores)", batch, size, got.num_rows, cli)

    few = docs[: max(1, len(docs) // 10)]
    few_size = sum(len(b) for _, b in few)
    t = time.perf_counter()
    n = sum(len(corroborate.extract(b, name=name)) for name, b in few)
    loop = time.perf_counter() - t
    row("extract in a Python loop (1 core, 1/10 of it)", loop, few_size, n, cli * few_size / size)

    if spark:
        from pyspark.sql import SparkSession

        from corroborate import spark as cs

        os.environ["PYSPARK_PYTHON"] = sys.executable
        session = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        df = session.createDataFrame(table).repartition(2).cache()
        df.count()
        t = time.perf_counter()
        count = cs.extract(df, text_col="text", id_col="id").count()
        sp = time.perf_counter() - t
        assert count == cli_claims, (count, cli_claims)
        row("Spark local[2] mapInArrow (cached input)", sp, size, count, cli)
        session.stop()


if __name__ == "__main__":
    main()
