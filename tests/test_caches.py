"""No stale output, ever: the build caches and ``mkdocs serve --dirty`` follow every edit.

Each test builds a small copy of the project (this site's mkdocs.yml, hooks,
templates and the ``dlnotes`` package, with two pages and a lab of its own) in a
temporary folder, with its own caches, then edits it as an author would:

- a ``dlnotes`` function that a snippet calls: the output under the snippet
  changes, in ``mkdocs build`` (exec cache warm) and in ``mkdocs serve --dirty``
  (both languages), and so do the page notebook's output, the search index
  and the wheel;
- the code of a snippet, and a lab: the page changes under ``mkdocs serve``;
- a snippet that raises and malformed TeX still fail the strict build, every
  time (a failure is never cached).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from conftest import ROOT, build_env, load_hook, mkdocs_config

SNIPPET = '''```python exec="on" source="above" result="text"
from dlnotes.activations import sigmoid

print(f"probe {float(sigmoid(0.0)):.3f}")
```
'''
PAGE = "# Probe { #probe }\n\nA page with one snippet.\n\n" + SNIPPET
PAGE_ZH = "# 探针 { #probe }\n\n只有一段代码的页面。\n\n" + SNIPPET
LAB = "# %% [markdown]\n# # Tiny lab\n\n# %%\nprint('lab says {}'.format(6 * 7))\n"
# One function of the API, rendered by mkdocstrings; the home pages link to its heading.
API = "# API { #api }\n\n::: dlnotes.activations\n    options:\n      members: [sigmoid]\n"
API_LINK = "[sigmoid][dlnotes.activations.sigmoid]"
# Appended to dlnotes/activations.py: a later definition wins.
BAD_DOCSTRING = ('\n\ndef sigmoid(z):\n    """Documents a parameter it does not have.\n\n'
                 '    Parameters\n    ----------\n    no_such_parameter : float\n        Absent.\n'
                 '    """\n    return z\n')
NEW_SIGMOID = "\n\ndef sigmoid(z):\n    return 0.25 + 0.0 * np.asarray(z, dtype=float)\n"


def make_project(tmp: Path) -> Path:
    project = tmp / "project"
    docs = project / "docs"
    shutil.copytree(ROOT / "dlnotes", project / "dlnotes",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("_hooks", "_overrides", "assets"):
        shutil.copytree(ROOT / "docs" / folder, docs / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (docs / "_figures").mkdir()
    for name in ("pyproject.toml", "README.md"):  # the wheel the site serves (wheel.py)
        shutil.copy(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (docs / "labs").mkdir()
    (docs / "foundations").mkdir()
    for name, text in {"index.md": f"# Home {{ #home }}\n\n[Probe](probe.md), {API_LINK}\n",
                       "index.zh.md": f"# 首页 {{ #home }}\n\n[探针](probe.md)，{API_LINK}\n",
                       "probe.md": PAGE, "probe.zh.md": PAGE_ZH,
                       "api.md": API, "api.zh.md": API,
                       "foundations/topic.md": PAGE, "foundations/topic.zh.md": PAGE_ZH,
                       "labs/tiny.py": LAB, "labs/tiny.zh.py": LAB}.items():
        (docs / name).write_text(text, "utf-8")
    config = mkdocs_config()
    config["nav"] = ["index.md", "probe.md", "foundations/topic.md", "api.md", "labs/tiny.py"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return project


def project_env(tmp: Path, project: Path) -> dict[str, str]:
    """The session builds' environment (every cache under ``tmp/cache``), with the
    copy's ``dlnotes`` first on the path instead of the installed one."""
    return {**build_env(tmp / "cache"), "PYTHONPATH": str(project)}


def test_test_builds_redirect_every_cache_of_the_hooks(tmp_path):
    """Each cache a hook keeps (``DLNOTES_*_CACHE``) is moved out of ``.cache/`` by both
    the session builds (``conftest.build_env``) and this module's builds: a cache left
    out would make a "clean" build warm, or a test build write into yours."""
    hooks = "".join(p.read_text("utf-8") for p in (ROOT / "docs" / "_hooks").glob("*.py"))
    used = set(re.findall(r'"(DLNOTES_\w+_CACHE)"', hooks))
    assert len(used) >= 8, used
    cache = tmp_path / "cache"
    for env in (build_env(cache), project_env(tmp_path, tmp_path / "project")):
        missing = sorted(v for v in used if not env.get(v, "").startswith(str(tmp_path)))
        assert not missing, missing


def build(project: Path, env: dict[str, str], site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False,
    )


def page_text(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text("utf-8")


def search_text(site: Path, root: str) -> str:
    """The text of every entry of a language's search index (search_index.py)."""
    index = json.loads((site / root / "search" / "search_index.json").read_text("utf-8"))
    return " ".join(doc["text"] for doc in index["docs"])


def notebook_text(site: Path, rel: str) -> str:
    """What the page notebook's cells printed (page_notebooks.py)."""
    nb = json.loads((site / rel / "topic.ipynb").read_text("utf-8"))
    return "".join(o["text"] for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c["outputs"])


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def test_shared_runner_runs_twins_once_and_keeps_no_failure():
    """A snippet and its twin with other comments run once per build (exec_cache.py)."""
    exec_cache = load_hook("exec_cache")
    calls = []

    def run(code, returncode=None, session=None, id=None, **extra):  # markdown-exec's shape
        calls.append(code)
        if "boom" in code:
            raise RuntimeError("boom")
        return f"run {len(calls)}"

    shared = exec_cache.shared_runner(run)
    english, chinese = "x = 1  # one\nprint(x)\n", "# 一\nx = 1\nprint(x)  # 打印\n"
    assert shared(english) == shared(chinese) == "run 1"
    assert shared("x = 2\nprint(x)\n") == "run 2"
    assert shared(english, session="s") == "run 3"  # a session's state: always run
    for _ in range(2):
        with pytest.raises(RuntimeError):
            shared("boom = 1\n")
    assert len(calls) == 5


def test_shared_runner_keeps_runs_across_languages_until_the_package_changes(monkeypatch):
    """Each language's build calls ``on_config``: the Chinese twin reuses the English run.

    Only a changed ``dlnotes`` (an edit under ``mkdocs serve``) forgets the runs.
    """
    exec_cache = load_hook("exec_cache")
    python = exec_cache.markdown_exec_python
    calls = []

    def run(code, returncode=None, session=None, id=None, **extra):  # markdown-exec's shape
        calls.append(code)
        return f"run {len(calls)}"

    digest = ["before"]
    monkeypatch.setattr(python, "_run_python", run)
    monkeypatch.setattr(exec_cache, "package_digest", lambda: digest[0])
    monkeypatch.setattr(exec_cache, "PACKAGE", "_no_such_package")  # drop nothing real
    config = SimpleNamespace(mdx_configs={})
    english, chinese = "x = 1  # one\nprint(x)\n", "# 一\nx = 1\nprint(x)\n"
    exec_cache.on_config(config)  # the English build
    assert python._run_python(english) == "run 1"
    exec_cache.on_config(config)  # the Chinese build, from mkdocs-static-i18n's on_post_build
    assert python._run_python(chinese) == "run 1"
    digest[0] = "after"  # the package edited, then a rebuild
    exec_cache.on_config(config)
    assert python._run_python(chinese) == "run 2"
    assert calls == [english, chinese]


def test_build_shows_new_snippet_output_after_a_dlnotes_edit(tmp_path, project):
    env = project_env(tmp_path, project)
    first = build(project, env, tmp_path / "site")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "probe 0.500" in page_text(tmp_path / "site", "probe")
    assert any((tmp_path / "cache" / "exec").rglob("*.html")), "the exec cache was not used"
    assert notebook_text(tmp_path / "site", "foundations/topic") == "probe 0.500\n"
    assert any((tmp_path / "cache" / "notebooks").rglob("*.json")), "notebook cache not used"
    assert any((tmp_path / "cache" / "search").rglob("*.json")), "search cache not used"
    assert any((tmp_path / "cache" / "labs" / "html").rglob("*.json")), "lab render cache"
    for root in ("", "zh"):
        assert "probe 0.500" in search_text(tmp_path / "site", root)
    wheel = next((tmp_path / "site" / "downloads").glob("*.whl"))
    assert b"0.25 + 0.0" not in zipfile.ZipFile(wheel).read("dlnotes/activations.py")
    for rel in ("api", "zh/api"):
        assert "ArrayLike" in page_text(tmp_path / "site", rel), rel  # sigmoid(z: ArrayLike)

    # The API cache is read (api_cache.py), headings and cross-references included:
    # a mark put into each cached block shows on the next build, and the home
    # pages' link to the API still finds its anchor (a strict build fails otherwise).
    entries = list((tmp_path / "cache" / "api").rglob("*.json"))
    assert len(entries) == 2, entries  # one block per language
    for entry in entries:
        block = json.loads(entry.read_text("utf-8"))
        block["html"] += "<p>from the API cache</p>"
        entry.write_text(json.dumps(block), "utf-8")
    warm = build(project, env, tmp_path / "site")
    assert warm.returncode == 0, warm.stdout[-3000:] + warm.stderr[-3000:]
    for rel in ("api", "zh/api"):
        assert "from the API cache" in page_text(tmp_path / "site", rel), rel
    for rel in ("", "zh"):
        assert 'api/#dlnotes.activations.sigmoid"' in page_text(tmp_path / "site", rel), rel

    with (project / "dlnotes" / "activations.py").open("a", encoding="utf-8") as f:
        f.write(NEW_SIGMOID)
    second = build(project, env, tmp_path / "site")
    assert second.returncode == 0, second.stderr[-3000:]
    for rel in ("probe", "zh/probe"):
        html = page_text(tmp_path / "site", rel)
        assert "probe 0.250" in html, rel
        assert "probe 0.500" not in html, rel
    for rel in ("foundations/topic", "zh/foundations/topic"):
        assert notebook_text(tmp_path / "site", rel) == "probe 0.250\n", rel
    for root in ("", "zh"):
        assert "probe 0.250" in search_text(tmp_path / "site", root), root
        assert "probe 0.500" not in search_text(tmp_path / "site", root), root
    wheel = next((tmp_path / "site" / "downloads").glob("*.whl"))
    assert b"0.25 + 0.0" in zipfile.ZipFile(wheel).read("dlnotes/activations.py")
    for rel in ("api", "zh/api"):  # the new sigmoid(z), rendered anew
        html = page_text(tmp_path / "site", rel)
        assert "from the API cache" not in html, rel
        assert "ArrayLike" not in html, rel


FIGURE = """import matplotlib.pyplot as plt


def line():
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], {ys})
    return fig
"""


BROKEN = """

def broken():
    raise RuntimeError("the probe figure broke")
"""


def test_figures_follow_each_edit_and_a_failing_figure_fails_the_build(tmp_path, project):
    """Figures are drawn by worker processes (figures.py). An edit of a figure's code
    and its undoing both reach the site, with ``--dirty`` too (where MkDocs skips a
    file older than its copy in the site: the put-back figure's cached SVG is); a
    figure that raises fails the build with its error."""
    env = project_env(tmp_path, project)
    (project / "docs" / "_figures" / "_style.py").write_text("", "utf-8")
    module = project / "docs" / "_figures" / "probe_figure.py"
    site, svg = tmp_path / "site", tmp_path / "site" / "figures" / "probe_figure" / "line.svg"

    def draw(ys: str, *, dirty: bool) -> bytes:
        """Build; a ``--dirty`` build is not strict: MkDocs warns that it is dirty."""
        module.write_text(FIGURE.format(ys=ys), "utf-8")
        how = ["--dirty", "--no-strict"] if dirty else ["--strict"]
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", *how, "--site-dir", str(site)],
            cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        warnings = [line for line in done.stderr.splitlines()
                    if line.startswith(("WARNING", "ERROR")) and "'dirty' build" not in line]
        assert not warnings, done.stderr[-3000:]
        return svg.read_bytes()

    up = draw("[0, 1]", dirty=False)
    down = draw("[1, 0]", dirty=True)
    assert down != up
    assert draw("[0, 1]", dirty=True) == up

    module.write_text(FIGURE.format(ys="[0, 1]") + BROKEN, "utf-8")
    failed = build(project, env, site)
    assert failed.returncode != 0
    assert "the probe figure broke" in failed.stderr
    assert "probe_figure.py" in failed.stderr


def test_strict_build_fails_every_time_on_a_raising_snippet_malformed_tex_and_a_bad_docstring(
        tmp_path, project):
    env = project_env(tmp_path, project)
    raising = SNIPPET.replace("sigmoid(0.0)", "sigmoid(undefined_name)")
    for name in ("probe.md", "probe.zh.md"):
        page = project / "docs" / name
        page.write_text(page.read_text("utf-8") + "\n" + raising + "\nBad: $\\frac{1}{$\n", "utf-8")
    with (project / "dlnotes" / "activations.py").open("a", encoding="utf-8") as f:
        f.write(BAD_DOCSTRING)  # the API page shows it (api_cache.py)
    for attempt in range(2):  # the second build must not be rescued by a cache
        result = build(project, env, tmp_path / f"site-{attempt}")
        output = result.stdout + result.stderr
        assert result.returncode != 0, f"build {attempt + 1} passed"
        assert "NameError: name 'undefined_name' is not defined" in output  # a warning each
        assert "KaTeX" in output
        assert "\\frac{1}{" in output
        assert "no_such_parameter" in output, f"build {attempt + 1}: the docstring's warning"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, server: subprocess.Popen, timeout: float = 300) -> float:
    """Poll ``url`` until it shows ``text``; fail at once if the server has stopped."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if text in _fetch(url):
            return time.monotonic() - start
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve stopped (exit {server.returncode}) before {url} "
                        f"showed {text!r}")
        time.sleep(0.1)
    pytest.fail(f"{url} never showed {text!r} within {timeout:.0f} s")


def test_serve_dirty_shows_every_kind_of_edit(tmp_path, project):
    """``make serve`` (``mkdocs serve --dirty``): page, snippet, package and lab edits show."""
    env = project_env(tmp_path, project)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/dlnotes/"
    page, page_zh = project / "docs" / "probe.md", project / "docs" / "probe.zh.md"
    try:
        _wait_for(base + "probe/", "probe 0.500", server)
        _wait_for(base + "labs/tiny/", "lab says 42", server)

        time.sleep(1.1)  # a file's mtime must move past its output's (1 s on some filesystems)
        page.write_text(page.read_text("utf-8").replace("one snippet", "one edited snippet"))
        _wait_for(base + "probe/", "one edited snippet", server)

        page.write_text(page.read_text("utf-8").replace('f"probe ', 'f"probe, edited, '))
        _wait_for(base + "probe/", "probe, edited, 0.500", server)
        assert "probe 0.500" in _fetch(base + "zh/probe/"), "the untouched twin was lost"

        with (project / "dlnotes" / "activations.py").open("a", encoding="utf-8") as f:
            f.write(NEW_SIGMOID)
        _wait_for(base + "probe/", "probe, edited, 0.250", server)
        # a package edit rebuilds both languages
        _wait_for(base + "zh/probe/", "probe 0.250", server)

        lab = project / "docs" / "labs" / "tiny.py"
        lab.write_text(lab.read_text("utf-8").replace("6 * 7", "6 * 8"))
        _wait_for(base + "labs/tiny/", "lab says 48", server)
        assert "probe, edited, 0.250" in _fetch(base + "probe/")
        assert page_zh.read_text("utf-8") == PAGE_ZH
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    output = (tmp_path / "serve.log").read_text("utf-8")
    assert "WARNING" not in output, output[-3000:]
