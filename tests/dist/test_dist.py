"""``make test-dist``: what a reader takes away from the site works outside this project.

A new virtual environment (not ``.venv``) installs ``dlnotes`` from the built
site over HTTP and runs a page's snippets with it; every page notebook runs top
to bottom in a fresh kernel of another new environment, its first cell
installing the package from the site, and must print what the notebook stores.
pip fetches the dependencies (NumPy; ipykernel and nbclient for the kernel)
from the package index, as it would for a reader. Not part of ``make test``:
these take minutes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from serving import SITE_URL, serve
from test_takeaway import TOPICS, WHEEL_URL, notebook, page_dir, python_fences, visible_text

from conftest import ROOT, Build, finish

RUNNER = Path(__file__).with_name("run_notebooks.py")


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          check=False, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{done.stdout}\n{done.stderr}"
    return done


def new_venv(path: Path, *packages: str) -> Path:
    """A new virtual environment at ``path`` with ``packages`` installed; its Python."""
    run([sys.executable, "-m", "venv", path])
    python = path / "bin" / "python"
    if packages:
        run([python, "-m", "pip", "install", "--quiet", *packages])
    return python


@pytest.fixture(scope="session")
def local_wheel_url(dist_site):
    """The wheel's address on a local server of the built site (``WHEEL_URL``, served here)."""
    with serve(dist_site) as url:
        yield WHEEL_URL.replace(SITE_URL, url)


def test_wheel_installs_from_the_site_and_runs_a_page_snippet(work, dist_site, local_wheel_url):
    python = new_venv(work / "reader", local_wheel_url)
    where = run([python, "-c", "import dlnotes; print(dlnotes.__file__)"], cwd=work)
    assert where.stdout.startswith(str(work / "reader")), where.stdout
    md = ROOT / "docs" / "foundations" / "activations.md"
    page = visible_text((page_dir(dist_site, md, "en") / "index.html").read_text("utf-8"))
    snippets = python_fences(md)
    assert len(snippets) > 5
    for code in snippets:
        printed = run([python, "-c", code], cwd=work).stdout
        assert printed.strip(), code[:80]
        assert printed.strip() in page, f"not what the page shows:\n{printed[:300]}"


@pytest.fixture(scope="session")
def executed(work, dist_site, local_wheel_url) -> Path:
    """Every page notebook, run in a fresh kernel of a new environment without dlnotes."""
    python = new_venv(work / "kernel", "ipykernel", "nbclient")
    missing = subprocess.run([python, "-c", "import dlnotes"], cwd=work, capture_output=True)
    assert missing.returncode != 0, "the kernel's environment must not have dlnotes yet"
    todo = work / "notebooks"
    for md, lang in TOPICS:
        nb = notebook(dist_site, md, lang)
        first = nb["cells"][0]
        assert WHEEL_URL in first["source"]
        first["source"] = first["source"].replace(WHEEL_URL, local_wheel_url)
        dest = todo / lang / f"{md.parent.name}-{md.name}.ipynb"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(nb), "utf-8")
    run([python, RUNNER, todo], cwd=work, timeout=3600)
    return todo


def streams(cell: dict) -> list[tuple[str, str]]:
    """A code cell's outputs as (kind, text), consecutive pieces of a stream joined."""
    out: list[tuple[str, str]] = []
    for o in cell["outputs"]:
        kind = o["name"] if o["output_type"] == "stream" else o["output_type"]
        text = o.get("text", json.dumps(o.get("data", {}), sort_keys=True))
        text = "".join(text) if isinstance(text, list) else text  # nbformat splits lines
        if out and out[-1][0] == kind and o["output_type"] == "stream":
            out[-1] = (kind, out[-1][1] + text)
        else:
            out.append((kind, text))
    return out


@pytest.mark.parametrize(("md", "lang"), TOPICS, ids=lambda v: getattr(v, "name", v))
def test_page_notebook_runs_in_a_fresh_kernel_and_prints_what_it_stores(
        executed, dist_site, md, lang):
    stored = notebook(dist_site, md, lang)["cells"]
    ran = json.loads((executed / lang / f"{md.parent.name}-{md.name}.ipynb.out")
                     .read_text("utf-8"))["cells"]
    assert len(ran) == len(stored)
    assert all(c["execution_count"] for c in ran if c["cell_type"] == "code"), "not all cells ran"
    for have, want in zip(ran[1:], stored[1:], strict=True):
        if want["cell_type"] == "code":
            assert streams(have) == streams(want), want["source"][:120]
