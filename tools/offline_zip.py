"""Pack the offline build of the site into one zip (``make offline``).

Usage: ``python tools/offline_zip.py SITE_DIR ZIP_PATH``. Every file goes under one
top folder, ``dlnotes/``, so unzipping gives ``dlnotes/index.html`` to open. The
files are sorted and dated 1980-01-01 so that the same site gives the same zip.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

TOP = "dlnotes"
DATE = (1980, 1, 1, 0, 0, 0)


def make_zip(site: Path, out: Path) -> int:
    """Write ``out`` from every file of ``site``; return the number of files."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    if not (site / "index.html").is_file():
        raise SystemExit(f"error: {site} has no index.html: build it with `make offline` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{TOP}/{path.relative_to(site).as_posix()}", DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return len(files)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    count = make_zip(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[2]}: {count} files")
