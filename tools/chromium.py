"""How the project starts Debian's Chromium (tests/test_browser.py, tools/pdf.py).

Playwright's own browser download does not work on the project's machines, so
Playwright drives ``/usr/bin/chromium`` (Debian's ``chromium`` package). Without
the background-networking flags Chromium keeps trying Google's hosts, which a
closed network refuses.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
