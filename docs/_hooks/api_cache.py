"""MkDocs hook: keep on disk what mkdocstrings renders for each ``::: identifier`` block.

mkdocstrings collects the package with griffe and renders every API page on every
build (34 pages, both languages): a third of a warm build's time (profiled:
4.6 of 12.8 s), although the result changes only with the package. mkdocstrings
1.0 has no cache of its own, so this hook wraps its ``AutoDocProcessor._process_block``
(collect and render one block) and keeps, for each block, in ``.cache/api/``:

- the HTML it rendered;
- the headings it registered (the table of contents and mkdocs-autorefs read
  them: cross-references to the API from other pages resolve through them) and
  the aliases of each heading's identifier (the handler finds them in griffe's
  collection, which a build that renders nothing does not load).

The key holds everything the output can depend on: the block (identifier, YAML
options, heading level), the page, the locale of the build (``api_locale.py``),
every file of the ``dlnotes`` package, this hook, and ``exec_cache``'s environment
digest (Python, every installed distribution, ``mkdocs.yml``). A block that logs a
warning while it renders (griffe on a malformed docstring) is not kept, so the
warning fails every strict build, not only the first. Blocks nested in
docstrings (an inner Markdown layer) are not cached: the site has none, and their
headings go to the outer block.

The wrapper uses mkdocstrings' private ``_process_block`` and the handler's
``_headings`` list; mkdocstrings is pinned, and a release without them fails the
build here. An upstream cache of rendered objects (none is planned as of
mkdocstrings 1.0.8) would make this hook unnecessary.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from pathlib import Path
from xml.etree.ElementTree import Element

# sibling hook (MkDocs puts this folder on sys.path while it loads a hook)
import exec_cache
import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
# DLNOTES_API_CACHE lets a test build from a cold cache without touching yours.
CACHE_DIR = Path(os.environ.get("DLNOTES_API_CACHE", ROOT / ".cache" / "api"))
_aliases: dict[str, tuple[str, ...]] = {}  # heading id -> aliases, from this build's cache hits
_build: list[str] = []  # environment, dlnotes and this hook's digests, read once per build
# mkdocstrings and griffe log under "mkdocs" (and strict mode counts what reaches it).
build_log = logging.getLogger("mkdocs")


def block_key(*fields) -> str:
    return hashlib.sha256(json.dumps([*_build, *fields], default=repr).encode()).hexdigest()


def _heading(entry: dict) -> Element:
    el = Element(entry["tag"], entry["attrib"])
    el.text = entry["text"]
    return el


def cached_process_block(process_block):
    """Wrap ``AutoDocProcessor._process_block`` with the disk cache."""

    @functools.wraps(process_block)
    def process_cached(self, identifier, yaml_block, heading_level=0):
        handler = self._handlers.get_handler(
            self._handlers.get_handler_name(yaml.safe_load(yaml_block) or {}))
        page = self._autorefs.current_page
        if not handler.outer_layer or page is None:
            return process_block(self, identifier, yaml_block, heading_level)
        key = block_key(identifier, yaml_block, heading_level, page.url,
                        str(self._handlers._locale))
        path = CACHE_DIR / key[:2] / f"{key}.json"
        if path.is_file():
            entry = json.loads(path.read_text("utf-8"))
            handler._headings.extend(_heading(h) for h in entry["headings"])
            _aliases.update((i, tuple(a)) for i, a in entry["aliases"].items())
            return entry["html"], handler, None
        warnings = exec_cache.WarningCounter()
        build_log.addHandler(warnings)
        try:
            html, handler, data = process_block(self, identifier, yaml_block, heading_level)
        finally:
            build_log.removeHandler(warnings)
        if warnings.count:  # e.g. griffe on a docstring: it must fail every strict build
            return html, handler, data
        headings = [{"tag": h.tag, "attrib": dict(h.attrib), "text": h.text}
                    for h in handler._headings]  # read, not taken: run() takes them next
        entry = {"html": str(html), "headings": headings,
                 "aliases": {h["attrib"]["id"]: list(handler.get_aliases(h["attrib"]["id"]))
                             for h in headings}}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two builds may share the cache
        tmp.write_text(json.dumps(entry, ensure_ascii=False), "utf-8")
        tmp.replace(path)
        return html, handler, data

    process_cached.uncached = process_block
    return process_cached


def aliases_from_cache(get_aliases):
    """Wrap the handler's ``get_aliases``: a heading from the cache brings its own."""

    @functools.wraps(get_aliases)
    def get_cached_aliases(self, identifier):
        if identifier in _aliases:
            return _aliases[identifier]
        return get_aliases(self, identifier)

    get_cached_aliases.uncached = get_aliases
    return get_cached_aliases


def on_config(config):
    if "mkdocstrings" not in config.plugins:
        return config
    from mkdocstrings import AutoDocProcessor
    from mkdocstrings_handlers.python import PythonHandler

    if not hasattr(AutoDocProcessor, "_process_block") or not hasattr(PythonHandler, "get_aliases"):
        raise PluginError("api_cache: mkdocstrings no longer has AutoDocProcessor._process_block "
                          "or PythonHandler.get_aliases; see this hook's docstring")
    _build[:] = [exec_cache.environment_digest(), exec_cache.package_digest(),
                 Path(__file__).read_text("utf-8")]
    _aliases.clear()
    block = AutoDocProcessor._process_block
    AutoDocProcessor._process_block = cached_process_block(getattr(block, "uncached", block))
    aliases = PythonHandler.get_aliases
    PythonHandler.get_aliases = aliases_from_cache(getattr(aliases, "uncached", aliases))
    return config
