"""Print the book: one PDF per language from the built site (``make pdf``).

Usage: ``python tools/pdf.py SITE_DIR OUT_DIR`` writes ``OUT_DIR/dlnotes-en.pdf``
and ``OUT_DIR/dlnotes-zh.pdf`` from a site that ``mkdocs build`` wrote to SITE_DIR.

Why a script: mkdocs-print-site-plugin, which joins every page into one for
printing, collects only the default language when mkdocs-static-i18n builds the
others (timvink/mkdocs-print-site-plugin#70, open), and mkdocs-with-pdf
(WeasyPrint) runs no browser and is no longer maintained. The built pages are
already complete (math rendered by KaTeX at build time, snippets executed,
figures drawn), so this script takes each page's article from SITE_DIR in nav
order (home, the parts with their questions, the labs, glossary and errata; the
API reference is left out), joins them into one document per language, and has
Debian's Chromium print it through Playwright: the headings become PDF
bookmarks, the footer numbers the pages, and the table of contents gets its page
numbers from a first print of the same document.
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from mkdocs.config import load_config
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))
from chromium import CHROMIUM, LAUNCH_ARGS

ROOT = Path(__file__).resolve().parents[1]
LANGS = {"en": "", "zh": "zh/"}
CONTENTS = {"en": "Contents", "zh": "目录"}
# A table-of-contents number before the first print: as wide as the real ones,
# so that filling them in moves nothing.
PLACEHOLDER = "000"
# Nothing may stick out past the column: wide formulas and tables are scaled
# down to fit it, long code lines wrap (PRINT_CSS); anything still past the
# edge, or an image that did not load, stops the print.
FIT = """() => {
  const right = (el) => el.closest("section").getBoundingClientRect().right;
  const over = (el) => el.getBoundingClientRect().right - right(el);
  const shrink = (el) => {
    for (let i = 0; i < 4 && over(el) > 0.5; i++) {
      const box = el.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(el).fontSize);
      el.style.fontSize = (size * (right(el) - box.left) / box.width * 0.99) + "px";
    }
  };
  document.querySelectorAll(".katex-display > .katex, table").forEach(shrink);
  const cut = [...document.querySelectorAll(".katex, table, pre, img, svg")]
    .filter((el) => over(el) > 0.5)
    .map((el) => `${el.closest("section").id}: ${el.tagName.toLowerCase()} ` +
                 `${Math.round(over(el))} px past the column`);
  const broken = [...document.images].filter((img) => !img.naturalWidth)
    .map((img) => img.getAttribute("src").slice(0, 120));
  return {cut, broken};
}"""
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
html { font-size: 16px; }
body { margin: 0; background: #fff; }
.md-typeset { font-size: 0.8rem; }
.dlnotes-chapter, .dlnotes-part, .dlnotes-contents { break-before: page; }
.dlnotes-cover { height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.dlnotes-cover .title { font-size: 2.4rem; font-weight: 700; margin: 0 0 1rem; }
.dlnotes-cover .subtitle { font-size: 1.1rem; margin: 0 0 2.5rem; }
.dlnotes-part h1 { font-size: 2rem; margin-top: 35%; }
.dlnotes-part ol { font-size: 0.9rem; }
.md-typeset.dlnotes-contents ol { list-style: none; padding-left: 0; margin-left: 0; }
.md-typeset.dlnotes-contents ol ol { padding-left: 1.5em; }
.md-typeset.dlnotes-contents li { margin: 0.15em 0; }
.md-typeset.dlnotes-contents a { display: flex; color: inherit; text-decoration: none !important; }
.dlnotes-contents .leader { flex: 1; border-bottom: 1px dotted #888; margin: 0 0.4em 0.3em; }
.md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset h4 { break-after: avoid; }
.md-typeset pre, .md-typeset pre > code { white-space: pre-wrap; overflow-wrap: anywhere; }
.md-typeset pre, .md-typeset figure, .md-typeset .katex-display, .md-typeset tr,
.md-typeset .admonition, .md-typeset img { break-inside: avoid; }
.md-typeset__scrollwrap, .md-typeset__table, .math-display, .katex-display {
  overflow: visible !important;
}
.md-typeset details > summary::after { display: none; }
.jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
.jp-OutputArea-output pre { white-space: pre-wrap; }
.md-typeset .jp-RenderedMarkdown ul > li { display: list-item; list-style: disc outside; }
a { color: inherit; }
"""
FOOTER = (
    '<div style="width:100%;font-size:8pt;color:#555;text-align:center;'
    'font-family:sans-serif"><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)


@dataclass
class Chapter:
    """One page of the book: its source file and the part it is in (None: no part)."""

    src: str
    part: str | None

    @property
    def url(self) -> str:
        """The page's folder in the built site, as MkDocs writes it ('' for the home page)."""
        stem = self.src.rsplit(".", 1)[0]
        if stem == "index":
            return ""
        return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"

    @property
    def slug(self) -> str:
        return self.url.strip("/").replace("/", "-") or "home"


def book(config) -> list[Chapter]:
    """The book's pages in nav order: every page but the API reference."""
    chapters = []
    for item in config["nav"]:
        (title, entry), = item.items()
        if isinstance(entry, str):
            chapters.append(Chapter(entry, None))
            continue
        for sub in entry:
            src = sub if isinstance(sub, str) else None
            if isinstance(sub, dict):
                (_, value), = sub.items()
                src = value if isinstance(value, str) else None
            if src and not src.startswith("reference/"):
                chapters.append(Chapter(src, title))
    return chapters


def part_titles(config, lang: str) -> dict[str, str]:
    """The nav's section titles in ``lang`` (the i18n plugin's nav_translations)."""
    for language in config["plugins"]["i18n"].config.languages:
        if language.locale == lang:
            return dict(language.nav_translations or {})
    raise SystemExit(f"error: mkdocs.yml has no i18n language {lang!r}")


def normal(path: str) -> str:
    """A site path without './', 'index.html' or a trailing slash ('' for the top)."""
    path = posixpath.normpath(path) if path else "."
    if path.endswith("index.html"):
        path = posixpath.dirname(path) or "."
    return "" if path == "." else path.strip("/")


class Assembler:
    """Joins one language's pages of a built site into one printable document."""

    def __init__(self, site: Path, lang: str, chapters: list[Chapter], site_url: str,
                 part_names: dict[str, str]):
        self.site, self.lang, self.chapters = site, lang, chapters
        self.part_names = part_names
        self.site_url = site_url.rstrip("/") + "/"
        self.prefix = LANGS[lang]
        self.slugs = {normal(self.prefix + c.url): c.slug for c in chapters}
        self.styles: dict[str, None] = {}

    def page(self, chapter: Chapter) -> BeautifulSoup:
        path = self.site / self.prefix / chapter.url / "index.html"
        if not path.is_file():
            raise SystemExit(f"error: {path} is missing: build the site first (make build)")
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")

    def chapter(self, chapter: Chapter) -> tuple[Tag, str]:
        """The page's article as a section of the book, and the page's title."""
        soup = self.page(chapter)
        article = soup.select_one("article.md-content__inner")
        for junk in article.select(
            "a.headerlink, a.anchor-link, a.md-content__button, details.dlnotes-run-it, "
            "nav[data-dlnotes-alternate], .katex-mathml, .zeroclipboard-container, script, button"
        ):
            junk.decompose()
        for style in article.find_all("style"):
            self.styles[style.get_text()] = None
            style.decompose()
        base = self.prefix + chapter.url
        for tag in article.find_all(id=True):
            tag["id"] = f"{chapter.slug}--{tag['id']}"
        for link in article.find_all("a", href=True):
            link["href"] = self.href(base, chapter.slug, link["href"])
        for img in article.find_all("img", src=True):
            if not img["src"].startswith("data:"):
                img["src"] = self.file_uri(base, img["src"])
            img.attrs.pop("loading", None)
        for details in article.find_all("details"):
            details["open"] = ""
        if chapter.part is not None:
            for level in range(5, 0, -1):
                for heading in article.find_all(f"h{level}"):
                    heading.name = f"h{level + 1}"
        title = article.find(["h1", "h2"]).get_text(" ", strip=True)
        section = soup.new_tag("section", attrs={"class": "dlnotes-chapter md-typeset",
                                                  "id": chapter.slug})
        section.extend(list(article.children))
        return section, title

    def href(self, base: str, slug: str, href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            return href
        if not parts.path:
            return f"#{slug}--{parts.fragment}" if parts.fragment else f"#{slug}"
        target = normal(posixpath.join(base, parts.path))
        if target in self.slugs:
            other = self.slugs[target]
            return f"#{other}--{parts.fragment}" if parts.fragment else f"#{other}"
        # Not in the book (the API reference, downloads): the published page.
        tail = "/" if parts.path.endswith("/") and target else ""
        return self.site_url + target + tail + (f"#{parts.fragment}" if parts.fragment else "")

    def file_uri(self, base: str, src: str) -> str:
        path = self.site / normal(posixpath.join(base, urlsplit(src).path))
        if not path.is_file():
            raise SystemExit(f"error: {src} (from {base}) is not a file of the built site")
        return path.resolve().as_uri()

    def document(self, numbers: dict[str, int] | None = None) -> str:
        """The whole book as HTML; ``numbers`` fills the contents' page numbers."""
        home = self.page(self.chapters[0])
        shell = BeautifulSoup("<!doctype html><html><head><meta charset='utf-8'></head>"
                              "<body></body></html>", "html.parser")
        shell.html["lang"] = home.html.get("lang", self.lang)
        shell.html["dir"] = home.html.get("dir", "ltr")  # Material's [dir=ltr] rules
        head, body = shell.head, shell.body
        for link in home.select("head link[rel=stylesheet]"):
            head.append(shell.new_tag("link", rel="stylesheet",
                                      href=self.file_uri(self.prefix, link["href"])))
        site_name = home.select_one(".md-header__topic .md-ellipsis").get_text(strip=True)
        head.append(shell.new_tag("title"))
        head.title.string = site_name
        body["data-md-color-scheme"] = "default"
        body["data-md-color-primary"] = "indigo"
        body["data-md-color-accent"] = "indigo"

        sections, titles = [], {}
        for chapter in self.chapters:
            section, titles[chapter.slug] = self.chapter(chapter)
            sections.append((chapter, section))
        for css in self.styles:
            style = shell.new_tag("style")
            style.string = css
            head.append(style)
        style = shell.new_tag("style")
        style.string = PRINT_CSS
        head.append(style)

        description = home.find("meta", attrs={"name": "description"})["content"]
        cover = BeautifulSoup(
            '<section class="dlnotes-cover md-typeset"><p class="title"></p>'
            '<p class="subtitle"></p><p class="edition"></p></section>', "html.parser")
        cover.select_one(".title").string = site_name
        cover.select_one(".subtitle").string = description
        cover.select_one(".edition").string = (
            f"dlnotes {version('dlnotes')} · {self.site_url}{self.prefix}")
        body.append(cover)

        contents = shell.new_tag("nav", attrs={"class": "dlnotes-contents md-typeset"})
        contents_title = shell.new_tag("h1", id="contents")
        contents_title.string = CONTENTS[self.lang]
        top = shell.new_tag("ol")
        contents.extend([contents_title, top])
        body.append(contents)
        # In nav order; a part opens with a page of its own and an entry in the contents.
        part, entries = None, top
        for chapter, section in sections:
            if chapter.part != part:
                part, entries = chapter.part, top
                if part is not None:
                    name = self.part_names.get(part, part)
                    divider = shell.new_tag("section", attrs={
                        "class": "dlnotes-part md-typeset", "id": part_slug(part)})
                    heading = shell.new_tag("h1")
                    heading.string = name
                    divider.append(heading)
                    body.append(divider)
                    item = shell.new_tag("li")
                    entries = shell.new_tag("ol")
                    item.extend([self.toc_link(shell, part_slug(part), name, numbers), entries])
                    top.append(item)
            item = shell.new_tag("li")
            item.append(self.toc_link(shell, chapter.slug, titles[chapter.slug], numbers))
            entries.append(item)
            body.append(section)
        return str(shell)

    def toc_link(self, shell, target: str, title: str, numbers) -> Tag:
        link = shell.new_tag("a", href=f"#{target}")
        text = shell.new_tag("span", attrs={"class": "entry"})
        text.string = title
        leader = shell.new_tag("span", attrs={"class": "leader"})
        number = shell.new_tag("span", attrs={"class": "page"})
        number.string = str(numbers[target]) if numbers else PLACEHOLDER
        link.extend([text, leader, number])
        return link


def part_slug(title: str) -> str:
    """The id of a part's opening page, from its (English) nav title."""
    return "part-" + "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Page number (1-based) of each named destination that Chromium wrote."""
    reader = PdfReader(BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def print_pdf(page, html: str, work: Path) -> bytes:
    source = work / "book.html"
    source.write_text(html, "utf-8")
    page.goto(source.as_uri(), wait_until="load")
    page.evaluate("() => document.fonts.ready")
    seen = page.evaluate(FIT)
    if seen["broken"] or seen["cut"]:
        raise SystemExit("error: the book would print with "
                         + "; ".join(seen["broken"] + seen["cut"]))
    return page.pdf(
        format="A4", print_background=True, outline=True, tagged=True,
        display_header_footer=True, header_template="<span></span>",
        footer_template=FOOTER,
        margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
    )


def check_tools() -> None:
    """Chromium prints; a Chinese font must exist for it to embed (fontconfig)."""
    if not CHROMIUM.exists():
        raise SystemExit(f"error: {CHROMIUM} is missing: apt-get install chromium")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True,
                           check=False).stdout if shutil.which("fc-list") else ""
    if not fonts.strip():
        raise SystemExit("error: no Chinese font for the Chinese PDF: "
                         "apt-get install fonts-wqy-microhei")


def make_pdfs(site: Path, out: Path, browser=None) -> list[Path]:
    """Write ``out/dlnotes-<lang>.pdf`` for each language of the site built in ``site``.

    ``browser``: a Playwright Chromium already running in this thread (a test
    session's); Playwright's sync API allows one per thread. Default: start one.
    """
    check_tools()
    if browser is None:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=LAUNCH_ARGS, headless=True)
            try:
                return make_pdfs(site, out, chromium)
            finally:
                chromium.close()
    config = load_config(str(ROOT / "mkdocs.yml"))
    chapters = book(config)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    context = browser.new_context()
    page = context.new_page()
    # Loading a book of 200 pages and thousands of formulas takes seconds when the
    # machine is idle, many times that when it is busy: a wait, not a budget.
    page.set_default_timeout(900_000)
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGS:
            assembler = Assembler(site, lang, chapters, config["site_url"],
                                  part_titles(config, lang))
            first = print_pdf(page, assembler.document(), Path(tmp))
            targets = destination_pages(first)
            numbers = {}
            for name in {c.slug for c in chapters} | {part_slug(c.part) for c in chapters
                                                      if c.part is not None}:
                if name not in targets:
                    raise SystemExit(f"error: the first print has no destination {name!r}")
                numbers[name] = targets[name]
            final = print_pdf(page, assembler.document(numbers), Path(tmp))
            moved = {k: v for k, v in destination_pages(final).items()
                     if k in numbers and v != numbers[k]}
            if moved:
                raise SystemExit(f"error: filling in the contents moved {sorted(moved)}")
            path = out / f"dlnotes-{lang}.pdf"
            path.write_bytes(final)
            written.append(path)
    context.close()
    return written

if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    for path in make_pdfs(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"{path}: {len(PdfReader(path).pages)} pages")
