"""What a time-series chart's controls need, written beside its spec (`<chart>.explore.json`).

docs/assets/explore.js lets a reader pick series, narrow the weeks, switch share and
tokens, and line and stacked area. Everything it shows is aggregated here, at build time,
from the chart's rows: both measures of every week and series (a chart declared with one
gets the other from the same rows), the weeks, and each series' id for the URL. The
browser only filters these rows and swaps fields; it never sums or divides.
"""

from __future__ import annotations

import json

import pandas as pd

from macros.charts import builders, theme
from macros.charts.decl import ChartDecl, _text_column, series_column

VERSION = 1  # the file's shape; explore.js reads this one
MEASURES = ("share_pct", "tokens")  # the pair a reader switches between, where the rows have both
WHOLE_TOLERANCE = 0.5  # percentage points: shares of every week summing to 100 ± this are parts of a whole


def applies(decl: ChartDecl) -> bool:
    """Weekly lines and areas, with a measure the reader can switch or series to pick."""
    return decl.mark in ("line", "area") and decl.field(decl.x).type == "temporal" and decl.y in MEASURES


def describe(rows: pd.DataFrame, decl: ChartDecl, labels: dict[str, str]) -> dict | None:
    """The controls' data for a chart (None when it has none): see the module's doc."""
    if not applies(decl) or rows.empty:
        return None
    x, color = decl.x, decl.color
    measures = [m for m in MEASURES if m in rows.columns and rows[m].notna().any()]
    ids = _series_ids(rows, color, labels) if color else {}
    out_rows = []
    for record in rows.to_dict("records"):
        row = {x: pd.Timestamp(record[x]).strftime("%Y-%m-%d"), _text_column(decl.field(x)): decl.field(x).text(record[x]),
               "partial": bool(record.get("partial", False))}
        if color:
            row["series"] = ids[str(record[color])]
        for m in measures:
            value = record[m]
            row[m] = None if pd.isna(value) else float(value)
            row[_text_column(decl.field(m))] = decl.field(m).text(value)
        out_rows.append(row)
    names = series_column(rows, decl) or color
    series = []
    if color:
        first = rows.drop_duplicates(color)
        for value, name in zip(first[color].astype(str), first[names].astype(str)):
            series.append({"id": ids[value], "name": name, "value": value, "narrow": _narrow(value, labels) if color == "country" else value})
    description = {
        "version": VERSION,
        "x": x,
        "color": color,
        "measure": decl.y,
        "mark": decl.mark,
        "measures": {m: _measure(decl, m) for m in measures},
        "whole": bool(color) and len(series) > 1 and _parts_of_whole(rows, x),
        "weeks": sorted({r[x] for r in out_rows}),
        "series": series,
        "rows": out_rows,
    }
    return description


def encoded(description: dict) -> bytes:
    """The controls' data as the file explore.js fetches."""
    return json.dumps(description, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _measure(decl: ChartDecl, name: str) -> dict:
    f = decl.field(name)
    axis = builders._quantity_axis(f).to_dict()  # the same tick labels the chart's builder gives it
    return {"title": f.header, "tooltip": f.title, "text": _text_column(f), "labelExpr": axis.get("labelExpr")}


def _series_ids(rows: pd.DataFrame, color: str, labels: dict[str, str]) -> dict[str, str]:
    """A short id a URL can carry for each series: the country group's code, else its name."""
    by_label = {label: group for group, label in labels.items()} if color == "country" else {}
    return {str(v): by_label.get(str(v), str(v)) for v in rows[color].dropna().unique()}


def _narrow(value: str, labels: dict[str, str]) -> str:
    """The name the phone version of the chart gives a series (country groups get a short one)."""
    short = theme.short_labels(labels)
    return next((short[g] for g, label in labels.items() if label == value), value)


def _parts_of_whole(rows: pd.DataFrame, x: str) -> bool:
    """Whether the series split each week's whole: their shares add up to 100 %."""
    if "share_pct" not in rows.columns:
        return False
    sums = rows.groupby(x)["share_pct"].sum()
    return bool(len(sums)) and bool(((sums - 100).abs() <= WHOLE_TOLERANCE).all())


def slot_html(controls: dict | None) -> str:
    """The box explore.js fills with a chart's controls ("" for a chart without any). tokenshare.css
    keeps its room from the first paint, so the chart does not move: one row more for a chart whose
    series split a whole (it has one control more, lines or stacked areas)."""
    if controls is None:
        return ""
    if controls.get("kind") == "week":  # a week picker (weekpick.py): one row, phones too
        return '<div class="ts-explore-slot ts-explore-slot--week"></div>'
    whole = " ts-explore-slot--whole" if controls["whole"] else ""
    return f'<div class="ts-explore-slot{whole}"></div>'
