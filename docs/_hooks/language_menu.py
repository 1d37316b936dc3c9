"""MkDocs hook: quiet one warning of mkdocs-static-i18n that this site has dealt with.

mkdocs-static-i18n warns that Material's instant navigation breaks its
per-page language menu: instant navigation swaps the page body but keeps the
header, so the menu would keep the links of the first page loaded. This site
fixes that itself (``docs/_overrides/main.html`` puts each page's alternate links
in its body; ``docs/assets/dlnotes.js`` copies them into the menu after each
navigation; the browser tests check it), so the warning is filtered out here,
by its exact text, and every other warning still fails the strict build.
"""

from __future__ import annotations

import logging

MESSAGE = "language switcher contextual link is not compatible"


class _DropHandledWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return MESSAGE not in record.getMessage()


def on_startup(command, dirty):
    logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(
        _DropHandledWarning()
    )
