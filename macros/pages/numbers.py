"""Live numbers for prose: `figure("share", country="CN", week="latest")` -> 57.3 %.

Each kind of figure is a small function over the views returning a `Figure`:
the number and the text a reader sees (formatted as tables and charts format
the same quantity). The kinds live in shares.py (share, tokens, change,
rounding), lookups.py (rank, count, name, claim, gap, price_ratio, week,
a16z) and anydata.py (value, from any dataset); each is registered in the one registry (core/registry.py) with its
parameters declared once, and every call is checked against them, with the
valid choices in the error, so a typo in a page fails the build instead of
printing a wrong number (kinds.py). Claims compare the numbers.
"""

from __future__ import annotations

from macros.core.registry import REGISTRY
from macros.pages import shares  # noqa: F401, I001  (registers share, tokens, change, rounding: first in the reference)
from macros.pages import lookups  # noqa: F401  (registers the other kinds)
from macros.pages import anydata  # noqa: F401  (registers "value": a number from any dataset)
from macros.pages.kinds import Figure, country_code, evaluate, figure, week_text

KINDS = {entry.name: entry.fn for entry in REGISTRY.entries("figure")}

__all__ = ["Figure", "KINDS", "country_code", "evaluate", "figure", "week_text"]
