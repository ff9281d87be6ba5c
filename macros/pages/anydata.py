"""Any dataset of data/ in a table or a number: `table(dataset=...)` and `figure("value", dataset=...)`.

Both read the dataset's validated rows as `chart(dataset=...)` does (with each row's
lab and country when it names an author), keep rows with the same `filter=` mapping
(charts/declarations.check_filter), and take titles, units and decimals from the
sidecar. Every name is checked against the dataset's real columns and values, so a
typo is reported with the closest choice, as for the named tables and kinds.
"""

from __future__ import annotations

import pandas as pd

from macros.charts.declarations import apply_filter, check_filter
from macros.core import cache
from macros.core.registry import REGISTRY, Entry
from macros.core.errors import MacroError, unknown
from macros.core.safe import md_inline
from macros.core.params import REQUIRED, Anything, Choice, Param, Text, Texts, positive
from macros.data.catalog import Catalog
from macros.data.sidecar import DatasetMeta
from macros.pages import names
from macros.pages.kinds import Figure, kind
from macros.publish.htmltable import html_table
from macros.series import formatting as fmt
from macros.series import views
from macros.series.fields import Field, field, from_column


def known_dataset(cat: Catalog, name) -> str:
    if not isinstance(name, str) or not cat.has(name):
        raise unknown("dataset", name, cat.names, argument="dataset")
    return name


DATASET_DOC = "a dataset of data/: its file name without .csv (the data page lists them)"
FILTER = Param("filter", Anything("a mapping of column to value(s)"), None,
               "rows kept: {column: value or [values]}, as in chart(); a lab by its slug, a country by its name")

# The keywords of `table(dataset=...)`, shown in the macro reference beside the named tables.
TABLE_PARAMS = (
    Param("dataset", Text(lookup=known_dataset), None, DATASET_DOC + "; instead of a named table"),
    Param("columns", Texts(), None, "the columns shown, in order: a list or \"a,b,c\" (by default the sidecar's, "
          "but source)"),
    FILTER,
    Param("sort", Text(), None, "the column to sort by, \"-column\" for largest first (by default the file's order)"),
    Param("limit", positive(), None, "only the first rows, after sorting"),
)


DATASET_TABLE = Entry("table", "dataset", "a dataset's rows", TABLE_PARAMS, label="table(dataset=...)")


def dataset_table(cat: Catalog, name, linker, params: dict) -> str:
    """`table(dataset=...)` checked (the keywords above, with did-you-mean), reused while the dataset is unchanged."""
    if name is not None:
        raise MacroError("table() takes a named table or dataset=, not both.", argument="dataset")
    if params.get("dataset") is None:
        raise MacroError("table() needs a named table or dataset=.", argument="name",
                         choices=[*REGISTRY.names("table"), *(f"dataset={d}" for d in cat.names)])
    given = DATASET_TABLE.check(params, cat)
    return cache.derived(cat, table, (), {**given, "linker": linker})


def rows(cat: Catalog, dataset: str, filter) -> tuple[pd.DataFrame, dict[str, Field]]:
    """A dataset's rows kept by `filter` and the fields of every column (the sidecar's, then the joined
    lab and country)."""
    known_dataset(cat, dataset)
    frame = views.dataset_rows(cat, dataset).frame
    fields = {c: field(c) for c in frame.columns}
    fields.update({c.name: from_column(c) for c in cat.meta(dataset).columns})
    frame = apply_filter(frame, check_filter(frame, filter or {}))
    if frame.empty:
        raise MacroError(f"filter {filter!r} matches no rows of {dataset} together.", argument="filter")
    return frame, fields


def _columns(value) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) else list(value)


def table(cat: Catalog, dataset, columns, filter, sort, limit, linker=None) -> str:
    """A dataset's rows as a sortable table: its columns (or those given) with the sidecar's titles and
    units; lab and model slugs read as names linked to their pages."""
    frame, fields = rows(cat, dataset, filter)
    meta: DatasetMeta = cat.meta(dataset)
    shown = _columns(columns) if columns is not None else [c.name for c in meta.columns if c.name != "source"]
    if not shown:
        raise MacroError("columns= names no column.", argument="columns", choices=frame.columns)
    for column in shown:
        if column not in frame.columns:
            raise unknown(f"column of {dataset}", column, frame.columns, argument="columns")
    if sort is not None:
        key = sort.lstrip("-")
        if key not in frame.columns:
            raise unknown("column to sort by", sort, [*frame.columns, *(f"-{c}" for c in frame.columns)], argument="sort")
        frame = frame.sort_values(key, ascending=not sort.startswith("-"), kind="stable", na_position="last")
    if limit is not None:
        frame = frame.head(limit)
    frame, links = names.readable(cat, frame, shown, linker, dataset)
    return html_table(_labelled(frame, meta, shown), shown, fields=fields, links=links)


def _labelled(frame: pd.DataFrame, meta: DatasetMeta, shown: list[str]) -> pd.DataFrame:
    """A column of coded values (the sidecar's `enum`) shows their labels: "Americas", not "amer"."""
    coded = {c.name: c for c in meta.columns if c.enum and c.name in shown and any(k != v for k, v in c.enum.items())}
    if not coded:
        return frame
    return frame.assign(**{name: frame[name].map(lambda v, c=c: c.label(v) if isinstance(v, str) else v)
                           for name, c in coded.items()})


AGGS = ("sum", "mean", "median", "min", "max", "count", "first", "last")
NUMERIC_AGGS = ("sum", "mean", "median", "min", "max")


@kind(
    Param("dataset", Text(lookup=known_dataset), REQUIRED, DATASET_DOC),
    Param("column", Text(), None, "the column whose values are combined (not needed to count rows)"),
    FILTER,
    Param("agg", Choice("aggregation", AGGS), "sum",
          "how the kept rows' values become one: " + ", ".join(f'"{a}"' for a in AGGS)
          + "; \"first\" and \"last\" by the dataset's date column (the file's order if it has none)"),
    examples=(
        'The dearest Chinese model lists output at {{ figure("value", dataset="model_prices", column="output_usd_per_mtok", '
        'filter={"country": "China"}, agg="max") }} per million tokens.',
        'The prices table lists {{ figure("value", dataset="model_prices", agg="count") }} models.',
    ),
)
def fig_value(cat: Catalog, dataset, column, filter, agg) -> Figure:
    """A number from any dataset: one column of its rows (kept by filter=) summed, averaged, counted, or
    its first or last value, with the sidecar's unit and decimals."""
    frame, fields = rows(cat, dataset, filter)
    if agg == "count":
        count = len(frame) if column is None else int(_column(frame, dataset, column).notna().sum())
        return Figure(count, fmt.number(count))
    if column is None:
        raise MacroError(f"figure('value') needs column= to take the {agg}.", argument="column", choices=frame.columns)
    values = _column(frame, dataset, column)
    f = fields[column]
    if not f.numeric:
        holds = {"temporal": "dates"}.get(f.type, "text")
        raise MacroError(f"column {column!r} of {dataset} holds {holds}, not numbers: agg={agg!r} needs numbers "
                         "(agg=\"count\" counts rows).", argument="agg")
    if agg in NUMERIC_AGGS:
        values = values.dropna()
        if values.empty:
            raise MacroError(f"column {column!r} of {dataset} has no value in the rows kept.", argument="column")
        return _figure(float(getattr(values, agg)()), f, "")
    value, when = _end(cat, frame, dataset, column, agg)
    return _figure(value, f, when)


def _column(frame: pd.DataFrame, dataset: str, column: str) -> pd.Series:
    if column not in frame.columns:
        raise unknown(f"column of {dataset}", column, frame.columns, argument="column")
    return frame[column]


def _end(cat: Catalog, frame: pd.DataFrame, dataset: str, column: str, agg: str) -> tuple[float, str]:
    """The first or last value of `column`, by the dataset's first date column (the file's order without
    one); several rows on that date are the editor's to narrow with filter=."""
    dates = [c.name for c in cat.meta(dataset).columns if c.type in ("date", "datetime")]
    frame = frame.dropna(subset=[column])
    if frame.empty:
        raise MacroError(f"column {column!r} of {dataset} has no value in the rows kept.", argument="column")
    if not dates:
        return float(frame[column].iloc[0 if agg == "first" else -1]), ""
    date = frame[dates[0]]
    pick = date.min() if agg == "first" else date.max()
    chosen = frame[date == pick]
    when = "on " + pd.Timestamp(pick).strftime("%-d %b %Y")
    if len(chosen) > 1:
        raise MacroError(f"agg={agg!r} finds {len(chosen)} rows of {dataset} {when} ({dates[0]}); keep one with filter=.",
                         argument="filter", choices=[c for c in frame.columns if c != column])
    return float(chosen[column].iloc[0]), when


def _figure(value: float, f: Field, period: str) -> Figure:
    """The value as the column's field writes it; a unit no format spells ("people") follows the number."""
    text = f.text(value)
    if f.unit and f.unit != "percent" and f.unit not in fmt.UNIT_SCALE and f.unit != "USD per million tokens":
        text = f"{text} {f.unit}"
    return Figure(value, md_inline(text), period)
