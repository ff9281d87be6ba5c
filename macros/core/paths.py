"""Where things are, computed from this file so the project can move (or leave MkDocs)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project: macros/core/paths.py
# The data and cache directories of a build are its options (core/options.py), not constants.


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the project when it is inside it, else to the
    working directory when it is inside that (a data directory of one's own), else whole."""
    path = Path(path).resolve()
    try:
        bases = (ROOT, Path.cwd())
    except OSError:  # the working directory is gone
        bases = (ROOT,)
    for base in bases:
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)
