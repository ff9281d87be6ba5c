"""A chart's static pictures as jobs: drawn during `make build`, after the rebuild in `make serve`.

A `Picture` says what to draw: a spec, how to fit it (to a width, or to a
width and height) and, for the dark version, the palette to swap in once the
light one is fitted (colours do not change the layout). `draw()` runs it
through the render cache, so it is the same bytes whenever and wherever it
runs.

`make build` reads every page first, noting the pictures the render cache
lacks, then draws them all in a pool of processes (`drawpool.py`) before any
page is written; a page holds a placeholder for each such picture's size
until then (`drawpool.SIZE`). In `make serve`
(the build's option `defer_pictures`, on in serve unless TOKENSHARE_DEFER_PICTURES=0), a
picture the render cache does not hold yet is not drawn during the rebuild:
Vega takes 50-150 ms a picture and holds Python's lock meanwhile, which would
make an editor wait for pictures their browser does not show (it draws the
interactive chart). The page is rebuilt at once, with the picture's size left
out of its `<img>`, and a worker process (`pictures.work`) draws
the missing pictures into the served site straight after, into the cache too,
so the next rebuild has them all, sizes included. A newer rebuild supersedes
the worker of an older one (a marker file names the current one), so it can
never write an old picture over a new one.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from macros.core import memo, options
from macros.publish import framed, render
from macros.core.paths import write_atomic

MARKER = ".tokenshare-pictures"  # in the site directory: the worker allowed to write there (MkDocs keeps dot files)
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the project, from which `python -m macros...` runs

_WORKER: list[subprocess.Popen] = []
_HANDED = memo.table("pictures handed to the worker")  # site path -> the Picture the last worker was given
_DRAWN = memo.table("pictures the worker drew")  # site path -> (that Picture, its bytes), read before a rebuild
# the worker yields to the rebuild an editor waits for (nice), then draws
_WORKER_MAIN = "import os, sys\ntry:\n    os.nice(5)\nexcept OSError:\n    pass\nfrom macros.publish.pictures import work\nsys.exit(work(sys.argv[1]))"


@dataclass(frozen=True)
class Picture:
    kind: str  # "svg" or "png"
    spec: dict  # before fitting
    fit: tuple = ()  # ("width", total px, padding px) or ("size", width px, height px)
    config: dict | None = None  # replaces the spec's config once fitted (the dark palette)
    scale: float = 2.0  # png only
    frame: tuple = ()  # a download's title, subtitle and source lines, set around the drawn picture (framed.py)

    def fitted(self, own_config: bool = False) -> dict:
        spec = self.spec
        if self.fit and self.fit[0] == "width":
            spec = render.fit_width(spec, self.fit[1], padding=self.fit[2])
        elif self.fit and self.fit[0] == "size":
            spec = render.fit_size(spec, self.fit[1], self.fit[2])
        if self.config is not None and not own_config:
            spec = dict(spec, config=self.config)
        return spec

    def draw(self) -> bytes:
        spec = self.fitted()
        if self.frame:
            return framed.draw(spec, self.frame, self.scale if self.kind == "png" else None)
        if self.kind == "png":
            return render.png(spec, scale=self.scale)
        swap = self.palette_swap()
        return render.svg(spec, recolour=(self.fitted(own_config=True), swap) if swap else None)

    def palette_swap(self) -> dict[str, str] | None:
        """Light colour -> dark one, when the picture differs from the fitted spec's own (light) one in
        colours only, and only by colours the spec itself never names: then it is that picture's SVG
        with the colours swapped, the same bytes Vega would draw (tests/test_drawing.py), for no
        Vega run. None otherwise (drawn by Vega)."""
        own = self.spec.get("config")
        if self.config is None or own is None or self.config == own:
            return None
        swap: dict[str, str] = {}
        if not _colours_only(own, self.config, swap) or len(set(swap.values())) != len(swap):
            return None
        body = render.spec_bytes({k: v for k, v in self.spec.items() if k != "config"}).decode("utf-8").lower()
        return None if any(c.lower() in body for c in swap) else swap

    def cached(self) -> bytes | None:
        """The picture if the render cache holds everything it needs, else None (nothing is drawn)."""
        with render.cache_only():
            try:
                return self.draw()
            except render.NotCached:
                return None


def _colours_only(a, b, swap: dict[str, str]) -> bool:
    """Whether two configs differ in colours ("#rrggbb") only, noting each pair in `swap`."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_colours_only(a[k], b[k], swap) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_colours_only(x, y, swap) for x, y in zip(a, b))
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str) and a.startswith("#") and b.startswith("#") and swap.get(a, b) == b:
        swap[a] = b
        return True
    return False


def deferring() -> bool:
    return options.active().defer_pictures


def later() -> bool:
    """Whether a picture not cached yet is drawn later: by the worker (make serve) or the pool (a build)."""
    active = options.active()
    return active.defer_pictures or active.pool_pictures


def get(picture: Picture) -> bytes | None:
    """The picture's bytes: drawn now, or None when it is left to the worker (make serve) or the pool
    (a build: publish/drawpool.py draws every missing picture once all pages are read)."""
    return picture.cached() if later() else picture.draw()


# --- the worker -----------------------------------------------------------------------------------


def stop_worker() -> None:
    """End the worker this process started for an older rebuild, if it is still drawing."""
    while _WORKER:
        proc = _WORKER.pop()
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()


def hand_over(site_dir: Path, jobs: dict[str, Picture]) -> subprocess.Popen | None:
    """Start a worker drawing `jobs` (site path -> Picture) into `site_dir`; it alone may write there now."""
    stop_worker()
    _HANDED.clear()
    _HANDED.update(jobs)
    site_dir = Path(site_dir)
    token = uuid.uuid4().hex
    (site_dir / MARKER).write_text(token, encoding="utf-8")
    if not jobs:
        return None
    fd, job_file = tempfile.mkstemp(prefix="tokenshare-pictures-", suffix=".pickle")
    with os.fdopen(fd, "wb") as handle:
        pickle.dump({"site_dir": str(site_dir), "token": token, "jobs": sorted(jobs.items()),
                     "cache_dir": str(render.cache.root())}, handle)
    proc = subprocess.Popen(
        [sys.executable, "-c", _WORKER_MAIN, job_file],
        cwd=PACKAGE_ROOT,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    )
    _WORKER.append(proc)
    return proc


def read_drawn(site_dir: Path) -> None:
    """Before a rebuild empties the site (on_pre_build in make serve): stop the last worker and keep what
    it has written of its pictures. Only it writes a picture it was given there (a rebuild writes those
    of its pictures that are drawn; an older worker was stopped before this one's rebuild emptied the
    site), so the file is that picture; a page kept by the preview
    (mkdocs/pagememo.py) then takes it from here, not by fitting its spec again to find it in the cache."""
    stop_worker()  # else, still drawing, it could write an older rebuild's picture where this one's goes
    _DRAWN.clear()
    for path, picture in _HANDED.items():
        try:
            _DRAWN[path] = (picture, (Path(site_dir) / path).read_bytes())
        except OSError:
            pass  # not drawn yet


def drawn(path: str, picture: Picture) -> bytes | None:
    """The bytes the last worker drew for this very Picture at `path` (see `read_drawn`), else None."""
    kept = _DRAWN.get(path)
    return kept[1] if kept is not None and kept[0] is picture else None


def _current(site_dir: Path, token: str) -> bool:
    try:
        return (site_dir / MARKER).read_text(encoding="utf-8") == token
    except OSError:
        return False


def work(job_file: str) -> int:
    """Draw every job, writing each picture only while this worker is still the current one."""
    with open(job_file, "rb") as handle:
        order = pickle.load(handle)
    os.unlink(job_file)
    site_dir, token = Path(order["site_dir"]), order["token"]
    # the worker draws (never defers) into the cache of the build that handed the jobs over
    with options.using(options.active().replace(cache_dir=Path(order["cache_dir"]), defer_pictures=False)):
        return _work(site_dir, token, order["jobs"])


def _work(site_dir: Path, token: str, jobs: list) -> int:
    for rel, picture in jobs:
        if not _current(site_dir, token):
            return 0
        data = picture.draw()
        if not _current(site_dir, token):
            return 0
        try:
            write_atomic(site_dir / rel, data)
        except OSError:
            return 0  # the served site is gone (serve stopped)
    return 0
