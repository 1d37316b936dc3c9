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

Figures that are not cached yet are drawn by worker processes (this file run
as a script, one fewer than the machine has cores, at least one) while MkDocs
goes on reading and rendering the pages: drawing them in the build's own
process was ~20 s of a cold build's ~50, with the second core mostly idle. The
file list needs only their names, read from the module's source (its public
top-level ``def``s), so pages link to them while they are drawn. MkDocs would
copy them right after ``on_env``, before it writes the English pages and before
mkdocs-static-i18n builds the Chinese ones; the English half of a cold build
waited there 6 s for the worker while the Chinese half would later leave the
second core idle. So MkDocs does not copy them (``_Figure``): ``on_post_build``
waits for the workers and writes them once every language is built. A figure
that fails to draw, or a module whose drawn figures differ from its ``def``s,
fails the build.
"""

from __future__ import annotations

import ast
import atexit
import hashlib
import importlib.util
import inspect
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
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


def figure_names(path: Path) -> list[str]:
    """The public functions a figure module defines, from its source (no import)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    return sorted(node.name for node in tree.body
                  if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"))


def cache_dir(path: Path) -> Path:
    """Where the SVGs of one module are kept, for its current sources."""
    package = sorted((ROOT / "dlnotes").glob("*.py"))
    return CACHE_DIR / path.stem / _digest([path, STYLE, *package])


def draw_module(path: Path) -> None:
    """Draw every figure of one module into its cache folder, unless it is there already."""
    cache = cache_dir(path)
    if (cache / ".complete").exists():
        return

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    module = _load(path)
    cache.mkdir(parents=True, exist_ok=True)
    for name, fn in figure_functions(module).items():
        fig = fn()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
        (cache / f"{name}.svg").write_bytes(buf.getvalue())
    (cache / ".complete").touch()


class _Worker:
    """A process drawing some figure modules into the cache (this file as a script)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait)
        # -P: the hooks folder must not come first on sys.path (its math.py
        # would stand in for the standard library's math).
        self.proc = subprocess.Popen([sys.executable, "-P", __file__, *map(str, paths)],
                                     cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        atexit.register(self.proc.kill)

    def wait(self) -> None:
        code = self.proc.wait()
        self.log.seek(0)
        output = self.log.read().decode("utf-8", errors="replace")
        self.log.close()
        if code != 0:
            names = ", ".join(p.name for p in self.paths)
            raise PluginError(f"figures: drawing {names} failed (exit {code}):\n{output[-4000:]}")


class _Figure(File):
    """A figure's file: listed like any other, written by ``on_post_build``, not copied."""

    def copy_file(self, dirty: bool = False) -> None:
        pass  # it may still be being drawn


_workers: list[_Worker] = []
_pending: dict[Path, list[str]] = {}  # module -> names its figure files were listed under
_listed: list[_Figure] = []  # the figure files of every language's build, until written


@event_priority(-200)  # after mkdocs-static-i18n has rebuilt the file list
def on_files(files, config):
    todo = []
    for path in sorted(FIGURE_DIR.glob("[!_]*.py")):
        cache = cache_dir(path)
        names = figure_names(path)
        if not (cache / ".complete").exists() and path not in _pending:
            todo.append(path)
            _pending[path] = names
        for name in names:
            _listed.append(_Figure.generated(config, f"figures/{path.stem}/{name}.svg",
                                             abs_src_path=str(cache / f"{name}.svg")))
            files.append(_listed[-1])
    if todo:
        n = max(1, min(len(todo), (os.cpu_count() or 1) - 1))
        _workers.extend(_Worker(todo[k::n]) for k in range(n))
    return files


# After mkdocs-static-i18n has built the other languages from its on_post_build
# (-100), and before offline.py reads the finished site (-300).
@event_priority(-250)
def on_post_build(config):
    """Wait for the figures being drawn, check that each module drew what it defines,
    and write every listed figure into the site.

    Each is written on every build, ``mkdocs serve --dirty`` included: a cached SVG
    older than the one in the site (a figure's code edited and then put back) would
    otherwise be skipped as unmodified.
    """
    try:
        for worker in _workers:
            worker.wait()
        for path, names in _pending.items():
            cache = cache_dir(path)
            drawn = sorted(p.stem for p in cache.glob("*.svg"))
            if not (cache / ".complete").exists() or drawn != names:
                raise PluginError(f"figures: {path.name} defines {names} but drew {drawn}")
            log.info("figures: drew %d figure(s) of %s", len(drawn), path.name)
        # Both languages list the same figures (shared by the site): each is written once.
        for dest, src in {f.abs_dest_path: f.abs_src_path for f in _listed}.items():
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(src, dest)
    finally:
        _workers.clear()
        _pending.clear()
        _listed.clear()


def on_serve(server, config, builder):
    """Rebuild when figure code changes under ``mkdocs serve``."""
    server.watch(str(FIGURE_DIR))
    server.watch(str(ROOT / "dlnotes"))
    return server


if __name__ == "__main__":  # a worker of on_files: draw the modules named on the command line
    for arg in sys.argv[1:]:
        draw_module(Path(arg))
