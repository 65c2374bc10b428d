"""Writes a prose corpus for the speed benchmarks (bench/peers.sh,
bench/history.sh): copies of the four example Wikipedia texts in
examples/corpus (CC BY-SA 4.0), each copy made distinct by a line of its
own, until at least MB megabytes are written into OUT.

    python3 bench/prose_corpus.py OUT MB
"""
import glob
import os
import sys


def main(out, mb):
    here = os.path.dirname(os.path.abspath(__file__))
    texts = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(here, "..", "examples", "corpus", "*.txt")))]
    if not texts:
        sys.exit("no texts in examples/corpus")
    os.makedirs(out, exist_ok=True)
    total = i = 0
    while total < mb * 1_000_000:
        b = texts[i % len(texts)] + f"\n\nCopy {i}.\n".encode()
        with open(os.path.join(out, f"doc{i:06}.txt"), "wb") as f:
            f.write(b)
        total += len(b)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
