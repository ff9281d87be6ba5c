"""The options of one build, made once by whoever starts it and handed down.

`BuildOptions` is a frozen value: where the data and the cache are, whether
this is `mkdocs serve`, whether pictures not cached yet are left to a worker
(or not drawn at all: a test build), whether results are kept on disk, and where the stage timings go. Nothing
below the entry points reads the environment: the MkDocs adapter
(`macros/mkdocs/hooks.py`) makes the value when MkDocs starts, the command
lines (`macros/cli.py`, `macros/ingest/cli.py`) from their arguments, and
each of them passes the environment's variables (the public interface of
the Makefile, scripts/bench.py and the tests) to `from_environment`.

The adapter hands the value to `Build` and makes it the process's `active()`
one, which the disk cache (`core/cache.py`), the render cache
(`publish/render.py`), the picture jobs (`publish/pictures.py`) and a catalog
given no data directory read. Until an entry point activates its own, the
defaults hold: data/ and .cache/ of the project, a plain build.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from macros.core.paths import ROOT

# The environment variables entry points read (nothing else does).
DATA = "TOKENSHARE_DATA"  # another data directory (tests, benchmarks, imports)
CACHE = "TOKENSHARE_CACHE"  # another cache directory
DISK_CACHE = "TOKENSHARE_DISK_CACHE"  # "0": keep no data results on disk (to measure a build without them)
DEFER_PICTURES = "TOKENSHARE_DEFER_PICTURES"  # "1": leave pictures to a worker; "0": draw each one as its page renders
TIMINGS = "TOKENSHARE_TIMINGS"  # a file the stage timings are written to as JSON when the build ends
# Test builds only: "off" draws no static picture (tests that read pages), "sample" those of the
# hand-written pages and of one generated page of each kind; the cache is left unpruned. Never
# published: `make build` sets it "on", and CI's link check would stop the pictures left out.
PICTURES = "TOKENSHARE_PICTURES"
PICTURE_MODES = ("on", "sample", "off")
# Test builds only: "sample" generates the page of one model in pages/models.py SAMPLE_STEP (by permaslug), for
# a test whose subject is not the model pages; links go to the pages built. `make build` sets "all".
MODEL_PAGES = "TOKENSHARE_MODEL_PAGES"
MODEL_PAGE_MODES = ("all", "sample")


@dataclass(frozen=True)
class BuildOptions:
    data_dir: Path = ROOT / "data"
    cache_dir: Path = ROOT / ".cache"
    serving: bool = False  # mkdocs serve: mistakes shown in the page, disk writes after the rebuild
    defer_pictures: bool = False  # pictures the render cache lacks are drawn by a worker (publish/pictures.py)
    # pictures the render cache lacks are drawn once every page has been read, in a pool of processes
    # (publish/drawpool.py): a build's default
    pool_pictures: bool = False
    disk_cache: bool = True  # derived results kept in cache_dir/data (pictures always are, in cache_dir/render)
    pictures: str = "on"  # "sample" or "off": a test build with some or no static pictures (PICTURES above)
    model_pages: str = "all"  # "sample": a test build with some of the model pages (MODEL_PAGES above)
    timings_file: Path | None = None

    def replace(self, **changes) -> "BuildOptions":
        return dataclasses.replace(self, **changes)


def from_environment(environ: Mapping[str, str], *, serving: bool = False, **overrides) -> BuildOptions:
    """The options the variables of `environ` ask for (an entry point passes `os.environ`).

    In serve, pictures are deferred unless TOKENSHARE_DEFER_PICTURES=0; elsewhere only when it is 1.
    A build draws them in a pool once every page is read, unless it is 0 (each as its page renders)."""
    defer = environ.get(DEFER_PICTURES)
    drawn = environ.get(PICTURES) or "on"
    if drawn not in PICTURE_MODES:
        raise ValueError(f"{PICTURES} is {drawn!r}: expected 'on' (the default), or for a test build 'sample' or 'off'")
    models = environ.get(MODEL_PAGES) or "all"
    if models not in MODEL_PAGE_MODES:
        raise ValueError(f"{MODEL_PAGES} is {models!r}: expected 'all' (the default), or for a test build 'sample'")
    values = dict(
        data_dir=Path(environ.get(DATA) or ROOT / "data").resolve(),
        cache_dir=Path(environ.get(CACHE) or ROOT / ".cache").resolve(),
        serving=serving,
        defer_pictures=defer == "1" or (serving and defer != "0"),
        pool_pictures=not serving and defer is None,
        disk_cache=environ.get(DISK_CACHE, "1") != "0",
        timings_file=Path(environ[TIMINGS]) if environ.get(TIMINGS) else None,
        pictures=drawn,
        model_pages=models,
    )
    values.update(overrides)
    return BuildOptions(**values)


_ACTIVE: list[BuildOptions] = [BuildOptions()]


def active() -> BuildOptions:
    """The options of the build this process runs (the defaults until an entry point activates its own)."""
    return _ACTIVE[0]


def activate(options: BuildOptions) -> BuildOptions:
    """Make `options` the process's (an entry point does, once it has made them)."""
    _ACTIVE[0] = options
    return options


@contextlib.contextmanager
def using(options: BuildOptions):
    """`options` active inside the block, the previous ones after it (tests, the picture worker)."""
    before = _ACTIVE[0]
    _ACTIVE[0] = options
    try:
        yield options
    finally:
        _ACTIVE[0] = before
