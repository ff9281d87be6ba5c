"""A chart's plan: the tables its spec embeds (by role) and the values of its rows that shape it.

The first of a chart's two steps, in pandas only: the dates on the axis, the
order of the bars, the height, a line's stretches over missing weeks, the
labels at a line's end. `builders` then makes the Altair chart from the plan,
and `specs` reuses a spec made for the same shape, so a chart whose numbers
changed but whose shape did not costs no Altair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from macros.charts import textfit, theme
from macros.charts.decl import ChartDecl, _text_column, prepare
from macros.series.fields import Field

MARK_TEXT = "__mark_text"  # a field name no dataset uses: the text drawn beside a mark
MAX_LABELLED_POINTS = 25  # beyond this, names on a scatter pile up: the tooltip and table carry them
BAR_STEP = 26  # px per bar: room for a label on a phone
DUMBBELL_CHAR_PX = 7  # about the width of a character of a dumbbell's 12 px names
LABEL_LIMIT = 180  # px: a label drawn beside a mark is cut (…) here, so a very long name cannot squeeze the plot away
ROW = "__row"  # a bar's row name as its axis shows it: wrapped onto lines (the full name stays in the tooltip)
ROW_CHARS = {False: 36, True: 20}  # characters a line of a row name, desktop and phone (ROW_LIMIT as text)
ROW_LIMIT = {False: 260, True: 135}  # px a line of a row name may take (cut with "…" past it), desktop and phone
LINE_PX = 15  # px a line of a 12 px row name takes
END_DX, BAR_DX = 8, 4  # px between a mark and the label beside it


@dataclass(frozen=True)
class Plan:
    """What a chart takes from its rows: the tables it embeds (role -> frame) and the values
    of the rows that shape its spec (`shape`: dates on the axis, category order, height, ...)."""

    frames: dict
    shape: dict


def planned(rows: pd.DataFrame, decl: ChartDecl, labels: dict[str, str], narrow: bool) -> tuple[dict, Plan]:
    if narrow and "country" in rows.columns:
        short = theme.short_labels(labels)
        rows = rows.assign(country=rows["country"].map({labels[g]: short[g] for g in labels}).fillna(rows["country"]))
        labels = short
    data = prepare(rows, decl)
    plan = _PLANS[decl.mark](data, decl)
    if decl.mark == "bar":
        plan = _wrapped_rows(plan, decl, narrow)
    plan.shape["height"] = decl.height or _default_height(decl, plan, narrow)
    return labels, plan


NARROW_HEIGHT = 250  # px: a line or area on a phone, short enough to share the first screen with the finding


def _default_height(decl: ChartDecl, plan: Plan, narrow: bool = False) -> int:
    data = plan.frames["data"]
    if decl.mark == "bar":
        step = max(BAR_STEP, LINE_PX * plan.shape["lines"] + 8)
        return max(step * max(data[decl.y].nunique(), 1), 60)
    if decl.mark == "point" and not decl.field(decl.y).numeric:
        return max(2 * BAR_STEP * max(data[decl.y].nunique(), 1), 80)
    return NARROW_HEIGHT if narrow and decl.mark in ("line", "area") else 300


MAX_DATE_TICKS = 16


def _ticks(f: Field, data: pd.DataFrame) -> tuple | None:
    """The dates to tick on a time axis: each period's, when there are few (else None: Vega picks)."""
    if f.type != "temporal":
        return None
    dates = sorted(set(data[f.name]))
    return tuple(dates) if len(dates) <= MAX_DATE_TICKS else None


SEGMENT = "__segment"  # a line's stretch of consecutive periods: no line is drawn across a missing one


def _plan_line(data: pd.DataFrame, decl: ChartDecl) -> Plan:
    data = _segmented(data, decl)
    frames = {"data": data}
    shape = {"ticks": _ticks(decl.field(decl.x), data)}
    if decl.color:
        frames["ends"] = _end_rows(data, decl)
        shape["room"] = _end_room(data, decl)
    return Plan(frames, shape)


VALUE_CHARS = 7  # a value's text is given room for at least this many characters ("100.0 %", "$25.00")


def _room(names, values, dx: int, bold: bool = False) -> int:
    """The px a plot keeps free at its right for the labels beside its marks (cut at LABEL_LIMIT):
    the longest name, a space, and a value of VALUE_CHARS digits (or the longest value, if longer),
    so new numbers of the usual length keep the chart's shape (charts/specs.py reuses it)."""
    widest = max([VALUE_CHARS, *(len(str(v)) for v in values)])
    name = textfit.longest_px([f"{n} · " for n in names], bold=bold) if len(names) else 0.0
    return int(min(LABEL_LIMIT, name + textfit.text_px("0" * widest, bold=bold))) + dx + 4


def _end_room(data: pd.DataFrame, decl: ChartDecl) -> int:
    """The room for the labels at the lines' (or bands') ends: each series' name and last value."""
    full = data[~data["partial"].astype(bool)] if "partial" in data.columns else data
    last = full[full[decl.x] == full[decl.x].max()]
    return _room(last[decl.label or decl.color], last[_text_column(decl.field(decl.y))], END_DX, bold=True)


def bar_label(data: pd.DataFrame, decl: ChartDecl) -> pd.Series:
    """The text beside each bar: its value, and its colour's name (readable without colour)."""
    text = _words(data, decl.field(decl.x)).astype(str)
    if decl.color and decl.color != decl.y:
        text = text + " · " + data[decl.color].astype(str)
    return text


def _words(data: pd.DataFrame, f) -> pd.Series:
    """A field's values as the chart words them: its display text, or the value itself (a name, a code)."""
    return data[_text_column(f)] if _text_column(f) in data.columns else data[f.name]


def has_gap(rows: pd.DataFrame, decl: ChartDecl) -> bool:
    """Whether a line chart leaves a stretch undrawn because a series misses a period."""
    return decl.mark == "line" and SEGMENT in _segmented(rows, decl).columns


def _segmented(data: pd.DataFrame, decl: ChartDecl) -> pd.DataFrame:
    """The rows with a SEGMENT column when a series misses a period (a week no data covers):
    a line joining the weeks either side would draw numbers nobody measured."""
    step = decl.field(decl.x).period_days  # known for week columns and sidecars' `period:` dates
    if step is None or data.empty:
        return data
    # Plain Python over a chart's few hundred rows: a tenth of what pandas' groupby costs here.
    full = (~data["partial"].astype(bool)).tolist() if "partial" in data.columns else [True] * len(data)
    series = data[decl.color].tolist() if decl.color else [""] * len(data)
    runs: dict = {}
    for i, (value, name, whole) in enumerate(zip(data[decl.x].tolist(), series, full)):
        if whole and not pd.isna(value):
            day = date.fromisoformat(value[:10]) if isinstance(value, str) else pd.Timestamp(value).date()
            runs.setdefault(name, []).append((day, i))
    segment = [0] * len(data)
    for points in runs.values():
        points.sort()
        number = 0
        for (before, _), (day, i) in zip(points, points[1:]):
            number += (day - before).days > step
            segment[i] = number
    if not any(segment):
        return data
    return data.assign(**{SEGMENT: segment})


def _end_rows(data: pd.DataFrame, decl: ChartDecl) -> pd.DataFrame:
    """The last full period of each line, with the text drawn at its end: past the chart's last
    period (a partial week's hollow points), so no label is drawn over a point."""
    full = data[~data["partial"]] if "partial" in data.columns else data
    last = full[full[decl.x] == full[decl.x].max()].copy()
    last[decl.x] = data[decl.x].max()
    fy = decl.field(decl.y)
    last[MARK_TEXT] = last[decl.label or decl.color].astype(str) + " " + last[_text_column(fy)]
    return last[[decl.x, decl.y, decl.color, MARK_TEXT]]


def _plan_area(data: pd.DataFrame, decl: ChartDecl) -> Plan:
    if "partial" in data.columns:
        data = data[~data["partial"]]
    frames = {"data": data}
    if decl.color and not data.empty:
        # The middle of each band at the last period, stacked in the same order as the areas.
        last = data[data[decl.x] == data[decl.x].max()].sort_values(decl.color, kind="stable")
        middle = last[decl.y].cumsum() - last[decl.y] / 2
        frames["ends"] = pd.DataFrame({
            decl.x: last[decl.x], "__middle": middle, decl.color: last[decl.color],
            MARK_TEXT: last[decl.label or decl.color].astype(str) + " " + last[_text_column(decl.field(decl.y))],
        })
    shape = {"ticks": _ticks(decl.field(decl.x), data)}
    if "ends" in frames:
        shape["room"] = _end_room(data, decl)
    return Plan(frames, shape)


def _plan_bar(data: pd.DataFrame, decl: ChartDecl) -> Plan:
    data = data.assign(**{MARK_TEXT: bar_label(data, decl)})
    names = data[decl.color] if decl.color and decl.color != decl.y else []
    return Plan({"data": data}, {"room": _room(names, _words(data, decl.field(decl.x)), BAR_DX)})


def _wrapped_rows(plan: Plan, decl: ChartDecl, narrow: bool) -> Plan:
    """Each bar's row named on as many lines as it needs (ROW), in the data's order."""
    data = plan.frames["data"]
    names = list(dict.fromkeys(data[decl.y].astype(str)))
    rows = textfit.wrapped(names, ROW_CHARS[narrow])
    data = data.assign(**{ROW: data[decl.y].astype(str).map(rows)})
    order = [rows[n] for n in names]
    lines = max((r.count("\n") + 1 for r in order), default=1)
    return Plan({**plan.frames, "data": data}, {**plan.shape, "order": order, "lines": lines})


def _dot_names(decl: ChartDecl) -> list[str]:
    """The fields that could name a dot in text (the first one is used)."""
    return [c for c in decl.tooltip if not decl.field(c).numeric and c not in (decl.x, decl.y, decl.color)]


def _plan_point(data: pd.DataFrame, decl: ChartDecl) -> Plan:
    fy = decl.field(decl.y)
    order = None
    if fy.type == "temporal":
        order = list(dict.fromkeys(data[_text_column(fy)]))
    elif not fy.numeric:
        order = list(dict.fromkeys(data[decl.y].astype(str)))
    frames, names = {"data": data}, _dot_names(decl)
    if names and not fy.numeric:
        # Label each dot outward from the gap: the lower value to its left, the higher to its right.
        y_key = _text_column(fy) if fy.type == "temporal" else decl.y
        high = data[decl.x] == data.groupby(y_key)[decl.x].transform("max")
        frames["high"], frames["low"] = data[high == True], data[high == False]  # noqa: E712 (a boolean Series)
    shape = {"order": order, "dot_text": bool(names) and fy.numeric and len(data) <= MAX_LABELLED_POINTS}
    if "high" in frames:
        # room for the outermost dots' names, so the lowest one's is not drawn over the axis labels
        longest = max((len(str(v)) for v in data[names[0]]), default=0)
        shape["label_room"] = min(LABEL_LIMIT, longest * DUMBBELL_CHAR_PX + 12)
    return Plan(frames, shape)


# mark -> its plan from the rows (builders._CHARTS: its Altair chart from the plan)
_PLANS = {"line": _plan_line, "area": _plan_area, "bar": _plan_bar, "point": _plan_point}
