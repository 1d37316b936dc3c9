"""Publish the downloads built on request (the PDFs, the offline copy) with the site.

``make pdf`` and ``make offline`` make them from a built site, so they cannot be
part of the build that they are made from. The deploy workflow makes them
first, then builds the site once more with ``DLNOTES_DOWNLOADS=dist``: each of
``FILES`` found in that folder is published under ``downloads/`` and listed in
``config.extra.downloads`` for the home page's "Take it with you" box
(``partials/take-away.html``). Without the variable (``mkdocs serve``,
``make build``, ``make test``) none is published, so a stale PDF left in
``dist/`` never goes out with a newer site, and the box says how to build them.
MkDocs only publishes files it finds in ``docs_dir`` or that a plugin adds;
no plugin adds files made outside the build.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

FOLDER = "downloads"
# File name -> what it is, in each language (the box's link text).
FILES = {
    "dlnotes-en.pdf": {"en": "The book as a PDF (English)", "zh": "全书 PDF（英文版）"},
    "dlnotes-zh.pdf": {"en": "The book as a PDF (Chinese)", "zh": "全书 PDF（中文版）"},
    "dlnotes-offline.zip": {"en": "The whole site, both languages, as a zip to open "
                            "without a server", "zh": "整个网站（中英双语）的离线压缩包，"
                            "解压后无需服务器即可打开"},
}


def found() -> list[Path]:
    """The files of ``FILES`` in ``$DLNOTES_DOWNLOADS``; an error if one is missing."""
    folder = os.environ.get("DLNOTES_DOWNLOADS")
    if not folder:
        return []
    paths = [Path(folder) / name for name in FILES]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise SystemExit(f"DLNOTES_DOWNLOADS={folder}: missing {', '.join(missing)} "
                         "(run `make pdf offline` first)")
    return paths


def on_config(config):
    config.extra["downloads"] = [
        {"url": f"{FOLDER}/{p.name}", "titles": FILES[p.name], "bytes": p.stat().st_size}
        for p in found()
    ]
    return config


@event_priority(-200)  # after mkdocs-static-i18n has rebuilt the file list
def on_files(files, config):
    for path in found():
        files.append(File.generated(config, f"{FOLDER}/{path.name}", abs_src_path=str(path)))
    return files
