"""An independent link checker over the built site (not MkDocs' own validation).

Every HTML file of the build is parsed with ``html.parser``; every ``href``,
``src`` and ``srcset`` is resolved against the page's published URL (under
``site_url``). Internal targets, Material's and KaTeX's assets included, must
be files of the build (a folder means its ``index.html``), and a ``#fragment``
must be an ``id`` (or ``<a name>``) of the target page. The ``url(...)`` of
every stylesheet (KaTeX's fonts) must resolve too. External links must be
well-formed https URLs; all of them are listed, by page, in
``test-results/external-links.txt`` for review. The search index and the
sitemap are data, not pages, and are not read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build

SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)[1]
REPORT = ROOT / "test-results" / "external-links.txt"

# http:// links that are accepted anyway, each with its reason (none so far).
HTTP_ALLOWED: dict[str, str] = {}
# Schemes that request nothing and are fine in a page.
INERT_SCHEMES = {"mailto", "tel"}

LINK_ATTRIBUTES = {"href", "src", "srcset", "poster", "data"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")


@dataclass(frozen=True)
class Link:
    page: str  # site-relative path of the file the link is in
    tag: str
    value: str


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self, rel: str):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.rel = rel

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.page.links.append(Link(self.rel, tag, candidate.split()[0]))
            elif name in LINK_ATTRIBUTES and not (tag == "object" and name != "data"):
                self.page.links.append(Link(self.rel, tag, value.strip()))

    handle_startendtag = handle_starttag


def parse_site(site: Path) -> dict[str, Page]:
    """Every HTML file of the build, by site-relative path."""
    pages = {}
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        parser = _PageParser(rel)
        parser.feed(html.read_text("utf-8"))
        parser.close()
        pages[rel] = parser.page
    return pages


def published_url(rel: str, site_url: str = SITE_URL) -> str:
    """Where a file of the build is published: ``x/index.html`` is served as ``x/``."""
    return site_url + rel.removesuffix("index.html")


def target_file(url: str, site: Path, site_url: str = SITE_URL) -> tuple[Path | None, str]:
    """The file of the build that an internal URL names, and how to name it in a message.

    None for a path outside ``site_url``'s, which no file of the build can serve.
    """
    base = urlsplit(site_url)
    parts = urlsplit(url)
    if not parts.path.startswith(base.path):
        return None, f"{unquote(parts.path)}, outside {base.path}"
    rel = unquote(parts.path[len(base.path) :])
    path = site / rel
    if rel == "" or rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, f"/{rel}"


def is_internal(url: str, site_url: str = SITE_URL) -> bool:
    parts, base = urlsplit(url), urlsplit(site_url)
    return parts.scheme == base.scheme and parts.netloc == base.netloc


@dataclass
class Check:
    broken: list[str] = field(default_factory=list)  # internal target missing
    bad_fragments: list[str] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    bad_external: list[str] = field(default_factory=list)
    checked: int = 0


def well_formed_https(url: str) -> str | None:
    """Why ``url`` is not a well-formed external https URL, or None if it is."""
    if re.search(r"[\s<>\"{}|\\^`]", url):
        return "contains a character that must be escaped"
    parts = urlsplit(url)
    if parts.scheme == "http":
        return None if url in HTTP_ALLOWED else "http://, not https://"
    if parts.scheme != "https":
        return f"scheme {parts.scheme!r}"
    host = parts.hostname or ""
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}", host):
        return f"host {host!r} is not a domain name"
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "malformed port"
    return None


def check_links(site: Path, pages: dict[str, Page], site_url: str = SITE_URL) -> Check:
    check = Check()
    for rel, page in pages.items():
        here = published_url(rel, site_url)
        for link in page.links:
            if link.value in ("", "#"):
                continue
            url = urljoin(here, link.value)
            scheme = urlsplit(url).scheme
            if scheme == "data" and link.tag != "a":
                continue
            if scheme in INERT_SCHEMES:
                check.external[rel].append(url)
                continue
            if not is_internal(url, site_url):
                check.external[rel].append(url)
                problem = well_formed_https(url)
                if problem:
                    check.bad_external.append(f"{rel}: <{link.tag}> {link.value} ({problem})")
                continue
            check.checked += 1
            path, target = target_file(url, site, site_url)
            if path is None or not path.is_file():
                check.broken.append(f"{rel}: <{link.tag}> {link.value} → {target} (missing)")
                continue
            fragment = unquote(urlsplit(url).fragment)
            if not fragment or path.suffix != ".html":
                continue
            target_rel = path.relative_to(site).as_posix()
            if fragment not in pages[target_rel].ids:
                check.bad_fragments.append(
                    f"{rel}: <{link.tag}> {link.value} → no id {fragment!r} in /{target_rel}"
                )
    return check


def css_references(text: str) -> list[str]:
    """The ``url(...)`` a browser may fetch for a stylesheet.

    In an ``@font-face`` rule only the first source counts: every browser the
    site supports reads woff2, so the woff/ttf fallbacks after it (which the
    site does not ship) are never requested. Every other ``url()`` counts.
    """
    refs = []
    for rule in FONT_FACE.findall(text):
        found = CSS_URL.findall(rule)
        if found:
            refs.append(found[0][1])
    refs += [ref for _, ref in CSS_URL.findall(FONT_FACE.sub("", text))]
    return refs


def check_stylesheets(site: Path, site_url: str = SITE_URL) -> tuple[int, list[str]]:
    """Resolve what every built stylesheet refers to; return (count, missing)."""
    count, missing = 0, []
    for css in sorted(site.rglob("*.css")):
        rel = css.relative_to(site).as_posix()
        for ref in css_references(css.read_text("utf-8")):
            if not ref or ref.startswith(("data:", "#")):
                continue
            url = urljoin(site_url + rel, ref)
            if not is_internal(url, site_url):
                missing.append(f"{rel}: url({ref}) is not on this site")
                continue
            count += 1
            path, target = target_file(url, site, site_url)
            if path is None or not path.is_file():
                missing.append(f"{rel}: url({ref}) → {target} (missing)")
    return count, missing


def write_report(check: Check, path: Path = REPORT) -> None:
    """All external links, once for the links on every page, then page by page."""
    per_page = {rel: sorted(set(urls)) for rel, urls in check.external.items()}
    everywhere = set.intersection(*(set(u) for u in per_page.values())) if per_page else set()
    lines = [
        "# External links of the built site (written by tests/test_links.py)",
        f"# {len({u for urls in per_page.values() for u in urls})} distinct URLs "
        f"on {len(per_page)} pages",
        "",
        "## On every page",
        *(f"  {url}" for url in sorted(everywhere)),
    ]
    for rel in sorted(per_page):
        rest = [u for u in per_page[rel] if u not in everywhere]
        if rest:
            lines += ["", f"## /{rel}", *(f"  {url}" for url in rest)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, Page]:
    return parse_site(built_site)


@pytest.fixture(scope="module")
def link_check(built_site, pages) -> Check:
    return check_links(built_site, pages)


def test_site_has_pages_and_internal_links(pages, link_check):
    assert "index.html" in pages
    assert "zh/index.html" in pages
    assert link_check.checked > 100


def test_internal_links_resolve_to_built_files(link_check):
    assert not link_check.broken, "\n".join(link_check.broken)


def test_link_fragments_exist_in_target_pages(link_check):
    assert not link_check.bad_fragments, "\n".join(link_check.bad_fragments)


def test_stylesheet_urls_resolve(built_site):
    count, missing = check_stylesheets(built_site)
    assert not missing, "\n".join(missing)
    assert count > 0, "no stylesheet refers to a font or image: is KaTeX's CSS missing?"


def test_external_links_are_well_formed_https(link_check):
    write_report(link_check)
    assert REPORT.is_file()
    assert not link_check.bad_external, "\n".join(link_check.bad_external)


def test_checker_reports_each_kind_of_broken_link(tmp_path):
    """The checker itself: a tiny site with one defect of each kind."""
    site_url = "https://example.org/notes/"
    (tmp_path / "a").mkdir()
    (tmp_path / "style.css").write_text(
        "@font-face { src: url(fonts/missing.woff2) format('woff2'), url(fonts/x.ttf) }"
    )
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a> <a href="a/#nowhere">bad anchor</a>'
        ' <a href="b/">missing page</a> <img src="/notes/style.css">'
        ' <a href="/elsewhere/">outside</a> <a href="http://example.com/">http</a>'
        ' <a href="https://example.com/x">fine</a> <a href="https://bad host/">space</a>'
        ' <link rel="canonical" href="https://example.org/notes/a/">'
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a href="../#top">top</a>')
    pages = parse_site(tmp_path)
    check = check_links(tmp_path, pages, site_url)
    assert check.broken == [
        "index.html: <a> b/ → /b/ (missing)",
        "index.html: <a> /elsewhere/ → /elsewhere/, outside /notes/ (missing)",
    ]
    assert sorted(check.bad_fragments) == [
        "a/index.html: <a> ../#top → no id 'top' in /index.html",
        "index.html: <a> a/#nowhere → no id 'nowhere' in /a/index.html",
    ]
    assert [b.split(" (")[-1] for b in check.bad_external] == [
        "http://, not https://)",
        "contains a character that must be escaped)",
    ]
    count, missing = check_stylesheets(tmp_path, site_url)
    assert count == 1
    assert missing == ["style.css: url(fonts/missing.woff2) → /fonts/missing.woff2 (missing)"]
    report = tmp_path / "report.txt"
    write_report(check, report)
    assert "https://example.com/x" in report.read_text("utf-8")
