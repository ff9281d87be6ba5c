"""Where things are, computed from this file so the project can move (or leave MkDocs)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# TOKENSHARE_DATA points a build at another data directory (tests, benchmarks, imports).
DATA_DIR = Path(os.environ.get("TOKENSHARE_DATA", ROOT / "data")).resolve()
CACHE_DIR = Path(os.environ.get("TOKENSHARE_CACHE", ROOT / ".cache")).resolve()


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the project when it is inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
