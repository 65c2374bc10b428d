"""`extract_batch` over Arrow gives, row for row, what `extract` gives."""
import pyarrow as pa
import pytest

import corroborate
from conftest import corpus, corpus_files


def paragraphs():
    """Paragraphs of the seeds and realdev: many small documents."""
    out = []
    for name in ("seeds", "realdev"):
        for f in corpus_files(corpus(name)):
            for p in f.read_bytes().split(b"\n\n"):
                if p.strip() and b"\x00" not in p:
                    out.append(p)
    return out


def per_row(texts, names, format="auto"):
    rows = []
    for i, (t, n) in enumerate(zip(texts, names)):
        if t is None or not t.strip():
            continue
        for c in corroborate.extract(t, format=format, name=n):
            rows.append({"id": i, **c})
    return rows


def test_ten_thousand_rows_equal_per_row_extract():
    paras = paragraphs()
    texts = [paras[i % len(paras)] for i in range(10_000)]
    # A few rows are blank, null or whole documents.
    texts[7] = b"   \n"
    texts[11] = None
    texts[13] = (corpus("seeds") / corpus_files(corpus("seeds"))[0].name).read_bytes()
    ids = list(range(10_000))
    table = pa.table({"id": ids, "text": pa.array(texts, pa.binary())})
    got = corroborate.extract_batch(table, "text", "id")
    expected = per_row(texts, [str(i) for i in ids])
    assert got.num_rows == len(expected) > 5_000
    assert got.column_names == ["id", *corroborate.CLAIM_COLUMNS, "sentence"]
    rows = got.drop_columns(["sentence"]).to_pylist()
    assert rows == expected


def test_string_columns_chunked_tables_batches_and_names():
    texts = ["Troops killed 40 villagers.", "Nothing here.", "About 3,000 people fled the valley in 1950."] * 3
    table = pa.Table.from_batches([pa.record_batch({"rev": pa.array(range(k, k + 3), pa.int64()), "title": ["A", "B", "C"], "body": pa.array(texts[k:k + 3], pa.large_string())}) for k in (0, 3, 6)])
    assert table.column("body").num_chunks == 3
    got = corroborate.extract_batch(table, "body", "rev", name_column="title", carry=["title"])
    assert got.column_names[:2] == ["rev", "title"]
    assert got.column("rev").type == pa.int64()
    assert got.column("rev").to_pylist() == [0, 2, 3, 5, 6, 8]
    assert got.column("doc").to_pylist() == ["A", "C"] * 3
    one = corroborate.extract_batch(table.to_batches()[0], "body", "rev", sentences=True)
    assert one.column("sentence").to_pylist() == ["Troops killed 40 villagers.", "About 3,000 people fled the valley in 1950."]
    assert one.column("doc").to_pylist() == ["0", "2"]


def test_bad_rows_raise_with_the_command_line_message_or_are_skipped():
    table = pa.table({"id": ["a", "b"], "text": pa.array([b"5 soldiers were killed.", b"\x00\x01 binary"], pa.binary())})
    with pytest.raises(corroborate.CorroborateError, match=r"^b: the file looks binary \(a NUL byte at offset 0\), not text$"):
        corroborate.extract_batch(table, "text", "id")
    got = corroborate.extract_batch(table, "text", "id", errors="skip")
    assert got.column("id").to_pylist() == ["a"]
    with pytest.raises(KeyError, match="no column 'body'"):
        corroborate.extract_batch(table, "body", "id")


def test_polars_frames_go_through_arrow():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"id": [1, 2], "text": ["At least 12 people were injured.", "Some 700 prisoners were released."]})
    got = corroborate.extract_batch(frame, "text", "id")
    assert got.column("quote").to_pylist() == ["At least 12", "Some 700"]
    back = pl.from_arrow(got)
    assert back.filter(pl.col("act") == "injured").height == 1


def test_an_empty_table_gives_an_empty_table_of_claim_columns():
    table = pa.table({"id": pa.array([], pa.int64()), "text": pa.array([], pa.string())})
    got = corroborate.extract_batch(table)
    assert got.num_rows == 0
    assert got.column_names == ["id", *corroborate.CLAIM_COLUMNS, "sentence"]


def test_html_rows_keep_offsets_into_their_own_bytes():
    page = b"<html><body><article><p>Fighting in the hills left at least 1,300 soldiers dead and some 400 wounded.</p></article></body></html>"
    got = corroborate.extract_batch(pa.table({"id": [1], "text": pa.array([page], pa.binary())}), format="html")
    for start, end, quote in zip(got.column("start").to_pylist(), got.column("end").to_pylist(), got.column("quote").to_pylist()):
        assert page[start:end].decode() == quote
    assert got.column("quote").to_pylist() == ["at least 1,300", "some 400"]


def test_the_gil_is_released_while_rows_are_extracted():
    import threading
    import time

    paras = paragraphs()
    table = pa.table({"id": list(range(3000)), "text": pa.array([paras[i % len(paras)] for i in range(3000)], pa.binary())})
    span = {}

    def work():
        span["start"] = time.perf_counter()
        corroborate.extract_batch(table)
        span["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    ticks = []
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    inside = [x for x in ticks if span["start"] + 0.05 < x < span["end"] - 0.05]
    assert span["end"] - span["start"] < 0.2 or inside, "Python code could not run while extract_batch ran"
