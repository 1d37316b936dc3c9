"""The strict build: every page in both languages, figures, math, search, no third-party request."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from markdown_pages import DOCS, lab_pairs, page_pairs
from mkdocs.exceptions import PluginError

from conftest import PROJECT_CACHE, ROOT, Build, finish, load_hook, mkdocs_config

pytestmark = pytest.mark.build


def html_path(site: Path, md: Path, lang: str) -> Path:
    rel = md.relative_to(DOCS).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "index":
        parts = parts[:-1]
    prefix = ["zh"] if lang == "zh" else []
    return site.joinpath(*prefix, *parts, "index.html")


def test_build_writes_every_page_in_both_languages(built_site):
    for en, _ in page_pairs():
        for lang in ("en", "zh"):
            assert html_path(built_site, en, lang).is_file(), f"{en.name} [{lang}] not built"


def test_build_has_home_and_activation_pages(built_site):
    for rel in ("index.html", "zh/index.html", "foundations/activations/index.html",
                "zh/foundations/activations/index.html"):
        assert (built_site / rel).is_file()


def test_build_sets_language_and_translated_site_name(built_site):
    zh = (built_site / "zh/index.html").read_text("utf-8")
    en = (built_site / "index.html").read_text("utf-8")
    assert '<html lang="zh"' in zh
    assert "深度学习笔记" in zh
    assert '<html lang="en"' in en
    assert "Deep Learning Notes" in en


def test_language_menu_links_to_same_page_in_other_language(built_site):
    page = (built_site / "foundations/activations/index.html").read_text("utf-8")
    menu = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', page))
    assert {v: k for k, v in menu.items()}["zh"] == "../../zh/foundations/activations/"
    page = (built_site / "zh/foundations/activations/index.html").read_text("utf-8")
    menu = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', page))
    assert {v: k for k, v in menu.items()}["en"] == "../../../foundations/activations/"


def test_chinese_lines_join_without_spaces(built_site):
    page = (built_site / "zh/foundations/activations/index.html").read_text("utf-8")
    prose = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "", page, flags=re.S)
    cjk = r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]"
    assert not re.search(rf"{cjk}\s*\n\s*{cjk}", prose)
    assert "中心化的数据，效果类似于" in page  # wraps after the comma in the source


def test_math_is_rendered_at_build_time(built_site):
    page = (built_site / "foundations/activations/index.html").read_text("utf-8")
    assert 'class="katex"' in page
    assert 'class="arithmatex"' not in page  # every formula was replaced
    assert "\\(" not in re.sub(r"<(pre|code|annotation)[^>]*>.*?</\1>", "", page, flags=re.S)


PRELOAD = re.compile(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>')


def test_math_pages_preload_the_katex_fonts_their_stylesheet_asks_for(built_site):
    """Pages with math preload KaTeX's two text fonts; other pages preload nothing.

    A preload is only useful when it is the very file katex.min.css requests
    (same URL), or the browser fetches the font twice and warns.
    """
    css = (built_site / "assets/katex/katex.min.css").read_text("utf-8")
    requested = {(built_site / "assets/katex" / url).resolve()
                 for url in re.findall(r"url\((fonts/[^)]+\.woff2)\)", css)}
    with_math = 0
    for html in built_site.rglob("*.html"):
        text = html.read_text("utf-8")
        fonts = [(html.parent / href).resolve() for href in PRELOAD.findall(text)]
        if 'class="katex' not in text:
            assert fonts == [], html.relative_to(built_site)
            continue
        with_math += 1
        assert [f.name for f in fonts] == ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"]
        assert all(f.is_file() and f in requested for f in fonts), html.relative_to(built_site)
    assert with_math > 40


def test_snippet_output_comes_from_running_it(built_site):
    page = (built_site / "foundations/activations/index.html").read_text("utf-8")
    # the collapse demonstration prints the same numbers twice, computed two ways
    rows = re.findall(r"linear layer[s]?:\s*\[([^\]]+)\]", page)
    assert len(rows) == 2
    assert rows[0] == rows[1]


def test_figures_are_svg_and_shared_by_both_languages(built_site):
    svgs = sorted((built_site / "figures").rglob("*.svg"))
    assert svgs, "no figure was built"
    assert all(p.read_bytes().lstrip().startswith(b"<?xml") for p in svgs)
    assert not (built_site / "zh" / "figures").exists()


def _search_index(site: Path, lang: str) -> dict:
    path = site / ("zh/" if lang == "zh" else "") / "search" / "search_index.json"
    return json.loads(path.read_text("utf-8"))


def test_search_index_per_language(built_site):
    en, zh = _search_index(built_site, "en"), _search_index(built_site, "zh")
    # one index per language; Chinese locations are relative to zh/ (their base)
    assert not [d["location"] for d in en["docs"] if d["location"].startswith("zh/")]
    assert any(d["location"].startswith("foundations/activations/") for d in en["docs"])
    # jieba splits Chinese words with zero-width spaces (part of the search separator)
    titles = {d["location"]: d["title"].replace("\u200b", "") for d in zh["docs"]}
    assert any(loc.startswith("foundations/activations/") and "激活函数" in title
               for loc, title in titles.items())
    assert not any(t == "Activation functions" for t in titles.values())
    assert en["config"]["lang"] == ["en"]
    assert zh["config"]["lang"] == ["en", "zh"]
    page = (built_site / "zh/foundations/activations/index.html").read_text("utf-8")
    assert '"base": "../.."' in page, "a Chinese page must search the Chinese index"
    assert (built_site / "zh" / "sitemap.xml").is_file(), "instant navigation reads it at base"


TEX = re.compile(r"\\(?:frac|sigma|top|left|right|mathbf|sum|begin|text)\b|\^\{|_\{")


def test_search_index_has_each_formula_once_as_text(built_site):
    for lang in ("en", "zh"):
        docs = _search_index(built_site, lang)["docs"]
        texts = [d["text"] for d in docs]
        # code is code (a lab's plot labels are TeX strings in Python): only prose counts;
        # nbconvert's code cells reach the index without <pre>, so labs are left out
        prose = [re.sub(r"<pre>.*?</pre>", "", d["text"], flags=re.S) for d in docs
                 if not d["location"].startswith("labs/")]
        with_tex = [t[:80] for t in prose if TEX.search(t)]
        assert not with_tex, f"[{lang}] TeX markup in the index: {with_tex[:3]}"
        assert not any("katex" in t for t in texts)
    # the sigmoid formula of the activations page: once, as the text of its MathML
    sigmoid = next(d["text"] for d in _search_index(built_site, "en")["docs"]
                   if d["location"] == "foundations/activations/#sigmoid")
    assert sigmoid.count("σ(z)=") == 1


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def test_no_asset_is_loaded_from_another_host(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        text = page.read_text("utf-8")
        tags = re.findall(r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*>", text)
        for tag in tags:
            is_link = tag.startswith("<link")
            if is_link and not re.search(r'rel="(?:stylesheet|preload|modulepreload|icon)"', tag):
                continue  # canonical / alternate links are not requests
            if EXTERNAL.search(tag):
                offenders.append(f"{page.relative_to(built_site)}: {tag[:120]}")
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text("utf-8")):
            offenders.append(f"{css.relative_to(built_site)}: {url}")
    assert not offenders, "\n".join(offenders[:20])


def test_pages_link_each_script_and_stylesheet_once(built_site):
    """No page asks for a script or stylesheet twice, nor for markdown-exec's Pyodide assets.

    The pages run no fence in the browser; with its default languages,
    markdown-exec linked its Pyodide script and stylesheet from every page, and
    twice from the Chinese ones (one on_env per language build).
    """
    wrong = []
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text("utf-8")
        assets = re.findall(r'<script src="([^"]+)"', text)
        assets += re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
        twice = sorted({a for a in assets if assets.count(a) > 1})
        pyodide = [a for a in assets if "pyodide" in a]
        if twice or pyodide:
            wrong.append(f"/{page.relative_to(built_site)}: twice {twice}, pyodide {pyodide}")
    assert not wrong, "\n".join(wrong[:10])


def test_palette_stylesheet_has_no_rule_on_the_switching_attribute(built_site):
    """Material sets and clears ``data-md-color-switching`` on every load; with no rule
    selecting on it, neither restyles the page (palette_css.py). dlnotes.css turns
    transitions off under the class the head script sets on a real switch."""
    [palette] = (built_site / "assets" / "stylesheets").glob("palette.*.min.css")
    assert "data-md-color-switching" not in palette.read_text("utf-8")
    assert ".dlnotes-switching *" in (built_site / "assets" / "dlnotes.css").read_text("utf-8")
    for page in sorted(built_site.rglob("*.html")):
        head = page.read_text("utf-8").partition("<body")[0]
        assert 'classList.replace("no-js", "js")' in head, page.relative_to(built_site)


def test_palette_css_fails_loudly_unless_materials_rule_is_there_once():
    hook = load_hook("palette_css")
    for css in ("a{b:c}", hook.RULE * 2, hook.RULE + "[data-md-color-switching]{x:y}"):
        with pytest.raises(PluginError, match="exactly once"):
            hook.without_switching_rule(css, "palette.css")


def test_missing_figure_fails_the_strict_build(tmp_path, built_site):
    """A page that references a figure nobody draws must break the strict build."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("index.md", "index.zh.md"):
        text = (DOCS / name).read_text("utf-8").split("\n## ")[0]  # the intro only
        (docs / name).write_text(text + "\n![x](figures/nope/missing.svg)\n", "utf-8")
    config = mkdocs_config()
    config["docs_dir"] = str(docs)
    config["nav"] = ["index.md"]
    config["hooks"] = [str(ROOT / h) for h in config["hooks"]]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    # the figures come from the session build's cache; the other caches are this
    # build's own (mkdocs-jupyter empties its cache of what a build leaves out)
    code, output = Build(tmp_path / "site", tmp_path / "cache", config_file,
                         env={"DLNOTES_FIGURE_CACHE": str(PROJECT_CACHE / "figures")}).wait()
    assert code != 0
    assert "figures/nope/missing.svg" in output


def test_cached_and_clean_builds_are_byte_identical(built_site, second_build):
    """The build with the project's caches and the one from empty caches match."""
    def files(site):
        return {p.relative_to(site): p.read_bytes() for p in site.rglob("*")
                if p.is_file() and not p.name.startswith("sitemap.xml")}

    a, b = files(built_site), files(second_build)
    assert a.keys() == b.keys()
    differing = sorted(str(k) for k in a if a[k] != b[k])
    assert not differing, f"files differ between the cached and the clean build: {differing[:10]}"


def test_finish_reports_a_failed_build(tmp_path):
    """The fixture's error path: a broken config makes finish() fail the test."""
    bad = tmp_path / "mkdocs.yml"
    bad.write_text("site_name: x\ndocs_dir: does-not-exist\n", "utf-8")
    with pytest.raises(pytest.fail.Exception):
        finish(Build(tmp_path / "site", tmp_path / "cache", bad), "broken build")


LAB_NAMES = [en.stem for en, _ in lab_pairs()]


@pytest.mark.parametrize("name", LAB_NAMES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lab_is_executed_rendered_and_downloadable(built_site, name, lang):
    page_dir = built_site / ("zh" if lang == "zh" else "") / "labs" / name
    html = (page_dir / "index.html").read_text("utf-8")
    assert "jp-Notebook" in html, "not rendered as a notebook"
    assert "jp-OutputArea-output" in html, "no cell output on the page"
    assert 'class="katex"' in html, "notebook math not rendered"
    assert not re.search(r"<script[^>]*src=\"(?:https?:)?//", html)
    nb = json.loads((page_dir / f"{name}.ipynb").read_text("utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c["execution_count"] for c in code), "download is not the executed notebook"
    assert any(c["outputs"] for c in code)


def test_language_pairs_are_in_the_sitemap_not_in_page_heads(built_site):
    """Head alternates made Material fetch a sitemap.xml next to each (two 404s a page)."""
    for rel in ("index.html", "foundations/activations/index.html",
                "zh/foundations/activations/index.html"):
        head = (built_site / rel).read_text("utf-8").partition("</head>")[0]
        assert 'rel="alternate" href=' not in head, rel
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    pages = re.findall(r"<url>.*?</url>", sitemap, re.S)
    assert len(pages) >= 40
    for entry in pages:
        assert 'hreflang="en"' in entry, entry[:200]
        assert 'hreflang="zh"' in entry, entry[:200]


def test_api_pages_show_no_private_base_class(built_site):
    pages = sorted(built_site.glob("reference/*/index.html")) + sorted(
        built_site.glob("zh/reference/*/index.html"))
    assert len(pages) >= 30
    for page in pages:
        text = re.sub(r"<[^>]+>", "", page.read_text("utf-8"))
        assert not re.search(r"Bases:\s*_\w+", text), page.relative_to(built_site)


def test_404_page_speaks_both_languages(built_site):
    page = (built_site / "404.html").read_text("utf-8")
    assert "404 - Not found" in page
    assert '<div lang="zh">' in page
    assert "页面不存在" in page
    assert '<a href="/dlnotes/zh/" hreflang="zh">' in page  # absolute paths: served at any depth
    assert '<a href="/dlnotes/">' in page
    assert not (built_site / "zh" / "404.html").exists()
