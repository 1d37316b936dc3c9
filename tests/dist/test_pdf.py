"""``make test-dist``: the book as one PDF per language (``make pdf``, tools/pdf.py).

Printed from a strict build of the site, each PDF must hold every page of the
nav but the API reference, in nav order, with a table of contents whose page
numbers are right, PDF bookmarks for every part and page, a page number on
every page, the math rendered (no TeX source left in its text), every line of
code and output (but the "Run this page's code" box, a download), the lab
plots, and every font embedded (a Chinese one in the Chinese PDF). The checks read the PDFs with poppler's ``pdftotext`` and
``pdffonts`` (Debian's poppler-utils, which .ci/run installs).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from test_browser import RAW_TEX
from test_build import html_path
from test_nav import NAV
from test_takeaway import downloads_hook, take_away_box

from conftest import ROOT, Build, finish

from offline_zip import make_zip
from pdf import make_pdfs

LANGS = ("en", "zh")
BOOK = [src for src in NAV if not src.startswith("reference/")]
CJK_FONT = re.compile(r"WenQuanYi|Noto\w*CJK|SourceHan|Droid\w*Fallback")


def poppler(tool: str, *args) -> str:
    assert shutil.which(tool), f"{tool} is missing: install Debian's poppler-utils"
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True,
                          check=True).stdout


def squeeze(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines and spaces CJK freely."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def pdfs(work, dist_site, browser):
    written = make_pdfs(dist_site, work / "pdf", browser)
    return {path.stem.removeprefix("dlnotes-"): path for path in written}


@pytest.fixture(scope="session")
def pages_text(pdfs):
    """Each PDF's text, one string per page (pdftotext ends every page with a form feed)."""
    return {lang: poppler("pdftotext", "-layout", path, "-").split("\f")[:-1]
            for lang, path in pdfs.items()}


def book_pages(site: Path, lang: str) -> list[BeautifulSoup]:
    return [BeautifulSoup(html_path(site, ROOT / "docs" / src, lang).read_text("utf-8"),
                          "html.parser").select_one("article") for src in BOOK]


def titles(site: Path, lang: str) -> list[str]:
    return [page.find("h1").get_text(" ", strip=True).removesuffix("¶").strip()
            for page in book_pages(site, lang)]


def outline(reader: PdfReader, items=None, depth=0) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, 1-based page), in order."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item, depth + 1)
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_holds_every_nav_page_in_order(lang, pdfs, pages_text, dist_site):
    wanted = titles(dist_site, lang)
    assert len(wanted) == len(BOOK) > 30
    text = squeeze("".join(pages_text[lang][2:]))  # after the cover and the contents
    at = 0
    for title in wanted:
        found = text.find(squeeze(title), at)
        assert found >= 0, f"[{lang}] {title!r} is missing, or out of nav order"
        at = found
    assert 150 < len(pages_text[lang]) < 400


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_numbers_every_page(lang, pages_text):
    pages = pages_text[lang]
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"\b{number} / {len(pages)}\s*$", text), f"[{lang}] page {number}"


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_bookmarks_and_contents_point_to_each_page(lang, pdfs, pages_text, dist_site):
    marks = outline(PdfReader(pdfs[lang]))
    contents = pages_text[lang][1]
    for title in titles(dist_site, lang):
        pages = [page for _, mark, page in marks if mark.strip() == title]
        assert pages, f"[{lang}] no bookmark for {title!r}"
        line = next((ln for ln in contents.splitlines() if squeeze(title) in squeeze(ln)), None)
        assert line, f"[{lang}] {title!r} is not in the table of contents"
        listed = int(line.split()[-1])
        assert listed == pages[0], f"[{lang}] contents say {title!r} is on {listed}"
        assert squeeze(title) in squeeze(pages_text[lang][listed - 1])
    # Chapters hang under their part: more than the parts at the top level.
    assert sum(depth == 0 for depth, _, _ in marks) < sum(depth == 1 for depth, _, _ in marks)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_text_holds_no_tex_source(lang, pages_text, dist_site):
    """No TeX command of the pages' math is left as text, beyond what code cells show."""
    pages = book_pages(dist_site, lang)
    tex = " ".join(a.get_text() for p in pages
                   for a in p.find_all("annotation", encoding="application/x-tex"))
    code = " ".join(pre.get_text() for p in pages for pre in p.find_all("pre"))
    markers = set(RAW_TEX) | set(re.findall(r"\\[A-Za-z]+", tex))
    assert len(markers) > 30
    text = "".join(pages_text[lang])
    left = {m: text.count(m) for m in markers if text.count(m) > code.count(m)}
    assert not left, f"[{lang}] TeX in the PDF's text: {left}"
    for symbol in "σ∑∂":  # (a square root is drawn, not a glyph)
        assert symbol in text, f"[{lang}] the rendered math lacks {symbol}"


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_shows_every_code_line_and_output_and_the_plots(lang, pdfs, pages_text, dist_site):
    text = squeeze("".join(pages_text[lang]))
    lines = [line for page in book_pages(dist_site, lang) for pre in page.find_all("pre")
             if not pre.find_parent("details", class_="dlnotes-run-it")
             for line in pre.get_text().splitlines() if line.strip()]
    assert len(lines) > 1000
    missing = [line for line in lines if squeeze(line) not in text]
    assert not missing, f"[{lang}] {len(missing)} code or output lines missing: {missing[:5]}"
    rasters = [row for row in poppler("pdfimages", "-list", pdfs[lang]).splitlines()[2:]
               if row.split()[2] == "image"]
    lab_plots = sum(len(page.select(".jp-OutputArea-output img"))
                    for page in book_pages(dist_site, lang))
    assert lab_plots > 5 and len(rasters) >= lab_plots


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_embeds_every_font(lang, pdfs):
    rows = poppler("pdffonts", pdfs[lang]).splitlines()[2:]
    assert rows
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, not_embedded
    if lang == "zh":
        assert any(CJK_FONT.search(row) for row in rows), rows


def test_deployed_home_page_links_the_pdfs_and_the_offline_copy(work, pdfs, dist_site):
    """The deploy's build (DLNOTES_DOWNLOADS=dist) publishes the files under downloads/ and
    the home page of each language links them. (The zip here packs the plain build: what
    it holds is test_offline's business; this test checks that the file goes out as made.)"""
    folder = work / "dist"
    folder.mkdir()
    for path in pdfs.values():
        shutil.copy(path, folder)
    make_zip(dist_site, folder / "dlnotes-offline.zip")
    deployed = work / "deployed"
    finish(Build(deployed, ROOT / ".cache", env={"DLNOTES_DOWNLOADS": str(folder)}),
           "build with DLNOTES_DOWNLOADS")
    for lang in LANGS:
        box = take_away_box(deployed, lang)
        home = html_path(deployed, ROOT / "docs" / "index.md", lang).parent
        links = re.findall(r'<a href="([^"]+)" download>', box)
        for name in downloads_hook.FILES:
            link = next((link for link in links if link.endswith(f"downloads/{name}")), None)
            assert link, f"[{lang}] the home page does not link {name}"
            published = (home / link).resolve()
            assert published.read_bytes() == (folder / name).read_bytes()
        assert "make pdf" not in box
