"""Spark in local[2] mode over a dump fixture of several pages and
revisions: the claims are those `corroborate extract` prints for the dump,
the revision changes those `corroborate revisions` prints."""
import json
import os
import shutil
import sys

import pytest

import corroborate
from conftest import DATA, SHARED, run_cli

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.fail("Spark needs Java: install openjdk-17-jre-headless (.ci/run does)")
    from pyspark.sql import SparkSession

    # Spark's Python workers run this interpreter (the one with the wheel),
    # not whatever `python3` is first on the PATH.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("corroborate-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "3")
        .getOrCreate()
    )
    yield session
    session.stop()


def revisions_frame(spark, dump, rows=4):
    import pyarrow as pa

    table = pa.Table.from_batches(list(corroborate.read_dump(dump, rows=rows)))
    return spark.createDataFrame(table)


def cli_claims(dump):
    out = run_cli("extract", "--format", "jsonl", str(dump)).stdout.decode("utf-8")
    return [json.loads(line) for line in out.split("\n") if line]


def spark_claims(spark, dump):
    from corroborate import spark as cs

    df = revisions_frame(spark, dump)
    claims = cs.extract(df, text_col="text", id_col="rev_id", name_col="name", format="wikitext", carry=["title"])
    rows = [r.asDict() for r in claims.orderBy("rev_id", "start", "end").collect()]
    return [{k: r[k] for k in corroborate.CLAIM_COLUMNS} for r in rows], rows


def test_read_dump_gives_every_article_revision():
    import pyarrow as pa

    table = pa.Table.from_batches(list(corroborate.read_dump(DATA / "history.xml", rows=2)))
    assert table.column("title").to_pylist().count("Talk:Kessel flood of 1953") == 0
    assert table.num_rows == 11
    assert table.column("name").to_pylist()[0] == "Siege of Varnholt#1007"
    assert table.column("text").to_pylist()[5] == ""


def test_spark_extract_equals_the_command_line_on_a_history_dump(spark):
    dump = DATA / "history.xml"
    ours, rows = spark_claims(spark, dump)
    theirs = cli_claims(dump)
    key = lambda c: (int(c["doc"].rsplit("#", 1)[1]), c["start"], c["end"])
    assert sorted(ours, key=key) == sorted(theirs, key=key)
    assert len(theirs) > 20
    assert {r["title"] for r in rows} == {"Siege of Varnholt", "Kessel flood of 1953", "Ostrava mine strike"}


def test_spark_extract_equals_the_command_line_on_a_real_dump(spark):
    dump = SHARED / "corpus" / "real" / "dumps" / "enwiki-articles-sample.xml.bz2"
    if not dump.exists():
        pytest.fail(f"{dump} is missing")
    ours, _ = spark_claims(spark, dump)
    theirs = cli_claims(dump)
    key = lambda c: (c["doc"], c["start"], c["end"])
    assert sorted(ours, key=key) == sorted(theirs, key=key)


def test_spark_revisions_equal_the_command_line(spark, tmp_path):
    from corroborate import spark as cs

    dump = DATA / "history.xml"
    df = revisions_frame(spark, dump)
    changes = cs.revisions(df, text_col="text", id_col="rev_id", page_col="title")
    ours = []
    for r in changes.collect():
        ours.append(
            {
                "page": r["title"], "old_rev": r["old_rev"], "new_rev": r["new_rev"], "timestamp": r["timestamp"],
                "contributor": r["contributor"], "kind": r["kind"], "fields": list(r["fields"]),
                "old": json.loads(r["old"]) if r["old"] else None, "new": json.loads(r["new"]) if r["new"] else None,
            }
        )
    out = run_cli("revisions", "--format", "jsonl", str(dump)).stdout.decode("utf-8")
    theirs = [json.loads(line) for line in out.split("\n") if line]
    key = lambda c: json.dumps(c, sort_keys=True)
    assert sorted(ours, key=key) == sorted(theirs, key=key)
    kinds = {c["kind"] for c in theirs}
    assert {"added", "removed", "changed", "reattributed"} <= kinds


def test_the_example_writes_parquet_partitioned_by_page(spark, tmp_path):
    import runpy
    import sys

    example = DATA.parent.parent / "examples" / "spark_dump.py"
    argv = sys.argv
    sys.argv = [str(example), str(DATA / "history.xml"), str(tmp_path / "out")]
    try:
        runpy.run_path(str(example), run_name="__main__")
    finally:
        sys.argv = argv
    claims = spark.read.parquet(str(tmp_path / "out" / "claims"))
    assert claims.count() == len(cli_claims(DATA / "history.xml"))
    pages = sorted(p.name for p in (tmp_path / "out" / "claims").iterdir() if p.name.startswith("page="))
    assert len(pages) == 3
    assert spark.read.parquet(str(tmp_path / "out" / "changes")).count() > 0
