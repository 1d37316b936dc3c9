"""MkDocs hook: a Chinese page says so when a section is behind its English original.

Why it exists. Each Chinese page records, in its front matter, which version of
each English section it translates (``tools/translations.py`` writes the records,
``tests/test_translations.py`` fails when an English section changed and its twin
was neither updated nor marked ``pending``). Marking a section pending lets the
English go out before the translation is ready; this hook makes sure a Chinese
reader is told, right under the section's heading, that the text may be out of
date, with a link to the English section. Without it a pending mark would only be
visible to the people who read the source.
"""

from __future__ import annotations

import html
import logging
import re

from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.translations")

KEY = "translation"  # the front-matter key written by tools/translations.py
PENDING = "pending"
CHINESE = "zh"

NOTICE = (
    '<div class="admonition warning translation-pending">\n'
    '<p class="admonition-title">译文待更新</p>\n'
    "<p>这一节的英文原文已经修改，下面的中文还没有跟着更新，可能与原文不符。"
    '请以<a href="{href}" hreflang="en">英文原文</a>为准。</p>\n'
    "</div>\n"
)
HEADING = r'<h([1-6])\b[^>]*\bid="{id}"[^>]*>.*?</h\1>'


def pending_ids(meta: dict) -> list[str]:
    """The section ids marked pending in a page's front matter.

    >>> pending_ids({"translation": {"relu": "77ab12ef90 pending", "tanh": "0f4db0752b"}})
    ['relu']
    >>> pending_ids({"title": "x"})
    []
    """
    record = meta.get(KEY) or {}
    if not isinstance(record, dict):
        return []
    return [str(key) for key, value in record.items() if PENDING in str(value).split()]


def english_url(url: str) -> str:
    """The URL of the English twin of a Chinese page (URLs relative to the site root).

    >>> english_url("zh/foundations/activations/")
    'foundations/activations/'
    >>> english_url("zh/")
    ''
    """
    return re.sub(rf"^{CHINESE}/", "", url)


def section_href(page_url: str, section_id: str) -> str:
    """A link from the Chinese page at ``page_url`` to a section of its English twin.

    >>> section_href("zh/foundations/activations/", "relu")
    '../../../foundations/activations/#relu'
    >>> section_href("zh/", "glossary")
    '../#glossary'
    """
    target = english_url(page_url)
    href = get_relative_url(target, page_url)
    if (not target or target.endswith("/")) and not href.endswith("/"):
        href += "/"
    return f"{href}#{section_id}"


def add_pending_notices(page_html: str, ids: list[str], page_url: str) -> str:
    """The page's HTML with a notice under the heading of each pending section.

    A pending id that no heading carries is reported as a warning (which fails the
    strict build): the record and the page disagree.
    """
    for section_id in ids:
        heading = re.compile(HEADING.format(id=re.escape(section_id)), re.S)
        found = heading.search(page_html)
        if not found:
            log.warning(f"translation record: no heading with id {section_id!r} on {page_url}")
            continue
        notice = NOTICE.format(href=html.escape(section_href(page_url, section_id)))
        page_html = page_html[: found.end()] + "\n" + notice + page_html[found.end() :]
    return page_html


def is_chinese(page) -> bool:
    return page.file.src_uri.endswith(f".{CHINESE}.md")


def on_page_content(page_html, page, config, files):
    if not is_chinese(page):
        return page_html
    return add_pending_notices(page_html, pending_ids(page.meta), page.url)
