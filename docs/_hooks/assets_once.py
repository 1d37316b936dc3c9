"""MkDocs hook: each extra stylesheet and script linked once per page.

mkdocs-static-i18n (1.3.1) builds the second language by calling MkDocs'
``build`` again with the same config, so every plugin's ``on_config`` runs a
second time. Plugins that add their own asset there add it again:
mkdocstrings (1.0.8) puts ``assets/_mkdocstrings.css`` at the front of
``extra_css`` each time, so every Chinese page linked it twice (the same
re-run makes mike refuse to build, jimporter/mike#240). This hook runs after
the plugins and keeps the first of each. It is unnecessary once the i18n
plugin restores ``extra_css``/``extra_javascript`` between its builds, or the
plugins stop adding an asset that is already listed.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority


def once(items: list) -> list:
    """The items in their order, each kept at its first place.

    >>> once(["a.css", "b.css", "a.css"])
    ['a.css', 'b.css']
    """
    seen: set[str] = set()
    kept = []
    for item in items:
        if str(item) not in seen:
            seen.add(str(item))
            kept.append(item)
    return kept


@event_priority(-100)  # after every plugin's on_config
def on_config(config):
    config.extra_css = once(config.extra_css)
    config.extra_javascript = once(config.extra_javascript)
    return config
