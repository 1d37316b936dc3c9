"""MkDocs hook: under ``mkdocs serve --dirty`` (``make serve``), rebuild only what an edit touches.

``mkdocs serve`` rebuilds every page of both languages after each save (17 s on
an idle machine, 46 s on a busy one). MkDocs' ``--dirty`` rebuilds only the pages
whose source is newer than their output, which is what an author editing a page
needs, but on its own it is wrong for this site:

1. it logs a warning on every build (MkDocs 1.6), which fails the strict build;
2. an edit of something every page depends on (the ``dlnotes`` package behind
   the snippets' output and the API pages, figure code, hooks, templates,
   assets, ``mkdocs.yml``) changes no page's source, so nothing is rebuilt and
   the pages show stale output;
3. a new, removed or retitled page changes the navigation of every page, and a
   page of the API reference resolves its cross-references against the others.

This hook drops that one warning (by its exact text) and turns the build into
a full one in cases 2 and 3, for each language on its own. An edit of one
topic page's text or snippets rebuilds that page alone (its snippets' output
comes from ``exec_cache.py``; the search index keeps the other pages' entries,
``search_index.py``). Plain ``mkdocs build`` and ``mkdocs serve`` are not
affected: the hook acts only when both "serve" and "dirty" are set.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# Everything a page's output depends on besides its own source.
SHARED = [ROOT / "mkdocs.yml", ROOT / "dlnotes", DOCS / "_figures", DOCS / "_hooks",
          DOCS / "_overrides", DOCS / "assets"]
DIRTY_WARNING = "A 'dirty' build is being performed"

log = logging.getLogger("mkdocs.hooks.incremental")
_dirty_serve = False
# language -> (digest of SHARED, {page source: its title line}) at the last build
_last: dict[str, tuple[str, dict[str, str]]] = {}


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(command, dirty):
    global _dirty_serve
    _dirty_serve = command == "serve" and dirty
    if _dirty_serve:
        logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())


def shared_digest(paths: list[Path] = SHARED) -> str:
    h = hashlib.sha256()
    for top in paths:
        for path in sorted([top] if top.is_file() else top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(ROOT).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def title_line(markdown: str) -> str:
    """The line that gives a page its title in the navigation.

    >>> title_line("---\\nx: 1\\n---\\n# ReLU { #relu }\\n\\nText")
    '# ReLU { #relu }'
    """
    return next((line for line in markdown.splitlines() if line.startswith("# ")), "")


def _always_modified() -> bool:
    return True


def needs_full_build(language: str, digest: str, titles: dict[str, str],
                     edited: dict[str, str]) -> str:
    """Why this build must rebuild every page ("" if only the edited pages need it).

    ``titles`` maps every page's source to its title line, ``edited`` the sources
    of the pages whose source is newer than their output to their text.
    """
    if language not in _last:
        return "first build"
    last_digest, last_titles = _last[language]
    if digest != last_digest:
        return "a file every page depends on changed"
    if titles.keys() != last_titles.keys():
        return "a page was added or removed"
    if titles != last_titles:
        return "a page title changed"
    if any("\n::: " in f"\n{text}" for text in edited.values()):
        return "an API reference page changed"
    return ""


@event_priority(-300)  # after every plugin and hook has added its files
def on_files(files, config):
    if not _dirty_serve:
        return files
    i18n = config.plugins.get("i18n")
    language = i18n.current_language if i18n is not None else "en"
    pages = [f for f in files.documentation_pages() if f.abs_src_path and
             f.abs_src_path.endswith(".md")]
    texts = {f.src_uri: Path(f.abs_src_path).read_text("utf-8") for f in pages}
    titles = {uri: title_line(text) for uri, text in texts.items()}
    edited = {f.src_uri: texts[f.src_uri] for f in pages if f.is_modified()}
    digest = shared_digest()
    reason = needs_full_build(language, digest, titles, edited)
    _last[language] = (digest, titles)
    if reason:
        log.info("incremental: full rebuild of '%s' (%s)", language, reason)
        for f in files:
            f.is_modified = _always_modified
    else:
        log.info("incremental: rebuilding %s of '%s'", ", ".join(edited) or "nothing", language)
    return files
