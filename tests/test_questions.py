"""The self-check pages: numbered questions, one folded answer each, computed answers tested.

Each page of ``docs/questions/`` (both languages) holds at least 10 questions,
``### Qn. ... { #qn }`` with ``n`` = 1, 2, ... in order. Every question has
exactly one answer, folded in a ``/// details | ...`` block (pymdownx.blocks).
Inside such a block the content is not indented, so a code fence in an answer
is a top-level fence that pytest-markdown-docs collects and runs; the tests
check that every answer fence is unindented, is a markdown-exec Python fence,
and is really collected. At least a third of the answers compute something.
Every answer links to the section of the notes that explains it, and a
multiple-choice answer names one of the options first.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_pages import DOCS, ROOT, fences, headings, links, without_fences

PARTS = ["foundations", "training", "generalization", "practice"]
PAGES = [DOCS / "questions" / f"{part}{suffix}.md" for part in PARTS for suffix in ("", ".zh")]
IDS = [str(page.relative_to(DOCS)) for page in PAGES]

EXEC_FENCE = 'python exec="on" source="above" result="text"'
QUESTION = re.compile(r"^### Q(\d+)\. \S.*\{ #(q\d+) \}$")
ANSWER_OPEN = re.compile(r"^/// details \| \S")
BLOCK_CLOSE = "///"
OPTION = re.compile(r"^- \*\*\(([a-e])\)\*\*", re.M)
CHOSEN = re.compile(r"^\*\*\(([a-e])\)")
NOTES_LINK = re.compile(
    r"^\.\./(foundations|training|generalization|practice)/([\w-]+)\.md(?:#([\w-]+))?$"
)
COLLECTED = re.compile(r"^(\S+\.md)::\[CodeFence#\d+\]\[line:(\d+)\]$", re.M)


@dataclass
class Question:
    number: int
    anchor: str
    line: int  # 1-based line of the heading
    text: str  # the question, between the heading and the answer
    answers: list[tuple[int, int]]  # (first, last) 1-based lines of each answer block
    answer_text: str  # the first answer block, markers excluded


def parse(path: Path) -> list[Question]:
    """The ``### Q`` questions of a page, each with its folded answer blocks."""
    text = path.read_text("utf-8")
    lines = text.splitlines()
    code_free = without_fences(text).splitlines()  # same lines, fences blanked
    heading_lines = [i for i, line in enumerate(code_free) if line.startswith("#")]
    questions = []
    for start in heading_lines:
        found = QUESTION.match(code_free[start])
        if not found:
            continue
        end = next((i for i in heading_lines if i > start), len(lines))
        answers, i = [], start + 1
        while i < end:
            if ANSWER_OPEN.match(code_free[i]):
                close = next((j for j in range(i + 1, end) if code_free[j] == BLOCK_CLOSE), None)
                assert close is not None, f"{path.name}: answer at line {i + 1} is not closed"
                answers.append((i + 1, close + 1))
                i = close
            i += 1
        first_answer = answers[0][0] - 1 if answers else end
        answer_text = "\n".join(lines[answers[0][0] : answers[0][1] - 1]) if answers else ""
        questions.append(
            Question(
                number=int(found.group(1)),
                anchor=found.group(2),
                line=start + 1,
                text="\n".join(lines[start + 1 : first_answer]),
                answers=answers,
                answer_text=answer_text,
            )
        )
    return questions


def answer_fences(path: Path, question: Question):
    """The code fences inside the answer blocks of one question."""
    return [
        f
        for f in fences(path.read_text("utf-8"))
        if any(first < f.line < last for first, last in question.answers)
    ]


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_page_has_ten_or_more_numbered_questions(page):
    assert page.exists(), f"missing page {page.relative_to(DOCS)}"
    questions = parse(page)
    assert len(questions) >= 10, f"only {len(questions)} questions"
    numbers = [q.number for q in questions]
    assert numbers == list(range(1, len(questions) + 1)), f"numbers not consecutive: {numbers}"
    assert [q.anchor for q in questions] == [f"q{n}" for n in numbers]
    part = page.name.split(".")[0]
    title = headings(page.read_text("utf-8"))[0]
    assert title[0] == 1, f"the page starts with {title}"
    assert title[2] == f"{part}-questions", f"page title: {title}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_question_has_exactly_one_folded_answer(page):
    for q in parse(page):
        assert len(q.answers) == 1, f"Q{q.number}: {len(q.answers)} answer blocks"
        assert q.answer_text.strip(), f"Q{q.number}: empty answer"
        assert q.text.strip(), f"Q{q.number}: no question text"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_answer_code_is_top_level_executed_python(page):
    lines = page.read_text("utf-8").splitlines()
    for q in parse(page):
        for f in answer_fences(page, q):
            assert lines[f.line - 1].startswith("```"), (
                f"Q{q.number}: fence at line {f.line} is indented, so it would not be tested"
            )
            assert f.info == EXEC_FENCE, f"Q{q.number}: fence at line {f.line} is {f.info!r}"
            assert "print(" in f.body, f"Q{q.number}: fence at line {f.line} prints nothing"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_third_of_the_answers_are_computed(page):
    questions = parse(page)
    computed = [q.number for q in questions if answer_fences(page, q)]
    assert 3 * len(computed) >= len(questions), f"computed answers: {computed}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_answer_links_to_an_existing_section(page):
    for q in parse(page):
        targets = [m for m in map(NOTES_LINK.match, links(q.answer_text)) if m]
        assert targets, f"Q{q.number}: the answer links to no page of the notes"
        for target in targets:
            part, slug, anchor = target.groups()
            linked = DOCS / part / f"{slug}.md"
            assert linked.exists(), f"Q{q.number}: {target.group(0)} does not exist"
            if anchor:
                ids = {i for _, _, i in headings(linked.read_text("utf-8"))}
                assert anchor in ids, f"Q{q.number}: no heading #{anchor} in {part}/{slug}.md"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_multiple_choice_answers_name_one_option_first(page):
    for q in parse(page):
        options = OPTION.findall(q.text)
        if not options:
            continue
        assert options == list("abcde")[: len(options)], f"Q{q.number}: options {options}"
        assert len(options) >= 3, f"Q{q.number}: only {len(options)} options"
        chosen = CHOSEN.match(q.answer_text.strip())
        assert chosen, f"Q{q.number}: the answer does not start with its option, e.g. **(b).**"
        assert chosen.group(1) in options, f"Q{q.number}: ({chosen.group(1)}) is no option"


def test_pytest_collects_every_answer_fence():
    """Ask pytest-markdown-docs itself which fences of the pages it would run."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *[str(p.relative_to(ROOT)) for p in PAGES],
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    collected = {(Path(name).name, int(line)) for name, line in COLLECTED.findall(result.stdout)}
    for page in PAGES:
        for q in parse(page):
            for f in answer_fences(page, q):
                assert (page.name, f.line) in collected, (
                    f"{page.name} Q{q.number}: fence at line {f.line} is not collected"
                )


def test_parser_reads_questions_answers_and_fences(tmp_path):
    page = tmp_path / "demo.md"
    page.write_text(
        "# Demo { #demo-questions }\n\n## Part { #part }\n\n### Q1. First { #q1 }\n\n"
        "Which?\n\n- **(a)** one;\n- **(b)** two;\n- **(c)** three.\n\n"
        "/// details | Answer\n\n**(b).** Because.\n\n"
        '```python exec="on" source="above" result="text"\nprint(1)\n```\n\n'
        "See [it](../training/backprop.md#two-layer).\n///\n\n"
        "### Q2. Second { #q2 }\n\nWhy?\n\n    ```python\n    print(2)\n    ```\n",
        "utf-8",
    )
    first, second = parse(page)
    assert (first.number, first.anchor, second.number) == (1, "q1", 2)
    assert first.answers == [(13, 22)]
    assert second.answers == []
    assert OPTION.findall(first.text) == ["a", "b", "c"]
    assert CHOSEN.match(first.answer_text.strip()).group(1) == "b"
    assert [f.line for f in answer_fences(page, first)] == [17]
    assert links(first.answer_text) == ["../training/backprop.md#two-layer"]
