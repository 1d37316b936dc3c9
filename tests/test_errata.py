"""The errata page: every item of TOPICS.md, and every correction made anywhere on the site.

Content pages state a correction of the notes in a box,
``!!! note "Correction to the notes"`` in English and ``!!! note "笔记勘误"`` in
Chinese. The tests fail when the two languages of a page have different boxes,
or when ``docs/errata.md`` does not link to the section of a box. The snippets
of the errata page itself run with the other snippets (pytest-markdown-docs);
each ends with an ``assert`` on the claim it shows.
"""

from __future__ import annotations

import re

import pytest
from markdown_pages import DOCS, HEADING, HEADING_ID, fences, links, page_pairs, section
from markdown_pages import without_fences as blank_code

ERRATA = DOCS / "errata.md"
ERRATA_ZH = DOCS / "errata.zh.md"
CONTENT_PARTS = ("foundations", "training", "generalization", "practice")
BOX_EN = re.compile(r'^!!! note "Correction to the notes"', re.M)
BOX_ZH = re.compile(r'^!!! note "笔记勘误"', re.M)
# One section per item of TOPICS.md's "Errata" list, then the other corrections.
ITEMS = [
    "two-sided-difference",
    "relative-error-thresholds",
    "xavier-he",
    "layer-shapes",
    "tanh-centred",
    "variance-causes",
    "dropout-test-time",
    "weight-decay-factor",
]


def boxes(text: str, box: re.Pattern[str]) -> list[str]:
    """The id of the section that holds each correction box, in page order."""
    body = blank_code(text)
    heads = [(m.start(), HEADING_ID.search(m.group(2))) for m in HEADING.finditer(body)]
    out = []
    for m in box.finditer(body):
        before = [h for start, h in heads if start < m.start() and h]
        out.append(before[-1].group(1) if before else "")
    return out


PAIRS = [
    (en, zh)
    for en, zh in page_pairs()
    if en.relative_to(DOCS).parts[0] in CONTENT_PARTS and en.exists() and zh.exists()
]


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=[str(en.relative_to(DOCS)) for en, _ in PAIRS])
def test_corrections_are_the_same_in_both_languages(en, zh):
    assert boxes(en.read_text("utf-8"), BOX_EN) == boxes(zh.read_text("utf-8"), BOX_ZH)


def test_every_correction_on_the_site_is_linked_from_the_errata():
    linked = set(links(ERRATA.read_text("utf-8")))
    missing = [
        f"{en.relative_to(DOCS).as_posix()}#{sid}"
        for en, _ in PAIRS
        for sid in boxes(en.read_text("utf-8"), BOX_EN)
        if f"{en.relative_to(DOCS).as_posix()}#{sid}" not in linked
    ]
    assert not missing, f"corrections not listed in errata.md: {missing}"


@pytest.mark.parametrize("page", [ERRATA, ERRATA_ZH], ids=["en", "zh"])
@pytest.mark.parametrize("item", ITEMS)
def test_errata_item_quotes_shows_and_links(page, item):
    text = section(page.read_text("utf-8"), item, keep_code=True)
    assert text, f"{page.name}: no section {{ #{item} }}"
    assert re.search(r"^> ", blank_code(text), re.M), f"{page.name} #{item}: no quote of the notes"
    snippets = fences(text)
    assert any("exec" in f.info and "\nassert " in "\n" + f.body for f in snippets), (
        f"{page.name} #{item}: no executed snippet with an assert"
    )
    targets = [t for t in links(text) if t.split("/")[0] in CONTENT_PARTS]
    assert targets, f"{page.name} #{item}: no link to the page that explains it"


def test_box_finder_names_the_enclosing_section():
    text = (
        '# P { #p }\n## A { #a }\n!!! note "Correction to the notes"\n    x\n'
        '## B { #b }\n```python\n!!! note "Correction to the notes"\n```\n'
        '### C { #c }\ntext\n!!! note "Correction to the notes"\n    y\n'
    )
    assert boxes(text, BOX_EN) == ["a", "c"]
