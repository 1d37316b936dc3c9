"""The built site on a local HTTP server, under the path of ``site_url`` (``/dlnotes/``).

Used by the browser tests and by ``tests/dist`` (installing the wheel from the site).
Why the sitemap is adapted to the test origin: see ``test_browser.py``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)[1]
BASE_PATH = urlsplit(SITE_URL).path  # "/dlnotes/"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``BASE_PATH``; anything outside it is a 404."""

    def log_message(self, format, *args):
        pass

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(BASE_PATH) :])

    def send_head(self):
        path = urlsplit(self.path).path
        sitemap = Path(self.translate_path(path))
        if not (path.endswith("/sitemap.xml") and sitemap.is_file()):
            return super().send_head()
        origin = f"http://127.0.0.1:{self.server.server_port}{BASE_PATH}"
        body = sitemap.read_bytes()
        body = body.replace(SITE_URL.encode(), origin.encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the browser left the page while a file was on its way
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path, handler: type[http.server.BaseHTTPRequestHandler] | None = None,
          ) -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:PORT/dlnotes/`` (a free port); yields that URL.

    ``handler``: a subclass of ``SiteHandler`` (``tests/bench.py`` gzips text files).
    """
    handler = functools.partial(handler or SiteHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()
