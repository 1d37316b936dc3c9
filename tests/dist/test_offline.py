"""``make test-dist``: the offline copy (``make offline``) works from ``file://``, with no server.

The site is built as ``make offline`` builds it (``DLNOTES_OFFLINE=true``), zipped
by ``tools/offline_zip.py`` and unzipped into a new folder. Every link between its
files must name a file that exists (no folder links, which a browser shows as a
directory listing under ``file://``), and in Chromium, from ``file://``: the nav
and the language menu lead to the right pages, search finds pages in each
language, figures load, math is rendered, and nothing is requested from anywhere
else.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, Build, finish

from offline_zip import TOP, make_zip

HREF = re.compile(r'<(?:a|link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"')


@pytest.fixture(scope="session")
def offline_site():
    """The offline zip, unzipped; yields its top folder."""
    work = Path(tempfile.mkdtemp(prefix="dlnotes-offline-"))
    finish(Build(work / "site", ROOT / ".cache", env={"DLNOTES_OFFLINE": "true"}),
           "offline build")
    count = make_zip(work / "site", work / "dlnotes-offline.zip")
    with zipfile.ZipFile(work / "dlnotes-offline.zip") as zf:
        names = zf.namelist()
        assert len(names) == count
        assert all(n.startswith(f"{TOP}/") for n in names)
        zf.extractall(work / "unzipped")
    yield work / "unzipped" / TOP
    shutil.rmtree(work, ignore_errors=True)


def test_offline_links_name_files_that_exist(offline_site):
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 90
    checked = 0
    for page in pages:
        for target in HREF.findall(page.read_text("utf-8")):
            target = html.unescape(target)
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "//")):
                continue
            path = (page.parent / unquote(parts.path)).resolve()
            where = f"{page.relative_to(offline_site)} -> {target}"
            assert path.is_file(), f"{where}: not a file"
            checked += 1
    assert checked > 5_000


def test_offline_copy_works_from_file_urls(offline_site, browser):  # noqa: F811
    base = offline_site.as_uri() + "/"
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("request", lambda r: r.url.split(":")[0] not in ("file", "data", "blob", "about")
            and problems.append(f"request: {r.url}"))
    try:
        page.goto(base + "index.html")
        page.click(".md-tabs__link >> text=Training")
        page.wait_for_load_state()
        assert page.url == base + "training/gradient-descent.html"

        page.goto(base + "foundations/activations.html")
        assert page.locator(".katex").count() > 20
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        assert page.locator('a[href="activations.ipynb"]').count() == 1
        page.hover(".md-select")
        page.click('.md-select__link[hreflang="zh"]')
        page.wait_for_load_state()
        assert page.url == base + "zh/foundations/activations.html"
        page.hover(".md-select")
        page.click('.md-select__link[hreflang="en"]')
        page.wait_for_load_state()
        assert page.url == base + "foundations/activations.html"

        for start, query, found in (("index.html", "backpropagation", "training/backprop.html"),
                                    ("zh/index.html", "反向传播", "zh/training/backprop.html")):
            page.goto(base + start)
            page.fill("input.md-search__input", query)
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
            links = page.locator(".md-search-result__item a").evaluate_all(
                "els => els.map(e => e.href.split('?')[0].split('#')[0])")
            assert base + found in links, (query, links[:5])
            assert all(("/zh/" in link) == start.startswith("zh/") for link in links), links
    finally:
        page.close()
    assert not problems, problems
