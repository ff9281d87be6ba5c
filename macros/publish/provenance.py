"""Where a chart's numbers come from, in words: its sources, their citations and the "as of" date.

The source line under every chart always ends with its "as of" (the latest `as_of` of the
sidecars of the datasets its rows come from); a citation in sources.yml need not carry one,
though `{as_of}` in it still places the date inside it. The source line, the {as_of},
{period} and {week} of a title, and the sources list all read the same dates the same way.
"""

from __future__ import annotations

import re

import pandas as pd

from macros.charts.decl import ChartDecl
from macros.core.errors import MacroError
from macros.data.catalog import Catalog
from macros.series.views.base import View


def citation_text(cat: Catalog, source_id: str, as_of: str) -> str:
    """A source's citation with its "as of" (the sidecar's): after it, or where it says {as_of}."""
    return _dated(_cited(cat, source_id, as_of), as_of, ", as of ")


def _cited(cat: Catalog, source_id: str, as_of: str) -> str:
    return cat.sources[source_id].citation.replace("{as_of}", as_of_text(as_of))


def _dated(text: str, as_of: str, joint: str) -> str:
    """`text` with its "as of" date at the end, unless it holds that date already (once is enough)."""
    date = as_of_text(as_of)
    return text if date in text else f"{text}{joint}{date}"


def as_of_text(as_of: str) -> str:
    """An "as of" for a citation: 2026-08-21, or 2026-08-22 06:30 UTC when the time matters."""
    try:
        stamp = pd.Timestamp(as_of)
    except ValueError:
        return as_of
    if len(as_of) <= 10 or (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0):
        return as_of[:10]
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


LOOKUP = "labs"  # the lab table: who each author is, read beside the series


def provenance(cat: Catalog, view: View, rows: pd.DataFrame) -> tuple[list[str], str]:
    """The source ids a chart's rows cite, and the latest "as of" of the datasets that give them.

    `view.datasets` is what the view's computation read. The lab table is read beside most series
    to name and group labs and does not date them (a chart of the lab table itself it does); a
    dataset read only to look something up (the daily rows, to find the week of April's snapshot
    or a model's id) does not date a chart whose rows cite another source.
    """
    read = [d for d in view.datasets if d != LOOKUP] or list(view.datasets)
    if "source" in rows.columns and rows["source"].notna().any():
        ids = sorted(set(rows["source"].dropna()))
    else:
        ids = sorted({s for d in read for s in cat.meta(d).sources})
    dated = [d for d in read if set(cat.meta(d).sources) & set(ids)] or read
    return ids, max(cat.meta(d).as_of for d in dated)


def fill(text: str, rows: pd.DataFrame, decl: ChartDecl, as_of: str) -> str:
    """Fill {period}, {week} and {as_of} in a title from the rows shown."""
    values = {"as_of": _date_text(as_of)}
    # the x axis's dates, else the rows' week (a bar chart of one week): a column with a period
    temporal = [c for c in rows.columns if c == decl.x and decl.field(c).type == "temporal"] or [
        c for c in rows.columns if decl.field(c).period_days]
    if temporal:
        col = temporal[0]
        dates = pd.to_datetime(rows[col])
        f = decl.field(col)
        values["period"] = f"{f.text(dates.min())} – {f.text(dates.max())}" if dates.min() != dates.max() else f.text(dates.min())
        values["week"] = f.text(dates.max())
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    unfilled = re.findall(r"\{(?:period|week)\}", text)
    if unfilled:  # never publish a title reading "week of {week}"
        raise MacroError(f"the title or subtitle says {unfilled[0]}, but the chart's rows have no dates to fill it with.",
                         argument="title")
    return text


def source_text(cat: Catalog, source_ids: list[str], as_of: str) -> str:
    """A chart's source line, always with its "as of", once: "Source: A, as of 2026-08-22", or
    "Sources: A; B. As of 2026-08-22" (the date is the chart's, not one source's)."""
    bare = [_cited(cat, s, as_of).removeprefix("Source: ") for s in source_ids]
    text = ("Sources: " if len(bare) > 1 else "Source: ") + "; ".join(bare)
    return _dated(text, as_of, ", as of " if len(bare) == 1 else ". As of ")


def _date_text(as_of: str) -> str:
    try:
        stamp = pd.Timestamp(as_of[:10])
    except ValueError:
        return as_of
    if len(as_of) == 7:
        return stamp.strftime("%B %Y")
    return stamp.strftime("%-d %B %Y")
