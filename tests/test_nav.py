"""Every page is reachable from the navigation, and every nav entry exists."""

from __future__ import annotations

from markdown_pages import DOCS, page_pairs

from conftest import mkdocs_config


def nav_files(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [f for item in node for f in nav_files(item)]
    if isinstance(node, dict):
        return [f for value in node.values() for f in nav_files(value)]
    return []


NAV = nav_files(mkdocs_config()["nav"])


def test_nav_lists_every_page():
    pages = {str(en.relative_to(DOCS)) for en, _ in page_pairs()}
    assert sorted(pages - set(NAV)) == []


def test_nav_entries_exist_and_are_english():
    assert all((DOCS / f).is_file() for f in NAV), [f for f in NAV if not (DOCS / f).is_file()]
    assert not [f for f in NAV if f.endswith(".zh.md")]
