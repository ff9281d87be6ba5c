"""Derived results cached on the content they come from, in memory and on disk, never stale.

A derived table (a view such as the weekly country shares) is a function of
the datasets it reads and of our code. `derived(cat, fn, args)` runs `fn`
while the catalog records every dataset it touches (`Catalog.track`), and
keeps the result with those datasets' content fingerprints. The next call
with the same arguments returns it only if every one of them is unchanged:
a changed row, sidecar or file rebuilds exactly the results that read it,
and a dataset that appears or disappears counts as a change too.

Entries live in this process (so `mkdocs serve` rebuilds reuse them) and on
disk under `.cache/data/` (so a second build reuses them), one file per
function, arguments and data directory, replaced when its inputs change.
Disk entries are also keyed on `CODE`: the bytes of this package's modules
and the versions of the libraries that shape a frame, so an edit to the code
never serves a result the old code made.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import pickle
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from macros.core import memo
from macros.core import options
from macros.core import timing
from macros.core.paths import write_atomic

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # all of macros/
# Where entries live, whether data results are kept on disk (TOKENSHARE_DISK_CACHE=0 switches them
# off, e.g. to measure a build without them) and whether writes wait for the rebuild to end (serve):
# the build's options (core/options.py), read when an entry is read or written.

# derived results reused in memory, computed, read from disk; also "miss:<function>", "figure:made", ...
STATS: dict[str, int] = memo.table("cache events")


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for lib in ("pandas", "numpy", "pyarrow"):
        digest.update(f"{lib}={version(lib)}\0".encode())
    return digest.hexdigest()


CODE = _code_version()


def note(event: str) -> None:
    """Count an event (a result made or reused) for tests and the timing report."""
    STATS[event] = STATS.get(event, 0) + 1
    timing.count(event)


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


# --- the disk store -----------------------------------------------------------------------


def root() -> Path:
    """The cache directory of the build: `data/` holds derived results, `render/` pictures (publish/render.py)."""
    return options.active().cache_dir


def disk_path(kind: str, key: str) -> Path:
    return root() / "data" / kind / key[:2] / f"{key}.pickle"


def disk_load(kind: str, key: str):
    """The object stored under (kind, key), or None (missing, unreadable or made by other code)."""
    if not options.active().disk_cache:
        return None
    path = disk_path(kind, key)
    used(path)
    with _LOCK:
        if (kind, key) in _PENDING:
            return _PENDING[(kind, key)][1]
    try:
        with open(path, "rb") as handle:
            code, value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file is a miss, never an error
        return None
    return value if code == CODE else None


# (kind, key) -> (the file it goes to, the value)
_PENDING: dict[tuple[str, str], tuple[Path, object]] = memo.table("disk entries not written yet")
_FLUSH_DELAY = 1.0  # s
_LOCK = threading.Lock()  # _PENDING and _TIMER, shared with the timer's thread
_TIMER: list[threading.Timer] = []  # the flush due, if one is


def disk_store(kind: str, key: str, value) -> None:
    """Keep `value` on disk for the next process. In mkdocs serve, written a moment after the
    rebuild (this process keeps it in memory meanwhile), not while an editor waits for the page."""
    build = options.active()
    if not build.disk_cache:
        return
    path = disk_path(kind, key)
    used(path, written=True)
    if build.serving:
        # One flush is due whenever an entry waits: decided under the lock the flush takes, never by
        # whether _PENDING looked empty (a flush ending just then would leave the entry unwritten).
        with _LOCK:
            _PENDING[(kind, key)] = (path, value)
            if not _TIMER:
                timer = threading.Timer(_FLUSH_DELAY, flush)
                timer.daemon = True
                _TIMER.append(timer)
                timer.start()
        return
    _write(path, value)


def flush() -> None:
    """Write every entry waiting; an entry stays readable in _PENDING until its file is written."""
    with _LOCK:
        _TIMER.clear()  # from here on, a new entry schedules a new flush
        waiting = list(_PENDING.items())
    for (kind, key), entry in waiting:
        _write(*entry)
        with _LOCK:
            if _PENDING.get((kind, key)) is entry:  # not replaced meanwhile (that one has its own flush)
                del _PENDING[(kind, key)]


atexit.register(flush)  # mkdocs serve stopped within the delay: what is waiting is still written


def _write(path: Path, value) -> None:
    try:
        write_atomic(path, pickle.dumps((CODE, value), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a cache that cannot be written only costs time


def frame_digest(frame) -> str:
    """The content of a DataFrame: its columns, their types and every value."""
    import pandas as pd

    values = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    return digest(list(map(str, frame.columns)), list(map(str, frame.dtypes)), hashlib.sha256(values).hexdigest())


# --- derived results ----------------------------------------------------------------------

# key -> (deps, value): deps maps each dataset read to its fingerprint (None: it was absent)
_MEMORY: dict[str, tuple[dict, object]] = memo.table("derived results")


def derived(cat, fn: Callable, args: tuple, kwargs: dict, copy: Callable = lambda v: v):
    """fn(cat, *args, **kwargs), reused while the datasets it read are unchanged."""
    # sources.yml is read as a whole (cat.sources), not per dataset: it is part of every key
    key = digest(fn.__module__, fn.__qualname__, args, sorted(kwargs.items()), str(cat.data_dir), cat.sources_fingerprint)
    entry = _MEMORY.get(key)
    if entry is not None and cat.unchanged(entry[0]):
        note("derived:hit")
        cat.note_reads(entry[0])
        return copy(entry[1])
    stored = disk_load("derived", key)
    if stored is not None and cat.unchanged(stored[0]):
        note("derived:disk")
        _MEMORY[key] = stored
        cat.note_reads(stored[0])
        return copy(stored[1])
    note(f"miss:{fn.__qualname__}")
    note("derived:miss")
    with cat.track() as deps:
        value = fn(cat, *args, **kwargs)
    _MEMORY[key] = (dict(deps), value)
    disk_store("derived", key, (dict(deps), value))
    return copy(value)


def cached_view(fn: Callable) -> Callable:
    """Decorate a view function `fn(cat, ...)`: cached as above, timed as `transform`.

    The caller gets a shallow copy of the frame (copy-on-write), so changing
    it never changes the cached one.
    """
    @functools.wraps(fn)
    def wrapper(cat, *args, **kwargs):
        with timing.stage("transform"):
            return derived(cat, fn, args, kwargs, copy=_copy_view)
    wrapper.uncached = fn
    return wrapper


def _copy_view(value):
    frame = getattr(value, "frame", None)
    if frame is not None:
        import dataclasses

        return dataclasses.replace(value, frame=frame.copy(deep=False))
    if hasattr(value, "copy") and hasattr(value, "columns"):
        return value.copy(deep=False)
    return value


# --- what a build used (core/prune.py deletes the rest) -------------------------------------

# path relative to the cache directory -> "written" or "read", since the build started
_USED: dict[str, str] = memo.table("cache entries used by this build")
_SCOPES: list[set] = []  # the entries each open `scope` saw, innermost last
# figure entry -> the entries (pictures, views, ...) read or written while it was made, this build
_MADE_WITH: dict[str, set] = memo.table("cache entries a figure was made from")


def used(path: Path, written: bool = False) -> None:
    """Note an entry of the cache directory this build reads or writes (render cache included)."""
    try:
        rel = Path(path).relative_to(root()).as_posix()
    except ValueError:
        return  # elsewhere (a test's own directory): not ours to prune
    if written or rel not in _USED:
        _USED[rel] = "written" if written else "read"
    for seen in _SCOPES:
        seen.add(rel)


@contextlib.contextmanager
def scope():
    """Inside the block (one macro call), note which entries were used together: a figure entry
    written there was made from the entries used there (its pictures, their sizes, its views),
    which reusing it reads no more but remaking it would (core/prune.py keeps them while it is kept)."""
    seen: set[str] = set()
    _SCOPES.append(seen)
    try:
        yield seen
    finally:
        _SCOPES[:] = [s for s in _SCOPES if s is not seen]
        inputs = {rel for rel in seen if not rel.startswith(CARRIERS)}
        for rel in seen:
            if rel.startswith(CARRIERS) and _USED.get(rel) == "written":
                _MADE_WITH.setdefault(rel, set()).update(inputs)


def seen() -> set[str]:
    """The entries used so far inside the innermost `scope` (none outside one)."""
    return set(_SCOPES[-1]) if _SCOPES else set()


def made_with(kind: str, key: str, inputs: set[str]) -> None:
    """Note that the entry (kind, key), written by this build outside the scope it was made in
    (a figure whose pictures the pool drew afterwards), was made from `inputs`."""
    rel = disk_path(kind, key).relative_to(root()).as_posix()
    if _USED.get(rel) == "written":
        _MADE_WITH.setdefault(rel, set()).update(i for i in inputs if not i.startswith(CARRIERS))


CARRIERS = ("data/figure/",)  # entries reused whole, reading none of what they were made from (publish/figure.py)


def forget_uses() -> None:
    """A build starts: nothing used yet."""
    _USED.clear()
    _MADE_WITH.clear()


def uses() -> tuple[dict[str, str], dict[str, set]]:
    """(entry -> "read" or "written", figure entry -> the entries it was made from), this build."""
    return dict(_USED), {k: set(v) for k, v in _MADE_WITH.items()}
