"""Lab pages made light for a phone: figures as files (notebook_images.py), the
notebook stylesheet trimmed to the rules a page uses (notebook_css.py)."""

from __future__ import annotations

import base64
import re
import struct
import zlib

import pytest
from markdown_pages import lab_pairs
from mkdocs.exceptions import PluginError

from conftest import load_hook

notebook_images = load_hook("notebook_images")
notebook_css = load_hook("notebook_css")

LABS = [f"labs/{en.stem}" for en, _ in lab_pairs()]


def tiny_png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size, written by hand (no imaging library)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (notebook_images.PNG_SIGNATURE + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def inline(data: bytes, attributes: str = 'alt="A figure" class=""') -> str:
    encoded = base64.b64encode(data).decode()
    return f'<p><img {attributes} src="data:image/png;base64,{encoded}"/></p>'


def test_notebook_images_extract_writes_each_figure_once_with_its_size(tmp_path):
    png = tiny_png(7, 3)
    html = notebook_images.extract(inline(png) + inline(png), tmp_path / "labs" / "x")
    files = list((tmp_path / "labs" / "x").iterdir())
    assert len(files) == 1
    assert files[0].read_bytes() == png
    tags = re.findall(r"<img[^>]*>", html)
    assert len(tags) == 2
    assert "data:" not in html
    for tag in tags:
        assert f'src="{files[0].name}"' in tag
        assert 'alt="A figure"' in tag
        assert 'width="7" height="3"' in tag
        assert 'loading="lazy"' in tag
        assert 'decoding="async"' in tag


def test_notebook_images_extract_keeps_a_size_nbconvert_gave(tmp_path):
    html = notebook_images.extract(inline(tiny_png(8, 8), 'alt="" width="4" height="4"'), tmp_path)
    assert 'width="4" height="4"' in html
    assert 'width="8"' not in html


def test_notebook_images_extract_rejects_a_broken_figure(tmp_path):
    broken = inline(b"GIF89a not a png at all, but long enough")
    with pytest.raises(PluginError, match="not a valid PNG"):
        notebook_images.extract(broken, tmp_path)


@pytest.fixture(autouse=True)
def _own_style_cache(tmp_path, monkeypatch):
    """The trims of these tests go to a cache of their own, not the project's."""
    monkeypatch.setattr(notebook_css, "CACHE_DIR", tmp_path / "styles")


def lab_page(body: str, linked_css: str, tmp_path) -> str:
    (tmp_path / "site.css").write_text(linked_css, "utf-8")
    return (f'<html><head><link rel="stylesheet" href="site.css"></head>'
            f'<body data-md-color-scheme="default"><style type="text/css">'
            f"{notebook_css.STYLESHEET}</style>{body}"
            f'<input data-md-color-scheme="slate"></body></html>')


def test_notebook_css_trim_keeps_rules_the_page_uses_and_drops_the_rest(tmp_path):
    body = ('<div class="jupyter-wrapper"><div class="jp-OutputArea-output">'
            "<pre>42</pre></div></div>")
    page = lab_page(body, "a { color: var(--md-red-50) }", tmp_path)
    trimmed = notebook_css.trim(page, tmp_path)
    assert notebook_css.STYLESHEET not in trimmed
    assert len(trimmed) < len(page) / 5
    assert ".jupyter-wrapper .jp-OutputArea-output pre{" in trimmed  # used
    assert "[data-md-color-scheme=slate] .jupyter-wrapper{" in trimmed  # the dark scheme
    assert ".bp3-alert-body" not in trimmed  # a widget no lab shows
    assert "--md-red-50:" in trimmed  # read by a linked stylesheet only


def test_notebook_css_trim_drops_custom_properties_nothing_reads(tmp_path):
    page = lab_page('<div class="jupyter-wrapper"></div>', "a { color: red }", tmp_path)
    assert "--md-red-50:" not in notebook_css.trim(page, tmp_path)


def test_notebook_css_trim_names_a_missing_linked_stylesheet(tmp_path):
    page = lab_page('<div class="jupyter-wrapper"></div>', "", tmp_path)
    (tmp_path / "site.css").unlink()
    with pytest.raises(PluginError, match=r"site\.css"):
        notebook_css.trim(page, tmp_path)


@pytest.mark.parametrize("lang", ["", "zh/"])
@pytest.mark.parametrize("lab", LABS)
def test_lab_page_links_its_figures_and_carries_a_trimmed_stylesheet(built_site, lang, lab):
    folder = built_site / (lang + lab)
    html = (folder / "index.html").read_text("utf-8")
    assert "data:image/png" not in html
    assert notebook_css.STYLESHEET not in html
    styles = sum(len(css) for css in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))
    assert styles < 60_000, styles
    figures = re.findall(r'<img src="([0-9a-f]{20}\.png)"[^>]* width="\d+" height="\d+"', html)
    assert figures, "no figure linked"
    for name in figures:
        assert (folder / name).is_file(), name
