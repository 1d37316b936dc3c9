"""MkDocs hook: the API reference's labels in the language of the page.

mkdocstrings takes its locale from ``theme.language`` when its own ``on_config``
runs, but mkdocs-static-i18n sets ``theme.language: zh`` for the Chinese build
only later (its ``on_config`` has priority -100), so the Chinese API pages got
English labels ("Parameters:", "Returns:"). mkdocstrings-python has no per-page
``locale`` option (2.0.11 rejects it), so ``on_config`` below runs after both and
hands the handlers the language of the build (a private attribute: if a later
mkdocstrings renames it, the warning fails the strict build instead of silently
going back to English). ``on_page_content`` translates the one label that comes
from the docstrings themselves (numpydoc's "Notes" section).
"""

from __future__ import annotations

import logging

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.api_locale")

LABELS = {"zh": {"<summary>Notes</summary>": "<summary>说明</summary>"}}


def translate_labels(page_html: str, language: str) -> str:
    """The docstring section titles that mkdocstrings' locale does not cover, translated.

    >>> translate_labels("<summary>Notes</summary>", "zh")
    '<summary>说明</summary>'
    >>> translate_labels("<summary>Notes</summary>", "en")
    '<summary>Notes</summary>'
    """
    for english, translated in LABELS.get(language, {}).items():
        page_html = page_html.replace(english, translated)
    return page_html


@event_priority(-110)  # after mkdocs-static-i18n (-100) has set theme.language
def on_config(config):
    plugin = config.plugins.get("mkdocstrings")
    if plugin is None:
        return config
    locale = str(config.theme.get("language") or "en").replace("_", "-")
    extensions = [e for e in config.markdown_extensions if hasattr(e, "_handlers")]
    handlers = [getattr(plugin, "_handlers", None)] + [e._handlers for e in extensions]
    handlers = [h for h in handlers if h is not None and hasattr(h, "_locale")]
    if not handlers:
        log.warning("api_locale hook: mkdocstrings has no handlers with a locale to set")
    for handler in handlers:
        handler._locale = locale
    return config


def on_page_content(html, page, config, files):
    return translate_labels(html, str(config.theme.get("language") or "en"))
