"""Helpers shared by the scripts and the browser tests: serve a built site, find its pages, start Chromium.

The server speaks plain HTTP on a loopback port and, like a static host,
gzips text files when the client asks and sends the one header the site asks
of its host (who may frame which page: `frame_policy`); nothing else runs.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
GZIP_TYPES = (".html", ".js", ".css", ".json", ".svg", ".csv", ".xml", ".yml", ".txt")


def frame_policy(path: str) -> str:
    """The header a host sends so that other sites may frame the embed pages and no other page
    (a <meta> policy cannot say it: README.md, "Embedding a chart")."""
    return "frame-ancestors *" if path.lstrip("/").startswith("embed/") else "frame-ancestors 'none'"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # quiet: tests and scripts print what matters
        pass

    def end_headers(self):
        self.send_header("Content-Security-Policy", frame_policy(self.path.split("?")[0]))
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects /dir to /dir/
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in GZIP_TYPES and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path, port: int = 0):
    """Serve `site_dir` on 127.0.0.1 (`port`, or a free one); yields the base URL."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pages(site_dir: Path) -> list[str]:
    """URL paths of the site's content pages (not 404 or search)."""
    out = []
    for index in sorted(Path(site_dir).rglob("index.html")):
        rel = index.parent.relative_to(site_dir).as_posix()
        if rel.startswith(("search", "assets")):
            continue
        out.append("" if rel == "." else rel + "/")
    return out


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
