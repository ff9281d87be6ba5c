"""`make serve` for editors: the dev server picks up edits, shows mistakes and recovers.

The pages' words only: served without static pictures (NO_PICTURES), so no worker draws them
meanwhile (tests/test_build_machinery.py tests that worker)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

import rows
from macros.mkdocs import csp
from conftest import ENV, NO_PICTURES, ROOT, SAMPLE_MODEL_PAGES, free_port, make_mini_site, mkdocs_build

pytestmark = pytest.mark.build

# The first build of every page (lab, model, week pages included) may take minutes on a busy
# machine; what a test times out on is a rebuild that never shows the edit.
FIRST_BUILD = 400

PAGE = """# Preview

China took {{ figure("share", country="CN", week="latest") }} of tokens.
"""

# Pages the tests never edit: the preview keeps them (mkdocs/pagememo.py), their claim and chart included.
UNEDITED = {
    "evidence.md": '# Evidence\n\n{{ claim("Chinese labs take more tokens than US labs.", "share", ">", '
                   '{"kind": "share", "country": "US"}, country="CN") }}\n\n{{ chart("country_share_weekly") }}\n',
    "claims.md": "# Claims\n\n{{ claims_list() }}\n",
}


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def fetch_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except OSError:
        return None


def wait_for(url: str, predicate, timeout: float = 240) -> str:
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and predicate(body):
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} did not change as expected within {timeout} s; last body: {(body or '')[:500]}")


@pytest.fixture
def server(tmp_path, request):
    """A preview of a mini-site of a copy of data/, every model page (indirect parameter "sample": one in eight,
    for a test whose subject is not how many pages a rebuild leaves for the next)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    config = make_mini_site(tmp_path / "project", {"index.md": PAGE, **UNEDITED}, watch=[data], copy_package=True)
    port = free_port()  # the build that checks the preview (same_as_a_build) gives its pages the same address
    env = {**ENV, "TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"), **NO_PICTURES,
           "TOKENSHARE_TIMINGS": str(tmp_path / "timings.json"), "SITE_URL": f"http://127.0.0.1:{port}/",
           **(SAMPLE_MODEL_PAGES if getattr(request, "param", "all") == "sample" else {})}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=config.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, text=True,
    )
    process.log = []  # the server's log lines, read as they come (an unread pipe would fill and stall it)
    threading.Thread(target=lambda: process.log.extend(process.stderr), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/", config.parent / "docs" / "index.md", data, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


class Browser(threading.Thread):
    """A browser showing one page: it asks the server whether to reload, as MkDocs' livereload script
    does (the page as its Referer), and reloads when told; `shown` is every version of the page it loaded."""

    def __init__(self, site: str, path: str = ""):
        super().__init__(daemon=True)
        self.site, self.url, self.shown = site, site + path, []
        self.start()

    def run(self):
        while True:
            body = fetch(self.url)
            found = re.search(r"livereload\((\d+), (\d+)\)", body or "")
            if found is None:
                time.sleep(0.2)
                continue
            self.shown.append(body)
            ask = urllib.request.Request(f"{self.site}livereload/{found[1]}/{found[2]}", headers={"Referer": self.url})
            try:
                while urllib.request.urlopen(ask, timeout=90).read().decode() == found[1]:
                    pass  # no newer build within a minute: ask again
            except OSError:
                time.sleep(0.2)


def china(data: Path) -> str:
    """China's share of the latest full week as the page shows it, computed from `data`'s rows."""
    rows.daily.cache_clear()
    return f"{rows.country_shares(rows.latest_full_week(data), data)['CN']:.1f}\u00a0%"


def test_edits_show_up_and_mistakes_do_not_stop_the_server(server):
    url, page, data, process = server
    before = china(data)
    wait_for(url, lambda b: before in b, timeout=FIRST_BUILD)
    browser = Browser(url)  # the editor has the page open
    wait_for(url + "evidence/", lambda b: True)
    while not browser.shown:
        time.sleep(0.1)

    # A one-row CSV edit (a Chinese model's tokens on one day of the latest week, ten times): the served page changes.
    path = data / "openrouter_daily.csv"
    week = rows.latest_full_week(data).strftime("%Y-%m-%d")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(week + ",deepseek/"))
    cells = next(csv.reader([lines[at]]))
    cells[6] = str(int(cells[6]) * 10)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    lines[at] = out.getvalue()
    path.write_text("".join(lines), encoding="utf-8")
    after = china(data)
    assert after != before
    wait_for(url, lambda b: after in b)
    # The open page came with the first rebuild; every other page with a second one, which did not reload it.
    deadline = time.monotonic() + 240
    while sum("Reloading browsers" in line for line in process.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [line for line in process.log if "rendered in a second rebuild" in line]
    assert len(left) == 1 and int(re.search(r"(\d+) pages", left[0])[1]) > 100, left
    assert len(browser.shown) == 2 and after in browser.shown[1], [after in b for b in browser.shown]

    # A broken macro call: the server stays up and serves the mistake where it is.
    page.write_text(PAGE.replace('country="CN"', 'country="Chna"'))
    body = wait_for(url, lambda b: "ts-error" in b)
    assert "docs/index.md, line 3 in figure(): unknown country &#x27;Chna&#x27;. Did you mean &#x27;China&#x27;?" in body
    assert process.poll() is None

    # Fixed: the page recovers.
    page.write_text(PAGE)
    body = wait_for(url, lambda b: "ts-error" not in b and after in b)
    assert process.poll() is None
    same_as_a_build(url, page.parents[1], data)


def same_as_a_build(url: str, project: Path, data: Path) -> None:
    """Every file of a fresh `mkdocs build` of the same pages and data is served, the same bytes: the
    preview kept the pages whose inputs did not change (mkdocs/pagememo.py) and replayed them whole."""
    counts = json.loads((project.parent / "timings.json").read_text(encoding="utf-8"))["counts"]
    assert counts.get("page:kept", 0) > 100 and counts.get("page:finished kept", 0) > 100, counts  # the last rebuild's
    built = project.parent / "built"
    env = {**ENV, "TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"), **NO_PICTURES, "SITE_URL": url}
    result = mkdocs_build(project / "mkdocs.yml", built, env)
    assert result.returncode == 0, result.stderr[-3000:]
    differ = []
    for path in sorted(p for p in built.rglob("*") if p.is_file() and p.suffix != ".gz"):
        rel = path.relative_to(built).as_posix()
        served = fetch_bytes(url + rel)
        livereload = re.search(rb"<script>(\s*var livereload.*?)</script>", served or b"", flags=re.S)
        if rel.endswith(".html") and livereload:  # what the server adds to a page it serves, and allows
            served = served.replace(livereload[0], b"").replace(b" " + csp.sha256(livereload[1].decode()).encode(), b"", 1)
        if served != path.read_bytes():
            differ.append(rel)
    assert differ == [], f"{len(differ)} files the preview serves otherwise than a build writes: {differ[:10]}"


@pytest.mark.parametrize("server", ["sample"], indirect=True)
def test_a_code_change_is_picked_up_without_a_restart(server, tmp_path):
    """Editing a file of macros/ (the fixture's own copy) reloads the package on the next rebuild."""
    url, page, data, process = server
    wait_for(url, lambda b: china(data) in b, timeout=FIRST_BUILD)
    formatting = tmp_path / "project" / "macros" / "series/formatting.py"
    formatting.write_text(formatting.read_text().replace('NBSP = "\\u00a0"', 'NBSP = "\\u2009"'))
    wait_for(url, lambda b: china(data).replace("\u00a0", "\u2009") in b)
    assert process.poll() is None


@pytest.mark.parametrize("server", ["sample"], indirect=True)
def test_a_browser_showing_a_page_reloads_it_after_an_edit(server):
    """In Chromium: MkDocs' livereload script, inline, runs under the page's Content Security Policy
    (its hash added as the page is served: mkdocs/openpages.py), so the server knows the page is
    open and the page reloads by itself after an edit."""
    from playwright.sync_api import sync_playwright
    from sitetools import launch

    url, page, data, process = server
    wait_for(url, lambda b: china(data) in b, timeout=FIRST_BUILD)
    with sync_playwright() as pw:
        chromium = launch(pw)
        try:
            tab = chromium.new_page()
            blocked = []
            tab.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
            tab.goto(url, wait_until="load")
            deadline = time.monotonic() + 30
            while not any(f"Browser connected: {url}" in line for line in process.log) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert any(f"Browser connected: {url}" in line for line in process.log), blocked
            page.write_text(PAGE.replace("China took", "China now took"))
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                try:
                    if "China now took" in tab.inner_text("body"):
                        break
                except Exception:  # the page is reloading
                    pass
                time.sleep(0.3)
            assert "China now took" in tab.inner_text("body")
            assert blocked == []
        finally:
            chromium.close()
