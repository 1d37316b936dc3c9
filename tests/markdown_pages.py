"""Read the site's Markdown pages: language pairs, code fences, heading ids, images, links.

Shared by the parity, glossary and link tests. Deliberately small: it knows the
few Markdown shapes this site uses, and nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from conftest import load_hook

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# Its python_tokens is what lets twins share one run of a snippet at build time.
EXEC_CACHE = load_hook("exec_cache")

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>[^\n`]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=mark)[ \t]*$",
    re.M | re.S,
)
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$", re.M)
HEADING_ID = re.compile(r"\{\s*#([\w-]+)\s*\}\s*$")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)")


@dataclass(frozen=True)
class Fence:
    info: str
    body: str
    line: int


def page_pairs() -> list[tuple[Path, Path]]:
    """Every page as (English, Chinese) paths; either may be missing on disk."""
    en = {p for p in DOCS.rglob("*.md") if not p.name.endswith(".zh.md")}
    zh = {p.with_name(p.name[: -len(".zh.md")] + ".md") for p in DOCS.rglob("*.zh.md")}
    return [(p, p.with_name(p.stem + ".zh.md")) for p in sorted(en | zh)]


def without_fences(text: str) -> str:
    """The page with its fenced code blocks blanked out (line numbers kept)."""
    return FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def fences(text: str) -> list[Fence]:
    return [
        Fence(m.group("info").strip(), m.group("body"), text.count("\n", 0, m.start()) + 1)
        for m in FENCE.finditer(text)
    ]


def headings(text: str) -> list[tuple[int, str, str | None]]:
    """(level, title, explicit id or None) of every heading outside code."""
    out = []
    for m in HEADING.finditer(without_fences(text)):
        found = HEADING_ID.search(m.group(2))
        out.append((len(m.group(1)), m.group(2), found.group(1) if found else None))
    return out


def images(text: str) -> list[tuple[str, str]]:
    """(alt text, target) of every Markdown image outside code."""
    return IMAGE.findall(without_fences(text))


def links(text: str) -> list[str]:
    """Targets of every Markdown link (not image) outside code."""
    return LINK.findall(without_fences(text))


def code_without_comments(fence: Fence) -> list[str]:
    """A fence's code with comments removed, as comparable lines.

    Python is tokenized so that a ``#`` inside a string is kept; for other
    languages a ``#`` comment (shell) is stripped from the end of each line.
    """
    lang = fence.info.lstrip("{.").split()[0] if fence.info else ""
    if lang in {"python", "py", "python3"}:
        return [repr(t) for t in EXEC_CACHE.python_tokens(fence.body)]
    lines = [re.sub(r"(^|\s)#(?!!).*$", "", line).rstrip() for line in fence.body.splitlines()]
    return [line for line in lines if line]


def lab_pairs() -> list[tuple[Path, Path]]:
    """Every lab (jupytext percent script) as (English, Chinese) paths."""
    labs = DOCS / "labs"
    en = {p for p in labs.glob("*.py") if not p.name.endswith(".zh.py")}
    zh = {p.with_name(p.name[: -len(".zh.py")] + ".py") for p in labs.glob("*.zh.py")}
    return [(p, p.with_name(p.stem + ".zh.py")) for p in sorted(en | zh)]


def lab_code_cells(path: Path) -> list[Fence]:
    """The code cells of a jupytext percent-format lab, as fences of Python."""
    text = path.read_text("utf-8")
    cells = re.split(r"^# %%(.*)$", text, flags=re.M)
    out = []
    for header, body in zip(cells[1::2], cells[2::2], strict=True):
        if "[markdown]" not in header:
            out.append(Fence("python", body.strip("\n") + "\n", 0))
    return out


# Attribute-list ids outside headings, e.g. a paragraph followed by `{: #minibatch }`.
ATTR_ID = re.compile(r"\{:?[ \t]*(?:\.[\w-]+[ \t]+)*#([\w-]+)(?:[ \t][^{}\n]*)?\}")
INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1", re.S)
DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)[^$\n]+?(?<![\\$])\$")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
LINK_TARGET = re.compile(r"(\]\()[^)\s]+(?:\s+\"[^\"]*\")?\)")


def anchors(text: str) -> set[str]:
    """Every id a link can point to: heading ids and ``{: #id }`` attribute lists, outside code."""
    return set(ATTR_ID.findall(without_fences(text)))


def section(text: str, anchor: str, *, keep_code: bool = False) -> str:
    """The section under the heading with id ``anchor``, up to the next heading of the
    same or a higher level; empty if there is no such heading.

    Code blocks are blanked out unless ``keep_code`` is true.
    """
    body = without_fences(text)
    lines = (text if keep_code else body).split("\n")
    found = [
        (body.count("\n", 0, m.start()), len(m.group(1)), HEADING_ID.search(m.group(2)))
        for m in HEADING.finditer(body)
    ]
    for i, (start, level, hid) in enumerate(found):
        if hid and hid.group(1) == anchor:
            stop = next((s for s, lvl, _ in found[i + 1 :] if lvl <= level), len(lines))
            return "\n".join(lines[start + 1 : stop])
    return ""


def prose(text: str) -> str:
    """The running text of a page: no code (fenced or inline), math, comments or link targets.

    Link texts and image alt texts stay; only the ``(target)`` of a link goes.
    """
    body = without_fences(text)
    for pattern in (HTML_COMMENT, DISPLAY_MATH, INLINE_CODE, INLINE_MATH):
        body = pattern.sub(" ", body)
    return LINK_TARGET.sub(r"\1)", body)
