"""Chart builders: a frame and a declaration in, an `alt.Chart` out.

Every chart on the site, named or declared in Markdown, goes through `build`,
so they share one look: marks labelled directly (readable without colour),
countries in fixed colours, tooltips that show numbers as the prose does.
Builders read no files; the caller passes the (already aggregated) frame.

A chart is made in two steps: a plan (pandas only: the tables the spec
embeds, by role, and the few values from the rows that shape it, such as the
dates on the axis or the order of the bars), then the Altair chart from the
plan. `chartspec.spec` keeps the Altair part of each plan's shape, so a chart
whose numbers changed but whose shape did not (the usual data edit, or the
same chart on twenty lab pages) costs no Altair.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date

import altair as alt
import pandas as pd

from macros.charts import theme
from macros.series.fields import Field, field
from macros.series.formatting import UNIT_SCALE

MARKS = ("line", "area", "bar", "point")
MARK_TEXT = "__mark_text"  # a field name no dataset uses: the text drawn beside a mark
MAX_LABELLED_POINTS = 25  # beyond this, names on a scatter pile up: the tooltip and table carry them
# Channels are given as objects (alt.X(...)), never as bare strings: Altair turns a string into a
# channel through from_dict, which indexes its whole schema each time (milliseconds a channel).
BAR_STEP = 26  # px per bar: room for a label on a phone
LINE_PADDING = 12  # px between a line chart's first and last points and its plot's edges
DUMBBELL_CHAR_PX = 7  # about the width of a character of a dumbbell's 12 px names
LABEL_LIMIT = 180  # px: a label drawn beside a mark is cut (…) here, so a very long name cannot squeeze the plot away


@dataclass(frozen=True)
class ChartDecl:
    """What a chart shows; the same whether it comes from the catalogue or a page."""

    name: str
    view: str
    mark: str
    x: str
    y: str
    color: str | None = None
    label: str | None = None  # the field that names each line's end (default: the colour field)
    args: tuple = ()  # the view's arguments, as sorted (key, value) pairs
    filter: tuple = ()  # (column, (values...)) pairs
    sort: str | None = None  # a field, '-' in front for descending
    top: int | None = None
    title: str = ""
    subtitle: str = ""
    note: str = ""
    height: int | None = None
    tooltip: tuple[str, ...] = dc_field(default=())
    # What the columns of a declared dataset mean (from its sidecar); views' columns are in fields.FIELDS.
    fields: tuple = dc_field(default=(), compare=False)

    def field(self, name: str) -> Field:
        for key, value in self.fields:
            if key == name:
                return value
        return field(name)


def _is_country(name: str | None) -> bool:
    return name in ("country", "country_group")


def _text_column(f: Field) -> str:
    return f"{f.name}__text"


def series_column(rows: pd.DataFrame, decl: ChartDecl) -> str | None:
    """The column that names a chart's series, as its end labels do: `label` when each series has
    one label (a lab page's line is coloured by the lab's country, but it is the lab's), else `color`."""
    if decl.label and decl.color and decl.label != decl.color and decl.label in rows.columns:
        pairs = len(rows[[decl.color, decl.label]].drop_duplicates())
        if pairs == rows[decl.color].nunique() == rows[decl.label].nunique():
            return decl.label
    return decl.color


def used_columns(decl: ChartDecl) -> list[str]:
    return [c for c in dict.fromkeys([decl.x, decl.y, decl.color, decl.label, *decl.tooltip]) if c]


def select(frame: pd.DataFrame, decl: ChartDecl) -> pd.DataFrame:
    """The view's rows a chart shows: filtered, sorted and cut to `top`, all columns kept."""
    for column, values in decl.filter:
        frame = frame[frame[column].isin(values)]
    if decl.sort:
        key = decl.sort.lstrip("-")
        rest = [c for c in used_columns(decl) if c != key]
        frame = frame.sort_values([key, *rest], ascending=[not decl.sort.startswith("-")] + [True] * len(rest), kind="stable")
    if decl.top:
        frame = frame.head(decl.top)
    return frame.reset_index(drop=True)


LINK = "ts_link"  # a bar's page on the site, from its root (see embed.ChartRenderer._with_links)


def prepare(rows: pd.DataFrame, decl: ChartDecl) -> pd.DataFrame:
    """The data a chart embeds: only the columns it uses, dates as ISO text, plus display text
    (and each bar's link, when the renderer gave the rows one)."""
    used = used_columns(decl) + ([LINK] if LINK in rows.columns and decl.mark == "bar" else [])
    out = rows[used].copy()
    for name in used:
        f = decl.field(name)
        if _text_column(f) in rows.columns:  # a view may word a value itself ("nearly 30.0 %")
            out[_text_column(f)] = rows[_text_column(f)]
        elif f.numeric or f.type == "temporal":
            out[_text_column(f)] = out[name].map(f.text)
    for name in used:
        if decl.field(name).type == "temporal":
            out[name] = pd.to_datetime(out[name]).dt.strftime("%Y-%m-%d")
    if has_partial(rows, decl):
        out["partial"] = rows["partial"].astype(bool).to_numpy()
        days = rows["days"].astype(int).astype(str) if "days" in rows.columns else pd.Series("fewer than 7", index=rows.index)
        out["period_note"] = [f"Partial week: {d} of 7 days" if p else "Full week" for p, d in zip(out["partial"], days)]
    return out.reset_index(drop=True)


def has_partial(rows: pd.DataFrame, decl: ChartDecl) -> bool:
    """Whether a time series shows a period with fewer days than a full one."""
    return decl.field(decl.x).type == "temporal" and "partial" in rows.columns and bool(rows["partial"].astype(bool).any())


def _tooltips(decl: ChartDecl, data: pd.DataFrame | None = None) -> list:
    names = list(dict.fromkeys([n for n in (decl.color, decl.x, decl.y, *decl.tooltip) if n]))
    tips = []
    for name in names:
        f = decl.field(name)
        source = _text_column(f) if (f.numeric or f.type == "temporal") else name
        tips.append(alt.Tooltip(f"{source}:N", title=f.title))
    if data is not None and "period_note" in data.columns:
        tips.append(alt.Tooltip("period_note:N", title="Data"))
    return tips


def _color(decl: ChartDecl, labels: dict[str, str]):
    if not decl.color:
        return alt.value(theme.COUNTRY_COLORS["light"]["UNKNOWN"])
    if _is_country(decl.color):
        domain_labels = labels if decl.color == "country" else {g: g for g in theme.COUNTRY_ORDER}
        return alt.Color(f"{decl.color}:N", scale=alt.Scale(**theme.country_scale(domain_labels)), legend=None)
    return alt.Color(f"{decl.color}:N", legend=alt.Legend(title=None))


@dataclass(frozen=True)
class Plan:
    """What a chart takes from its rows: the tables it embeds (role -> frame) and the values
    of the rows that shape its spec (`shape`: dates on the axis, category order, height, ...)."""

    frames: dict
    shape: dict


def build(rows: pd.DataFrame, decl: ChartDecl, labels: dict[str, str], narrow: bool = False) -> alt.LayerChart:
    """The chart for `decl` over `rows` (from `select`); `labels` names country groups.

    `narrow` is the phone version: short country names and shorter category
    labels, so the marks keep room on a 360 px screen.
    """
    labels, plan = _planned(rows, decl, labels, narrow)
    return _altair(plan, decl, labels, narrow)


def _planned(rows: pd.DataFrame, decl: ChartDecl, labels: dict[str, str], narrow: bool) -> tuple[dict, Plan]:
    if narrow and "country" in rows.columns:
        short = theme.short_labels(labels)
        rows = rows.assign(country=rows["country"].map({labels[g]: short[g] for g in labels}).fillna(rows["country"]))
        labels = short
    data = prepare(rows, decl)
    plan = _MARKS[decl.mark][0](data, decl)
    plan.shape["height"] = decl.height or _default_height(decl, data)
    return labels, plan


def _altair(plan: Plan, decl: ChartDecl, labels: dict[str, str], narrow: bool) -> alt.LayerChart:
    return _MARKS[decl.mark][1](plan, decl, labels, narrow).properties(width="container", height=plan.shape["height"])


def _default_height(decl: ChartDecl, data: pd.DataFrame) -> int:
    if decl.mark == "bar":
        return max(BAR_STEP * max(data[decl.y].nunique(), 1), 60)
    if decl.mark == "point" and not decl.field(decl.y).numeric:
        return max(2 * BAR_STEP * max(data[decl.y].nunique(), 1), 80)
    return 300


MAX_DATE_TICKS = 16


def _ticks(f: Field, data: pd.DataFrame) -> tuple | None:
    """The dates to tick on a time axis: each period's, when there are few (else None: Vega picks)."""
    if f.type != "temporal":
        return None
    dates = sorted(set(data[f.name]))
    return tuple(dates) if len(dates) <= MAX_DATE_TICKS else None


def _x_axis(f: Field, ticks: tuple | None, padding: int | None = None):
    """Dates in UTC (a reader in another time zone sees the same day); one tick per
    period when there are few, so weekly ticks fall on the Mondays the data uses.
    Dates too close to read apart lose every other label. `padding` (px) keeps the
    first and last points off the axes."""
    if f.type != "temporal":
        return alt.X(f"{f.name}:{_vl_type(f)}", title=f.header)
    values = (
        [{"year": int(d[:4]), "month": int(d[5:7]), "date": int(d[8:10]), "utc": True} for d in ticks]
        if ticks is not None else alt.Undefined
    )
    axis = alt.Axis(format="%-d %b", labelAngle=0, labelOverlap=True, labelSeparation=6, values=values)
    scale = alt.Scale(type="utc", padding=padding) if padding else alt.Scale(type="utc")
    return alt.X(f"{f.name}:T", title=None, scale=scale, axis=axis)


def _quantity_axis(f: Field) -> alt.Axis:
    """Axis labels formatted as the prose formats the quantity (8T, 910B, $5)."""
    if f.unit in UNIT_SCALE:
        scale = UNIT_SCALE[f.unit]
        value = "datum.value" if scale == 1 else f"datum.value * {scale:.0e}"
        return alt.Axis(grid=True, labelExpr=f"replace(format({value}, '.2~s'), 'G', 'B')")
    if f.unit == "USD per million tokens":
        return alt.Axis(grid=True, labelExpr="'$' + format(datum.value, '~r')")
    return alt.Axis(grid=True)


def _vl_type(f: Field) -> str:
    return {"quantitative": "Q", "temporal": "T", "ordinal": "O"}.get(f.type, "N")


SEGMENT = "__segment"  # a line's stretch of consecutive periods: no line is drawn across a missing one


def _plan_line(data: pd.DataFrame, decl: ChartDecl) -> Plan:
    data = _segmented(data, decl)
    frames = {"data": data}
    if decl.color:
        frames["ends"] = _end_rows(data, decl)
    return Plan(frames, {"ticks": _ticks(decl.field(decl.x), data)})


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


def _line(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """Lines through full periods; a partial period (an unfinished week) is a
    hollow point off the line, as OpenRouter greys out the week in progress."""
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    data = plan.frames["data"]
    base = alt.Chart(data).encode(
        x=_x_axis(fx, plan.shape["ticks"], padding=LINE_PADDING),
        y=alt.Y(f"{decl.y}:Q", title=fy.header, scale=alt.Scale(zero=True), axis=_quantity_axis(fy)),
        color=_color(decl, labels),
        tooltip=_tooltips(decl, data),
    )
    full = base.transform_filter("!datum.partial") if "partial" in data.columns else base
    line = full.mark_line()
    if SEGMENT in data.columns:
        line = line.encode(detail=alt.Detail(f"{SEGMENT}:N"))
    layers = [line, full.mark_point()]
    if "partial" in data.columns:
        layers.append(base.transform_filter("datum.partial").mark_point(filled=False, strokeDash=[2, 2], opacity=0.8))
    if decl.color:
        layers.append(_end_labels(plan.frames["ends"], decl, labels))
    return alt.layer(*layers)


def _end_rows(data: pd.DataFrame, decl: ChartDecl) -> pd.DataFrame:
    """The last full period of each line, with the text drawn at its end."""
    full = data[~data["partial"]] if "partial" in data.columns else data
    last = full[full[decl.x] == full[decl.x].max()].copy()
    fy = decl.field(decl.y)
    last[MARK_TEXT] = last[decl.label or decl.color].astype(str) + " " + last[_text_column(fy)]
    return last[[decl.x, decl.y, decl.color, MARK_TEXT]]


def _end_labels(ends: pd.DataFrame, decl: ChartDecl, labels) -> alt.Chart:
    """The series name and last value at the end of each line: no legend to decode."""
    return alt.Chart(ends).mark_text(align="left", dx=8, fontWeight="bold", limit=LABEL_LIMIT).encode(
        x=alt.X(f"{decl.x}:{_vl_type(decl.field(decl.x))}"),
        y=alt.Y(f"{decl.y}:Q"),
        text=alt.Text(f"{MARK_TEXT}:N"),
        color=_color(decl, labels),
    )


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
    return Plan(frames, {"ticks": _ticks(decl.field(decl.x), data)})


def _area(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """Stacked areas, each named at its right end (no legend to decode); partial
    periods are left out, since a stacked partial week would read as a full one."""
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    data = plan.frames["data"]
    color = _color(decl, labels)
    area = alt.Chart(data).mark_area(opacity=0.85, line=True).encode(
        x=_x_axis(fx, plan.shape["ticks"]),
        y=alt.Y(f"{decl.y}:Q", title=fy.header, stack=True),
        color=color,
        order=alt.Order(f"{decl.color}:N") if decl.color else alt.Undefined,
        tooltip=_tooltips(decl, data),
    )
    if "ends" not in plan.frames:
        return alt.layer(area)
    text = alt.Chart(plan.frames["ends"]).mark_text(align="left", dx=8, fontWeight="bold", limit=LABEL_LIMIT).encode(
        x=alt.X(f"{decl.x}:{_vl_type(fx)}"), y=alt.Y("__middle:Q"), text=alt.Text(f"{MARK_TEXT}:N"), color=color,
    )
    return alt.layer(area, text)


def _plan_bar(data: pd.DataFrame, decl: ChartDecl) -> Plan:
    return Plan({"data": data}, {"order": list(dict.fromkeys(data[decl.y].astype(str)))})


def _bar(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """Horizontal bars (category on y), in the order of the data, each labelled with its value."""
    fx = decl.field(decl.x)
    data, order = plan.frames["data"], plan.shape["order"]
    base = alt.Chart(data).encode(
        y=alt.Y(f"{decl.y}:N", sort=order, title=None, axis=alt.Axis(labelLimit=110 if narrow else 260)),
        x=alt.X(f"{decl.x}:Q", title=fx.header, axis=_quantity_axis(fx)),
        color=_color(decl, labels),
        tooltip=_tooltips(decl),
    )
    if LINK in data.columns:  # a bar opens its lab's or model's page (relative to the site's root: tokenshare.js)
        base = base.encode(href=alt.Href(f"{LINK}:N"))
    text = _text_column(fx)
    label = alt.Chart(data).transform_calculate(
        **{MARK_TEXT: f"datum['{text}']" + (f" + ' · ' + datum['{decl.color}']" if decl.color and decl.color not in (decl.y,) else "")}
    ).mark_text(align="left", dx=4, limit=LABEL_LIMIT).encode(
        y=alt.Y(f"{decl.y}:N", sort=order, title=None),
        x=alt.X(f"{decl.x}:Q"),
        text=alt.Text(f"{MARK_TEXT}:N"),
    )
    return alt.layer(base.mark_bar(), label)


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


def _point(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """A dot plot. With a category on y, dots of one row are joined (a dumbbell) to
    show the gap; with numbers on both axes, a scatter. Dots are named in text
    when a name is given in the tooltip and there are few enough to read."""
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    data, order = plan.frames["data"], plan.shape["order"]
    x_scale = alt.Scale(zero=False, padding=plan.shape["label_room"]) if "label_room" in plan.shape else alt.Scale(zero=False)
    x_enc = alt.X(f"{decl.x}:Q", title=fx.header, scale=x_scale, axis=_quantity_axis(fx))
    if fy.numeric:
        y_enc = alt.Y(f"{decl.y}:Q", title=fy.header, scale=alt.Scale(zero=False), axis=_quantity_axis(fy))
    elif fy.type == "temporal":
        y_enc = alt.Y(f"{_text_column(fy)}:N", title=None, sort=order)
    else:
        y_enc = alt.Y(f"{decl.y}:{_vl_type(fy)}", title=None, sort=order)
    base = alt.Chart(data).encode(x=x_enc, y=y_enc)
    layers = []
    if not fy.numeric:
        layers.append(alt.Chart(data).mark_rule(strokeWidth=2, color=theme.SURFACES["light"]["domain"]).encode(
            x=alt.X(f"min({decl.x}):Q", title=fx.header, scale=x_scale, axis=_quantity_axis(fx)),
            x2=alt.X2(f"max({decl.x}):Q"),
            y=y_enc,
        ))
    layers.append(base.mark_point(size=120, filled=True, opacity=1).encode(color=_color(decl, labels), tooltip=_tooltips(decl, data)))
    names = _dot_names(decl)
    if "high" in plan.frames:
        for side, align, dx in (("high", "left", 10), ("low", "right", -10)):
            chart = alt.Chart(plan.frames[side]).encode(x=x_enc, y=y_enc)
            layers.append(chart.mark_text(align=align, dx=dx, fontSize=12, limit=LABEL_LIMIT).encode(text=alt.Text(f"{names[0]}:N"), color=_color(decl, labels)))
    elif plan.shape["dot_text"]:
        layers.append(base.mark_text(align="left", dx=9, fontSize=11, limit=LABEL_LIMIT).encode(text=alt.Text(f"{names[0]}:N"), color=_color(decl, labels)))
    return alt.layer(*layers)


# mark -> (its plan from the rows, its Altair chart from the plan)
_MARKS = {"line": (_plan_line, _line), "area": (_plan_area, _area), "bar": (_plan_bar, _bar), "point": (_plan_point, _point)}


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec as the site stores it (light palette in `config`)."""
    # Altair checks a spec against the Vega-Lite schema, which costs more than building it;
    # tests/test_charts.py checks every chart of the catalogue against the schema instead.
    spec = chart.to_dict(validate=False)
    spec["config"] = theme.config("light")
    return spec
