"""Translation records: which version of each English section a Chinese section translates.

Every Chinese page ``docs/<path>.zh.md`` records, in its YAML front matter, a short
hash of each section of its English twin ``docs/<path>.md`` as it was when the
Chinese section was last translated::

    ---
    translation:
      activation-functions: 3f9c0a1b2d
      relu: 77ab12ef90 pending
    ---

A *section* is a heading with its explicit id (``## ReLU { #relu }``) and the text
under it up to the next heading of any level, code included (code comments are
translated too). Its hash is the first 10 hex digits of the SHA-256 of that text
with every run of whitespace turned into one space, so re-wrapping a paragraph
changes nothing. Nothing here reads git: the records work in a shallow clone or a
tarball.

``pending`` after the hash says that the English section has changed (or is new)
and the Chinese one has not caught up yet; the hook ``docs/_hooks/translations.py``
then shows readers of the Chinese page a notice with a link to the English
section. A new section that was never translated is recorded as just ``pending``.

Why front matter and not a sidecar file: the record travels with the page it
describes (a renamed or deleted page takes its record along), a translator sees
it in the file they edit, MkDocs never publishes front matter, and the hook reads
it from ``page.meta`` without opening any other file.

Commands (run from the repository root with the project's Python)::

    python tools/translations.py check
        List every Chinese section whose English twin changed since it was
        translated and that is not marked pending; exit 1 if there is one.
    python tools/translations.py update [PAGE [ID ...]]
        After translating: record the current English version of the named
        sections of PAGE (all of its sections if no ID is given; every page if
        no PAGE is given) and clear their pending marks.
    python tools/translations.py pending PAGE ID [ID ...]
        Mark sections as waiting for a translation (the English changed and the
        Chinese will follow later).

PAGE may be given as ``docs/foundations/activations.md``, its ``.zh.md`` twin, or
``foundations/activations.md`` (relative to ``docs/``). ``tests/test_translations.py``
runs the check in ``make test``. Labs (``docs/labs/*.py``) have no records: their
code cells are kept identical by the parity test, and their prose is not tracked.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
KEY = "translation"
PENDING = "pending"
HASH_DIGITS = 10

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})[^\n`]*\n.*?^(?P=indent)(?P=mark)[ \t]*$",
    re.M | re.S,
)
HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*$", re.M)
HEADING_ID = re.compile(r"\{[ \t]*#([\w-]+)[ \t]*\}$")


# --- hashing ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """The text with every run of whitespace (line breaks included) as one space."""
    return " ".join(text.split())


def text_hash(text: str) -> str:
    """The short hash of a section's text, after `normalise`."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:HASH_DIGITS]


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter as a dict, the rest of the page)."""
    found = FRONT_MATTER.match(text)
    if not found:
        return {}, text
    meta = yaml.safe_load(found.group(1) or "") or {}
    if not isinstance(meta, dict):
        raise ValueError("the front matter is not a YAML mapping")
    return meta, text[found.end() :]


def sections(text: str) -> dict[str, str]:
    """Every section of a page as ``{id: text}``, in page order.

    A section runs from its heading line to the next heading of any level; headings
    inside code fences do not count. A heading without an explicit id is keyed by its
    title; a repeated key gets ``~2``, ``~3``, ... Text before the first heading (the
    front matter) belongs to no section.
    """
    _, body = split_front_matter(text)
    blanked = FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    starts = [(m.start(), m.group(1)) for m in HEADING.finditer(blanked)]
    out: dict[str, str] = {}
    for i, (start, title) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(body)
        found = HEADING_ID.search(title)
        key = found.group(1) if found else title
        n, unique = 1, key
        while unique in out:
            n += 1
            unique = f"{key}~{n}"
        out[unique] = body[start:stop]
    return out


def section_hashes(text: str) -> dict[str, str]:
    return {key: text_hash(value) for key, value in sections(text).items()}


# --- records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """The record of one Chinese section."""

    hash: str | None  # the English version it translates; None if never translated
    pending: bool

    @classmethod
    def parse(cls, value: object) -> Entry:
        words = str(value).split()
        pending = PENDING in words
        hashes = [w for w in words if w != PENDING]
        return cls(hashes[0] if hashes else None, pending)

    def __str__(self) -> str:
        return " ".join(w for w in (self.hash, PENDING if self.pending else None) if w)


def read_record(zh_text: str) -> dict[str, Entry] | None:
    """The translation record of a Chinese page, or None if it has none."""
    meta, _ = split_front_matter(zh_text)
    if KEY not in meta:
        return None
    record = meta[KEY] or {}
    if not isinstance(record, dict):
        raise ValueError(f"front matter {KEY!r} must map section ids to hashes")
    return {str(k): Entry.parse(v) for k, v in record.items()}


def write_record(zh_text: str, record: dict[str, Entry]) -> str:
    """The Chinese page with its front matter's record replaced; the body is kept as is,
    and so is any other front-matter key."""
    meta, body = split_front_matter(zh_text)
    meta[KEY] = {key: str(entry) for key, entry in record.items()}
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n{body}"


def pending_ids(meta: dict) -> list[str]:
    """The ids of the sections marked pending in a page's front matter (``page.meta``)."""
    record = meta.get(KEY) or {}
    if not isinstance(record, dict):
        return []
    return [str(k) for k, v in record.items() if Entry.parse(v).pending]


# --- pages ---------------------------------------------------------------------------------


def page_pairs(docs: Path = DOCS) -> list[tuple[Path, Path]]:
    """Every (English, Chinese) page pair under ``docs`` of which both files exist."""
    pairs = []
    for en in sorted(docs.rglob("*.md")):
        if en.name.endswith(".zh.md"):
            continue
        zh = en.with_name(en.stem + ".zh.md")
        if zh.exists():
            pairs.append((en, zh))
    return pairs


def resolve(page: str, docs: Path = DOCS) -> tuple[Path, Path]:
    """The (English, Chinese) paths of a page named in any of the accepted ways."""
    path = Path(page)
    candidates = [path, Path.cwd() / path, docs / path, docs.parent / path]
    for candidate in candidates:
        en = candidate
        if candidate.name.endswith(".zh.md"):
            en = candidate.with_name(candidate.name[: -len(".zh.md")] + ".md")
        zh = en.with_name(en.stem + ".zh.md")
        if en.is_file() and zh.is_file():
            return en.resolve(), zh.resolve()
    raise ValueError(f"{page}: no page pair x.md + x.zh.md found")


@dataclass(frozen=True)
class Problem:
    zh: Path
    section: str
    message: str

    def __str__(self) -> str:
        name = _shown(self.zh)
        where = f"{name}#{self.section}" if self.section else name
        return f"{where}: {self.message}"


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_pair(en: Path, zh: Path) -> list[Problem]:
    """What is out of date in the Chinese page's record (nothing if all is well)."""
    current = section_hashes(en.read_text("utf-8"))
    record = read_record(zh.read_text("utf-8"))
    if record is None:
        return [Problem(zh, "", "no translation record: run `update` once the page is translated")]
    problems = []
    for key, digest in current.items():
        entry = record.get(key)
        if entry is None:
            problems.append(Problem(zh, key, "new English section: translate it and run "
                                    "`update`, or mark it `pending`"))
        elif entry.hash != digest and not entry.pending:
            problems.append(Problem(zh, key, "the English section changed since it was "
                                    "translated: update the Chinese and run `update`, or "
                                    "mark it `pending`"))
    for key in record:
        if key not in current:
            problems.append(Problem(zh, key, "recorded, but the English page has no such "
                                    "section (run `update` to drop it)"))
    return problems


def check(docs: Path = DOCS) -> list[Problem]:
    return [p for en, zh in page_pairs(docs) for p in check_pair(en, zh)]


def update(en: Path, zh: Path, ids: list[str] | None = None) -> list[str]:
    """Record the current English version of sections ``ids`` (all if None) as translated.

    Sections the English page no longer has are dropped. Returns the ids whose record
    changed.
    """
    current = section_hashes(en.read_text("utf-8"))
    text = zh.read_text("utf-8")
    old = read_record(text) or {}
    unknown = sorted(set(ids or ()) - set(current))
    if unknown:
        raise ValueError(f"{en.name} has no section {', '.join(unknown)}")
    chosen = set(current) if ids is None else set(ids)
    new = {}
    for key, digest in current.items():
        if key in chosen:
            new[key] = Entry(digest, False)
        elif key in old:
            new[key] = old[key]
    changed = [k for k in new if old.get(k) != new[k]] + [k for k in old if k not in current]
    if changed or read_record(text) is None:
        zh.write_text(write_record(text, new), "utf-8")
    return changed


def mark_pending(en: Path, zh: Path, ids: list[str]) -> list[str]:
    """Mark sections as waiting for a translation; returns the ids newly marked."""
    current = section_hashes(en.read_text("utf-8"))
    unknown = sorted(set(ids) - set(current))
    if unknown:
        raise ValueError(f"{en.name} has no section {', '.join(unknown)}")
    text = zh.read_text("utf-8")
    record = read_record(text) or {}
    marked = [k for k in ids if not record.get(k, Entry(None, False)).pending]
    for key in ids:
        record[key] = Entry(record[key].hash if key in record else None, True)
    ordered = {k: record[k] for k in current if k in record}
    ordered.update({k: v for k, v in record.items() if k not in ordered})
    zh.write_text(write_record(text, ordered), "utf-8")
    return marked


# --- command line ------------------------------------------------------------------------


def main(argv: list[str] | None = None, docs: Path = DOCS) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="fail if a Chinese section is behind its English twin")
    up = sub.add_parser("update", help="record sections as translated")
    up.add_argument("page", nargs="?")
    up.add_argument("ids", nargs="*")
    pe = sub.add_parser("pending", help="mark sections as waiting for a translation")
    pe.add_argument("page")
    pe.add_argument("ids", nargs="+")
    args = parser.parse_args(argv)

    if args.command == "check":
        problems = check(docs)
        for problem in problems:
            print(problem)
        pending = [
            f"{_shown(zh)}#{key}"
            for _, zh in page_pairs(docs)
            for key in pending_ids(split_front_matter(zh.read_text("utf-8"))[0])
        ]
        if pending:
            print(f"{len(pending)} section(s) pending translation: {', '.join(pending)}")
        print(f"{len(problems)} problem(s)" if problems else "translations: all records current")
        return 1 if problems else 0

    try:
        if args.command == "update":
            pairs = [resolve(args.page, docs)] if args.page else page_pairs(docs)
            for en, zh in pairs:
                changed = update(en, zh, args.ids or None)
                if changed:
                    print(f"{_shown(zh)}: recorded {', '.join(changed)}")
        else:
            en, zh = resolve(args.page, docs)
            marked = mark_pending(en, zh, args.ids)
            print(f"{_shown(zh)}: pending {', '.join(marked) or '(already)'}")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
