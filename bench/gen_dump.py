#!/usr/bin/env python3
"""Write a synthetic MediaWiki pages-meta-history dump of at least SIZE_MB
megabytes, streamed to OUT (never held in memory).

  gen_dump.py SIZE_MB OUT.xml

Pages are the example Wikipedia texts (examples/corpus, CC BY-SA 4.0) under
numbered titles. Each page has many revisions; each revision changes the
previous one a little, as real edits do: one figure is changed, or a
sentence is added. Deterministic (a fixed seed).
"""
import glob
import os
import random
import re
import sys
from xml.sax.saxutils import escape


# The example texts, found beside this script so that it runs from any folder.
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "corpus")


def main():
    size_mb, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(1944)
    texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(EXAMPLES, "*.txt")))]
    written, page, rev = 0, 0, 1
    with open(out, "w", encoding="utf-8") as f:
        f.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">\n')
        f.write("  <siteinfo><sitename>Synthetic</sitename></siteinfo>\n")
        while written < size_mb * 1_000_000:
            page += 1
            text = texts[page % len(texts)]
            f.write(f"  <page>\n    <title>Synthetic article {page}</title>\n    <ns>0</ns>\n    <id>{page}</id>\n")
            parent = None
            for _ in range(rng.randint(5, 40)):
                if rng.random() < 0.7:
                    # Change one figure.
                    nums = list(re.finditer(r"\b\d{2,3}(?:,\d{3})*\b", text))
                    if nums:
                        m = rng.choice(nums)
                        text = text[: m.start()] + f"{rng.randint(10, 99999):,}" + text[m.end() :]
                else:
                    text += f"\n\nIn a later edit, at least {rng.randint(2, 5000):,} people were reported missing.\n"
                body = escape(text)
                parent_xml = f"<parentid>{parent}</parentid>" if parent else ""
                f.write(
                    f"    <revision><id>{rev}</id>{parent_xml}<timestamp>2020-01-01T00:00:00Z</timestamp>"
                    f"<contributor><username>Editor{rev % 97}</username><id>{rev % 97}</id></contributor>"
                    f'<text bytes="{len(text.encode())}">{body}</text></revision>\n'
                )
                written += len(body)
                parent, rev = rev, rev + 1
            f.write("  </page>\n")
        f.write("</mediawiki>\n")
    print(f"{out}: {page} pages, {rev - 1} revisions, {written / 1e6:.0f} MB of text", file=sys.stderr)


if __name__ == "__main__":
    main()
