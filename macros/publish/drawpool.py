"""A build's missing pictures, drawn at once on every core, and their sizes put into the pages.

While pages render, a picture the render cache lacks is only noted (`pictures.get`
returns None, the page gets `SIZE` where its width and height go). Once every
page has been read and before any is written (the `on_env` event), `draw` runs
them all in a pool of processes, one vl-convert each (Vega holds Python's lock
while it runs, so threads would not help). Pictures that share a spec and its
fitting (a chart's light and dark picture, the download's SVG and PNG) go to the
same process, in one job: the spec is fitted once there and every picture of it
reuses the fit (render.py's cache). Each process writes the render cache as a
lone build would, and tells which entries it used, so the build's manifest
(core/prune.py) lists them. A picture that fails fails the build, naming it.

A build of every picture (not a test build's sample) starts drawing before
that: each time a page starts, the pictures the pages before it left are sent
to the pool (`send`), whose processes run at a lower priority than the build,
so they take the core the pages leave idle. Each time a page starts, what the
pool has drawn by then is handed to the build (`harvest`), which writes it into
the site and lets go of it: at 100x the rows, holding every drawn picture until
the pages end was the cold build's peak of memory. `draw` then waits for those
still wanted and draws the rest; a failed build cancels the pool (`abandon`).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from html import escape

from macros.core import cache, options, timing
from macros.publish import pictures, render

# Where a page's <img> or <source> takes the size of a picture drawn after the page was read.
SIZE = ' data-ts-size="{path}"'
_SIZE = re.compile(r' data-ts-size="([^"]*)"')
IN_PROCESS = 4  # jobs: fewer are drawn here, not worth starting processes for


def placeholder(path: str) -> str:
    return SIZE.format(path=escape(path))


def sized(html: str, sizes: dict[str, tuple[int, int]]) -> str:
    """The page with each placeholder replaced by its picture's size (none while a worker draws it: serve)."""
    if "data-ts-size" not in html:
        return html
    def size(match):
        wh = sizes.get(match.group(1))
        return f' width="{wh[0]}" height="{wh[1]}"' if wh else ""
    return _SIZE.sub(size, html)


def sample(jobs: dict[str, pictures.Picture], shown_on: dict[str, set[str]], showing: set[str], generated: set[str]) -> dict:
    """The jobs of a test build's sample (TOKENSHARE_PICTURES=sample): the pictures shown on a page nobody
    generates, or on one generated page of each kind (its folder): of the pages `showing` pictures, drawn
    or not, the longest path, the longest name, the likeliest to be cut. Chosen among every page, not
    those still to draw, so a build with a warm cache draws the same sample as a cold one.
    A generator draws every page alike: one page of it tests it."""
    kinds: dict[str, str] = {}
    for page in sorted(generated & showing):  # "docs/labs/deepseek.md": its kind is "labs"
        kind = page.removeprefix("docs/").split("/")[0]
        kinds[kind] = max(kinds.get(kind, page), page, key=lambda p: (len(p), p))
    chosen = set(kinds.values())
    return {path: job for path, job in jobs.items()
            if any(page not in generated or page in chosen for page in shown_on.get(path, {""}))}


def _group_key(picture: pictures.Picture) -> bytes:
    return render.spec_bytes({"spec": picture.spec, "fit": list(picture.fit)})


def _grouped(jobs: dict[str, pictures.Picture]) -> list[list[tuple[str, pictures.Picture]]]:
    """The jobs of a pool: the pictures of one spec and fitting together, biggest groups first."""
    groups: dict[bytes, list[tuple[str, pictures.Picture]]] = {}
    for path, picture in sorted(jobs.items()):
        groups.setdefault(_group_key(picture), []).append((path, picture))
    # within a job: the picture that fits the spec (no palette swapped in) first, SVGs before PNGs
    work = [sorted(g, key=lambda pp: (pp[1].config is not None, pp[1].kind != "svg", pp[0])) for g in groups.values()]
    work.sort(key=len, reverse=True)
    return work


def _pool(workers: int, nice: int = 0) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start, initargs=(options.active().cache_dir, nice))


class _Early:
    """The pool drawing a build's pictures while its pages are still read."""

    def __init__(self) -> None:
        self.cache_dir = options.active().cache_dir  # what its processes draw into
        self.pool = _pool(os.cpu_count() or 1, nice=5)  # the pages first: they are what the build waits for
        self.sent: dict[str, pictures.Picture] = {}  # path -> the picture sent for it
        self.jobs: list[tuple[list, object]] = []  # (job, its future)

    def send(self, deferred: dict[str, pictures.Picture]) -> None:
        new = {path: picture for path, picture in deferred.items() if self.sent.get(path) is not picture}
        for job in _grouped(new):
            self.jobs.append((job, self.pool.submit(_draw_job, job)))
            self.sent.update(job)


_EARLY: list[_Early] = []


def early() -> bool:
    """Whether this build draws its pictures while its pages are read: a build of every picture, on
    more than one core (a test build's sample is chosen only once every page is read)."""
    active = options.active()
    return active.pool_pictures and active.pictures == "on" and (os.cpu_count() or 1) > 1


def _this_builds() -> _Early | None:
    """The early pool, unless it was left by a build into another cache that neither drew nor failed
    (one run by hand): then it is abandoned."""
    if _EARLY and _EARLY[0].cache_dir != options.active().cache_dir:
        abandon()
    return _EARLY[0] if _EARLY else None


def send(deferred: dict[str, pictures.Picture]) -> None:
    """Start drawing the pictures deferred so far (a page starts: those of the pages before are whole)."""
    if deferred and early():
        if _this_builds() is None:
            _EARLY.append(_Early())
        _EARLY[0].send(deferred)


def harvest(wanted: dict[str, pictures.Picture], take) -> None:
    """Hand the pictures the early pool has drawn so far, and `wanted` still (the build's deferred ones), to
    `take(path, bytes, the cache entries used)`; a job that failed is left for `draw`, which names it."""
    sent = _this_builds()
    if sent is None:
        return
    left = []
    for job, future in sent.jobs:
        if future.done() and future.exception() is None and all(wanted.get(p) is pic for p, pic in job):
            _deliver(job, future.result(), take)
        else:
            left.append((job, future))
    sent.jobs = left


def _deliver(job: list, result: tuple, take) -> None:
    drawn, used, counts, stats = result
    _note(used, counts, stats)
    used = set(used)
    for (path, _), data in zip(job, drawn):
        take(path, data, used)


def abandon() -> None:
    """A failed build: the pictures sent early are not waited for."""
    while _EARLY:
        _EARLY.pop().pool.shutdown(wait=False, cancel_futures=True)


def draw(jobs: dict[str, pictures.Picture], take) -> None:
    """Draw every job (site path -> Picture) into the render cache, handing each picture to `take(site path,
    bytes, the cache entries its drawing used, relative to the cache directory)` and letting go of it.
    Jobs sent early (`send`) whose pictures are all still wanted are taken from the pool."""
    sent = _this_builds()
    _EARLY.clear()
    taken = [(job, future) for job, future in (sent.jobs if sent else []) if all(jobs.get(p) is pic for p, pic in job)]
    done = {path for job, _ in taken for path, _ in job}
    timing.count("render:jobs sent early and taken", len(taken))
    work = _grouped({path: picture for path, picture in jobs.items() if path not in done})
    with timing.stage("render"):
        if sent is None and (len(work) < IN_PROCESS or (os.cpu_count() or 1) < 2):
            for job in work:  # here: entries and counts are noted as they happen
                with cache.scope() as seen:
                    drawn = [_drawn(path, picture) for path, picture in job]
                used = set(seen)
                for (path, _), data in zip(job, drawn):
                    take(path, data, used)
        else:
            pool = sent.pool if sent else _pool(min(os.cpu_count() or 1, len(work)))
            try:
                waiting = deque(taken + [(job, pool.submit(_draw_job, job)) for job in work])
                while waiting:  # each job's pictures let go of once handed over
                    job, future = waiting.popleft()
                    _deliver(job, future.result(), take)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)


def _drawn(path: str, picture: pictures.Picture) -> bytes:
    try:
        return picture.draw()
    except Exception as exc:  # a picture that cannot be drawn stops the build, named
        raise RuntimeError(f"the picture {path} could not be drawn: {type(exc).__name__}: {exc}") from exc


def _start(cache_dir, nice: int = 0) -> None:
    """A process of the pool: a plain build's options, pictures drawn at once into `cache_dir`;
    `nice`: yielding to the build's own process (once the pages are read, nothing else runs)."""
    if nice:
        os.nice(nice)
    options.activate(options.BuildOptions(cache_dir=cache_dir))
    render.use_fonts()


def _draw_job(job: list[tuple[str, pictures.Picture]]):
    """The pictures of one spec; with the cache entries used and what was counted (in a pool process)."""
    cache.forget_uses()
    timing.reset()
    render.STATS.clear()
    drawn = [_drawn(path, picture) for path, picture in job]
    return drawn, cache.uses()[0], dict(timing.COUNTS), dict(render.STATS)


def _note(used: dict[str, str], counts: dict[str, int], stats: dict[str, int]) -> None:
    """What a pool process did, noted in this build as if it had been done here."""
    root = cache.root()
    for rel, how in used.items():
        cache.used(root / rel, written=how == "written")
    for name, n in counts.items():
        timing.count(name, n)
    for name, n in stats.items():
        render.STATS[name] = render.STATS.get(name, 0) + n
