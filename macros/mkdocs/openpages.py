"""The pages an editor has open in `mkdocs serve`, and a second rebuild for the pages the first left.

Every page MkDocs serves runs its livereload script, which keeps asking the server, with the page as
its Referer, whether a newer build exists (a request held open up to a minute, then made again). So
a page is open while such a request is waiting, or was made a moment ago (a page reloading after a
rebuild asks again as soon as it has loaded). After a data edit the preview renders those pages and
the pages whose own source changed at once, and the rest in a second rebuild once the browsers have
reloaded (mkdocs/pagememo.py): the editor sees the edit in the page they look at in about the time a text
edit takes, not in the time every chart of the site takes.

The livereload script is inline, so the pages' Content Security Policy (csp.py) would block it, and no
page would reload or be known open: `watch` adds its hash to the policy of each page served.

This reads and drives the private state of MkDocs' LiveReloadServer (mkdocs is pinned); where that
state is not found, nothing is open and no page is ever left for later.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

from macros.mkdocs import csp

RECENT = 10.0  # seconds: a page that asked this recently is open (it may be reloading)
QUIET, WAIT = 1.0, 10.0  # seconds: the second rebuild starts once the server has been idle this long, or after WAIT
_STATE = "_tokenshare_open_pages"  # on the server: path -> [requests waiting, last asked]; lives as long as it


def watch(server) -> None:
    """Note each page whose livereload script asks the server, and when the server last served
    anything else (on_serve, once per process)."""
    if not all(hasattr(server, name) for name in ("_serve_request", "_rebuild_cond", "mount_path")):
        return
    polls: dict[str, list] = {}  # page path -> [its livereload requests waiting, when one last began or ended]
    lock = threading.Lock()
    served = [0, time.monotonic()]  # the same for every other request
    serve_request = server._serve_request

    def noting(environ, start_response):
        referer = environ.get("HTTP_REFERER")
        if environ.get("PATH_INFO", "").startswith("/livereload/") and referer:
            entry = polls.setdefault(urlsplit(referer).path.removesuffix("index.html"), [0, 0.0])
        else:
            entry = served
        with lock:  # entry: [requests being served, when the last began or ended]
            entry[0] += 1
            entry[1] = time.monotonic()
        try:
            return serve_request(environ, start_response)  # a livereload request waits for a newer build, or a minute
        finally:
            with lock:
                entry[0] -= 1
                entry[1] = time.monotonic()

    server._serve_request = noting
    setattr(server, _STATE, (polls, lock, served))
    if hasattr(server, "_inject_js_into_html"):
        inject = server._inject_js_into_html

        def injected(content, epoch):  # the livereload script, allowed by the page's policy (its hash)
            page = inject(content, epoch)
            start = page.rfind(b"<script>")
            script = page[start + len(b"<script>"): page.find(b"</script>", start)].decode("utf-8")
            return csp.allow_script(page, script) if start >= 0 and "livereload(" in script else page

        server._inject_js_into_html = injected


def shown(server) -> set[str] | None:
    """The site addresses (page.url: "", "models/", ...) open in a browser now; None when not known."""
    state = getattr(server, _STATE, None) if server is not None else None
    if state is None:
        return None
    polls, lock, _ = state
    now = time.monotonic()
    mount = server.mount_path
    with lock:
        paths = [p for p, (waiting, last) in polls.items() if waiting > 0 or now - last < RECENT]
    return {p[len(mount):] for p in paths if p.startswith(mount)}


def after_rebuild(server, log) -> None:
    """Once a rebuild is written: another for the pages it left (pagememo.later), or, after that
    other one, no reload when every open page came out the same (pagememo.reload_needed)."""
    from macros.mkdocs import pagememo

    if (left := pagememo.later()):
        log.info(f"{left} pages not open in a browser are rendered in a second rebuild")
        rebuild_soon(server)
    elif not pagememo.reload_needed():
        no_reload(server)


def rebuild_soon(server) -> None:
    """Ask for another rebuild, as a saved file does, once the browsers have reloaded: when the server
    has served nothing for QUIET seconds (at most WAIT after now). MkDocs holds every request while
    it builds; started at once, it would hold the open page's scripts and pictures meanwhile."""
    polls, lock, served = getattr(server, _STATE)
    start, epoch = time.monotonic(), server._wanted_epoch

    def when_quiet():
        while time.monotonic() - start < WAIT:
            with lock:
                quiet = served[0] == 0 and time.monotonic() - max(served[1], start) >= QUIET
            if quiet:
                break
            time.sleep(0.1)
        with server._rebuild_cond:
            if server._wanted_epoch == epoch:  # else a save has started a rebuild since, which renders every page
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    threading.Thread(target=when_quiet, name="tokenshare-second-rebuild", daemon=True).start()


def no_reload(server) -> None:
    """This rebuild changed no page a browser shows: finish it without reloading them (from on_post_build,
    once every file is written: MkDocs holds requests until the epoch a rebuild wanted is the visible one)."""
    with server._epoch_cond:
        server._wanted_epoch = server._visible_epoch
        server._epoch_cond.notify_all()
