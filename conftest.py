"""Root pytest configuration.

pytest-markdown-docs collects every Python fence of ``docs/**/*.md`` (both
languages) and would also import every ``.py`` under ``docs/``: the figure
code, the hooks and the labs are not tests, so they are ignored here (the
figures are exercised by the strict build, the labs by their own test).
"""

collect_ignore_glob = ["docs/_figures/*", "docs/_hooks/*", "docs/labs/*", "site/*"]
