"""A chart's declaration and the rows it shows: what every chart, named or declared in Markdown, is.

Pandas only (no Altair), so whatever checks or lists declarations (the
declared charts, the macro reference, alt text) can use them without the cost
of Altair. `select` picks a view's rows for a chart; `prepare` turns them into
the table the chart embeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field

import pandas as pd

from macros.series.fields import Field, field

MARKS = ("line", "area", "bar", "point")


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


LINK = "ts_link"  # a bar's page on the site, from its root (see figure.ChartRenderer._with_links)


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
