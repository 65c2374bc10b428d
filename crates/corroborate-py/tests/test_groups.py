"""`corroborate.groups` finds the groups `corroborate groups` finds."""
import json

import corroborate
from conftest import corpus, corpus_files, run_cli


def test_groups_equal_the_command_line_on_the_seeds():
    path = corpus("seeds")
    claims, docs = [], {}
    for f in corpus_files(path):
        data = f.read_bytes()
        docs[f.name] = data
        claims.extend(corroborate.extract(data, name=f.name))
    ours = corroborate.groups(claims, docs)
    out = run_cli("groups", "--format", "jsonl", str(path)).stdout.decode("utf-8")
    theirs = [json.loads(line) for line in out.split("\n") if line]
    assert ours == theirs
    assert any(g["conflict"] for g in ours)


def test_groups_without_documents_and_from_a_table():
    import pyarrow as pa

    claims = corroborate.extract("Soldiers killed 40 villagers in Tirana in 1943.", name="a") + corroborate.extract(
        "In 1943 soldiers killed 400 villagers in Tirana.", name="b"
    )
    groups = corroborate.groups(claims)
    assert [len(g["claims"]) for g in groups] == [2]
    assert groups[0]["conflict"] is True
    assert corroborate.groups(pa.Table.from_pylist(claims)) == groups


def test_diff_equals_the_command_line(tmp_path):
    import pyarrow as pa

    old = "The strike ended when police fired on the crowd: 4 miners were killed and 21 injured. More than 300 strikers were arrested."
    new = "The strike ended when police fired on the crowd: 5 miners were killed and 21 injured. According to the union, more than 300 strikers were arrested; 12 were convicted."
    (tmp_path / "old.txt").write_text(old)
    (tmp_path / "new.txt").write_text(new)
    out = run_cli("diff", "--format", "jsonl", str(tmp_path / "old.txt"), str(tmp_path / "new.txt")).stdout.decode("utf-8")
    theirs = [json.loads(line) for line in out.split("\n") if line]
    claims = corroborate.extract_batch(pa.table({"id": ["old.txt", "new.txt"], "text": [old, new]}), sentences=True)
    side = lambda name: [c for c in claims.drop_columns(["id"]).to_pylist() if c["doc"] == name]
    ours = corroborate.diff(side("old.txt"), side("new.txt"))
    assert ours == theirs
    assert {"added", "reattributed"} <= {c["kind"] for c in ours}
