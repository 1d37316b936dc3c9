"""MkDocs hook: keep compiled Jinja templates between builds.

Every build, MkDocs (the theme's environment) and mkdocstrings (its handler's
environment) create their Jinja environments anew and compile each template
they use from source: about 40 templates each per language, ~0.8 s of a warm
build. Neither offers a setting for Jinja's bytecode cache (MkDocs 1.6
``Theme.get_env``, mkdocstrings 1.0 ``BaseHandler``), so this hook gives
both environments a ``jinja2.FileSystemBytecodeCache`` before they load
anything: the theme's in ``on_env``, the handler's in ``on_files`` (API pages
are rendered while pages are read, before ``on_env``).

No stale template: Jinja stores the checksum of each template's source with
its bytecode and compiles again when the source differs. The folder is named
after ``exec_cache.environment_digest`` (Python, every installed distribution,
mkdocs.yml), so a new Jinja, Material or mkdocstrings starts from an empty one.
"""

from __future__ import annotations

import os
from pathlib import Path

# sibling hook (MkDocs puts this folder on sys.path while it loads a hook)
import exec_cache
from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
# DLNOTES_JINJA_CACHE lets a test build from a cold cache without touching yours.
CACHE_DIR = Path(os.environ.get("DLNOTES_JINJA_CACHE", ROOT / ".cache" / "jinja"))


def bytecode_cache(kind: str) -> FileSystemBytecodeCache:
    folder = CACHE_DIR / exec_cache.environment_digest()[:16] / kind
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


@event_priority(100)  # before any page is read (mkdocstrings renders API pages then)
def on_files(files, config):
    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is not None:
        mkdocstrings.get_handler("python").env.bytecode_cache = bytecode_cache("mkdocstrings")
    return files


def on_env(env, config, files):
    env.bytecode_cache = bytecode_cache("theme")
    return env
