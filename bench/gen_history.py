#!/usr/bin/env python3
"""Write a synthetic pages-meta-history dump of ONE page with a long
history, from realistic edit sequences, streamed to OUT (never held whole).

  gen_history.py REVISIONS KB_PER_REVISION OUT.xml [SHARED]

The page is built from CC BY-SA 4.0 texts of the project's shared corpus
(SHARED, default ../shared beside the repository): the Wikipedia seeds
000-003, the real development pages (realdev) and a few real wikitext pages
(corpus/real/wikitext), under section headings, after an infobox written
here, until it holds about KB_PER_REVISION kilobytes. Each revision then
edits the previous one as editors do (the mix is the EDITS table):

- most revisions change one paragraph: a figure changed, a word replaced,
  a sentence added or removed;
- some are vandalism reverted in the next revision, or a return to a text
  two or three revisions back (a revert restores the earlier text byte for
  byte);
- some rewrite the infobox (its casualty figures and the order of its rows);
- a few add or remove a whole paragraph.

The page's size stays near KB_PER_REVISION (additions are favoured below
it, removals above it). Deterministic: a fixed seed, the same input files,
the same dump. 20,000 revisions of 100 KB make a 2 GB dump.
"""
import glob
import os
import random
import re
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

# Probability of each kind of edit (the rest of the mass goes to
# changing one paragraph).
EDITS = [
    ("vandalism_then_revert", 0.05),
    ("revert_further_back", 0.02),
    ("rewrite_infobox", 0.04),
    ("add_paragraph", 0.03),
    ("remove_paragraph", 0.03),
]

HEADINGS = ["Background", "Events", "Casualties", "Aftermath", "Investigations", "Legacy", "Commemoration"]
WORDS = ["reportedly", "later", "officially", "initially", "eventually", "subsequently"]
NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{2,5}\b")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def paragraphs_of(text):
    """The non-empty paragraphs of a text (blank-line or line separated)."""
    parts = re.split(r"\n\s*\n" if "\n\n" in text else r"\n", text)
    return [p.strip() for p in parts if p.strip()]


def load_sources(shared):
    seeds = sorted(glob.glob(os.path.join(shared, "corpus", "seeds", "00[0-3]_*")))
    realdev = sorted(glob.glob(os.path.join(shared, "corpus", "realdev", "*.txt")))
    wiki = sorted(glob.glob(os.path.join(shared, "corpus", "real", "wikitext", "*.txt")))
    if not seeds or not realdev:
        sys.exit(f"gen_history.py: no seeds or realdev under {shared} (give the shared folder as 4th argument)")
    prose = [open(p, encoding="utf-8", errors="replace").read() for p in seeds + realdev]
    # English wikitext pages only (the German and Afrikaans ones have their
    # own namespaces), with a few templates and references.
    wikitext = []
    for p in wiki:
        t = open(p, encoding="utf-8", errors="replace").read()
        if "<ref" in t and "{{" in t and "Kategorie" not in t and "Kategorie:" not in t and len(t) < 40_000:
            wikitext.append(t)
    return prose, wikitext[:6]


def infobox(rng):
    """An infobox with casualty rows, in a random order after the first.
    Its date and place stay (an infobox rewrite revises figures, not when
    and where the event was): they make the page's frame, and a frame that
    changes invalidates every paragraph's claims."""
    rows = [
        ("conflict", "Siege of the northern valley"),
        ("date", "4 March 1957"),
        ("place", "the northern valley"),
        ("casualties1", f"{rng.randint(100, 9000):,} killed"),
        ("casualties2", f"{rng.randint(100, 9000):,} wounded"),
        ("casualties3", f"about {rng.randint(1000, 90000):,} civilians displaced"),
        ("strength1", f"{rng.randint(1000, 40000):,} troops"),
    ]
    head, rest = rows[:1], rows[1:]
    rng.shuffle(rest)
    body = "".join(f"| {k} = {v}\n" for k, v in head + rest)
    return "{{Infobox military conflict\n" + body + "}}"


def base_page(rng, prose, wikitext, target):
    """The first revision: an infobox, then sections of paragraphs."""
    blocks = [infobox(rng)]
    size, h = 0, 0
    sources = [paragraphs_of(t) for t in prose] + [[t.strip()] for t in wikitext]
    order = list(range(len(sources)))
    rng.shuffle(order)
    while size < target:
        for i in order:
            blocks.append(f"== {HEADINGS[h % len(HEADINGS)]} {h // len(HEADINGS) + 1} ==")
            h += 1
            for p in sources[i]:
                blocks.append(p)
                size += len(p) + 2
            if size >= target:
                break
    return blocks


def prose_indexes(blocks):
    return [i for i, b in enumerate(blocks) if i > 0 and not b.startswith("==") and not b.startswith("{{")]


def edit_paragraph(rng, blocks, pool, target):
    """Change one paragraph: a figure, a word, or one sentence more or less."""
    i = rng.choice(prose_indexes(blocks))
    p = blocks[i]
    size = sum(len(b) + 2 for b in blocks)
    kind = rng.random()
    nums = list(NUMBER.finditer(p))
    if kind < 0.45 and nums:
        m = rng.choice(nums)
        new = f"{rng.randint(10, 99999):,}"
        blocks[i] = p[: m.start()] + new + p[m.end() :]
    elif kind < 0.65:
        words = [m for m in re.finditer(r"\b[a-z]{5,}\b", p)]
        if words:
            m = rng.choice(words)
            blocks[i] = p[: m.start()] + rng.choice(WORDS) + " " + p[m.start() :]
    else:
        sentences = SENTENCE.split(p)
        if size > target and len(sentences) > 1:
            del sentences[rng.randrange(len(sentences))]
        else:
            sentences.insert(rng.randint(0, len(sentences)), rng.choice(pool))
        blocks[i] = " ".join(sentences)


def main():
    revisions, kb, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    shared = sys.argv[4] if len(sys.argv) > 4 else os.path.join(HERE, "..", "..", "shared")
    rng = random.Random(1995)
    prose, wikitext = load_sources(shared)
    target = kb * 1000
    blocks = base_page(rng, prose, wikitext, target)
    pool = [s for t in prose for p in paragraphs_of(t) for s in SENTENCE.split(p) if 40 < len(s) < 300]
    history = []  # the last few texts, for reverts
    pending_revert = None
    written = 0
    counts = {}
    with open(out, "w", encoding="utf-8") as f:
        f.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">\n')
        f.write("  <siteinfo><sitename>Synthetic</sitename></siteinfo>\n")
        f.write("  <page>\n    <title>Synthetic history</title>\n    <ns>0</ns>\n    <id>1</id>\n")
        for rev in range(1, revisions + 1):
            if rev == 1:
                kind = "create"
            elif pending_revert is not None:
                kind = "revert"
                blocks = list(pending_revert)
                pending_revert = None
            else:
                x, kind = rng.random(), "edit_paragraph"
                for name, p in EDITS:
                    if x < p:
                        kind = name
                        break
                    x -= p
                if kind == "vandalism_then_revert":
                    pending_revert = list(blocks)
                    i = rng.choice(prose_indexes(blocks))
                    blocks[i] = blocks[i][: rng.randint(0, len(blocks[i]))] + " this page is wrong!!!"
                elif kind == "revert_further_back" and len(history) >= 3:
                    blocks = list(history[-rng.randint(2, 3)])
                elif kind == "rewrite_infobox":
                    blocks[0] = infobox(rng)
                elif kind == "add_paragraph":
                    i = rng.choice(prose_indexes(blocks))
                    blocks.insert(i + 1, " ".join(rng.sample(pool, 3)))
                elif kind == "remove_paragraph" and len(prose_indexes(blocks)) > 10:
                    del blocks[rng.choice(prose_indexes(blocks))]
                else:
                    kind = "edit_paragraph"
                    edit_paragraph(rng, blocks, pool, target)
            counts[kind] = counts.get(kind, 0) + 1
            history.append(list(blocks))
            del history[:-4]
            text = "\n\n".join(blocks) + "\n"
            body = escape(text)
            parent = f"<parentid>{rev - 1}</parentid>" if rev > 1 else ""
            day, sec = divmod(rev, 86400)
            f.write(
                f"    <revision><id>{rev}</id>{parent}"
                f"<timestamp>20{10 + day // 365:02}-01-01T{sec // 3600:02}:{sec // 60 % 60:02}:{sec % 60:02}Z</timestamp>"
                f"<contributor><username>Editor{rev % 211}</username><id>{rev % 211}</id></contributor>"
                f'<text bytes="{len(text.encode())}">{body}</text></revision>\n'
            )
            written += len(body)
        f.write("  </page>\n</mediawiki>\n")
    mix = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"{out}: 1 page, {revisions} revisions, {written / 1e6:.0f} MB of text ({mix})", file=sys.stderr)


if __name__ == "__main__":
    main()
