"""MkDocs hook: render TeX to HTML at build time with KaTeX, offline.

``pymdownx.arithmatex`` (generic mode) wraps formulas as
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``.
This hook sends each formula to one long-lived ``node`` process running the
pinned ``katex`` npm package (``package.json``), replaces the wrapper with
KaTeX's HTML, and ships KaTeX's stylesheet and woff2 fonts with the site, so no
page loads a math script from anywhere. Malformed TeX is logged as a warning,
which fails ``mkdocs build --strict``.

Rendered formulas are kept in ``.cache/math/<key>.json`` between builds (about
1,150 formulas: asking ``node`` for them again was ~0.8 s of a warm build). The
key is everything the HTML depends on: the installed KaTeX (its
``package.json``) and ``katex_server.js`` with its options. Only formulas KaTeX
accepted are kept, so malformed TeX fails every build, not just the first.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.math")

ROOT = Path(__file__).resolve().parents[2]
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
SERVER = Path(__file__).with_name("katex_server.js")
ASSET_DIR = "assets/katex"

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>",
    re.DOTALL,
)

# DLNOTES_MATH_CACHE lets a test build from a cold cache without touching yours.
CACHE_DIR = Path(os.environ.get("DLNOTES_MATH_CACHE", ROOT / ".cache" / "math"))

_server: subprocess.Popen[str] | None = None
_cache: dict[str, str] = {}  # "D" or "I" (display or inline) + TeX -> KaTeX HTML
_saved = 0  # how many of them the cache file holds


@functools.cache
def cache_file() -> Path:
    h = hashlib.sha256()
    for path in (KATEX_DIST.parent / "package.json", SERVER):
        h.update(path.read_bytes() if path.exists() else b"(missing)")
    return CACHE_DIR / f"{h.hexdigest()[:16]}.json"


def _load_cache() -> None:
    global _saved
    if _cache or not cache_file().is_file():
        return
    try:
        _cache.update(json.loads(cache_file().read_text("utf-8")))
    except ValueError:  # a file cut short: render everything again
        _cache.clear()
    _saved = len(_cache)


def save_cache() -> None:
    """Write the formulas rendered so far, replacing older KaTeX versions' files."""
    global _saved
    if len(_cache) == _saved:
        return
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for old in CACHE_DIR.glob("*.json"):
        if old != cache_file():
            old.unlink()
    tmp = cache_file().with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(_cache, ensure_ascii=False, sort_keys=True), "utf-8")
    tmp.replace(cache_file())
    _saved = len(_cache)


def _katex() -> subprocess.Popen[str]:
    global _server
    if _server is None or _server.poll() is not None:
        if not (KATEX_DIST / "katex.min.css").exists():
            raise PluginError(
                f"KaTeX is not installed ({KATEX_DIST} is missing). Run `make build` "
                "(it runs `npm ci`), or `npm ci` in the repository root."
            )
        node = shutil.which("node")
        if node is None:
            raise PluginError("`node` is not on PATH: install Node.js >= 18 to render math.")
        _server = subprocess.Popen(
            [node, str(SERVER)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        atexit.register(_server.kill)
    return _server


def render(tex: str, display: bool) -> str | None:
    """KaTeX HTML for one formula, or None (and a warning) if KaTeX rejects it."""
    _load_cache()
    key = ("D" if display else "I") + tex
    if key not in _cache:
        server = _katex()
        server.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        server.stdin.flush()
        reply = json.loads(server.stdout.readline())
        if "error" in reply:
            log.warning("KaTeX cannot render %r: %s", tex, reply["error"])
            return None
        _cache[key] = reply["html"]
    return _cache[key]


# Markdown cells of notebooks rendered by mkdocs-jupyter keep their TeX as $...$.
NOTEBOOK_MARKDOWN = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S
)
CODE = re.compile(r"(<(pre|code)\b.*?</\2>)", re.S)
DOLLARS = re.compile(r"\$\$(?P<block>.+?)\$\$|\$(?P<inline>[^$\n]+?)\$", re.S)


OPENS = ("{", "\\begin", "\\left")
CLOSES = ("}", "\\end", "\\right")
TOKEN = re.compile(r"\\qquad(?![a-zA-Z])|\\begin\b|\\end\b|\\left\b|\\right\b|\\.|[{}]")


def side_by_side(tex: str) -> list[str]:
    r"""The formulas a display formula sets side by side with ``\qquad``.

    Only a ``\qquad`` outside every group, environment and ``\left...\right``
    pair separates two formulas; each part keeps its punctuation.

    >>> side_by_side(r"z = wx + b, \qquad a = \sigma(z) .")
    ['z = wx + b,', 'a = \\sigma(z) .']
    >>> len(side_by_side(r"\text{a \qquad b} \left( x \qquad y \right)"))
    1
    """
    parts, depth, start = [], 0, 0
    for m in TOKEN.finditer(tex):
        if m.group() in OPENS:
            depth += 1
        elif m.group() in CLOSES:
            depth -= 1
        elif m.group() == "\\qquad" and depth == 0:
            parts.append(tex[start : m.start()])
            start = m.end()
    parts.append(tex[start:])
    return [part.strip() for part in parts if part.strip()]


def _display(tex: str) -> str | None:
    """A display formula; formulas set side by side become a row that wraps on a phone.

    KaTeX lays out a display formula as one unbreakable line, so two formulas
    joined by ``\\qquad`` scrolled sideways on a 390 px screen; rendered apart,
    in a row that wraps (``dlnotes.css``), each gets a line of its own there.
    """
    parts = side_by_side(tex)
    rendered = [render(part, True) for part in parts]
    if any(out is None for out in rendered):
        return None
    boxes = "".join(f'<div class="math-display">{out}</div>' for out in rendered)
    return boxes if len(parts) == 1 else f'<div class="math-row">{boxes}</div>'


def _replace(match: re.Match[str]) -> str:
    """KaTeX HTML for a match with a ``block`` or an ``inline`` group."""
    display = match.group("block") is not None
    tex = html.unescape(match.group("block") if display else match.group("inline"))
    out = _display(tex.strip()) if display else render(tex.strip(), False)
    return match.group(0) if out is None else out


def _render_dollars(text: str) -> str:
    parts = CODE.split(text)
    # CODE.split yields [text, code, tagname, text, code, tagname, ...]
    return "".join(
        DOLLARS.sub(_replace, part) if i % 3 == 0 else part
        for i, part in enumerate(parts)
        if i % 3 != 2
    )


def render_notebook_math(html_text: str) -> str:
    return NOTEBOOK_MARKDOWN.sub(
        lambda m: m.group(1) + _render_dollars(m.group(2)) + m.group(3), html_text
    )


def on_page_content(html_text: str, page, config, files) -> str:
    if "jp-RenderedMarkdown" in html_text:
        html_text = render_notebook_math(html_text)
    return MATH.sub(_replace, html_text)


@event_priority(-200)  # after mkdocs-static-i18n has rebuilt the file list
def on_files(files, config):
    """Serve KaTeX's CSS and woff2 fonts from the site itself."""
    if not (KATEX_DIST / "katex.min.css").exists():
        _katex()  # raises the install hint
    sources = [KATEX_DIST / "katex.min.css", *sorted((KATEX_DIST / "fonts").glob("*.woff2"))]
    for src in sources:
        rel = src.relative_to(KATEX_DIST).as_posix()
        files.append(
            File.generated(config, f"{ASSET_DIR}/{rel}", abs_src_path=str(src))
        )
    return files


def on_post_build(config):
    save_cache()
