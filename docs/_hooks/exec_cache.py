"""MkDocs hook: keep the HTML of executed snippets on disk, so a rebuild does not re-run them.

markdown-exec runs every ``exec="on"`` fence on every build (about 360 fences,
both languages), and ``mkdocs serve`` rebuilds everything on each save: running
them was a fifth of a warm build. markdown-exec has no cache of its own (1.12;
upstream issue pawamoy/markdown-exec#4 is open, and the filesystem cache of PR
#93 was closed unmerged: a release with a cache keyed by the code *and* the
packages it imports would make this hook unnecessary), so this hook wraps its
fence formatter: the HTML of a fence is stored in
``.cache/exec/`` under a hash of everything that can change it:

- the fence's code and all its options (``source=``, ``result=``, ...);
- every file of the ``dlnotes`` package (the snippets import it);
- ``mkdocs.yml`` (its Markdown extensions shape the HTML) and this hook;
- the Python version and the name and version of every installed distribution
  (markdown-exec, pymdown-extensions, Pygments, NumPy, ...).

Snippets run inside the MkDocs process, so under ``mkdocs serve`` the first
build's ``import dlnotes`` would stay in ``sys.modules`` and every later build
would run the old package: when the package's digest changes, its modules are
dropped from ``sys.modules`` so the next snippet imports the edited code.

Only what cannot depend on anything else is cached: fences without
``session=`` (state shared between fences), without ``html="on"`` and with a
``result=`` (the output is shown as text in a code block, so it adds no
headings to the page's table of contents). A fence that fails is never cached:
its warning fails the strict build every time, as without this hook.

The cache holds each fence's HTML, which shows its source, comments included,
so the English fence and its Chinese twin (the same code with translated
comments, ``tests/test_parity.py``) are two entries, and a cold build ran every
snippet twice. markdown-exec's runner is therefore wrapped too: a snippet whose
tokens, comments left out (``python_tokens``), were already run in this process
under the same ``dlnotes`` gets that run's output. Each language's build calls
``on_config`` again (mkdocs-static-i18n builds the others from its
``on_post_build``), so the runs are forgotten only when the package's digest
changes (a ``mkdocs serve`` rebuild after a package edit): cleared on every
``on_config``, the Chinese build ran every snippet again. markdown-exec exports
its formatters and ``base_format`` but not the runner they pass it, so the hook replaces
``markdown_exec._internal.formatters.python._run_python`` (markdown-exec is
pinned; a release that renames it fails the build here, loudly).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
import io
import json
import logging
import os
import sys
import sysconfig
import tokenize
from pathlib import Path

from markdown_exec._internal.formatters import python as markdown_exec_python
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
# DLNOTES_EXEC_CACHE lets a test build from a cold cache without touching yours.
CACHE_DIR = Path(os.environ.get("DLNOTES_EXEC_CACHE", ROOT / ".cache" / "exec"))
LANGUAGES = ("python", "py")
PACKAGE = "dlnotes"
_last_package: list[str] = []  # digest of dlnotes at the previous build of this process
_runs: dict[str, str] = {}  # snippet outputs under _last_package, by code without comments


class WarningCounter(logging.Handler):
    """Counts the warnings logged while one fence runs (or one API block renders)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@functools.cache
def environment_digest() -> str:
    """Python, the distributions installed in its environment, this hook and mkdocs.yml.

    Distributions are read from the environment's site-packages, not from all of
    ``sys.path``: ``python -m mkdocs`` (the tests) puts the working folder first,
    where the source tree's ``dlnotes.egg-info`` would count as one more
    distribution, and ``.venv/bin/mkdocs`` (make) does not; the two gave different
    digests and never shared a cache. ``dlnotes`` itself is keyed by its sources.
    """
    h = hashlib.sha256(sys.version.encode())
    paths = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    dists = sorted(f"{d.metadata['Name']}=={d.version}"
                   for d in importlib.metadata.distributions(path=paths))
    h.update("\n".join(dists).encode())
    for path in [Path(__file__), ROOT / "mkdocs.yml"]:
        h.update(path.read_bytes())
    return h.hexdigest()


def package_digest() -> str:
    # Read on every build: under `mkdocs serve` the package may change between builds.
    h = hashlib.sha256()
    for path in sorted((ROOT / "dlnotes").rglob("*.py")):
        h.update(path.relative_to(ROOT).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def forget_package_if_changed(package: str) -> list[str]:
    """Forget ``dlnotes`` if its sources changed since the last build: its modules and runs.

    The modules are dropped from ``sys.modules``; the snippet outputs of the
    shared runner are cleared.
    """
    dropped = []
    if _last_package != [package]:  # the first build, or the package was edited
        _runs.clear()
        if _last_package:
            dropped = [name for name in sys.modules
                       if name == PACKAGE or name.startswith(f"{PACKAGE}.")]
            for name in dropped:
                del sys.modules[name]
            importlib.invalidate_caches()
    _last_package[:] = [package]
    return dropped


def python_tokens(source: str) -> list[tuple[int, str]]:
    r"""The tokens of Python code, comments and blank lines left out.

    Two snippets with the same tokens differ only in their comments, so they print
    the same; ``tests/test_parity.py`` requires this of every pair of twins.

    >>> python_tokens("x = '#1'  # one\n") == python_tokens("# 一\n\nx = '#1'\n")
    True
    >>> python_tokens("x = 1\n") == python_tokens("x = 2\n")
    False
    """
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [(tok.type, tok.string) for tok in tokens
            if tok.type not in (tokenize.COMMENT, tokenize.NL)]


def code_key(source: str) -> list[tuple[int, str]] | str:
    """``python_tokens(source)``, or the source itself if it is not valid Python."""
    try:
        return python_tokens(source)
    except (tokenize.TokenError, SyntaxError):  # run it, and let the run report it
        return source


def shared_runner(run):
    """Wrap markdown-exec's runner: code runs once while ``dlnotes`` is unchanged,
    whatever its comments say."""

    @functools.wraps(run)
    def run_shared(code, returncode=None, session=None, id=None, **extra):
        if session:  # state shared with other fences: always run
            return run(code, returncode, session, id, **extra)
        key = json.dumps([code_key(code), returncode, id, extra], sort_keys=True, default=repr)
        if key not in _runs:
            _runs[key] = run(code, returncode, session, id, **extra)  # a raise is not kept
        return _runs[key]

    run_shared.unshared = run
    return run_shared


def cacheable(options: dict) -> bool:
    return bool(options.get("result")) and not options.get("session") and not options.get("html")


def fence_key(source: str, language: str, options: dict, package: str) -> str:
    fields = [environment_digest(), package, language, source, options]
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=repr).encode()).hexdigest()


def cached_formatter(format_fence, package: str):
    """Wrap markdown-exec's ``formatter`` with the disk cache."""
    # markdown-exec logs a failed fence as a warning under "mkdocs.plugins.markdown-exec";
    # listening on "mkdocs" also catches any other warning raised while formatting.
    build_log = logging.getLogger("mkdocs")

    @functools.wraps(format_fence)
    def format_cached(source, language, css_class, options, md, **kwargs):
        if not cacheable(options):
            return format_fence(source, language, css_class, options, md, **kwargs)
        key = fence_key(source, language, options, package)
        path = CACHE_DIR / key[:2] / f"{key}.html"
        if path.is_file():
            return Markup(path.read_text("utf-8"))  # HTML markdown-exec made earlier
        warnings = WarningCounter()
        build_log.addHandler(warnings)
        try:
            html = format_fence(source, language, css_class, options, md, **kwargs)
        finally:
            build_log.removeHandler(warnings)
        if warnings.count == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(str(html), "utf-8")
            tmp.replace(path)
        return html

    format_cached.uncached = format_fence
    return format_cached


@event_priority(-100)  # after markdown-exec has registered its fences (priority 0)
def on_config(config):
    package = package_digest()
    forget_package_if_changed(package)
    run = getattr(markdown_exec_python, "_run_python", None)
    if run is None:
        raise PluginError("exec_cache: markdown-exec no longer has _run_python; "
                          "see this hook's docstring")
    markdown_exec_python._run_python = shared_runner(getattr(run, "unshared", run))
    fences = config.mdx_configs.get("pymdownx.superfences", {}).get("custom_fences", [])
    for fence in fences:
        if fence.get("name") in LANGUAGES:
            fmt = fence["format"]
            fence["format"] = cached_formatter(getattr(fmt, "uncached", fmt), package)
    return config
