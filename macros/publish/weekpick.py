"""What a bar chart of one week needs to switch to another week, written as its `<chart>.explore.json`.

A bar chart whose view takes a week (`lab_shares(week=...)`, `top_models(period=...)`)
shows the week it was built for. explore.js lets a reader pick any other full week
of the data: for each, this makes the chart again from that week's own rows, with
the same code as the page's chart (the view, `select`, the spec builder), and keeps
what differs from the built spec (its data, the bars' order, the fitted labels),
wide and narrow, with the week's title, subtitle and finding. The browser only
swaps these parts into its copy of the spec; it never computes a value.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from macros.charts import decl as chartdecl
from macros.charts import specs
from macros.charts.alttext import finding
from macros.charts.decl import ChartDecl
from macros.charts.declarations import view_frame
from macros.core.errors import MacroError
from macros.data.catalog import Catalog
from macros.publish.provenance import fill
from macros.series.views import periods

VERSION = 1  # the file's shape; explore.js reads this one
KIND = "week"  # explore.js: a week picker, not the weekly charts' controls (explore.py)
WEEK_ARGS = ("week", "period")  # the view arguments that name the one week a bar chart shows
# Parts of a spec tokenshare.js sets itself (palette, size): never sent, never swapped.
OWNED_BY_PAGE = {"config", "width", "height", "autosize", "padding", "usermeta", "description"}


def week_arg(decl: ChartDecl) -> str | None:
    """The view argument naming the chart's week, for a bar chart of one week of the daily rows
    (the April snapshot, "seed", is another source: it has no other weeks)."""
    if decl.mark != "bar":
        return None
    args = dict(decl.args)
    return next((a for a in WEEK_ARGS if a in args and str(args[a]) != "seed"), None)


def describe(cat: Catalog, decl: ChartDecl, rows: pd.DataFrame, built: dict[str, dict], labels: dict[str, str],
             as_of: str, prepare: Callable[[pd.DataFrame], pd.DataFrame]) -> dict | None:
    """The week picker's data (None for a chart without one). `rows`: the chart's rows as built;
    `built`: its specs ({"wide": ..., "narrow": ...}); `prepare`: rows -> rows as the chart gets
    them (with their links)."""
    arg = week_arg(decl)
    if arg is None or rows.empty:
        return None
    current = periods.resolve_week(cat, dict(decl.args)[arg])
    table = periods.weeks(cat)
    full = sorted(set(table.loc[~table["partial"].astype(bool), "week_start"]) | {current})
    weeks = []
    for start in full:
        try:
            view = view_frame(cat, decl.view, {**dict(decl.args), arg: start.strftime("%Y-%m-%d")})
        except MacroError:
            continue  # a week the view has no rows for is not offered
        week_rows = prepare(chartdecl.select(view.frame, decl))
        if week_rows.empty:
            continue
        parts = {}
        for variant, spec in built.items():  # the built week swaps nothing
            other = spec if start == current else specs.spec(week_rows, decl, labels, narrow=variant == "narrow")
            parts[variant] = {k: v for k, v in other.items() if k not in OWNED_BY_PAGE and v != spec.get(k)}
        weeks.append({
            "week": start.strftime("%Y-%m-%d"),
            "text": decl.field("week_start").text(start),
            "title": fill(decl.title, week_rows, decl, as_of),
            "subtitle": fill(decl.subtitle, week_rows, decl, as_of),
            "alt": finding(week_rows, decl),
            **parts,
        })
    if len(weeks) < 2:
        return None
    return {"version": VERSION, "kind": KIND, "week": current.strftime("%Y-%m-%d"), "weeks": weeks}


def split(description: dict) -> tuple[dict, dict | None]:
    """A week picker's data as two files: what the picker needs when the page opens (the weeks, their
    words) and each week's chart parts, which explore-week.js fetches when the reader picks a week
    (`<chart>.weeks.json`: most of the bytes, kept off the page's first load). Another chart's as it is."""
    if description.get("kind") != KIND:
        return description, None
    words = [{k: v for k, v in w.items() if k not in ("wide", "narrow")} for w in description["weeks"]]
    parts = {w["week"]: {k: w[k] for k in ("wide", "narrow") if k in w} for w in description["weeks"]}
    return {**description, "weeks": words}, {"version": VERSION, "weeks": parts}
