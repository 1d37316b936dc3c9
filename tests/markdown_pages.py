"""Read the site's Markdown pages: language pairs, code fences, heading ids, images, links.

Shared by the parity, glossary and link tests. Deliberately small: it knows the
few Markdown shapes this site uses, and nothing more.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

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
        tokens = tokenize.generate_tokens(io.StringIO(fence.body).readline)
        kept = [
            (tok.type, tok.string)
            for tok in tokens
            if tok.type not in (tokenize.COMMENT, tokenize.NL)
        ]
        return [repr(t) for t in kept]
    lines = [re.sub(r"(^|\s)#(?!!).*$", "", line).rstrip() for line in fence.body.splitlines()]
    return [line for line in lines if line]
