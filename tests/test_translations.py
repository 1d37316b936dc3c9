"""Translations cannot silently drift: a Chinese section records the English version it translates.

The records and the command that writes them are in ``tools/translations.py``
(see its docstring); the notice a reader sees for a pending section comes from
``docs/_hooks/translations.py``. The first test is the check itself, one case per
page: it fails when an English section changed (or appeared, or went away) and
the Chinese page's record was neither updated nor marked pending. The others test
the hashing, the check, the commands and the notice on temporary copies.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from markdown_pages import DOCS, ROOT

from conftest import load_hook

TOOL_PATH = ROOT / "tools" / "translations.py"


def _load_tool():
    # Registered under a private name: the tool's dataclasses need their module in
    # sys.modules, and the name must not clash with the hook of the same file name.
    name = "_dlnotes_tool_translations"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, TOOL_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
hook = load_hook("translations")
PAIRS = tool.page_pairs(DOCS)


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=[str(en.relative_to(DOCS)) for en, _ in PAIRS])
def test_translation_record_is_current(en, zh):
    problems = tool.check_pair(en, zh)
    assert not problems, "\n".join(map(str, problems)) + (
        f"\n(see tools/translations.py: `update {zh.relative_to(ROOT)} ID ...` once translated, "
        f"`pending {zh.relative_to(ROOT)} ID ...` to publish the English first)"
    )


def test_translation_records_cover_topic_pages_questions_glossary_errata_and_index():
    covered = {str(en.relative_to(DOCS)) for en, _ in PAIRS}
    for page in ("index.md", "glossary.md", "errata.md", "foundations/activations.md",
                 "questions/training.md", "reference/layers.md"):
        assert page in covered


# --- hashing and sections ------------------------------------------------------------------


def test_text_hash_ignores_whitespace_only():
    base = tool.text_hash("## ReLU { #relu }\n\nmax(0, z).\n")
    assert base == "a097343f67"  # sha256 of the normalised text, first 10 hex digits
    assert tool.text_hash("## ReLU  { #relu }\nmax(0,\n   z).") == base
    assert tool.text_hash("## ReLU { #relu }\n\nmax(0, z)!\n") != base
    assert tool.text_hash("## ReLU { #relu }\n\nmax(0,z).\n") != base  # a space counts


def test_sections_split_at_every_heading_outside_code():
    text = (
        "---\ntranslation: {}\n---\n# Page { #page }\n\nIntro.\n\n## A { #a }\n\n"
        "```python\n# not a heading\nx = 1\n```\n\n### A1 { #a1 }\n\nDeep.\n\n## B\n\nb\n\n## B\n"
    )
    parts = tool.sections(text)
    assert list(parts) == ["page", "a", "a1", "B", "B~2"]
    assert parts["a"].startswith("## A { #a }")
    assert "# not a heading" in parts["a"]
    assert "Deep." not in parts["a"]  # a subsection is its own section
    assert "translation" not in parts["page"]  # the front matter belongs to no section


# --- records -------------------------------------------------------------------------------


def test_record_round_trip_keeps_body_other_keys_and_digit_only_hashes():
    body = "# Titre { #t }\n\n---\n\nText.\n"
    record = {"t": tool.Entry("0000000012", False), "u": tool.Entry("12345e1234", True),
              "no": tool.Entry(None, True)}
    text = tool.write_record(f"---\ntitle: 标题\n---\n{body}", record)
    assert text.endswith(body)
    assert tool.split_front_matter(text)[0]["title"] == "标题"
    assert tool.read_record(text) == record
    assert tool.read_record(body) is None


def make_docs(tmp_path: Path) -> tuple[Path, Path, Path]:
    docs = tmp_path / "docs"
    (docs / "part").mkdir(parents=True)
    en = docs / "part" / "page.md"
    zh = docs / "part" / "page.zh.md"
    en.write_text("# Page { #page }\n\nIntro.\n\n## One { #one }\n\nFirst.\n\n## Two { #two }\n\n"
                  "Second.\n", "utf-8")
    zh.write_text("# 页面 { #page }\n\n引言。\n\n## 一 { #one }\n\n第一。\n\n## 二 { #two }\n\n"
                  "第二。\n", "utf-8")
    return docs, en, zh


def sections_with_problems(en, zh):
    return [p.section for p in tool.check_pair(en, zh)]


def test_check_fails_without_a_record_and_passes_after_update(tmp_path):
    docs, en, zh = make_docs(tmp_path)
    assert sections_with_problems(en, zh) == [""]
    assert tool.update(en, zh) == ["page", "one", "two"]
    assert tool.check(docs) == []
    assert zh.read_text("utf-8").endswith("## 二 { #two }\n\n第二。\n")  # the body is untouched
    assert tool.update(en, zh) == []  # nothing to record twice


def test_check_names_the_english_section_that_changed(tmp_path):
    _, en, zh = make_docs(tmp_path)
    tool.update(en, zh)
    en.write_text(en.read_text("utf-8").replace("Second.", "Second, reworded."), "utf-8")
    assert sections_with_problems(en, zh) == ["two"]
    en.write_text(en.read_text("utf-8").replace("reworded.", "reworded.\n\n\n"), "utf-8")
    assert sections_with_problems(en, zh) == ["two"]  # still the same words


def test_check_ignores_rewrapping_and_chinese_only_edits(tmp_path):
    docs, en, zh = make_docs(tmp_path)
    tool.update(en, zh)
    rewrapped = en.read_text("utf-8").replace("{ #one }\n\nFirst.", "{ #one }\nFirst.")
    en.write_text(rewrapped, "utf-8")
    zh.write_text(zh.read_text("utf-8").replace("第一。", "第一，改过。"), "utf-8")
    assert tool.check(docs) == []


def test_check_reports_new_and_removed_sections(tmp_path):
    docs, en, zh = make_docs(tmp_path)
    tool.update(en, zh)
    text = en.read_text("utf-8").replace("## Two { #two }", "## Three { #three }")
    en.write_text(text, "utf-8")
    assert sorted(sections_with_problems(en, zh)) == ["three", "two"]
    tool.update(en, zh, ["three"])
    assert tool.check(docs) == []
    assert "two" not in tool.read_record(zh.read_text("utf-8"))


def test_pending_passes_the_check_until_the_translation_is_recorded(tmp_path):
    docs, en, zh = make_docs(tmp_path)
    tool.update(en, zh)
    old = tool.read_record(zh.read_text("utf-8"))["two"].hash
    en.write_text(en.read_text("utf-8").replace("Second.", "Second, reworded."), "utf-8")
    assert tool.mark_pending(en, zh, ["two"]) == ["two"]
    assert tool.check(docs) == []
    entry = tool.read_record(zh.read_text("utf-8"))["two"]
    assert entry == tool.Entry(old, True)  # still says which version the Chinese translates
    assert tool.update(en, zh, ["two"]) == ["two"]
    assert not tool.read_record(zh.read_text("utf-8"))["two"].pending
    assert tool.check(docs) == []


def test_update_of_some_sections_leaves_the_others_failing(tmp_path):
    _, en, zh = make_docs(tmp_path)
    tool.update(en, zh)
    en.write_text(en.read_text("utf-8").replace("First.", "1st.").replace("Second.", "2nd."))
    tool.update(en, zh, ["one"])
    assert sections_with_problems(en, zh) == ["two"]
    with pytest.raises(ValueError, match="no section nope"):
        tool.update(en, zh, ["nope"])
    with pytest.raises(ValueError, match="no section nope"):
        tool.mark_pending(en, zh, ["nope"])


def test_command_line_check_update_and_pending(tmp_path, capsys, monkeypatch):
    docs, en, zh = make_docs(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert tool.main(["check"], docs=docs) == 1
    assert "no translation record" in capsys.readouterr().out
    assert tool.main(["update"], docs=docs) == 0
    assert tool.main(["check"], docs=docs) == 0
    en.write_text(en.read_text("utf-8").replace("First.", "1st."), "utf-8")
    assert tool.main(["check"], docs=docs) == 1
    assert "docs/part/page.zh.md#one" in capsys.readouterr().out
    assert tool.main(["pending", "part/page.md", "one"], docs=docs) == 0
    assert tool.main(["check"], docs=docs) == 0
    assert "docs/part/page.zh.md#one" in capsys.readouterr().out  # listed as pending
    assert tool.main(["update", "docs/part/page.zh.md", "one"], docs=docs) == 0
    assert tool.read_record(zh.read_text("utf-8"))["one"].pending is False
    assert tool.main(["pending", "part/page.md", "nope"], docs=docs) == 2
    assert tool.main(["update", "part/missing.md"], docs=docs) == 2


# --- the notice --------------------------------------------------------------------------


PAGE_HTML = (
    '<h1 id="page">页面</h1>\n<p>引言。</p>\n'
    '<h2 id="one">一<a class="headerlink" href="#one" title="Permanent link">¶</a></h2>\n'
    "<p>第一。</p>\n"
    '<h2 id="two">二<a class="headerlink" href="#two">¶</a></h2>\n<p>第二。</p>\n'
)


def fake_page(src_uri: str, url: str, meta: dict):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url, meta=meta)


def test_notice_goes_right_under_the_pending_heading_and_links_to_english():
    out = hook.add_pending_notices(PAGE_HTML, ["one"], "zh/part/page/")
    assert out.count("translation-pending") == 1
    before, after = out.split('<h2 id="one">')
    assert "translation-pending" not in before
    heading_end = after.index("</h2>")
    notice = after.index("translation-pending")
    assert heading_end < notice < after.index("<p>第一。</p>")
    assert '<a href="../../../part/page/#one" hreflang="en">英文原文</a>' in out
    assert "译文待更新" in out


def test_on_page_content_adds_notices_only_for_pending_sections_of_chinese_pages():
    meta = {"translation": {"page": "a097343f67", "two": "0123456789 pending"}}
    page = fake_page("part/page.zh.md", "zh/part/page/", meta)
    out = hook.on_page_content(PAGE_HTML, page, None, None)
    assert out.count("translation-pending") == 1
    assert out.index("translation-pending") > out.index('<h2 id="two">')
    english = fake_page("part/page.md", "part/page/", meta)
    assert hook.on_page_content(PAGE_HTML, english, None, None) == PAGE_HTML
    done = fake_page("part/page.zh.md", "zh/part/page/", {"translation": {"two": "0123456789"}})
    assert hook.on_page_content(PAGE_HTML, done, None, None) == PAGE_HTML


def test_notice_for_an_id_the_page_lacks_is_a_warning(caplog):
    out = hook.add_pending_notices(PAGE_HTML, ["gone"], "zh/part/page/")
    assert out == PAGE_HTML
    assert "no heading with id 'gone'" in caplog.text


def test_hook_and_tool_agree_on_what_is_pending():
    record = {"t": tool.Entry("abc", True), "u": tool.Entry("d", False)}
    record["v"] = tool.Entry(None, True)
    text = tool.write_record("# T { #t }\n", record)
    meta = tool.split_front_matter(text)[0]
    assert hook.pending_ids(meta) == tool.pending_ids(meta) == ["t", "v"]
