"""Accessibility basics of the built site, page by page, in both languages.

- ``<html lang>`` is ``zh`` under ``/zh/`` and ``en`` elsewhere (the root
  ``404.html`` included: it is served for every missing URL).
- Every ``<img>`` has a non-empty ``alt``; every image is content inside the
  ``<article>`` (Material's icons are inline SVG, not images). The figures
  (``figures/...``) are described in the page's language: with Chinese
  characters on Chinese pages, mostly not on English ones.
- The headings of the article go down one level at a time (h2 → h4 skips a
  level; going back up is fine) and there is exactly one h1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
HEADING = re.compile(r"h([1-6])")


@dataclass
class Img:
    src: str
    alt: str | None
    in_article: bool


@dataclass
class Page:
    lang: str | None = None
    images: list[Img] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.article_depth = 0
        self.heading: list | None = None  # [level, text parts] while inside one

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page.lang = attrs.get("lang")
        elif tag == "article":
            self.article_depth += 1
        elif tag == "img":
            self.page.images.append(
                Img(attrs.get("src") or "", attrs.get("alt"), self.article_depth > 0)
            )
        elif self.article_depth and HEADING.fullmatch(tag):
            self.heading = [int(tag[1]), []]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "article":
            self.article_depth -= 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.article_depth -= 1
        elif self.heading and tag == f"h{self.heading[0]}":
            text = "".join(self.heading[1]).replace("¶", "").strip()
            self.page.headings.append((self.heading[0], text))
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1].append(data)


def parse(path: Path) -> Page:
    parser = _Parser()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser.page


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, Page]:
    """Every built HTML page by site-relative path."""
    return {
        html.relative_to(built_site).as_posix(): parse(html)
        for html in sorted(built_site.rglob("*.html"))
    }


def expected_lang(rel: str) -> str:
    return "zh" if rel.startswith("zh/") else "en"


def is_figure(src: str) -> bool:
    return "figures/" in src and not src.startswith("data:")


def heading_problems(headings: list[tuple[int, str]]) -> list[str]:
    """Skipped levels and a count of h1 other than one, in a list of (level, text)."""
    found = []
    h1 = sum(level == 1 for level, _ in headings)
    if h1 != 1:
        found.append(f"{h1} h1 headings")
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            found.append(
                f"h{level} {text!r} follows h{previous}"
                if previous
                else f"first heading is h{level} {text!r}"
            )
        previous = level
    return found


def test_site_has_pages_with_figures(pages):
    assert "index.html" in pages
    assert "zh/index.html" in pages
    assert any(is_figure(img.src) for page in pages.values() for img in page.images)


def test_html_lang_matches_the_page_language(pages):
    wrong = [
        f"/{rel}: <html lang={page.lang!r}>, expected {expected_lang(rel)!r}"
        for rel, page in pages.items()
        if page.lang != expected_lang(rel)
    ]
    assert not wrong, "\n".join(wrong)


def test_images_have_alt_text(pages):
    missing = [
        f"/{rel}: <img src={img.src[:80]!r}> has no alt text"
        for rel, page in pages.items()
        for img in page.images
        if not (img.alt or "").strip()
    ]
    assert not missing, "\n".join(missing)


def test_images_are_content_only(pages):
    outside = [
        f"/{rel}: <img src={img.src[:80]!r}> outside the article"
        for rel, page in pages.items()
        for img in page.images
        if not img.in_article
    ]
    assert not outside, "\n".join(outside)


def test_figure_alt_text_is_in_the_page_language(pages):
    wrong = []
    for rel, page in pages.items():
        for img in page.images:
            if not is_figure(img.src) or not img.alt:
                continue
            cjk, latin = len(CJK.findall(img.alt)), len(LATIN.findall(img.alt))
            if expected_lang(rel) == "zh" and cjk == 0:
                wrong.append(f"/{rel}: {img.src}: alt has no Chinese: {img.alt!r}")
            if expected_lang(rel) == "en" and cjk > latin:
                wrong.append(f"/{rel}: {img.src}: alt is mostly Chinese: {img.alt!r}")
    assert not wrong, "\n".join(wrong)


def test_article_headings_skip_no_level_and_have_one_h1(pages):
    wrong = [
        f"/{rel}: {problem}"
        for rel, page in pages.items()
        if rel != "404.html"
        for problem in heading_problems(page.headings)
    ]
    assert not wrong, "\n".join(wrong)


def test_heading_check_reports_skips_and_h1_count():
    assert heading_problems([(1, "a"), (2, "b"), (3, "c"), (2, "d"), (3, "e")]) == []
    assert heading_problems([(1, "a"), (3, "b")]) == ["h3 'b' follows h1"]
    assert heading_problems([(2, "a")]) == ["0 h1 headings", "first heading is h2 'a'"]
    assert heading_problems([(1, "a"), (1, "b")]) == ["2 h1 headings"]


def test_parser_reads_lang_images_and_article_headings(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<html lang="zh"><body><img src="logo.png" alt="">'
        '<article><h1 id="t">标题<a class="headerlink">¶</a></h1>'
        '<img src="../figures/a/b.svg" alt="图"><h2>二</h2></article><h3>outside</h3>'
        "</body></html>",
        "utf-8",
    )
    parsed = parse(page)
    assert parsed.lang == "zh"
    assert [(i.src, i.alt, i.in_article) for i in parsed.images] == [
        ("logo.png", "", False),
        ("../figures/a/b.svg", "图", True),
    ]
    assert parsed.headings == [(1, "标题"), (2, "二")]
