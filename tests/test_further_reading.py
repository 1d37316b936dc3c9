"""Every link of the source notes is kept: in the "Further reading" of a page, in both languages.

The notes are read from ``../shared/notes/*.txt`` (next to the repository, as in
CI). Their pictures are not links to keep: we do not have those images and the
site draws its own, so image hosts (``postimg.cc``, ``pic*.zhimg.com``) and
image files (``.png``, ``.jpg``, ``.jpeg``, ``.gif``) are left out.

A note link counts as kept when the *same* page lists it in the section
``{ #further-reading }`` of its English and of its Chinese version. Links are
compared after `normalize`:

- a trailing backslash (Markdown line-break junk in the notes) is dropped;
- ``http`` and ``https`` are the same link (the site links only https, see
  ``test_links.py``); the host is compared in lower case, the path
  percent-decoded;
- query keys that only track the visitor are dropped: ``utm_*``,
  ``spm_id_from``, ``vd_source`` and CSDN's ``depth_1-*``; every other key
  (``v``, ``list``, ``index`` on YouTube, ``p`` for the part of a bilibili
  video) names the content and must be kept, in any order;
- the ``#fragment`` is kept: it can name the content (a Jianshu route, a
  section of a CSDN article).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from markdown_pages import DOCS, ROOT, links, page_pairs, section

NOTES = ROOT.parent / "shared" / "notes"
URL = re.compile(r"https?://[^\s<>()\[\]\"'（）]+")
IMAGE_HOSTS = re.compile(r"(^|\.)postimg\.cc$|^pic\d*\.zhimg\.com$")
IMAGE_FILES = (".png", ".jpg", ".jpeg", ".gif")
TRACKING_KEYS = re.compile(r"utm_.*|spm_id_from|vd_source|depth_1-.*")


def normalize(url: str) -> str:
    """The identity of a link: what stays once scheme, tracking and junk are set aside."""
    parts = urlsplit(url.rstrip("\\"))
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_KEYS.fullmatch(key)
    )
    kept = "&".join(f"{key}={value}" for key, value in query)
    out = f"{parts.netloc.lower()}{unquote(parts.path)}"
    if kept:
        out += f"?{kept}"
    if parts.fragment:
        out += f"#{unquote(parts.fragment)}"
    return out


def is_image(url: str) -> bool:
    parts = urlsplit(url)
    return bool(IMAGE_HOSTS.search(parts.netloc.lower())) or parts.path.lower().endswith(
        IMAGE_FILES
    )


def note_links() -> list[str]:
    """Every non-image link of the notes, in order of appearance, without duplicates."""
    if not NOTES.is_dir():
        pytest.fail(f"the source notes are missing: no folder {NOTES}")
    found = {}
    for note in sorted(NOTES.glob("*.txt")):
        for url in URL.findall(note.read_text("utf-8")):
            url = url.rstrip("\\")
            if not is_image(url):
                found.setdefault(normalize(url), url)
    return list(found.values())


def further_reading(path) -> set[str]:
    """The normalized external links of a page's Further reading section."""
    if not path.exists():
        return set()
    text = section(path.read_text("utf-8"), "further-reading")
    return {normalize(t) for t in links(text) if t.startswith(("http://", "https://"))}


@functools.cache
def pages_keeping() -> dict[str, list[str]]:
    """For each normalized link: the pages whose two languages both list it."""
    kept: dict[str, list[str]] = {}
    for en, zh in page_pairs():
        for link in further_reading(en) & further_reading(zh):
            kept.setdefault(link, []).append(str(en.relative_to(DOCS)))
    return kept


LINKS = note_links() if NOTES.is_dir() else []


def test_notes_are_found_with_their_links():
    links_found = note_links()
    assert len(list(NOTES.glob("*.txt"))) == 5
    assert len(links_found) >= 50, f"only {len(links_found)} links found in {NOTES}"


@pytest.mark.parametrize("url", LINKS)
def test_note_link_is_in_further_reading_in_both_languages(url):
    kept = pages_keeping()
    target = normalize(url)
    if target in kept:
        return
    only = [
        f"{p.relative_to(DOCS)}"
        for en, zh in page_pairs()
        for p in (en, zh)
        if target in further_reading(p)
    ]
    detail = f" (only in {', '.join(only)})" if only else ""
    pytest.fail(f"{url} is in no page's Further reading in both languages{detail}")


def test_normalize_keeps_identity_and_drops_tracking():
    bilibili = normalize(
        "https://www.bilibili.com/video/BV1FT4y1E74V?p=27&spm_id_from=pageDriver"
        "&vd_source=1cae1771f5cc18363af9b40168893ecd\\"
    )
    assert bilibili == normalize("https://www.bilibili.com/video/BV1FT4y1E74V?p=27")
    assert bilibili != normalize("https://www.bilibili.com/video/BV1FT4y1E74V?p=28")
    csdn = "https://blog.csdn.net/mzpmzk/article/details/79839047"
    assert normalize(
        csdn + "?depth_1-utm_source=distribute.pc_relevant.none-task"
        "&utm_source=distribute.pc_relevant.none-task"
    ) == normalize(csdn)
    assert normalize("http://blog.csdn.net/a/1") == normalize("https://blog.csdn.net/a/1")
    youtube = "https://www.youtube.com/watch?v=Ilg3gGewQ5U&list=PL1&index=3"
    assert normalize(youtube) == normalize(
        "https://www.youtube.com/watch?index=3&list=PL1&v=Ilg3gGewQ5U"
    )
    assert normalize(youtube) != normalize("https://www.youtube.com/watch?v=tIeHLnjs5U8")
    jianshu = "https://www.jianshu.com/writer#/notebooks/1/notes/2/preview"
    assert normalize(jianshu) != normalize("https://www.jianshu.com/writer")
    assert is_image("https://i.postimg.cc/rsGbXXzH/2023-04-03-10-15-35.png")
    assert is_image("https://postimg.cc/0KQZD4YG")
    assert is_image("https://pic2.zhimg.com/80/v2-0db16c79b4a9ad7ec688347567e39632_720w.jpeg")
    assert not is_image("https://zhuanlan.zhihu.com/p/36902908")


def test_further_reading_section_is_read(tmp_path):
    """The section ends at the next heading of the same level; links elsewhere do not count."""
    page = tmp_path / "p.md"
    page.write_text(
        "# T { #t }\n[early](https://a.org/x)\n## Further reading { #further-reading }\n"
        "- [kept](https://b.org/y?utm_source=z)\n```python\n# [code](https://c.org)\n```\n"
        "## Later { #later }\n[late](https://d.org)\n",
        "utf-8",
    )
    assert further_reading(page) == {"b.org/y"}
