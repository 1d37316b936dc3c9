"""MkDocs hook: execute the labs at build time and hand them to mkdocs-jupyter.

Labs are jupytext percent-format scripts, one per language:
``docs/labs/<name>.py`` and ``docs/labs/<name>.zh.py``. mkdocs-static-i18n treats
them like any page (language, nav, language menu). After it has picked the
files of the language being built, this hook

1. executes the lab with nbclient into ``.cache/labs/<hash>/<name>.ipynb``
   (keyed by the lab source, ``dlnotes`` and this hook), failing the build if a
   cell raises; a Chinese lab takes the outputs of its English twin's run, whose
   code it shares (only comments differ), instead of running it again. The saved notebook depends on the code only, not on timing: no
   timing metadata, numbered cell ids, and each cell's consecutive pieces of one
   stream joined into one output (``merge_streams``);
2. points the page's file at that executed notebook and wraps it the way
   mkdocs-jupyter expects (mkdocs-static-i18n rebuilds the file list and would
   otherwise drop mkdocs-jupyter's wrapper, leaving a raw ``.py`` page);
3. after rendering, removes the MathJax/Mermaid scripts that nbconvert points
   at a CDN (``math.py`` renders the notebooks' ``$...$`` math with KaTeX instead).

mkdocs-jupyter then renders the executed notebook (``execute: false``) and
copies it next to the page as ``<name>.ipynb`` for download. Its own render
cache (``cache: true``, a fifth of a warm build without it: nbconvert compiles
its templates anew for every notebook) is keyed by the notebook and the
plugin's options only, not by the versions of nbconvert and mkdocs-jupyter
that render it; ``render_cache`` therefore puts it under ``CACHE_DIR/html/`` in
a folder per environment (``exec_cache.environment_digest``: Python, every
installed distribution, mkdocs.yml).
"""

from __future__ import annotations

import ast
import hashlib
import logging
import os
import re
import tempfile
from pathlib import Path

# sibling hook (MkDocs puts this folder on sys.path while it loads a hook)
import exec_cache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.labs")

ROOT = Path(__file__).resolve().parents[2]
LAB_DIR = "labs/"
CACHE_DIR = Path(os.environ.get("DLNOTES_LAB_CACHE", ROOT / ".cache" / "labs"))
# Only there to stop a hung kernel: on a busy machine a lab cell can take several
# times as long as on an idle one (the regularization lab's longest cell: ~20 s idle).
TIMEOUT = 900  # seconds per cell
STARTUP_TIMEOUT = 300  # seconds for a kernel to start

# nbconvert's template loads MathJax (empty or CDN src) and imports Mermaid from a
# CDN when a notebook has diagrams: drop those scripts and the MathJax comments.
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
MATHJAX_COMMENTS = re.compile(r"<!-- (?:End of )?[Mm]ath[Jj]ax configuration -->")


def _drop_remote_script(match: re.Match[str]) -> str:
    attrs, body = match.group(1), match.group(2)
    src = re.search(r"""\bsrc=["']([^"']*)["']""", attrs)
    if src is not None and (src.group(1) == "" or "//" in src.group(1)):
        return ""
    if re.search(r"""import\(\s*["']https?://""", body):
        return ""
    return match.group(0)


def is_lab(src_uri: str) -> bool:
    return src_uri.startswith(LAB_DIR) and src_uri.endswith(".py")


def merge_streams(nb) -> None:
    """Join each code cell's consecutive outputs of the same stream, in place.

    The kernel sends what a cell prints in pieces: whenever its buffer is
    flushed, on a timer (every 0.2 s in ipykernel) or by an explicit flush. So a
    loop that prints while it trains comes out as one ``stream`` output on an
    idle machine and as several on a busy one, and the notebook, the lab page
    and the search index differ between two builds of the same code. Joining
    neighbours keeps the text and its order (a figure between two prints stays
    between them) and removes the timing. nbclient's own ``coalesce_streams``
    is not used: it also merges streams across a figure, moving text past it.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.outputs:
            prev = merged[-1] if merged else None
            if (out.output_type == "stream" and prev is not None
                    and prev.output_type == "stream" and prev.name == out.name):
                prev.text += out.text
            else:
                merged.append(out)
        cell.outputs = merged


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def english_twin(source: Path) -> Path | None:
    """``<name>.py`` for ``<name>.zh.py`` (if it exists), else None."""
    if not source.name.endswith(".zh.py"):
        return None
    twin = source.with_name(source.name.removesuffix(".zh.py") + ".py")
    return twin if twin.is_file() else None


def _code(nb) -> list[str] | None:
    """Each code cell's syntax tree (comments do not count), or None if one does not parse."""
    try:
        return [ast.dump(ast.parse(c.source)) for c in nb.cells if c.cell_type == "code"]
    except SyntaxError:
        return None


def notebook_path(source: Path, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the executed notebook of a lab is kept: keyed by the lab (and its
    English twin), this hook and ``dlnotes``."""
    twin = english_twin(source)
    h = hashlib.sha256(source.read_bytes())
    for p in [*([twin] if twin else []), Path(__file__), *sorted((ROOT / "dlnotes").glob("*.py"))]:
        h.update(p.read_bytes())
    name = source.name.removesuffix(".py").removesuffix(".zh")
    return cache_dir / f"{source.stem}-{h.hexdigest()[:16]}" / f"{name}.ipynb"


def executed_notebook(source: Path, cache_dir: Path = CACHE_DIR) -> Path:
    """Execute a jupytext lab (cached) and return the path of the executed .ipynb.

    A Chinese lab whose code cells are those of its English twin (the parity
    test requires it; only comments differ) is not run a second time: its code
    cells get the outputs of the twin's run, cell by cell.
    """
    twin = english_twin(source)
    target = notebook_path(source, cache_dir)
    if target.exists():
        return target

    import jupytext
    import nbformat

    nb = jupytext.read(source)
    for i, cell in enumerate(nb.cells):  # jupytext's cell ids are random: number them instead
        cell.id = f"cell-{i}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    ran = nbformat.read(executed_notebook(twin, cache_dir), as_version=4) if twin else None
    if ran is not None and _code(ran) is not None and _code(ran) == _code(nb):
        code = [c for c in nb.cells if c.cell_type == "code"]
        for cell, done in zip(code, [c for c in ran.cells if c.cell_type == "code"], strict=True):
            cell.outputs, cell.execution_count = done.outputs, done.execution_count
        how = f"outputs of {_shown(twin)}"
    else:
        _execute(nb, source)
        how = "executed"
    merge_streams(nb)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")  # two builds may share a cache
    nbformat.write(nb, tmp)
    tmp.replace(target)
    log.info("labs: %s: %s", _shown(source), how)
    return target


def _execute(nb, source: Path) -> None:
    """Run every cell of ``nb`` in a fresh kernel, in place; a cell that raises fails the build."""
    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    # Each kernel gets its own folder for its IPC sockets: by default they are
    # ./kernel-ipc-N in the current folder, and kernels started at the same time
    # (one per core here, or two builds at once) pick the same N and read each
    # other's messages ("Invalid Signature", then "Kernel didn't respond").
    with tempfile.TemporaryDirectory(prefix="dlnotes-kernel-") as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/kernel")
        client = NotebookClient(
            nb,
            km=km,
            timeout=TIMEOUT,
            startup_timeout=STARTUP_TIMEOUT,
            record_timing=False,
            resources={"metadata": {"path": str(ROOT)}},
        )
        # One BLAS thread per kernel: the labs' matrices are small and the
        # kernels already run one per core (execute_all).
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        try:
            client.execute(env=env)
        except CellExecutionError as err:
            raise PluginError(f"lab {_shown(source)} failed:\n{err}") from err
        finally:
            if km.has_kernel:  # client.km is None if the kernel failed to start
                km.shutdown_kernel(now=True)


class _Link:
    """The one attribute the language menu reads from an alternate file."""

    def __init__(self, url: str) -> None:
        self.url = url


def _lab_file(file, config):
    """Wrap an i18n lab file as a notebook page at ``[<lang>/]labs/<name>/``."""
    from mkdocs_jupyter.plugin import NotebookFile

    class LabFile(NotebookFile):
        # NotebookFile derives the page path from the source name, which still
        # carries the language suffix (demo.zh.py); use the path i18n chose.
        def _get_dest_path(self, use_directory_urls):
            stem = Path(self.file.dest_path).with_suffix("")
            return str(stem / "index.html") if use_directory_urls else f"{stem}.html"

        def _get_url(self, use_directory_urls):
            stem = Path(self.file.dest_path).with_suffix("").as_posix()
            return f"{stem}/" if use_directory_urls else f"{stem}.html"

        # `--dirty` asks before the page is read; a notebook still being executed
        # (on_pre_page waits for it) is new, so newer than the page in the site.
        def is_modified(self):
            return not os.path.isfile(self.abs_src_path) or super().is_modified()

    lab = LabFile(file, use_directory_urls=config.use_directory_urls, site_dir=config.site_dir)
    lab.abs_src_path = file.abs_src_path  # File caches this per instance: set it on the wrapper
    name = Path(file.dest_path).with_suffix("").name
    i18n = config.plugins["i18n"]
    page = f"{name}/" if config.use_directory_urls else f"{name}.html"  # offline.py: .html
    lab.alternates = {
        lang.locale: _Link(f"{'' if lang.default else lang.locale + '/'}labs/{page}")
        for lang in i18n.config.languages
        if lang.build
    }
    return lab


def execute_all(docs_dir: str) -> None:
    """Execute every lab of every language, one kernel per core.

    The first language's build pays for all of them; the others hit the cache.
    English labs run first, so that their Chinese twins can reuse the outputs.
    """
    from concurrent.futures import ThreadPoolExecutor

    sources = sorted((Path(docs_dir) / LAB_DIR).glob("*.py"))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for group in ([s for s in sources if not english_twin(s)],
                      [s for s in sources if english_twin(s)]):
            list(pool.map(executed_notebook, group))


_running = {}  # docs_dir -> the labs' execution, started in on_pre_build


def render_cache(config) -> None:
    """Point mkdocs-jupyter's render cache at this environment's and language's folder.

    One folder per language: after a build, mkdocs-jupyter deletes every entry
    of its folder that the build did not use, and each language is a build.
    """
    jupyter = config.plugins["mkdocs-jupyter"].config
    if jupyter["cache"]:
        language = config.plugins["i18n"].current_language
        jupyter["cache_dir"] = str(
            CACHE_DIR / "html" / exec_cache.environment_digest()[:16] / language)


def on_pre_build(config):
    """Start executing the labs now, in the background.

    The kernels are processes of their own: they run while this process reads
    and renders the other pages; ``on_pre_page`` waits for them before the
    first lab page is read (the labs come last in the nav).
    """
    from concurrent.futures import ThreadPoolExecutor

    if config.docs_dir not in _running:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlnotes-labs")
        _running[config.docs_dir] = pool.submit(execute_all, config.docs_dir)
        pool.shutdown(wait=False)


def wait_for_labs(config) -> None:
    """Let the labs' execution finish; a lab that failed raises its PluginError here."""
    running = _running.pop(config.docs_dir, None)
    if running is not None:
        running.result()
        execute_all(config.docs_dir)  # all cached by now, unless a lab changed meanwhile


@event_priority(-200)  # after mkdocs-static-i18n has chosen this language's files
def on_files(files, config):
    """Point each lab page at its executed notebook (which may still be running)."""
    render_cache(config)
    for file in list(files):
        if not is_lab(file.src_uri) or hasattr(file, "file"):
            continue
        file.abs_src_path = str(notebook_path(Path(file.abs_src_path)))
        files.remove(file)
        files.append(_lab_file(file, config))
    return files


@event_priority(100)  # before mkdocs-jupyter's on_pre_page reads the notebook
def on_pre_page(page, config, files):
    if is_lab(page.file.src_uri):
        wait_for_labs(config)
    return page


def on_env(env, config, files):
    wait_for_labs(config)  # a build that reads no lab page (`mkdocs serve --dirty`)
    return env


HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">')
DEFAULT_ALT = 'alt="No description has been provided for this image"'
OUTPUT_ALT = {"en": "Figure drawn by the code cell above", "zh": "上方代码单元格画出的图"}


def _toc_ids(items) -> list[str]:
    return [i for item in items for i in (item.id, *_toc_ids(item.children))]


def _fill_heading_ids(html: str, toc) -> str:
    """Give headings nbconvert left without an id (Chinese titles) the toc's ids."""
    ids = iter(_toc_ids(toc))

    def fill(match: re.Match[str]) -> str:
        level, anchor, title = match.groups()
        toc_id = next(ids, "")  # headings and toc entries come in the same order
        anchor = anchor or toc_id
        return f'<h{level} id="{anchor}">{title}<a class="anchor-link" href="#{anchor}">'

    return HEADING.sub(fill, html)


def on_page_content(html, page, config, files):
    if not is_lab(page.file.src_uri):
        return html
    html = MATHJAX_COMMENTS.sub("", SCRIPT.sub(_drop_remote_script, html))
    html = html.replace(DEFAULT_ALT, f'alt="{OUTPUT_ALT[config.theme["language"]]}"')
    if '<h2 id="">' in html or '<h3 id="">' in html:
        html = _fill_heading_ids(html, page.toc)
    return html


def on_serve(server, config, builder):
    server.watch(str(ROOT / "docs" / "labs"))
    return server
