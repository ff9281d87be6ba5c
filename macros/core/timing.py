"""Where a build's time goes: a small registry the stages report to.

    with timing.stage("validate"):
        ...

Time is exclusive: a stage entered inside another pauses the outer one, so
the stages add up to the time spent in our code (`transform` inside `chart`
counts once, as transform). The stages are those of the data flow: `load`
(reading files), `validate`, `transform` (views and their derived tables),
`chart` (specs, tables and figures as HTML), `render` (static pictures),
`write` (files added to the site). Everything else in a build is MkDocs
itself (Markdown, the theme, search) and starting Python.

Nothing here reaches the site: the totals are only logged at debug level
and, when the build's options name a file (TOKENSHARE_TIMINGS; the benchmark does), written
there as JSON when the build ends. Counters (`count`) record events such as
cache hits, for the same report.
"""

from __future__ import annotations

import json
import logging
import time
from contextlib import contextmanager
from pathlib import Path

from macros.core import memo

log = logging.getLogger("mkdocs.plugins.tokenshare.timing")

STAGES = ("load", "validate", "transform", "chart", "render", "write")

SECONDS: dict[str, float] = memo.table("stage seconds")  # wall time
CPU: dict[str, float] = memo.table("stage CPU seconds")  # CPU time of the process (every thread), less noisy on a shared machine
CALLS: dict[str, int] = memo.table("stage calls")
COUNTS: dict[str, int] = memo.table("build events")
_stack: list[list] = []  # [stage, wall when (re)started, CPU then], innermost last


def reset() -> None:
    SECONDS.clear()
    CPU.clear()
    CALLS.clear()
    COUNTS.clear()
    _stack.clear()


@contextmanager
def stage(name: str):
    """Count the time of the block (less its inner stages) under `name`."""
    now, cpu = time.perf_counter(), time.process_time()
    if _stack:
        _add(_stack[-1], now, cpu)
    _stack.append([name, now, cpu])
    try:
        yield
    finally:
        end, end_cpu = time.perf_counter(), time.process_time()
        inner = _stack.pop()
        _add(inner, end, end_cpu)
        CALLS[inner[0]] = CALLS.get(inner[0], 0) + 1
        if _stack:
            _stack[-1][1:] = [end, end_cpu]


def _add(entry: list, now: float, cpu: float) -> None:
    SECONDS[entry[0]] = SECONDS.get(entry[0], 0.0) + now - entry[1]
    CPU[entry[0]] = CPU.get(entry[0], 0.0) + cpu - entry[2]


def count(name: str, n: int = 1) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + n


def snapshot() -> dict:
    return {"seconds": dict(SECONDS), "cpu": dict(CPU), "calls": dict(CALLS), "counts": dict(COUNTS)}


def report(target: Path | None = None) -> None:
    """Log the totals at debug level; write them to `target` if given (the build's `timings_file`,
    which TOKENSHARE_TIMINGS names)."""
    data = snapshot()
    log.debug("build stages: " + ", ".join(f"{k} {v:.3f} s" for k, v in sorted(data["seconds"].items())))
    if target:
        Path(target).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
