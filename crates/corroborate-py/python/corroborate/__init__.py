"""Corroborate: count claims from documents, each tied to its bytes.

A count claim is a place where a document asserts a number of people,
incidents or things involved in or affected by an event ("at least 121
rapes", "between 30 and 166 victims"). Every claim carries the byte offsets
of its expression in the bytes it was read from, so it always points back
at its source.

The functions here run the same Rust code as the ``corroborate`` command:
``extract`` returns exactly what ``corroborate extract --format jsonl``
prints, as dicts. ``extract_batch`` extracts a whole Arrow column at once on
every core, with the GIL released. ``corroborate.spark`` runs extraction on
Spark.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Union

from ._corroborate import EXTRACTOR_VERSION, CorroborateError, DumpBatches
from ._corroborate import extract_jsonl as _extract_jsonl
from ._corroborate import extract_arrow as _extract_arrow
from ._corroborate import groups_json as _groups_json
from ._corroborate import diff_json as _diff_json

__all__ = [
    "CLAIM_COLUMNS",
    "CorroborateError",
    "EXTRACTOR_VERSION",
    "diff",
    "extract",
    "extract_batch",
    "extract_jsonl",
    "groups",
    "read_dump",
]

#: The columns of a claim, in the order of CLAIMS.md §2 and of the JSON the
#: command line prints (``extract_batch`` adds ``sentence`` when asked).
CLAIM_COLUMNS = (
    "doc", "start", "end", "quote", "low", "high", "unit", "qualifier", "act", "subject", "place",
    "year_start", "year_end", "perpetrator", "source", "stance", "sentence_start", "sentence_end",
)


def extract_jsonl(data: Union[str, bytes], format: str = "auto", name: Optional[str] = None) -> str:
    """The claims of one document as JSON Lines, byte for byte what
    ``corroborate extract --format jsonl`` prints for a file called ``name``
    holding these bytes (a ``str`` is read as its UTF-8 bytes).

    Raises ``CorroborateError`` for input the command line refuses (empty,
    binary), with its message, and ``ValueError`` for an unknown format.
    """
    return _extract_jsonl(data, format, name)


def extract(data: Union[str, bytes], format: str = "auto", name: Optional[str] = None) -> List[Dict[str, Any]]:
    """Extracts the count claims of one document.

    ``data`` is the document: ``bytes`` as they are on disk, or a ``str``
    (read as its UTF-8 bytes; ``start``/``end`` then count UTF-8 bytes, not
    characters). ``format`` is ``"auto"`` (sniffed from the content, as the
    command line does), ``"text"``, ``"wikitext"`` or ``"html"``. ``name``
    is the document's name, reported in each claim's ``doc`` (default
    ``"document"``).

    Returns one dict per claim, in document order, with the fields of
    CLAIMS.md §2 (``doc``, ``start``, ``end``, ``quote``, ``low``, ``high``,
    ``unit``, ``qualifier``, ``act``, ``subject``, ``place``, ``year_start``,
    ``year_end``, ``perpetrator``, ``source``, ``stance``,
    ``sentence_start``, ``sentence_end``): the JSON objects the command line
    prints, in the same key order.

    >>> import corroborate
    >>> [c["quote"] for c in corroborate.extract("Soldiers killed at least 121 civilians in the town.")]
    ['at least 121']
    """
    text = _extract_jsonl(data, format, name)
    # Only records are separated by "\n": serde_json escapes it inside strings.
    return [json.loads(line) for line in text.split("\n") if line]


def _arrow_table(data: Any):
    """A pyarrow Table from a Table, a RecordBatch, or anything with
    ``to_arrow()`` (a Polars DataFrame)."""
    import pyarrow as pa

    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if hasattr(data, "to_arrow"):
        return _arrow_table(data.to_arrow())
    raise TypeError(f"expected a pyarrow Table or RecordBatch or a Polars DataFrame, got {type(data).__name__}")


def _one_array(column):
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        if column.num_chunks == 1:
            return column.chunk(0)
        if column.num_chunks == 0:
            return pa.array([], type=column.type)
        return column.combine_chunks()
    return column


def extract_batch(
    data: Any,
    text_column: str = "text",
    id_column: str = "id",
    format: str = "auto",
    name_column: Optional[str] = None,
    carry: Sequence[str] = (),
    errors: str = "raise",
    sentences: bool = False,
):
    """Extracts the claims of every row of an Arrow table, in parallel.

    ``data`` is a ``pyarrow.Table`` or ``RecordBatch``, or a Polars
    DataFrame (read through ``to_arrow()``). Each row's ``text_column``
    (strings or bytes) is a document; ``id_column`` identifies it and is
    carried to each of its claims. A claim's ``doc`` is the row's
    ``name_column`` where one is named, else its id as text. ``carry`` names
    more input columns to copy to each claim (a page title, a timestamp).

    Returns a ``pyarrow.Table`` with one row per claim, in input order: the
    id column, the ``carry`` columns, then the claim columns
    (``CLAIM_COLUMNS``) and ``sentence`` (the clean text of the claim's
    sentence when ``sentences`` is true, else null). Each row's claims are
    those ``extract(text, format, name)`` returns.

    A null text, or one of white space only (a blanked revision), has no
    claims. A row that cannot be read (binary) raises ``CorroborateError``
    with the command line's message, unless ``errors="skip"``. The GIL is
    released while the rows are extracted on every core (rayon).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    table = _arrow_table(data)
    for c in (text_column, id_column, name_column, *carry):
        if c is not None and c not in table.column_names:
            raise KeyError(f"no column {c!r} (the columns are {', '.join(table.column_names)})")
    texts = _one_array(table.column(text_column))
    ids = table.column(id_column)
    names = _one_array(table.column(name_column) if name_column else pc.cast(ids, pa.string()))
    if not pa.types.is_string(names.type):
        names = pc.cast(names, pa.string())
    rows, columns = _extract_arrow(texts, names, format, errors, sentences)
    out_names, out_columns = [id_column], [ids.take(rows)]
    for c in carry:
        if c != id_column:
            out_names.append(c)
            out_columns.append(table.column(c).take(rows))
    for name, array in columns:
        if name in out_names:
            raise ValueError(f"the input column {name!r} clashes with a claim column: rename it")
        out_names.append(name)
        out_columns.append(array)
    return pa.table(out_columns, names=out_names)


def read_dump(path_or_file: Any, rows: int = 1000) -> Iterator[Any]:
    """Streams the article revisions of a MediaWiki XML dump as
    ``pyarrow.RecordBatch`` es of ``rows`` revisions, with the columns
    ``page_id``, ``title``, ``rev_id``, ``parent_id``, ``timestamp``,
    ``contributor``, ``name`` (``Title#rev_id``, the document name
    ``corroborate extract`` gives a revision) and ``text``.

    ``path_or_file`` is a path (plain, ``.bz2``, ``.gz``, ``.xz`` or
    ``.lzma``, decompressed with the standard library) or a binary file
    object. The dump is read by the command line's streaming reader: only
    namespace 0, UTF-16 transcoded, CR LF read as LF.
    """
    import pyarrow as pa

    if hasattr(path_or_file, "read"):
        yield from _dump_batches(path_or_file, rows)
        return
    path = str(path_or_file)
    lower = path.lower()
    if lower.endswith(".bz2"):
        import bz2 as opener
    elif lower.endswith(".gz"):
        import gzip as opener
    elif lower.endswith((".xz", ".lzma")):
        import lzma as opener
    else:
        opener = None
    with (opener.open(path, "rb") if opener else open(path, "rb")) as f:
        yield from _dump_batches(f, rows)


def _dump_batches(f, rows: int):
    import pyarrow as pa

    for columns in DumpBatches(f, rows):
        yield pa.RecordBatch.from_arrays([a for _, a in columns], names=[n for n, _ in columns])


def groups(claims: Iterable[Mapping[str, Any]], documents: Optional[Mapping[str, Union[str, bytes]]] = None) -> List[Dict[str, Any]]:
    """Groups claims that count the same thing and flags conflicts, as
    ``corroborate groups --format jsonl`` does.

    ``claims`` are claim dicts (from ``extract``, or CLAIMS.md §5 records
    with ``start``/``end``), or a pyarrow Table of claims. ``documents``
    maps each ``doc`` name to its text or bytes: with them, grouping knows
    which documents are about one event and which are copies or revisions of
    one another (one independent source), and reads each claim's sentence;
    without them every document is its own source.

    Returns one dict per group: ``id``, ``claims``, ``conflict``, ``kinds``,
    ``low``, ``high``, ``best``, ``basis``, ``explanation``, ``sources``,
    ``event``.
    """
    if hasattr(claims, "to_pylist"):
        claims = claims.to_pylist()
    lines = "".join(json.dumps(dict(c), ensure_ascii=False) + "\n" for c in claims)
    docs = {}
    for name, data in (documents or {}).items():
        docs[name] = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return [json.loads(line) for line in _groups_json(lines, docs).split("\n") if line]


def diff(old: Iterable[Mapping[str, Any]], new: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """The claim changes from one version of a document to the next
    (``added``, ``removed``, ``changed``, ``reattributed``), as
    ``corroborate diff --format jsonl`` prints them.

    ``old`` and ``new`` are claim dicts with a ``sentence`` (the clean text
    of the claim's sentence: ``extract_batch(..., sentences=True)`` gives
    it), in document order.
    """
    enc = lambda cs: "".join(json.dumps(dict(c), ensure_ascii=False) + "\n" for c in cs)
    return [json.loads(line) for line in _diff_json(enc(old), enc(new)).split("\n") if line]
