"""The glossary: the same terms in both languages, each linked to a section that exists.

``docs/glossary.md`` and ``docs/glossary.zh.md`` hold one Markdown table per
letter (``## B { #b }``), grouped by the English term. A row is
``| Term | 中文 | Page |`` in English and ``| 中文 | English | 页面 |`` in
Chinese; the page cell holds one or more links relative to ``docs/``.

The tests fail when:

- the two languages list different terms, translations or targets;
- a term has no link, or appears twice, or sits under the wrong letter;
- a link names a page (in either language) or an anchor that does not exist;
- a content page uses one of the site's core terms (`CORE_TERMS`) that the
  glossary does not list with its Chinese name.

The Chinese terms the site uses and the variants it does not use are a second
table of the glossary (``{ #terms }``), checked by ``tests/test_terms.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_pages import DOCS, LINK, anchors, page_pairs, prose

GLOSSARY = DOCS / "glossary.md"
GLOSSARY_ZH = DOCS / "glossary.zh.md"
CONTENT_PARTS = ("foundations", "training", "generalization", "practice")
GROUP = re.compile(r"^##\s+\S.*\{\s*#([a-z])\s*\}\s*$")
OTHER_HEADING = re.compile(r"^#{1,6}\s")

# The terms every page must use the same way, as
# glossary English term: (English forms, Chinese forms).
# English forms match whole words, case-insensitively, with an optional plural
# "s"/"es"; Chinese forms match as substrings. Only prose counts: not code,
# math or link targets. A page that uses one of these forms needs the term in
# the glossary, and the glossary's Chinese cell must contain a Chinese form.
CORE_TERMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Activation function": (("activation function",), ("激活函数",)),
    "Autoencoder": (("autoencoder",), ("自编码器",)),
    "Backpropagation": (("backpropagation",), ("反向传播",)),
    "Batch normalization (Batch Norm, BN)": (("batch normalization", "batch norm"), ("批归一化",)),
    "Batch size": (("batch size",), ("批量大小",)),
    "Bias correction": (("bias correction",), ("偏差修正",)),
    "Chain rule": (("chain rule",), ("链式法则",)),
    "Computational graph": (("computational graph",), ("计算图",)),
    "Cost function": (("cost function",), ("代价函数",)),
    "Cross-entropy": (("cross-entropy", "cross entropy"), ("交叉熵",)),
    "Data augmentation": (("data augmentation",), ("数据增强",)),
    "Decision boundary": (("decision boundary", "decision boundaries"), ("决策边界",)),
    "Dev set (development set, validation set)": (("dev set",), ("开发集",)),
    "Dev-set error (dev error)": (("dev error", "dev-set error"), ("开发集误差",)),
    "Dropout": (("dropout",), ("dropout",)),
    "Early stopping": (("early stopping",), ("提前停止",)),
    "Epoch": (("epoch",), ("epoch",)),
    "Exploding gradients": (("exploding gradient",), ("梯度爆炸",)),
    "Exponentially weighted average (EWA)": (
        ("exponentially weighted average",),
        ("指数加权平均",),
    ),
    "Fine-tuning": (("fine-tuning",), ("微调",)),
    "Finite difference": (("finite difference",), ("有限差分",)),
    "Forward propagation (forward pass)": (("forward propagation", "forward pass"), ("前向传播",)),
    "Gradient checking": (("gradient checking", "gradient check"), ("梯度检验",)),
    "Gradient descent": (("gradient descent",), ("梯度下降",)),
    "He initialization": (("He initialization",), ("He 初始化",)),
    "Hidden layer": (("hidden layer",), ("隐藏层",)),
    "Hyperparameter": (("hyperparameter",), ("超参数",)),
    "Inverted dropout": (("inverted dropout",), ("反向随机失活",)),
    "KL divergence (Kullback–Leibler divergence)": (("KL divergence",), ("KL 散度",)),
    "Learning rate": (("learning rate",), ("学习率",)),
    "Learning-rate decay": (("learning-rate decay", "learning rate decay"), ("学习率衰减",)),
    "Local optimum": (("local optimum", "local optima"), ("局部最优",)),
    "Logistic regression": (("logistic regression",), ("逻辑回归",)),
    "Loss function": (("loss function",), ("损失函数",)),
    "Mini-batch": (("mini-batch", "minibatch"), ("小批量",)),
    "Momentum": (("momentum",), ("动量",)),
    "Neuron": (("neuron",), ("神经元",)),
    "One-hot encoding": (("one-hot",), ("独热",)),
    "Output layer": (("output layer",), ("输出层",)),
    "Overfitting": (("overfitting",), ("过拟合",)),
    "Regularization": (("regularization",), ("正则化",)),
    "Relative error": (("relative error",), ("相对误差",)),
    "ReLU (rectified linear unit)": (("ReLU",), ("ReLU",)),
    "Saddle point": (("saddle point",), ("鞍点",)),
    "Sigmoid (logistic function)": (("sigmoid",), ("sigmoid",)),
    "Softmax": (("softmax",), ("softmax",)),
    "Stochastic gradient descent (SGD)": (("stochastic gradient descent",), ("随机梯度下降",)),
    "Tanh (hyperbolic tangent)": (("tanh",), ("tanh",)),
    "Test set": (("test set",), ("测试集",)),
    "Thinned network": (("thinned network",), ("瘦网络",)),
    "Training error": (("training error",), ("训练误差",)),
    "Training set": (("training set",), ("训练集",)),
    "Transfer learning": (("transfer learning",), ("迁移学习",)),
    "Two-sided (centred) difference": (("two-sided difference",), ("双边差分",)),
    "Underfitting": (("underfitting",), ("欠拟合",)),
    "Vanishing gradients": (("vanishing gradient",), ("梯度消失",)),
    "Vectorization": (("vectorization",), ("向量化",)),
    "Weight decay": (("weight decay",), ("权重衰减",)),
    "Xavier initialization": (("Xavier initialization",), ("Xavier 初始化",)),
}


@dataclass(frozen=True)
class Entry:
    group: str  # the id of the letter heading, e.g. "b"
    en: str
    zh: str
    targets: tuple[str, ...]


def parse_glossary(path: Path, *, chinese: bool) -> list[Entry]:
    """The rows of every letter table, in page order."""
    entries, group = [], None
    for line in path.read_text("utf-8").splitlines():
        found = GROUP.match(line)
        if found:
            group = found.group(1)
            continue
        if OTHER_HEADING.match(line):
            group = None
            continue
        if group is None or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3:
            pytest.fail(f"{path.name}: a row needs 3 cells: {line}")
        if set(cells[0]) <= set("-: ") or cells[0] in ("Term", "中文"):
            continue  # the header and its separator
        zh, en = (cells[0], cells[1]) if chinese else (cells[1], cells[0])
        entries.append(Entry(group, en, zh, tuple(LINK.findall(cells[2]))))
    return entries


def english_pattern(form: str) -> re.Pattern[str]:
    """A whole-word, case-insensitive match of an English form, plural allowed."""
    words = r"\s+".join(re.escape(w) for w in form.split())
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.I)


def uses(text: str, en_forms=(), zh_forms=()) -> bool:
    """Whether the prose of a page uses one of the forms."""
    body = prose(text)
    return any(english_pattern(f).search(body) for f in en_forms) or any(
        f in body for f in zh_forms
    )


def content_pairs() -> list[tuple[Path, Path]]:
    return [(en, zh) for en, zh in page_pairs() if en.relative_to(DOCS).parts[0] in CONTENT_PARTS]


ENTRIES = parse_glossary(GLOSSARY, chinese=False) if GLOSSARY.exists() else []
ENTRIES_ZH = parse_glossary(GLOSSARY_ZH, chinese=True) if GLOSSARY_ZH.exists() else []
BY_TERM = {e.en.casefold(): e for e in ENTRIES}
TARGETS = sorted({t for e in ENTRIES + ENTRIES_ZH for t in e.targets})
PAIRS = content_pairs()


def test_glossary_exists_in_both_languages_with_terms():
    assert GLOSSARY.exists()
    assert GLOSSARY_ZH.exists()
    assert len(ENTRIES) >= 100, f"only {len(ENTRIES)} terms parsed from {GLOSSARY.name}"


def test_both_languages_list_the_same_terms_and_targets():
    assert [(e.group, e.en, e.zh, e.targets) for e in ENTRIES_ZH] == [
        (e.group, e.en, e.zh, e.targets) for e in ENTRIES
    ]


def test_every_term_links_somewhere_and_appears_once():
    no_link = [e.en for e in ENTRIES + ENTRIES_ZH if not e.targets]
    assert not no_link, f"terms without a link: {no_link}"
    empty = [e for e in ENTRIES if not e.en or not e.zh]
    assert not empty, f"rows with an empty term: {empty}"
    for name, values in [
        ("English", [e.en.casefold() for e in ENTRIES]),
        ("Chinese", [e.zh for e in ENTRIES]),
    ]:
        twice = sorted({v for v in values if values.count(v) > 1})
        assert not twice, f"{name} terms listed twice: {twice}"


def test_terms_are_sorted_under_their_letter():
    wrong = [e.en for e in ENTRIES if e.en[0].casefold() != e.group]
    assert not wrong, f"terms under the wrong letter: {wrong}"
    groups = [e.group for e in ENTRIES]
    assert groups == sorted(groups), "letter groups out of order"
    terms = [e.en.casefold() for e in ENTRIES]
    assert terms == sorted(terms), "terms not in alphabetical order"


@pytest.mark.parametrize("target", TARGETS)
def test_target_page_and_anchor_exist_in_both_languages(target):
    path, _, anchor = target.partition("#")
    assert "://" not in target, f"{target}: glossary links are relative to docs/"
    assert not path.startswith(("/", "..")), f"{target}: glossary links are relative to docs/"
    assert path.endswith(".md"), f"{target}: name a page and a section (page.md#id)"
    assert anchor, f"{target}: name a page and a section (page.md#id)"
    en = DOCS / path
    zh = en.with_name(en.stem + ".zh.md")
    for page in (en, zh):
        if not page.is_file():
            pytest.fail(f"{target}: no page {page.relative_to(DOCS)}")
        if anchor not in anchors(page.read_text("utf-8")):
            pytest.fail(f"{target}: no id {anchor!r} in {page.relative_to(DOCS)}")


@pytest.mark.parametrize(("en", "zh"), PAIRS, ids=[str(en.relative_to(DOCS)) for en, _ in PAIRS])
def test_core_terms_used_on_a_page_are_in_the_glossary(en, zh):
    if not (en.exists() and zh.exists()):
        pytest.skip("page pair incomplete (see test_parity.py)")
    t_en, t_zh = en.read_text("utf-8"), zh.read_text("utf-8")
    missing = []
    for term, (en_forms, zh_forms) in CORE_TERMS.items():
        if not (uses(t_en, en_forms=en_forms) or uses(t_zh, zh_forms=zh_forms)):
            continue
        entry = BY_TERM.get(term.casefold())
        if entry is None:
            missing.append(f"{term!r} is not in the glossary")
        elif not entry.targets:
            missing.append(f"{term!r} links nowhere")
        elif not any(f in entry.zh for f in zh_forms):
            missing.append(f"{term!r}: the glossary's {entry.zh!r} names none of {zh_forms}")
    assert not missing, "; ".join(missing)


def test_every_core_term_is_used_in_both_languages():
    """Keeps `CORE_TERMS` honest: a form that no page uses is a typo or a stale entry."""
    texts = [
        (en.read_text("utf-8"), zh.read_text("utf-8"))
        for en, zh in PAIRS
        if en.exists() and zh.exists()
    ]
    unused = [
        term
        for term, (en_forms, zh_forms) in CORE_TERMS.items()
        if not any(uses(t_en, en_forms=en_forms) for t_en, _ in texts)
        or not any(uses(t_zh, zh_forms=zh_forms) for _, t_zh in texts)
    ]
    assert not unused, f"core terms no page uses (in one language or both): {unused}"


def test_term_matching_reads_prose_only():
    text = (
        "We train with `dropout` here.\n\n```python\nlearning_rate = 0.1  # learning rate\n```\n"
        "$\\text{softmax}(z)$ and [a link](../training/backprop.md) about neurons, with\n"
        "mini-batch gradient\ndescent.\n"
    )
    assert not uses(text, en_forms=("dropout",))
    assert not uses(text, en_forms=("learning rate",))
    assert not uses(text, en_forms=("softmax",))
    assert not uses(text, en_forms=("backprop",))
    assert uses(text, en_forms=("neuron",))
    assert uses(text, en_forms=("gradient descent",))
    assert uses(text, en_forms=("mini-batch",))
    assert not uses(text, en_forms=("batch",))
    assert uses("用小批量训练。", zh_forms=("小批量",))
