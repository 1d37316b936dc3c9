"""MkDocs hook: quiet one warning of mkdocs-static-i18n that this site has dealt with.

mkdocs-static-i18n warns that Material's instant navigation breaks its
per-page language menu: instant navigation swaps the page body but keeps the
header, so the menu would keep the links of the first page loaded. This site
fixes that itself (``docs/_overrides/main.html`` puts each page's alternate links
in its body; ``docs/assets/dlnotes.js`` copies them into the menu after each
navigation; the browser tests check it), so the warning is filtered out here,
by its exact text, and every other warning still fails the strict build.

It also keeps the root ``404.html`` in the default language (``on_pre_build``),
and drops the ``<link rel="alternate" hreflang>`` tags Material writes into each
page's head from mkdocs-static-i18n's per-page alternates (``on_post_page``).
Material's script fetches ``sitemap.xml`` next to each of them, expecting them
to be language roots, so every page made two requests that end in 404 (a
console error each; ``/dlnotes/foundations/activations/sitemap.xml`` and the
like). The site's menu does not need them (see above), and search engines get
the same language pairs from ``sitemap.xml``, which lists every page with its
``hreflang`` alternates.
"""

from __future__ import annotations

import logging
import re

MESSAGE = "language switcher contextual link is not compatible"
HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


class _DropHandledWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return MESSAGE not in record.getMessage()


def on_startup(command, dirty):
    logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").addFilter(
        _DropHandledWarning()
    )


def on_pre_build(config):
    """Write the site's 404 page in the default language only.

    mkdocs-static-i18n builds each further language with the same config and
    site folder, so the Chinese build would overwrite the root ``404.html``,
    the page GitHub Pages serves for every missing URL, with a Chinese one.
    """
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return
    if i18n.current_language == i18n.default_language:
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")


def on_post_page(output, page, config):
    head, sep, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + sep + body
