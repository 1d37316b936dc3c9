"""MkDocs hook: trim the labs' notebook stylesheet to the rules each lab page uses.

mkdocs-jupyter inlines the whole of its JupyterLab stylesheet
(``mkdocs_jupyter/templates/mkdocs_html/assets/index.css``, 574 KB) into every
notebook page. A lab page uses about 16 KB of it: the rest is JupyterLab's
widgets, menus and dialogs, which a rendered notebook never shows. On a phone
(Lighthouse, mobile preset, the planar lab) the browser's work on those rules was
about a third of the page's total blocking time (1.4–1.7 s, 0.9–1.0 s without
them), and they were 70 KB of every lab page's download.

After a lab page is rendered, this hook passes that stylesheet and the page's
HTML to PurgeCSS (npm ``purgecss``, pinned in ``package.json``, run by
``notebook_css.js``), which keeps the rules whose selectors name only classes,
ids, tags and attribute values the page contains (the dark scheme's
``[data-md-color-scheme=slate]`` rules among them: Material writes the
attribute into every page), and the custom properties that the kept rules, the
page's other styles or its linked stylesheets read.

The result is kept in ``.cache/styles/<key>.css``; the key is the page's HTML,
the stylesheet, the custom properties read elsewhere, ``notebook_css.js`` and
the installed PurgeCSS, so an edit of a lab, a new mkdocs-jupyter or a new
PurgeCSS trims again.

Upstream: mkdocs-jupyter's template inlines the stylesheet unconditionally
(``notebook.html.j2``, block ``notebook_css``); an option to leave it out or to
link a trimmed copy would retire this hook.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

# sibling hook (MkDocs puts this folder on sys.path while it loads a hook)
import labs
import mkdocs_jupyter
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("notebook_css.js")
PURGECSS = ROOT / "node_modules" / "purgecss" / "package.json"
STYLESHEET = (Path(mkdocs_jupyter.__file__).parent / "templates" / "mkdocs_html"
              / "assets" / "index.css").read_text("utf-8").strip()
# DLNOTES_STYLE_CACHE lets a test build from a cold cache without touching yours.
CACHE_DIR = Path(os.environ.get("DLNOTES_STYLE_CACHE", ROOT / ".cache" / "styles"))

LINKED = re.compile(r'<link rel="stylesheet" href="([^"]+\.css)[^"]*"')
READ_VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")


def _read_elsewhere(others: str, page_dir: Path) -> list[str]:
    """Custom properties read by the page's other CSS: inline, and linked stylesheets."""
    texts = [others]
    for href in LINKED.findall(others):
        path = (page_dir / href).resolve()
        if not path.is_file():
            raise PluginError(f"notebook_css: {href} (linked from a lab page) is not in the site")
        texts.append(path.read_text("utf-8"))
    return sorted({name for text in texts for name in READ_VARIABLE.findall(text)})


def _purge(content: str, variables: list[str]) -> str:
    node = shutil.which("node")
    if node is None or not PURGECSS.is_file():
        raise PluginError("notebook_css: node and the npm packages are needed (run `make deps`)")
    proc = subprocess.run(
        [node, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
        input=json.dumps({"css": STYLESHEET, "content": content, "variables": variables}),
    )
    if proc.returncode != 0:
        raise PluginError(f"notebook_css: purgecss failed:\n{proc.stderr[-2000:]}")
    return proc.stdout


def trim(output: str, page_dir: Path) -> str:
    """The page with mkdocs-jupyter's stylesheet cut to what the page uses."""
    start = output.find(STYLESHEET)
    if start < 0:
        return output
    end = start + len(STYLESHEET)
    others = output[:start] + output[end:]
    variables = _read_elsewhere(others, page_dir)
    key = hashlib.sha256()
    for part in (PURGECSS.read_text("utf-8"), SCRIPT.read_text("utf-8"), STYLESHEET, others,
                 "\n".join(variables)):
        key.update(part.encode("utf-8") + b"\0")
    cached = CACHE_DIR / f"{key.hexdigest()[:32]}.css"
    if cached.is_file():
        kept = cached.read_text("utf-8")
    else:
        kept = _purge(others, variables)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        cached.write_text(kept, "utf-8")
    return output[:start] + kept + output[end:]


def on_post_page(output, page, config):
    if not labs.is_lab(page.file.src_uri):
        return output
    page_dir = Path(config.site_dir) / posixpath.dirname(page.file.dest_uri)
    return trim(output, page_dir)
