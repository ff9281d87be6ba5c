"""The disk cache's writes in mkdocs serve: kept in memory, written a moment after the rebuild, never lost."""

from __future__ import annotations

import threading

import pytest

from macros.core import cache
from macros.core import options


class _Timer:
    """threading.Timer that only starts when the test fires it (its delay has passed)."""
    made: list["_Timer"] = []

    def __init__(self, delay, function):
        self.function, self.daemon, self.fired = function, False, False
        _Timer.made.append(self)

    def start(self):
        pass

    def fire(self):
        self.fired = True
        self.function()


@pytest.fixture
def serving(tmp_path, monkeypatch):
    _Timer.made = []
    monkeypatch.setattr(cache.threading, "Timer", _Timer)
    with options.using(options.BuildOptions(cache_dir=tmp_path / "cache", serving=True, disk_cache=True)):
        yield tmp_path / "cache"


def _on_disk(kind, key) -> bool:
    return cache.disk_path(kind, key).is_file()


def test_in_serve_an_entry_is_written_after_the_rebuild_and_readable_meanwhile(serving):
    cache.disk_store("derived", "a" * 64, {"x": 1})
    assert not _on_disk("derived", "a" * 64) and cache.disk_load("derived", "a" * 64) == {"x": 1}
    for timer in list(_Timer.made):
        timer.fire()
    assert _on_disk("derived", "a" * 64) and cache.disk_load("derived", "a" * 64) == {"x": 1}


def test_an_entry_stored_while_the_flush_empties_the_queue_is_still_written(serving, monkeypatch):
    """The flush (the timer's thread) may end its work just as a rebuild stores a new entry: the new
    entry must still get a flush. Here the timer fires at the worst moment, while the entry is put in."""
    cache.disk_store("derived", "a" * 64, 1)  # waiting, its flush due
    flushing = []

    class Racing(dict):
        def __setitem__(self, key, value):
            if not flushing:  # the due flush runs now, in its own thread
                thread = threading.Thread(target=_Timer.made[0].fire)
                flushing.append(thread)
                thread.start()
                thread.join(timeout=0.5)  # as far as it gets before this entry is in
            super().__setitem__(key, value)

    monkeypatch.setattr(cache, "_PENDING", Racing(cache._PENDING))
    cache.disk_store("derived", "b" * 64, 2)
    flushing[0].join(timeout=10)
    for timer in [t for t in _Timer.made if not t.fired]:  # whatever flush is still due, its delay passes
        timer.fire()
    assert _on_disk("derived", "a" * 64)
    assert _on_disk("derived", "b" * 64), "an entry stored during a flush was never written"
