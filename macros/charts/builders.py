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
same chart on twenty lab pages) costs no Altair. The declaration is in
`decl`, the plan in `plan`; this module is the Altair half.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from macros.charts import theme
from macros.charts.decl import LINK, ChartDecl, _text_column
from macros.charts.plan import BAR_DX, END_DX, LABEL_LIMIT, MARK_TEXT, ROW, ROW_LIMIT, SEGMENT, Plan, _dot_names, planned
from macros.series.fields import Field
from macros.series.formatting import UNIT_SCALE

# Channels are given as objects (alt.X(...)), never as bare strings: Altair turns a string into a
# channel through from_dict, which indexes its whole schema each time (milliseconds a channel).
LINE_PADDING = 12  # px between a line chart's first and last points and its plot's edges
# How much bigger than the page's the picture's type is (a link-preview card sets 1.5): the room kept
# for labels beside marks grows with it. A parameter of the spec, so one spec serves every picture.
TEXT_SCALE = "ts_text_scale"
MIN_PLOT = 0.5  # of the width: what the marks keep however long the labels beside them (cut sooner past it)


def _plot_end(room: int) -> str:
    """The x where a plot's marks end: `room` px (scaled with the type) short of its right edge."""
    return f"max(width * {MIN_PLOT}, width - {room} * {TEXT_SCALE})"


def _beside(room: int, dx: int) -> dict:
    """A label's `limit` beside a mark that ends at most at `_plot_end`: it never runs past the chart's edge."""
    return {"expr": f"min({LABEL_LIMIT} * {TEXT_SCALE}, max(0, width - ({_plot_end(room)}) - {dx} - 2))"}


def _is_country(name: str | None) -> bool:
    return name in ("country", "country_group")


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


def build(rows: pd.DataFrame, decl: ChartDecl, labels: dict[str, str], narrow: bool = False) -> alt.LayerChart:
    """The chart for `decl` over `rows` (from `select`); `labels` names country groups.

    `narrow` is the phone version: short country names and shorter category
    labels, so the marks keep room on a 360 px screen.
    """
    labels, plan = planned(rows, decl, labels, narrow)
    return from_plan(plan, decl, labels, narrow)


def from_plan(plan: Plan, decl: ChartDecl, labels: dict[str, str], narrow: bool) -> alt.LayerChart:
    chart = _CHARTS[decl.mark](plan, decl, labels, narrow).properties(width="container", height=plan.shape["height"])
    return chart.add_params(alt.param(name=TEXT_SCALE, value=1))


def _x_axis(f: Field, ticks: tuple | None, padding: int | None = None, room: int | None = None):
    """Dates in UTC (a reader in another time zone sees the same day); one tick per
    period when there are few, so weekly ticks fall on the Mondays the data uses.
    Dates too close to read apart lose every other label. `padding` (px) keeps the
    first and last points off the axes; `room` (px) is kept free at the right for labels."""
    end = {"rangeMax": {"expr": _plot_end(room)}} if room else {}
    if f.type != "temporal":
        return alt.X(f"{f.name}:{_vl_type(f)}", title=f.header, scale=alt.Scale(**end) if end else alt.Undefined)
    values = tick_values(ticks) if ticks is not None else alt.Undefined
    axis = alt.Axis(format="%-d %b", labelAngle=0, labelOverlap=True, labelSeparation=6, values=values)
    scale = alt.Scale(type="utc", padding=padding, **end) if padding else alt.Scale(type="utc", **end)
    return alt.X(f"{f.name}:T", title=None, scale=scale, axis=axis)


def tick_values(ticks: tuple) -> list[dict]:
    """The dates to tick ("2026-03-02", ...) as the spec gives them: UTC days."""
    return [{"year": int(d[:4]), "month": int(d[5:7]), "date": int(d[8:10]), "utc": True} for d in ticks]


def _quantity_axis(f: Field, across: bool = False) -> alt.Axis:
    """Axis labels formatted as the prose formats the quantity (8T, 910B, $5). Across the chart
    (`across`), as many ticks as the width reads apart ("8.5T9T" never), whatever the screen."""
    spacing = {"tickCount": {"expr": "max(2, floor(width / 90))"}, "labelSeparation": 8, "labelOverlap": True} if across else {}
    if f.unit in UNIT_SCALE:
        scale = UNIT_SCALE[f.unit]
        value = "datum.value" if scale == 1 else f"datum.value * {scale:.0e}"
        return alt.Axis(grid=True, labelExpr=f"replace(format({value}, '.2~s'), 'G', 'B')", **spacing)
    if f.unit == "USD per million tokens":
        return alt.Axis(grid=True, labelExpr="'$' + format(datum.value, '~r')", **spacing)
    return alt.Axis(grid=True, **spacing)


def _vl_type(f: Field) -> str:
    return {"quantitative": "Q", "temporal": "T", "ordinal": "O"}.get(f.type, "N")


def _line(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """Lines through full periods; a partial period (an unfinished week) is a
    hollow point off the line, as OpenRouter greys out the week in progress."""
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    data = plan.frames["data"]
    base = alt.Chart(data).encode(
        x=_x_axis(fx, plan.shape["ticks"], padding=LINE_PADDING, room=plan.shape.get("room")),
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
        layers.append(_end_labels(plan.frames["ends"], decl, labels, plan.shape["room"]))
    return alt.layer(*layers)


def _end_labels(ends: pd.DataFrame, decl: ChartDecl, labels, room: int) -> alt.Chart:
    """The series name and last value at the end of each line: no legend to decode."""
    return alt.Chart(ends).mark_text(align="left", dx=END_DX, fontWeight="bold", limit=_beside(room, END_DX)).encode(
        x=alt.X(f"{decl.x}:{_vl_type(decl.field(decl.x))}"),
        y=alt.Y(f"{decl.y}:Q"),
        text=alt.Text(f"{MARK_TEXT}:N"),
        color=_color(decl, labels),
    )


def _area(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """Stacked areas, each named at its right end (no legend to decode); partial
    periods are left out, since a stacked partial week would read as a full one."""
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    data = plan.frames["data"]
    color = _color(decl, labels)
    area = alt.Chart(data).mark_area(opacity=0.85, line=True).encode(
        x=_x_axis(fx, plan.shape["ticks"], room=plan.shape.get("room")),
        y=alt.Y(f"{decl.y}:Q", title=fy.header, stack=True),
        color=color,
        order=alt.Order(f"{decl.color}:N") if decl.color else alt.Undefined,
        tooltip=_tooltips(decl, data),
    )
    if "ends" not in plan.frames:
        return alt.layer(area)
    text = alt.Chart(plan.frames["ends"]).mark_text(
        align="left", dx=END_DX, fontWeight="bold", limit=_beside(plan.shape["room"], END_DX)).encode(
        x=alt.X(f"{decl.x}:{_vl_type(fx)}"), y=alt.Y("__middle:Q"), text=alt.Text(f"{MARK_TEXT}:N"), color=color,
    )
    return alt.layer(area, text)


def _bar(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """Horizontal bars (category on y), in the order of the data, each labelled with its value.
    Rows are named on as many lines as they need (plan.ROW); the value labels have their room
    inside the plot at any width."""
    fx = decl.field(decl.x)
    data, order, room = plan.frames["data"], plan.shape["order"], plan.shape["room"]
    y = alt.Y(f"{ROW}:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=ROW_LIMIT[narrow], labelExpr="split(datum.label, '\\n')"))
    x = alt.X(f"{decl.x}:Q", title=fx.header, scale=alt.Scale(rangeMax={"expr": _plot_end(room)}), axis=_quantity_axis(fx, across=True))
    base = alt.Chart(data).encode(y=y, x=x, color=_color(decl, labels), tooltip=_tooltips(decl))
    if LINK in data.columns:  # a bar opens its lab's or model's page (relative to the site's root: tokenshare.js)
        base = base.encode(href=alt.Href(f"{LINK}:N"))
    label = alt.Chart(data).mark_text(align="left", dx=BAR_DX, limit=_beside(room, BAR_DX)).encode(
        y=alt.Y(f"{ROW}:N", sort=order, title=None),
        x=alt.X(f"{decl.x}:Q"),
        text=alt.Text(f"{MARK_TEXT}:N"),
    )
    return alt.layer(base.mark_bar(), label)


def _point(plan: Plan, decl: ChartDecl, labels, narrow: bool = False) -> alt.LayerChart:
    """A dot plot. With a category on y, dots of one row are joined (a dumbbell) to
    show the gap; with numbers on both axes, a scatter. Dots are named in text
    when a name is given in the tooltip and there are few enough to read."""
    fx, fy = decl.field(decl.x), decl.field(decl.y)
    data, order = plan.frames["data"], plan.shape["order"]
    x_scale = alt.Scale(zero=False, padding=plan.shape["label_room"]) if "label_room" in plan.shape else alt.Scale(zero=False)
    x_enc = alt.X(f"{decl.x}:Q", title=fx.header, scale=x_scale, axis=_quantity_axis(fx, across=True))
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
            x=alt.X(f"min({decl.x}):Q", title=fx.header, scale=x_scale, axis=_quantity_axis(fx, across=True)),
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


# mark -> its Altair chart from the plan (plan._PLANS: its plan from the rows)
_CHARTS = {"line": _line, "area": _area, "bar": _bar, "point": _point}


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec as the site stores it (light palette in `config`)."""
    # Altair checks a spec against the Vega-Lite schema, which costs more than building it;
    # tests/test_charts.py checks every chart of the catalogue against the schema instead.
    spec = chart.to_dict(validate=False)
    spec["config"] = theme.config("light")
    return spec
