"""Measure the project against its performance budgets; write BENCHMARKS.md.

Run by ``make bench`` (not collected by pytest). Measures, in this order:

1. cold build: ``mkdocs build --strict`` into an empty folder with empty
   figure and lab caches;
2. rebuild after an edit: the same command again (caches warm) after a line
   is appended to ``docs/foundations/activations.md``;
3. ``mkdocs serve`` live reload: the time from saving an edit of that page
   until the server returns the new page;
4. the training step of the package against its matrix products;
5. page weight of every built page (rule in ``page_weight``);
6. Lighthouse (mobile preset) on five pages of that site, served gzipped;
7. ``make test``: ``ruff check .`` and ``pytest -q -p no:randomly``.

Steps 1-3 and 6 run in a temporary copy of the project, so the edits never touch the
working tree (other people may be editing the very page); step 6 runs in the
project itself. Each number is compared with its budget; a miss says by how
much. Timings depend on the machine's load: the report records it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from serving import SiteHandler, serve

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "BENCHMARKS.md"
EDITED_PAGE = Path("docs/foundations/activations.md")
KB = 1000

# Everything the project copy leaves out: tool state, outputs, caches.
COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "site",
    ".cache",
    "test-results",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "__pycache__",
    "*.egg-info",
    "BENCHMARKS.md",
)


@dataclass
class Result:
    name: str
    value: float | None  # None: not measured
    unit: str  # "s", "KB" or "" (a ratio)
    budget: float
    detail: str = ""
    at_least: bool = False  # the budget is a floor (a score), not a ceiling

    def shown(self, x: float) -> str:
        if self.unit == "KB":
            return f"{x / KB:.2f} MB" if x >= KB else f"{x:.0f} KB"
        if self.unit == "s":
            return f"{x:.1f} s"
        if self.unit == "score":
            return f"{x:.0f}"
        return f"{x:.2f}"

    @property
    def bound(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.shown(self.budget)}"

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "not measured"
        if self.at_least:
            if self.value >= self.budget:
                return "pass"
            return f"MISS by {self.shown(self.budget - self.value)}"
        if self.value <= self.budget:
            return "pass"
        excess = self.value - self.budget
        return f"MISS by {self.shown(excess)} (+{excess / self.budget:.0%})"


# --------------------------------------------------------------------------- builds


def build_env(tmp: Path) -> dict[str, str]:
    return dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"),
        DLNOTES_FIGURE_CACHE=str(tmp / "cache" / "figures"),
        DLNOTES_LAB_CACHE=str(tmp / "cache" / "labs"),
        DLNOTES_EXEC_CACHE=str(tmp / "cache" / "exec"),
    )


def copy_project(tmp: Path) -> Path:
    project = tmp / "project"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE, symlinks=True)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def timed_build(project: Path, site: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: mkdocs build --strict failed:\n{(proc.stdout + proc.stderr)[-4000:]}")
    return elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(condition, timeout: float, what: str, poll: float = 0.05):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(poll)
    raise TimeoutError(f"{what} after {timeout:.0f} s")


SNIPPET_OPENING = '```python exec="on" source="above" result="text"\n'


def _edit_prose(text: str, n: int) -> tuple[str, str]:
    marker = f"bench-prose-marker-{n}"
    return text + f"\n{marker}\n", marker


def _edit_snippet(text: str, n: int) -> tuple[str, str]:
    """Add a line to the page's first executed snippet; its output shows ``bench-snippet-<7n>``."""
    start = text.index(SNIPPET_OPENING) + len(SNIPPET_OPENING)
    end = text.index("\n```", start)
    line = f'\nprint("bench-snippet-" + str({n} * 7))'
    return text[:end] + line + text[end:], f"bench-snippet-{n * 7}"


def serve_reloads(project: Path, env: dict[str, str], page_url: str,
                  tries: int = 3) -> dict[str, list[float]]:
    """Seconds from saving an edit until ``make serve`` (``mkdocs serve --dirty``) shows it.

    Two kinds of edit of one page, ``tries`` of each: a line of prose, and a line
    added to an executed snippet (the new output must appear under it).
    """
    port = free_port()
    base = urlsplit(site_url(project)).path
    url = f"http://127.0.0.1:{port}{base}{page_url}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload",
         "--dirty"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the KaTeX and Jupyter children too
    )
    times: dict[str, list[float]] = {"prose": [], "snippet": []}
    try:
        wait_for(lambda: fetch(url), 600, "mkdocs serve did not serve the page")
        page = project / EDITED_PAGE
        n = 0
        for _ in range(tries):
            for kind, edit in (("prose", _edit_prose), ("snippet", _edit_snippet)):
                n += 1
                time.sleep(1.1)  # let the saved file's mtime pass the page's output
                text, marker = edit(page.read_text("utf-8"), n)
                start = time.perf_counter()
                page.write_text(text, "utf-8")
                wait_for(lambda m=marker: m in (fetch(url) or ""), 120, "the edit never showed up")
                times[kind].append(time.perf_counter() - start)
        return times
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def site_url(project: Path) -> str:
    return re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text("utf-8"), re.M)[1]


# --------------------------------------------------------------------------- page weight


class _Refs(HTMLParser):
    """What a page makes the browser fetch as it loads, from its HTML."""

    FETCHED_LINKS: ClassVar[set[str]] = {
        "stylesheet",
        "icon",
        "preload",
        "modulepreload",
        "manifest",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.config = ""
        self._in_config = False
        self.classes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.classes.update((a.get("class") or "").split())
        if tag == "link" and self.FETCHED_LINKS & set((a.get("rel") or "").split()):
            self.refs.append(a.get("href") or "")
        elif tag in ("script", "img", "iframe", "embed", "source", "audio", "video") and a.get(
            "src"
        ):
            self.refs.append(a["src"])
        elif tag == "video" and a.get("poster"):
            self.refs.append(a["poster"])
        if tag == "script" and a.get("id") == "__config":
            self._in_config = True

    def handle_endtag(self, tag):
        self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config += data


CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")
FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
CSS_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
FAMILY = re.compile(r"font-family:\s*([^;,}]+)")


def font_faces(css: str, css_url: str) -> dict[tuple[str, str, str], str]:
    """(family, weight, style) -> URL of the first source of each @font-face (the woff2)."""
    faces = {}
    for body in FONT_FACE.findall(css):
        family = FAMILY.search(body)
        urls = CSS_URL.findall(body)
        if not family or not urls:
            continue
        weight = re.search(r"font-weight:\s*(\w+)", body)
        style = re.search(r"font-style:\s*(\w+)", body)
        key = (
            family[1].strip("'\" "),
            _weight(weight[1] if weight else "normal"),
            style[1] if style else "normal",
        )
        faces[key] = urljoin(css_url, urls[0][1])
    return faces


def _weight(w: str) -> str:
    return {"normal": "400", "bold": "700"}.get(w, w)


def fonts_used(css: str, classes: set[str]) -> set[tuple[str, str, str]]:
    """The (family, weight, style) that the rules of ``css`` give the page's classes.

    A rule counts when every class in one of its selectors occurs in the page
    (anywhere: a slight over-count for compound selectors).
    """
    used = set()
    for selectors, body in CSS_RULE.findall(FONT_FACE.sub("", css)):
        family = FAMILY.search(body)
        shorthand = re.search(r"font:\s*([^;}]+)", body)
        if not family and shorthand:
            family = re.search(r"(KaTeX_\w+|[A-Za-z][\w-]*)\s*(?:,|$)", shorthand[1])
        if not family:
            continue
        for selector in selectors.split(","):
            needed = set(re.findall(r"\.([\w-]+)", selector))
            if needed and needed <= classes:
                weight = re.search(r"font-weight:\s*(\w+)", body)
                style = re.search(r"font-style:\s*(\w+)", body)
                used.add(
                    (
                        family[1].strip("'\" "),
                        _weight(weight[1] if weight else "400"),
                        style[1] if style else "normal",
                    )
                )
                break
    return used


def page_weight(site: Path, base_url: str) -> tuple[dict[str, tuple[int, int]], str]:
    """(bytes, gzipped bytes) of every built page with what it loads; and the rule."""
    rule = (
        "A page weighs its HTML plus every file it makes the browser fetch: stylesheets, "
        "scripts, icon and images it references (data: URIs are inside the HTML), "
        "Material's search worker, and, for each stylesheet, the fonts its rules "
        "give to classes that occur in the page (the first source of each "
        "@font-face, i.e. KaTeX's woff2 for the math the page shows) and its other "
        "url() images. The search index (search/search_index.json) and the lunr "
        "language scripts the worker loads with it are fetched only when the reader "
        "searches (assets/search_on_demand.js), so they are left out. "
        "Budgets apply to the bytes a reader downloads: each text file gzipped as GitHub "
        "Pages sends it (Lighthouse's total byte weight and the HTTP Archive's page weight "
        "count transfer bytes too); sizes on disk, uncompressed, in parentheses. "
        "Uncompressed, Material's own stylesheets, script and search worker come to "
        "about 300 KB before a page adds anything, so that is not what the budget "
        "is about. 1 KB = 1000 bytes."
    )
    weights = {}
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if html.name == "404.html":
            continue
        page_url = base_url + rel.removesuffix("index.html")
        parser = _Refs()
        parser.feed(html.read_text("utf-8"))
        files: set[Path] = set()
        for ref in parser.refs:
            path = local_file(site, base_url, urljoin(page_url, ref))
            if path is not None:
                files.add(path)
        if parser.config:  # Material's search worker, relative to the page
            worker = json.loads(parser.config).get("search")
            if worker:
                files.add(local_file(site, base_url, urljoin(page_url, worker)))
        for css in [f for f in list(files) if f and f.suffix == ".css"]:
            text = css.read_text("utf-8")
            css_url = base_url + css.relative_to(site).as_posix()
            faces = font_faces(text, css_url)
            for key in fonts_used(text, parser.classes):
                if key in faces:
                    files.add(local_file(site, base_url, faces[key]))
            for _, ref in CSS_URL.findall(FONT_FACE.sub("", text)):
                if ref and not ref.startswith("data:"):
                    files.add(local_file(site, base_url, urljoin(css_url, ref)))
        files.discard(None)
        files = {f for f in files if f.is_file()} | {html}
        weights["/" + rel.removesuffix("index.html")] = (
            sum(f.stat().st_size for f in files),
            sum(gzipped_size(f) for f in files),
        )
    return weights, rule


@functools.cache
def gzipped_size(path: Path) -> int:
    """What the file weighs on the wire from a server that gzips (GitHub Pages does)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def local_file(site: Path, base_url: str, url: str) -> Path | None:
    if not url.startswith(base_url):
        return None
    rel = urlsplit(url).path[len(urlsplit(base_url).path) :]
    path = site / rel
    return path / "index.html" if rel.endswith("/") or rel == "" else path


# --------------------------------------------------------------------------- lighthouse

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
# The pages issue 10 names: the home page, the page with the widest formulas, a
# Chinese page, a lab and an API page.
LIGHTHOUSE_PAGES = [
    "",
    "foundations/activations/",
    "zh/training/optimizers/",
    "labs/planar/",
    "reference/layers/",
]
SCORES = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
    "dom-size": "DOM",
}
GZIPPED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".ipynb"}


class _GzipHandler(SiteHandler):
    """The site at its ``site_url`` path, text files gzipped as GitHub Pages sends them."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in GZIPPED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


# Runs per page: one Lighthouse run on this 2-core machine moves by 10-20 points
# (the same page scored 47 and 87 within minutes); Lighthouse's documentation
# advises the median of several runs.
LIGHTHOUSE_RUNS = 3


def _lighthouse_run(url: str) -> dict:
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json",
         "--output-path=stdout", "--only-categories=" + ",".join(SCORES),
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        capture_output=True, text=True,
        env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"bench: lighthouse failed on {url}:\n{proc.stderr[-3000:]}")
    audits = report["audits"]
    return {
        "scores": {
            name: None if cat["score"] is None else round(cat["score"] * 100)
            for name, cat in report["categories"].items()
        },
        # Metrics Lighthouse could not measure say why (its trace-based
        # audits fail on some Chromium versions); they are shown as such.
        "metrics": {
            short: audits[key].get("displayValue")
            or "n/a: " + audits[key].get("errorMessage", "not reported")[:60]
            for key, short in METRICS.items()
        },
        "load": os.getloadavg()[0],
    }


def lighthouse(site: Path) -> dict[str, dict]:
    """Lighthouse's mobile preset on each of LIGHTHOUSE_PAGES: the median run of several.

    The run with the median performance score stands for the page (its other
    scores and metrics come with it); every run's performance score is kept.
    """
    if not LIGHTHOUSE.is_file():
        sys.exit(f"bench: {LIGHTHOUSE.relative_to(ROOT)} is missing (make bench installs it)")
    found = {}
    with serve(site, _GzipHandler) as origin:
        for rel in LIGHTHOUSE_PAGES:
            runs = [_lighthouse_run(origin + rel) for _ in range(LIGHTHOUSE_RUNS)]
            runs.sort(key=lambda run: run["scores"]["performance"] or 0)
            found["/" + rel] = {**runs[len(runs) // 2],
                                "runs": [run["scores"]["performance"] for run in runs]}
    return found


# --------------------------------------------------------------------------- training step


def _median_times(fns, repeats: int) -> list[float]:
    """Median time of each function, the functions run in turn within each round.

    Interleaved, every function sees the same load: timed one after the other, a
    busy moment during one of them moved the step ratio by 0.05 on this machine.
    """
    for _ in range(20):
        for fn in fns:
            fn()
    times = [[] for _ in fns]
    for _ in range(repeats):
        for fn, fn_times in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            fn_times.append(time.perf_counter() - start)
    return [statistics.median(fn_times) for fn_times in times]


def step_ratio(repeats: int = 300) -> tuple[float | None, str]:
    """Median time of a full training step over that of the matrix products it needs.

    The first layer is built with ``input_grad=False`` (its input is the data),
    so the step needs five products: two forward, dW2, dA1 and dW1.
    """
    try:
        import numpy as np

        from dlnotes.layers import Dense, ReLU, Sequential
        from dlnotes.losses import softmax_cross_entropy, softmax_cross_entropy_grad
        from dlnotes.optimizers import SGD
    except ImportError as err:
        return None, f"not measured: {err}"

    rng = np.random.default_rng(0)
    m, n_in, n_hidden, n_out = 128, 784, 256, 10
    X = rng.standard_normal((n_in, m))
    labels = rng.integers(0, n_out, m)
    Y = np.eye(n_out)[:, labels]
    model = Sequential([Dense(n_in, n_hidden, rng=rng, input_grad=False), ReLU(),
                        Dense(n_hidden, n_out, rng=rng)])
    optimizer = SGD(lr=0.01)

    def step():
        Z = model.forward(X, training=True)
        softmax_cross_entropy(Z, Y)
        model.backward(softmax_cross_entropy_grad(Z, Y))
        optimizer.step(model.params, model.grads)

    W1, W2 = model.layers[0].params["W"], model.layers[2].params["W"]
    A1 = rng.standard_normal((n_hidden, m))
    dZ2, dZ1 = rng.standard_normal((n_out, m)), rng.standard_normal((n_hidden, m))

    def matmuls():
        W1 @ X  # forward, layer 1
        W2 @ A1  # forward, layer 2
        dZ2 @ A1.T  # dW2
        W2.T @ dZ2  # dA1
        dZ1 @ X.T  # dW1 (no dX = W1.T @ dZ1: the data needs no gradient)

    t_step, t_mm = _median_times([step, matmuls], repeats)
    detail = (
        f"784-256-10 MLP (Dense without input gradient, ReLU, Dense), batch 128 as columns, "
        f"{X.dtype}, one BLAS thread; medians of {repeats} interleaved runs: "
        f"step {t_step * 1e3:.2f} ms "
        f"(forward, softmax cross-entropy and its gradient, backward, SGD update), the 5 matrix "
        f"products it needs {t_mm * 1e3:.2f} ms"
    )
    torch_ms = _torch_step_ms(X, labels, W1, W2, repeats)
    if torch_ms is not None:
        ratio = t_step * 1e3 / torch_ms
        detail += f"; PyTorch, same float64 step: {torch_ms:.2f} ms (dlnotes / PyTorch {ratio:.2f})"
    else:
        detail += "; PyTorch not installed (it is never a dependency): no comparison"
    return t_step / t_mm, detail


def _torch_step_ms(X, labels, W1, W2, repeats: int) -> float | None:
    """The same step in PyTorch (float64, one thread), if PyTorch happens to be installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    x = torch.from_numpy(X.T.copy())  # PyTorch keeps samples as rows
    y = torch.from_numpy(labels)
    lin1 = torch.nn.Linear(*W1.shape[::-1], dtype=torch.float64)
    lin2 = torch.nn.Linear(*W2.shape[::-1], dtype=torch.float64)
    model = torch.nn.Sequential(lin1, torch.nn.ReLU(), lin2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    return _median_times([step], repeats)[0] * 1e3


# --------------------------------------------------------------------------- make test


def make_test() -> tuple[float, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    start = time.perf_counter()
    lint = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "ruff"), "check", "."],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    lines = tests.stdout.strip().splitlines() or ["(no output)"]
    failed = [line.split(" - ")[0] for line in lines if line.startswith(("FAILED ", "ERROR "))]
    detail = f"ruff: {'ok' if lint.returncode == 0 else 'FAILED'}; pytest: {lines[-1].strip('= ')}"
    if failed:
        detail += " (" + "; ".join(failed) + ")"
    return elapsed, detail


# --------------------------------------------------------------------------- report


def machine() -> str:
    cpu = ""
    try:
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())[1]
    except (OSError, TypeError):
        cpu = platform.processor()
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    import numpy as np

    return (
        f"{nproc} CPUs ({cpu.strip()}), Python {platform.python_version()}, "
        f"NumPy {np.__version__}, {platform.system()} {platform.release()}; "
        f"load average {load:.1f} when the run started"
    )


def write_report(results: list[Result], notes: list[str], started: dt.datetime, where: str):
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`tests/bench.py`); do not edit by hand, run it again.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {where}",
        "",
        "| Measure | Value | Budget | Result |",
        "|---|---:|---:|---|",
    ]
    for r in results:
        value = "—" if r.value is None else r.shown(r.value)
        lines.append(f"| {r.name} | {value} | {r.bound} | {r.verdict} |")
    lines += ["", "## Details", ""]
    lines += [f"- **{r.name}**: {r.detail}" for r in results if r.detail]
    lines += ["", *notes]
    REPORT.write_text("\n".join(lines).rstrip() + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-make-test",
        action="store_true",
        help="do not time the test suite (the slowest measure)",
    )
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    where = machine()
    print(f"bench: {where}", flush=True)
    results: list[Result] = []
    notes: list[str] = []

    def record(result: Result) -> None:
        results.append(result)
        value = "—" if result.value is None else result.shown(result.value)
        print(f"  {result.name}: {value}  [{result.verdict}]", flush=True)

    with tempfile.TemporaryDirectory(prefix="dlnotes-bench-") as tmp_name:
        tmp = Path(tmp_name)
        project = copy_project(tmp)
        env = build_env(tmp)
        site = tmp / "site"
        print("bench: cold build ...", flush=True)
        cold = timed_build(project, site, env)
        record(
            Result(
                "Cold build (`mkdocs build --strict`, empty caches)",
                cold,
                "s",
                20,
                "empty site folder, figure, lab and snippet caches",
            )
        )

        page = project / EDITED_PAGE
        print("bench: warm builds after an edit ...", flush=True)
        warm = []
        for n in range(3):
            page.write_text(page.read_text("utf-8") + f"\nLine {n} added by the benchmark.\n",
                            "utf-8")
            warm.append(timed_build(project, site, env))
        record(
            Result(
                "Warm build after editing one page (`mkdocs build --strict`, median of 3)",
                statistics.median(warm),
                "s",
                8,
                f"a line appended to {EDITED_PAGE} before each build, caches warm, full build "
                f"of both languages; builds: {', '.join(f'{t:.1f} s' for t in warm)}",
            )
        )

        print("bench: make serve live reload ...", flush=True)
        try:
            reloads = serve_reloads(project, env, "foundations/activations/")
        except TimeoutError as err:
            reloads = None
            notes.append(f"Live reload not measured: {err}")
        for kind, what in (("prose", "a line of prose"),
                           ("snippet", "a line added to an executed snippet (new output shown)")):
            times = reloads[kind] if reloads else []
            record(
                Result(
                    f"Live reload, {kind} edit (`make serve`, median of {len(times) or 3})",
                    statistics.median(times) if times else None,
                    "s",
                    5,
                    f"{what} of {EDITED_PAGE}, from saving until `mkdocs serve --dirty` returns "
                    f"the new page (polled every 50 ms); tries: "
                    + (", ".join(f"{t:.2f} s" for t in times) or "none")
                    + f"; load average {os.getloadavg()[0]:.1f} just after",
                )
            )

        print("bench: training step ...", flush=True)
        ratio, detail = step_ratio()
        record(Result("Training step / the matrix products it needs", ratio, "", 1.2, detail))

        weights, rule = page_weight(site, site_url(project))
        median = statistics.median(w for w, _ in weights.values()) / KB
        median_gz = statistics.median(g for _, g in weights.values()) / KB
        name, (largest, largest_gz) = max(weights.items(), key=lambda kv: kv[1][1])
        record(
            Result(
                f"Page weight downloaded, median of {len(weights)} pages",
                median_gz,
                "KB",
                300,
                f"{median_gz:.0f} KB gzipped ({median:.0f} KB uncompressed); see the rule below",
            )
        )
        heaviest = ", ".join(
            f"`{p}` {g / KB:.0f} KB ({w / KB:.0f} KB)"
            for p, (w, g) in sorted(weights.items(), key=lambda kv: -kv[1][1])[:5]
        )
        record(
            Result(
                f"Page weight downloaded, largest (`{name}`)",
                largest_gz / KB,
                "KB",
                1500,
                f"{largest_gz / KB:.0f} KB gzipped ({largest / KB:.0f} KB uncompressed); "
                f"heaviest: {heaviest}",
            )
        )
        notes.append(f"Page weight rule: {rule}")

        print("bench: lighthouse ...", flush=True)
        pages = lighthouse(site)
        for rel, seen in pages.items():
            others = ", ".join(f"{k} {v}" for k, v in seen["scores"].items() if k != "performance")
            metrics = ", ".join(f"{k} {v}" for k, v in seen["metrics"].items())
            record(
                Result(
                    f"Lighthouse performance, mobile, `{rel}` (median of {len(seen['runs'])})",
                    seen["scores"]["performance"],
                    "score",
                    SCORES["performance"],
                    f"runs {', '.join(map(str, seen['runs']))}; median run: {others}; {metrics}; "
                    f"load average {seen['load']:.1f} just after",
                    at_least=True,
                )
            )
        for category in ("accessibility", "best-practices", "seo"):
            worst = min(seen["scores"][category] for seen in pages.values())
            record(
                Result(
                    f"Lighthouse {category}, mobile, lowest of {len(pages)} pages",
                    worst,
                    "score",
                    SCORES[category],
                    ", ".join(f"`{rel}` {seen['scores'][category]}" for rel, seen in pages.items()),
                    at_least=True,
                )
            )
        notes.append(
            "Lighthouse: npm lighthouse 12.2.3 (tools/lighthouse), Debian's Chromium, "
            "mobile preset (simulated slow 4G, 4× CPU slowdown), "
            f"{LIGHTHOUSE_RUNS} runs per page, the median run shown: single runs move by "
            "10-20 points on this 2-core machine."
        )

    if args.skip_make_test:
        record(Result("`make test` (ruff + pytest)", None, "s", 90, "skipped (--skip-make-test)"))
    else:
        print("bench: make test ...", flush=True)
        elapsed, detail = make_test()
        record(
            Result(
                "`make test` (ruff + pytest)",
                elapsed,
                "s",
                90,
                "`ruff check .` then `pytest -q -p no:randomly`, nothing excluded; " + detail,
            )
        )

    write_report(results, notes, started, where)
    print(f"bench: wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
