"""`corroborate.extract` is `corroborate extract --format jsonl`, byte for
byte, on the seeds and the real development set; errors carry the command
line's messages."""
import json

import pytest

import corroborate
from conftest import corpus, corpus_files, run_cli


def cli_lines_by_doc(path):
    out = run_cli("extract", "--format", "jsonl", str(path)).stdout.decode("utf-8")
    by_doc = {}
    for line in out.split("\n"):
        if line:
            by_doc.setdefault(json.loads(line)["doc"], []).append(line + "\n")
    return out, by_doc


@pytest.mark.parametrize("name", ["seeds", "realdev"])
def test_extract_equals_the_command_line_byte_for_byte(name):
    path = corpus(name)
    whole, by_doc = cli_lines_by_doc(path)
    ours = []
    for f in corpus_files(path):
        data = f.read_bytes()
        text = corroborate.extract_jsonl(data, name=f.name)
        assert text == "".join(by_doc.get(f.name, [])), f.name
        # The dicts are that JSON, key order included.
        dicts = corroborate.extract(data, name=f.name)
        again = "".join(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n" for d in dicts)
        assert again == text, f.name
        ours.append(text)
    assert "".join(ours) == whole
    assert whole, f"no claims on {name}"


def test_every_claim_points_at_its_bytes():
    for f in corpus_files(corpus("seeds")):
        data = f.read_bytes()
        for c in corroborate.extract(data, name=f.name):
            assert 0 <= c["start"] < c["end"] <= len(data)
            assert c["sentence_start"] <= c["start"] and c["end"] <= c["sentence_end"]
            assert set(corroborate.CLAIM_COLUMNS) == set(c)


def test_a_str_is_read_as_its_utf8_bytes():
    text = "Près de Łódź, au moins 1 200 civils — selon la Croix‑Rouge, at least 1,200 civilians were killed."
    claims = corroborate.extract(text)
    assert claims, claims
    raw = text.encode("utf-8")
    for c in claims:
        assert raw[c["start"]:c["end"]].decode("utf-8") == c["quote"]
    assert corroborate.extract(raw) == claims
    assert corroborate.extract(bytearray(raw)) == claims


def test_the_format_can_be_forced_and_the_name_is_the_doc():
    wikitext = "In 1944 the garrison of '''Hollen''' lost more than 2,000 men.<ref>Smith 1990, p. 4.</ref>"
    claims = corroborate.extract(wikitext, format="wikitext", name="Hollen.wiki")
    assert [c["doc"] for c in claims] == ["Hollen.wiki"]
    assert claims[0]["quote"] == "more than 2,000"
    assert corroborate.extract(wikitext)[0]["doc"] == "document"


def test_errors_carry_the_command_line_messages(tmp_path):
    for name, data in [("empty.txt", b""), ("blank.txt", b"  \n\t\n"), ("binary.bin", b"GIF89a\x00\x01\x02 123 killed")]:
        f = tmp_path / name
        f.write_bytes(data)
        done = run_cli("extract", "--format", "jsonl", str(f), check=False)
        assert done.returncode == 1
        with pytest.raises(corroborate.CorroborateError) as raised:
            corroborate.extract(data, name=str(f))
        assert done.stderr.decode().strip() == f"error: {raised.value}"
    with pytest.raises(ValueError, match='unknown format "pdf"'):
        corroborate.extract("10 people were killed.", format="pdf")
    with pytest.raises(TypeError, match="expected str or bytes"):
        corroborate.extract(12)
