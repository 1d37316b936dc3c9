"""MkDocs hook: one search index per language, with formulas and code as plain text.

Three gaps it covers:

1. **Languages.** mkdocs-static-i18n (1.3) gathers the entries of every
   language into the one ``search/search_index.json`` that every page loads, so
   an English reader searching "dropout" got Chinese pages first and the other
   way round. Its ``reconfigure_search`` only removes duplicates (upstream:
   ultrabug/mkdocs-static-i18n#271, closed as a limitation of the theme's one
   index path; a release writing one index per language would retire this part). This hook
   writes ``search/search_index.json`` with the English pages and
   ``zh/search/search_index.json`` with the Chinese ones, and points each
   Chinese page's search at its own index: Material fetches
   ``search/search_index.json`` relative to the ``base`` of the page's
   ``__config``, which is set here to the root of the page's language.
   The entries are kept per page, so a partial rebuild under
   ``mkdocs serve --dirty`` (``incremental.py``) replaces just the entries of
   the pages it rebuilt; and the list starts empty on every build, where
   mkdocs-static-i18n's grows by a copy of the site at every ``serve`` reload.

2. **Markup.** KaTeX writes every formula three times: MathML for screen
   readers (with the TeX as an annotation) and HTML for the eye. Material's
   search plugin indexed all three (``z=w⊤x+bz = w^\\top x + bz=w⊤x+b``, raw TeX
   in result previews) and parsing the deep KaTeX HTML was a third of a warm
   build. Material can only exclude whole sections (``data-search-exclude``), so
   the index's ``add_entry_from_context`` is wrapped (on the instance the plugin
   made for this build): it reads the page with each formula replaced by the
   text of its MathML (``z=w⊤x+b``) and code blocks without Pygments' colour
   spans and line anchors (the index keeps only their text anyway), while the
   page keeps its full HTML for rendering.

3. **Time.** Even so, cutting each page into sections and segmenting its
   Chinese with jieba took a sixth of a warm build. A page's entries depend
   only on what ``add_entry_from_context`` reads (its HTML, table of contents,
   URL, title and front matter) and on the tools (``exec_cache``'s environment
   digest: every installed distribution and mkdocs.yml) and this hook, so they
   are kept in ``.cache/search/`` under a hash of those.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

# sibling hook (MkDocs puts this folder on sys.path while it loads a hook)
import exec_cache
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

KATEX = re.compile(r'<span class="katex">')
SPAN = re.compile(r"<span\b|</span>")
MATHML = re.compile(r"<math\b.*?</math>", re.S)
ANNOTATION = re.compile(r"<annotation\b.*?</annotation>", re.S)
TAG = re.compile(r"<[^>]+>")
PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
INLINE_TAG = re.compile(r"</?(?:span|a)\b[^>]*>")
CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": )"([^"]*)"')

ROOT = Path(__file__).resolve().parents[2]
# DLNOTES_SEARCH_CACHE lets a test build from a cold cache without touching yours.
CACHE_DIR = Path(os.environ.get("DLNOTES_SEARCH_CACHE", ROOT / ".cache" / "search"))

# language -> {page url: its entries}. Module state lives for the whole
# `mkdocs serve` session (MkDocs loads a hook once), which is what lets a
# partial rebuild keep the entries of the pages it did not rebuild.
ENTRIES: dict[str, dict[str, list[dict]]] = {}


def _formula_end(html: str, start: int) -> int:
    """Index just past the ``</span>`` that closes the span opened at ``start``."""
    depth = 0
    for token in SPAN.finditer(html, start):
        depth += 1 if token.group() == "<span" else -1
        if depth == 0:
            return token.end()
    raise ValueError(f"unclosed KaTeX span at offset {start}")


def formulas_as_text(html: str) -> str:
    """Replace every KaTeX formula in ``html`` by the text of its MathML.

    >>> formulas_as_text('a <span class="katex"><span class="katex-mathml"><math><mi>z</mi>'
    ...     '<annotation encoding="application/x-tex">z</annotation></math></span>'
    ...     '<span class="katex-html" aria-hidden="true"><span>z</span></span></span> b')
    'a z b'
    """
    out, pos = [], 0
    for match in KATEX.finditer(html):
        if match.start() < pos:  # inside a formula already replaced
            continue
        end = _formula_end(html, match.start())
        mathml = MATHML.search(html, match.start(), end)
        text = TAG.sub("", ANNOTATION.sub("", mathml.group())) if mathml else ""
        out += [html[pos : match.start()], text]
        pos = end
    out.append(html[pos:])
    return "".join(out)


def code_as_text(html: str) -> str:
    """Drop the highlighting spans and line anchors inside every ``<pre>`` block.

    >>> code_as_text('<pre><code><a id="l1"></a><span class="k">import</span> np</code></pre>')
    '<pre><code>import np</code></pre>'
    """
    return PRE.sub(lambda m: INLINE_TAG.sub("", m.group()), html)


def _languages(config) -> tuple[str, str]:
    """(language of this build, default language)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return "en", "en"
    return i18n.current_language, i18n.default_language


def language_root(language: str, default: str) -> str:
    """The site-relative URL of the home page of ``language``.

    >>> language_root("zh", "en"), language_root("en", "en")
    ('zh/', '')
    """
    return "" if language == default else f"{language}/"


def cache_path(page) -> Path:
    """Where the entries of ``page`` are kept: a hash of all that makes them."""
    meta = {key: page.meta.get(key) for key in ("title", "tags", "search")}
    fields = [exec_cache.environment_digest(), Path(__file__).read_text("utf-8"),
              page.url, page.title, str(page.toc), meta, page.content]
    key = hashlib.sha256(json.dumps(fields, default=str).encode()).hexdigest()
    return CACHE_DIR / key[:2] / f"{key}.json"


@event_priority(-100)  # after Material's search plugin has made its index (in on_config)
def on_config(config):
    search = config.plugins.get("material/search") or config.plugins["search"]
    index = search.search_index
    add_entry = index.add_entry_from_context
    language, _ = _languages(config)

    def add_entry_as_text(page):
        full = page.content
        before = len(index.entries)
        path = cache_path(page)
        if path.is_file():
            index.entries.extend(json.loads(path.read_text("utf-8")))
        else:
            if full:
                page.content = code_as_text(formulas_as_text(full))
            try:
                add_entry(page)
            finally:
                page.content = full
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(index.entries[before:], ensure_ascii=False), "utf-8")
            tmp.replace(path)
        ENTRIES.setdefault(language, {})[page.url] = index.entries[before:]

    index.add_entry_from_context = add_entry_as_text
    return config


@event_priority(-300)  # after every plugin has added its files
def on_files(files, config):
    """Forget the entries of pages that are gone (all of them, on a full build)."""
    language, _ = _languages(config)
    pages = ENTRIES.setdefault(language, {})
    urls = {f.url for f in files}
    for url in [u for u in pages if u not in urls]:
        del pages[url]
    return files


def on_post_page(output, page, config):
    """Point a page's search at the index of its own language."""
    language, default = _languages(config)
    if language == default:
        return output
    base = get_relative_url(language_root(language, default), page.url).rstrip("/")
    return CONFIG_BASE.sub(lambda m: f'{m.group(1)}"{base or "."}"', output, count=1)


def _write(path: Path, search_config: dict, entries: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"config": search_config, "docs": entries}
    # UTF-8, not \u escapes: a third smaller for Chinese and jieba's zero-width spaces.
    text = json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)
    path.write_text(text, "utf-8")


@event_priority(-200)  # after mkdocs-static-i18n has built every language and written its index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # a language's own build inside mkdocs-static-i18n's: wait for the end
    search = config.plugins.get("material/search") or config.plugins["search"]
    if not search.config.enabled:
        return
    _, default = _languages(config)
    keys = ["lang", "separator", "pipeline", "fields"]
    search_config = {key: search.config[key] for key in keys}
    site = Path(config.site_dir)
    for language, pages in ENTRIES.items():
        root = language_root(language, default)
        entries = []
        for page_entries in pages.values():  # in the order the pages were first built
            for entry in page_entries:
                entries.append({**entry, "location": entry["location"].removeprefix(root)})
        lang_config = {**search_config, "lang": _lunr_languages(language, search_config["lang"])}
        _write(site / root / "search" / "search_index.json", lang_config, entries)
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if root and (site / name).is_file():
                shutil.copyfile(site / name, site / root / name)


def _lunr_languages(language: str, configured: list[str]) -> list[str]:
    """The lunr languages of one index: its own, plus English for code and terms.

    >>> _lunr_languages("en", ["en", "zh"]), _lunr_languages("zh", ["en", "zh"])
    (['en'], ['en', 'zh'])
    """
    return [lang for lang in configured if lang in ("en", language)]
