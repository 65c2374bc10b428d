#!/usr/bin/env python3
"""Draws the judged sample of claims on ordinary pages (issue 13, item 7).

Runs `corroborate extract` over the two sources of ordinary Wikipedia
pages in ../shared/corpus/real (the articles dump and the 70 wikitext
pages), pools every claim, and draws N of them at random with a fixed
seed (random.Random(13)), so the draw can be repeated. Each drawn claim is
written with its sentence (from the document's original bytes, at most
300 characters) and empty `judgment` / `why` fields, which a person then
fills in by hand against CLAIMS.md section 1.

    python3 tools/judged_sample.py CORROBORATE_BIN [N] > draft.jsonl

The judged file lives at crates/corroborate-cli/tests/data/judged_ordinary.jsonl;
crates/corroborate-cli/tests/precision.rs re-runs extract on the same pages
and measures precision and retention on it.
"""

import bz2
import json
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DUMP = SHARED / "corpus/real/dumps/enwiki-articles-sample.xml.bz2"
WIKITEXT = SHARED / "corpus/real/wikitext"


def extract(binary, args):
    out = subprocess.run([binary, "extract", "--format", "jsonl", *args], check=True, capture_output=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def dump_texts():
    """Each revision's text as UTF-8 bytes, keyed by `Title#revid`."""
    texts = {}
    for _, el in ET.iterparse(bz2.open(DUMP)):
        if el.tag.rsplit("}", 1)[-1] != "page":
            continue
        ns = lambda e: e.tag.rsplit("}", 1)[-1]
        title = next(c.text for c in el if ns(c) == "title")
        for rev in (c for c in el if ns(c) == "revision"):
            rid = next(c.text for c in rev if ns(c) == "id")
            text = next((c.text or "" for c in rev if ns(c) == "text"), "")
            texts[f"{title}#{rid}"] = text.encode("utf-8")
        el.clear()
    return texts


def main():
    binary = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 260
    claims = extract(binary, [str(DUMP)]) + extract(binary, ["--input-format", "wikitext", str(WIKITEXT)])
    texts = dump_texts()
    for p in WIKITEXT.iterdir():
        texts[p.name] = p.read_bytes()
    claims.sort(key=lambda c: (c["doc"], c["start"], c["end"]))
    print(f"{len(claims)} claims in all; drawing {n}", file=sys.stderr)
    for c in random.Random(13).sample(claims, n):
        b = texts[c["doc"]]
        sentence = b[c["sentence_start"] : c["sentence_end"]].decode("utf-8", "replace")
        sentence = " ".join(sentence.split())
        if len(sentence) > 300:
            # Keep the 300 characters around the quote.
            at = max(0, sentence.find(c["quote"]))
            lo = max(0, min(at - 150, len(sentence) - 300))
            sentence = sentence[lo : lo + 300]
        row = {
            "doc": c["doc"],
            "start": c["start"],
            "end": c["end"],
            "quote": c["quote"],
            "orig": b[c["start"] : c["end"]].decode("utf-8", "replace"),
            "sentence": sentence,
            "judgment": "",
            "why": "",
        }
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
