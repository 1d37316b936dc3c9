"""MkDocs hook: publish the ``dlnotes`` wheel inside the site, built from the sources the snippets run.

A reader who copies a snippet needs the package it imports, in the version the
page was built with. MkDocs has no packaging step and no plugin publishes the
project's own wheel, so this hook

1. builds the wheel with the project's build backend (setuptools, declared in
   ``pyproject.toml``) through ``pip wheel --no-build-isolation``, in a
   temporary copy of ``pyproject.toml``, ``README.md`` and ``dlnotes/`` (the
   work tree gets no ``build/`` folder), with ``SOURCE_DATE_EPOCH`` fixed so
   that two builds of the same sources give the same bytes;
2. keeps it in ``.cache/wheel/<digest>/``, keyed by those files and the
   setuptools version (a warm build or a ``serve`` reload only copies it);
   a wheel not cached yet is built in the background (``pip`` takes ~4 s)
   while the pages are rendered, and ``on_env`` waits for it before the
   site's files are copied;
3. adds it to every language's build as ``downloads/<wheel name>`` and sets
   ``config.extra.wheel_url`` to its published address (``site_url`` +
   ``downloads/...``), which the "Run it yourself" box of each topic page shows.

There is no unversioned alias such as ``downloads/dlnotes.whl``: pip refuses a
wheel whose file name lacks a version and tags ("Invalid wheel filename (wrong
number of parts)", pip 25), so the pages always show the current name.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.wheel")

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path(os.environ.get("DLNOTES_WHEEL_CACHE", ROOT / ".cache" / "wheel"))
SOURCES = ["pyproject.toml", "README.md", "dlnotes"]
DOWNLOADS = "downloads"
EPOCH = "315532800"  # 1980-01-01, the earliest time a zip file can hold


def wheel_name(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The file name of the project's pure-Python wheel (PEP 427), from ``pyproject.toml``.

    >>> wheel_name()
    'dlnotes-0.1.0-py3-none-any.whl'
    """
    project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
    name = project["name"].replace("-", "_").replace(".", "_").lower()
    return f"{name}-{project['version']}-py3-none-any.whl"


def _files() -> list[Path]:
    paths = []
    for name in SOURCES:
        top = ROOT / name
        paths += [top] if top.is_file() else sorted(
            p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return paths


def _digest() -> str:
    h = hashlib.sha256(importlib.metadata.version("setuptools").encode())
    for path in _files():
        h.update(path.relative_to(ROOT).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def wheel_path(cache_dir: Path = CACHE_DIR) -> Path:
    """Where the wheel of the current sources is kept."""
    return cache_dir / _digest() / wheel_name()


def build_wheel(cache_dir: Path = CACHE_DIR) -> Path:
    """Build the wheel (or take it from the cache) and return its path."""
    target = wheel_path(cache_dir)
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory(prefix="dlnotes-wheel-") as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        for path in _files():
            dest = src / path.relative_to(ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
               "--no-index", "--quiet", "--wheel-dir", str(out), str(src)]
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        built = out / wheel_name()
        if done.returncode != 0 or not built.is_file():
            raise PluginError(f"wheel: 'pip wheel' failed ({done.returncode}):\n{done.stderr}")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_target = target.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(built, tmp_target)
        tmp_target.replace(target)
    log.info("wheel: built %s", target.name)
    return target


def on_config(config):
    config.extra["wheel_url"] = f"{config.site_url or '/'}{DOWNLOADS}/{wheel_name()}"
    return config


_building = {}  # wheel path -> its build, started by on_files
_listed: list[File] = []  # this build's wheel file, read into memory by on_env


@event_priority(-200)  # after mkdocs-static-i18n has rebuilt the file list
def on_files(files, config):
    from concurrent.futures import ThreadPoolExecutor

    target = wheel_path()
    if not target.is_file() and target not in _building:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlnotes-wheel")
        _building[target] = pool.submit(build_wheel)
        pool.shutdown(wait=False)
    _listed[:] = [File.generated(config, f"{DOWNLOADS}/{target.name}", abs_src_path=str(target))]
    files.append(_listed[0])
    return files


@event_priority(100)  # before the site's files are copied (right after on_env)
def on_env(env, config, files):
    """Wait for the wheel; then hold it in memory, so that every build writes it out
    (`mkdocs serve --dirty` would skip a cached wheel older than the site's copy)."""
    try:
        for target in list(_building):
            _building.pop(target).result()  # a failed `pip wheel` raises its PluginError
        for file in _listed:
            file.content_bytes = file.content_bytes
    finally:
        _listed.clear()
    return env


def on_serve(server, config, builder):
    """Rebuild the wheel when the package or its metadata change under ``mkdocs serve``."""
    for name in SOURCES:
        server.watch(str(ROOT / name))
    return server
