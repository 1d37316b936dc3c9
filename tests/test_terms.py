"""One Chinese name per concept: the Chinese pages never use a rejected variant in prose.

The data is the table of the glossary's section ``{ #terms }`` (用词约定), in both
languages: one row per concept, with the term the site uses and, in backticks, the
variants it does not use. Writing the variants as code keeps the glossary itself
from tripping the check (code is not prose).

Where the check looks: every ``docs/**/*.zh.md``, the Markdown cells of every
``docs/labs/*.zh.py`` and ``README.zh.md``.

What is not prose, and so never fails the check:

- code (fenced or inline), math (``$…$``, ``$$…$$``), HTML comments, YAML front
  matter and link targets (the ``(…)`` of a link; its text is prose);
- the text of a link to another site: it is the title of someone else's article;
- block quotes (``> …``): this is how the pages quote the notes verbatim (the
  "笔记原文" boxes of the errata and of the ``!!! note`` corrections);
- text inside Chinese quotation marks “…” or 「…」: a quotation of the notes, or a
  mention of a word rather than a use of it (“反向 dropout”读起来像……);
- a gloss in full-width parentheses right after the term the site uses (or after a
  link whose text ends with it), so that a first mention may give the English:
  批归一化（batch normalization，BN）;
- in the glossary, every table cell without a Chinese character (the English names).

A variant that contains Latin letters matches as a whole word (ASCII word
boundaries: ``BN层`` matches, ``BNN`` does not), case-insensitively and with any
run of whitespace where the variant has a space; a Chinese variant matches as a
substring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_pages import (
    DISPLAY_MATH,
    DOCS,
    HTML_COMMENT,
    INLINE_CODE,
    INLINE_MATH,
    ROOT,
    section,
    without_fences,
)

GLOSSARY = DOCS / "glossary.md"
GLOSSARY_ZH = DOCS / "glossary.zh.md"
TERMS_ID = "terms"

FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)
EXTERNAL_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?:https?:)?//[^)\s]*(?:\s+\"[^\"]*\")?\)")
LINK_TARGET = re.compile(r"(?<=\])\([^)\s]+(?:\s+\"[^\"]*\")?\)")
BLOCKQUOTE = re.compile(r"^[ \t]*>.*$", re.M)
QUOTED = re.compile(r"“[^“”]{0,300}”|「[^「」]{0,300}」")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Term:
    concept: str  # the English name of the concept
    preferred: str  # the Chinese term the site uses
    rejected: tuple[str, ...]  # the variants the Chinese prose must not use


def parse_terms(text: str) -> list[Term]:
    """The rows of the glossary's ``{ #terms }`` table.

    English rows are ``| Concept | Chinese term | `variant`, … |``; Chinese rows
    are ``| 概念 | 采用 | `variant`、… |``. Both put the concept first.
    """
    rows = []
    for line in section(text, TERMS_ID).splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or set(cells[0]) <= set("-: ") or cells[0] in ("Concept", "概念"):
            continue
        rejected = tuple(re.findall(r"`([^`]+)`", cells[2]))
        rows.append(Term(cells[0], cells[1], rejected))
    return rows


def variant_pattern(variant: str) -> re.Pattern[str]:
    """How a rejected variant is found in prose (see the module docstring)."""
    parts = [re.escape(p) for p in variant.split()]
    body = r"\s*".join(parts) if CJK.search(variant) else r"\s+".join(parts)
    if not LATIN.search(variant):
        return re.compile(body)
    left = r"(?<![A-Za-z0-9_])" if LATIN.match(variant) else ""
    right = r"(?![A-Za-z0-9_])" if LATIN.search(variant[-1]) else ""
    return re.compile(left + body + right, re.I)


def _blank(match: re.Match[str]) -> str:
    """The matched text as spaces, line breaks kept (so line numbers stay right)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def markdown_of_lab(text: str) -> str:
    """The Markdown cells of a jupytext percent script, ``# `` prefixes removed;
    code cells become blank lines (line numbers kept)."""
    out, in_markdown = [], False
    for line in text.split("\n"):
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line
            out.append("")
        elif in_markdown:
            out.append(re.sub(r"^#[ ]?", "", line))
        else:
            out.append("")
    return "\n".join(out)


def chinese_prose(text: str, *, preferred: tuple[str, ...] = (), glossary: bool = False) -> str:
    """The running text of a Chinese page, every exempt span blanked out."""
    body = FRONT_MATTER.sub(_blank, text)
    body = without_fences(body)
    for pattern in (HTML_COMMENT, DISPLAY_MATH, INLINE_CODE, INLINE_MATH):
        body = pattern.sub(_blank, body)
    body = EXTERNAL_LINK.sub(_blank, body)
    body = LINK_TARGET.sub(_blank, body)
    body = BLOCKQUOTE.sub(_blank, body)
    body = QUOTED.sub(_blank, body)
    for term in preferred:
        gloss = re.compile(rf"(?<={re.escape(term)})\]?[ \t]*（[^（）\n]*）")
        body = gloss.sub(_blank, body)
    if glossary:
        lines = body.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("|"):  # a cell with no Chinese in it is an English name
                cells = [c if CJK.search(c) else " " * len(c) for c in line.split("|")]
                lines[i] = "|".join(cells)
        body = "\n".join(lines)
    return body


def find_variants(
    text: str, terms: list[Term], *, glossary: bool = False
) -> list[tuple[int, str, str]]:
    """(line, variant found, term to use instead) for every rejected variant in the prose."""
    body = chinese_prose(text, preferred=tuple(t.preferred for t in terms), glossary=glossary)
    found = []
    for term in terms:
        for variant in term.rejected:
            for m in variant_pattern(variant).finditer(body):
                found.append((body.count("\n", 0, m.start()) + 1, m.group(0), term.preferred))
    return sorted(found)


def chinese_sources() -> list[Path]:
    pages = sorted(DOCS.rglob("*.zh.md"))
    labs = sorted((DOCS / "labs").glob("*.zh.py"))
    readme = [ROOT / "README.zh.md"] if (ROOT / "README.zh.md").exists() else []
    return pages + labs + readme


def source_text(path: Path) -> str:
    text = path.read_text("utf-8")
    return markdown_of_lab(text) if path.suffix == ".py" else text


TERMS = parse_terms(GLOSSARY_ZH.read_text("utf-8")) if GLOSSARY_ZH.exists() else []
SOURCES = chinese_sources()


def test_terms_table_is_the_same_in_both_languages():
    terms_en = parse_terms(GLOSSARY.read_text("utf-8"))
    assert len(TERMS) >= 9, f"only {len(TERMS)} rows in the {{ #terms }} table of glossary.zh.md"
    assert terms_en == TERMS


def test_terms_table_rows_are_complete_and_sorted():
    assert all(t.concept and t.preferred and t.rejected for t in TERMS), TERMS
    concepts = [t.concept.casefold() for t in TERMS]
    assert concepts == sorted(concepts)
    variants = [v.casefold() for t in TERMS for v in t.rejected]
    assert len(variants) == len(set(variants)), "a variant is listed twice"


def test_preferred_terms_are_glossary_names_and_never_rejected():
    glossary = GLOSSARY_ZH.read_text("utf-8")
    letters = glossary.split(f"{{ #{TERMS_ID} }}")[0]
    names = [
        line.split("|")[1].strip()
        for line in letters.splitlines()
        if line.startswith("|") and line.count("|") == 4
    ]
    for term in TERMS:
        assert any(term.preferred in name for name in names), (
            f"{term.preferred!r} is not the Chinese name of any glossary entry"
        )
        for other in TERMS:
            for variant in other.rejected:
                assert not variant_pattern(variant).search(term.preferred), (
                    f"the preferred term {term.preferred!r} contains the variant {variant!r}"
                )


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_chinese_prose_uses_no_rejected_variant(path):
    found = find_variants(source_text(path), TERMS, glossary=path == GLOSSARY_ZH)
    assert not found, f"{path.relative_to(ROOT)}: " + "; ".join(
        f"line {line}: {variant!r} (use {preferred!r})" for line, variant, preferred in found
    )


# --- the rules themselves -------------------------------------------------------------

SAMPLE_TERMS = [
    Term("Batch normalization", "批归一化", ("Batch Norm", "BN")),
    Term("Early stopping", "提前停止", ("早停",)),
    Term("Inverted dropout", "反向随机失活", ("反向 dropout", "inverted dropout")),
]


def variants_in(text: str) -> list[str]:
    return [variant for _, variant, _ in find_variants(text, SAMPLE_TERMS)]


def test_find_variants_reports_prose_uses_with_their_line():
    text = "# 标题 { #t }\n\n训练时加上 BN 层，\n再用早停。\n"
    assert find_variants(text, SAMPLE_TERMS) == [(3, "BN", "批归一化"), (4, "早停", "提前停止")]


def test_find_variants_latin_variants_match_whole_words_in_any_case():
    assert variants_in("在隐藏层后面接BN层。") == ["BN"]
    assert variants_in("用 batch  norm 的网络。") == ["batch  norm"]
    assert variants_in("先讲 Inverted\ndropout。") == ["Inverted\ndropout"]
    assert variants_in("这是反向dropout。") == ["反向dropout"]
    assert variants_in("BNN 和 Batch Normalization 都不是。") == []


def test_find_variants_skips_code_math_and_link_targets():
    text = (
        "```python\nbn = BatchNorm()  # BN\n```\n\n"
        "调用 `BN` 层；公式 $\\text{BN}(z)$；见[这一节](../x.md#early-早停)。\n"
    )
    assert variants_in(text) == []


def test_find_variants_skips_quotes_blockquotes_and_external_titles():
    text = (
        "> 笔记原文：加 BN，然后早停\n\n"
        "!!! note \"更正\"\n    > 用反向 dropout\n\n"
        "笔记把它叫作“早停”，本站不用这个说法。\n\n"
        "- [深入理解 Batch Norm](https://example.com/bn)（博客）\n"
    )
    assert variants_in(text) == []


def test_find_variants_allows_a_gloss_right_after_the_preferred_term_only():
    assert variants_in("批归一化（Batch Norm，BN）让训练更稳。") == []
    assert variants_in("这一层（BN）让训练更稳。") == ["BN"]
    assert variants_in("见[批归一化](../training/batch-norm.md)（Batch Norm）。") == []


def test_find_variants_skips_the_english_column_of_the_glossary():
    row = (
        "| 批归一化 | Batch normalization (Batch Norm, BN) "
        "| [批归一化](training/batch-norm.md#x) |\n"
    )
    assert find_variants(row, SAMPLE_TERMS, glossary=True) == []
    assert [v for _, v, _ in find_variants(row, SAMPLE_TERMS)] == ["BN", "Batch Norm"]


def test_markdown_of_lab_keeps_markdown_cells_only():
    lab = "# %% [markdown]\n# 用早停。\n\n# %%\nx = 1  # 早停\n"
    assert markdown_of_lab(lab).split("\n") == ["", "用早停。", "", "", "", ""]
    assert [v for _, v, _ in find_variants(markdown_of_lab(lab), SAMPLE_TERMS)] == ["早停"]


def test_parse_terms_reads_backticked_variants():
    text = (
        "## 用词约定 { #terms }\n\n| 概念 | 采用 | 不用 |\n|---|---|---|\n"
        "| Early stopping | 提前停止 | `早停`、`提早停止` |\n\n"
        "## 下一节 { #next }\n| a | b | `c` |\n"
    )
    expected = [Term("Early stopping", "提前停止", ("早停", "提早停止"))]
    assert parse_terms(text) == expected
