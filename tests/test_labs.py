"""The lab pipeline (docs/_hooks/labs.py) gives the same bytes however the kernel was timed.

A kernel sends a cell's printed text in pieces, cut wherever its buffer happened
to be flushed: on a busy machine a loop that prints while it trains arrives as
several ``stream`` outputs, on an idle one as one. These tests make both shapes
on purpose (an explicit flush cuts the text exactly where a slow machine would)
and check that the executed notebook comes out the same.
"""

from __future__ import annotations

import textwrap

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from conftest import load_hook

labs = load_hook("labs")


def _stream(text: str, name: str = "stdout"):
    return new_output("stream", name=name, text=text)


def _figure():
    return new_output("display_data", data={"text/plain": "<Figure>"})


def _notebook(*outputs):
    nb = new_notebook(cells=[new_code_cell("train()", outputs=list(outputs), id="cell-0")])
    nb.cells[0].execution_count = 1
    return nb


def test_merge_streams_makes_split_and_whole_output_identical():
    idle = _notebook(_stream("n_h 1: 66%\nn_h 2: 71%\nn_h 3: 90%\n"))
    busy = _notebook(_stream("n_h 1: 66%\n"), _stream("n_h 2: 71%\n"), _stream("n_h 3: 90%\n"))
    assert nbformat.writes(idle) != nbformat.writes(busy)  # the flake, reproduced
    labs.merge_streams(idle)
    labs.merge_streams(busy)
    assert nbformat.writes(idle) == nbformat.writes(busy)


def test_merge_streams_keeps_order_around_figures_and_stderr():
    nb = _notebook(_stream("a\n"), _stream("b\n"), _figure(), _stream("c\n"),
                   _stream("warn\n", "stderr"), _stream("d\n"))
    labs.merge_streams(nb)
    shape = [(o.output_type, o.get("name"), o.get("text")) for o in nb.cells[0].outputs]
    assert shape == [
        ("stream", "stdout", "a\nb\n"),
        ("display_data", None, None),
        ("stream", "stdout", "c\n"),
        ("stream", "stderr", "warn\n"),
        ("stream", "stdout", "d\n"),
    ]


LAB = """\
# %% [markdown]
# # A lab that prints in pieces

# %%
import sys
for i in range(3):
    print("step", i)
    {flush}
print("done")
"""


@pytest.mark.parametrize("flush", ["sys.stdout.flush()", "pass"])
def test_executed_lab_has_one_stream_output_however_flushed(tmp_path, flush):
    """Through a real kernel: explicit flushes cut the output like a busy machine does."""
    source = tmp_path / "pieces.py"
    source.write_text(textwrap.dedent(LAB.format(flush=flush)), "utf-8")
    nb = nbformat.read(labs.executed_notebook(source, tmp_path / "cache"), as_version=4)
    outputs = nb.cells[1].outputs
    assert [(o.output_type, o.name) for o in outputs] == [("stream", "stdout")]
    assert outputs[0].text == "step 0\nstep 1\nstep 2\ndone\n"


TWIN = """\
# %% [markdown]
# # {title}

# %%
import os
print("pid", os.getpid())  {comment}
"""


def _pid_printed(path) -> str:
    return nbformat.read(path, as_version=4).cells[1].outputs[0].text


def test_chinese_lab_takes_the_outputs_of_its_english_twin(tmp_path):
    en, zh = tmp_path / "twin.py", tmp_path / "twin.zh.py"
    en.write_text(TWIN.format(title="A twin", comment="# the kernel's process"), "utf-8")
    zh.write_text(TWIN.format(title="双胞胎", comment="# 内核的进程号"), "utf-8")
    cache = tmp_path / "cache"
    en_nb, zh_nb = labs.executed_notebook(en, cache), labs.executed_notebook(zh, cache)
    # one run: a second kernel would have printed another process id
    assert _pid_printed(zh_nb) == _pid_printed(en_nb)
    assert "双胞胎" in nbformat.read(zh_nb, as_version=4).cells[0].source


def test_chinese_lab_with_other_code_runs_on_its_own(tmp_path):
    en, zh = tmp_path / "twin.py", tmp_path / "twin.zh.py"
    en.write_text(TWIN.format(title="A twin", comment=""), "utf-8")
    zh.write_text(TWIN.format(title="双胞胎", comment="").replace('"pid"', '"进程"'), "utf-8")
    cache = tmp_path / "cache"
    en_nb, zh_nb = labs.executed_notebook(en, cache), labs.executed_notebook(zh, cache)
    assert _pid_printed(zh_nb).startswith("进程")
    assert _pid_printed(en_nb).startswith("pid")
