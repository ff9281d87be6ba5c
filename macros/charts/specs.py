"""A chart's Vega-Lite spec without Altair, for a chart shape seen before.

Altair is what a chart costs once its rows are known (building the chart
objects and `to_dict`: half of a `make serve` rebuild after a data edit). A
spec is its shape plus its tables: `spec` keeps each shape's spec with the
tables' names replaced by their roles, and for a chart of a known shape puts
the new tables in under the names Altair would give them. The result is the
dict `builders.to_spec(builders.build(...))` gives (tests/test_charts.py holds the
two equal); the shape key is everything of the declaration a spec shows, the
country labels, phone or not, the plan's shape values, and each table's
columns and types.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from altair.vegalite.v6.api import _dataset_name  # Altair's own table names (Altair is pinned)

from macros.core import cache
from macros.core import memo
from macros.charts import builders
from macros.charts.decl import ChartDecl
from macros.charts.plan import Plan, planned

_SHAPES: dict[str, dict] = memo.table("chart shapes")  # shape key -> the spec with each table's name replaced by its role
_MAX_SHAPES = 1000
_ROLE = "__tokenshare_role:"  # stands for a table's name in a kept shape (no dataset is named so)
# What of a declaration reaches the spec (titles, filters and sorting reach it through the rows)
_SPEC_FIELDS = ("mark", "x", "y", "color", "label", "tooltip", "height", "fields")


def spec(rows: pd.DataFrame, decl: ChartDecl, labels: dict[str, str], narrow: bool = False) -> dict:
    """`to_spec(build(rows, decl, labels, narrow))`, the same dict; Altair runs only for a shape
    not seen before in this process (tests/test_charts.py holds the two equal)."""
    labels, plan = planned(rows, decl, labels, narrow)
    tables = {role: _table(frame) for role, frame in plan.frames.items()}
    key = cache.digest({f: getattr(decl, f) for f in _SPEC_FIELDS}, labels, narrow, plan.shape,
                       {role: [(c, str(t)) for c, t in frame.dtypes.items()] for role, frame in plan.frames.items()})
    shape = _SHAPES.get(key)
    if shape is None:
        shape = _new_shape(plan, decl, labels, narrow)
    if shape is None:  # the stand-ins not told apart: Altair over the whole tables
        made = builders.to_spec(builders.from_plan(plan, decl, labels, narrow))
        shape = _shape_of(made, {role: name for role, (name, _) in tables.items()})
        if shape is None:
            return made
    if key not in _SHAPES:
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()
        _SHAPES[key] = shape
    names = {_ROLE + role: name for role, (name, _) in tables.items()}
    out = _renamed(shape, names)
    out["datasets"] = {name: values for name, values in tables.values()}
    return out


def _new_shape(plan: Plan, decl: ChartDecl, labels: dict[str, str], narrow: bool) -> dict | None:
    """The shape of a plan, built by Altair over each table's first rows only: a chart's spec takes
    nothing from its tables but their columns (the plan's `shape` holds what rows shape), and Altair
    copies a chart's tables whole at each layer and parameter, most of a cold build's Altair time."""
    # a table of one row, the next of two, ...: tables alike in their first rows still get apart names
    stand_ins = Plan({role: frame.head(i + 1) for i, (role, frame) in enumerate(plan.frames.items())}, plan.shape)
    made = builders.to_spec(builders.from_plan(stand_ins, decl, labels, narrow))
    return _shape_of(made, {role: _table(frame)[0] for role, frame in stand_ins.frames.items()})


def _table(frame: pd.DataFrame) -> tuple[str, list]:
    """A table as Altair embeds it: its values and its name (a hash of them)."""
    values = _records(frame)
    if values is None:
        values = alt.data_transformers.get()(frame)["values"]
    return _dataset_name(values), values


def _records(frame: pd.DataFrame) -> list[dict] | None:
    """The rows as Altair's data transformer gives them (missing numbers and text as None), for the
    column types charts embed, a column at a time; None for any other type (Altair then does it)."""
    names = list(frame.columns)
    if not names or not all(isinstance(n, str) for n in names):
        return None
    columns = []
    for name, dtype in frame.dtypes.items():
        col = frame[name]
        if dtype == object or isinstance(dtype, pd.StringDtype):
            values, missing = col.tolist(), col.isna().tolist()
            if any(isinstance(v, np.ndarray) for v in values):
                return None
        elif dtype.kind == "f":
            values, missing = col.tolist(), (~np.isfinite(col.to_numpy())).tolist()
        elif dtype.kind in "iub":
            if col.hasnans:  # a nullable column's <NA>: Altair's own conversion
                return None
            values, missing = col.tolist(), None
        else:
            return None
        columns.append([None if m else v for v, m in zip(values, missing)] if missing and any(missing) else values)
    return [dict(zip(names, row)) for row in zip(*columns)]


def _shape_of(made: dict, names: dict[str, str]) -> dict | None:
    """`made` without its tables, each reference to one naming its role instead; None when
    that cannot be told apart (two roles with the same rows share one table)."""
    if len(set(names.values())) != len(names) or set(made.get("datasets", {})) != set(names.values()):
        return None
    roles = {name: _ROLE + role for role, name in names.items()}
    shape = _renamed({k: v for k, v in made.items() if k != "datasets"}, roles)
    text = repr(shape)
    return None if any(name in text for name in names.values()) else shape


def _renamed(node, names: dict[str, str]):
    """A copy of a spec with `{"data": {"name": a}}` references renamed by `names`."""
    if isinstance(node, dict):
        out = {k: _renamed(v, names) for k, v in node.items()}
        data = node.get("data")
        if isinstance(data, dict) and data.get("name") in names:
            out["data"] = {**data, "name": names[data["name"]]}
        return out
    if isinstance(node, list):
        return [_renamed(v, names) for v in node]
    return node
