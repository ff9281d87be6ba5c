"""A chart's main finding in words, computed from the rows it draws.

The text alternative of a chart should say what a sighted reader sees at a
glance (who leads, by how much, how it moved), not repeat its title.
"""

from __future__ import annotations

import pandas as pd

from macros.series import formatting as fmt
from macros.charts.decl import ChartDecl, series_column


def finding(frame: pd.DataFrame, decl: ChartDecl) -> str:
    if frame.empty:
        return "The chart has no data."
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    if decl.mark in ("line", "area") and fx.type == "temporal" and decl.color:
        return _series(frame, decl)
    if decl.mark == "point" and not fy.numeric and decl.color:
        return _gaps(frame, decl)
    if fx.numeric and fy.numeric:  # a scatter: each dot by its name, ranked on x
        name = decl.label or next((c for c in decl.tooltip if not decl.field(c).numeric), None) or decl.color
        return _ranking(frame, name or decl.y, decl.x, decl.color, decl)
    if fx.numeric:
        return _ranking(frame, decl.y, decl.x, decl.color, decl)
    return _ranking(frame, decl.x, decl.y, decl.color, decl)


def _series(frame: pd.DataFrame, decl: ChartDecl) -> str:
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    name = series_column(frame, decl)  # a lab page's line is the lab's, not its country's
    if "partial" in frame.columns and not frame["partial"].all():
        frame = frame[~frame["partial"].astype(bool)]  # a finding is about full periods
    periods = sorted(frame[decl.x].unique())
    first, last = periods[0], periods[-1]
    at_last = frame[frame[decl.x] == last].sort_values(decl.y, ascending=False)
    lead, second = at_last.iloc[0], at_last.iloc[1] if len(at_last) > 1 else None
    if frame[name].nunique() == 1:  # one line: nothing to be largest among
        text = f"In the week of {fx.text(last)}, {_possessive(lead[name])} {fy.title.lower()} was {fy.text(lead[decl.y])}"
    else:
        text = f"In the week of {fx.text(last)}, {lead[name]} had the {_largest(fy)} at {fy.text(lead[decl.y])}"
    if second is not None:
        text += f", ahead of {second[name]} at {fy.text(second[decl.y])}"
        if fy.unit == "percent":
            lead_by = _shown(lead[decl.y], fy.decimals) - _shown(second[decl.y], fy.decimals)
            text += f" (a lead of {fmt.points(lead_by, fy.decimals).lstrip('+')})"
    text += "."
    if first != last:
        start = frame[(frame[decl.x] == first) & (frame[name] == lead[name])]
        if not start.empty:
            v0, v1 = start.iloc[0][decl.y], lead[decl.y]
            if fy.text(v0) == fy.text(v1):  # "from 0.2 % to 0.2 % (−0.1 pts)" would puzzle a reader
                text += f" It was {fy.text(v0)} in the week of {fx.text(first)} too."
            else:
                text += f" From the week of {fx.text(first)}, {lead[name]} went from {fy.text(v0)} to {fy.text(v1)}"
                # the change of the values as shown, so the sentence adds up
                change = _shown(v1, fy.decimals) - _shown(v0, fy.decimals)
                text += f" ({fmt.points(change, fy.decimals)})." if fy.unit == "percent" else "."
        peak = frame.loc[frame[decl.y].idxmax()]
        if peak[decl.x] != last and (peak[name] != lead[name] or fy.text(peak[decl.y]) != fy.text(lead[decl.y])):
            text += f" The highest value was {_possessive(peak[name])} {fy.text(peak[decl.y])} in the week of {fx.text(peak[decl.x])}."
    return text


def _shown(value, decimals: int) -> float:
    """A value rounded as the text shows it (Python's formatting; numpy's round differs at halves)."""
    return float(f"{float(value):.{decimals}f}")


def _largest(f) -> str:
    return "most tokens" if f.unit in fmt.UNIT_SCALE else f"largest {f.title.lower()}"


def _possessive(name) -> str:
    name = str(name)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _ranking(frame: pd.DataFrame, label: str, value: str, color: str | None, decl: ChartDecl) -> str:
    fv = decl.field(value)
    ordered = frame.sort_values(value, ascending=False)
    parts = []
    for _, row in ordered.head(3).iterrows():
        who = str(row[label]) + (f" ({row[color]})" if color and color != label else "")
        parts.append(f"{who} {fv.text(row[value])}")
    text = f"{_largest(fv).capitalize()}: {parts[0]}"
    if len(parts) > 1:
        text += ", then " + " and ".join(parts[1:])
    text += f"; {len(frame)} in all."
    if color and color != label and frame[color].nunique() > 1:
        if fv.unit == "percent":
            by = ordered.groupby(color, sort=False)[value].sum().sort_values(ascending=False)
            text += " Combined: " + ", ".join(f"{k} {fv.text(v)}" for k, v in by.items()) + "."
        else:
            by = ordered.groupby(color, sort=False)[value].median().sort_values(ascending=False)
            # a median is computed, not a published price: to the cent ($0.53, not $0.5349)
            shown = (lambda v: fmt.usd(round(v, 2))) if fv.unit == "USD per million tokens" else fv.text
            text += " Median: " + ", ".join(f"{k} {shown(v)}" for k, v in by.items()) + "."
    return text


def _gaps(frame: pd.DataFrame, decl: ChartDecl) -> str:
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    name = next((c for c in decl.tooltip if not decl.field(c).numeric), None)
    parts = []
    for key, group in frame.groupby(decl.y, sort=True):
        group = group.sort_values(decl.x, ascending=False)
        hi, lo = group.iloc[0], group.iloc[-1]
        who = lambda r: f"{r[decl.color]}" + (f" ({r[name]})" if name else "")
        parts.append(
            f"{fy.text(key)}: {who(hi)} {fx.text(hi[decl.x])} vs {who(lo)} {fx.text(lo[decl.x])}, "
            f"a gap of {fmt.number(hi[decl.x] - lo[decl.x], 1)} points"
        )
    return "; ".join(parts) + "."
