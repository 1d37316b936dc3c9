"""MkDocs hook: take Material's colour-switching rule out of its palette stylesheet.

Material (9.8, ``components/palette``) runs its palette code on every page
load, not only when the reader switches colours: it sets
``data-md-color-switching`` on ``<body>`` and clears it a moment later. Its
stylesheet turns transitions off while that attribute is there, with the rule
``[data-md-color-switching] *, … :after, … :before``. Because the rule reaches
every element, Chromium recomputes the style of the whole page each time the
attribute is set and each time it is cleared: two full restyles on every load.
Chromium traces of the Chinese optimizers page (phone viewport, CPU slowed
down 4×) showed them at 170-320 ms each, 7,500 elements each time.

This hook removes that rule from the palette stylesheet the site serves (the
build fails if the rule is not found in the form expected, e.g. after a
Material upgrade). ``dlnotes.css`` keeps its effect for the moment it matters:
``dlnotes-switching`` on ``<body>``, which the head script of
``docs/_overrides/main.html`` sets only when the reader switches the palette
or the system changes between light and dark. No upstream issue asks for the
attribute to be set only on a real switch; a Material release that did so
would make this hook unnecessary.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

STYLESHEET = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")
RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
        "[data-md-color-switching] :before{transition-duration:0s!important}")


def without_switching_rule(css: str, name: str) -> str:
    """``css`` with Material's colour-switching rule removed; it must hold it once.

    >>> without_switching_rule("a{b:c}" + RULE + "d{e:f}", "palette.css")
    'a{b:c}d{e:f}'
    """
    attribute = "data-md-color-switching"
    if css.count(RULE) != 1 or css.count(attribute) != RULE.count(attribute):
        raise PluginError(
            f"palette_css: {name} does not hold Material's rule {RULE!r} exactly once "
            "(a new Material release?): check how it disables transitions while the "
            "palette switches, then update this hook and dlnotes.css"
        )
    return css.replace(RULE, "")


@event_priority(-200)  # after mkdocs-static-i18n has rebuilt the file list
def on_files(files, config):
    found = [f for f in files if STYLESHEET.fullmatch(f.src_uri) and f.abs_src_path]
    if not found and config.theme.get("palette"):
        raise PluginError("palette_css: Material's palette stylesheet "
                          f"({STYLESHEET.pattern}) is not among the site's files")
    for file in found:
        with open(file.abs_src_path, encoding="utf-8") as f:
            css = without_switching_rule(f.read(), file.src_uri)
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=css))
    return files
