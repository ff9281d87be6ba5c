"""Shared fixtures: the real catalog, a built copy of the real site, fixture mini-sites."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


# Builds draw every picture unless a test asks for none (a stray TOKENSHARE_PICTURES=off would weaken the rest).
ENV = {**{k: v for k, v in os.environ.items() if k != "TOKENSHARE_PICTURES"}, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
# For a build whose tests read its pages, never its static pictures (core/options.py): Vega is most
# of a cold build's CPU. Such a build's pages name pictures it never writes: no link check runs on it.
NO_PICTURES = {"TOKENSHARE_PICTURES": "off"}
# For a build whose tests read pictures too, but of no particular generated page: those of every
# hand-written page and of one generated page of each kind (publish/drawpool.py `sample`).
SAMPLE_PICTURES = {"TOKENSHARE_PICTURES": "sample"}
# For a build whose subject is not the model pages: one model page in eight (pages/models.py `sample`),
# links only to those. The whole site, every model page included, is the `site` fixture's.
SAMPLE_MODEL_PAGES = {"TOKENSHARE_MODEL_PAGES": "sample"}


def mkdocs_build(config: Path, site_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in a subprocess, through the same console script
    `make build` runs (so the project is not on sys.path by accident)."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env={**ENV, **(env or {})}, cwd=config.parent,
    )


@pytest.fixture(scope="session")
def catalog():
    """The repository's data as it is today: compare what it gives with tests/rows.py, never with a literal."""
    from macros.data.catalog import Catalog

    return Catalog(ROOT / "data").require_valid()


@pytest.fixture(scope="session")
def frozen_catalog(tmp_path_factory):
    """The real rows of tests/fixtures/openrouter imported into the hand-curated data: fixed, so
    tests may pin their figures (those of FACTS.md)."""
    from ingest_support import frozen_data
    from macros.data.catalog import Catalog

    return Catalog(frozen_data(tmp_path_factory.mktemp("frozen") / "data")).require_valid()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the real site is built for and served on: Material's instant
    navigation only follows links that match `site_url`, port included."""
    return free_port()


@pytest.fixture(scope="session")
def site(tmp_path_factory, site_port) -> Path:
    """The real site, built once per test session (per xdist worker) from the repository's data.

    Workers build it one at a time: the first draws the pictures into the cache they share, the
    next takes them from there instead of drawing the same ones on the other core meanwhile."""
    import contextlib
    import fcntl

    out = tmp_path_factory.mktemp("site") / "site"
    with contextlib.ExitStack() as stack:
        if os.environ.get("PYTEST_XDIST_WORKER"):  # the session's workers share basetemp's parent
            lock = stack.enter_context(open(tmp_path_factory.getbasetemp().parent / "real-site.lock", "w"))
            fcntl.flock(lock, fcntl.LOCK_EX)
        result = mkdocs_build(ROOT / "mkdocs.yml", out, {"SITE_URL": f"http://127.0.0.1:{site_port}/"})
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def make_mini_site(root: Path, pages: dict[str, str], watch: list[Path] | None = None, copy_package: bool = False) -> Path:
    """A fixture site in `root`: the project's macros and theme, the given pages.

    Returns its mkdocs.yml. The data directory (default: the repository's) is
    chosen by TOKENSHARE_DATA when it is built; `watch` adds folders that
    `mkdocs serve` watches. The macros package is linked, or copied when a
    test edits it.
    """
    (root / "docs").mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if copy_package:
        shutil.copytree(ROOT / "macros", root / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    else:
        (root / "macros").symlink_to(ROOT / "macros")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^nav:\n(?:[ \t]+.*\n)+", "", config, flags=re.M)  # the fixture's own pages, in file order
    config = config.replace("watch:\n  - data\n", "watch:\n" + "".join(f"  - {w}\n" for w in watch or []))
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture
def mini_site(tmp_path):
    """Build a fixture site: `mini_site(pages, data_dir=None, pictures=True)` -> (result, site_dir);
    pictures=False for a test that reads the pages only (NO_PICTURES). One model page in eight
    (SAMPLE_MODEL_PAGES): a test that reads model pages uses the `site` fixture."""
    def build(pages: dict[str, str], data_dir: Path | None = None, pictures: bool = True):
        config = make_mini_site(tmp_path / "project", pages)
        env = {"TOKENSHARE_DATA": str(data_dir)} if data_dir else {}
        env["TOKENSHARE_CACHE"] = str(ROOT / ".cache")
        env.update({} if pictures else NO_PICTURES)
        env.update(SAMPLE_MODEL_PAGES)
        out = tmp_path / "site"
        return mkdocs_build(config, out, env), out
    return build


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the repository's data directory."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
