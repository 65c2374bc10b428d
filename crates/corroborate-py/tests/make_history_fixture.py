#!/usr/bin/env python3
"""Writes tests/data/history.xml: a small MediaWiki pages-meta-history dump
(three articles and a talk page, several revisions each) about invented
events, for the Spark tests. Every edit is one a real history has: a figure
changed, a sentence added, a figure reattributed to a source, a page
blanked and restored. Run it again after changing it; the output is
deterministic."""
from pathlib import Path
from xml.sax.saxutils import escape

PAGES = {
    "Siege of Varnholt": [
        "The '''Siege of Varnholt''' took place in [[Estonia]] in 1919.\n\n== Casualties ==\nAt least 1,200 defenders were killed and about 300 civilians died of hunger.",
        "The '''Siege of Varnholt''' took place in [[Estonia]] in 1919.\n\n== Casualties ==\nAt least 1,400 defenders were killed and about 300 civilians died of hunger.",
        "The '''Siege of Varnholt''' took place in [[Estonia]] in 1919.\n\n== Casualties ==\nAt least 1,400 defenders were killed and about 300 civilians died of hunger. Some 2,000 residents were deported after the fall of the town.",
        "The '''Siege of Varnholt''' took place in [[Estonia]] in 1919.\n\n== Casualties ==\nAccording to the city archive, at least 1,400 defenders were killed and about 300 civilians died of hunger. Some 2,000 residents were deported after the fall of the town.",
    ],
    "Kessel flood of 1953": [
        "The '''Kessel flood''' struck the lowlands of [[Zeeland]] in February 1953. Between 90 and 120 people drowned and 4,500 were evacuated.",
        "",
        "The '''Kessel flood''' struck the lowlands of [[Zeeland]] in February 1953. Between 90 and 130 people drowned and 4,500 were evacuated.<ref>Provincial report, 1954.</ref>",
    ],
    "Talk:Kessel flood of 1953": [
        "Is the figure of 130 people right? The report says 120.",
    ],
    "Ostrava mine strike": [
        "The '''Ostrava mine strike''' of 1931 in [[Czechoslovakia]] ended when police fired on the crowd: 4 miners were killed and 21 injured.",
        "The '''Ostrava mine strike''' of 1931 in [[Czechoslovakia]] ended when police fired on the crowd: 4 miners were killed and 23 injured. More than 300 strikers were arrested.",
        "The '''Ostrava mine strike''' of 1931 in [[Czechoslovakia]] ended when police fired on the crowd: 4 miners were killed and 23 injured. More than 300 strikers were arrested; 12 of them were later convicted.",
        "The '''Ostrava mine strike''' of 1931 in [[Czechoslovakia]] ended when police fired on the crowd: 5 miners were killed and 23 injured. More than 300 strikers were arrested; 12 of them were later convicted.",
    ],
}


def main():
    out = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">']
    out.append("  <siteinfo>\n    <sitename>Fixture</sitename>\n    <namespaces>\n      <namespace key=\"0\" case=\"first-letter\" />\n      <namespace key=\"1\" case=\"first-letter\">Talk</namespace>\n    </namespaces>\n  </siteinfo>")
    rev_id = 1000
    for page_id, (title, texts) in enumerate(PAGES.items(), start=1):
        ns = 1 if title.startswith("Talk:") else 0
        out.append(f"  <page>\n    <title>{escape(title)}</title>\n    <ns>{ns}</ns>\n    <id>{page_id}</id>")
        parent = None
        for k, text in enumerate(texts):
            rev_id += 7
            day = 1 + k
            out.append("    <revision>")
            out.append(f"      <id>{rev_id}</id>")
            if parent:
                out.append(f"      <parentid>{parent}</parentid>")
            out.append(f"      <timestamp>2020-03-{day:02d}T12:00:00Z</timestamp>")
            out.append(f"      <contributor>\n        <username>Editor{k % 3}</username>\n        <id>{10 + k % 3}</id>\n      </contributor>")
            out.append("      <model>wikitext</model>\n      <format>text/x-wiki</format>")
            n = len(text.encode("utf-8"))
            out.append(f'      <text bytes="{n}" xml:space="preserve">{escape(text)}</text>' if text else f'      <text bytes="0" />')
            out.append("    </revision>")
            parent = rev_id
        out.append("  </page>")
    out.append("</mediawiki>\n")
    Path(__file__).with_name("data").joinpath("history.xml").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
