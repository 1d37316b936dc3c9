"""MkDocs hook: draw the site's figures at build time (DESIGN.md decision 4).

Figure code lives in ``docs/_figures/<module>.py``; every public function of a
module (name not starting with ``_``) takes no argument and returns a
``matplotlib.figure.Figure``. It becomes ``figures/<module>/<function>.svg`` in
the site, shared by both languages. Pages reference it with a relative link,
e.g. ``![alt text](../figures/activations/curves.svg)``; a link to a figure that
does not exist fails the strict build (MkDocs' link validation).

SVGs are cached in ``.cache/figures`` under a hash of the figure module, the
shared style module and the ``dlnotes`` sources, so ``mkdocs serve`` re-draws
only what changed. Output is deterministic: two clean builds give identical bytes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import io
import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.figures")

ROOT = Path(__file__).resolve().parents[2]
FIGURE_DIR = ROOT / "docs" / "_figures"
# DLNOTES_FIGURE_CACHE lets a test build from a cold cache without touching yours.
CACHE_DIR = Path(os.environ.get("DLNOTES_FIGURE_CACHE", ROOT / ".cache" / "figures"))
STYLE = FIGURE_DIR / "_style.py"


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _load(path: Path):
    if str(FIGURE_DIR) not in sys.path:
        sys.path.insert(0, str(FIGURE_DIR))
    spec = importlib.util.spec_from_file_location(f"_dlnotes_figures_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figure_functions(module) -> dict[str, object]:
    """The public figure functions defined in ``module`` (not imported ones)."""
    return {
        name: fn
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == module.__name__
    }


def render_module(path: Path) -> dict[str, bytes]:
    """Render every figure of one module to SVG bytes, using the cache."""
    package = sorted((ROOT / "dlnotes").glob("*.py"))
    key = _digest([path, STYLE, *package])
    cache = CACHE_DIR / path.stem / key
    if cache.is_dir() and (cache / ".complete").exists():
        return {p.stem: p.read_bytes() for p in sorted(cache.glob("*.svg"))}

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    module = _load(path)
    out: dict[str, bytes] = {}
    for name, fn in figure_functions(module).items():
        fig = fn()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
        out[name] = buf.getvalue()
    cache.mkdir(parents=True, exist_ok=True)
    for name, data in out.items():
        (cache / f"{name}.svg").write_bytes(data)
    (cache / ".complete").touch()
    log.info("figures: drew %d figure(s) of %s", len(out), path.name)
    return out


@event_priority(-200)  # after mkdocs-static-i18n has rebuilt the file list
def on_files(files, config):
    for path in sorted(FIGURE_DIR.glob("[!_]*.py")):
        for name, svg in render_module(path).items():
            files.append(File.generated(config, f"figures/{path.stem}/{name}.svg", content=svg))
    return files


def on_serve(server, config, builder):
    """Rebuild when figure code changes under ``mkdocs serve``."""
    server.watch(str(FIGURE_DIR))
    server.watch(str(ROOT / "dlnotes"))
    return server
