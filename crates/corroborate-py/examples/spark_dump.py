#!/usr/bin/env python3
"""Every revision's count claims, and which edit changed a figure, on Spark.

    spark_dump.py INPUT OUT [--master local[2]]

INPUT is a MediaWiki XML dump (pages-articles or pages-meta-history; plain,
.bz2, .gz or .xz), or a Parquet table of revisions with the columns
``title``, ``rev_id``, ``timestamp``, ``contributor``, ``name`` and ``text``
(what ``corroborate.read_dump`` gives; Wikimedia's history tables hold the
same, renamed). Writes:

- ``OUT/revisions/``: the dump's revisions as Parquet (dump input only);
- ``OUT/claims/page=…/``: every revision's claims, partitioned by page;
- ``OUT/changes/``: the claims changed, added, removed and reattributed
  from each revision to the next, per page (``corroborate revisions``).

A dump is read on the driver (one stream); everything after runs on the
cluster. On a cluster, every executor needs the ``corroborate`` wheel (see
the README's Spark recipe).
"""
import argparse
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession, functions as F

import corroborate
from corroborate import spark as cs


def dump_to_parquet(dump: str, out: pathlib.Path) -> None:
    """Streams the dump's revisions into one Parquet file, batch by batch."""
    out.mkdir(parents=True, exist_ok=True)
    writer = None
    for batch in corroborate.read_dump(dump, rows=1000):
        if writer is None:
            writer = pq.ParquetWriter(str(out / "part-0.parquet"), batch.schema)
        writer.write_batch(batch)
    if writer is None:
        raise SystemExit(f"{dump}: no article revisions")
    writer.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--master", default=None, help="Spark master (default: what spark-submit or the session says)")
    args = ap.parse_args()
    out = pathlib.Path(args.out)

    builder = SparkSession.builder.appName("corroborate-dump")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()

    source = args.input
    if not source.endswith(".parquet") and not pathlib.Path(source).is_dir():
        dump_to_parquet(source, out / "revisions")
        source = str(out / "revisions")
    revisions = spark.read.parquet(source)

    claims = cs.extract(revisions, text_col="text", id_col="rev_id", name_col="name", format="wikitext", carry=["title"], errors="skip")
    claims.withColumn("page", F.col("title")).write.mode("overwrite").partitionBy("page").parquet(str(out / "claims"))

    changes = cs.revisions(revisions, text_col="text", id_col="rev_id", page_col="title")
    changes.write.mode("overwrite").parquet(str(out / "changes"))


if __name__ == "__main__":
    main()
