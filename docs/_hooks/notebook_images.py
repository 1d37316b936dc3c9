"""MkDocs hook: serve the labs' figures as image files, sized, loaded when scrolled to.

nbconvert writes each figure a lab cell draws into the page as a base64
``data:`` URL (mkdocs-jupyter has no option to extract outputs). The planar lab
was then 680 KB of HTML, 420 KB of it its five figures; a phone has to receive
all of it before it can show the first line (Lighthouse, mobile preset: first
contentful paint 3.5 s, 1.5–1.7 s with the figures as files), and the images,
without ``width``/``height``, left no room for themselves while loading.

After a lab page is rendered, this hook writes each PNG figure next to the page
as ``<sha256 of the bytes>.png`` (the same figure gets the same name in every
build) and points the ``<img>`` at it with the PNG's own width and height,
``loading="lazy"`` and ``decoding="async"``. Its ``alt`` and other attributes
stay. Other image types stay inline.

Upstream: nbconvert's ``ExtractOutputPreprocessor`` does the extraction, but
mkdocs-jupyter neither runs it nor writes the files it yields; an option for it
there would retire this hook.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import posixpath
import re
import struct
from pathlib import Path

# sibling hook (MkDocs puts this folder on sys.path while it loads a hook)
import labs
from mkdocs.exceptions import PluginError

INLINE_PNG = re.compile(r'<img(?P<before>[^>]*?) src="data:image/png;base64,(?P<data>[^"]+)"'
                        r'(?P<after>[^>]*)>')
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk (IHDR, the first one)."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def extract(html: str, page_dir: Path) -> str:
    """``html`` with its inline PNGs written to ``page_dir`` and linked."""

    def link(match: re.Match[str]) -> str:
        try:
            data = base64.b64decode(match["data"], validate=True)
            width, height = png_size(data)
        except (binascii.Error, ValueError) as error:
            raise PluginError(
                f"notebook_images: a lab figure is not a valid PNG ({error})") from error
        name = hashlib.sha256(data).hexdigest()[:20] + ".png"
        page_dir.mkdir(parents=True, exist_ok=True)
        (page_dir / name).write_bytes(data)
        attributes = match["before"] + match["after"].rstrip(" /")
        if " width=" not in attributes:
            attributes += f' width="{width}" height="{height}"'
        return f'<img src="{name}"{attributes} loading="lazy" decoding="async">'

    return INLINE_PNG.sub(link, html)


def on_post_page(output, page, config):
    if not labs.is_lab(page.file.src_uri):
        return output
    return extract(output, Path(config.site_dir) / posixpath.dirname(page.file.dest_uri))
