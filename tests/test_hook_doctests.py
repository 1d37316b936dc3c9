"""The examples in the hooks' docstrings hold.

``conftest.py`` keeps pytest from importing ``docs/_hooks/*`` (they are not
tests), so ``--doctest-modules`` never sees them; this runs their examples.
"""

from __future__ import annotations

import doctest

import pytest

from conftest import ROOT, load_hook

HOOKS = sorted(p.stem for p in (ROOT / "docs" / "_hooks").glob("*.py"))


@pytest.mark.parametrize("name", HOOKS)
def test_hook_docstring_examples_hold(name):
    result = doctest.testmod(load_hook(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"
