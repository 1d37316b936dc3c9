"""What a reader can take away from a page: the repository link, the package's wheel,
each topic page as a notebook, and the home page's list of all of it with the PDFs and
the offline copy (issue 11). Running them outside the site: tests/dist/."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from markdown_pages import DOCS, fences, page_pairs
from test_build import html_path

from conftest import ROOT, load_hook, mkdocs_config

pytestmark = pytest.mark.build

wheel_hook = load_hook("wheel")
notebooks_hook = load_hook("page_notebooks")
downloads_hook = load_hook("downloads")
CONFIG = mkdocs_config()
SITE_URL = CONFIG["site_url"]
WHEEL_URL = f"{SITE_URL}downloads/{wheel_hook.wheel_name()}"

TOPICS = [(md, lang) for en, zh in page_pairs()
          for md, lang in ((en, "en"), (zh, "zh"))
          if notebooks_hook.is_topic(en.relative_to(DOCS).as_posix())]


def page_dir(site: Path, md: Path, lang: str) -> Path:
    """The built folder of the page ``md`` (either language's source)."""
    return html_path(site, md.with_name(md.name.replace(".zh.md", ".md")), lang).parent


def notebook(site: Path, md: Path, lang: str) -> dict:
    name = notebooks_hook.notebook_name(md.relative_to(DOCS).as_posix())
    return json.loads((page_dir(site, md, lang) / name).read_text("utf-8"))


def python_fences(md: Path) -> list[str]:
    return [f.body.removesuffix("\n") for f in fences(md.read_text("utf-8"))
            if f.info.split()[0] in ("python", "py")]


def visible_text(page: str) -> str:
    page = re.sub(r"<annotation[^>]*>.*?</annotation>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_topic_pages_cover_parts_one_to_four():
    sections = {md.relative_to(DOCS).parts[0] for md, _ in TOPICS}
    assert sections == {"foundations", "training", "generalization", "practice", "questions"}
    assert len(TOPICS) == 2 * 24


def test_every_page_links_the_repository(built_site):
    repo = CONFIG["repo_url"]
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 90
    for page in pages:
        text = page.read_text("utf-8")
        assert f'href="{repo}"' in text, f"{page.relative_to(built_site)}: no repository link"
        # Material's JavaScript fetches repository facts for this marker (api.github.com)
        assert 'data-md-component="source"' not in text


def test_wheel_is_the_package_the_snippets_run(built_site):
    wheel = built_site / "downloads" / wheel_hook.wheel_name()
    assert not (built_site / "zh" / "downloads").exists()  # one copy, shared by both languages
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        sources = sorted((ROOT / "dlnotes").glob("*.py"))
        assert len(sources) > 10
        for path in sources:
            assert zf.read(f"dlnotes/{path.name}") == path.read_bytes(), path.name
        meta = zf.read("dlnotes-0.1.0.dist-info/METADATA").decode()
    assert not {n for n in names if n.startswith("dlnotes/") and n.endswith(".py")} - {
        f"dlnotes/{p.name}" for p in sources}
    assert "Name: dlnotes" in meta
    assert re.search(r"^Requires-Dist: numpy>=2", meta, re.M)


@pytest.mark.parametrize(("md", "lang"), TOPICS, ids=lambda v: getattr(v, "name", v))
def test_topic_page_offers_the_wheel_and_its_notebook(built_site, md, lang):
    page = (page_dir(built_site, md, lang) / "index.html").read_text("utf-8")
    box = re.search(r'<details class="tip dlnotes-run-it">(.*?)</details>', page, re.S)
    assert box, "no 'Run it yourself' box"
    assert f"<code>pip install {WHEEL_URL}</code>" in box[1]
    name = notebooks_hook.notebook_name(md.relative_to(DOCS).as_posix())
    assert f'<a href="{name}" download>' in box[1]
    assert page.index(box[0]) > page.index("</h1>"), "the box belongs under the title"
    assert ("自己运行" in box[1]) == (lang == "zh")


@pytest.mark.parametrize(("md", "lang"), TOPICS, ids=lambda v: getattr(v, "name", v))
def test_page_notebook_holds_the_page_snippets_and_their_output(built_site, md, lang):
    nb = notebook(built_site, md, lang)
    nbformat.validate(nbformat.from_dict(nb))
    first, *cells = nb["cells"]
    assert first["cell_type"] == "code"
    assert first["source"].endswith(f"%pip install --quiet {WHEEL_URL}")
    code = [c for c in cells if c["cell_type"] == "code"]
    assert [c["source"] for c in code] == python_fences(md)
    page = visible_text((page_dir(built_site, md, lang) / "index.html").read_text("utf-8"))
    title = re.search(r"^# (.*?)(?:\s*\{.*\})?$", md.read_text("utf-8"), re.M)[1]
    assert cells[0]["cell_type"] == "markdown"
    assert cells[0]["source"].startswith(f"# {title}")
    for cell in code:
        printed = "".join(o["text"] for o in cell["outputs"] if o["name"] == "stdout")
        assert not [o for o in cell["outputs"] if o["name"] == "stderr"], cell["source"][:80]
        # run one after another in one namespace, the cells print what the page shows
        assert printed.strip() in page, f"output not on the page:\n{printed[:300]}"
    prose = "\n".join(c["source"] for c in cells if c["cell_type"] == "markdown")
    assert "$" in prose or "questions" in md.parts, "math lost"
    for marker in ("!!! ", "/// ", "{ #", ".md)", "../"):
        assert marker not in prose, f"Material syntax left in the notebook: {marker!r}"


def test_page_notebook_links_point_at_pages_and_figures_of_the_site(built_site):
    checked = 0
    for md, lang in TOPICS:
        nb = notebook(built_site, md, lang)
        prose = "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown")
        for target in re.findall(r"\]\((" + re.escape(SITE_URL) + r"[^)\s]*)\)", prose):
            parts = urlsplit(target)
            path = built_site / parts.path.removeprefix(urlsplit(SITE_URL).path)
            path = path / "index.html" if target.split("#")[0].endswith("/") else path
            assert path.is_file(), f"{md.name} [{lang}]: {target} is not in the site"
            if parts.fragment:
                assert f'id="{parts.fragment}"' in path.read_text("utf-8"), target
            checked += 1
    assert checked > 300


def test_written_install_lines_name_the_current_wheel():
    texts = [*DOCS.rglob("*.md"), ROOT / "README.md", ROOT / "README.zh.md"]
    found = [(p.name, url) for p in texts
             for url in re.findall(r"pip install (\S+\.whl)", p.read_text("utf-8"))]
    assert len(found) >= 6  # home and labs pages, both READMEs
    assert {url for _, url in found} == {WHEEL_URL}, found


def take_away_box(site: Path, lang: str) -> str:
    page = html_path(site, DOCS / "index.md", lang).read_text("utf-8")
    box = re.search(r'<details class="tip dlnotes-take-away" id="take-away">(.*?)</details>',
                    page, re.S)
    assert box, f"[{lang}] the home page has no 'Take it with you' box"
    assert page.index(box[0]) > page.index("</h1>"), "the box belongs under the title"
    return box[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_page_lists_what_a_reader_can_take_away(built_site, lang):
    """Without DLNOTES_DOWNLOADS (every build but the deploy's), no PDF or zip is linked,
    and the box says how to make them; the notebooks and the wheel are always there."""
    box = take_away_box(built_site, lang)
    assert f"<code>pip install {WHEEL_URL}</code>" in box
    notebook_link = re.search(r'<a href="([^"]+\.ipynb)" download>', box)[1]
    assert (html_path(built_site, DOCS / "index.md", lang).parent / notebook_link).is_file()
    assert '<a href="labs/">' in box
    assert not any(name in box for name in downloads_hook.FILES)
    assert "make pdf" in box
    assert "make offline" in box
    assert ("把内容带走" in box) == (lang == "zh")


def test_published_downloads_are_the_files_the_make_targets_write():
    """downloads.py publishes what `make pdf` and `make offline` write to dist/, and the
    deploy workflow makes them before the build that publishes them."""
    pdf_tool = (ROOT / "tools" / "pdf.py").read_text("utf-8")
    langs = re.search(r"^LANGS = \{(.*?)\}", pdf_tool, re.M)[1]
    made = {f"dlnotes-{lang}.pdf" for lang in re.findall(r'"(\w+)":', langs)}
    makefile = (ROOT / "Makefile").read_text("utf-8")
    made |= {Path(p).name for p in re.findall(r"offline_zip\.py \S+ (\S+)", makefile)}
    assert made == set(downloads_hook.FILES)
    assert "$(BIN)/python tools/pdf.py site dist" in makefile
    deploy = (ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8").split("deploy:")[1]
    assert deploy.index("make offline pdf") < deploy.index("DLNOTES_DOWNLOADS=dist make build")
