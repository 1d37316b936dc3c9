"""MkDocs hook: make Material's ``offline`` plugin build a copy that is offline and bilingual.

``make offline`` builds with ``DLNOTES_OFFLINE=true``, which turns on Material's
``offline`` plugin (9.8): directory URLs off (``page.html`` links, which work
from ``file://``), and the search index inlined into ``search/search_index.js``,
which Material loads through the iframe-worker shim instead of fetching it.
Five gaps remain for this site, and this hook fills them, only in that build:

1. the plugin loads the shim from ``https://unpkg.com/iframe-worker/shim``,
   a request to another host; here it is the pinned npm package
   (``package.json``), copied into the site as ``assets/iframe-worker.js``
   (the plugin adds unpkg only when no iframe-worker polyfill is configured);
2. the plugin inlines only ``search/search_index.json``; the Chinese index of
   ``search_index.py`` (``zh/search/``) gets its own ``search_index.js`` there;
3. instant navigation fetches pages, which browsers refuse under ``file://``,
   so the feature is dropped (Material's documentation says to disable it);
4. ``404.html`` is left out: only a web server shows it, and its links are
   absolute (``/dlnotes/...``), which lead nowhere from a folder;
5. the labs' Markdown cells link other pages by their published folder URLs
   (``../../training/optimizers/``: nbconvert, not MkDocs, renders them, so they
   cannot be written as ``.md`` links); on lab pages such links are pointed at
   the ``.html`` files of this build.

Upstream: a Material release that ships the shim with its own assets and
inlines every ``search_index.json`` it finds would retire points 1 and 2.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_URI = "assets/iframe-worker.js"
FOLDER_LINK = re.compile(r'href="((?:\.\./|[\w-]+/)+)(#[^"]*)?"')


def enabled(config) -> bool:
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(offline and offline.config.enabled)


@event_priority(100)  # before the offline plugin's on_config adds the unpkg shim
def on_config(config):
    if enabled(config):
        config.extra["polyfills"] = [SHIM_URI]
        features = config.theme["features"]
        config.theme["features"] = [f for f in features if f != "navigation.instant"]
    return config


@event_priority(-100)  # after language_menu.py has chosen the language of 404.html
def on_pre_build(config):
    if enabled(config):
        config.theme.static_templates.discard("404.html")


@event_priority(-200)
def on_files(files, config):
    if enabled(config):
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM)))
    return files


def file_link(folder: str, anchor: str, page_dir: str, dests: set[str]) -> str | None:
    """The ``.html`` file of this build that a folder link of a lab page means.

    ``folder`` is relative to the page's published folder ``page_dir``.

    >>> dests = {"training/optimizers.html", "labs/index.html", "labs/planar.html"}
    >>> file_link("../../training/optimizers/", "#lr-decay", "labs/planar/", dests)
    '../training/optimizers.html#lr-decay'
    >>> file_link("../", "", "labs/planar/", dests), file_link("../x/", "", "labs/planar/", dests)
    ('index.html', None)
    """
    target = posixpath.normpath(posixpath.join(page_dir, folder))
    for dest in (f"{target}/index.html", f"{target}.html"):
        if dest in dests:
            here = posixpath.dirname(page_dir.rstrip("/"))
            return posixpath.relpath(dest, here or ".") + anchor
    return None


@event_priority(-100)  # after mkdocs-jupyter and labs.py have rendered the lab
def on_page_content(html, page, config, files):
    uri = page.file.src_uri
    if not enabled(config) or not (uri.startswith("labs/") and uri.endswith(".py")):
        return html
    dests = {f.dest_uri for f in files}
    page_dir = page.file.dest_uri.removesuffix(".html") + "/"

    def rewrite(m: re.Match[str]) -> str:
        link = file_link(m[1], m[2] or "", page_dir, dests)
        return f'href="{link}"' if link else m[0]

    return FOLDER_LINK.sub(rewrite, html)


def inline_index(json_path: Path) -> None:
    """Write ``search_index.js`` next to ``search_index.json``, as the offline plugin does."""
    data = json_path.read_text("utf-8")
    json_path.with_suffix(".js").write_text(f"var __index = {data}", "utf-8")


@event_priority(-300)  # after search_index.py has written each language's index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if not enabled(config) or (i18n is not None and i18n.building):
        return
    for index in sorted(Path(config.site_dir).glob("**/search/search_index.json")):
        inline_index(index)
