"""MkDocs hook: every topic page as a Jupyter notebook, with outputs from a build-time run.

A reader who wants to run a whole page should not have to copy its snippets one
by one. mkdocs-jupyter turns notebooks into pages, not pages into notebooks, and
no plugin writes a Material page out as a notebook, so for each page of Parts
1–4 (``foundations/``, ``training/``, ``generalization/``, ``practice/`` and
their question pages, both languages) this hook writes ``<page>.ipynb`` next to
the page's ``index.html``:

- a first code cell that installs ``dlnotes`` from the wheel the site serves
  (``wheel.py``), so the notebook runs anywhere Jupyter does;
- the page's prose as Markdown cells, one per section, with the math as it is
  (Jupyter renders ``$...$``), Material's blocks turned into plain Markdown
  (warnings and notes as quotes, answers and captions as bold and italic text),
  Chinese lines joined where they wrap and every relative link pointing at the
  published site;
- every Python snippet of the page as a code cell, in page order, with the
  text it printed when the cells were run one after another in one namespace,
  as a kernel runs them. The run happens inside the build and is cached in
  ``.cache/notebooks/`` by the cells' code, the ``dlnotes`` sources, this hook
  and the installed packages (``exec_cache.py``'s digests), so a warm build
  does not run them again. A cell that raises fails the build.

``page.meta["notebook"]`` carries the file name to the template, which shows the
download link in the page's "Run it yourself" box. ``make test-dist`` runs every
notebook in a fresh kernel and checks that it prints what is stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import posixpath
import re
import traceback
from pathlib import Path

# sibling hooks (MkDocs puts this folder on sys.path while it loads a hook)
import cjk
import exec_cache
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path(os.environ.get("DLNOTES_NOTEBOOK_CACHE", ROOT / ".cache" / "notebooks"))
SECTIONS = ("foundations/", "training/", "generalization/", "practice/", "questions/")
_pending: dict[str, bytes] = {}  # dest path in the site -> notebook, until the page is written

FENCE = re.compile(r"^```(\w*)(.*)$")
HEADING_ATTRS = re.compile(r"^(#{1,6} .*?)\s*\{[^}]*\}\s*$")
ADMONITION = re.compile(r'^!!! \w+ "(.*)"\s*$')
BLOCK = re.compile(r"^/// (\w+)(?: \| (.*))?\s*$")
LINK = re.compile(r"(?P<skip>\$\$.*?\$\$|\$[^$\n]+\$|`[^`\n]+`)"
                  r"|(?P<text>!?\[[^\]]*\])\((?P<target>[^)\s]+)\)(?:\{[^}]*\})?", re.S)


def is_topic(src_uri: str) -> bool:
    return src_uri.startswith(SECTIONS)


def notebook_name(src_uri: str) -> str:
    """``activations.ipynb`` for ``foundations/activations.md`` or ``.zh.md``.

    >>> notebook_name("foundations/activations.zh.md")
    'activations.ipynb'
    """
    return posixpath.basename(src_uri).removesuffix(".md").removesuffix(".zh") + ".ipynb"


def site_link(target: str, src_uri: str, page_url: str, site_url: str, prefix: str) -> str:
    """The published address of a link written in the page ``src_uri``.

    ``prefix`` is the language's folder (``"zh/"`` or ``""``); figures and other
    files are shared by both languages, pages are not.

    >>> args = ("foundations/activations.zh.md", "zh/foundations/activations/", "https://x.io/d/", "zh/")
    >>> site_link("../reference/activations.md#relu", *args)
    'https://x.io/d/zh/reference/activations/#relu'
    >>> site_link("../figures/activations/curves.svg", *args)
    'https://x.io/d/figures/activations/curves.svg'
    >>> site_link("#sigmoid", *args), site_link("https://a.org/p", *args)
    ('https://x.io/d/zh/foundations/activations/#sigmoid', 'https://a.org/p')
    """
    if "://" in target or target.startswith("mailto:"):
        return target
    path, _, anchor = target.partition("#")
    anchor = f"#{anchor}" if anchor else ""
    if not path:
        return f"{site_url}{page_url}{anchor}"
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    stem, ext = posixpath.splitext(path)
    if ext not in (".md", ".py"):
        return f"{site_url}{path}{anchor}"
    stem = stem.removesuffix(".zh")
    url = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return f"{site_url}{prefix}{url}{anchor}"


def _prose(lines: list[str], link) -> str:
    """Material's Markdown of one stretch of prose as plain (Jupyter) Markdown."""
    # Jupyter shows a space where a Chinese line wraps, as browsers do (cjk.py)
    lines = cjk.BREAK.sub(r"\1", "\n".join(lines)).split("\n")
    out: list[str] = []
    quote = False  # inside an admonition, whose body is indented by four spaces
    blocks: list[str] = []  # open /// blocks
    in_code = False
    for line in lines:
        if FENCE.match(line.strip()) and not quote:
            in_code = not in_code
        if in_code or line.startswith("```"):
            out.append(line)
            continue
        if quote and line.strip() and not line.startswith("    "):
            quote = False
            out.append("")
        if quote:
            out.append(f"> {line[4:]}".rstrip())
            continue
        if m := ADMONITION.match(line):
            quote = True
            out += [f"> **{m.group(1)}**", ">"]
            continue
        if m := BLOCK.match(line):
            blocks.append(m.group(1))
            if m.group(1) == "details":
                out.append(f"**{m.group(2)}**")
            continue
        if line.strip() == "///":  # an answer's end may lie in a later stretch of prose
            if blocks:
                blocks.pop()
            continue
        if blocks and blocks[-1] == "caption" and line.strip():
            out.append(f"*{line.strip()}*")
            continue
        out.append(HEADING_ATTRS.sub(r"\1", line))
    # links are rewritten outside math and inline code, where "[1](i)" is not a link
    def rewrite(m: re.Match[str]) -> str:
        return m[0] if m["skip"] else f"{m['text']}({link(m['target'])})"

    return LINK.sub(rewrite, "\n".join(out)).strip("\n")


def split_page(markdown: str, link) -> list[tuple[str, str]]:
    """The page as ``("markdown" | "code", source)`` cells, in page order.

    Python fences become code cells; prose is cut into one Markdown cell per
    ``##`` section. Fences of other languages stay in the prose.
    """
    cells: list[tuple[str, str]] = []
    prose: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        text = _prose(prose, link)
        if text.strip():
            cells.append(("markdown", text))
        prose.clear()

    for line in markdown.splitlines():
        if code is not None:
            if line.rstrip() == "```":
                cells.append(("code", "\n".join(code)))
                code = None
            else:
                code.append(line)
            continue
        m = FENCE.match(line)
        if m and m.group(1) in exec_cache.LANGUAGES:
            flush()
            code = []
            continue
        if line.startswith("## "):
            flush()
        prose.append(line)
    if code is not None:
        raise PluginError("page_notebooks: a Python fence is not closed")
    flush()
    return cells


def run_cells(sources: list[str], name: str) -> list[list[dict]]:
    """Run code cells one after another in one namespace; each cell's stream outputs."""
    namespace: dict = {"__name__": "__main__"}
    outputs = []
    for i, source in enumerate(sources):
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                exec(compile(source, f"<{name} cell {i + 1}>", "exec"), namespace)
        except Exception as exc:
            raise PluginError(
                f"page_notebooks: cell {i + 1} of {name} raised:\n{traceback.format_exc()}"
            ) from exc
        outputs.append([{"output_type": "stream", "name": stream, "text": buf.getvalue()}
                        for stream, buf in (("stdout", stdout), ("stderr", stderr))
                        if buf.getvalue()])
    return outputs


def cached_outputs(sources: list[str], name: str, cache_dir: Path = CACHE_DIR) -> list[list[dict]]:
    # Keyed by the code without its comments: the Chinese twin of a page (the same
    # code, comments translated) reuses the English page's run.
    fields = [exec_cache.environment_digest(), exec_cache.package_digest(),
              Path(__file__).read_text("utf-8"),
              [exec_cache.code_key(source) for source in sources]]
    key = hashlib.sha256(json.dumps(fields).encode()).hexdigest()
    path = cache_dir / key[:2] / f"{key}.json"
    if path.is_file():
        return json.loads(path.read_text("utf-8"))
    outputs = run_cells(sources, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(outputs), "utf-8")
    tmp.replace(path)
    return outputs


def install_cell(wheel_url: str, language: str) -> str:
    comment = ("# 安装构建本页时所用的 dlnotes 包（连同 NumPy）" if language == "zh"
               else "# Install the dlnotes package this page was built with (and NumPy)")
    return f"{comment}\n%pip install --quiet {wheel_url}"


def _cell(i: int, kind: str, source: str, outputs: list[dict] | None = None) -> dict:
    cell = {"cell_type": kind, "id": f"cell-{i}", "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=outputs or [])
    return cell


def page_notebook(markdown: str, src_uri: str, page_url: str, config, language: str) -> dict:
    site_url = config.site_url or "/"
    prefix = "" if language == "en" else f"{language}/"
    cells = split_page(markdown,
                       lambda t: site_link(t, src_uri, page_url, site_url, prefix))
    sources = [src for kind, src in cells if kind == "code"]
    outputs = iter(cached_outputs(sources, src_uri))
    nb_cells = [_cell(0, "code", install_cell(config.extra["wheel_url"], language))]
    for kind, source in cells:
        nb_cells.append(_cell(len(nb_cells), kind, source,
                              next(outputs) if kind == "code" else None))
    return {
        "cells": nb_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def on_page_markdown(markdown, page, config, files):
    if not is_topic(page.file.src_uri):
        return markdown
    i18n = config.plugins.get("i18n")
    language = i18n.current_language if i18n is not None else "en"
    nb = page_notebook(markdown, page.file.src_uri, page.url, config, language)
    name = notebook_name(page.file.src_uri)
    dest = posixpath.join(posixpath.dirname(page.file.dest_uri), name)
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    _pending[dest] = text.encode("utf-8")
    page.meta["notebook"] = name
    return markdown


def on_post_page(output, page, config):
    dest = posixpath.join(posixpath.dirname(page.file.dest_uri), page.meta.get("notebook", ""))
    if dest in _pending:
        path = Path(config.site_dir) / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_pending.pop(dest))
    return output
