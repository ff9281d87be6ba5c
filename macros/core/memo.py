"""The owner of every in-process memo: the dicts that keep work done for later in this process.

A module asks for its memo by name once, when it is imported:

    _SHAPES = memo.table("chart shapes")

and gets the same dict on every later call with that name, so everything a
process remembers (figures, tables, parsed sidecars, derived results, page
checks, compiled templates, timings, ...) is listed in one place. In
`mkdocs serve` the memos carry work from one rebuild to the next; a new
process (a second `mkdocs build`) starts without them, and `clear_all()`
gives a test the same clean start.
"""

from __future__ import annotations

_TABLES: dict[str, dict] = {}


def table(name: str) -> dict:
    """The memo called `name` (made empty on first request)."""
    return _TABLES.setdefault(name, {})


def names() -> dict[str, int]:
    """Every memo of the process and how many entries it holds."""
    return {name: len(memo) for name, memo in sorted(_TABLES.items())}


def clear_all() -> None:
    """Forget everything every memo holds, as a new process would start (the dicts stay the same objects)."""
    for memo in _TABLES.values():
        memo.clear()
