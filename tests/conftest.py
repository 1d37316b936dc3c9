"""Fixtures shared by the site tests: the strict build, made once per session.

``built_site`` runs ``mkdocs build --strict`` into a temporary folder with the
project's caches (``.cache/``), as ``make build`` and ``make serve`` do: warm after
either, cold on a fresh clone (CI). ``second_build`` is an independent build
from empty caches in a temporary folder, started at the same time (the machine
has two cores). The reproducibility test compares the two byte for byte, so
every cached result must equal what a clean build makes (``test_caches.py``
checks that the caches follow every edit).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from chromium import CHROMIUM, LAUNCH_ARGS  # noqa: E402  (shared with tools/pdf.py)

MKDOCS = [sys.executable, "-m", "mkdocs"]


class _ConfigLoader(yaml.SafeLoader):
    """YAML's safe loader, plus MkDocs' ``!ENV [NAME, default]`` (read as its default)."""


_ConfigLoader.add_constructor(
    "!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def mkdocs_config(path: Path = ROOT / "mkdocs.yml") -> dict:
    """``mkdocs.yml`` as plain data, as a build without environment overrides sees it."""
    return yaml.load(path.read_text("utf-8"), Loader=_ConfigLoader)


def load_hook(name: str):
    """Import ``docs/_hooks/<name>.py`` by file path, as MkDocs does.

    Like MkDocs, the folder is on ``sys.path`` only while the hook's own code runs
    (so a hook can import a sibling, as ``page_notebooks`` imports ``exec_cache``):
    left there, its ``math.py`` would shadow the standard library's ``math``.
    """
    path = ROOT / "docs" / "_hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_dlnotes_hook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def build_env(cache: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        DLNOTES_FIGURE_CACHE=str(cache / "figures"),
        DLNOTES_LAB_CACHE=str(cache / "labs"),
        DLNOTES_NOTEBOOK_CACHE=str(cache / "notebooks"),
        DLNOTES_WHEEL_CACHE=str(cache / "wheel"),
        DLNOTES_SEARCH_CACHE=str(cache / "search"),
        DLNOTES_EXEC_CACHE=str(cache / "exec"),
        DLNOTES_MATH_CACHE=str(cache / "math"),
        DLNOTES_JINJA_CACHE=str(cache / "jinja"),
        DLNOTES_STYLE_CACHE=str(cache / "styles"),
        DLNOTES_API_CACHE=str(cache / "api"),
    )
    env.setdefault("PYTHONHASHSEED", "0")
    return env


class Build:
    """A ``mkdocs build --strict`` running in the background, its log in a file."""

    def __init__(self, out: Path, cache: Path, config: Path = ROOT / "mkdocs.yml",
                 env: dict[str, str] | None = None) -> None:
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.log = out.parent / f"{out.name}.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                [*MKDOCS, "build", "--strict", "--config-file", str(config),
                 "--site-dir", str(out)],
                cwd=ROOT,
                env={**build_env(cache), **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait(self) -> tuple[int, str]:
        code = self.proc.wait(timeout=2400)  # a cold build on a busy machine
        return code, self.log.read_text("utf-8", errors="replace")


def finish(build: Build, what: str) -> str:
    code, output = build.wait()
    if code != 0:
        pytest.fail(f"{what} failed (exit {code}):\n{output[-5000:]}")
    return output


BUILD_FIXTURES = {"built_site", "second_build", "_two_builds"}
_builds: list[Build] = []


PROJECT_CACHE = ROOT / ".cache"


def _start_builds() -> None:
    base = Path(tempfile.mkdtemp(prefix="dlnotes-builds-"))
    _builds.append(Build(base / "site-a", PROJECT_CACHE))
    _builds.append(Build(base / "site-b", base / "cache-b"))


def pytest_collection_modifyitems(session, config, items):
    """Start the two builds as soon as tests are collected, and run their tests last.

    The builds then run while the package and snippet tests do.
    """
    needs = [item for item in items if BUILD_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if not needs:
        return
    items[:] = [item for item in items if item not in needs] + needs
    _start_builds()


def pytest_sessionfinish(session, exitstatus):
    for build in _builds:
        if build.proc.poll() is None:
            build.proc.kill()
        shutil.rmtree(build.out.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def _two_builds():
    if not _builds:  # collected without build tests, then requested: start them now
        _start_builds()
    first, second = _builds
    finish(first, "mkdocs build --strict")
    finish(second, "second mkdocs build --strict")
    return first.out, second.out


@pytest.fixture(scope="session")
def built_site(_two_builds) -> Path:
    """The site built with ``mkdocs build --strict`` with the project's caches."""
    return _two_builds[0]


@pytest.fixture(scope="session")
def second_build(_two_builds) -> Path:
    """A clean build of the same sources from empty caches, made independently."""
    return _two_builds[1]


# make test-dist (tests/dist): one build shared by its modules.
@pytest.fixture(scope="session")
def work():
    """A scratch folder for the session: a site, two environments, PDFs (about 300 MB)."""
    path = Path(tempfile.mkdtemp(prefix="dlnotes-dist-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def dist_site(work) -> Path:
    """One strict build, with the project's caches (warm after ``make test`` or ``make build``)."""
    finish(Build(work / "site", PROJECT_CACHE), "mkdocs build --strict")
    return work / "site"


@pytest.fixture(scope="session")
def browser():
    """The session's Chromium (one per session: Playwright's sync API allows one per thread)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
            ".ci/run installs it before `make test`"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        yield chromium
        chromium.close()
