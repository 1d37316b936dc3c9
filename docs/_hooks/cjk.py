"""MkDocs hook: no stray spaces where a Chinese sentence wraps in the source.

Markdown turns a line break inside a paragraph into a space. Between two
Chinese characters that space is wrong (browsers still show it), so authors
would have to write each paragraph on one line. This hook removes line breaks
that sit between two CJK characters (ideographs or full-width punctuation),
outside ``<pre>`` and ``<code>``.
"""

from __future__ import annotations

import re

CJK = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
BREAK = re.compile(rf"({CJK})[ \t]*\n[ \t]*(?={CJK})")
CODE = re.compile(r"(<(pre|code|script|style)\b.*?</\2>)", re.S)


def join_cjk_lines(html: str) -> str:
    parts = CODE.split(html)
    # CODE.split yields [text, code, tag name, text, code, tag name, ...]
    return "".join(
        BREAK.sub(r"\1", part) if i % 3 == 0 else part
        for i, part in enumerate(parts)
        if i % 3 != 2
    )


def on_page_content(html, page, config, files):
    return join_cjk_lines(html)
