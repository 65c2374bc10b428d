"""Corroborate on Spark: extraction and revision diffs as DataFrame
transformations, for corpora no single machine should hold.

``extract`` runs ``corroborate.extract_batch`` on each Arrow batch Spark
hands it (``mapInArrow``): the rows of a partition are extracted on every
core of its executor with the GIL released, and come back as claim rows
carrying the document id. ``revisions`` finds, for each page, which edit
changed a figure: claims are extracted in parallel, each revision is paired
with the one before it by a window over the page's revisions, and each pair
is diffed on its own, so no page's whole history has to sit in one place.

Every executor needs the ``corroborate`` wheel installed (a packed virtual
environment shipped with ``--archives``, or an image that has it).
"""

from __future__ import annotations

import json
from typing import Optional, Sequence

import corroborate

__all__ = ["claim_schema", "extract", "revisions", "REVISION_CHANGE_SCHEMA"]

_LONG = {"start", "end", "year_start", "year_end", "sentence_start", "sentence_end"}
_DOUBLE = {"low", "high"}


def claim_schema():
    """The Spark schema of the claim columns (``corroborate.CLAIM_COLUMNS``
    and ``sentence``)."""
    from pyspark.sql import types as T

    def typ(name):
        if name in _LONG:
            return T.LongType()
        if name in _DOUBLE:
            return T.DoubleType()
        return T.StringType()

    return T.StructType([T.StructField(c, typ(c), True) for c in (*corroborate.CLAIM_COLUMNS, "sentence")])


def extract(
    df,
    text_col: str = "text",
    id_col: str = "rev_id",
    name_col: Optional[str] = None,
    format: str = "auto",
    carry: Sequence[str] = (),
    errors: str = "raise",
    sentences: bool = False,
):
    """The claims of every row of a Spark DataFrame of documents.

    Each row's ``text_col`` (string or binary) is a document, identified by
    ``id_col``; its claims' ``doc`` is its ``name_col`` where one is named
    (``Title#rev_id`` for a dump's revisions matches ``corroborate
    extract``), else the id as text. ``carry`` names more columns to copy to
    each claim (``title`` to partition the output by page). ``format``,
    ``errors`` and ``sentences`` are those of ``corroborate.extract_batch``.

    Returns a DataFrame with ``id_col``, the ``carry`` columns and the claim
    columns, one row per claim.
    """
    from pyspark.sql import types as T

    keep = [id_col] + [c for c in carry if c != id_col]
    wanted = list(dict.fromkeys(keep + [text_col] + ([name_col] if name_col else [])))
    schema = T.StructType([df.schema[c] for c in keep] + list(claim_schema().fields))
    carry = tuple(c for c in carry if c != id_col)

    def run(batches):
        import corroborate as c

        for batch in batches:
            table = c.extract_batch(batch, text_col, id_col, format=format, name_column=name_col, carry=carry, errors=errors, sentences=sentences)
            yield from table.to_batches()

    return df.select(*wanted).mapInArrow(run, schema)


def _change_schema(df, page_col, rev_col):
    from pyspark.sql import types as T

    return T.StructType(
        [
            T.StructField(page_col, df.schema[page_col].dataType, True),
            T.StructField("old_rev", df.schema[rev_col].dataType, True),
            T.StructField("new_rev", df.schema[rev_col].dataType, True),
            T.StructField("timestamp", T.StringType(), True),
            T.StructField("contributor", T.StringType(), True),
            T.StructField("kind", T.StringType(), True),
            T.StructField("fields", T.ArrayType(T.StringType()), True),
            T.StructField("old", T.StringType(), True),
            T.StructField("new", T.StringType(), True),
        ]
    )


#: The columns of ``revisions``' result (``old``/``new`` are the claims as
#: JSON, as ``corroborate revisions --format jsonl`` prints them).
REVISION_CHANGE_SCHEMA = ("page", "old_rev", "new_rev", "timestamp", "contributor", "kind", "fields", "old", "new")


def revisions(
    df,
    text_col: str = "text",
    id_col: str = "rev_id",
    page_col: str = "title",
    order_cols: Sequence[str] = ("timestamp", "rev_id"),
    name_col: Optional[str] = "name",
    timestamp_col: Optional[str] = "timestamp",
    contributor_col: Optional[str] = "contributor",
    format: str = "wikitext",
):
    """Which edit changed a figure: for each page of a DataFrame of
    revisions (one row each, as ``corroborate.read_dump`` gives them or as
    Wikimedia's history tables hold them), the claims changed, added,
    removed and reattributed between each revision and the one before it.

    Revisions are ordered within their page by ``order_cols``; a revision
    with no claims (a blanked page) is still a revision, so the claims
    before it show as removed. Returns one row per change: ``page_col``,
    ``old_rev``, ``new_rev``, ``timestamp``, ``contributor``, ``kind``,
    ``fields`` and the two claims as JSON (``old``, ``new``), the lines of
    ``corroborate revisions --format jsonl``.
    """
    from pyspark.sql import Window, functions as F

    claims = extract(df, text_col, id_col, name_col=name_col, format=format, errors="skip", sentences=True)
    ts = F.col(timestamp_col) if timestamp_col else F.lit(None).cast("string")
    who = F.col(contributor_col) if contributor_col else F.lit(None).cast("string")
    # Each revision's neighbours in its page: a window, not a gathering of
    # the page's history in one place.
    order = Window.partitionBy(page_col).orderBy(*order_cols)
    neighbours = df.select(
        F.col(page_col).alias("_page"),
        F.col(id_col).alias("_rid"),
        F.lag(id_col).over(order).alias("_prev"),
        F.lead(id_col).over(order).alias("_next"),
        ts.alias("_ts"),
        who.alias("_who"),
        F.lead(ts).over(order).alias("_next_ts"),
        F.lead(who).over(order).alias("_next_who"),
    )
    claim_json = F.to_json(F.struct(*[F.col(c) for c in (*corroborate.CLAIM_COLUMNS, "sentence")]))
    # A revision's claims are the new side of the pair it closes and the
    # old side of the pair it opens: one extraction serves both.
    pair = lambda side, old, new, ts_, who_: F.struct(F.lit(side).alias("_side"), F.col(old).alias("_old"), F.col(new).alias("_new"), F.col(ts_).alias("_ts"), F.col(who_).alias("_who"))
    both = (
        claims.join(neighbours, claims[id_col] == neighbours["_rid"])
        .select(
            "_page",
            F.col("start").alias("_start"),
            F.col("end").alias("_end"),
            claim_json.alias("_claim"),
            F.explode(F.array(pair(1, "_prev", "_rid", "_ts", "_who"), pair(0, "_rid", "_next", "_next_ts", "_next_who"))).alias("_pair"),
        )
        .select("_page", "_pair.*", "_start", "_end", "_claim")
        .where(F.col("_old").isNotNull() & F.col("_new").isNotNull())
    )
    schema = _change_schema(df, page_col, id_col)

    names = [f.name for f in schema.fields]

    def diff_pair(table):
        # One pair of consecutive revisions: the old claims, then the new.
        import pyarrow as pa

        rows = table.sort_by([("_side", "ascending"), ("_start", "ascending"), ("_end", "ascending")]).to_pylist()
        load = lambda s: _null_to_none([json.loads(r["_claim"]) for r in rows if r["_side"] == s])
        first = rows[0]
        out = {n: [] for n in names}
        for change in corroborate.diff(load(0), load(1)):
            values = (first["_page"], first["_old"], first["_new"], first["_ts"], first["_who"], change["kind"], change["fields"])
            for n, v in zip(names, values):
                out[n].append(v)
            out["old"].append(None if change["old"] is None else json.dumps(change["old"], ensure_ascii=False))
            out["new"].append(None if change["new"] is None else json.dumps(change["new"], ensure_ascii=False))
        return pa.table(out, schema=_arrow_schema(schema))

    # Spark >= 4.0; a cluster on 3.5 can use applyInPandas the same way.
    return both.groupBy("_page", "_old", "_new").applyInArrow(diff_pair, schema)


def _arrow_schema(schema):
    """The Arrow schema of a Spark StructType of longs, strings and string
    arrays."""
    import pyarrow as pa
    from pyspark.sql import types as T

    def typ(t):
        if isinstance(t, T.LongType):
            return pa.int64()
        if isinstance(t, T.IntegerType):
            return pa.int32()
        if isinstance(t, T.ArrayType):
            return pa.list_(typ(t.elementType))
        return pa.string()

    return pa.schema([pa.field(f.name, typ(f.dataType)) for f in schema.fields])


def _null_to_none(claims):
    """Spark's ``to_json`` leaves out null fields; a claim has them all."""
    for c in claims:
        for k in (*corroborate.CLAIM_COLUMNS, "sentence"):
            c.setdefault(k, None)
    return claims
