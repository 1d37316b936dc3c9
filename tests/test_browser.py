"""The built site in a real browser: Debian's Chromium driven by Playwright.

A tour loads every built page of both languages once from a local HTTP server
and checks it for console errors, failed requests, requests to other hosts,
images that did not load, raw TeX and accessibility faults (axe-core, from
``node_modules``, in the light and the dark scheme). Of each pair of twins, one page (English
and Chinese in turn) is loaded directly and the other by clicking its
language menu, whose link back must point at the first. Then: the language
menu after an instant navigation, clicked like a user (both ways), the search
in both languages, and a screenshot of each home page for review
(``test-results/screenshots/``).

The server serves the site under the path of ``site_url`` (``/dlnotes/``), as
GitHub Pages does, so root-relative links resolve as they do when published.
One kind of file is adapted to the test origin: ``sitemap.xml`` (the site's, and
its copy at the Chinese root, where Chinese pages look for it) lists absolute URLs
built from ``site_url``, and Material's instant navigation only takes over
clicks on links it finds there (it keeps the sitemap's port, so a site built
for https://dlnotes.github.io never matches http://127.0.0.1:PORT). Serving
the sitemap with ``site_url`` replaced by the test origin makes the local
site behave as it does once published; without it every click would be a full
page load and the instant-navigation test would prove nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from serving import serve

from conftest import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-results" / "screenshots"
LANGS = ("en", "zh")
# How long to wait for something the page should do (a navigation, the search
# results). Generous on purpose: on a busy machine the search worker alone can
# take many seconds to build its index. A wait is not a speed budget (make bench).
WAIT_MS = 120_000

# (language of the page searched from, query, page that must be among the results).
# Extend when pages are added; a query whose page is not written yet is skipped.
SEARCHES = [
    ("en", "backpropagation", "training/backprop/"),
    ("zh", "反向传播", "zh/training/backprop/"),
    ("en", "activation", "foundations/activations/"),
    ("zh", "激活函数", "zh/foundations/activations/"),
    ("zh", "学习率", "zh/training/hyperparameters/"),
    ("zh", "梯度消失", "zh/training/initialization/"),
    ("en", "learning rate", "training/hyperparameters/"),
]

# axe-core, pinned in package.json and injected from node_modules (nothing is
# fetched from elsewhere). Each page is audited with every rule axe runs by
# default in the light scheme, then switched to the dark scheme and audited again
# with the rules whose outcome depends on colours (the others look at markup and
# names, which the scheme does not change): a full second run would add about a
# second per page to `make test` and find nothing new.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SCHEMES = (("default", None), ("slate", COLOUR_RULES))
# Faults that must not exist; moderate and minor ones are listed in
# test-results/accessibility.txt (and, with the reason each is left, in the README).
SERIOUS = ("serious", "critical")
ACCESSIBILITY_REPORT = ROOT / "test-results" / "accessibility.txt"

# Text that shows TeX the math hook did not render (looked for outside <pre>/<code>).
RAW_TEX = ("\\(", "\\[", "$$", "\\begin{")

# The one request failure that is not a defect of the site (every console error
# and every 404 counts, unfiltered):
# - ABORTED: a request the test itself cut short by leaving the page (the
#   search worker is often still fetching its index). A missing file answers
#   404 and a foreign host fails DNS, so neither hides behind this.
ABORTED = "net::ERR_ABORTED"


# --------------------------------------------------------------------------- server


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site at ``http://127.0.0.1:PORT/dlnotes/`` (a free port)."""
    with serve(built_site) as url:
        yield url


# --------------------------------------------------------------------------- site map


def built_pages(site: Path) -> list[str]:
    """Site-relative URLs ("", "foundations/activations/", "zh/", ...) of every built page."""
    return sorted(
        html.relative_to(site).as_posix().removesuffix("index.html")
        for html in site.rglob("*.html")
        if html.name != "404.html"
    )


def page_file(site: Path, rel: str) -> Path:
    return site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel


def lang_of(page: str) -> str:
    return "zh" if page.startswith("zh/") else "en"


def twin_of(page: str) -> str:
    return page.removeprefix("zh/") if lang_of(page) == "zh" else "zh/" + page


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def contexts(browser):
    """One browser context per language, reused by every test."""
    made = {
        lang: browser.new_context(locale="zh-CN" if lang == "zh" else "en-US") for lang in LANGS
    }
    for context in made.values():
        context.set_default_timeout(WAIT_MS)
    yield made
    for context in made.values():
        context.close()


@dataclass
class Load:
    """What happened while one page was loaded and looked at."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)  # navigations the test did not ask for
    accessibility: list[str] = field(default_factory=list)  # serious or critical
    minor_accessibility: list[str] = field(default_factory=list)  # moderate or minor
    images: int = 0
    lang: str = ""
    menu: dict[str, str] = field(default_factory=dict)  # language -> link of the language menu


class Recorder:
    """Listens to a Playwright page and files every event under the current load."""

    def __init__(self, page):
        self.page = page
        self.load = Load("(before the first load)")
        self.loads = [self.load]
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.load.console_errors.append(f"uncaught: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def start(self, url: str) -> Load:
        self.load = Load(url)
        self.loads.append(self.load)
        return self.load

    def problems(self, *attributes: str) -> list[str]:
        """Every recorded problem of the given kinds, prefixed by the page's URL."""
        return [
            f"{load.url}: {item}"
            for load in self.loads
            for attribute in attributes
            for item in getattr(load, attribute)
        ]

    def _console(self, message):
        if message.type != "error":
            return
        source = (message.location or {}).get("url", "")
        self.load.console_errors.append(f"{message.text} ({source})")

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.load.foreign_requests.append(request.url)

    def _failed(self, request):
        if request.failure == ABORTED:
            return
        self.load.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response):
        if response.status < 400:
            return
        self.load.failed_requests.append(f"{response.url}: HTTP {response.status}")


LOOK = """async () => {
  const broken = [];
  const images = [...document.images];
  for (const img of images) {
    img.scrollIntoView({block: "center"});
    if (!img.complete) {
      await Promise.race([
        new Promise((done) => {
          img.addEventListener("load", done, {once: true});
          img.addEventListener("error", done, {once: true});
        }),
        new Promise((done) => setTimeout(done, 10000)),
      ]);
    }
    if (img.naturalWidth === 0) broken.push(img.getAttribute("src"));
  }
  window.scrollTo(0, 0);
  await document.fonts.ready;
  const hide = document.createElement("style");
  hide.textContent = "pre, code { display: none !important; }";
  document.head.append(hide);
  const text = document.body.innerText;
  hide.remove();
  const menu = Object.fromEntries([...document.querySelectorAll(".md-select__link[hreflang]")]
    .map((a) => [a.hreflang, a.href]));
  return {images: images.length, broken, text, lang: document.documentElement.lang, menu};
}"""


AUDIT = """async (schemes) => {
  // Colour transitions would let axe read a colour halfway between two schemes.
  const still = document.createElement("style");
  still.textContent = "*, *::before, *::after { transition: none !important; }";
  document.head.append(still);
  const before = document.body.getAttribute("data-md-color-scheme");
  const faults = [];
  for (const [scheme, rules] of schemes) {
    // axe reads computed styles, which the browser brings up to date on demand.
    document.body.setAttribute("data-md-color-scheme", scheme);
    const options = {resultTypes: ["violations"]};
    if (rules) options.runOnly = {type: "rule", values: rules};
    for (const rule of (await axe.run(document, options)).violations) {
      faults.push({scheme, impact: rule.impact, text: `${rule.id} (${rule.impact}, ` +
        `${rule.nodes.length}×): ` + rule.nodes.slice(0, 3).map((node) => node.target.join(" ") +
        ": " + node.failureSummary.split("\\n").slice(1).join(" ").trim()).join("; ")});
    }
  }
  if (before === null) document.body.removeAttribute("data-md-color-scheme");
  else document.body.setAttribute("data-md-color-scheme", before);
  still.remove();
  return faults;
}"""


@functools.cache
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (make does it)")
    return AXE.read_text("utf-8")


def begin_audit(page) -> None:
    """Start axe-core on the loaded page, both colour schemes; ``end_audit`` collects."""
    page.add_script_tag(content=axe_source())
    page.evaluate(f"(schemes) => {{ window.__dlnotesAudit = ({AUDIT})(schemes); }}", SCHEMES)


def end_audit(page, load: Load) -> None:
    for fault in page.evaluate("() => window.__dlnotesAudit"):
        kept = load.accessibility if fault["impact"] in SERIOUS else load.minor_accessibility
        kept.append(f"[{fault['scheme']}] {fault['text']}")


def look(page, load: Load) -> None:
    """Check the loaded page: images, raw TeX, language, language menu."""
    seen = page.evaluate(LOOK)
    load.images = seen["images"]
    load.broken_images = seen["broken"]
    load.lang = seen["lang"]
    load.menu = seen["menu"]
    text = seen["text"]
    for marker in RAW_TEX:
        for m in re.finditer(re.escape(marker), text):
            load.raw_tex.append(repr(text[max(0, m.start() - 30) : m.end() + 30]))


def settle(page, load: Load, error: Exception) -> None:
    """Note a navigation that cut the test short (e.g. a script's), and let it finish."""
    load.unsettled.append(str(error).splitlines()[0])
    page.wait_for_load_state("load")


def switch_language(page, to: str, *, like_a_user: bool = True) -> str:
    """Click the language menu's link to ``to``; return the URL it loaded.

    ``like_a_user`` hovers the menu open and clicks the link; otherwise the
    click event is dispatched on the link directly (the same event for the
    page's handlers, without waiting for the menu to fade in).
    """
    before = page.url
    link = page.locator(f".md-select__link[hreflang={to}]")
    if like_a_user:
        page.hover(".md-header .md-select")
        link.click()
    else:
        link.dispatch_event("click")
    page.wait_for_url(lambda url: url != before, wait_until="load", timeout=WAIT_MS)
    return page.url


@dataclass
class Switch:
    """One click on the language menu."""

    start: str  # site-relative URL of the page clicked on
    to: str
    expected: str
    landed: str
    lang: str  # <html lang> of the page it landed on
    back: str  # where the landed page's menu points for the start's language
    unsettled: list[str]  # navigations the test did not ask for, while it looked


@dataclass
class Tour:
    recorders: list[Recorder]
    checked: dict[str, Load]  # site-relative URL -> the load in which the page was checked
    switches: list[Switch]

    def problems(self, *attributes: str) -> list[str]:
        return [item for recorder in self.recorders for item in recorder.problems(*attributes)]


# Browser tabs the tour keeps: axe-core audits the page in one tab while the
# other loads and looks at its next page (two cores, two renderer processes).
LANES = 2


class Lane:
    """One tab of the tour, with its recorder and the audit still running in it."""

    def __init__(self, context) -> None:
        self.page = context.new_page()
        self.recorder = Recorder(self.page)
        self.auditing: Load | None = None

    def begin(self, load: Load) -> None:
        begin_audit(self.page)
        self.auditing = load

    def finish(self) -> None:
        """Wait for the audit of the page on show (before the tab leaves it)."""
        load, self.auditing = self.auditing, None
        if load is None:
            return
        try:
            end_audit(self.page, load)
        except PlaywrightError as error:
            settle(self.page, load, error)


def take_tour(context, site: Path, base: str) -> Tour:
    """Load and check every page once, reaching one page of each pair through its twin.

    For each page with a twin, one of the two (English and Chinese in turn) is
    loaded directly and the other through its language menu; there the menu's
    link back must point at the first. Pages left over (no twin, or a menu that
    went astray) are loaded directly. The pairs are shared out between
    ``LANES`` tabs, which take turns; each page's accessibility audit runs in
    its tab while the other tabs move on.
    """
    pages = built_pages(site)
    checked: dict[str, Load] = {}
    switches: list[Switch] = []

    def visit(lane: Lane, rel: str) -> None:
        lane.finish()
        load = lane.recorder.start(base + rel)
        for _ in range(2):  # a second try if the page was carried off elsewhere
            try:
                lane.page.goto(base + rel, wait_until="load")
                look(lane.page, load)
                lane.begin(load)
            except PlaywrightError as error:
                settle(lane.page, load, error)
            else:
                checked[rel] = load
                return

    def switch(lane: Lane, start: str) -> None:
        lane.finish()
        to, expected = lang_of(twin_of(start)), base + twin_of(start)
        load = lane.recorder.start(f"{expected} (through the language menu of /{start})")
        try:
            switch_language(lane.page, to, like_a_user=False)
            look(lane.page, load)
            lane.begin(load)
        except PlaywrightError as error:
            settle(lane.page, load, error)
        landed, back = lane.page.url, load.menu.get(lang_of(start), "(no link)")
        switches.append(Switch(start, to, expected, landed, load.lang, back, load.unsettled))
        if landed == expected and not load.unsettled:
            checked[twin_of(start)] = load

    def steps(lane: Lane, starts: list[str]):
        for start in starts:
            visit(lane, start)
            yield
            switch(lane, start)
            yield

    english = [rel for rel in pages if lang_of(rel) == "en" and twin_of(rel) in pages]
    starts = [rel if i % 2 == 0 else twin_of(rel) for i, rel in enumerate(english)]
    lanes = [Lane(context) for _ in range(LANES)]
    running = [steps(lane, starts[k::LANES]) for k, lane in enumerate(lanes)]
    while running:
        for run in list(running):
            if next(run, StopIteration) is StopIteration:
                running.remove(run)
    for rel in pages:
        if rel not in checked:
            visit(lanes[0], rel)
    for lane in lanes:
        lane.finish()
        lane.page.close()
    return Tour([lane.recorder for lane in lanes], checked, switches)


@pytest.fixture(scope="session")
def tour(built_site, site_server, contexts) -> Tour:
    return take_tour(contexts["en"], built_site, site_server)


# --------------------------------------------------------------------------- tests


def test_tour_checks_every_built_page_of_both_languages(tour, built_site):
    pages = built_pages(built_site)
    assert {lang_of(p) for p in pages} == set(LANGS)
    assert sorted(tour.checked) == sorted(pages)


def test_pages_log_no_console_error(tour):
    found = tour.problems("console_errors")
    assert not found, "\n".join(found)


def test_pages_have_no_failed_request(tour):
    found = tour.problems("failed_requests")
    assert not found, "\n".join(found)


def test_pages_request_nothing_from_another_host(tour):
    found = tour.problems("foreign_requests")
    assert not found, "\n".join(found)


def test_pages_images_all_load(tour):
    found = tour.problems("broken_images")
    assert not found, "images with naturalWidth 0:\n" + "\n".join(found)
    assert sum(load.images for load in tour.checked.values()) > 0, "no page has an image"


def test_pages_go_only_where_the_test_sends_them(tour):
    found = tour.problems("unsettled")
    assert not found, "navigations nobody asked for:\n" + "\n".join(found)


def test_pages_show_no_raw_tex(tour):
    found = tour.problems("raw_tex")
    assert not found, "TeX left unrendered:\n" + "\n".join(found)


def test_pages_have_no_serious_accessibility_fault(tour):
    """axe-core: nothing serious or critical on any page, light or dark."""
    ACCESSIBILITY_REPORT.parent.mkdir(parents=True, exist_ok=True)
    minor = tour.problems("minor_accessibility")
    ACCESSIBILITY_REPORT.write_text(
        "Moderate and minor axe-core findings (serious and critical ones fail the test):\n"
        + "".join(f"{line}\n" for line in minor),
        "utf-8",
    )
    found = tour.problems("accessibility")
    assert not found, "\n".join(found)


def test_pages_declare_their_language(tour):
    wrong = [
        f"/{rel}: <html lang={load.lang!r}>"
        for rel, load in tour.checked.items()
        if load.lang != lang_of(rel)
    ]
    assert not wrong, "\n".join(wrong)


def test_language_menu_leads_to_twin_and_back(tour, built_site, site_server):
    wrong = [
        f"/{s.start} → [{s.to}] landed on {s.landed}, expected {s.expected}"
        for s in tour.switches
        if s.landed != s.expected
    ]
    wrong += [
        f"{s.landed}: <html lang={s.lang!r}> after switching to {s.to}"
        for s in tour.switches
        if s.landed == s.expected and not s.unsettled and s.lang != s.to
    ]
    wrong += [
        f"{s.landed}: the language menu points back at {s.back}, not /{s.start}"
        for s in tour.switches
        if s.landed == s.expected and not s.unsettled and s.back != site_server + s.start
    ]
    assert not wrong, "\n".join(wrong)
    pages = built_pages(built_site)
    twins = {rel for rel in pages if twin_of(rel) in pages}
    switched = {s.start for s in tour.switches} | {twin_of(s.start) for s in tour.switches}
    assert twins <= switched, f"menus never clicked: {sorted(twins - switched)}"
    assert {s.to for s in tour.switches} == set(LANGS), "the menu was clicked one way only"


def clean_page(context):
    """A new page of ``context`` with its own recorder."""
    page = context.new_page()
    recorder = Recorder(page)
    return page, recorder


@pytest.mark.parametrize("lang", LANGS)
def test_language_menu_follows_instant_navigation(lang, contexts, site_server, built_site):
    """After Material's instant navigation the menu points at the new page's twin."""
    other = "zh" if lang == "en" else "en"
    home = "zh/" if lang == "zh" else ""
    page, recorder = clean_page(contexts[lang])
    recorder.start(site_server + home)
    page.goto(site_server + home, wait_until="load")
    tabs = page.eval_on_selector_all(".md-tabs__link", "links => links.map((a) => a.href)")
    others = [i for i, href in enumerate(tabs) if href != site_server + home]
    assert others, "the home page has no navigation tab to another page"
    target = tabs[others[0]]
    rel = target.removeprefix(site_server)
    assert page_file(built_site, rel).is_file(), target
    twin = site_server + twin_of(rel)

    page.evaluate("window.__dlnotesBeforeInstantNavigation = true")
    page.locator(".md-tabs__link").nth(others[0]).click()
    page.wait_for_url(target)
    page.wait_for_function(
        "twin => [...document.querySelectorAll('[data-dlnotes-alternate] a')]"
        ".some((a) => a.href === twin)",
        arg=twin,
    )
    assert page.evaluate("window.__dlnotesBeforeInstantNavigation === true"), (
        "the click was a full page load, not an instant navigation: the test proves nothing"
    )
    selector = f".md-select__link[hreflang={other}]"
    try:
        page.wait_for_function(
            "([selector, twin]) => document.querySelector(selector).href === twin",
            arg=[selector, twin],
            timeout=WAIT_MS,
        )
    except PlaywrightTimeout:
        pytest.fail(
            f"after instant navigation to {target} the language menu points at "
            f"{page.eval_on_selector(selector, 'a => a.href')}, not {twin}"
        )

    recorder.start(f"{twin} (through the language menu after instant navigation)")
    landed = switch_language(page, other)
    assert landed == twin, f"the language menu led to {landed}, not {twin}"
    assert page.evaluate("document.documentElement.lang") == other
    recorder.start(f"{target} (back through the language menu)")
    landed = switch_language(page, lang)
    assert landed == target, f"the language menu led back to {landed}, not {target}"
    assert page.evaluate("document.documentElement.lang") == lang
    page.close()
    found = recorder.problems("console_errors", "failed_requests", "foreign_requests")
    assert not found, "\n".join(found)


# Records whether <body> existed when <html> got the class js, and its classes then.
# An init script runs before any of the page's own, when <html> may not exist yet:
# the whole document is watched.
WATCH_JS_CLASS = """
window.__dlnotesBodyAtJs = "never";
new MutationObserver(function (changes, observer) {
  if (document.documentElement.classList.contains("js")) {
    window.__dlnotesBodyAtJs = document.body !== null;
    window.__dlnotesClassAtJs = document.documentElement.className;
    observer.disconnect();
  }
}).observe(document, {attributes: true, attributeFilter: ["class"], subtree: true});
"""

# Switches the palette and reports the CSS transitions that ran, up to 0.3 s after
# the class that turns them off is gone again.
SWITCH_PALETTE = """() => new Promise((resolve) => {
  const body = document.body;
  const before = body.getAttribute("data-md-color-scheme");
  const ran = [];
  document.addEventListener("transitionrun", (event) => {
    ran.push(`${event.propertyName} on ${event.target.tagName}`);
  }, true);
  document.querySelector("[data-md-component=palette] label:not([hidden])").click();
  const switching = body.classList.contains("dlnotes-switching");
  const done = () => resolve({before, after: body.getAttribute("data-md-color-scheme"),
                              switching, ran});
  const wait = () => body.classList.contains("dlnotes-switching")
    ? requestAnimationFrame(wait) : setTimeout(done, 300);
  requestAnimationFrame(wait);
})"""


def test_page_start_and_palette_switch_leave_out_whole_page_restyles(browser, site_server):
    """``<html>`` gets the class js before ``<body>`` is parsed, and a palette switch
    turns transitions off while the colours change and back on after (main.html,
    palette_css.py)."""
    context = browser.new_context()  # its own storage: the switch is remembered
    page, recorder = clean_page(context)
    page.add_init_script(WATCH_JS_CLASS)
    url = site_server + "foundations/activations/"
    recorder.start(url)
    page.goto(url, wait_until="load")
    assert page.evaluate("() => window.__dlnotesBodyAtJs") is False
    # what the focus-visible polyfill in Material's bundle will set, set as early
    assert "js-focus-visible" in page.evaluate("() => window.__dlnotesClassAtJs").split()
    resting = page.evaluate(
        "() => getComputedStyle(document.querySelector('.md-typeset a')).transitionDuration")
    assert resting != "0s", "links have no colour transition: the test would check nothing"
    switch = page.evaluate(SWITCH_PALETTE)
    assert switch["after"] != switch["before"], switch
    assert switch["switching"], switch
    assert switch["ran"] == [], switch
    context.close()
    found = recorder.problems("console_errors", "failed_requests", "foreign_requests")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_is_fetched_only_when_the_reader_searches(lang, contexts, site_server):
    """A page load leaves the index alone; focusing the search field fetches it.

    assets/search_on_demand.js holds Material's request back until then.
    """
    page, recorder = clean_page(contexts[lang])
    index = site_server + ("zh/" if lang == "zh" else "") + "search/search_index.json"
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    url = site_server + ("zh/" if lang == "zh" else "") + "training/optimizers/"
    recorder.start(url)
    # Material starts its search worker and asks for the index as the page starts:
    # once the network has been quiet for 0.5 s, an unheld request would be seen.
    page.goto(url, wait_until="networkidle")
    assert any("/workers/search." in seen for seen in requested), "search did not start"
    assert index not in requested, "the page fetched the search index as it loaded"
    with page.expect_response(index) as response:
        page.locator("input.md-search__input").focus()
    assert response.value.ok
    page.close()
    found = recorder.problems("console_errors", "failed_requests", "foreign_requests")
    assert not found, "\n".join(found)


def search_cases():
    for lang, query, expected in SEARCHES:
        source = ROOT / "docs" / (expected.removeprefix("zh/").rstrip("/") + ".md")
        missing = pytest.mark.skipif(
            not source.is_file(), reason=f"{source.relative_to(ROOT)} is not written yet"
        )
        yield pytest.param(lang, query, expected, marks=missing, id=f"{lang}-{query}")


@pytest.mark.parametrize(("lang", "query", "expected"), list(search_cases()))
def test_search_finds_page(lang, query, expected, contexts, site_server):
    page, recorder = clean_page(contexts[lang])
    home = site_server + ("zh/" if lang == "zh" else "")
    recorder.start(f"{home} (searching {query!r})")
    page.goto(home, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    box.press("End")  # typing CJK fires no keyup, so Material would not search yet
    want = site_server + expected
    try:
        page.wait_for_function(
            "want => [...document.querySelectorAll('.md-search-result__link')]"
            ".some((a) => a.href.split(/[?#]/)[0] === want)",
            arg=want,
            timeout=WAIT_MS,
        )
        # The terms Material marks as missing ("缺少: ~~反向~~") on the result that
        # leads to the page itself, which contains the whole query.
        missing = page.evaluate(
            """want => [...[...document.querySelectorAll('.md-search-result__link')]
              .find((a) => a.href.split(/[?#]/)[0] === want).querySelectorAll('del')]
              .map((del) => del.textContent)""",
            want,
        )
    except PlaywrightTimeout:
        found = page.eval_on_selector_all(
            ".md-search-result__link", "links => links.map((a) => a.href)"
        )
        pytest.fail(f"searching {query!r} from {home} did not list {want}; got {found}")
    finally:
        page.close()
    assert not missing, f"searching {query!r}: {want} is listed with terms missing: {missing}"
    found = recorder.problems("console_errors", "failed_requests", "foreign_requests")
    assert not found, "\n".join(found)


def test_home_screenshots_are_written(contexts, site_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        out = SCREENSHOTS / f"home-{lang}.png"
        out.unlink(missing_ok=True)
        page = contexts[lang].new_page()
        page.goto(site_server + ("zh/" if lang == "zh" else ""), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.screenshot(path=str(out), full_page=True)
        page.close()
        assert out.stat().st_size > 10_000, out


WIDE_FORMULAS = """() => [...document.querySelectorAll('.math-display')].map((box) => ({
  wide: box.scrollWidth > box.clientWidth + 1,
  tabindex: box.getAttribute('tabindex'),
  label: box.getAttribute('aria-label'),
}))"""


# For each row of formulas set side by side: whether its last formula sits below its first.
WRAPPED_ROWS = """() => [...document.querySelectorAll('.math-row')].map((row) => {
  const first = row.firstElementChild.getBoundingClientRect();
  return row.lastElementChild.getBoundingClientRect().top > first.bottom - 1;
})"""


# The activations page has the widest formulas; the API page of gradcheck has
# formulas inside a parameter table wider than a phone (it once made the whole
# page scroll sideways).
PHONE_PAGES = ["foundations/activations/", "reference/gradcheck/"]


@pytest.mark.parametrize("rel", PHONE_PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_page_on_a_phone_has_no_cut_formula_and_no_sideways_scroll(lang, rel, browser, site_server):
    """At 390 px a display formula either fits or is a named, focusable scrolling box."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    recorder = Recorder(page)
    url = site_server + ("zh/" if lang == "zh" else "") + rel
    recorder.start(url)
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    boxes = page.evaluate(WIDE_FORMULAS)
    if rel == PHONE_PAGES[0]:
        assert any(box["wide"] for box in boxes), "no formula wider than a phone: proves nothing"
        # σ and σ′, tanh and tanh′ (set side by side with \qquad, cut off on a
        # phone when they were one formula) take a line each here (math.py).
        sigma, tanh = page.evaluate(WRAPPED_ROWS)[:2]
        assert sigma, "σ and σ′ still share a line"
        assert tanh, "tanh and tanh′ still share a line"
    for box in boxes:
        if box["wide"]:
            assert box["tabindex"] == "0", box
            assert box["label"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    context.close()
    found = recorder.problems("console_errors", "failed_requests", "foreign_requests")
    assert not found, "\n".join(found)


LAB_ON_A_PHONE = """() => ({
  prompts: [...document.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt')]
    .filter((prompt) => prompt.getBoundingClientRect().width > 0).length,
  cells: document.querySelectorAll('.jp-CodeCell').length,
  images: [...document.querySelectorAll('.jupyter-wrapper img')].map((img) => ({
    right: img.getBoundingClientRect().right,
    scale: img.getBoundingClientRect().width / img.naturalWidth,
  })),
  outputs: [...document.querySelectorAll('.jupyter-wrapper .jp-OutputArea-output pre')]
    .map((pre) => ({
      wrap: getComputedStyle(pre).whiteSpace,
      wide: pre.scrollWidth > pre.clientWidth + 1,
      tabindex: pre.getAttribute('tabindex'),
      label: pre.getAttribute('aria-label'),
    })),
  width: document.documentElement.scrollWidth,
})"""
# A lab figure is drawn at most 5.5 in wide at 100 dpi, with 11 pt text. Shown at
# half its size or more in a phone's column, that text stays about 8 px high; the
# 9–12 in figures the labs once had came out at a third, their ticks unreadable.
LEGIBLE_SCALE = 0.5


@pytest.mark.parametrize("lang", LANGS)
def test_lab_on_a_phone_is_readable(lang, browser, site_server):
    """At 390 px: no prompt column, output that scrolls whole, figures sized for the column."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    recorder = Recorder(page)
    url = site_server + ("zh/" if lang == "zh" else "") + "labs/planar/"
    recorder.start(url)
    page.goto(url, wait_until="load")
    page.evaluate(LOOK)  # scrolls every image into view until it has loaded
    seen = page.evaluate(LAB_ON_A_PHONE)
    context.close()
    assert seen["cells"] > 0, "not a lab page"
    assert seen["images"], "the lab shows no figure"
    assert seen["outputs"], "the lab shows no printed output"
    assert seen["prompts"] == 0, f"{seen['prompts']} In/Out prompts take width on a phone"
    assert seen["width"] <= 390, "the page scrolls sideways"
    for image in seen["images"]:
        assert image["right"] <= 390, image
        assert image["scale"] >= LEGIBLE_SCALE, f"a figure shrunk to {image['scale']:.2f}×"
    for output in seen["outputs"]:
        assert output["wrap"] == "pre", "printed output breaks lines inside words"
        if output["wide"]:
            assert output["tabindex"] == "0", output
            assert output["label"], output
    found = recorder.problems("console_errors", "failed_requests", "foreign_requests")
    assert not found, "\n".join(found)
