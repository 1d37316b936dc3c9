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
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_config

SNIPPET = '''```python exec="on" source="above" result="text"
from dlnotes.activations import sigmoid

print(f"probe {float(sigmoid(0.0)):.3f}")
```
'''
PAGE = "# Probe { #probe }\n\nA page with one snippet.\n\n" + SNIPPET
PAGE_ZH = "# 探针 { #probe }\n\n只有一段代码的页面。\n\n" + SNIPPET
LAB = "# %% [markdown]\n# # Tiny lab\n\n# %%\nprint('lab says {}'.format(6 * 7))\n"
# Appended to dlnotes/activations.py: a later definition wins.
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
    for name, text in {"index.md": "# Home { #home }\n\n[Probe](probe.md)\n",
                       "index.zh.md": "# 首页 { #home }\n\n[探针](probe.md)\n",
                       "probe.md": PAGE, "probe.zh.md": PAGE_ZH,
                       "foundations/topic.md": PAGE, "foundations/topic.zh.md": PAGE_ZH,
                       "labs/tiny.py": LAB, "labs/tiny.zh.py": LAB}.items():
        (docs / name).write_text(text, "utf-8")
    config = mkdocs_config()
    config["nav"] = ["index.md", "probe.md", "foundations/topic.md", "labs/tiny.py"]
    config["plugins"] = [p for p in config["plugins"]
                         if not (isinstance(p, dict) and "mkdocstrings" in p)]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return project


def project_env(tmp: Path, project: Path) -> dict[str, str]:
    return dict(
        os.environ,
        PYTHONPATH=str(project),  # the copy's dlnotes, not the installed one
        NO_MKDOCS_2_WARNING="1",
        PYTHONHASHSEED="0",
        DLNOTES_FIGURE_CACHE=str(tmp / "cache" / "figures"),
        DLNOTES_LAB_CACHE=str(tmp / "cache" / "labs"),
        DLNOTES_EXEC_CACHE=str(tmp / "cache" / "exec"),
        DLNOTES_NOTEBOOK_CACHE=str(tmp / "cache" / "notebooks"),
        DLNOTES_WHEEL_CACHE=str(tmp / "cache" / "wheel"),
        DLNOTES_SEARCH_CACHE=str(tmp / "cache" / "search"),
    )


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


def test_strict_build_fails_every_time_on_a_raising_snippet_and_malformed_tex(tmp_path, project):
    env = project_env(tmp_path, project)
    raising = SNIPPET.replace("sigmoid(0.0)", "sigmoid(undefined_name)")
    for name in ("probe.md", "probe.zh.md"):
        page = project / "docs" / name
        page.write_text(page.read_text("utf-8") + "\n" + raising + "\nBad: $\\frac{1}{$\n", "utf-8")
    for attempt in range(2):  # the second build must not be rescued by a cache
        result = build(project, env, tmp_path / f"site-{attempt}")
        output = result.stdout + result.stderr
        assert result.returncode != 0, f"build {attempt + 1} passed"
        assert "NameError: name 'undefined_name' is not defined" in output  # a warning each
        assert "KaTeX" in output
        assert "\\frac{1}{" in output


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


def _wait_for(url: str, text: str, timeout: float = 300) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if text in _fetch(url):
            return time.monotonic() - start
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
        _wait_for(base + "probe/", "probe 0.500")
        _wait_for(base + "labs/tiny/", "lab says 42")

        time.sleep(1.1)  # a file's mtime must move past its output's (1 s on some filesystems)
        page.write_text(page.read_text("utf-8").replace("one snippet", "one edited snippet"))
        _wait_for(base + "probe/", "one edited snippet")

        page.write_text(page.read_text("utf-8").replace('f"probe ', 'f"probe, edited, '))
        _wait_for(base + "probe/", "probe, edited, 0.500")
        assert "probe 0.500" in _fetch(base + "zh/probe/"), "the untouched twin was lost"

        with (project / "dlnotes" / "activations.py").open("a", encoding="utf-8") as f:
            f.write(NEW_SIGMOID)
        _wait_for(base + "probe/", "probe, edited, 0.250")
        _wait_for(base + "zh/probe/", "probe 0.250")  # a package edit rebuilds both languages

        lab = project / "docs" / "labs" / "tiny.py"
        lab.write_text(lab.read_text("utf-8").replace("6 * 7", "6 * 8"))
        _wait_for(base + "labs/tiny/", "lab says 48")
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
