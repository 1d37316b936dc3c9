"""Fixtures shared by the site tests: the strict build, made once per session.

``built_site`` runs ``mkdocs build --strict`` from cold figure and lab caches into a
temporary folder. ``second_build`` is a second, independent clean build, started
at the same time (the machine has two cores) and used by the reproducibility test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_env(cache: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        DLNOTES_FIGURE_CACHE=str(cache / "figures"),
        DLNOTES_LAB_CACHE=str(cache / "labs"),
    )
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def start_build(out: Path, cache: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.Popen:
    return subprocess.Popen(
        [*MKDOCS, "build", "--strict", "--config-file", str(config), "--site-dir", str(out)],
        cwd=ROOT,
        env=build_env(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(proc: subprocess.Popen, what: str) -> str:
    output, _ = proc.communicate(timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"{what} failed (exit {proc.returncode}):\n{output[-5000:]}")
    return output


@pytest.fixture(scope="session")
def _two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("builds")
    first = start_build(base / "site-a", base / "cache-a")
    second = start_build(base / "site-b", base / "cache-b")
    finish(first, "mkdocs build --strict")
    finish(second, "second mkdocs build --strict")
    return base / "site-a", base / "site-b"


@pytest.fixture(scope="session")
def built_site(_two_builds) -> Path:
    """The site built with ``mkdocs build --strict`` from a cold figure cache."""
    return _two_builds[0]


@pytest.fixture(scope="session")
def second_build(_two_builds) -> Path:
    """A second clean build of the same sources, made independently."""
    return _two_builds[1]
