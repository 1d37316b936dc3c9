"""Both languages, always: every page has its twin with the same code, ids and figures."""

import pytest
from markdown_pages import (
    DOCS,
    code_without_comments,
    fences,
    headings,
    images,
    lab_code_cells,
    lab_pairs,
    links,
    page_pairs,
)

PAIRS = page_pairs()
IDS = [str(en.relative_to(DOCS)) for en, _ in PAIRS]


def test_page_pairs_found():
    assert len(PAIRS) >= 2


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=IDS)
def test_page_exists_in_both_languages(en, zh):
    missing = [p.name for p in (en, zh) if not p.exists()]
    assert not missing, f"missing twin(s): {missing}"


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=IDS)
def test_page_code_is_identical_apart_from_comments(en, zh):
    if not (en.exists() and zh.exists()):
        pytest.fail("page pair incomplete (see test_page_exists_in_both_languages)")
    f_en, f_zh = fences(en.read_text("utf-8")), fences(zh.read_text("utf-8"))
    assert len(f_en) == len(f_zh), f"{len(f_en)} code blocks in English, {len(f_zh)} in Chinese"
    for a, b in zip(f_en, f_zh, strict=True):
        assert a.info == b.info, f"fence options differ: line {a.line} vs {b.line}"
        assert code_without_comments(a) == code_without_comments(b), (
            f"code differs: {en.name} line {a.line} vs {zh.name} line {b.line}"
        )


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=IDS)
def test_page_headings_have_same_ids(en, zh):
    if not (en.exists() and zh.exists()):
        pytest.fail("page pair incomplete (see test_page_exists_in_both_languages)")
    h_en, h_zh = headings(en.read_text("utf-8")), headings(zh.read_text("utf-8"))
    no_id = [title for _, title, anchor in h_en + h_zh if anchor is None]
    assert not no_id, f"headings without an explicit {{ #id }}: {no_id}"
    assert [(lvl, a) for lvl, _, a in h_en] == [(lvl, a) for lvl, _, a in h_zh]


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=IDS)
def test_page_figures_and_internal_links_match(en, zh):
    if not (en.exists() and zh.exists()):
        pytest.fail("page pair incomplete (see test_page_exists_in_both_languages)")
    t_en, t_zh = en.read_text("utf-8"), zh.read_text("utf-8")
    assert [src for _, src in images(t_en)] == [src for _, src in images(t_zh)]
    empty_alt = [src for alt, src in images(t_en) + images(t_zh) if not alt.strip()]
    assert not empty_alt, f"images without alt text: {empty_alt}"

    def internal(text):
        return sorted(t for t in links(text) if "://" not in t and not t.startswith("mailto:"))

    assert internal(t_en) == internal(t_zh)


LABS = lab_pairs()


@pytest.mark.parametrize(("en", "zh"), LABS, ids=[en.name for en, _ in LABS])
def test_lab_exists_in_both_languages_with_same_code(en, zh):
    missing = [p.name for p in (en, zh) if not p.exists()]
    assert not missing, f"missing twin(s): {missing}"
    c_en, c_zh = lab_code_cells(en), lab_code_cells(zh)
    assert len(c_en) == len(c_zh), f"{len(c_en)} code cells in English, {len(c_zh)} in Chinese"
    for i, (a, b) in enumerate(zip(c_en, c_zh, strict=True)):
        assert code_without_comments(a) == code_without_comments(b), f"code cell {i + 1} differs"
