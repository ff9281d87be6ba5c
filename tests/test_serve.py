"""`make serve` for editors: the dev server picks up edits, shows mistakes and recovers.

The pages' words only: served without static pictures (NO_PICTURES), so no worker draws them
meanwhile (tests/test_build_machinery.py tests that worker)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import rows
from conftest import ENV, NO_PICTURES, ROOT, free_port, make_mini_site

pytestmark = pytest.mark.build

# The first build of every page (lab, model, week pages included) may take minutes on a busy
# machine; what a test times out on is a rebuild that never shows the edit.
FIRST_BUILD = 400

PAGE = """# Preview

China took {{ figure("share", country="CN", week="latest") }} of tokens.
"""


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
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
def server(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    config = make_mini_site(tmp_path / "project", {"index.md": PAGE}, watch=[data], copy_package=True)
    port = free_port()
    env = {**ENV, "TOKENSHARE_DATA": str(data), "TOKENSHARE_CACHE": str(ROOT / ".cache"), **NO_PICTURES}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=config.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", config.parent / "docs" / "index.md", data, process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def china(data: Path) -> str:
    """China's share of the latest full week as the page shows it, computed from `data`'s rows."""
    rows.daily.cache_clear()
    return f"{rows.country_shares(rows.latest_full_week(data), data)['CN']:.1f}\u00a0%"


def test_edits_show_up_and_mistakes_do_not_stop_the_server(server):
    url, page, data, process = server
    before = china(data)
    wait_for(url, lambda b: before in b, timeout=FIRST_BUILD)

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

    # A broken macro call: the server stays up and serves the mistake where it is.
    page.write_text(PAGE.replace('country="CN"', 'country="Chna"'))
    body = wait_for(url, lambda b: "ts-error" in b)
    assert "docs/index.md, line 3 in figure(): unknown country &#x27;Chna&#x27;. Did you mean &#x27;China&#x27;?" in body
    assert process.poll() is None

    # Fixed: the page recovers.
    page.write_text(PAGE)
    body = wait_for(url, lambda b: "ts-error" not in b and after in b)
    assert process.poll() is None


def test_a_code_change_is_picked_up_without_a_restart(server, tmp_path):
    """Editing a file of macros/ (the fixture's own copy) reloads the package on the next rebuild."""
    url, page, data, process = server
    wait_for(url, lambda b: china(data) in b, timeout=FIRST_BUILD)
    formatting = tmp_path / "project" / "macros" / "series/formatting.py"
    formatting.write_text(formatting.read_text().replace('NBSP = "\\u00a0"', 'NBSP = "\\u2009"'))
    wait_for(url, lambda b: china(data).replace("\u00a0", "\u2009") in b)
    assert process.poll() is None
