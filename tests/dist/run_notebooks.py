"""Run every ``*.ipynb`` under a folder in a fresh kernel; write ``<name>.ipynb.out``.

Runs inside the environment under test (``test_dist.py`` starts it with that
environment's Python), so the kernel is that environment's. A cell that raises
stops its notebook and fails the run.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

failed = []
for path in sorted(Path(sys.argv[1]).rglob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=900, startup_timeout=300, kernel_name="python3").execute()
    except Exception as exc:  # report every notebook that fails, not only the first
        failed.append(f"{path.name}: {exc}")
    nbformat.write(nb, path.with_name(path.name + ".out"))
if failed:
    sys.exit("\n\n".join(failed))
