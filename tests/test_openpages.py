"""The pages open in the preview's browsers (mkdocs/openpages.py), on a stand-in for MkDocs' server.

tests/test_serve.py runs the real `mkdocs serve` with a played browser; here the bookkeeping alone."""

from __future__ import annotations

import threading

from macros.mkdocs import openpages


class Server:
    """What openpages reads of MkDocs' LiveReloadServer: a livereload request waits until `release`."""

    def __init__(self, mount_path: str = "/"):
        self.mount_path = mount_path
        self.release = threading.Event()
        self._rebuild_cond, self._epoch_cond = threading.Condition(), threading.Condition()
        self._want_rebuild, self._wanted_epoch, self._visible_epoch = False, 2, 1
        self.served: list[str] = []

    def _serve_request(self, environ, start_response):
        self.served.append(environ["PATH_INFO"])
        if environ["PATH_INFO"].startswith("/livereload/"):
            self.release.wait(10)
        return [b"1"]


def ask(server, path: str, referer: str | None) -> threading.Thread:
    environ = {"PATH_INFO": path, **({"HTTP_REFERER": referer} if referer else {})}
    thread = threading.Thread(target=server._serve_request, args=(environ, None))
    thread.start()
    return thread


def test_a_page_is_open_while_its_livereload_request_waits_and_a_moment_after(monkeypatch):
    server = Server()
    openpages.watch(server)
    assert openpages.shown(server) == set()
    waiting = ask(server, "/livereload/1/7", "http://127.0.0.1:8000/models/")
    ask(server, "/labs/", "http://127.0.0.1:8000/").join()  # a page, not a livereload request: opens nothing
    while len(server.served) < 2:
        openpages.time.sleep(0.01)
    assert openpages.shown(server) == {"models/"}
    server.release.set()
    waiting.join()
    assert server.served[0] == "/livereload/1/7"  # the request reached MkDocs' own handler
    assert openpages.shown(server) == {"models/"}  # reloading: it asks again as soon as it has loaded
    clock = openpages.time.monotonic() + openpages.RECENT + 1
    monkeypatch.setattr(openpages.time, "monotonic", lambda: clock)
    assert openpages.shown(server) == set()  # closed


def test_addresses_are_the_pages_urls_under_the_mount_path():
    server = Server("/token-share/")
    server.release.set()
    openpages.watch(server)
    for referer in ("http://h/token-share/", "http://h/token-share/labs/deepseek/index.html", "http://h/elsewhere/"):
        ask(server, "/livereload/1/2", referer).join()
    assert openpages.shown(server) == {"", "labs/deepseek/"}


def test_without_the_servers_state_nothing_is_known_open():
    assert openpages.shown(None) is None
    plain = object()
    openpages.watch(plain)  # not MkDocs' server: left alone
    assert openpages.shown(plain) is None


def test_the_second_rebuild_waits_until_the_server_is_idle_and_may_end_without_a_reload(monkeypatch):
    monkeypatch.setattr(openpages, "QUIET", 0.3)
    server = Server()
    server.release.set()
    openpages.watch(server)
    openpages.rebuild_soon(server)
    for _ in range(4):  # the reloaded page's files, asked for one after another
        ask(server, "/assets/a.js", None).join()
        openpages.time.sleep(0.15)
        assert not server._want_rebuild
    with server._rebuild_cond:
        assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=5)
    openpages.no_reload(server)
    assert server._wanted_epoch == server._visible_epoch == 1


def test_no_second_rebuild_when_a_save_has_started_one_meanwhile(monkeypatch):
    monkeypatch.setattr(openpages, "QUIET", 0.1)
    server = Server()
    openpages.watch(server)
    openpages.rebuild_soon(server)
    server._wanted_epoch = 3  # a save: MkDocs' loop started a rebuild
    openpages.time.sleep(0.5)
    assert not server._want_rebuild
